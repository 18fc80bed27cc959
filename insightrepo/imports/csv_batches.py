"""A CSV file too large for one import, as a stream of smaller ones (`import quotes --batch N`): each
batch is the header line and at most N records, re-written as CSV with the file's separator, so
every batch goes through the one quote import (quotes_csv.import_quotes) unchanged. The file is read
as a stream: memory holds one batch, whatever the file's size. Each batch knows where its records
began in the file, so a problem is reported at the file's own line."""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from insightrepo.imports.quotes_csv import _SEP_LINE, _detect_delimiter  # the one import's rules for line 1


class BatchProblem(Exception):
    """The file cannot be read as CSV at ``line`` (not UTF-8, a quote never closed, no header)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class Batch:
    number: int
    data: bytes  # the header line and the batch's records, as CSV in UTF-8
    rows: int
    _starts: list[int] = field(default_factory=list)  # line in ``data`` where each record starts
    _lines: list[int] = field(default_factory=list)  # … and in the file

    def file_line(self, line: int) -> int:
        """The file's line for ``line`` of this batch (the header is the file's header line)."""
        at = bisect.bisect_right(self._starts, line) - 1
        if at < 0:
            return self._lines[0] if line == 1 else line
        return self._lines[at] + (line - self._starts[at])


def batches(path: Path, size: int) -> Iterator[Batch]:
    """The file at ``path`` as batches of at most ``size`` records, each with the header."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        try:
            first = fh.readline()
            line = 1
            sep = _SEP_LINE.match(first.rstrip("\r\n"))
            if sep:  # Excel's "sep=;" hint line
                delimiter, line = sep.group(1), 2
            else:
                fh.seek(0)  # (the decoder starts again: a byte-order mark is skipped again)
                delimiter = _detect_delimiter(fh.read(65_536))
                fh.seek(0)
            yield from _records(fh, delimiter, line, size)
        except UnicodeDecodeError as problem:
            raise BatchProblem(0, f"the file is not UTF-8 text ({problem.reason} at byte {problem.start} of a "
                                  "read): save it as “CSV UTF-8”") from None


def _records(fh, delimiter: str, first_line: int, size: int) -> Iterator[Batch]:
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = start = first_line
    buffer, writer, batch = None, None, None
    number = written = 0  # batches made; lines in the current one
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if header is None:
                    header, header_line = record, start
                else:
                    if batch is None:
                        number += 1
                        buffer = io.StringIO(newline="")
                        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
                        writer.writerow(header)
                        batch = Batch(number, b"", 0, [1], [header_line])
                        written = 1 + sum(cell.count("\n") for cell in header)
                    batch._starts.append(written + 1)
                    batch._lines.append(start)
                    writer.writerow(record)  # a cell's own line breaks are kept (quoted)
                    written += 1 + sum(cell.count("\n") for cell in record)
                    batch.rows += 1
                    if batch.rows == size:
                        batch.data = buffer.getvalue().encode()
                        yield batch
                        batch = None
            start = reader.line_num + first_line
    except csv.Error as problem:
        message = ("a quoted cell that starts in this row is never closed (a \" is missing)"
                   if "end of data" in str(problem) else
                   f"not valid CSV ({problem}): a \" inside a quoted cell must be doubled (\"\")")
        raise BatchProblem(start, message) from None
    if header is None:
        raise BatchProblem(1, "the file is empty: it needs a header line naming the columns, then one row per quote")
    if batch is not None:
        batch.data = buffer.getvalue().encode()
        yield batch
