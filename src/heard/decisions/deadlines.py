"""The deadlines decisions keeps: Stage 3's three statutory ones and the agreed actions."""

from __future__ import annotations

from collections.abc import Iterator

from heard.complaints.deadlines import Deadline
from heard.complaints.models import Complaint, Stage3, WaitsOn
from heard.complaints.models.choices import Status
from heard.decisions.models import Action


def stage3_deadlines(complaint: Complaint) -> Iterator[Deadline]:
    """The one of the panel meeting (30 WD), the panel report (5 WD) and the council's
    response (15 WD) that the case is waiting for, by its status."""
    wanted = {
        Status.STAGE3_REQUESTED: ("panel_due_on", "Panel meeting", WaitsOn.COUNCIL),
        Status.STAGE3_PANEL: ("panel_due_on", "Panel meeting", WaitsOn.COUNCIL),
        Status.STAGE3_REPORT: ("report_due_on", "Panel report", WaitsOn.PANEL_CHAIR),
        Status.STAGE3_RESPONSE: (
            "response_due_on",
            "Council's response to the panel",
            WaitsOn.COUNCIL,
        ),
    }.get(Status(complaint.status))
    if wanted is None:
        return
    field, label, role = wanted
    due_on = Stage3.objects.filter(complaint_id=complaint.pk).values_list(field, flat=True).first()
    if due_on is not None:
        yield Deadline(due_on, label, field, role=role)


def agreed_action_deadlines(complaint: Complaint) -> Iterator[Deadline]:
    """The soonest open agreed action (rule 38), whatever the case's status: the council
    still owes it after the procedure has ended."""
    action = (
        Action.objects.filter(complaint_id=complaint.pk, state=Action.State.OPEN)
        .order_by("due_on", "id")
        .first()
    )
    if action is not None:
        yield Deadline(
            action.due_on,
            f"Agreed action ({action.owner})"[:200],
            f"action:{action.pk}",
            action.owner,
            role=WaitsOn.SERVICE,
        )
