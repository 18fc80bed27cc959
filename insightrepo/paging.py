"""One page of a query's results, counted in the database, and the page numbers a pager shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

AROUND = 2  # page numbers shown on each side of the current one


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def last(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def numbers(self) -> list[int | None]:
        return page_numbers(self.page, self.last)


def paginate(session: Session, stmt: Select[Any], page: int, per_page: int) -> Page:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill (one, when there are none)."""
    return max((total + per_page - 1) // per_page, 1)


def page_numbers(current: int, last: int, around: int = AROUND) -> list[int | None]:
    """The numbers a pager links to: the first and last page, ``around`` pages either side of
    ``current``, and None where numbers are left out (a gap of one page is shown, not elided)."""
    wanted = {1, last, *range(current - around, current + around + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= last)
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers
