"""The map workbench (issue 22) walked as a CX team would: read the demo map at full width, turn on
editing, change it in place — titles, new steps, drag and keyboard moves, emotions on the curve —
see a colleague's conflicting edit instead of losing it, and find no edit controls as a viewer."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from insightrepo.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG
from tests.e2e.conftest import E2E_PASSWORD, save_screenshot

JOURNEY = "Skapa ett frodande hem"
COLLEAGUE = "analys@insightrepo.example"  # the demo's second editor


def _sign_in(page: Page, base: str, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _open_map(page: Page, base: str) -> str:
    page.goto(f"{base}/w/{DEMO_SLUG}/journeys")
    page.get_by_role("link", name=JOURNEY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(JOURNEY)
    return page.url


def _titles(page: Page) -> list[str]:
    return page.locator("table.map tr.step-row .step__title").all_inner_texts()


def _phase_of(page: Page, title: str) -> str:
    """The phase heading over a step's column (the map's columns line up with the phase row)."""
    head = page.locator("table.map tr.step-row th.step", has_text=title)
    box = head.bounding_box()
    for phase in page.locator("table.map tr.phase-row th.phase").all():
        b = phase.bounding_box()
        if b["x"] <= box["x"] + box["width"] / 2 < b["x"] + b["width"]:
            return phase.locator(".phase__title").inner_text()
    raise AssertionError(f"no phase over {title}")


def _edit_mode(page: Page) -> None:
    page.get_by_role("button", name="Edit the map").click()
    expect(page.locator("table.map.map--editing")).to_be_visible()


def test_the_demo_map_reads_at_full_width_with_at_least_ten_steps_and_no_edit_controls(demo_reading_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _sign_in(page, demo_reading_server.url)
    _open_map(page, demo_reading_server.url)

    frame = page.locator("#map").bounding_box()
    visible = [b for b in (h.bounding_box() for h in page.locator("table.map tr.step-row th.step").all())
               if b["x"] >= frame["x"] - 1 and b["x"] + b["width"] <= frame["x"] + frame["width"] + 1]
    assert len(visible) >= 10, f"{len(visible)} steps visible at 1440 px"
    expect(page.locator("table.map select")).to_have_count(0)
    expect(page.locator("table.map form")).to_have_count(0)
    expect(page.locator("table.map .step__tools, table.map .phase__tools")).to_have_count(0)
    save_screenshot(page, "map-read-1440.png")

    # scrolled sideways and down, the lane labels and the phase headers stay in view
    page.locator("#map").evaluate("box => { box.scrollLeft = 900; box.scrollTop = 400; }")
    lane = page.locator("table.map tbody th.lane", has_text="Needs").bounding_box()
    assert abs(lane["x"] - frame["x"]) < 3
    phases = page.locator("table.map thead").bounding_box()
    assert abs(phases["y"] - frame["y"]) < 3
    context.close()

    small = browser.new_context(viewport={"width": 390, "height": 844})
    phone = small.new_page()
    _sign_in(phone, demo_reading_server.url)
    _open_map(phone, demo_reading_server.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
    save_screenshot(phone, "map-read-390.png")
    small.close()


def test_edit_in_place_add_a_step_and_move_steps_by_drag_and_keyboard(demo_server, page: Page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, demo_server.url)
    url = _open_map(page, demo_server.url)
    _edit_mode(page)
    page.reload()  # the toggle is remembered
    expect(page.locator("table.map.map--editing")).to_be_visible()
    titles = _titles(page)

    # a title, in place: click, type, Enter
    page.locator("table.map tr.step-row th.step .step__head").nth(1).click()
    editor = page.locator("table.map .cell-editor")
    expect(editor).to_be_focused()
    editor.fill("Sparar bilder på växter")
    editor.press("Enter")
    expect(page.locator("table.map tr.step-row .step__title").nth(1)).to_have_text("Sparar bilder på växter")
    # Esc cancels
    page.locator("table.map tr[data-lane=action] td").nth(0).click()
    page.locator("table.map .cell-editor").fill("Ska inte sparas")
    page.locator("table.map .cell-editor").press("Escape")
    expect(page.locator("table.map .cell-editor")).to_have_count(0)
    save_screenshot(page, "map-edit-1440.png")

    # a new step between the first two, ready to type its title
    page.get_by_role("link", name=f"Add a step after {titles[0]}").click()
    editor = page.locator("table.map .cell-editor")
    expect(editor).to_be_focused()
    editor.fill("Frågar en kollega")
    editor.press("Enter")
    expect(page.locator("table.map tr.step-row .step__title").nth(1)).to_have_text("Frågar en kollega")

    # the keyboard moves the focused step one place later
    head = page.locator("table.map tr.step-row th.step", has_text="Frågar en kollega")
    head.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("table.map tr.step-row .step__title").nth(2)).to_have_text("Frågar en kollega")
    expect(page.locator("table.map tr.step-row th.step", has_text="Frågar en kollega")).to_be_focused()

    # drag the first step into the second phase
    first = _titles(page)[0]
    phase_before = _phase_of(page, first)
    target_phase = page.locator("table.map tr.phase-row th.phase").nth(1)
    target_title = target_phase.locator(".phase__title").inner_text()
    source = page.locator("table.map tr.step-row th.step", has_text=first).bounding_box()
    dest = page.locator("table.map tr.step-row th.step").nth(4).bounding_box()  # inside the second phase
    page.mouse.move(source["x"] + 20, source["y"] + 10)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(source["x"] + 20 + (dest["x"] + dest["width"] * 0.7 - source["x"] - 20) * i / 10,
                        dest["y"] + 10)
    # "Moved." is still shown from the keyboard move: wait for this move's own answer before reloading
    with page.expect_response(lambda r: r.request.method == "PATCH" and "/api/v1/steps/" in r.url) as moved:
        page.mouse.up()
    assert moved.value.status == 200
    expect(page.locator("#map-live")).to_have_text("Moved.")
    page.goto(url)
    assert phase_before != target_title
    assert _phase_of(page, first) == target_title
    assert "Frågar en kollega" in _titles(page)


def test_set_an_emotion_on_the_curve_and_on_the_score_row(demo_server, page: Page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, demo_server.url)
    url = _open_map(page, demo_server.url)
    _edit_mode(page)
    step_id = page.locator("table.map tr.step-row th.step").nth(2).get_attribute("data-step-id")
    score = page.locator("table.map tr[data-lane=scores] > td").nth(2)  # the demo has no empty phase before it

    # one click on the score row's picker
    score.click()
    score.get_by_role("button", name="Emotion −2").click()
    expect(score.locator(".score__value")).to_have_text("−2")
    expect(page.locator(f"svg.curve circle.point[data-step-id='{step_id}']")).to_have_attribute("data-emotion", "-2")
    # one key on the focused score cell
    score.focus()
    page.keyboard.press("ArrowUp")
    expect(score.locator(".score__value")).to_have_text("−1")
    page.keyboard.press("h")
    expect(page.locator(f"svg.curve use.marker--heart[data-step-id='{step_id}']")).to_have_count(1)

    # one click high on the curve, in that step's column (the map at the top of the window, not scrolled)
    page.locator("#map").evaluate("box => { box.scrollTop = 0; box.scrollIntoView(); }")
    cell = page.locator("td.curve-cell").bounding_box()
    head = page.locator(f"#step-{step_id}").bounding_box()
    page.mouse.click(head["x"] + head["width"] / 2, cell["y"] + 28)  # the +2 line
    expect(page.locator(f"svg.curve circle.point[data-step-id='{step_id}']")).to_have_attribute("data-emotion", "2")
    page.goto(url)
    expect(page.locator(f"svg.curve circle.point[data-step-id='{step_id}']")).to_have_attribute("data-emotion", "2")


CELL = "table.map tr[data-lane=needs] td"


def _conflicting_edits(browser, base: str, theirs: str, mine: str, zoom: str | None = None):
    """The demo's two editors on the map, in edit mode (the second at ``zoom``): the first saves
    ``theirs`` in the first Needs cell, then the second, whose page still holds the old version,
    saves ``mine`` there. Returns their two pages."""
    first, second = (browser.new_context(viewport={"width": 1440, "height": 900}).new_page() for _ in range(2))
    _sign_in(first, base)
    _sign_in(second, base, COLLEAGUE)
    for page in (first, second):
        _open_map(page, base)
    if zoom:
        second.locator("details.map-toolbar__view summary").click()
        second.locator(f"input[name=zoom][value={zoom}]").check()
        second.get_by_role("button", name="Apply").click()
        expect(second.locator(f"table.map.map--{zoom}")).to_be_visible()
    for page in (first, second):
        _edit_mode(page)
    for page, value in ((first, theirs), (second, mine)):
        page.locator(CELL).nth(0).click()
        page.locator(".cell-editor").fill(value)
        page.locator(".cell-editor").press("Enter")
        if page is first:
            expect(first.locator(CELL).nth(0)).to_have_text(theirs)
    return first, second


def test_two_editors_on_one_cell_the_second_sees_both_values_and_chooses(demo_server, browser):
    first, second = _conflicting_edits(browser, demo_server.url, "Inspiration som passar mitt hem",
                                       "Bilder från riktiga hem")

    conflict = second.locator(".cell-conflict")
    expect(conflict).to_contain_text("Theirs: Inspiration som passar mitt hem")
    expect(conflict).to_contain_text("Yours: Bilder från riktiga hem")
    conflict.get_by_role("button", name="Use mine").click()
    expect(second.locator(CELL).nth(0)).to_have_text("Bilder från riktiga hem")
    first.reload()
    expect(first.locator(CELL).nth(0)).to_have_text("Bilder från riktiga hem")
    first.context.close()
    second.context.close()


def test_in_compact_zoom_a_conflict_is_shown_whole_not_cut_to_three_lines(demo_server, browser):
    """Compact zoom cuts a cell's text to three lines; the conflict box (both values and the two choices)
    is not the cell's text and must stay whole, or "Use mine" is hidden under the cut."""
    first, second = _conflicting_edits(browser, demo_server.url,
                                       "Inspiration som passar mitt hem och min balkong i norrläge",
                                       "Bilder från riktiga hem, med ljus och krukor som liknar mina", zoom="compact")

    conflict = second.locator("table.map--compact .cell-conflict")
    expect(conflict).to_contain_text("Yours: Bilder från riktiga hem")
    assert conflict.evaluate("box => box.scrollHeight <= box.clientHeight + 1"), "the conflict box is cut"
    frame, whole = second.locator(CELL).nth(0).bounding_box(), conflict.bounding_box()
    assert whole["y"] + whole["height"] <= frame["y"] + frame["height"] + 1, "the cell cuts the conflict box"
    mine = conflict.get_by_role("button", name="Use mine")
    button = mine.bounding_box()
    assert whole["y"] <= button["y"] and button["y"] + button["height"] <= whole["y"] + whole["height"] + 1
    mine.click()
    expect(second.locator(CELL).nth(0)).to_contain_text("krukor som liknar mina")
    first.context.close()
    second.context.close()


