"""Pages read as a user reads them: an HTML tree with the visible text and elements found by
tag, class and attributes (Python's own html.parser; no browser needed)."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements a browser lays out on lines of their own (and table cells, which it sets apart): their text
# never runs into the words around them. Inline elements (a, strong, span, button, label…) add no space:
# "<strong>Ikea</strong>." reads "Ikea." and "”<b>Ikea</b>”" reads "”Ikea”", as on the screen.
BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
         "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
         "head", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "optgroup", "option",
         "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"}
HIDDEN = {"script", "style", "template"}  # never shown as text
# What static/app.css lays out as blocks though the markup is inline: a flex container (``.chips``,
# a step's channels) and its items, which the screen shows apart ("Instagram Pinterest").
FLEX = {"chips"}


# a start tag that ends the open element(s) named, looking no further out than the table's scope
IMPLIED_END = {"td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr"}, "li": {"li"}}
TABLE_SCOPE = {"table", "tbody", "thead", "tfoot", "ul", "ol"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        """The visible words as a browser shows them: runs of white space become one space, block elements
        and table cells are set apart, inline elements join their neighbours exactly as the markup does."""
        pieces: list[str] = []
        self._gather(pieces)
        return " ".join("".join(pieces).split())

    def _gather(self, pieces: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                pieces.append(child)
            elif child.tag in BLOCK or child.classes & FLEX or self.classes & FLEX:
                pieces.append(" ")
                child._gather(pieces)
                pieces.append(" ")
            elif child.tag not in HIDDEN:
                child._gather(pieces)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants by tag, class and attributes (``aria_current`` → ``aria-current``)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k) == v for k, v in wanted.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class={cls!r} {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        self._end_implied(tag)
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def _end_implied(self, tag: str) -> None:
        """The end tags HTML lets a page leave out, as a browser infers them: a table cell ends at the next
        cell or row (the map's lanes write no ``</td>``), a row at the next row, a list item at the next
        item (a step's channels write no ``</li>``)."""
        if tag not in IMPLIED_END:
            return
        node = self.current
        while node is not None and node.tag not in IMPLIED_END[tag] and node.tag not in TABLE_SCOPE:
            node = node.parent
        if node is not None and node.tag in IMPLIED_END[tag] and node.parent is not None:
            self.current = node.parent

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def html_tree(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(response) -> Node:
    return html_tree(response.get_data(as_text=True))
