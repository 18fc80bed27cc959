"""Importing quotes from a CSV file: all rows or none.

Every row is checked with the rules for adding one quote (``QUOTES.fields``); only when every
row passes is anything written, in one go: the new participants and tags once, then the quotes
in batches. A rejected file raises ImportRejected, whose report lists every bad row by the
line of the file where it starts (the header is line 1; a quoted cell may span lines).

The file: UTF-8 with or without a byte-order mark; cells separated by `,`, `;` or a tab
(whichever splits the header into the most cells; Excel's `sep=;` first line is honoured);
quoted cells may hold separators, doubled quotes and newlines; LF, CRLF or CR line ends.
Dates: an ISO calendar date (2026-03-04, 20260304) or a date-time that starts with one
(2026-03-04 14:30, 2026-03-04T14:30:00Z → 2026-03-04). Day/month orders like 04/03/2026 are
refused: they mean different days in Europe and the US."""

from __future__ import annotations

import csv
import io
import json
import re
from babel.lists import format_list
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, NoReturn

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from insightrepo.batches import chunks
from insightrepo.db import insert_new, new_id, utcnow
from insightrepo.models import Change, Participant, Quote, Tag, User, Workspace
from insightrepo.models.evidence import code_key, quote_tags
from insightrepo.search.outbox import enqueue
from insightrepo.evidence import personal_data
from insightrepo.workspaces.access import workspace_for
from insightrepo.errors import Invalid, ServiceError
from insightrepo.evidence.evidence import QUOTES
from insightrepo.field_checks import clean
from insightrepo.field_labels import field_name
from insightrepo.i18n import gettext, interface_locale, ngettext, quoted
from insightrepo.evidence.tags import tag_key
from insightrepo.timeline.change_recorder import bulk_create_rows

FIELDS = ("text", "participant", "date", "tags", "sentiment", "source", "language")
_QUOTE_FIELD = {"date": "collected_on"}
# The import's field names → the very checks that guard creating a quote by hand.
CHECKS = {name: QUOTES.fields[_QUOTE_FIELD.get(name, name)] for name in FIELDS}
DELIMITERS = (",", ";", "\t")
BATCH = 1_000  # quotes per INSERT
LOOKUP = 500  # keys per IN (…) lookup
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d")
_SEP_LINE = re.compile(r"sep=(.)\r?\n?$")

Progress = Callable[[str, int, int], None]  # (stage "check" | "write", done, total)


class FileTooLarge(ServiceError):
    code = "too_large"


class ImportRejected(Invalid):
    """Nothing was imported; ``report.errors`` names every bad line."""

    def __init__(self, report: ImportReport, message: str):
        super().__init__({}, message)
        self.details = {}
        self.report = report

    @property
    def empty_text(self) -> int:
        """How many of the bad rows are bad only because their text is empty."""
        return self.report.empty_text


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str


@dataclass(frozen=True)
class PersonalDataWarning:
    line: int
    kinds: list[str]
    masked: bool

    @property
    def message(self) -> str:
        what = format_list([str(personal_data.LABELS[k]) for k in self.kinds], locale=interface_locale())
        if self.masked:
            return gettext("looks like it contains %(what)s — masked", what=what)
        return gettext("looks like it contains %(what)s", what=what)


@dataclass
class ImportReport:
    """What an import did, or would do (``dry_run``), or why it did nothing (``errors``)."""

    dry_run: bool = False
    delimiter: str = ","
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0  # data rows in the file (wholly blank records are not rows)
    imported: int = 0
    would_import: int = 0
    skipped_lines: list[int] = field(default_factory=list)
    participants_created: int = 0
    tags_created: int = 0
    masked: int = 0
    personal_data: list[PersonalDataWarning] = field(default_factory=list)
    errors: list[LineProblem] = field(default_factory=list)
    empty_text: int = 0
    language: str = ""  # the language of every quote without its own (a row's language column wins)
    language_chosen: bool = False  # ``language`` was chosen for the file (else it is the workspace's)
    own_language: int = 0  # quotes whose row named their language

    @property
    def skipped_empty(self) -> int:
        return len(self.skipped_lines)


