"""Participant codes match ignoring case the same way everywhere — in Python and in both
databases — for the letters Nordic (and Turkish, and German) teams write: å, ä, ö, æ, ø, İ, ß.
A code and its other spellings are one participant, whichever way it is reached."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from insightrepo.models import Participant, Quote
from insightrepo.backup import backup
from insightrepo.imports import quotes_csv
from insightrepo.errors import Invalid
from tests.api.helpers import assert_error
from tests.evidence.helpers import create, listed
from tests.imports.helpers import csv_bytes

NFD = unicodedata.normalize("NFD", "Ärla-01")
SPELLINGS = [  # (the code as created, the same code as someone else types it)
    ("Ärla-01", "Ärla-01"),
    ("Ärla-01", "ärla-01"),
    ("ärla-01", "ÄRLA-01"),
    ("Ärla-01", NFD),
    ("Øresund-Å", "øresund-å"),
    ("Æble-3", "æble-3"),
    ("İx", "İx"),
    ("İx", "i\u0307x"),
    ("Straße-1", "STRASSE-1"),
]
IDS = [f"{a}~{b}" for a, b in SPELLINGS]


@pytest.mark.parametrize("code, again", SPELLINGS, ids=IDS)
def test_a_code_spelt_again_is_a_conflict_not_a_second_participant(editor_api, code, again):
    create(editor_api, "participants", code=code)

    error = assert_error(editor_api.post("/api/v1/workspaces/alpha/participants", json={"code": again}), 409, "conflict")

    assert error["details"]["fields"] == {"code": "already exists"}
    assert [p["code"] for p in listed(editor_api, "participants")] == [code]


@pytest.mark.parametrize("code, again", SPELLINGS, ids=IDS)
def test_a_quote_naming_the_code_in_another_case_is_attributed_to_that_participant(editor_api, code, again):
    participant = create(editor_api, "participants", code=code)

    quote = create(editor_api, "quotes", text="Jag hittade inte jorden.", participant=again)

    assert quote["participant"] == code
    assert [p["id"] for p in listed(editor_api, "participants")] == [participant["id"]]
    assert [q["id"] for q in listed(editor_api, "quotes", f"participant={again.upper()}")] == [quote["id"]]


def test_renaming_onto_a_code_taken_in_another_case_is_a_conflict(editor_api):
    create(editor_api, "participants", code="Åsa-01")
    other = create(editor_api, "participants", code="Bo-02")

    assert_error(editor_api.patch(f"/api/v1/participants/{other['id']}", json={"code": "åsa-01", "version": 1}), 409)


def test_changing_only_the_case_of_a_nordic_code_is_allowed(editor_api):
    participant = create(editor_api, "participants", code="ärla-01")

    response = editor_api.patch(f"/api/v1/participants/{participant['id']}", json={"code": "Ärla-01", "version": 1})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["code"] == "Ärla-01"


def test_a_csv_import_attributes_quotes_to_the_participant_whatever_the_case(session, team, editor_api):
    participant = create(editor_api, "participants", code="Ärla-01")
    data = csv_bytes([["text", "participant"], ["Leveransen var sen", "ärla-01"], ["Bra kundtjänst", "ÄRLA-01"],
                      ["Fina krukor", "öland-2"], ["Dyr frakt", "Öland-2"]])

    report = quotes_csv.import_quotes(session, team.editor, "alpha", data, {"text": "text",
                                                                             "participant": "participant"})
    session.commit()

    assert report.participants_created == 1
    codes = sorted(session.scalars(select(Participant.code).where(Participant.workspace_id == team.a.id)))
    assert codes == ["Ärla-01", "öland-2"]
    attributed = session.scalars(select(Quote.participant_id).where(Quote.workspace_id == team.a.id)).all()
    assert attributed.count(participant["id"]) == 2


def test_a_backup_with_one_code_in_two_cases_is_refused(session, team, editor_api):
    create(editor_api, "participants", code="Straße-1")
    document = backup.export_workspace(session, None, "alpha")
    document["participants"].append({**document["participants"][0], "id": "f" * 32, "code": "STRASSE-1"})

    with pytest.raises(Invalid) as refused:
        backup.import_workspace(session, None, document, new_slug="alpha-copy")

    assert refused.value.fields["participants[1]"].startswith("repeats the participant code")
