"""Card prose: the plain-text shortcut gives exactly what Markdown and the sanitiser give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.prose import _plain_paragraphs, converted, render_markdown

# The shortcut's own characters, and a few that must send text to the full pass.
PLAIN = "aZ09 ,.;:'\"?!()%/-\n"
ALPHABET = PLAIN + "*_`#>[]<&|~=+\t\\"


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=PLAIN, max_size=40) | st.text(alphabet=ALPHABET, max_size=40))
def test_the_shortcut_agrees_with_the_full_pass(text: str) -> None:
    plain = _plain_paragraphs(text)
    if plain is not None:
        assert plain == converted(text)


def test_common_prose_takes_the_shortcut() -> None:
    text = "Scores card transactions (EUR, 2024).\nRetrained weekly.\n\nNot for credit decisions."
    assert _plain_paragraphs(text) == (
        "<p>Scores card transactions (EUR, 2024).&#10;Retrained weekly.</p>&#10;"
        "<p>Not for credit decisions.</p>"
    )
    assert render_markdown(text) == converted(text)


def test_markdown_and_html_take_the_full_pass() -> None:
    for text in ("1. first", "- item", "# title", "a *b*", "<script>x</script>", "a  \nb", "x & y"):
        assert _plain_paragraphs(text) is None, text
    assert render_markdown("a *b*") == "<p>a <em>b</em></p>"
    assert "script" not in render_markdown("<script>alert(1)</script>")