@dataclass(frozen=True)
class CsvTable:
    delimiter: str
    headers: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (line where the record starts, cells)


# ---- the file ----------------------------------------------------------------------------

def read_csv(data: bytes, max_bytes: int | None = None, max_rows: int | None = None) -> CsvTable:
    """The header and the data rows with their line numbers; ImportRejected if the file is
    not UTF-8 text, not well-formed CSV, empty or over ``max_rows``; FileTooLarge over ``max_bytes``."""
    if max_bytes is not None and len(data) > max_bytes:
        raise FileTooLarge(gettext("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.",
                                   size=_size(len(data)), limit=_size(max_bytes)), {"size": len(data), "limit": max_bytes})
    text = _decode(data)
    first_line = 1
    sep = _SEP_LINE.match(text.split("\n", 1)[0])
    if sep:  # Excel's "sep=;" hint line
        delimiter, text, first_line = sep.group(1), text.split("\n", 1)[1] if "\n" in text else "", 2
    else:
        delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    header_line = first_line
    rows: list[tuple[int, list[str]]] = []
    start = first_line
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if headers is None:
                    headers, header_line = [cell.strip() for cell in record], start
                else:
                    rows.append((start, record))
                    if max_rows is not None and len(rows) > max_rows:
                        too_many = gettext("the file has more than %(max)s rows, the most one import takes: "
                                           "split it into smaller files", max=format(max_rows, ","))
                        _reject(LineProblem(start, too_many), delimiter=delimiter, columns=headers)
            start = reader.line_num + first_line
    except csv.Error as problem:
        message = (gettext("a quoted cell that starts in this row is never closed (a \" is missing)")
                   if "end of data" in str(problem) else
                   gettext("not valid CSV (%(problem)s): a \" inside a quoted cell must be doubled (\"\")",
                           problem=str(problem)))
        _reject(LineProblem(start, message), delimiter=delimiter, columns=headers or [])
    if headers is None:
        _reject(LineProblem(1, gettext("the file is empty: it needs a header line naming the columns, "
                                       "then one row per quote")))
    return CsvTable(delimiter, headers, header_line, rows)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[:problem.start].count(b"\n") + 1
        message = gettext("the file is not UTF-8 text (byte %(byte)s on this line): "
                          "save it as “CSV UTF-8” (in Excel: Save as → CSV UTF-8)", byte="0x" + format(data[problem.start], "02X"))
    _reject(LineProblem(line, message))


def _detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most cells (a comma on a tie)."""
    sample = text[:65_536]
    best, most = ",", 0
    for delimiter in DELIMITERS:
        try:
            header = next((r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                           if any(cell.strip() for cell in r)), [])
        except csv.Error:
            continue
        if len(header) > most:
            best, most = delimiter, len(header)
    return best


def _size(n: int) -> str:
    if n >= 1_048_576:
        return gettext("%(size)s MiB", size=format(n / 1_048_576, ".1f"))
    return ngettext("%(num)d byte", "%(num)d bytes", n)


# ---- the mapping -------------------------------------------------------------------------

MAPPING_EXAMPLE = '{"text": "Review Text", "participant": "Clothing ID", "tags": "Department Name"}'


def parse_mapping(raw: str | dict | None) -> dict[str, str] | None:
    """Field → column header, from a dict or its JSON text; None (nothing given) means
    "columns named like the fields". Empty values mean "not imported"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as problem:
            _bad_mapping(gettext("mapping is not valid JSON (%(problem)s); send an object from field to column "
                                 "header, e.g. %(example)s", problem=str(problem), example=MAPPING_EXAMPLE))
    if not isinstance(raw, dict):
        _bad_mapping(gettext("mapping must be a JSON object from field to column header, e.g. %(example)s",
                             example=MAPPING_EXAMPLE))
    unknown = sorted(str(k) for k in raw if k not in FIELDS)
    if unknown:
        _bad_mapping(ngettext("unknown field %(names)s: the fields are %(fields)s",
                              "unknown fields %(names)s: the fields are %(fields)s", len(unknown),
                              names=", ".join(unknown), fields=", ".join(FIELDS)))
    if not all(v is None or isinstance(v, str) for v in raw.values()):
        _bad_mapping(gettext("each field maps to a column header (text)"))
    mapping = {k: v.strip() for k, v in raw.items() if v and v.strip()}
    if "text" not in mapping:
        _bad_mapping(gettext("map the field text to the column that holds the quotes, e.g. %(example)s",
                             example='{"text": "Review Text"}'))
    return mapping