def test_a_viewer_sees_no_edit_affordances_and_the_api_refuses_their_edits(demo_server, page: Page):
    demo_server.cli("user", "create", "viewer@example.org", "--password-stdin", "--workspace", DEMO_SLUG,
                    "--role", "viewer", input=E2E_PASSWORD + "\n")
    _sign_in(page, demo_server.url, "viewer@example.org", E2E_PASSWORD)
    _open_map(page, demo_server.url)

    expect(page.get_by_role("button", name=re.compile("^Edit"))).to_have_count(0)
    expect(page.locator("table.map [data-field], table.map [tabindex='0'], table.map select")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^\+"))).to_have_count(0)
    step_id = page.locator("table.map tr.step-row th.step").first.get_attribute("id").removeprefix("step-")
    answer = page.evaluate("""async (id) => {
        const token = document.querySelector('input[name=csrf_token]').value;
        const r = await fetch(`/api/v1/steps/${id}/cells/title`, {method: 'PATCH', headers: {
            'Content-Type': 'application/json', 'X-CSRFToken': token}, body: JSON.stringify({value: 'x', version: 1})});
        return [r.status, (await r.json()).error.code];
    }""", step_id)
    assert answer == [403, "forbidden"]


def _phases(page: Page) -> list[tuple[str, str]]:
    """The map's phases left to right: (id, title)."""
    return [(th.get_attribute("id"), th.locator(".phase__title").inner_text())
            for th in page.locator("table.map tr.phase-row th.phase").all()]


def test_reorder_phases_by_drag_and_by_keyboard_and_find_the_order_after_reload(demo_server, page: Page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, demo_server.url)
    url = _open_map(page, demo_server.url)
    _edit_mode(page)
    before = _phases(page)
    assert len(before) >= 3

    # the keyboard: Alt+→ on the focused first phase moves it one place later, and it keeps the focus
    page.locator(f"#{before[0][0]}").focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#map-live")).to_have_text("Moved.")
    expected = [before[1], before[0], *before[2:]]
    assert _phases(page) == expected
    expect(page.locator(f"#{before[0][0]}")).to_be_focused()
    page.goto(url)
    assert _phases(page) == expected  # the same ids, in the new order, after a reload

    # drag and drop: the (now) first phase, held by its goal line, dropped onto the third one
    dragged, onto = expected[0], expected[2]
    source = page.locator(f"#{dragged[0]}").bounding_box()
    dest = page.locator(f"#{onto[0]}").bounding_box()
    start_x, y = source["x"] + 8, source["y"] + source["height"] - 8
    page.mouse.move(start_x, y)
    page.mouse.down()
    frame = page.locator("#map").bounding_box()  # released outside the window, a native drag is cancelled
    end_x = min(dest["x"] + dest["width"] * 0.8, frame["x"] + frame["width"] - 20)
    for i in range(1, 13):
        page.mouse.move(start_x + (end_x - start_x) * i / 12, y)
    page.mouse.up()
    expect(page.locator("#map-live")).to_have_text("Moved.")
    page.goto(url)
    after = _phases(page)
    assert after == [expected[1], expected[2], expected[0], *expected[3:]]
    assert sorted(after) == sorted(before)  # every phase kept its id


def _press_and_drag(page: Page, handle, to_x: float, to_y: float) -> None:
    """Press on a header's step number or phase goal (not its title: a click there edits) and move there."""
    box = handle.bounding_box()
    x, y = box["x"] + 5, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x + (to_x - x) * i / 10, y + (to_y - y) * i / 10)
    page.mouse.move(to_x, to_y)  # Playwright hands the page a native drag's last move with the next one


