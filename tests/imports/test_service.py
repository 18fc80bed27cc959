"""The quote import service: every row or none, line numbers a user can find in the file,
the spreadsheet formats people actually have, and the same rules as adding a quote by hand."""

from __future__ import annotations

from datetime import date

import pytest

from insightrepo.models import Participant, Quote, Tag
from insightrepo.evidence import evidence
from insightrepo.imports import quotes_csv
from insightrepo.errors import Forbidden, Invalid, NotFound
from tests.imports.helpers import count, csv_bytes, nothing_written, quotes_of

HEADER = ["Quote", "Who", "When", "Labels", "Mood"]
MAPPING = {"text": "Quote", "participant": "Who", "date": "When", "tags": "Labels", "sentiment": "Mood"}


def run(session, actor, data: bytes, mapping=MAPPING, **options):
    return quotes_csv.import_quotes(session, actor, "alpha", data, mapping, **options)


def rejected(session, actor, data: bytes, mapping=MAPPING, **options) -> quotes_csv.ImportRejected:
    with pytest.raises(quotes_csv.ImportRejected) as caught:
        run(session, actor, data, mapping, **options)
    return caught.value


def lines(error: quotes_csv.ImportRejected) -> list[int]:
    return [problem.line for problem in error.report.errors]


def test_one_bad_row_among_good_ones_writes_nothing_and_every_bad_row_is_listed(session, team):
    data = csv_bytes([
        HEADER,
        ["The delivery was late again", "P01", "2026-03-04", "delivery", "negative"],   # line 2
        ["Loved the packaging", "P02", "2026-03-05", "packaging", "furious"],          # line 3: sentiment
        ["Easy to find the shop", "P03", "05/03/2026", "store", "positive"],            # line 4: date
        ["", "P04", "", "", ""],                                                        # line 5: no text
        ["Staff were kind", "P05", "2026-03-06", "staff", "positive"],                  # line 6
    ])

    error = rejected(session, team.editor, data)

    assert lines(error) == [3, 4, 5]
    messages = {p.line: p.message for p in error.report.errors}
    assert "sentiment must be one of positive, negative, neutral, mixed" in messages[3]
    assert "(column “Mood”)" in messages[3]
    assert "date must be a date like 2026-03-04" in messages[4]
    assert "text is required" in messages[5]
    assert error.report.imported == 0 and error.empty_text == 1
    assert "3 rows are not valid; nothing was imported" in error.message
    assert nothing_written(session, team.a)


def test_a_valid_file_imports_every_row_with_its_fields(session, team):
    data = csv_bytes([
        HEADER + ["Where", "Lang"],
        ["The delivery was late again", "P01", "2026-03-04", "delivery, waiting", "Negative", "support log", "SV"],
        ["Loved the packaging", "P02", "2026-03-05T10:30:00Z", "packaging", "", "interview", ""],
    ])
    mapping = {**MAPPING, "source": "Where", "language": "Lang"}

    report = run(session, team.editor, data, mapping)

    assert (report.imported, report.errors, report.dry_run) == (2, [], False)
    late, loved = sorted(quotes_of(session, team.a), key=lambda q: q.text, reverse=True)
    assert (late.text, late.participant.code, late.collected_on) == ("The delivery was late again", "P01",
                                                                     date(2026, 3, 4))
    assert (late.sentiment, late.source, late.language, late.tag_names) == ("negative", "support log", "sv",
                                                                           ["delivery", "waiting"])
    assert (loved.collected_on, loved.sentiment, loved.language) == (date(2026, 3, 5), None, team.a.language)


def test_imported_quotes_are_ordinary_quotes(session, team, api_as):
    run(session, team.editor, csv_bytes([HEADER, ["Kind staff", "P01", "2026-03-04", "staff", "positive"]]))
    session.commit()

    listed = evidence.list_items(session, team.viewer, evidence.QUOTES, "alpha", {"tag": "Staff"})
    assert [q.text for q in listed.items] == ["Kind staff"]
    answer = api_as(team.viewer).get(f"/api/v1/quotes/{listed.items[0].id}")
    assert answer.status_code == 200 and answer.json["tags"] == ["staff"]


