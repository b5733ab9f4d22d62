"""Builds plain data from the YAML parser's event stream.

Working from events rather than yaml.load() or compose() means no Python object is ever
constructed from a tag, aliases are counted as they are expanded, and nesting depth is checked
before anything recursive could run (pyyaml's composer is recursive).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import yaml

from governance.codes import SRC003, SRC006, SRC007, SRC008, SRC011
from governance.findings import Code, Finding
from governance.source.document import Span
from governance.source.limits import MAX_ALIASES, MAX_NODES
from governance.source.text import YAML_BREAKS, LineIndex
from governance.source.tree import TreeBuilder
from governance.source.yaml_errors import syntax_finding
from governance.source.yaml_scalars import (
    SCALAR_TAGS,
    TAG_PREFIX,
    YAML11_BOOLS,
    resolve_plain,
    resolve_tagged,
)
from governance.source.yaml_tabs import Spot

# libyaml when available: faster, and it parses the same events.
PARSER: type = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_ALLOWED_TAGS = ", ".join(f"!!{t}" for t in (*sorted(SCALAR_TAGS), "map", "seq"))
_KNOWN_TAGS = {f"!!{t}" for t in (*SCALAR_TAGS, "map", "seq")}


@dataclass(slots=True)
class _Anchor:
    value: Any
    size: int
    text: str | None  # a scalar's text, usable as a key


@dataclass
class YamlBuild:
    tree: TreeBuilder
    failed: bool = False  # stopped early: the data is unusable
    empty: bool = True  # no document, or one holding nothing
    multiline: list[tuple[Spot, Spot]] = field(default_factory=list)  # multi-line scalar spans


def build_yaml(text: str, display: str) -> YamlBuild:
    builder = _Builder(YamlBuild(TreeBuilder(display)))
    parser = PARSER(text)
    try:
        builder.run(parser.get_event)
    except yaml.YAMLError as error:
        builder.out.tree.findings.append(_error_finding(error, text, display))
        builder.out.failed = True
    finally:
        parser.dispose()
    return builder.out


def _error_finding(error: yaml.YAMLError, text: str, display: str) -> Finding:
    """SRC003, unless it is libyaml's own nesting limit (SRC008 at our limit, then)."""
    mark = getattr(error, "problem_mark", None)
    if mark is None or "maximum nesting depth" not in str(getattr(error, "problem", "")):
        return syntax_finding(error, text, display)
    # libyaml looks ahead over a whole flow collection, so it hits its limit (1000) before
    # we see the events for level 65; without the text past its limit, we do.
    cut = LineIndex(text, YAML_BREAKS).offset(mark.line + 1, mark.column + 1)
    retry = build_yaml(text[:cut], display).tree.findings
    deep = [f for f in retry if f.rule == SRC008.id]
    return deep[0] if deep else syntax_finding(error, text, display)


def _span(event: yaml.Event) -> Span:
    return (*_place(event.start_mark), *_place(event.end_mark))


