"""The deadlines investigations keeps: records asked of staff and not yet received."""

from __future__ import annotations

from collections.abc import Iterator

from heard.complaints.deadlines import Deadline
from heard.complaints.models import Complaint, WaitsOn
from heard.complaints.models.choices import ENDED_STATUSES
from heard.investigations.models import RecordsRequest


def records_request_deadlines(complaint: Complaint) -> Iterator[Deadline]:
    """Each outstanding records request, due on the date given when it was made; once the
    procedure has ended nobody waits for the records any more."""
    if complaint.status in ENDED_STATUSES:
        return
    outstanding = RecordsRequest.objects.filter(complaint_id=complaint.pk, received_on=None)
    for request in outstanding.order_by("due_on", "id")[:1]:
        yield Deadline(
            request.due_on,
            f"Records from {request.requested_from}"[:200],
            f"records_request:{request.pk}",
            request.requested_from,
            role=WaitsOn.STAFF,
        )