def test_a_drag_cancelled_with_esc_or_dropped_off_the_map_moves_nothing(demo_server, page: Page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, demo_server.url)
    url = _open_map(page, demo_server.url)
    _edit_mode(page)
    page.goto(url)  # at the top of the page, the map in edit mode (remembered)
    titles, phases = _titles(page), _phases(page)
    moves = []
    page.on("request", lambda r: moves.append(r.url) if r.method == "PATCH" else None)
    first = page.locator("table.map tr.step-row th.step").first
    dest = page.locator("table.map tr.step-row th.step").nth(4).bounding_box()

    # while dragging, the step fades and a bar marks where it would land; Esc ends the drag
    _press_and_drag(page, first.locator(".step__number"), dest["x"] + dest["width"] * 0.7, dest["y"] + 40)
    expect(first).to_have_class(re.compile(r"\bdrag-source\b"))
    marker = page.locator(".drop-marker")
    expect(marker).to_be_visible()
    assert abs(marker.bounding_box()["x"] + 2 - (dest["x"] + dest["width"])) < 2  # on the right edge of the 5th step
    save_screenshot(page, "map-drag-1440.png")
    page.keyboard.press("Escape")
    expect(marker).to_be_hidden()
    page.mouse.up()
    expect(first).not_to_have_class(re.compile(r"\bdrag-source\b"))

    # dropped on the page's heading, off the map
    heading = page.get_by_role("heading", level=1).bounding_box()
    _press_and_drag(page, first.locator(".step__number"), heading["x"] + 30, heading["y"] + heading["height"] / 2)
    expect(first).to_have_class(re.compile(r"\bdrag-source\b"))
    expect(marker).to_be_hidden()
    page.mouse.up()
    # a phase too
    phase = page.locator("table.map tr.phase-row th.phase").first
    _press_and_drag(page, phase.locator(".phase__goal"), heading["x"] + 30, heading["y"] + 5)
    expect(phase).to_have_class(re.compile(r"\bdrag-source\b"))
    page.mouse.up()
    expect(phase).not_to_have_class(re.compile(r"\bdrag-source\b"))

    expect(page.locator("#map-live")).to_have_text("")
    page.goto(url)
    assert (_titles(page), _phases(page)) == (titles, phases)
    assert moves == []


