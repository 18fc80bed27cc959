"""Dates far in the future or the past (issue 18): `?to=9999-12-31` made the change log add a
day past the calendar's end (a 500). Every date a user types — API query args and bodies, HTML
forms and filters, backups — must lie in the one range field_checks names, or it is a
422 / a field message and nothing changes."""

from __future__ import annotations

import pytest

from insightrepo.models import Participant
from insightrepo.field_checks import EARLIEST_DAY, LATEST_DAY
from tests.api.helpers import field_errors
from tests.conftest import csrf_token_from

FAR = ["9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("name", ["from", "to"])
def test_the_change_log_refuses_a_date_out_of_range(api_as, team, make_map, name, day):
    built = make_map({"Choose": ["Browse"]})

    response = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}/changes?{name}={day}")

    assert name in field_errors(response, 422)


def test_the_change_log_takes_the_last_day_of_the_range(api_as, team, make_map):
    built = make_map({"Choose": ["Browse"]})

    response = api_as(team.viewer).get(f"/api/v1/journeys/{built.id}/changes?from={EARLIEST_DAY}&to={LATEST_DAY}")

    assert response.status_code == 200 and response.json["total"] > 0


def test_the_history_page_ignores_a_far_to(login, team, make_map):
    built = make_map({"Choose": ["Browse"]})

    assert login(team.viewer).get(f"/journeys/{built.id}/history?to=9999-12-31").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/workspaces/alpha/search?q=plant&to=9999-12-31",
                                  "/api/v1/workspaces/alpha/quotes?from=0001-01-01",
                                  "/api/v1/workspaces/alpha/participants?to=9999-12-31"])
def test_date_filters_out_of_range_are_422(api_as, team, path):
    fields = field_errors(api_as(team.viewer).get(path), 422)

    assert any(str(LATEST_DAY) in message for message in fields.values())


@pytest.mark.parametrize("day", FAR)
def test_a_date_in_a_body_out_of_range_is_422_and_nothing_is_written(api_as, team, session, day):
    response = api_as(team.editor).post("/api/v1/workspaces/alpha/participants",
                                        json={"code": "P07", "interviewed_on": day})

    assert "interviewed_on" in field_errors(response, 422)
    assert session.query(Participant).filter_by(code="P07").count() == 0


def test_a_snapshot_of_year_one_is_refused(api_as, team, make_map):
    built = make_map({"Choose": ["Browse"]})

    response = api_as(team.editor).post(f"/api/v1/journeys/{built.id}/snapshots",
                                        json={"label": "Old", "as_of": "0001-01-01"})

    assert "as_of" in field_errors(response, 422)


def test_a_form_date_out_of_range_gets_a_field_message(login, team, session):
    client = login(team.editor)
    form_page = client.get("/w/alpha/participants/new").get_data(as_text=True)

    response = client.post("/w/alpha/participants/new", data={
        "csrf_token": csrf_token_from(form_page), "code": "P08", "interviewed_on": "9999-12-31"})

    assert response.status_code == 200
    assert str(LATEST_DAY) in response.get_data(as_text=True)
    assert session.query(Participant).filter_by(code="P08").count() == 0


def test_a_library_filter_out_of_range_is_left_out_with_a_message(login, team):
    response = login(team.viewer).get("/w/alpha/search?q=plant&to=9999-12-31")

    assert response.status_code == 200
    assert str(LATEST_DAY) in response.get_data(as_text=True)
