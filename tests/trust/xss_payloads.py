"""XSS payloads, and what "inert" means for a page or an SVG that shows them.

Every payload that could become markup carries ``class=xss`` (or an ``xss`` id/name), so a page in
which one of them became an element is caught even where a policy would have stopped its script;
each one that could run calls ``alert`` (a browser test listens for dialogs)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tests.html_tree import Node, html_tree

PAYLOADS = [
    "<script class=xss>alert('script')</script>",
    "<img class=xss src=x onerror=alert('img')>",
    '"><svg class=xss onload=alert("attr-dq")>',
    "'><svg class=xss onload=alert('attr-sq')>",
    '" autofocus onfocus="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    "javascript:alert('url')",
    "</title><script class=xss>alert('title')</script>",
    "</textarea><script class=xss>alert('textarea')</script>",
    "]]><script class=xss>alert('cdata')</script><![CDATA[",
    "<svg class=xss><script>alert('svg')</script></svg>",
    "<math class=xss><mtext><table><mglyph><style><img class=xss src=x onerror=alert('math')>",
    "<iframe class=xss srcdoc='<script>alert(1)</script>'></iframe>",
    "<a class=xss href=\"javascript:alert('a')\">click</a>",
    "<details class=xss open ontoggle=alert('details')>",
    "<base class=xss href=//evil.example/>",
    "<meta class=xss http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form class=xss action=javascript:alert(1)><button>go</button></form>",
    "<object class=xss data=javascript:alert(1)></object>",
    "\\u003cscript class=xss\\u003ealert('unicode')\\u003c/script\\u003e",
    "\u003cscript class=xss\u003ealert('decoded')\u003c/script\u003e",
    "&lt;script class=xss&gt;alert('pre-escaped')&lt;/script&gt;",
    "{{ 7*191 }}{% print 7*191 %}",
    "--><script class=xss>alert('comment')</script><!--",
    "\u2028\u2029<b class=xss>line separators</b>",
]

MARKDOWN = [
    "[markdown link](javascript:alert('md'))",
    "[markdown link](JaVaScRiPt:alert('md-case'))",
    "[markdown link](&#106;avascript:alert('md-entity'))",
    "[markdown link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert('autolink')>",
    "![markdown image](x\" onerror=\"alert('md-img'))",
    "<div class=xss onclick=alert('html-block')>raw html block</div>",
    "<a href='vbscript:msgbox(1)' class=xss>vb</a>",
]

ALL = "\n\n".join(PAYLOADS)
MARKDOWN_ALL = "\n\n".join([*MARKDOWN, *PAYLOADS])


def short(n: int, limit: int = 200) -> str:
    """The ``n``-th payload (round the list), cut to a field's length."""
    return PAYLOADS[n % len(PAYLOADS)][:limit]


# ---- inert -----------------------------------------------------------------------------

NEVER_IN_A_PAGE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "math", "mglyph",
                   "style", "foreignobject", "xmp", "plaintext", "listing", "noscript", "template"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background")
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\u00ad\u200b-\u200f\u2028\u2029]+")


def _bad_url(value: str | None) -> bool:
    cleaned = _INVISIBLE.sub("", value or "")
    return bool(BAD_SCHEME.match(cleaned)) and not cleaned.lower().startswith("data:image/")


def problems_in(tree: Node) -> list[str]:
    """Everything in a parsed page that a payload could have made: nothing, if the page is inert."""
    found = []
    for node in tree.iter():
        tag = node.tag.lower()
        if tag in NEVER_IN_A_PAGE and not (tag == "script" and (node.attrs.get("src") or "").startswith("/static/")):
            found.append(f"<{tag}> element")
        if "xss" in node.classes or "xss" in (node.attrs.get("id") or "") + (node.attrs.get("name") or ""):
            found.append(f"<{tag} class=xss> element made from typed text")
        for name, value in node.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}=…> event handler")
            if name.lower() in URL_ATTRIBUTES and _bad_url(value):
                found.append(f"<{tag} {name}={value!r}> script URL")
            if name.lower() in ("srcdoc", "http-equiv"):
                found.append(f"<{tag} {name}> attribute")
        if tag == "meta" and set(node.attrs) - {"charset", "name", "content"}:
            found.append(f"<meta {sorted(node.attrs)}>")
        if tag == "img" and not (node.attrs.get("src") or "").startswith("/static/"):
            found.append(f"<img src={node.attrs.get('src')!r}>")
    return found


def assert_inert_html(html: str, where: str) -> None:
    tree = html_tree(html)
    problems = problems_in(tree)
    assert not problems, f"{where}: {problems}"
    head = html[:html.index("</head>")] if "</head>" in html else ""
    assert head.count("<title>") == head.count("</title>") <= 1, f"{where}: the page's <title> was closed early"
    assert "1337" not in tree.text(), f"{where}: typed text was evaluated as a template"
    for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL):
        assert_inert_svg(svg, where)


SVG = "{http://www.w3.org/2000/svg}"


def assert_inert_svg(document: str, where: str) -> None:
    """A well-formed SVG (the typed text did not break out of its element) with nothing that runs."""
    root = ET.fromstring(document if "xmlns" in document else document.replace("<svg", f'<svg xmlns="{SVG[1:-1]}"', 1))
    for element in root.iter():
        tag = element.tag.split("}")[-1].lower()
        assert tag not in NEVER_IN_A_PAGE, f"{where}: <{tag}> in an SVG"
        assert "xss" not in (element.get("class") or ""), f"{where}: <{tag} class=xss> in an SVG"
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            assert not local.startswith("on"), f"{where}: {local} on <{tag}> in an SVG"
            assert not (local in ("href",) and _bad_url(value)), f"{where}: script URL in an SVG"
