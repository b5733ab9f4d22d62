"""Markup made when a template first prints it.

A site of many cards holds its model pages' charts and lineage out of the Markdown and renders
them beside the mkdocs build (site_builder/blocks.py): the views made before that build must
not pay for drawing them. Jinja2 prints an object with `__html__` as that markup, unescaped.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup


class Deferred:
    """`make()` is called once, on first use; it must return safe HTML. Always true: a view
    holds a Deferred only where there is something to show."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], str]) -> None:
        self._make: Callable[[], str] | None = make
        self._made = Markup()

    def __html__(self) -> Markup:
        if self._make is not None:
            self._made, self._make = Markup(self._make()), None
        return self._made

    __str__ = __html__

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred | Markup):
            return self.__html__() == other.__html__()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__html__())

    def __repr__(self) -> str:
        return "Deferred(made)" if self._make is None else "Deferred(not made)"