@pytest.mark.parametrize("delimiter, newline, bom", [
    (",", "\n", False), (";", "\n", False), (",", "\r\n", False), (";", "\r\n", True), ("\t", "\n", True),
    (",", "\r", False),
], ids=["comma", "semicolon", "crlf", "excel-sweden-bom-crlf", "tab-bom", "cr"])
def test_separators_bom_line_ends_and_quoted_newlines(session, team, delimiter, newline, bom):
    data = csv_bytes([
        HEADER,
        ["Line one\nline two; with, separators and \"quotes\"", "P01", "2026-03-04", "a, b", ""],  # lines 2–3
        ["", "P02", "", "", ""],                                                                  # line 4
        ["Third", "P03", "", "", ""],                                                             # line 5
    ], delimiter=delimiter, newline=newline, bom=bom)

    assert lines(rejected(session, team.editor, data)) == [4]
    report = run(session, team.editor, data, skip_empty=True)

    assert (report.imported, report.skipped_lines, report.delimiter) == (2, [4], delimiter)
    texts = [q.text for q in quotes_of(session, team.a)]
    assert texts == ['Line one\nline two; with, separators and "quotes"', "Third"]


def test_line_numbers_count_the_lines_inside_quoted_cells(session, team):
    data = (b'Quote,Who\n'
            b'"first\nsecond\nthird",P01\n'        # lines 2-4
            b'"",P02\n'                             # line 5
            b'\n'                                   # line 6: blank, ignored
            b'"a\r\nb",P03\n'                       # lines 7-8
            b',P04\n')                              # line 9

    error = rejected(session, team.editor, data, {"text": "Quote", "participant": "Who"})

    assert lines(error) == [5, 9]
    assert error.report.rows == 4


def test_excel_sep_line_names_the_separator(session, team):
    data = b"sep=;\r\nQuote;Labels\r\nOne, two;x\r\n;y\r\n"

    error = rejected(session, team.editor, data, {"text": "Quote", "tags": "Labels"})

    assert lines(error) == [4]
    assert error.report.delimiter == ";"


def test_dry_run_reports_what_would_happen_and_writes_nothing(session, team):
    session.add(Tag(workspace_id=team.a.id, name="Delivery", key="delivery"))
    session.commit()
    data = csv_bytes([HEADER, ["Late", "P01", "", "delivery, price", ""], ["Slow", "P02", "", "DELIVERY", ""],
                      ["Again", "p01", "", "", ""]])

    report = run(session, team.editor, data, dry_run=True)

    assert (report.dry_run, report.imported, report.would_import) == (True, 0, 3)
    assert (report.participants_created, report.tags_created) == (2, 1)
    assert count(session, Quote, team.a) == 0 and count(session, Participant, team.a) == 0
    assert count(session, Tag, team.a) == 1


def test_tags_are_split_deduplicated_and_shared(session, team):
    session.add(Tag(workspace_id=team.a.id, name="Fit", key="fit"))
    session.commit()
    data = csv_bytes([["Quote", "Labels"],
                      ["Too small", "fit, Sizing , FIT,,sizing"],
                      ["Too big", "Sizing"],
                      ["Lovely colour", " colour  choice "]])

    report = run(session, team.editor, data, {"text": "Quote", "tags": "Labels"})

    assert report.tags_created == 2
    assert sorted((t.name for t in session.query(Tag).filter_by(workspace_id=team.a.id)), key=str.casefold) == [
        "colour choice", "Fit", "Sizing"]
    by_text = {q.text: q.tag_names for q in quotes_of(session, team.a)}
    assert by_text == {"Too small": ["Fit", "Sizing"], "Too big": ["Sizing"], "Lovely colour": ["colour choice"]}


def test_participants_are_created_once_and_existing_codes_reused(session, team):
    evidence.create_item(session, team.editor, evidence.QUOTES, "alpha", {"text": "Earlier", "participant": "P02"})
    session.commit()
    data = csv_bytes([["Quote", "Who"], ["a", "P01"], ["b", "p01"], ["c", "P02"], ["d", " P01 "], ["e", ""]])

    report = run(session, team.editor, data, {"text": "Quote", "participant": "Who"})

    assert report.participants_created == 1
    assert sorted(p.code for p in session.query(Participant).filter_by(workspace_id=team.a.id)) == ["P01", "P02"]
    by_text = {q.text: q.participant.code if q.participant else None for q in quotes_of(session, team.a)}
    assert by_text == {"a": "P01", "b": "P01", "c": "P02", "d": "P01", "e": None, "Earlier": "P02"}


@pytest.mark.parametrize("cell, expected", [
    ("2026-03-04", date(2026, 3, 4)), ("20260304", date(2026, 3, 4)), (" 2026-03-04 14:30 ", date(2026, 3, 4)),
    ("2026-03-04T14:30:00+01:00", date(2026, 3, 4)), ("", None),
])
def test_iso_dates_and_date_times_are_accepted(session, team, cell, expected):
    run(session, team.editor, csv_bytes([["Quote", "When"], ["Hi", cell]]), {"text": "Quote", "date": "When"})
    assert quotes_of(session, team.a)[0].collected_on == expected


