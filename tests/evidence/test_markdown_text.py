"""The narrative sanitiser: Markdown renders to HTML in which nothing can run, whatever was typed."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from insightrepo.evidence.markdown_text import render_markdown
from tests.evidence.helpers import assert_inert, elements_of

pytestmark = pytest.mark.sqlite_only  # input refused before any SQL runs

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![pic](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<a href='javascript:alert(1)' onclick='alert(2)'>click</a>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;top:0">overlay</div>',
    "<svg onload=alert(1)>",
    '<form action="https://evil.example"><input name=x></form>',
    "<style>body{display:none}</style>",
    "[ref]\n\n[ref]: javascript:alert(1)",
]


@pytest.mark.parametrize("source", ATTACKS)
def test_an_attack_renders_inert(source):
    html = str(render_markdown(f"A story.\n\n{source}\n\nThe end."))

    assert_inert(html)
    assert "A story." in html and "The end." in html


def test_everything_at_once_renders_inert():
    assert_inert(str(render_markdown("\n\n".join(ATTACKS))))


def test_ordinary_markdown_survives():
    html = str(render_markdown(
        "# At Lena's\n\n## The kitchen\n\nShe **loves** her plants and *waters* them "
        "[every day](https://example.org/tips).\n\n- a fig\n- two cacti\n\n1. first\n2. second\n\n"
        "> I just want them to live.\n\nWrite to [us](mailto:cx@example.org)."))

    tags = [tag for tag, _ in elements_of(html)]
    assert {"h1", "h2", "strong", "em", "ul", "ol", "li", "blockquote", "a"} <= set(tags)
    links = [attrs for tag, attrs in elements_of(html) if tag == "a"]
    assert [link["href"] for link in links] == ["https://example.org/tips", "mailto:cx@example.org"]
    assert "<h1>At Lena&#39;s</h1>" in html or "<h1>At Lena's</h1>" in html
    assert "<strong>loves</strong>" in html and "<em>waters</em>" in html
    assert html.count("<li>") == 4


def test_links_open_nothing_of_ours():
    (link,) = [attrs for tag, attrs in elements_of(str(render_markdown("[tips](https://example.org)"))) if tag == "a"]

    assert set(link["rel"].split()) >= {"noopener", "noreferrer"}


def test_typed_html_is_shown_as_text_not_lost():
    html = str(render_markdown("She wrote <b>bold</b> in the chat."))

    assert "b" not in [tag for tag, _ in elements_of(html)]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_result_is_safe_markup_and_empty_text_renders_empty():
    assert isinstance(render_markdown("*hi*"), Markup)
    assert str(render_markdown("")) == ""
