"""The deadline the Ombudsman sets: the date the council must reply by."""

from __future__ import annotations

from collections.abc import Iterator

from heard.complaints.deadlines import Deadline
from heard.complaints.models import Complaint, WaitsOn
from heard.ombudsman.models import OmbudsmanCase


def reply_deadlines(complaint: Complaint) -> Iterator[Deadline]:
    """The soonest enquiry not yet answered, at any status (an enquiry may come years on)."""
    case = (
        OmbudsmanCase.objects.filter(complaint_id=complaint.pk, replied_on=None)
        .order_by("reply_due_on", "id")
        .first()
    )
    if case is not None:
        yield Deadline(
            case.reply_due_on,
            "Reply to the Ombudsman",
            f"ombudsman:{case.pk}",
            role=WaitsOn.COUNCIL,
        )
