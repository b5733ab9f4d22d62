"""Targeted edits of a YAML file that people maintain: only the values that change are
rewritten, at the positions the strict loader recorded, so comments, key order, quoting and
layout everywhere else stay byte for byte. (A round-trip library would re-emit the whole file
in its own style, and YAML is parsed in governance/source only.)

`edited(text, doc, target)` compares the document's data with `target` and splices in:
- a changed scalar or flow value, in place (after `key: ` or `- `);
- a changed block collection, key by key and item by item where the structure matches; else
  the whole value, re-rendered (comments inside that one value go with it);
- a new key, after the last entry of its mapping (top-level keys in schema order);
- in a block list, items matched in order are refreshed in place, an item `target` no longer
  has is deleted with its line(s), and new items go after the last one.
Mapping keys are never removed: imports only add and refresh. The caller loads the result back
and checks it holds exactly `target`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from governance.cards import render
from governance.findings import JsonPath
from governance.source import Document
from governance.source.text import YAML_BREAKS, LineIndex


@dataclass(order=True)
class _Edit:
    start: int
    end: int
    seq: int
    text: str = field(compare=False)


class _Editor:
    def __init__(self, text: str, doc: Document, top_order: Sequence[str]) -> None:
        self.text, self.doc, self.top_order = text, doc, list(top_order)
        self.index = LineIndex(text, YAML_BREAKS)
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[_Edit] = []

    # -- reading positions --------------------------------------------------------------
    def _offset(self, line: int, column: int) -> int:
        return self.index.offset(line, column)

    def _start(self, path: JsonPath) -> int:
        pos = self.doc.positions[path]
        return self._offset(pos.line, pos.column)

    def _column(self, path: JsonPath) -> int:
        return self.doc.positions[path].column - 1

    def _is_block(self, path: JsonPath, value: Any) -> bool:
        return isinstance(value, dict | list) and self.text[self._start(path)] not in "[{"

    def _content_end(self, path: JsonPath, value: Any) -> int:
        """Just after the last character of the value itself: a block collection's span runs
        on to the next token (over comments and blank lines), so take its last child's end."""
        if self._is_block(path, value):
            last = list(value)[-1] if isinstance(value, dict) else len(value) - 1
            return self._content_end((*path, last), value[last])
        pos = self.doc.positions[path]
        end = self._offset(pos.end_line, pos.end_column)
        while end > self._start(path) and self.text[end - 1] in "\r\n":  # block scalars
            end -= 1
        return end

    def _after_line(self, offset: int) -> tuple[int, str]:
        """The start of the line after the one holding `offset`, and the break to add first
        when the file does not end with one."""
        found = self.text.find("\n", offset)
        return (len(self.text), self.newline) if found < 0 else (found + 1, "")

    def _add(self, start: int, end: int, text: str) -> None:
        self.edits.append(_Edit(start, end, len(self.edits), text))

    def _lines(self, lines: list[str]) -> str:
        return "".join(line + self.newline for line in lines)

    # -- comparing ----------------------------------------------------------------------
    def update(self, path: JsonPath, old: Any, new: Any, in_flow: bool) -> None:
        if old == new and type(old) is type(new):
            return
        flow = in_flow or not self._is_block(path, old)
        if isinstance(old, dict) and isinstance(new, dict) and old:
            self._update_mapping(path, old, new, flow)
        elif isinstance(old, list) and isinstance(new, list) and old and new and not flow:
            if not self._update_block_list(path, old, new):
                self._replace(path, old, new, in_flow)
        elif isinstance(old, list) and isinstance(new, list) and old and _extends(old, new):
            for i, item in enumerate(old):
                self.update((*path, i), item, new[i], flow)
            for item in new[len(old) :]:
                self._append_item(path, old, item, flow)
        else:
            self._replace(path, old, new, in_flow)

    def _update_mapping(
        self, path: JsonPath, old: dict[str, Any], new: dict[str, Any], flow: bool
    ) -> None:
        for key, value in new.items():
            if key in old:
                self.update((*path, key), old[key], value, flow)
        added = sorted((k for k in new if k not in old), key=self._rank)
        if flow:
            at = self._last_end(path, old)
            self._add(at, at, "".join(f", {render.flow({k: new[k]})[1:-1]}" for k in added))
        elif path == ():
            for key in added:
                self._insert_top(key, new[key], old)
        elif added:
            self._insert_keys(path, old, {k: new[k] for k in added})

    def _update_block_list(self, path: JsonPath, old: list[Any], new: list[Any]) -> bool:
        """Items kept in place (and refreshed), dropped ones deleted with their lines, new
        ones appended: comments on the kept items stay. False when an item cannot be
        deleted on its own (it shares its line with something else)."""
        starts = [self._item_line(path, i) for i in range(len(old))]
        if None in starts:
            return False
        j = 0
        for i, item in enumerate(old):
            if j < len(new) and _same_item(item, new[j]):
                self.update((*path, i), item, new[j], False)
                j += 1
            else:
                end, _ = self._after_line(self._content_end((*path, i), item))
                self._add(starts[i], end, "")  # type: ignore[arg-type]
        for item in new[j:]:
            self._append_item(path, old, item, False)
        return True

    def _item_line(self, path: JsonPath, index: int) -> int | None:
        """Where the line of a block list's item starts, if only its `- ` comes before it."""
        start = self._start((*path, index))
        line = self.text.rfind("\n", 0, start) + 1
        return line if self.text[line:start].strip() == "-" else None

    def _last_end(self, path: JsonPath, old: dict[str, Any] | list[Any]) -> int:
        last = list(old)[-1] if isinstance(old, dict) else len(old) - 1
        return self._content_end((*path, last), old[last])  # type: ignore[index]

    # -- writing ------------------------------------------------------------------------
    def _replace(self, path: JsonPath, old: Any, new: Any, in_flow: bool) -> None:
        start, end = self._start(path), self._content_end(path, old)
        if in_flow or not isinstance(new, dict | list) or not new:
            self._add(start, end, render.flow(new))
            return
        used = start - self.text.rfind("\n", 0, start) - 1
        block = self._is_block(path, old)
        if not block and render.fits(new, used):
            self._add(start, end, render.flow(new))
            return
        if block or isinstance(path[-1], int):  # the block starts where the old value did
            lines = render.block(new, self._column(path))
            text = self.newline.join([lines[0].lstrip(" "), *lines[1:]])
        else:  # `key: [..]` becomes `key:` and the block below it
            lines = render.block(new, self._key_indent(path) + 2)
            text = self.newline + self.newline.join(lines)
            start = self.text.rfind(":", 0, start) + 1
        self._add(start, end, text)

    def _key_indent(self, path: JsonPath) -> int:
        pos = self.doc.key_positions.get(path)
        return pos.column - 1 if pos is not None else self._column(path)

    def _rank(self, key: str) -> int:
        return self.top_order.index(key) if key in self.top_order else len(self.top_order)

    def _insert_keys(self, path: JsonPath, old: dict[str, Any], added: dict[str, Any]) -> None:
        at, lead = self._after_line(self._last_end(path, old))
        indent = self._key_indent((*path, list(old)[-1]))
        lines = [line for k, v in added.items() for line in _new_entry(k, v, indent)]
        self._add(at, at, lead + self._lines(lines))

    def _insert_top(self, key: str, value: Any, old: dict[str, Any]) -> None:
        """After the last existing key that comes before it in the schema's order."""
        before = [k for k in old if self._rank(k) < self._rank(key)]
        text = self._lines(_new_entry(key, value, 0))
        if before:
            at, lead = self._after_line(self._content_end((before[-1],), old[before[-1]]))
            self._add(at, at, lead + text)
        else:
            first = self.doc.key_positions[(next(iter(old)),)]
            at = self._offset(first.line, 1)
            self._add(at, at, text)

    def _append_item(self, path: JsonPath, old: list[Any], item: Any, flow: bool) -> None:
        if flow:
            at = self._last_end(path, old)
            self._add(at, at, ", " + render.flow(item))
            return
        at, lead = self._after_line(self._last_end(path, old))
        lines = render.block([item], self._column(path))
        self._add(at, at, lead + self._lines(lines))

    def result(self) -> str:
        text = self.text
        for edit in sorted(self.edits, key=lambda e: (e.start, e.seq), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text


def _new_entry(key: str, value: Any, indent: int) -> list[str]:
    """A new key: a mapping as a block below it (as sections are written), else as render
    lays it out."""
    if isinstance(value, dict) and value:
        return [" " * indent + render.scalar(key) + ":", *render.block(value, indent + 2)]
    return render.block({key: value}, indent)


def _extends(old: list[Any], new: list[Any]) -> bool:
    """Whether `new` is `old`, item for item, with perhaps more items after."""
    return len(new) >= len(old) and all(
        _same_item(a, b) for a, b in zip(old, new[: len(old)], strict=True)
    )


def _same_item(old: Any, new: Any) -> bool:
    """Items that are the same entry (by name), so they are updated in place."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.get("name") == new.get("name")
    return not isinstance(old, dict | list) and not isinstance(new, dict | list)


def edited(text: str, doc: Document, target: dict[str, Any], top_order: Sequence[str]) -> str:
    """`text` (the source of `doc`) changed so that it holds `target`."""
    editor = _Editor(text, doc, top_order)
    editor.update((), doc.data, target, False)
    return editor.result()
