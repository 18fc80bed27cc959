"""Personal data in customer words: e-mail addresses, Nordic phone numbers and Swedish personal
identity numbers are found and can be masked; dates, years, prices and order numbers are not."""

from __future__ import annotations

import pytest

from insightrepo.evidence.personal_data import (
    MASK,
    find_personal_data,
    kinds_of_personal_data,
    mask_personal_data,
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start:f.end]) for f in find_personal_data(text)]


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Mejla mig på anna.svensson+plants@example.se om det.", "email", "anna.svensson+plants@example.se"),
    ("Write to ole@firma.dk", "email", "ole@firma.dk"),
    ("Ring mig på +46 70 123 45 67 efter fem.", "phone", "+46 70 123 45 67"),
    ("Ring mig på 070-123 45 67 efter fem.", "phone", "070-123 45 67"),
    ("Mit nummer er +45 12 34 56 78.", "phone", "+45 12 34 56 78"),
    ("Mit nummer er 12 34 56 78.", "phone", "12 34 56 78"),
    ("Soita +358 40 123 4567 kiitos", "phone", "+358 40 123 4567"),
    ("Soita 040 123 4567 kiitos", "phone", "040 123 4567"),
    ("Ring meg på +47 912 34 567!", "phone", "+47 912 34 567"),
    ("Ring meg på 912 34 567!", "phone", "912 34 567"),
    ("Växeln: (08) 123 456 78", "phone", "(08) 123 456 78"),
    ("Ring 0046 70 123 45 67", "phone", "0046 70 123 45 67"),
    ("Mitt personnummer är 19900101-1234.", "personal_identity_number", "19900101-1234"),
    ("Mitt personnummer är 900101-1234.", "personal_identity_number", "900101-1234"),
    ("pnr 199001011234 i formuläret", "personal_identity_number", "199001011234"),
    ("Farfar har 200101+1234", "personal_identity_number", "200101+1234"),
    ("samordningsnummer 900161-1234", "personal_identity_number", "900161-1234"),
])
def test_personal_data_is_found(text, kind, value):
    assert _found(text) == [(kind, value)]
    assert kinds_of_personal_data(text) == [kind]


@pytest.mark.parametrize("text", [
    "Vi var där 2026-03-04 och det regnade.",
    "Den 04-03-2026 kom paketet.",
    "Levererat 2026-03-04 14:30, alldeles för sent.",
    "Vi var kunder 2019-2021 och sen slutade vi.",
    "Den kostade 1 299 kr och dog direkt.",
    "Priset var 12 999,00 kr.",
    "Huset kostade 12 500 000 kr.",
    "Det kostade 349:- för tre krukor.",
    "Mitt ordernummer är 12345678.",
    "Order #A-12345678 kom aldrig.",
    "Order 1234567890 is missing.",
    "Order no. 2026-0412-7781 was cancelled.",
    "Kortet slutar på 4567-8901-2345.",
    "I waited 45 minutes for 3 plants in 1999.",
    "P07 said it was fine.",
])
def test_dates_years_prices_and_order_numbers_are_not_personal_data(text):
    assert _found(text) == []
    assert mask_personal_data(text) == text


def test_masking_replaces_each_finding_and_keeps_the_rest():
    text = ("Ring 070-123 45 67 eller mejla anna@example.se, "
            "mitt pnr är 900101-1234. Leverans 2026-03-04 för 1 299 kr.")

    masked = mask_personal_data(text)

    assert masked == (f"Ring {MASK} eller mejla {MASK}, mitt pnr är {MASK}. Leverans 2026-03-04 för 1 299 kr.")
    assert find_personal_data(masked) == []
    assert kinds_of_personal_data(text) == ["email", "personal_identity_number", "phone"]


def test_a_phone_number_right_after_a_date_is_still_found():
    assert _found("2026-03-04 070-123 45 67") == [("phone", "070-123 45 67")]


def test_an_identity_number_is_not_also_counted_as_a_phone_number():
    findings = find_personal_data("19900101-1234")

    assert [f.kind for f in findings] == ["personal_identity_number"]
    assert findings[0].label == "a personal identity number"


def test_findings_come_earliest_first_and_never_overlap():
    text = "a@example.org, +46 70 123 45 67, 900101-1234, b@example.org"

    findings = find_personal_data(text)

    assert [f.kind for f in findings] == ["email", "phone", "personal_identity_number", "email"]
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:]))


def test_empty_text_has_nothing_to_find():
    assert find_personal_data("") == []
    assert mask_personal_data("") == ""


# ---- in the API ---------------------------------------------------------------------------

def test_the_quote_api_names_the_kinds_of_personal_data_in_a_quote(editor_api):
    response = editor_api.post("/api/v1/workspaces/alpha/quotes", json={
        "text": "Ring mig på 070-123 45 67 eller skriv till kim@example.se"})

    assert response.status_code == 201, response.json
    assert response.json["personal_data"] == ["email", "phone"]
    listed = editor_api.get("/api/v1/workspaces/alpha/quotes").json["items"]
    assert listed[0]["personal_data"] == ["email", "phone"]


def test_a_masked_quote_shows_no_personal_data(editor_api):
    text = "Mitt personnummer är 19900101-1234, ring 070-123 45 67."
    quote = editor_api.post("/api/v1/workspaces/alpha/quotes", json={"text": text}).json
    assert quote["personal_data"] == ["personal_identity_number", "phone"]

    masked = editor_api.patch(f"/api/v1/quotes/{quote['id']}", json={"text": mask_personal_data(text), "version": 1})

    assert masked.status_code == 200, masked.json
    assert masked.json["text"] == f"Mitt personnummer är {MASK}, ring {MASK}."
    assert masked.json["personal_data"] == []


def test_a_quote_with_only_dates_and_prices_shows_no_personal_data(editor_api):
    response = editor_api.post("/api/v1/workspaces/alpha/quotes", json={
        "text": "Beställde 2026-03-04, betalade 1 299 kr, ordernummer 12345678."})

    assert response.json["personal_data"] == []
