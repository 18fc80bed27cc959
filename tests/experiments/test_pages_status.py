"""Moving an experiment through its statuses on its page: start it on a date, conclude it with the
suggested verdict preselected (an override needs a reason, and is shown as one), abandon it with a
reason; a move that is not possible is explained and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.experiments.page_helpers import QUALITATIVE, days_ago
from tests.experiments.page_helpers import flashes, main, ok, post_on_page, stored

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def _moves(tree) -> dict[str, object]:
    """Target status → its form in the page's status moves."""
    box = tree.find_all("div", id="status-moves")
    if not box:
        return {}
    return {f.find("input", name="status").attrs["value"]: f for f in box[0].find_all("form")}


def _error_beside(form, name: str) -> str:
    [control] = [n for n in form.iter() if n.attrs.get("name") == name and n.tag in ("input", "select", "textarea")]
    return control.parent.find("p", "error").text()


def _move(client, experiment_id: str, status: str, **fields):
    version = str(stored_version(client, experiment_id))
    return post_on_page(client, experiment_id, "status", {"status": status, "version": version, **fields})


def stored_version(client, experiment_id: str) -> str:
    form = next(iter(_moves(ok(client, f"/experiments/{experiment_id}")).values()), None)
    return form.find("input", name="version").attrs["value"] if form is not None else "1"


def test_each_status_offers_only_its_possible_moves(editor_web, log, move, supported):
    draft = log(title="Plant passport")
    running = log(title="Care card")
    move(running, "running")
    abandoned = log(title="Robot delivery")
    move(abandoned, "abandoned")

    offered = {e: sorted(_moves(ok(editor_web, f"/experiments/{e}"))) for e in (draft, running, supported, abandoned)}

    assert offered == {draft: ["abandoned", "running"], running: ["abandoned", "concluded"], supported: [],
                       abandoned: []}
    assert [s.text() for s in ok(editor_web, f"/experiments/{draft}").find("div", id="status-moves").find_all("summary")] \
        == ["Start the experiment", "Abandon the experiment"]


def test_starting_dates_the_experiment(editor_web, session, log):
    experiment_id = log()
    started = days_ago(3)

    response = _move(editor_web, experiment_id, "running", on=started.isoformat())

    assert response.status_code == 302
    experiment = stored(session, experiment_id)
    assert experiment.status == "running" and experiment.started_on == started
    shown = editor_web.get(response.headers["Location"])
    assert flashes(shown) == ["Experiment running."]
    assert main(shown).find("p", id="experiment-status").text().startswith(
        f"running · started {started.isoformat()}")


def test_a_start_in_the_future_is_refused_beside_the_date(editor_web, session, log):
    experiment_id = log()

    response = _move(editor_web, experiment_id, "running", on=(date.today() + timedelta(days=1)).isoformat())

    assert response.status_code == 422
    form = _moves(main(response))["running"]
    assert _error_beside(form, "on") == "a status change cannot be dated in the future"
    assert "open" in form.parent.attrs  # the move stays open, with what was typed
    assert stored(session, experiment_id).status == "draft"


def test_concluding_before_the_start_is_refused_beside_the_date(editor_web, session, running):
    response = _move(editor_web, running, "concluded", on=days_ago(40).isoformat())

    assert response.status_code == 422
    assert _error_beside(_moves(main(response))["concluded"], "on").startswith("it cannot end before it started")
    assert stored(session, running).status == "running"


def test_the_conclude_form_preselects_the_suggested_verdict(editor_web, running):
    form = _moves(ok(editor_web, f"/experiments/{running}"))["concluded"]

    options = [(o.attrs["value"], o.text(), "selected" in o.attrs) for o in form.find("select").find_all("option")]

    assert options == [("supported", "Supported (suggested)", True), ("refuted", "Refuted", False),
                       ("inconclusive", "Inconclusive", False)]


def test_concluding_with_the_suggestion_needs_no_reason(editor_web, session, running):
    response = _move(editor_web, running, "concluded", on=date.today().isoformat(), verdict="supported")

    assert response.status_code == 302
    experiment = stored(session, running)
    assert (experiment.status, experiment.verdict, experiment.ended_on) == ("concluded", "supported", date.today())
    verdict = main(editor_web.get(f"/experiments/{running}")).find("div", id="team-verdict")
    assert verdict.find("p").text() == "Our verdict: supported."


