"""Highlighted snippets: a window of a document's text around the words the query matched,
every character HTML-escaped, each matched word wrapped in <mark>.

A word counts as matched when the analyzer that indexed it turns it into a term the query
matched — the stem ("växterna" for a query "växter") or the accent-free stem ("växter" for
"vaxter") — so what is marked is what made the document a hit."""

from __future__ import annotations

from typing import Callable, Iterable

from markupsafe import Markup, escape

WINDOW = 240  # characters of text in a snippet
LEAD = 60     # characters kept before the first marked word

Analyzer = Callable[[str], Iterable[tuple[int, int, str]]]  # text → (start, end, term) of each word


def matched_spans(text: str, analyzers: Iterable[tuple[Analyzer, frozenset[str]]]) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` that an analyzer maps to one of its matched terms."""
    spans: set[tuple[int, int]] = set()
    for analyzer, terms in analyzers:
        if not terms:
            continue
        spans.update((start, end) for start, end, term in analyzer(text) if term in terms)
    return sorted(spans)


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """The stretch of ``size`` characters holding the most marked words, starting a little
    before the first of them, on word boundaries where possible."""
    if len(text) <= size:
        return 0, len(text)
    best_start, best_count = 0, -1
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + size - LEAD)
        if count > best_count:
            best_start, best_count = start, count
    begin = max(0, best_start - LEAD) if spans else 0
    if begin:
        space = text.find(" ", begin, best_start if spans else begin + LEAD)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + size)
    if end < len(text):
        space = text.rfind(" ", begin + size // 2, end)
        end = space if space != -1 else end
    return begin, end


def one_line(text: str) -> str:
    """Paragraphs and indentation do not survive a snippet anyway."""
    return " ".join(text.split())


def highlight(text: str, analyzers: Iterable[tuple[Analyzer, frozenset[str]]], size: int = WINDOW) -> Markup:
    """The snippet of ``text`` as safe HTML."""
    text = one_line(text)
    return marked(text, matched_spans(text, analyzers), size)


def marked(text: str, spans: list[tuple[int, int]], size: int = WINDOW) -> Markup:
    """The snippet of one-line ``text`` whose ``spans`` (sorted) are the matched words, as safe HTML."""
    begin, end = _window(text, spans, size)
    parts = ["…" if begin else ""]
    cursor = begin
    for start, stop in spans:
        if start < cursor or stop > end:
            continue
        parts.append(str(escape(text[cursor:start])))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    parts.append(str(escape(text[cursor:end])))
    parts.append("…" if end < len(text) else "")
    return Markup("".join(parts))

