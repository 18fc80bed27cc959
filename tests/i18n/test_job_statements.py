"""A job to be done reads as one sentence in the reader's language — "När …, vill jag …, så att jag
kan …" — wherever a page shows it: the library, the job's own page, a snapshot (whose dates read
the reader's way too), and search results (live and in snapshots), where the words the search
matched stay marked. What the data keeps (the
search index's title, the snapshots' history documents, the API's ``statement``) stays English."""

from __future__ import annotations

import pytest

from insightrepo.timeline import snapshots
from tests.html_tree import page
from tests.search.conftest import add, adapter_name, search_engine  # noqa: F401 — the search fixtures

SITUATION, MOTIVATION, OUTCOME = "my ferns droop", "know what they need", "keep them alive"
SENTENCES = {
    "sv": f"När {SITUATION}, vill jag {MOTIVATION}, så att jag kan {OUTCOME}.",
    "da": f"Når {SITUATION}, vil jeg {MOTIVATION}, så jeg kan {OUTCOME}.",
    "nb": f"Når {SITUATION}, vil jeg {MOTIVATION}, så jeg kan {OUTCOME}.",
    "fi": f"Kun {SITUATION}, haluan {MOTIVATION}, jotta voin {OUTCOME}.",
    "en": f"When {SITUATION}, I want to {MOTIVATION}, so I can {OUTCOME}.",
}


def _text(node) -> str:
    return " ".join(node.text().split())


@pytest.fixture
def job(add, plant_map):
    return add("job", situation=SITUATION, motivation=MOTIVATION, outcome=OUTCOME,
               step_ids=[plant_map.step("Pay")])


def _reader(team, session, web_as, locale):
    team.viewer.locale = locale
    session.commit()
    return web_as(team.viewer)


@pytest.mark.parametrize("locale", list(SENTENCES))
def test_the_library_and_the_jobs_page_say_the_job_in_the_readers_language(job, team, session, web_as, locale):
    reader = _reader(team, session, web_as, locale)

    own_page = page(reader.get(f"/jobs/{job.id}"))
    library = page(reader.get("/w/alpha/jobs"))

    assert _text(own_page.find("p", "job-statement")) == SENTENCES[locale]
    assert _text(library.find("li", id=f"job-{job.id}").find("a")) == SENTENCES[locale]


def test_a_swedish_reader_finds_the_job_in_swedish_with_the_matched_word_marked(job, team, session, web_as, api_as):
    reader = _reader(team, session, web_as, "sv")

    hit = page(reader.get("/w/alpha/search?q=ferns")).find("li", "search-hit--job")

    heading = hit.find("h3", "search-hit__title")
    assert _text(heading) == SENTENCES["sv"]
    assert [m.text() for m in heading.find_all("mark")] == ["ferns"]
    assert heading.find("a").attrs["href"] == f"/jobs/{job.id}"
    assert "I want to" not in _text(hit)
    # the job's own words keep the workspace's language; the sentence around them is the reader's
    assert {span.attrs["lang"] for span in heading.find_all("span") if "lang" in span.attrs} == {"en"}
    # the API and the index keep the English sentence
    answer = api_as(team.viewer).get("/api/v1/workspaces/alpha/search?q=ferns&type=job").get_json()
    assert [item["title"] for item in answer["items"]] == [SENTENCES["en"]]


def test_a_job_kept_in_a_snapshot_is_found_and_shown_in_danish(job, add, team, session, web_as, plant_map):
    quote = add("quote", text="The ferns drooped", collected_on="2026-01-04", step_ids=[plant_map.step("Pay")])
    taken = snapshots.take_snapshot(session, team.admin, plant_map.id, {"label": "Vinter", "as_of": "2026-01-15"})
    session.commit()
    reader = _reader(team, session, web_as, "da")

    hit = page(reader.get("/w/alpha/search?q=ferns&scope=history")).find("li", "search-hit--job")
    snapshot = page(reader.get(f"/snapshots/{taken.snapshot.id}"))

    assert _text(hit.find("h3", "search-hit__title")) == SENTENCES["da"]
    assert [m.text() for m in hit.find_all("mark")] == ["ferns"]
    assert _text(snapshot.find("li", id=f"job-{job.id}").find("p")) == SENTENCES["da"]
    # the snapshot's own dates (kept as ISO text) read the Danish way too
    assert _text(snapshot.find("li", id=f"quote-{quote.id}").find("figcaption")).endswith("4. jan. 2026")
