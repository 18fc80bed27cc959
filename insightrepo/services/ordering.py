"""Keeping siblings (phases of a journey, steps of a phase) numbered 0..n-1."""

from __future__ import annotations

from typing import Any, Sequence

from insightrepo.services.errors import Invalid


def clamp_position(position: Any, length: int, field: str = "position") -> int:
    if position is None:
        return length
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise Invalid({field: f"{field} must be a whole number from 0"})
    return min(position, length)


def renumber(items: Sequence[Any]) -> None:
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index
