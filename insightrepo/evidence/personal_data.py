"""Spotting personal data in customer words (e-mail addresses, phone numbers, Swedish personal
identity numbers) so the team can mask it before it spreads through the library.

Dates, spans of years, prices and order numbers are numbers too: a phone number is one written
the way Nordic numbers are (an international prefix, a leading 0, or eight digits in groups of
two or three), an identity number has a real month and day, and dates are set aside first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from insightrepo.i18n import lazy_gettext

_PHONE_FORMS = "|".join((
    r"(?:\+|00)\d{1,3}[\s-]?(?:\(0?\d{1,4}\)[\s-]?)?\d(?:[\s-]?\d){5,12}",  # +46 70 123 45 67, +358 40 123 4567
    r"(?:\(0\d{1,4}\)[\s-]?|0)\d(?:[\s-]?\d){6,10}",  # 070-123 45 67, (08) 123 456 78, 040 123 4567
    r"\d{2}(?:[\s-]\d{2}){3}|\d{3}[\s-]\d{2}[\s-]\d{3}",  # 12 34 56 78 (DK, NO), 912 34 567 (NO)
))
PATTERNS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # 19900101-1234, 900101-1234, 199001011234, 900101+1234 (over 100 years old); days 61–91
    # are coordination numbers
    "personal_identity_number": re.compile(
        r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?![\d-])"),
    "phone": re.compile(rf"(?<![\w+#/.-])(?:{_PHONE_FORMS})(?![\w-])(?!\s?(?:(?:kr|sek|dkk|nok|eur)\b|€|:-))",
                        re.IGNORECASE),
}
# Dates (2026-03-04, 04-03-2026, 2026-03-04 14:30) and spans of years (2019-2021)
NOT_PERSONAL = re.compile(
    r"(?<![\d-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}|(?:19|20)\d{2}-(?:19|20)\d{2})(?![\d-])")
# Every finding holds an "@" (an e-mail address) or at least six digits (the shortest phone number):
# a text with neither — most customer words — is not searched at all.
_DIGIT = re.compile(r"\d")
FEWEST_DIGITS = 6
LABELS = {"email": lazy_gettext("an e-mail address"),
          "personal_identity_number": lazy_gettext("a personal identity number"),
          "phone": lazy_gettext("a phone number")}
MASK = "[removed]"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


def find_personal_data(text: str) -> list[Finding]:
    """Non-overlapping findings, earliest first; an identity number is not also a phone number."""
    if not text or ("@" not in text and len(_DIGIT.findall(text)) < FEWEST_DIGITS):
        return []
    text = NOT_PERSONAL.sub(lambda m: "\x00" * len(m.group()), text or "")  # same length: offsets hold
    findings: list[Finding] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            if not any(f.start < match.end() and match.start() < f.end for f in findings):
                findings.append(Finding(kind, match.start(), match.end()))
    return sorted(findings, key=lambda f: f.start)


def kinds_of_personal_data(text: str) -> list[str]:
    return sorted({f.kind for f in find_personal_data(text)})


def mask_personal_data(text: str) -> str:
    for finding in reversed(find_personal_data(text)):
        text = text[:finding.start] + MASK + text[finding.end:]
    return text
