"""The one way a complaint changes: check the table and the permission, change, record.

    with transition(complaint, "extend_stage1", by=user) as step:
        step.complaint.stage1 ...          # change the locked rows
        step.summary = "Stage 1 extended to 21 January 2026"

The block runs inside one transaction on a freshly locked copy of the complaint. If the body
raises, nothing is saved and no event is written; otherwise the status moves as the table
says and the event is appended to the audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from heard.audit.events import record_event
from heard.audit.versions import TextChange, keep_versions, text_changes
from heard.complaints.access import actor_roles
from heard.complaints.appointment_ends import follow_the_work
from heard.complaints.deadlines import refresh_due
from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.complaints.models.decisions import Decision
from heard.complaints.search import refresh_search
from heard.complaints.workflow import EVENT_LABELS, KEEPS_ARCHIVED, WORKFLOW, Guard
from heard.people.models import User

STAGE_OF_STATUS: dict[str, int] = {
    Status.INTAKE: 1,
    Status.STAGE1_OPEN: 1,
    Status.STAGE1_RESPONDED: 1,
    Status.HANDLED_ELSEWHERE: 1,
    Status.REFUSED_OUT_OF_TIME: 1,
}


class NotAllowed(PermissionDenied):
    """This user may not do this to this complaint."""


class Refused(Exception):
    """A rule of the procedure refuses the change. ``field`` names the form field at fault;
    ``also`` holds further (field, message) pairs when one answer breaks rules about
    different boxes, so each message is shown beside its own box at once."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        *,
        also: tuple[tuple[str | None, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.also = also


@dataclass
class Step:
    complaint: Complaint
    event: str
    by: User
    acting_as: str
    summary: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # Decisions recorded by the action (``decision_records.record_decision``): each is linked
    # to the case event this step writes.
    decisions: list[Decision] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)

    def keep_text(self, row: Any, label: str, **after: str | None) -> None:
        """Before writing ``after`` over ``row``'s stored text, note each field it changes, so
        the transition keeps the earlier version with the event (nothing is overwritten)."""
        self.texts.extend(text_changes(row, label, **after))

    # The date the step happened, when the action takes one (decision 019): kept on the event
    # as ``happened_on``, beside ``at`` (when it was recorded).
    on: date | None = None


def stage_of(status: str, current: int) -> int:
    if status in STAGE_OF_STATUS:
        return STAGE_OF_STATUS[status]
    if status.startswith("stage2") or status == Status.CLOSED_NON_ENGAGEMENT:
        return 2
    if status.startswith("stage3"):
        return 3
    return current


def check(complaint: Complaint, event: str, by: User) -> str:
    """Raise unless ``by`` may fire ``event`` now; return the role they act in."""
    label = EVENT_LABELS.get(event, event)
    row = WORKFLOW.get(complaint.status, {})
    transition = row.get(event)
    if transition is None:
        raise Refused(
            f"You cannot {label[0].lower()}{label[1:]} while the complaint is "
            f"'{Status(complaint.status).label.lower()}'."
        )
    roles = actor_roles(by, complaint) & transition.allowed
    if not roles:
        raise NotAllowed(f"You do not have a role on this complaint that lets you {label.lower()}.")
    refused = first_refusal(complaint, event)
    if refused is not None:
        raise Refused(refused[1])
    return sorted(roles)[0]


def first_refusal(complaint: Complaint, event: str) -> tuple[Guard, str] | None:
    """The first guard of ``event`` in the complaint's status that refuses it now, with its
    reason, or None when every guard passes. ``check`` refuses with this on Save, and the case
    page asks the same question before it offers the step, so a step that cannot be done is
    shown with its reason instead of a form that can only refuse."""
    transition = WORKFLOW.get(complaint.status, {}).get(event)
    if transition is None:
        return None
    for guard in transition.guards:
        reason = guard(complaint)
        if reason:
            return guard, reason
    return None


@contextmanager
def transition(complaint: Complaint, event: str, *, by: User) -> Iterator[Step]:
    """Lock, check, let the caller change things, then move the status and write the event."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        acting_as = check(locked, event, by)
        step = Step(complaint=locked, event=event, by=by, acting_as=acting_as)
        from_state = locked.status
        yield step
        to_state = WORKFLOW[from_state][event].to
        if to_state is not None and to_state != from_state:
            locked.status = to_state
            locked.stage = stage_of(to_state, locked.stage)
            locked.save(update_fields=["status", "stage"])
        if locked.archived_on is not None and event not in KEEPS_ARCHIVED:
            # New work on an archived complaint (an Ombudsman enquiry, a Stage 3 request)
            # brings it back, so nothing is done out of sight (rule 38).
            locked.archived_on = None
            locked.save(update_fields=["archived_on"])
            step.details = {**step.details, "unarchived": True}
        # Whatever the action changed, the lists' due date follows every running deadline.
        refresh_due(locked)
        # And the words it is found by follow whatever the action changed (decision 025).
        refresh_search(locked)
        # Appointments whose work this step ended (or resumed) follow it; their events come
        # just before the step's own, so the step's event stays the case's latest.
        follow_the_work(locked, from_state=from_state, by=by, acting_as=acting_as)
        if step.texts:
            step.details = {
                **step.details,
                "texts_changed": [change.label for change in step.texts],
            }
        written = record_event(
            locked.pk,
            f"complaint.{event}",
            step.summary or EVENT_LABELS.get(event, event),
            by=by,
            acting_as=acting_as,
            from_state=from_state,
            to_state=to_state or from_state,
            details=step.details,
            happened_on=step.on,
        )
        if step.decisions:
            Decision.objects.filter(pk__in=[d.pk for d in step.decisions]).update(event=written)
        keep_versions(written, step.texts, by=by)
    # Keep the caller's object in step with what was saved.
    complaint.refresh_from_db()
