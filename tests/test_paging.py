"""The page numbers every pager shows: the first and the last, two either side of the current
page, and a gap (None) only where more than one page is left out."""

from __future__ import annotations

import pytest

from insightrepo.paging import Page, page_count, page_numbers


@pytest.mark.parametrize("current, last, expected", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 40, [1, 2, 3, None, 40]),
    (5, 40, [1, 2, 3, 4, 5, 6, 7, None, 40]),
    (20, 40, [1, None, 18, 19, 20, 21, 22, None, 40]),
    (40, 40, [1, None, 38, 39, 40]),
])
def test_page_numbers(current, last, expected):
    assert page_numbers(current, last) == expected


def test_a_page_knows_how_many_pages_there_are():
    assert (page_count(0, 25), page_count(25, 25), page_count(26, 25)) == (1, 1, 2)
    assert Page(items=[], page=2, per_page=25, total=1_000).numbers == [1, 2, 3, 4, None, 40]