@pytest.mark.parametrize("cell", ["04/03/2026", "3/4/2026", "2026-02-30", "yesterday"])
def test_other_date_formats_are_refused(session, team, cell):
    error = rejected(session, team.editor, csv_bytes([["Quote", "When"], ["Hi", cell]]),
                     {"text": "Quote", "date": "When"})
    assert error.report.errors[0].message == "date must be a date like 2026-03-04 (column “When”)"


def test_the_rules_of_a_single_quote_apply(session, team):
    too_long = "x" * (evidence.LONG + 1)
    data = csv_bytes([["Quote", "Lang", "Who", "Where"],
                      [too_long, "", "", ""],
                      ["ok", "klingon", "", ""],
                      ["ok", "", "P" * 41, ""],
                      ["ok", "", "", "s" * 201],
                      ["ok", "", "", ""]])

    error = rejected(session, team.editor, data, {"text": "Quote", "language": "Lang", "participant": "Who",
                                                  "source": "Where"})

    assert lines(error) == [2, 3, 4, 5]
    messages = [p.message for p in error.report.errors]
    assert f"text must be at most {evidence.LONG} characters" in messages[0]
    assert "language must be one of" in messages[1]
    assert "participant must be at most 40 characters" in messages[2]
    assert "source must be at most 200 characters" in messages[3]


def test_a_row_with_more_cells_than_the_header_is_an_error(session, team):
    data = b"Quote,Who\nFine,P01\nI said, loudly, no,P02\nTrailing empty cells are fine,P03,,\n"
    error = rejected(session, team.editor, data, {"text": "Quote", "participant": "Who"})
    assert lines(error) == [3]
    assert "4 cells, but the header has 2 columns" in error.report.errors[0].message


def test_skip_empty_leaves_out_rows_without_text_and_says_how_many(session, team):
    data = csv_bytes([["Quote", "Who"], ["one", "P1"], ["  ", "P2"], ["", "P3"], ["two", "P4"]])

    report = run(session, team.editor, data, {"text": "Quote", "participant": "Who"}, skip_empty=True)

    assert (report.imported, report.skipped_empty, report.skipped_lines) == (2, 2, [3, 4])
    assert report.participants_created == 2  # the skipped rows' participants are not created


def test_personal_data_is_reported_per_line_and_masked_on_request(session, team):
    data = csv_bytes([["Quote"], ["Mail me at anna.svensson@example.se please"], ["Nothing personal"],
                      ["Ring 070-123 45 67 or anna@example.org"]])

    warned = run(session, team.editor, data, {"text": "Quote"}, dry_run=True)
    assert [(w.line, w.kinds, w.masked) for w in warned.personal_data] == [(2, ["email"], False),
                                                                          (4, ["email", "phone"], False)]
    assert warned.personal_data[1].message == "looks like it contains an e-mail address and a phone number"

    masked = run(session, team.editor, data, {"text": "Quote"}, mask_personal_data=True)
    assert masked.masked == 2 and all(w.masked for w in masked.personal_data)
    assert [q.text for q in quotes_of(session, team.a)] == [
        "Mail me at [removed] please", "Nothing personal", "Ring [removed] or [removed]"]


def test_unmasked_personal_data_does_not_block_the_import(session, team):
    report = run(session, team.editor, csv_bytes([["text"], ["write to me: kim@example.org"]]), None)
    assert report.imported == 1 and report.personal_data[0].line == 2
    assert quotes_of(session, team.a)[0].text == "write to me: kim@example.org"


def test_the_row_limit_refuses_the_whole_file(session, team):
    data = csv_bytes([["Quote"], ["a"], ["b"], ["c"], ["d"]])

    error = rejected(session, team.editor, data, {"text": "Quote"}, max_rows=3)

    assert lines(error) == [5]
    assert "more than 3 rows" in error.report.errors[0].message
    assert run(session, team.editor, data, {"text": "Quote"}, max_rows=4).imported == 4


def test_the_size_limit_refuses_the_file(session, team):
    data = csv_bytes([["Quote"], ["a" * 100]])
    with pytest.raises(quotes_csv.FileTooLarge, match="the limit is 50 bytes"):
        run(session, team.editor, data, {"text": "Quote"}, max_bytes=50)
    assert nothing_written(session, team.a)


@pytest.mark.parametrize("mapping, message", [
    ("{not json", "mapping is not valid JSON"),
    ("[1, 2]", "mapping must be a JSON object"),
    ({"txt": "Quote"}, "unknown field txt: the fields are text, participant, date, tags, sentiment, source, language"),
    ({"participant": "Who"}, "map the field text to the column that holds the quotes"),
    ({"text": 3}, "each field maps to a column header"),
])
def test_a_bad_mapping_is_refused_before_the_file_is_read(session, team, mapping, message):
    with pytest.raises(Invalid) as caught:
        run(session, team.editor, csv_bytes([["Quote"], ["a"]]), mapping)
    assert not isinstance(caught.value, quotes_csv.ImportRejected)
    assert message in caught.value.fields["mapping"]