def test_a_step_dragged_into_an_empty_phase_lands_there(demo_server, page: Page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, demo_server.url)
    url = _open_map(page, demo_server.url)
    _edit_mode(page)
    expect(page.locator("table.map.map--js")).to_be_visible()  # map.js has taken over the links
    first_phase = page.locator("table.map tr.phase-row th.phase").first
    first_phase.get_by_role("link", name="+ Phase").click()  # a new phase after the first, its title ready to type
    editor = page.locator("table.map .cell-editor")
    editor.fill("Väntar på vårens leverans")
    editor.press("Enter")
    expect(page.locator("table.map tr.phase-row th.phase").nth(1)).to_contain_text("Väntar på vårens leverans")
    empty = page.locator("table.map tr.step-row td.step--empty").bounding_box()
    step = _titles(page)[0]

    _press_and_drag(page, page.locator("table.map tr.step-row th.step .step__number").first,
                    empty["x"] + empty["width"] / 3, empty["y"] + 40)
    expect(page.locator(".drop-marker--into")).to_be_visible()
    box = page.locator(".drop-marker--into").bounding_box()  # the whole empty column is marked
    assert abs(box["x"] - empty["x"]) < 2 and abs(box["width"] - empty["width"]) < 2
    with page.expect_response(lambda r: r.request.method == "PATCH" and "/api/v1/steps/" in r.url) as moved:
        page.mouse.up()
    assert moved.value.status == 200
    expect(page.locator("#map-live")).to_have_text("Moved.")
    page.goto(url)
    assert _phase_of(page, step) == "Väntar på vårens leverans"


