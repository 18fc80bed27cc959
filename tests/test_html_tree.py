"""The test helper that reads pages as a user does (tests/html_tree.py) reads them as a browser shows
them: the space before a Swedish ”…” or a Norwegian «…» quotation stays, inline elements add no space."""

from __future__ import annotations

import pytest

from tests.html_tree import html_tree


@pytest.mark.parametrize(("html", "shown"), [
    ('<p>Ta bort <strong>”Ikea”</strong>?</p>', "Ta bort ”Ikea”?"),
    ('<p>Ta bort ”<a href="/q/1">Ikea</a>”?</p>', "Ta bort ”Ikea”?"),
    ('<p>Slett «<b>Ikea</b>» nå</p>', "Slett «Ikea» nå"),
    ('<p>Poista <em>”Ikea”</em>.</p>', "Poista ”Ikea”."),
    ('<p><a href="/">Pay</a>, <a href="/">Unpack</a> and <span>ask</span>.</p>', "Pay, Unpack and ask."),
    ('<p>un<span>broken</span></p>', "unbroken"),
])
def test_text_reads_as_the_browser_shows_it(html, shown):
    assert html_tree(html).text() == shown


def test_blocks_and_table_cells_are_set_apart_and_scripts_are_not_text():
    tree = html_tree("<div><h2>Steps</h2><ul><li>Pay</li><li>Unpack</li></ul>"
                     "<table><tr><td>1</td><td>2</td></tr></table><script>var x = 1;</script>Done<br>now</div>")

    assert tree.text() == "Steps Pay Unpack 1 2 Done now"


def test_the_chips_the_stylesheet_lays_out_as_a_flex_row_are_set_apart():
    tree = html_tree('<td><strong>Instagram account</strong><span class="chips"><span class="chip">Instagram</span>'
                     '<span class="chip">Pinterest</span></span>indirect</td>')

    assert tree.text() == "Instagram account Instagram Pinterest indirect"


def test_a_cell_or_item_without_its_end_tag_ends_where_a_browser_ends_it():
    tree = html_tree('<table><tr data-lane="a"><th>Needs</th><td>Light<td class="moment"><q>Water</q>'
                     '</tr><tr data-lane="b"><td>Soil<td><ul class="chips"><li>SMS<li>E-post</ul>Sent</tr></table>')

    a, b = tree.find_all("tr")
    assert [c.text() for c in a.children] == ["Needs", "Light", "Water"]
    assert [li.text() for li in tree.find_all("li")] == ["SMS", "E-post"] and b.text() == "Soil SMS E-post Sent"
    assert [c.tag for c in b.children] == ["td", "td"]
    assert tree.find("td", "moment").parent is a
