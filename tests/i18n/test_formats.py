"""Dates and numbers as each interface language writes them (insightrepo.formats, Babel's CLDR data),
and date fields that take ISO dates and the language's own numeric form."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from insightrepo import formats
from tests.conftest import csrf_token_from

DAY = date(2026, 12, 7)
NBSP = "\u00a0"


@pytest.mark.parametrize(("locale", "written"), [
    ("sv", "7 dec. 2026"), ("da", "7. dec. 2026"), ("nb", "7. des. 2026"), ("fi", "7.12.2026"), ("en", "2026-12-07"),
])
def test_a_day_in_each_language(locale, written):
    assert formats.day(DAY, locale=locale) == written


def test_no_language_writes_the_month_first():
    for locale in ("en", "sv", "da", "nb", "fi"):
        assert not re.match(r"^(12|Dec)\D+7\b", formats.day(DAY, locale=locale)), locale


def test_a_moment_and_a_frozen_iso_day():
    assert formats.moment(datetime(2026, 12, 7, 14, 5), locale="sv") == "7 dec. 2026 14:05"
    assert formats.moment(datetime(2026, 12, 7, 14, 5), locale="en") == "2026-12-07 14:05"
    assert formats.day("2026-12-07", locale="fi") == "7.12.2026"  # snapshots keep ISO text


@pytest.mark.parametrize(("locale", "share", "difference"), [
    ("sv", f"14,1{NBSP}%", "−2,5"), ("da", f"14,1{NBSP}%", "−2,5"), ("nb", f"14,1{NBSP}%", "−2,5"),
    ("fi", f"14,1{NBSP}%", "−2,5"), ("en", "14.1 %", "−2.5"),
])
def test_decimal_comma_and_percent_spacing(locale, share, difference):
    assert formats.percent(0.141, locale=locale) == share
    assert formats.number(-2.5, locale=locale) == difference
    assert formats.number(3, signed=True, locale=locale).startswith("+3")


def test_thousands_are_grouped_the_languages_way():
    assert formats.count(12345, locale="sv") == f"12{NBSP}345"
    assert formats.count(12345, locale="da") == "12.345"
    assert formats.count(12345, locale="en") == "12,345"


@pytest.mark.parametrize(("locale", "typed"), [
    ("sv", "2026-12-07"), ("da", "07.12.2026"), ("nb", "7.12.2026"), ("fi", "7.12.2026"), ("en", "2026-12-07"),
])
def test_a_typed_day_is_read_as_iso_or_the_languages_form(locale, typed):
    assert formats.parse_day(typed, locale=locale) == DAY
    assert formats.parse_day("2026-12-7", locale=locale) == DAY


@pytest.mark.parametrize("typed", ["12/07/2026", "7.12.2026", "yesterday", "2026-13-01"])
def test_english_takes_iso_only(typed):
    with pytest.raises(ValueError):
        formats.parse_day(typed, locale="en")


def test_a_date_field_takes_the_finnish_form_and_refuses_a_us_date(login, make_workspace, make_user, session):
    workspace = make_workspace("kasvit", "Kasvit", language="fi")
    user = make_user("aino@example.org", "Aino", workspace, "admin")
    user.locale = "fi"
    session.commit()
    client = login(user)
    page = client.get("/w/kasvit/participants/new")
    html = page.get_data(as_text=True)
    assert 'placeholder="p.k.vvvv"' in html and 'type="date"' not in html
    token = csrf_token_from(html)
    refused = client.post("/w/kasvit/participants/new", data={
        "csrf_token": token, "code": "P01", "method": "interview", "interviewed_on": "12/07/2026"})
    assert refused.status_code in (200, 422)  # the form again, its field message in place
    assert "Ei päivämäärä: kirjoita muodossa 2026-12-07 tai 7.12.2026." in refused.get_data(as_text=True)
    saved = client.post("/w/kasvit/participants/new", data={
        "csrf_token": token, "code": "P01", "method": "interview", "interviewed_on": "7.12.2026"})
    assert saved.status_code == 302
    shown = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "7.12.2026" in shown


@pytest.mark.parametrize("locale", ["sv", "da", "nb", "fi"])
@pytest.mark.parametrize(("typed", "value"), [
    ("0,5", "0.5"), ("0.5", "0.5"), (" 1 234,75 ", "1234.75"), ("−2,25", "-2.25"), ("12", "12"), (",5", "0.5"),
])
def test_a_nordic_number_field_takes_a_decimal_comma_or_point(locale, typed, value):
    assert formats.parse_decimal(typed, locale=locale) == Decimal(value)


@pytest.mark.parametrize("typed", ["1.234,5", "1,2,3", "12 kr", "", "1e3", "0,5", "1,234"])
def test_english_takes_a_decimal_point_and_nothing_ambiguous(typed):
    with pytest.raises(ValueError):
        formats.parse_decimal(typed, locale="en")


@pytest.mark.parametrize("typed", ["1.234,5", "1,2,3", "12 kr", "", "1e3"])
def test_a_number_that_is_not_one_is_refused_in_any_language(typed):
    with pytest.raises(ValueError):
        formats.parse_decimal(typed, locale="sv")


def test_a_swedish_measurement_takes_a_decimal_comma_and_shows_it_back(team, session, web_as, plant_map):
    """A Swedish team types the mean satisfaction as they write it (3,5) — a browser's number input
    would follow the browser's locale and drop it — and a refused form shows their figures as typed."""
    from insightrepo.experiments import experiments
    from insightrepo.models import Measurement

    team.editor.locale = "sv"
    experiment = experiments.create_experiment(session, team.admin, "alpha", {
        "title": "Videoguide", "metric": {"name": "nöjdhet", "kind": "mean", "unit": "poäng", "direction": "increase"},
        "minimum_effect": 0.25, "design": "before_after", "step_ids": [plant_map.step("Unpack the plants")]})
    session.commit()
    client = web_as(team.editor)
    url = f"/experiments/{experiment.id}"
    html = client.get(url).get_data(as_text=True)
    assert 'inputmode="decimal" name="mean" type="text"' in html  # not the browser's number input
    token = csrf_token_from(html)

    refused = client.post(f"{url}/measurements", data={
        "csrf_token": token, "group": "baseline", "measured_on": "2026-03-04", "n": "40", "mean": "3,5", "sd": "0,8 kr"})
    assert refused.status_code == 422
    words = refused.get_data(as_text=True)
    assert "Skriv ett tal, till exempel 3 eller 0,5." in words
    assert 'value="3,5"' in words  # as typed, not lost

    saved = client.post(f"{url}/measurements", data={
        "csrf_token": token, "group": "baseline", "measured_on": "2026-03-04", "n": "40", "mean": "3,5", "sd": "0.8"})
    assert saved.status_code == 302
    measurement = session.query(Measurement).filter_by(experiment_id=experiment.id).one()
    assert (measurement.mean, measurement.sd) == (3.5, 0.8)
    edit = client.get(f"{url}/edit").get_data(as_text=True)
    assert 'value="0,25"' in edit  # the minimum effect, in the mean's unit, with the Swedish comma