def _bad_mapping(message: str) -> NoReturn:
    raise Invalid({"mapping": message}, gettext("The mapping is not valid.")) from None


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Columns named like the fields (any case; `collected_on` for date)."""
    names = {name: name for name in FIELDS} | {"collected_on": "date"}
    mapping: dict[str, str] = {}
    for header in headers:
        name = names.get(header.strip().casefold())
        if name and name not in mapping:
            mapping[name] = header
    return mapping


def _columns(mapping: dict[str, str], table: CsvTable, report: ImportReport) -> dict[str, int]:
    """field → column index; every mapping problem is an error on the header's line."""
    headers = table.headers
    columns, problems = {}, []
    listed = ", ".join(quoted(h) for h in headers if h)
    for name, header in mapping.items():
        found = [i for i, h in enumerate(headers) if h == header] or \
                [i for i, h in enumerate(headers) if h.casefold() == header.casefold()]
        if not found:
            problems.append(gettext("no column %(header)s (mapped to %(field)s) in the header; the columns are %(columns)s",
                                    header=quoted(header), field=field_name(name), columns=listed))
        elif len(found) > 1:
            problems.append(gettext("%(count)d columns are called %(header)s (mapped to %(field)s): rename one",
                                    count=len(found), header=quoted(header), field=field_name(name)))
        else:
            columns[name] = found[0]
    if "text" not in mapping:
        problems.append(gettext("no column for the quote text: call it “text” or send a mapping, e.g. %(example)s; "
                                "the columns are %(columns)s", example=MAPPING_EXAMPLE, columns=listed))
    if problems:
        report.errors.extend(LineProblem(table.header_line, p) for p in problems)
        raise ImportRejected(report, gettext("The mapping does not match the file's header; nothing was imported."))
    return columns


# ---- the import --------------------------------------------------------------------------

def import_quotes(session: Session, actor: User | None, slug: str, data: bytes,
                  mapping: str | dict | None = None, *, dry_run: bool = False, skip_empty: bool = False,
                  mask_personal_data: bool = False, language: str | None = None, max_bytes: int | None = None,
                  max_rows: int | None = None, progress: Progress | None = None) -> ImportReport:
    """Import every row of the CSV ``data`` as a quote of workspace ``slug``, or none.

    ``skip_empty``: rows whose text is empty are left out (and counted) instead of being
    errors. ``mask_personal_data``: e-mail addresses, phone and identity numbers in the text are
    replaced by “[removed]”; either way they are reported per line. ``language``: the language
    of every quote whose row does not name one (empty: the workspace's); nothing is guessed from
    the text. ``dry_run``: check only."""
    workspace = workspace_for(session, actor, slug, "editor")
    wanted = parse_mapping(mapping)
    chosen = file_language(language)
    try:
        table = read_csv(data, max_bytes, max_rows)
    except ImportRejected as rejected:
        rejected.report.dry_run = dry_run  # the answer says what was asked, even for an unreadable file
        raise
    wanted = wanted if wanted is not None else guess_mapping(table.headers)
    report = ImportReport(dry_run=dry_run, delimiter=table.delimiter, columns=table.headers, mapping=wanted,
                          rows=len(table.rows), language=chosen or workspace.language, language_chosen=bool(chosen))
    columns = _columns(wanted, table, report)
    quotes = list(_checked_rows(table, columns, wanted, report, skip_empty, mask_personal_data, progress))
    if report.errors:
        raise ImportRejected(report, _rejection(report))
    if not table.rows:
        report.errors.append(LineProblem(table.header_line + 1, gettext("the file has a header but no rows below it")))
        raise ImportRejected(report, gettext("The file has no rows to import."))
    report.would_import = len(quotes)
    report.own_language = sum(1 for q in quotes if q.get("language"))
    _write(session, workspace, quotes, report, progress)
    if not dry_run:
        report.imported = len(quotes)
    return report


