"""An independent reading of what differs between two frozen maps, written for the tests
from the maps alone (never from the stored objects or insightrepo.timeline.manifest_diff), and a check
that a comparison accounts for every difference and nothing else."""

from __future__ import annotations

from statistics import mean

KINDS = ("quotes", "narratives", "jobs")
NOT_FIELDS = {"id", "phase_id", "position", "evidence", "experiments"}


def lcs_length(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def _in_same_order(kept: list[str], a: list[str], b: list[str]) -> bool:
    return [x for x in a if x in kept] == [x for x in b if x in kept]


def _steps(body: dict) -> dict[str, tuple[str, dict]]:
    return {s["id"]: (p["id"], s) for p in body["phases"] for s in p["steps"]}


def _links(step: dict) -> dict[str, set[str]]:
    return {kind: {item["id"] for item in step["evidence"][kind]} for kind in KINDS}


def _link_changes(before: set[str], after: set[str]) -> dict:
    return {"linked": sorted(after - before), "unlinked": sorted(before - after)} if before != after else {}


def _items(body: dict) -> dict[tuple[str, str], dict]:
    items = {}
    for phase in body["phases"]:
        for job in phase["jobs"]:
            items["jobs", job["id"]] = job
        for step in phase["steps"]:
            for kind in KINDS:
                for item in step["evidence"][kind]:
                    items[kind, item["id"]] = item
            for experiment in step.get("experiments", []):
                items["experiments", experiment["id"]] = experiment
    return items


def _experiment_ids(step: dict) -> set[str]:
    return {experiment["id"] for experiment in step.get("experiments", [])}


def _check_moves(entries: dict[str, dict], order_a: list[str], order_b: list[str], where: str) -> None:
    """The items not marked moved kept their relative order, and as many as possible did."""
    common = [x for x in order_a if x in set(order_b)]
    kept = [x for x in common if not (x in entries and entries[x]["moved"])]
    assert _in_same_order(kept, order_a, order_b), f"{where}: unmoved items changed order"
    assert len(kept) == lcs_length(common, [x for x in order_b if x in set(order_a)]), \
        f"{where}: more items marked moved than needed"


def check_comparison(diff: dict, a: dict, b: dict) -> None:
    """``diff`` compares frozen map ``a`` with frozen map ``b`` (GET /snapshots/{id} bodies)."""
    # ---- steps --------------------------------------------------------------------------
    steps_a, steps_b = _steps(a), _steps(b)
    entries = {e["id"]: e for e in diff["steps"]}
    assert len(entries) == len(diff["steps"]), "a step is listed twice"
    assert set(entries) <= set(steps_a) | set(steps_b), "a step listed that is on neither side"

    expected_links: dict[str, dict] = {}
    for sid in set(steps_a) | set(steps_b):
        entry = entries.get(sid)
        if sid not in steps_a:
            phase_id, step = steps_b[sid]
            assert entry is not None, f"added step {step['title']!r} not listed"
            assert (entry["change"], entry["from_phase_id"], entry["to_phase_id"]) == ("added", None, phase_id)
            assert entry["fields"] == {k: {"old": None, "new": step[k]} for k in ("marker", "moment_of_truth")
                                       if step[k]}
            continue
        if sid not in steps_b:
            phase_id, step = steps_a[sid]
            assert entry is not None, f"removed step {step['title']!r} not listed"
            assert (entry["change"], entry["from_phase_id"], entry["to_phase_id"]) == ("removed", phase_id, None)
            assert entry["fields"] == {k: {"old": step[k], "new": None} for k in ("marker", "moment_of_truth")
                                       if step[k]}
            continue
        (pa, old), (pb, new) = steps_a[sid], steps_b[sid]
        fields = {k: {"old": old[k], "new": new[k]} for k in old.keys() - NOT_FIELDS if old[k] != new[k]}
        links_a, links_b = _links(old), _links(new)
        evidence = {kind: _link_changes(links_a[kind], links_b[kind]) for kind in KINDS
                    if links_a[kind] != links_b[kind]}
        experiments = _link_changes(_experiment_ids(old), _experiment_ids(new))
        if experiments:
            expected_links[sid] = experiments
        if entry is None:  # an experiment logged on it or taken off is not a change of the step
            assert not fields and not evidence and pa == pb, f"step {new['title']!r} differs but is not listed"
            continue
        assert entry["fields"] == fields, new["title"]
        assert entry["evidence"] == evidence, new["title"]
        assert entry["experiments"] == experiments, new["title"]
        assert entry["change"] == ("changed" if fields else "relinked" if evidence else "moved")
        assert (entry["from_phase_id"], entry["to_phase_id"]) == (pa, pb)
        assert entry["title"] == new["title"]
        if pa != pb:
            assert entry["moved"], f"step {new['title']!r} changed phase but is not marked moved"
        both = old["emotion"] is not None and new["emotion"] is not None
        assert entry["emotion_delta"] == (new["emotion"] - old["emotion"] if both else None)
        if not fields and not evidence:
            assert entry["moved"], "a step listed with no difference of its own"

    for phase_b in b["phases"]:
        phase_a = next((p for p in a["phases"] if p["id"] == phase_b["id"]), None)
        if phase_a is not None:
            order_a = [s["id"] for s in phase_a["steps"] if steps_b.get(s["id"], ("",))[0] == phase_b["id"]]
            order_b = [s["id"] for s in phase_b["steps"] if steps_a.get(s["id"], ("",))[0] == phase_b["id"]]
            _check_moves(entries, order_a, order_b, f"steps of {phase_b['title']!r}")

    # ---- phases -------------------------------------------------------------------------
    phases_a, phases_b = {p["id"]: p for p in a["phases"]}, {p["id"]: p for p in b["phases"]}
    phase_entries = {e["id"]: e for e in diff["phases"]}
    assert len(phase_entries) == len(diff["phases"])
    for pid in phases_a.keys() | phases_b.keys():
        entry = phase_entries.get(pid)
        if pid not in phases_a or pid not in phases_b:
            assert entry is not None and entry["change"] == ("added" if pid not in phases_a else "removed")
            continue
        old, new = phases_a[pid], phases_b[pid]
        fields = {k: {"old": old[k], "new": new[k]} for k in ("title", "goal") if old[k] != new[k]}
        jobs = _link_changes({j["id"] for j in old["jobs"]}, {j["id"] for j in new["jobs"]})
        if entry is None:
            assert not fields and not jobs, f"phase {new['title']!r} differs but is not listed"
            continue
        assert entry["fields"] == fields and entry["evidence"] == ({"jobs": jobs} if jobs else {})
        assert entry["change"] == ("changed" if fields or jobs else "moved")
        if entry["change"] == "moved":
            assert entry["moved"]
    _check_moves(phase_entries, [p["id"] for p in a["phases"]], [p["id"] for p in b["phases"]], "phases")

    # ---- the journey and the evidence's own content -----------------------------------------
    journey_fields = ("title", "description", "scope", "kind", "persona", "owner", "archived")
    assert diff["journey"]["fields"] == {k: {"old": a[k], "new": b[k]} for k in journey_fields if a[k] != b[k]}
    items_a, items_b = _items(a), _items(b)
    expected_edits = {
        key: {k: {"old": items_a[key][k], "new": items_b[key][k]} for k in items_a[key] if items_a[key][k] !=
              items_b[key][k]}
        for key in items_a.keys() & items_b.keys() if items_a[key] != items_b[key]}
    assert {(e["kind"], e["id"]): e["fields"] for e in diff["evidence"] + diff["experiments"]} == expected_edits
    assert all(e["kind"] != "experiments" for e in diff["evidence"]), "an experiment listed as evidence"
    assert [e["title"] for e in diff["experiments"]] == [items_b["experiments", e["id"]]["title"]
                                                        for e in diff["experiments"]]

    # ---- the summary --------------------------------------------------------------------
    summary = diff["summary"]
    listed = list(entries.values())
    assert summary["steps"] == {
        "added": len(steps_b.keys() - steps_a.keys()), "removed": len(steps_a.keys() - steps_b.keys()),
        "changed": sum(1 for e in listed if e["change"] == "changed"),
        "relinked": sum(1 for e in listed if e["change"] == "relinked"), "moved": sum(1 for e in listed if e["moved"]),
        "before": len(steps_a), "after": len(steps_b)}

    def mean_of(steps):
        scores = [s["emotion"] for _, s in steps.values() if s["emotion"] is not None]
        return round(mean(scores), 2) if scores else None

    assert summary["mean_emotion"] == {"before": mean_of(steps_a), "after": mean_of(steps_b)}
    for marker, name in (("heart", "hearts"), ("thundercloud", "thunderclouds")):
        had = {sid for sid, (_, s) in steps_a.items() if s["marker"] == marker}
        has = {sid for sid, (_, s) in steps_b.items() if s["marker"] == marker}
        assert set(summary[name]["gained"]) == has - had and set(summary[name]["lost"]) == had - has, name
    had = {sid for sid, (_, s) in steps_a.items() if s["moment_of_truth"]}
    has = {sid for sid, (_, s) in steps_b.items() if s["moment_of_truth"]}
    assert set(summary["moments_of_truth"]["gained"]) == has - had
    assert set(summary["moments_of_truth"]["lost"]) == had - has
    deltas = sorted((abs(e["emotion_delta"]) for e in listed if e["emotion_delta"]), reverse=True)
    assert [abs(m["emotion_delta"]) for m in summary["biggest_emotion_changes"]] == deltas[:5]
    for kind in KINDS:
        linked = sum(len(e["evidence"].get(kind, {}).get("linked", [])) for e in listed + list(phase_entries.values()))
        unlinked = sum(len(e["evidence"].get(kind, {}).get("unlinked", []))
                       for e in listed + list(phase_entries.values()))
        assert summary["evidence"][kind] == {"linked": linked, "unlinked": unlinked,
                                             "changed": sum(1 for k in expected_edits if k[0] == kind)}
    links = {e["id"]: {"linked": e["linked"], "unlinked": e["unlinked"]} for e in diff["experiment_links"]}
    assert links == expected_links and len(links) == len(diff["experiment_links"])
    assert summary["experiments"] == {
        "linked": sum(len(e["linked"]) for e in expected_links.values()),
        "unlinked": sum(len(e["unlinked"]) for e in expected_links.values()),
        "changed": sum(1 for k in expected_edits if k[0] == "experiments"), "in_between": len(diff["in_between"])}
