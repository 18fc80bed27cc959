"""Every word the code marks for translation is translated in every Nordic catalog, none fuzzy, and
the compiled catalogs the app reads (and the wheel ships) say the same as the .po files: a new
string cannot land untranslated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "insightrepo" / "translations"
NORDIC = ("sv", "da", "nb", "fi")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalog template, extracted from the code now (as scripts/translations.sh extract does)."""
    pot = tmp_path_factory.mktemp("catalog") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-k", "lazy_gettext", "-k", "_l", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2",
                    "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as file:
        return read_po(file)


def _po(language: str):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_the_code_marks_the_interfaces_words(extracted):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    assert {"Sign in", "Your profile", "Journeys"} <= ids


@pytest.mark.parametrize("language", NORDIC)
def test_every_msgid_has_a_translation_and_none_is_fuzzy(extracted, language):
    catalog = _po(language)
    missing, fuzzy = [], []
    for message in extracted:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None and isinstance(found.string, tuple) else (
            (found.string,) if found is not None else ("",))
        if found is None or not all(strings):
            missing.append(message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
    assert not missing, f"{len(missing)} untranslated in {language} (run scripts/translations.sh): {missing[:20]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", NORDIC)
def test_the_compiled_catalog_is_the_po_file(language):
    with (CATALOGS / language / "LC_MESSAGES" / "messages.mo").open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    written = {_key(m.id): _key(m.string) for m in _po(language) if m.id and not m.fuzzy}
    assert compiled == written, "run scripts/translations.sh compile"


@pytest.mark.parametrize("language", NORDIC)
def test_placeholders_survive_translation(language):
    """A translation keeps its message's ``%(name)s`` placeholders: formatting would fail otherwise."""
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for message in _po(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[-1])) | set(placeholder.findall(ids[0]))
        for string in strings:
            if set(placeholder.findall(string)) - wanted or (
                    not isinstance(message.id, tuple) and set(placeholder.findall(string)) != wanted):
                wrong.append((message.id, string))
    assert not wrong, wrong[:10]