# Where a line of the map's narrow columns starts inside a word: the text and the letters either side.
MID_WORD_BREAKS = """(table) => {
  const found = [];
  for (const cell of table.querySelectorAll('th:not(.lane), td:not(.curve-cell)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let top = null;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (!rect.height) continue;
        const y = Math.round(rect.top);
        if (top !== null && y > top && /\\p{L}/u.test(node.data[i - 1] || '') && /\\p{L}/u.test(node.data[i]))
          found.push(node.data.slice(0, i) + '|' + node.data.slice(i));
        top = y;
      }
    }
  }
  return found;
}"""
# Text cut at the side of its box with nothing to show the rest: no title on it or around it.
CUT_WITHOUT_TOOLTIP = """(table) => Array.from(table.querySelectorAll('th:not(.lane), td:not(.curve-cell), th:not(.lane) *, td:not(.curve-cell) *'))
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden'
               && !e.closest('[title], .visually-hidden'))
  .map(e => e.textContent.trim())"""


def test_long_words_in_narrow_columns_are_hyphenated_or_cut_with_a_tooltip_never_broken_mid_word(demo_server, browser):
    from tests.e2e.test_hyphenation import can_hyphenate_swedish

    for width, height in ((1440, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        hyphenating = can_hyphenate_swedish(page)
        _sign_in(page, demo_server.url)
        _open_map(page, demo_server.url)
        for zoom in ("compact", "normal"):
            page.locator("details.map-toolbar__view summary").click()
            page.locator(f"input[name=zoom][value={zoom}]").check()
            page.get_by_role("button", name="Apply").click()
            table = page.locator(f"table.map.map--{zoom}")
            # the map's words are Swedish (hyphenation goes by that), its labels the reader's English
            assert table.get_attribute("lang") == "sv"
            assert page.locator("table.map th.lane").first.get_attribute("lang") == "en"
            if not hyphenating:  # Debian's Chromium: no dictionary, so a word that does not fit is cut, not broken
                broken = table.evaluate(MID_WORD_BREAKS)
                assert broken == [], f"{zoom} at {width} px: {broken}"
            cut = table.evaluate(CUT_WITHOUT_TOOLTIP)
            assert cut == [], f"{zoom} at {width} px: {cut}"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        title = page.locator("table.map th.step", has_text="Scrollar").get_attribute("title")
        assert title == "Scrollar växtinspiration"  # the whole title, where it may be cut
        context.close()
