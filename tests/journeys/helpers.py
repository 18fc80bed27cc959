"""Readers shared by the journey-map tests: the map as stored, HTML pages as a small tree,
the emotion curve as parsed SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from sqlalchemy import select

from insightrepo.models import Journey, Phase, Step

# ---- the database ------------------------------------------------------------------------


def layout_of(session, journey_id: str) -> dict[str, list[str]]:
    """Phase title → step titles, as stored now; asserts that positions run 0..n-1."""
    session.expire_all()
    result: dict[str, list[str]] = {}
    phase_rows = session.scalars(select(Phase).where(Phase.journey_id == journey_id).order_by(Phase.position)).all()
    assert [p.position for p in phase_rows] == list(range(len(phase_rows))), "phase positions have gaps or repeats"
    for phase in phase_rows:
        rows = session.scalars(select(Step).where(Step.phase_id == phase.id).order_by(Step.position)).all()
        assert [s.position for s in rows] == list(range(len(rows))), f"step positions of {phase.title!r}"
        result[phase.title] = [s.title for s in rows]
    return result


def stored(session, model, id_: str):
    """The row as the database has it now (not as this session remembers it), or None."""
    session.expire_all()
    return session.get(model, id_)


def stored_step(session, step_id: str) -> Step:
    return stored(session, Step, step_id)


def stored_phase(session, phase_id: str) -> Phase:
    return stored(session, Phase, phase_id)


def stored_journey(session, journey_id: str) -> Journey:
    return stored(session, Journey, journey_id)


# ---- maps --------------------------------------------------------------------------------


def healthy_layout() -> dict[str, list[dict]]:
    """Three hearts, three thunderclouds, two moments of truth, every touchpoint owned."""
    return {
        "Dream of a green home": [
            {"title": "See plants at a friend's", "emotion": 2, "marker": "heart", "present": False},
            {"title": "Doubt my green thumb", "emotion": -1, "marker": "thundercloud", "present": False},
        ],
        "Find plants that suit me": [
            {"title": "Identify a plant from a photo", "touchpoint": "Plant ID in the app", "owner": "Digital",
             "emotion": 2, "marker": "heart", "moment_of_truth": {"title": "Identify plants!"}},
            {"title": "Read care advice", "touchpoint": "Product page", "owner": "Content", "emotion": 1},
        ],
        "Get the plants home": [
            {"title": "Wait for the parcel", "touchpoint": "Tracking email", "owner": "Logistics", "emotion": -1,
             "marker": "thundercloud"},
            {"title": "Unpack the plants", "touchpoint": "Delivery box", "owner": "Warehouse", "emotion": -2,
             "marker": "thundercloud", "moment_of_truth": {"title": "Half-good quality!"}},
            {"title": "See new leaves", "emotion": 2, "marker": "heart"},
        ],
    }


# ---- HTML --------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else f" {c.text()} " for c in self.children]  # elements: separate words
        return " ".join("".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        """Descendants by tag, class and attributes (``data_step_id`` → ``data-step-id``)."""
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
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

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


def main_text(response) -> str:
    """The visible text of the page's <main> (flash messages, forms, the map)."""
    return page(response).find("main").text()


def edit_forms(tree: Node) -> list[str]:
    """The actions of the forms that change a journey map."""
    return [f.attrs.get("action") or "" for f in tree.find_all("form")
            if f.attrs.get("method") == "post" and any(
                part in (f.attrs.get("action") or "") for part in ("/journeys/", "/phases/", "/steps/"))]


# ---- SVG ---------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


def svg_all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls is None or cls in (e.get("class") or "").split()]


def polyline_points(line: ET.Element) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in line.get("points").split()]
