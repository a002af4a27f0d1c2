"""Named sets of cases that a higher app can send the case list to (decision 028).

A report's figure ("Stage 2 requests refused: statutory complaints, 1 April 2025 to 31 March
2026") should open the list of the cases behind it. The report lives in ``reporting``, above
``complaints``, so the list cannot import it (decision 016). Instead ``reporting`` registers
each figure here from its ``AppConfig.ready()``, and the list's hidden ``figure`` filter looks
the key up: the list stays the one place that scopes cases to the reader
(``complaints_visible_to``), sorts, pages and downloads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class CaseSet:
    """``complaint_ids(first, last, today)`` is a query of complaint ids (for ``pk__in``)."""

    key: str
    label: str
    complaint_ids: Callable[[date, date, date], QuerySet[Any]]


CASE_SETS: dict[str, CaseSet] = {}


def register_case_set(case_set: CaseSet) -> CaseSet:
    """Add a set; called from an app's ``ready()``. The same set again is no change; a
    different one under a taken key is a mistake."""
    taken = CASE_SETS.get(case_set.key)
    if taken is not None and (taken.label, taken.complaint_ids) != (
        case_set.label,
        case_set.complaint_ids,
    ):
        raise RuntimeError(f"case set {case_set.key!r} registered twice")
    CASE_SETS[case_set.key] = case_set
    return case_set


def case_set(key: str) -> CaseSet | None:
    return CASE_SETS.get(key)
