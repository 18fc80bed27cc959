"""Every element id on an experiment's page is used once (labels, error links and anchors need it)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.web.conftest import parse

pytestmark = pytest.mark.sqlite_only  # what a page shows and its forms do; the services under it are tested on both databases


def test_no_id_is_used_twice_on_an_experiment_page(editor_web, log, running, supported):
    for experiment_id in (log(title="Plant passport"), running, supported):
        html = editor_web.get(f"/experiments/{experiment_id}").get_data(as_text=True)
        ids = Counter(attrs["id"] for _tag, attrs in parse(html).elements if attrs.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], experiment_id
