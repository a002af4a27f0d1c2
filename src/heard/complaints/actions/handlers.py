"""Who handles a case: the complaints officer who looks after it day to day.

A case's handler is set when it is recorded (the person recording it, unless they name
someone else) and changed only by the Complaints Manager, with an event on the case saying
from whom to whom and why, so the history of who held it is never lost (decision 029).
"""

from __future__ import annotations

from heard.complaints.models import Complaint
from heard.complaints.transitions import Refused, transition
from heard.people.models import User
from heard.people.team import complaints_team


def check_handler(handler: User | None) -> User:
    """A handler must be an active member of the complaints team."""
    if handler is None or not complaints_team().filter(pk=handler.pk).exists():
        raise Refused("Choose a complaints officer or manager from the list.", field="handler")
    return handler


def assign_handler(complaint: Complaint, *, by: User, handler: User, reason: str = "") -> Complaint:
    """Give the case to ``handler``; refused if they already handle it."""
    check_handler(handler)
    with transition(complaint, "assign_handler", by=by) as step:
        before = step.complaint.handler
        if before is not None and before.pk == handler.pk:
            raise Refused(f"{handler} already handles this case.", field="handler")
        step.complaint.handler = handler
        step.complaint.save(update_fields=["handler"])
        complaint.handler = handler
        step.summary = f"Case handed to {handler}" + (f" from {before}" if before else "")
        step.details = {
            "from": str(before) if before else "",
            "from_id": before.pk if before else None,
            "to": str(handler),
            "to_id": handler.pk,
            "reason": reason.strip(),
        }
    return complaint
