"""Spotting personal data in customer words (e-mail addresses, phone numbers, Swedish personal
identity numbers) so the team can mask it before it spreads through the library."""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERNS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # 19900101-1234, 900101-1234, 199001011234, 900101+1234 (over 100 years old)
    "personal_identity_number": re.compile(r"(?<![\d-])(?:19|20)?\d{6}[-+]?\d{4}(?![\d-])"),
    # +46 70 123 45 67, 070-123 45 67, (08) 123 456 78, +45 12 34 56 78: 8–15 digits with separators
    "phone": re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s-]?)?(?:\(\d{1,4}\)[\s-]?)?\d(?:[\s-]?\d){7,13}(?!\w)"),
}
NOT_PERSONAL = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{4}")  # a date, a span of years
LABELS = {"email": "an e-mail address", "personal_identity_number": "a personal identity number",
          "phone": "a phone number"}
MASK = "[removed]"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def find_personal_data(text: str) -> list[Finding]:
    """Non-overlapping findings, earliest first; an identity number is not also a phone number."""
    findings: list[Finding] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text or ""):
            if NOT_PERSONAL.fullmatch(match.group().strip()):
                continue
            if not any(f.start < match.end() and match.start() < f.end for f in findings):
                findings.append(Finding(kind, match.start(), match.end()))
    return sorted(findings, key=lambda f: f.start)


def kinds_of_personal_data(text: str) -> list[str]:
    return sorted({f.kind for f in find_personal_data(text)})


def mask_personal_data(text: str) -> str:
    for finding in reversed(find_personal_data(text)):
        text = text[:finding.start] + MASK + text[finding.end:]
    return text