def file_language(raw: str | None) -> str:
    """The language chosen for a whole file, checked as a quote's own language is ("" for none)."""
    try:
        return CHECKS["language"]("language", raw or "")
    except ValueError as problem:
        raise Invalid({"language": str(problem)}, gettext("The language is not valid.")) from None


def _rejection(report: ImportReport) -> str:
    message = ngettext("%(num)d row is not valid; nothing was imported.",
                       "%(num)d rows are not valid; nothing was imported.", len(report.errors))
    if report.empty_text:
        message += " " + ngettext("%(num)d of them has no text.", "%(num)d of them have no text.", report.empty_text)
    return message


def _checked_rows(table: CsvTable, columns: dict[str, int], mapping: dict[str, str], report: ImportReport,
                  skip_empty: bool, mask: bool, progress: Progress | None) -> Iterator[dict[str, Any]]:
    width = len(table.headers)
    total = len(table.rows)
    for n, (line, cells) in enumerate(table.rows, 1):
        if progress and n % 500 == 0:
            progress("check", n, total)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            report.errors.append(LineProblem(line, gettext(
                "%(cells)d cells, but the header has %(columns)d columns: does a cell holding a %(delimiter)s "
                "lack its quotes?", cells=len(cells), columns=width, delimiter=quoted(table.delimiter))))
            continue
        raw = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        raw["text"] = raw["text"].replace("\r\n", "\n").replace("\r", "\n")
        if not raw["text"].strip():
            if skip_empty:
                report.skipped_lines.append(line)
                continue
        findings = personal_data.find_personal_data(raw["text"])
        if findings:
            report.personal_data.append(PersonalDataWarning(line, sorted({f.kind for f in findings}), mask))
            if mask:
                raw["text"] = personal_data.mask_personal_data(raw["text"])
                report.masked += 1
        try:
            values = clean(_normalised(raw), CHECKS, required=("text",))
        except Invalid as problem:
            if "text" in problem.fields and not raw["text"].strip():
                report.empty_text += 1
            report.errors.append(LineProblem(line, "; ".join(
                gettext("%(problem)s (column %(column)s)", problem=message, column=quoted(mapping[name]))
                for name, message in problem.fields.items())))
            continue
        yield values
    if progress:
        progress("check", total, total)


def _normalised(raw: dict[str, str]) -> dict[str, str]:
    """Spellings a spreadsheet produces, brought to what the checks expect."""
    if "date" in raw:
        stamp = _DATE_TIME.match(raw["date"].strip())
        raw["date"] = stamp.group(1) if stamp else raw["date"]
    for name in ("sentiment", "language"):
        if name in raw:
            raw[name] = raw[name].strip().lower()
    return raw


