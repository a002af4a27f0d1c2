"""Writing case events. Called by the actions inside their transaction, never by views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from heard.audit.models import AccessRecord, CaseEvent, SearchRecord
from heard.audit.subscribers import announce
from heard.users import AnyUser, signed_in_id, user_id

# The summary column's length, read from the model so the two cannot drift apart.
SUMMARY_LENGTH: int = CaseEvent._meta.get_field("summary").max_length  # type: ignore[assignment]


def shorten_summary(summary: str) -> str:
    """``summary`` cut to fit its column, at a word where one is near, ending in "…".

    Summaries are built from people's answers (a court's name, how a statement was agreed), so
    one can run past the column however long each answer may be. PostgreSQL refuses an
    overlong value and SQLite stores it, so the cut is made here, once, for every event.
    """
    if len(summary) <= SUMMARY_LENGTH:
        return summary
    cut = summary[: SUMMARY_LENGTH - 1]
    space = cut.rfind(" ")
    if space > SUMMARY_LENGTH // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def record_event(
    complaint_id: int,
    name: str,
    summary: str,
    *,
    by: AnyUser | None,
    acting_as: str = "",
    from_state: str = "",
    to_state: str = "",
    details: dict[str, Any] | None = None,
    happened_on: date | None = None,
) -> CaseEvent:
    """Append an event. Must run inside the action's transaction so both commit or neither.

    A summary too long for its column is shortened, and the whole of it kept in the details
    under ``summary``, so the timeline stays readable and nothing said is lost.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case events are written inside the action's transaction")
    details = dict(details or {})
    short = shorten_summary(summary)
    if short != summary:
        details["summary"] = summary
    event = CaseEvent.objects.create(
        complaint_id=complaint_id,
        name=name,
        summary=short,
        by_id=user_id(by),
        acting_as=acting_as,
        from_state=from_state,
        to_state=to_state,
        details=details,
        happened_on=happened_on,
    )
    # Apps above the procedure (letters) hear of it inside the same transaction.
    announce(event)
    return event


def record_access(complaint_id: int, *, by: AnyUser, method: str, path: str) -> None:
    AccessRecord.objects.create(
        complaint_id=complaint_id, by_id=signed_in_id(by), method=method, path=path[:300]
    )


def record_search(
    query: str, shown: list[int], matched: int, *, by: AnyUser, method: str, path: str
) -> None:
    """A search and what it showed: one ``SearchRecord``, and one ``AccessRecord`` per case
    shown (in one insert), in one transaction so neither is kept without the other."""
    by_id = signed_in_id(by)
    with transaction.atomic():
        SearchRecord.objects.create(by_id=by_id, query=query, shown=shown, matched=matched)
        AccessRecord.objects.bulk_create(
            AccessRecord(complaint_id=pk, by_id=by_id, method=method, path=path[:300])
            for pk in shown
        )
