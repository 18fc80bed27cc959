"""The search box's syntax as the PostgreSQL adapter reads it: grouped as Whoosh's parser groups
it, and forgiving — whatever is typed becomes a tree or nothing, never an error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insightrepo.search.query_syntax import And, Field, Not, Or, Phrase, Prefix, Word, parse


@pytest.mark.parametrize("typed, tree", [
    ("crushed box", And((Word("crushed"), Word("box")))),
    ("a OR b c", And((Or((Word("a"), Word("b"))), Word("c")))),  # side by side binds loosest
    ("a AND b OR c", Or((And((Word("a"), Word("b"))), Word("c")))),
    ("a OR b AND c", Or((Word("a"), And((Word("b"), Word("c")))))),
    ("plant NOT water", And((Word("plant"), Not(Word("water"))))),
    ("(crushed OR fair) NOT box", And((Or((Word("crushed"), Word("fair"))), Not(Word("box"))))),
    ('"the box was crushed"', Phrase("the box was crushed")),
    ('"unbalanced delivery', Phrase("unbalanced delivery")),
    ('delivery"', Word("delivery")),
    ("deliv* -crush*", And((Prefix("deliv"), Prefix("crush")))),
    ('tag:Price participant:p07 TYPE:quotes tag:"two words"',
     And((Field("tag", "Price"), Field("participant", "p07"), Field("type", "quotes"), Field("tag", "two words")))),
    ("tag:deliv*", Field("tag", "deliv", prefix=True)),
    ("x:y", Word("x:y")),  # not a field the syntax offers: words
    ("((delivery", Word("delivery")),
    ("delivery))", Word("delivery")),
    ("AND", Word("and")),  # an operator with nothing to join is a word
    ("delivery AND", And((Word("delivery"), Word("and")))),
    ("NOT NOT delivery", Not(Not(Word("delivery")))),
    ("()", None),
    ('"', None),
])
def test_queries_are_grouped_as_in_the_whoosh_adapter(typed, tree):
    assert parse(typed) == tree


@given(st.text(max_size=200))
def test_any_text_parses(typed):
    parse(typed)
