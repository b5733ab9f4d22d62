"""The one way site_builder makes a Jinja2 environment: templates from the package, every value
HTML-escaped unless a filter says otherwise, undefined names an error, blocks trimmed."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def package_environment(folder: str, keep_trailing_newline: bool = False) -> Environment:
    return Environment(
        loader=PackageLoader("site_builder", folder),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
        trim_blocks=True,
        lstrip_blocks=True,
    )
