"""The mkdocs configuration, made by mlgov: a base that gives the site its shape (Material, the
offline and search plugins, the navigation, the folders) from `[tool.mlgov]`, with the
repository's own `mkdocs.yml`, when there is one, merged in as an override.

The override may set how the site looks and what it is called; it may not change what makes
the site work, or run code: a pull request can edit mkdocs.yml, and mkdocs runs the `hooks`
and `plugins` a configuration names. So its keys are checked against a short list, unknown or
refused keys are errors with their place in the file, and the YAML is read by mlgov's strict
loader (no tags, no duplicate keys). The merged configuration is written to
`build/mkdocs.yml`, which mkdocs (and `mlgov serve`) read."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from governance.findings import MlgovError
from governance.source import Document, load_path

OVERRIDE_FILE = "mkdocs.yml"
GENERATED_FILE = "mkdocs.yml"  # inside the build folder

BASE: dict[str, Any] = {
    "use_directory_urls": False,
    "theme": {
        "name": "material",
        "font": False,  # system fonts: no fonts.googleapis.com
        "palette": [
            {
                "media": "(prefers-color-scheme: light)",
                "scheme": "default",
                "primary": "indigo",
                "toggle": {"icon": "material/brightness-4", "name": "Switch to dark mode"},
            },
            {
                "media": "(prefers-color-scheme: dark)",
                "scheme": "slate",
                "primary": "indigo",
                "toggle": {"icon": "material/brightness-7", "name": "Switch to light mode"},
            },
        ],
        "features": ["navigation.top", "search.highlight", "content.code.copy"],
    },
    "plugins": ["search", "tags", "offline"],
    "extra": {
        "generator": False,  # no "Made with Material" link to an outside site
        # The offline plugin otherwise adds https://unpkg.com/iframe-worker/shim; the shim
        # ships inside mlgov (site_builder/static/vendor).
        "polyfills": ["assets/vendor/iframe-worker-shim.js"],
    },
    "extra_css": ["assets/mlgov.css"],
    "extra_javascript": [
        "assets/vendor/tablesort.min.js",
        "assets/vendor/tablesort.number.min.js",
        "assets/mlgov.js",
    ],
    "markdown_extensions": [
        "tables",
        "admonition",
        "attr_list",
        {"toc": {"permalink": True}},
        {"pymdownx.highlight": {"anchor_linenums": False}},
        "pymdownx.superfences",
        "pymdownx.details",
    ],
    "nav": [
        {"Dashboard": "index.md"},
        {
            "Models": [
                {"By team": "models-by-team.md"},
                {"By risk": "models-by-risk.md"},
                {"By card status": "models-by-status.md"},
                {"By tag": "tags.md"},
            ]
        },
        {"Personas": "personas/index.md"},
        {"Lint report": "lint.md"},
    ],
    # One page per persona and per model is linked from the overview pages, not listed in the
    # navigation: an auto-nav with every page in it makes builds quadratic.
    "not_in_nav": "/personas/*.md\n/models/\n",
}

# What an override may set. Values replace the base's, but for `theme` and `extra`, which merge
# key by key, and `markdown_extensions`, which add to the base's list.
TEXT_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
)
THEME_KEYS = ("palette", "features", "language", "icon", "favicon", "logo")
# Extensions of Python-Markdown and pymdown-extensions that only change how text renders.
EXTENSIONS = (
    "abbr",
    "def_list",
    "footnotes",
    "md_in_html",
    "meta",
    "sane_lists",
    "smarty",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.smartsymbols",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
)
REFUSED = {
    "docs_dir": "mlgov writes the pages into build/docs",
    "site_dir": "pass --out to `mlgov build`",
    "use_directory_urls": "the site must work from file://",
    "nav": "mlgov makes the navigation from the data",
    "not_in_nav": "mlgov makes the navigation from the data",
    "plugins": "plugins run code, and the site's plugins are fixed",
    "hooks": "hooks run code from the repository",
    "extra_javascript": "the site's scripts ship inside mlgov",
    "extra_css": "the site's styles ship inside mlgov",
    "strict": "mlgov builds strictly",
}


@dataclass(frozen=True)
class SiteConfig:
    data: dict[str, Any]
    override: str  # the override file's path relative to the root, "" when there is none


def site_config(root: Path, site_name: str) -> SiteConfig:
    """The base with `[tool.mlgov]`'s values, then the repository's mkdocs.yml on top. The
    folders are not in it: mkdocs is given them when it runs."""
    data = copy.deepcopy(BASE)
    data["site_name"] = site_name
    path = root / OVERRIDE_FILE
    if path.is_file():
        _merge(data, _override(load_path(path, OVERRIDE_FILE)))
    return SiteConfig(data, OVERRIDE_FILE if path.is_file() else "")


def write_site_config(config: SiteConfig, build_dir: Path) -> Path:
    """The merged configuration as mkdocs reads it; rewritten only when it changed, so that
    `mlgov serve`'s watcher does not rebuild for nothing."""
    target = build_dir / GENERATED_FILE
    text = "# Made by mlgov from [tool.mlgov] and mkdocs.yml; rewritten on every build.\n"
    text += yaml.safe_dump(config.data, sort_keys=False, allow_unicode=True)
    if not target.is_file() or target.read_text("utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return target


def _override(doc: Document) -> dict[str, Any]:
    errors = list(doc.findings)
    if errors or doc.data is None:
        first = errors[0] if errors else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else ""
        raise MlgovError(f"{where or doc.path + ': not readable'}; the site is not built")
    for key in doc.data:
        _check_key(doc, key)
    return doc.data


def _check_key(doc: Document, key: str) -> None:
    if key in TEXT_KEYS:
        if not isinstance(doc.data[key], str):  # type: ignore[index]
            _refuse(doc, (key,), f"'{key}' must be text")
        return
    if key == "theme":
        _check_theme(doc)
    elif key == "extra":
        _check_mapping(doc, "extra", refused=("polyfills", "generator"))
    elif key == "markdown_extensions":
        _check_extensions(doc)
    elif key in REFUSED:
        _refuse(doc, (key,), f"'{key}' cannot be set in mkdocs.yml: {REFUSED[key]}")
    else:
        allowed = ", ".join((*TEXT_KEYS, "theme", "extra", "markdown_extensions"))
        _refuse(doc, (key,), f"unknown or unsupported key '{key}' (allowed: {allowed})")


def _check_theme(doc: Document) -> None:
    theme = _check_mapping(doc, "theme")
    for key, value in theme.items():
        if key == "name" and value == "material":
            continue
        if key not in THEME_KEYS:
            allowed = ", ".join(THEME_KEYS)
            message = f"theme key '{key}' cannot be set (allowed: {allowed}; the theme is Material)"
            _refuse(doc, ("theme", key), message)


def _check_mapping(doc: Document, key: str, refused: tuple[str, ...] = ()) -> dict[str, Any]:
    value = (doc.data or {})[key]
    if not isinstance(value, dict):
        _refuse(doc, (key,), f"'{key}' must be a mapping")
    for inner in value:
        if inner in refused:
            _refuse(doc, (key, inner), f"'{key}.{inner}' is set by mlgov and cannot be changed")
    return value


def _check_extensions(doc: Document) -> None:
    listed = (doc.data or {})["markdown_extensions"]
    if not isinstance(listed, list):
        _refuse(doc, ("markdown_extensions",), "'markdown_extensions' must be a list")
    for index, item in enumerate(listed):
        name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else item
        if name not in EXTENSIONS:
            _refuse(
                doc,
                ("markdown_extensions", index),
                f"markdown extension '{name}' is not one mlgov allows "
                f"(allowed: {', '.join(EXTENSIONS)})",
            )


def _refuse(doc: Document, path: tuple[str | int, ...], message: str) -> None:
    pos = doc.key_position(path) if isinstance(path[-1], str) else doc.position(path)
    raise MlgovError(f"{doc.path}:{pos.line}:{pos.column}: {message}; the site is not built")


def _merge(data: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if key in ("theme", "extra"):
            data[key] = {**data[key], **value}
            if key == "theme" and "features" in value:
                base = BASE["theme"]["features"]
                data[key]["features"] = [*base, *(f for f in value["features"] if f not in base)]
        elif key == "markdown_extensions":
            data[key] = [*data[key], *value]
        else:
            data[key] = value
