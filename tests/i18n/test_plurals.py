"""Plurals come out right in every language, in templates (with variables of their own beside the
count) and in Python."""

from __future__ import annotations

import pytest

from insightrepo.i18n import ngettext

IMPORTED = "{{ ngettext('%(count)s quote imported', '%(count)s quotes imported', n, count=shown) }}"


@pytest.mark.parametrize(("language", "one", "many"), [
    ("en", "1 quote imported", "1,200 quotes imported"),
    ("sv", "1 citat importerat", "1\u00a0200 citat importerade"),
    ("da", "1 citat importeret", "1.200 citater importeret"),
    ("nb", "1 sitat importert", "1\u00a0200 sitater importert"),
    ("fi", "1 lainaus tuotu", "1\u00a0200 lainausta tuotu"),
])
def test_a_template_plural_with_its_own_variable(app, language, one, many):
    with app.test_request_context(headers={"Accept-Language": language}):
        template = app.jinja_env.from_string("{% set shown = n|count %}" + IMPORTED)
        assert template.render(n=1) == one
        assert template.render(n=1200) == many


def test_a_python_plural_in_finnish_takes_the_partitive(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert ngettext("%(num)d step", "%(num)d steps", 1) == "1 askel"
        assert ngettext("%(num)d step", "%(num)d steps", 3) == "3 askelta"
