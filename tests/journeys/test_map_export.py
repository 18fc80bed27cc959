"""The map leaving the app (issue 22): GET /journeys/{id}/export.png and export.pdf, the curve as PNG
and with step labels, and present mode — opened as a user would: the PNG with Pillow, the PDF with
pypdf, the present page as HTML."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from PIL import Image
from pypdf import PdfReader

from insightrepo.evidence import evidence
from insightrepo.models import Workspace
from insightrepo.journeys import steps
from insightrepo.timeline import snapshots
from insightrepo.timeline.change_context import opened
from tests.html_tree import page
from tests.journeys.helpers import SVG, parse_svg, svg_all

MARGIN, LANES, COLUMN = 16, 150, 176  # the picture: margins, the lane labels, one column per step
HEART = (0xC2, 0x18, 0x5B)


def layout() -> dict[str, list[dict]]:
    return {
        "Drömmen om ett grönt hem": [
            {"title": "Se växter hos en vän", "emotion": 2, "marker": "heart", "action": "Frågar var de köpt dem",
             "thoughts": "Så fint, det vill jag också ha"},
            {"title": "Tvivla på min gröna tumme", "emotion": -1, "marker": "thundercloud"},
        ],
        "Find plants that suit me": [
            {"title": "Søg efter lette planter", "emotion": 0, "need": "Plants that survive a dark flat"},
            {"title": "Ask in the chat"},
            {"title": "Identify a plant", "emotion": 1, "moment_of_truth": {"title": "Identify plants!"}},
        ],
    }


TITLES = [s["title"] for specs in layout().values() for s in specs]


@pytest.fixture
def plant(make_map):
    return make_map(layout(), title="Skapa ett grönskande hem")


@pytest.fixture
def viewer(api_as, team):
    return api_as(team.viewer)


def _png(response) -> Image.Image:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.get_data()))


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.get_data()))


def _text(reader: PdfReader) -> str:
    """The words of every page, wrapped lines joined (a title may take two lines of its cell)."""
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 24)}


# ---- PNG ----------------------------------------------------------------------------------

def test_the_map_as_png_has_one_column_per_step_and_its_hearts(viewer, plant):
    response = viewer.get(f"/journeys/{plant.id}/export.png")
    image = _png(response)
    assert image.width == MARGIN + LANES + 5 * COLUMN + MARGIN
    assert image.height > 600  # the lanes, the curve, the backstage
    assert HEART in _colours(image)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Skapa%20ett%20gr%C3%B6nskande%20hem.png" in response.headers["Content-Disposition"]


def test_a_map_without_markers_has_no_hearts_in_its_png(viewer, make_map):
    built = make_map({"Find": [{"title": "Search", "emotion": 1}]})
    assert HEART not in _colours(_png(viewer.get(f"/journeys/{built.id}/export.png")))


def test_long_unbroken_text_does_not_widen_the_png(viewer, make_map):
    word = "Växt" * 300
    built = make_map({"Find": [{"title": word[:200], "action": word, "thoughts": word, "need": word},
                               {"title": "Pay"}]})
    image = _png(viewer.get(f"/journeys/{built.id}/export.png"))
    assert image.width == MARGIN + LANES + 2 * COLUMN + MARGIN
    assert image.height < 2000  # clipped after a few lines, not a 1,200-character column
    assert word[:20] in _text(_pdf(viewer.get(f"/journeys/{built.id}/export.pdf"))).replace("\n", "")


# ---- PDF ----------------------------------------------------------------------------------

def test_the_map_as_pdf_is_landscape_and_holds_the_step_titles_as_text(viewer, plant):
    reader = _pdf(viewer.get(f"/journeys/{plant.id}/export.pdf"))
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842  # A4
    text = _text(reader)
    for title in TITLES:
        assert title in text
    for words in ("Skapa ett grönskande hem", "Drömmen om ett grönt hem", "Customer actions", "Identify plants!"):
        assert words in text



def test_the_exports_speak_the_workspaces_language_not_the_readers(session, viewer, plant):
    """Made for the team's map, not for whoever downloads it: a Swedish workspace's PDF says
    "Kundens aktiviteter" also when an English-speaking reader asks for it with a token."""
    workspace = session.scalar(select(Workspace).where(Workspace.slug == "alpha"))
    workspace.language = "sv"
    session.commit()
    text = _text(_pdf(viewer.get(f"/journeys/{plant.id}/export.pdf", headers={"Accept-Language": "en"})))
    assert "Kundens aktiviteter" in text and "Customer actions" not in text

def test_a_wide_map_goes_on_several_pages_each_with_the_lane_labels(viewer, make_map):
    wide = make_map({f"Phase {p}": [{"title": f"Step {p}.{s}", "emotion": (s % 5) - 2} for s in range(1, 11)]
                     for p in range(1, 5)})
    a4 = _pdf(viewer.get(f"/journeys/{wide.id}/export.pdf?paper=a4"))
    a3 = _pdf(viewer.get(f"/journeys/{wide.id}/export.pdf?paper=A3"))
    assert len(a4.pages) > len(a3.pages) >= 2
    assert round(float(a3.pages[0].mediabox.width)) == 1191  # A3
    for page_ in a4.pages:
        assert "Customer actions" in page_.extract_text()
        assert "Emotion curve" in page_.extract_text()
    assert f"Page 1 of {len(a4.pages)}" in a4.pages[0].extract_text()
    assert "steps 1–" in a4.pages[0].extract_text()
    assert "–40" in a4.pages[-1].extract_text()  # the last page ends with the last step
    text = _text(a4)
    for p in range(1, 5):
        for s in range(1, 11):
            assert f"Step {p}.{s}" in text


def test_an_unknown_paper_is_a_clear_error(viewer, plant):
    response = viewer.get(f"/journeys/{plant.id}/export.pdf?paper=letter")
    assert response.status_code == 422
    assert "A4 or A3" in response.get_data(as_text=True)


# ---- snapshots ----------------------------------------------------------------------------

def test_a_snapshot_exports_the_map_as_it_was(session, team, viewer, plant):
    taken = snapshots.take_snapshot(session, team.admin, plant.id, {"label": "Vinter", "as_of": "2026-01-15"})
    session.commit()
    step_id = plant.step("Ask in the chat")
    with opened(session, team.admin):
        steps.update_step(session, team.admin, step_id, 1, {"title": "Ask a shop assistant"})
    session.commit()
    then = _text(_pdf(viewer.get(f"/journeys/{plant.id}/export.pdf?snapshot={taken.snapshot.id}")))
    now = _text(_pdf(viewer.get(f"/journeys/{plant.id}/export.pdf")))
    assert "Ask in the chat" in then and "Ask a shop assistant" not in then
    assert "Vinter" in then and "2026-01-15" in then
    assert "Ask a shop assistant" in now and "Ask in the chat" not in now
    png = viewer.get(f"/journeys/{plant.id}/export.png?snapshot={taken.snapshot.id}")
    assert _png(png).width == MARGIN + LANES + 5 * COLUMN + MARGIN
    assert "2026-01-15" in png.headers["Content-Disposition"]


def test_a_snapshot_of_another_journey_is_not_found(session, team, viewer, plant, make_map):
    other = make_map({"Other": ["Elsewhere"]}, title="Another journey")
    taken = snapshots.take_snapshot(session, team.admin, other.id, {"label": "Other"})
    session.commit()
    assert viewer.get(f"/journeys/{plant.id}/export.pdf?snapshot={taken.snapshot.id}").status_code == 404
    assert viewer.get(f"/journeys/{plant.id}/export.png?snapshot=nope").status_code == 404


# ---- who may export -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["export.png", "export.pdf", "curve.png"])
def test_viewers_export_with_a_session_or_a_token_outsiders_get_404(login, api_as, client, team, plant, path):
    assert _status(login(team.viewer).get(f"/journeys/{plant.id}/{path}")) == 200
    assert _status(api_as(team.viewer).get(f"/journeys/{plant.id}/{path}")) == 200
    assert _status(api_as(team.outsider).get(f"/journeys/{plant.id}/{path}")) == 404
    assert _status(api_as(None).get(f"/journeys/{plant.id}/{path}")) == 401
    bad = api_as(None).get(f"/journeys/{plant.id}/{path}", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401


def test_an_outsider_signed_in_gets_404(login, team, plant):
    client = login(team.outsider)
    for path in ("export.png", "export.pdf", "curve.png", "present"):
        assert client.get(f"/journeys/{plant.id}/{path}").status_code == 404, path


def _status(response) -> int:
    return response.status_code


# ---- the curve ----------------------------------------------------------------------------

def test_the_curve_svg_labels_each_step_on_its_x_axis(viewer, plant):
    root = parse_svg(viewer.get(f"/journeys/{plant.id}/curve.svg").get_data(as_text=True))
    labels = svg_all(root, "text", "step-label")
    assert [label.find(f"{SVG}title").text for label in labels] == [f"{n} {t}" for n, t in enumerate(TITLES, 1)]
    points = {c.get("data-step-id"): float(c.get("cx")) for c in svg_all(root, "circle")}
    for label in labels:  # each label stands under its step's point
        step_id = label.get("data-step-id")
        if step_id in points:
            assert float(label.get("x")) < points[step_id] < float(label.get("x")) + COLUMN


def test_the_curve_as_png_is_the_svg_at_twice_its_size(viewer, plant):
    root = parse_svg(viewer.get(f"/journeys/{plant.id}/curve.svg").get_data(as_text=True))
    image = _png(viewer.get(f"/journeys/{plant.id}/curve.png"))
    assert image.size == (int(root.get("width")) * 2, int(root.get("height")) * 2)
    assert HEART in _colours(image)


# ---- present mode -------------------------------------------------------------------------

def test_present_mode_shows_a_phase_its_curve_and_the_quotes_of_a_step(session, team, login, plant):
    step_id = plant.step("Søg efter lette planter")
    evidence.create_item(session, team.admin, evidence.QUOTES, "alpha",
                         {"text": "Jag hittar ingen växt som klarar min mörka lägenhet.", "step_ids": [step_id]})
    session.commit()
    client = login(team.viewer)
    first = page(client.get(f"/journeys/{plant.id}/present"))
    assert first.find("h1").text() == "Drömmen om ett grönt hem"
    assert first.find(id="present-where").text() == "Phase 1 of 2"
    assert first.find_all("header", cls="topbar") == []  # no page chrome
    assert len(first.find("svg", cls="curve").find_all("circle", cls="point")) == 2
    assert first.find_all("a", id="present-prev") == []
    nxt = first.find("a", id="present-next").attrs["href"]
    second = page(client.get(nxt))
    assert second.find("h1").text() == "Find plants that suit me"
    assert "Jag hittar ingen växt" in second.find("aside", cls="present__focus").text()
    current = second.find("svg", cls="curve").find("circle", cls="point--current")  # the step shown, larger
    assert current.attrs["data-step-id"] == step_id
    assert [a.text().split()[0] for a in second.find("ol", cls="present__steps").find_all("a")] == ["3", "4", "5"]
    later = page(client.get(second.find("a", id="present-next-step").attrs["href"]))
    assert "Ask in the chat" in later.find("aside", cls="present__focus").text()
    assert "No quotes are linked to this step." in later.text()
    whole = page(client.get(second.find("a", id="present-all").attrs["href"]))
    assert whole.find(id="present-where").text() == "The whole map"
    assert len(whole.find("ol", cls="present__steps").find_all("li")) == 5


def test_present_mode_of_a_snapshot_and_a_missing_phase(session, team, login, plant):
    taken = snapshots.take_snapshot(session, team.admin, plant.id, {"label": "Vinter", "as_of": "2026-01-15"})
    session.commit()
    client = login(team.viewer)
    shown = page(client.get(f"/journeys/{plant.id}/present?snapshot={taken.snapshot.id}&phase=2"))
    assert "Vinter" in shown.find("header").text()
    assert f"snapshot={taken.snapshot.id}" in shown.find("a", id="present-prev").attrs["href"]
    assert client.get(f"/journeys/{plant.id}/present?phase=3").status_code == 404
    assert client.get(f"/journeys/{plant.id}/present?phase=x").status_code == 404


def test_the_map_page_offers_the_exports_and_present_mode(login, team, plant):
    menu = page(login(team.viewer).get(f"/journeys/{plant.id}")).find("details", id="map-export")
    hrefs = {a.attrs["id"]: a.attrs["href"] for a in menu.find_all("a")}
    assert hrefs["export-png"] == f"/journeys/{plant.id}/export.png"
    assert hrefs["export-pdf-a3"] == f"/journeys/{plant.id}/export.pdf?paper=a3"
    assert hrefs["present"] == f"/journeys/{plant.id}/present"


def test_a_snapshots_page_offers_the_exports_of_that_snapshot(session, team, login, plant):
    taken = snapshots.take_snapshot(session, team.admin, plant.id, {"label": "Vinter", "as_of": "2026-01-15"})
    session.commit()
    client = login(team.viewer)
    menu = page(client.get(f"/snapshots/{taken.snapshot.id}")).find("details", id="map-export")
    hrefs = {a.attrs["id"]: a.attrs["href"] for a in menu.find_all("a")}
    assert hrefs["export-pdf-a4"] == f"/journeys/{plant.id}/export.pdf?paper=a4&snapshot={taken.snapshot.id}"
    assert hrefs["present"] == f"/journeys/{plant.id}/present?snapshot={taken.snapshot.id}"
    assert "export-curve-svg" not in hrefs  # the SVG is the live map's only
    assert _png(client.get(hrefs["export-curve-png"])).width > 0


@pytest.mark.parametrize("layout_", [{}, {"Dream": [], "Find": ["Search"]}], ids=["no phases", "an empty phase"])
def test_maps_without_steps_still_export_and_present(login, team, make_map, layout_):
    built = make_map(layout_)
    client = login(team.viewer)
    columns = max(sum(max(len(steps_), 1) for steps_ in layout_.values()), 1)
    assert _png(client.get(f"/journeys/{built.id}/export.png")).width == MARGIN + LANES + columns * COLUMN + MARGIN
    assert len(_pdf(client.get(f"/journeys/{built.id}/export.pdf")).pages) == 1
    assert _png(client.get(f"/journeys/{built.id}/curve.png")).width > 0
    shown = client.get(f"/journeys/{built.id}/present")
    assert shown.status_code == 200
    if layout_:
        assert "No steps in this phase yet." in shown.get_data(as_text=True)


def test_a_very_wide_map_is_drawn_smaller_not_refused(viewer, make_map):
    """Past 40 million pixels (about 250 steps at full size) the picture keeps every step, smaller."""
    built = make_map({f"Phase {p}": [f"Step {p}.{s}" for s in range(1, 41)] for p in range(1, 11)})
    image = _png(viewer.get(f"/journeys/{built.id}/export.png"))
    full = MARGIN + LANES + 400 * COLUMN + MARGIN
    assert image.width * image.height <= 40_000_000
    assert 0.5 * full < image.width < full