def _write(session: Session, workspace: Workspace, quotes: list[dict[str, Any]], report: ImportReport,
           progress: Progress | None) -> None:
    """New participants and tags once, then the quotes and their tags in batches. A dry run
    only counts what it would create."""
    participant_ids = _participants(session, workspace, [q["participant"] for q in quotes if q.get("participant")],
                                    report)
    tag_ids = _tags(session, workspace, [name for q in quotes for name in q.get("tags", ())], report)
    if report.dry_run:
        return
    now = utcnow()
    total = len(quotes)
    for start in range(0, total, BATCH):
        rows, links = [], []
        for values in quotes[start:start + BATCH]:
            quote_id = new_id()
            code = values.get("participant")
            rows.append({
                "id": quote_id, "workspace_id": workspace.id, "text": values["text"],
                "participant_id": participant_ids[code_key(code)] if code else None,
                "collected_on": values.get("date"), "source": values.get("source", ""),
                "language": values.get("language") or report.language, "sentiment": values.get("sentiment"),
                "created_at": now, "updated_at": now, "version": 1,
            })
            links.extend({"quote_id": quote_id, "tag_id": tag_ids[tag_key(name)]} for name in values.get("tags", ()))
        session.execute(insert(Quote.__table__), rows)
        session.execute(insert(Change.__table__), bulk_create_rows(session, Quote, rows))
        if links:
            session.execute(insert(quote_tags), links)
        enqueue(session, workspace.id, "quote", [row["id"] for row in rows])  # the ORM's flush hook never sees them
        if progress:
            progress("write", min(start + BATCH, total), total)
    session.flush()


def _participants(session: Session, workspace: Workspace, codes: list[str], report: ImportReport) -> dict[str, str]:
    """code_key(code) → participant id; codes not yet in the workspace are created (first
    spelling wins), as adding a single quote with a new code does."""
    wanted: dict[str, str] = {}
    for code in codes:
        wanted.setdefault(code_key(code), code)
    if not wanted:
        return {}
    existing = dict(session.execute(select(Participant.code_key, Participant.id)
                                    .where(Participant.workspace_id == workspace.id)).all())
    ids = {key: existing[key] for key in wanted if key in existing}
    missing = [(key, code) for key, code in wanted.items() if key not in existing]
    report.participants_created = len(missing)
    if missing and not report.dry_run:
        now = utcnow()
        new = [{"id": new_id(), "workspace_id": workspace.id, "code": code, "code_key": key, "segment": "", "method": "interview",
                "note": "", "created_at": now, "updated_at": now, "version": 1} for key, code in missing]
        for start in range(0, len(new), BATCH):
            batch = new[start:start + BATCH]
            inserted = insert_new(session, Participant.__table__, batch, ["workspace_id", "code_key"])
            created = [row for row in batch if row["id"] in inserted]
            if created:
                session.execute(insert(Change.__table__), bulk_create_rows(session, Participant, created))
        for chunk in chunks([key for key, _ in missing], LOOKUP):  # ours, or another server's
            ids.update(session.execute(select(Participant.code_key, Participant.id).where(
                Participant.workspace_id == workspace.id, Participant.code_key.in_(chunk))).all())
    return ids


def _tags(session: Session, workspace: Workspace, names: list[str], report: ImportReport) -> dict[str, str]:
    """tag key → tag id; missing tags are created once, keeping the first spelling."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(tag_key(name), name)
    ids: dict[str, str] = {}
    for chunk in chunks(list(wanted), LOOKUP):
        ids.update(session.execute(select(Tag.key, Tag.id).where(Tag.workspace_id == workspace.id,
                                                                  Tag.key.in_(chunk))).all())
    missing = [key for key in wanted if key not in ids]
    report.tags_created = len(missing)
    if missing and not report.dry_run:
        new = [{"id": new_id(), "workspace_id": workspace.id, "name": wanted[key], "key": key} for key in missing]
        for start in range(0, len(new), BATCH):
            insert_new(session, Tag.__table__, new[start:start + BATCH], ["workspace_id", "key"])
        for chunk in chunks(missing, LOOKUP):  # ours, or another server's that committed first
            ids.update(session.execute(select(Tag.key, Tag.id).where(Tag.workspace_id == workspace.id,
                                                                      Tag.key.in_(chunk))).all())
    return ids


def _reject(problem: LineProblem, *, delimiter: str = ",", columns: list[str] | None = None) -> NoReturn:
    raise ImportRejected(ImportReport(delimiter=delimiter, columns=columns or [], errors=[problem]),
                         gettext("The file cannot be read: %(problem)s (line %(line)d); nothing was imported.",
                                 problem=problem.message, line=problem.line))
