"""The search box's syntax, read forgivingly into a small tree: the one parser of the query
language. Each adapter translates the tree (postgresql_query.py into a tsquery, whoosh_query.py
into Whoosh query objects). It groups so:

    words side by side      all must match (binds loosest)
    a OR b                  either (binds tighter than side by side: ``a OR b c`` is ``(a OR b) c``)
    a AND b                 both (tighter than OR)
    NOT a                   not (tightest)
    ( … )                   grouping; a missing ``)`` is supplied, a stray one ignored
    "exact phrase"          an unclosed quote runs to the end
    prefix*                 words starting so (a ``*`` elsewhere is punctuation)
    field:value             for port.QUERY_FIELDS; ``field:"two words"``; other ``x:y`` are words

An operator with nothing to join is read as a word ("AND" alone searches "and"). ``parse`` never
raises: it returns the tree, or None when nothing searchable is left."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

from insightrepo.search.port import QUERY_FIELDS

OPERATORS = ("AND", "OR", "NOT")
# the word pattern "did you mean" corrects: not operators, not field values, not prefixes
WORD = re.compile(r"(?<![\w:*])(\w[\w'’-]*)(?![\w:*])")
_TOKEN = re.compile(
    r'\s+|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"?'
    rf'|(?P<field>{"|".join(QUERY_FIELDS)}):(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s()"]+))'
    r'|(?P<bare>[^\s()"]+)', re.IGNORECASE)
_PREFIX = re.compile(r"\W*(\w+)\*$")
_EVERYTHING = {"", "*"}


@dataclass(frozen=True)
class Word:
    text: str  # as typed; the engine's analyzer finds the words in it


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str  # letters and digits only


@dataclass(frozen=True)
class Field:
    name: str  # one of port.QUERY_FIELDS, lower-case
    value: str  # as typed
    prefix: bool = False


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Union[Word, Phrase, Prefix, Field, And, Or, Not]
Leaf = Union[Word, Phrase, Prefix, Field]


def is_everything(text: str) -> bool:
    return text.strip() in _EVERYTHING


def misspelt_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the plain words of ``text`` a correction may replace."""
    return [(m.start(1), m.end(1), m.group(1)) for m in WORD.finditer(text) if m.group(1) not in OPERATORS]


def _tokens(text: str) -> Iterator[tuple[str, object]]:
    for match in _TOKEN.finditer(text):
        if match.group("open"):
            yield "(", None
        elif match.group("close"):
            yield ")", None
        elif match.group("phrase") is not None:
            if match.group("phrase").strip():
                yield "leaf", Phrase(match.group("phrase"))
        elif match.group("field"):
            name = match.group("field").lower()
            value = match.group("quoted") if match.group("quoted") is not None else match.group("value")
            if value is None or not value.strip():
                yield "leaf", Word(name)  # "tag:" alone is the word "tag"
            elif match.group("quoted") is None and value.endswith("*"):
                yield "leaf", Field(name, value[:-1], prefix=True)
            else:
                yield "leaf", Field(name, value)
        elif match.group("bare"):
            bare = match.group("bare")
            if bare in OPERATORS:
                yield bare, None
            elif prefix := _PREFIX.fullmatch(bare):
                yield "leaf", Prefix(prefix.group(1))
            else:
                yield "leaf", Word(bare)


class _Parser:
    def __init__(self, text: str):
        self.tokens = list(_tokens(text))
        self.at = 0

    def peek(self, ahead: int = 0) -> str | None:
        at = self.at + ahead
        return self.tokens[at][0] if at < len(self.tokens) else None

    def starts_operand(self, ahead: int) -> bool:
        kind = self.peek(ahead)
        return kind in ("leaf", "(") or (kind == "NOT" and self.starts_operand(ahead + 1))

    def sequence(self, nested: bool) -> Node | None:
        parts = []
        while (kind := self.peek()) is not None:
            if kind == ")":
                if nested:
                    break
                self.at += 1  # a stray ")"
                continue
            parts.append(self.either())
        return _joined(And, parts)

    def either(self) -> Node | None:
        return self.joined_by("OR", self.both, Or)

    def both(self) -> Node | None:
        return self.joined_by("AND", self.unary, And)

    def joined_by(self, operator: str, operand, kind) -> Node | None:
        parts = [operand()]
        while self.peek() == operator and self.starts_operand(1):
            self.at += 1
            parts.append(operand())
        return _joined(kind, parts)

    def unary(self) -> Node | None:
        if self.peek() == "NOT" and self.starts_operand(1):
            self.at += 1
            child = self.unary()
            return Not(child) if child is not None else None
        return self.atom()

    def atom(self) -> Node | None:
        kind, value = self.tokens[self.at]
        self.at += 1
        if kind == "(":
            inner = self.sequence(nested=True)
            if self.peek() == ")":
                self.at += 1
            return inner
        if kind == "leaf":
            return value  # type: ignore[return-value]
        return Word(kind.lower())  # an operator with nothing to join


def _joined(kind, parts: list) -> Node | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def parse(text: str) -> Node | None:
    """The tree of what the user typed; None if nothing searchable is in it. Never raises."""
    return _Parser(text).sequence(nested=False)


def positive_leaves(node: Node | None) -> Iterator[Leaf]:
    """The leaves a hit may have matched: not those under NOT."""
    if node is None or isinstance(node, Not):
        return
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from positive_leaves(child)
    else:
        yield node
