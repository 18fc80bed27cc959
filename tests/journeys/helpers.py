"""Readers shared by the journey-map tests: the map as stored, HTML pages as a small tree,
the emotion curve as parsed SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import select

from insightrepo.models import Journey, Phase, Step
from tests.html_tree import Node, html_tree, page  # noqa: F401  (re-exported for the tests)

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