def test_a_mapping_to_a_missing_column_points_at_the_header(session, team):
    error = rejected(session, team.editor, csv_bytes([["Quote", "Who"], ["a", "b"]]),
                     {"text": "Review Text", "participant": "who"})
    assert lines(error) == [1]
    assert error.report.errors[0].message == ("no column “Review Text” (mapped to text) in the header; "
                                              "the columns are “Quote”, “Who”")


def test_without_a_mapping_columns_named_like_the_fields_are_used(session, team):
    data = csv_bytes([["Text", "Participant", "Collected_on", "TAGS"], ["Hello", "P9", "2026-01-02", "x"]])
    report = run(session, team.editor, data, None)
    assert report.mapping == {"text": "Text", "participant": "Participant", "date": "Collected_on", "tags": "TAGS"}
    quote = quotes_of(session, team.a)[0]
    assert (quote.participant.code, quote.collected_on, quote.tag_names) == ("P9", date(2026, 1, 2), ["x"])

    error = rejected(session, team.editor, csv_bytes([["Review"], ["Hello"]]), None)
    assert lines(error) == [1] and "no column for the quote text" in error.report.errors[0].message


@pytest.mark.parametrize("data, line, message", [
    (b"Quote\nok\n\xe5ngest\n", 3, "not UTF-8 text"),
    (b'Quote,Who\nok,P1\n"never closed,P2\nmore,P3\n', 3, "never closed"),
    (b'Quote,Who\n"bad"quote,P1\n', 2, "must be doubled"),
    (b"", 1, "the file is empty"),
    (b"\n\n", 1, "the file is empty"),
    (b"Quote,Who\n", 2, "no rows below it"),
])
def test_files_that_cannot_be_read_say_where_and_why(session, team, data, line, message):
    error = rejected(session, team.editor, data, {"text": "Quote"})
    assert lines(error) == [line]
    assert message in error.report.errors[0].message


@pytest.mark.parametrize("who, error", [("viewer", Forbidden), ("outsider", NotFound)])
def test_only_editors_of_the_workspace_may_import(session, team, who, error):
    with pytest.raises(error):
        run(session, getattr(team, who), csv_bytes([["Quote"], ["a"]]), {"text": "Quote"})
    with pytest.raises(NotFound):
        quotes_csv.import_quotes(session, team.editor, "no-such-team", b"Quote\na\n", {"text": "Quote"})
    assert nothing_written(session, team.a)


def test_progress_is_reported_while_checking_and_writing(session, team):
    seen: list[tuple[str, int, int]] = []
    data = csv_bytes([["Quote"], *[[f"quote {i}"] for i in range(2_500)]])

    run(session, team.editor, data, {"text": "Quote"}, progress=lambda *step: seen.append(step))

    assert ("check", 2_500, 2_500) in seen and seen[-1] == ("write", 2_500, 2_500)
    assert count(session, Quote, team.a) == 2_500


def test_one_language_for_the_whole_file_and_a_row_s_own_language_wins(session, team):
    team.a.language = "sv"
    session.commit()
    data = csv_bytes([["Quote", "Lang"], ["Runs small", ""], ["Passar bra", "sv"], ["Lovely fabric", ""]])

    report = run(session, team.editor, data, {"text": "Quote", "language": "Lang"}, language="en")

    assert [(q.text, q.language) for q in quotes_of(session, team.a)] == [
        ("Lovely fabric", "en"), ("Passar bra", "sv"), ("Runs small", "en")]
    assert (report.language, report.language_chosen, report.own_language) == ("en", True, 1)


def test_without_a_language_for_the_file_the_report_names_the_workspace_s(session, team):
    team.a.language = "sv"
    session.commit()

    report = run(session, team.editor, csv_bytes([["Quote"], ["Runs small"]]), {"text": "Quote"})

    assert [q.language for q in quotes_of(session, team.a)] == ["sv"]
    assert (report.language, report.language_chosen, report.own_language) == ("sv", False, 0)


def test_an_unknown_language_for_the_file_is_refused_before_anything_is_written(session, team):
    with pytest.raises(Invalid) as caught:
        run(session, team.editor, csv_bytes([["Quote"], ["Runs small"]]), {"text": "Quote"}, language="english")

    assert "language must be one of" in caught.value.fields["language"]
    assert nothing_written(session, team.a)
