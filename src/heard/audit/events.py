"""Writing case events. Called by the actions inside their transaction, never by views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from heard.audit.models import AccessRecord, CaseEvent


def record_event(
    complaint_id: int,
    name: str,
    summary: str,
    *,
    by: AbstractBaseUser | None,
    acting_as: str = "",
    from_state: str = "",
    to_state: str = "",
    details: dict[str, Any] | None = None,
    happened_on: date | None = None,
) -> CaseEvent:
    """Append an event. Must run inside the action's transaction so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case events are written inside the action's transaction")
    return CaseEvent.objects.create(
        complaint_id=complaint_id,
        name=name,
        summary=summary,
        by=by if by is not None and by.is_authenticated else None,
        acting_as=acting_as,
        from_state=from_state,
        to_state=to_state,
        details=details or {},
        happened_on=happened_on,
    )


def record_access(complaint_id: int, *, by: AbstractBaseUser, method: str, path: str) -> None:
    AccessRecord.objects.create(complaint_id=complaint_id, by=by, method=method, path=path[:300])
