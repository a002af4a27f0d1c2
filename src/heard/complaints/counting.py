"""Several counts in one query, each read from its own index (decision 032).

The home page and the dashboard count slices of one table: deadlines overdue, due soon,
waiting. Written as one aggregate with a ``FILTER`` per slice, the database reads every row
once and tests each condition on each row: at 100,000 complaints that was most of the
queue's database time (7 ms of SQLite's 8 for 20,000 running deadlines). Written as one
scalar subquery per slice, each slice is a range of an index and is counted from the index
alone, and it is still one round trip: ``SELECT (SELECT COUNT(*) ...), (SELECT COUNT(*) ...)``.

This pays when each slice is a range of an index on the table itself. A slice that joins
another table (a handler's cases) is cheaper as one pass over the join, so callers keep
the ``FILTER`` form for those.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from heard.compiled import count_sql


def count_each(slices: Mapping[str, QuerySet[Any]]) -> dict[str, int]:
    """How many rows each queryset holds, in one query, by the same names. (A page that
    counts the same slices on every request compiles them once: ``heard.compiled``.)"""
    if not slices:
        return {}
    alias, sql, params = count_sql(slices)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(slices, row, strict=True)}
