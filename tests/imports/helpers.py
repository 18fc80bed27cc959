"""Shared by the import tests: CSV files built in code, the shared corpus, and what the database holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import func, select

from insightrepo.models import Participant, Quote, Tag

# ../shared/corpus/ beside the repository (tests/imports/ → repo root → its parent)
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "clothing-reviews.csv"
CORPUS_MAPPING = {"text": "Review Text", "tags": "Department Name", "participant": "Clothing ID"}


def csv_bytes(rows: list[list[str]], delimiter: str = ",", newline: str = "\n", bom: bool = False) -> bytes:
    """Rows (the header first) as a CSV file, quoted where needed."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def count(session, model, workspace) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.workspace_id == workspace.id))


def quotes_of(session, workspace) -> list[Quote]:
    session.expire_all()
    return list(session.scalars(select(Quote).where(Quote.workspace_id == workspace.id).order_by(Quote.text)))


def nothing_written(session, workspace) -> bool:
    return all(count(session, model, workspace) == 0 for model in (Quote, Participant, Tag))