def test_an_override_without_a_reason_is_refused_beside_the_reason(editor_web, session, running):
    response = _move(editor_web, running, "concluded", verdict="inconclusive", verdict_reason="  ")

    assert response.status_code == 422
    form = _moves(main(response))["concluded"]
    assert _error_beside(form, "verdict_reason") == \
        "the numbers suggest “supported”: say why the verdict is “inconclusive”"
    assert [o.attrs["value"] for o in form.find("select").find_all("option") if "selected" in o.attrs] == \
        ["inconclusive"]  # the choice is kept
    assert stored(session, running).status == "running"


def test_a_refused_move_is_sent_back_scrolled_to_its_error(editor_web, running):
    """The form's action names its own place on the page, so the browser shows the answer there
    (the error was 1,500 px below the top of the page it landed on)."""
    response = _move(editor_web, running, "concluded", verdict="inconclusive", verdict_reason="  ")

    form = _moves(main(response))["concluded"]
    assert form.attrs["action"] == f"/experiments/{running}#move-concluded"  # back to the page itself
    assert form.parent.attrs["id"] == "move-concluded" and "open" in form.parent.attrs


def test_an_override_with_a_reason_is_saved_and_shown_as_overriding(editor_web, session, running):
    reason = "The follow-up fell in the holidays, when nobody complains."

    response = _move(editor_web, running, "concluded", verdict="inconclusive", verdict_reason=reason)

    assert response.status_code == 302
    experiment = stored(session, running)
    assert (experiment.verdict, experiment.verdict_reason) == ("inconclusive", reason)
    verdict = main(editor_web.get(f"/experiments/{running}")).find("div", id="team-verdict")
    assert verdict.find("p").text() == "Our verdict: inconclusive. overrides the suggested “supported”"
    assert reason in verdict.text()


def test_a_qualitative_experiment_is_concluded_with_the_teams_own_verdict(editor_web, session, log, move):
    experiment_id = log(metric=QUALITATIVE, minimum_effect=None)
    move(experiment_id, "running")
    form = _moves(ok(editor_web, f"/experiments/{experiment_id}"))["concluded"]
    assert [o.text() for o in form.find("select").find_all("option")][0] == "— choose"

    refused = _move(editor_web, experiment_id, "concluded", verdict="")
    done = _move(editor_web, experiment_id, "concluded", verdict="supported")

    assert refused.status_code == 422
    assert _error_beside(_moves(main(refused))["concluded"], "verdict") == \
        "say what you concluded: supported, refuted or inconclusive"
    assert done.status_code == 302 and stored(session, experiment_id).verdict == "supported"


def test_abandoning_keeps_the_reason_and_shows_it(editor_web, session, running):
    response = _move(editor_web, running, "abandoned", verdict_reason="The supplier stopped the video service.")

    assert response.status_code == 302
    experiment = stored(session, running)
    assert experiment.status == "abandoned" and experiment.ended_on == date.today()
    tree = main(editor_web.get(f"/experiments/{running}"))
    assert "Abandoned: The supplier stopped the video service." in tree.find("section", id="result").text()
    assert tree.find("span", "xbadge").text() == "abandoned"


@pytest.mark.parametrize("status, message", [
    ("running", "A concluded experiment cannot become running: concluded is final."),
    ("abandoned", "A concluded experiment cannot become abandoned: concluded is final."),
    ("draft", "A concluded experiment cannot become draft: concluded is final."),
])
def test_an_impossible_move_is_explained_and_changes_nothing(editor_web, session, supported, status, message):
    before = stored(session, supported)
    snapshot = (before.status, before.verdict, before.started_on, before.ended_on, before.version)

    response = post_on_page(editor_web, supported, "status", {"status": status, "on": date.today().isoformat(),
                                                          "version": str(before.version)})

    assert response.status_code == 409
    assert flashes(response) == [message]
    after = stored(session, supported)
    assert (after.status, after.verdict, after.started_on, after.ended_on, after.version) == snapshot


def test_a_move_from_a_stale_page_is_refused(editor_web, session, log, move):
    experiment_id = log()
    page_version = stored_version(editor_web, experiment_id)
    move(experiment_id, "running", on=days_ago(2))  # someone else started it meanwhile

    response = post_on_page(editor_web, experiment_id, "status", {"status": "abandoned", "version": page_version})

    assert response.status_code == 409
    assert flashes(response) == ["Someone else changed this since you loaded it."]
    assert stored(session, experiment_id).status == "running"


def test_a_move_without_a_status_changes_nothing(editor_web, session, log):
    experiment_id = log()

    response = post_on_page(editor_web, experiment_id, "status", {"status": "", "version": "1"})

    assert response.status_code == 422
    assert stored(session, experiment_id).status == "draft"
