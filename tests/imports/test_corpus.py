"""The shared corpus of 1,000 real clothing reviews (81 with line breaks inside a review, 42
without any text) through the API, as a user would import it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from insightrepo.models import Participant, Quote, Tag
from tests.imports.helpers import CORPUS, CORPUS_MAPPING, count, nothing_written

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason="the shared corpus (../shared/corpus/) is absent")

URL = "/api/v1/workspaces/alpha/quotes/import"


@pytest.fixture(scope="module")
def corpus() -> bytes:
    return CORPUS.read_bytes()


@pytest.fixture(scope="module")
def records(corpus) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(corpus.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def empty_text_lines(corpus, records) -> list[int]:
    """Where each empty review starts, found without a CSV parser: every record begins with
    its row number, Clothing ID and Age, at the start of a physical line."""
    physical = corpus.decode("utf-8-sig").split("\n")
    found = []
    for record in records:
        if not record["Review Text"].strip():
            prefix = f"{record['']},{record['Clothing ID']},{record['Age']},"
            found.append(next(n for n, line in enumerate(physical, 1) if line.startswith(prefix)))
    return found


def send(api, data: bytes, **options):
    form = {"file": (io.BytesIO(data), "clothing-reviews.csv", "text/csv"), "mapping": json.dumps(CORPUS_MAPPING),
            **options}
    return api.client.post(URL, data=form, headers=api.headers, content_type="multipart/form-data")


def test_the_42_reviews_without_text_are_reported_at_their_lines(api_as, team, session, corpus, empty_text_lines):
    response = send(api_as(team.editor), corpus)

    assert response.status_code == 422
    body = response.get_json()
    assert body["imported"] == 0 and len(body["errors"]) == 42
    assert [e["line"] for e in body["errors"]] == empty_text_lines
    assert empty_text_lines[0] == 114 and empty_text_lines[-1] == 1143  # checked by hand in the file
    assert {e["message"] for e in body["errors"]} == {"text is required (column “Review Text”)"}
    assert "42 rows are not valid" in body["error"]["message"]
    assert nothing_written(session, team.a)


def test_with_skip_empty_the_958_reviews_are_imported(api_as, team, session, corpus, records):
    response = send(api_as(team.editor), corpus, skip_empty="true")

    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    kept = [r for r in records if r["Review Text"].strip()]
    assert (body["imported"], body["skipped_empty"], body["rows"]) == (958, 42, 1000)
    assert count(session, Quote, team.a) == 958
    assert count(session, Participant, team.a) == len({r["Clothing ID"] for r in kept}) == body["participants_created"]
    assert count(session, Tag, team.a) == len({r["Department Name"].casefold() for r in kept if r["Department Name"]})
    multi_line = next(r["Review Text"] for r in kept if "\n" in r["Review Text"])
    assert session.query(Quote).filter_by(workspace_id=team.a.id, text=multi_line.strip()).count() == 1


def test_a_dry_run_of_the_corpus_writes_nothing(api_as, team, session, corpus):
    response = send(api_as(team.editor), corpus, skip_empty="true", dry_run="true")

    assert response.status_code == 200 and response.get_json()["would_import"] == 958
    assert nothing_written(session, team.a)


def test_the_corpus_saved_by_swedish_excel_gives_the_same_answer(api_as, team, corpus, records, empty_text_lines):
    """Semicolons, a byte-order mark and CRLF line ends: the same rows, the same lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(records[0].keys())
    writer.writerows(r.values() for r in records)
    excel = b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")

    body = send(api_as(team.editor), excel).get_json()

    assert body["delimiter"] == ";"
    assert [e["line"] for e in body["errors"]] == empty_text_lines