def _place(mark: Any) -> tuple[int, int]:
    """1-based line and column; the parser marks every event, the types do not say so."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG_PREFIX) if tag.startswith(TAG_PREFIX) else tag


class _Builder:
    def __init__(self, out: YamlBuild) -> None:
        self.out = out
        self.tree = out.tree
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: list[str | None] = []  # one per open collection
        self.aliases = 0
        self.documents = 0

    def run(self, next_event: Any) -> None:
        """Consume events until the stream ends or building stops (an if-chain: hot loop)."""
        going = True
        while going:
            event = next_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                going = self._scalar(event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                going = self._end(event)
            elif kind is yaml.MappingStartEvent:
                going = self._open(event, {}, "map", "a mapping")
            elif kind is yaml.SequenceStartEvent:
                going = self._open(event, [], "seq", "a list")
            elif kind is yaml.AliasEvent:
                going = self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                going = self._document(event)
            else:
                going = kind is not yaml.StreamEndEvent

    def _stop(self, code: Code, event: yaml.Event, message: str, hint: str) -> bool:
        self.tree.report(code, _span(event), message, hint, self.tree.next_path())
        self.out.failed = True
        return False

    def _document(self, event: yaml.DocumentStartEvent) -> bool:
        self.documents += 1
        if self.documents == 1:
            return True
        message = "the file holds more than one YAML document"
        return self._stop(SRC003, event, message, "keep one document: remove the extra '---'")

    def _scalar(self, event: yaml.ScalarEvent) -> bool:
        span = _span(event)
        text = event.value
        if span[0] != span[2]:
            self.out.multiline.append((span[:2], span[2:]))
        plain = event.tag is None and not event.style  # libyaml says '' for plain, pyyaml None
        if not self.tree.depth:
            self.out.empty = plain and text == ""
        if not plain:
            value = self._tagged(event) if event.tag is not None else text
        elif text in YAML11_BOOLS or text == "<<":
            return self._unusual_plain(event, span)
        else:
            value = resolve_plain(text)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, 1, text)
        self.tree.add(value, span, text)
        return self.tree.count <= MAX_NODES or self._too_many(event)

    def _unusual_plain(self, event: yaml.ScalarEvent, span: Span) -> bool:
        """Plain scalars that need a look at the context: merge key, YAML 1.1 boolean."""
        text, tree = event.value, self.tree
        if text == "<<" and tree.expecting_key():
            hint = "write the keys of the merged mapping out in this one"
            tree.reject_key(span, "merge keys (<<) are not supported; write the keys out", hint)
            return True
        if text in YAML11_BOOLS and not tree.expecting_key():
            self._warn_yaml11(text, span)
        value = resolve_plain(text)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, 1, text)
        tree.add(value, span, text)
        return True

    def _warn_yaml11(self, text: str, span: Span) -> None:
        word = str(YAML11_BOOLS[text]).lower()
        message = (
            f"YAML 1.1 tools read '{text}' as a boolean; "
            f"quote it ('{text}') if you mean the text, or write {word}"
        )
        hint = "mlgov reads it as text, as YAML 1.2 does"
        self.tree.report(SRC011, span, message, hint, self.tree.next_path())

    def _tagged(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag or ""
        name = tag.removeprefix(TAG_PREFIX) if tag.startswith(TAG_PREFIX) else None
        if name not in SCALAR_TAGS:
            self._bad_tag(event, "a single value")
            return event.value
        value, fits = resolve_tagged(name, event.value)
        if not fits:
            message = f"'{event.value}' is not a valid !!{name} value"
            self.tree.report(SRC006, _span(event), message, "fix the value, or drop the tag")
            return event.value
        return value

    def _bad_tag(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, what: str) -> None:
        tag = _show_tag(event.tag or "")
        if tag in _KNOWN_TAGS:
            message = f"the tag {tag} does not fit {what}"
        else:
            message = f"the tag {tag} is not supported; mlgov reads plain data only"
        hint = f"remove the tag; the allowed tags are {_ALLOWED_TAGS}"
        self.tree.report(SRC006, _span(event), message, hint, self.tree.next_path())

    def _alias(self, event: yaml.AliasEvent) -> bool:
        name = event.anchor or ""
        if name in self.open_anchors:
            message = f"the alias *{name} refers to a node that contains it (a recursive alias)"
            return self._stop(SRC007, event, message, "remove the alias")
        anchor = self.anchors.get(name)
        if anchor is None:
            message = f"the alias *{name} refers to no anchor &{name} before it"
            return self._stop(SRC003, event, message, f"define &{name} first, or remove *{name}")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            message = f"the file uses more than {MAX_ALIASES} aliases"
            return self._stop(SRC007, event, message, "write the values out")
        if self.tree.count + anchor.size > MAX_NODES:
            return self._too_many(event)
        self.tree.add(copy.deepcopy(anchor.value), _span(event), anchor.text, anchor.size)
        return True

    def _too_many(self, event: yaml.Event) -> bool:
        message = f"the data expands to more than {MAX_NODES:,} values (aliases included)"
        return self._stop(SRC007, event, message, "use fewer aliases, or split the file")

    def _open(self, event: yaml.CollectionStartEvent, empty: Any, tag: str, what: str) -> bool:
        if event.tag is not None and event.tag != TAG_PREFIX + tag:
            self._bad_tag(event, what)
        self.out.empty = False
        if not self.tree.open(empty, *_place(event.start_mark)):
            self.out.failed = True
            return False
        self.open_anchors.append(event.anchor)
        return True

    def _end(self, event: yaml.CollectionEndEvent) -> bool:
        value, size = self.tree.close(*_place(event.end_mark))
        name = self.open_anchors.pop()
        if name is not None:
            self.anchors[name] = _Anchor(value, size, None)
        return self.tree.count <= MAX_NODES or self._too_many(event)
