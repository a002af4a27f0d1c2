"""Delay letters, drafted when a response's due date is near or has passed (rule 42).

``heard tick`` calls ``draft_delay_letters`` on every run. It reads the running deadlines the
lists already keep (``complaints.RunningDeadline``): a Stage 1 or Stage 2 response whose due
date falls within the "due soon" window of the home page (five working days) or has passed.
A response that has been sent is no longer a running deadline, so a sent adjudication letter
(or Stage 1 response) owes no delay letter.

For each, it writes a case event (``deadline.stage1_at_risk`` or ``deadline.stage2_at_risk``)
naming the due date; the letters catalogue drafts the delay letter from that event, as from
any step, inside the same transaction. The draft is for the complaints team to complete with
the reason and the new date before they send it. Each due date gets one letter only: a due
date that already has its event is passed over, so running the job again (or two runs at
once: each complaint is locked and checked again before its event is written) drafts
nothing twice. When the due date moves (an extension), the new date may get its own letter.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from heard.audit.events import record_event
from heard.audit.models import CaseEvent
from heard.complaints.deadlines import soon_until
from heard.complaints.models import Complaint, RunningDeadline, Stage1, Stage2
from heard.documents.letters.stage2_late import STAGE1_AT_RISK, STAGE2_AT_RISK
from heard.timescales.dates import long_date

# The running deadline's key (``complaints.deadlines``) -> the event that drafts its letter.
EVENTS = {"stage1_response": STAGE1_AT_RISK, "stage2_response": STAGE2_AT_RISK}
WHAT = {"stage1_response": "Stage 1 response", "stage2_response": "Stage 2 response"}


def _already(complaint_id: int, name: str, due_on: date) -> bool:
    return CaseEvent.objects.filter(
        complaint_id=complaint_id, name=name, details__due_on=due_on.isoformat()
    ).exists()


def _cap(complaint_id: int, key: str) -> date | None:
    """The latest date the stage may reach with an extension, for the letter to say."""
    if key == "stage1_response":
        return (
            Stage1.objects.filter(complaint_id=complaint_id)
            .values_list("cap_on", flat=True)
            .first()
        )
    caps = (
        Stage2.objects.filter(complaint_id=complaint_id)
        .values_list("cap_on", "request_cap_on")
        .first()
    )
    return (caps[0] or caps[1]) if caps else None


def draft_delay_letters(today: date) -> int:
    """Write the event (and so draft the letter) for every Stage 1 or Stage 2 response due by
    the end of the "due soon" window that has none yet for its due date; return how many."""
    soon = soon_until(today)
    near = list(
        RunningDeadline.objects.filter(key__in=EVENTS, due_on__lte=soon)
        .order_by("due_on", "complaint_id")
        .values_list("complaint_id", "key", "due_on")
    )
    drafted = 0
    for complaint_id, key, due_on in near:
        name = EVENTS[key]
        if _already(complaint_id, name, due_on):
            continue
        with transaction.atomic():
            # Locked, then asked again: a run alongside this one waits here, then finds the
            # event this one wrote (or the deadline met or moved meanwhile).
            Complaint.objects.select_for_update().filter(pk=complaint_id).first()
            still = RunningDeadline.objects.filter(
                complaint_id=complaint_id, key=key, due_on=due_on
            ).exists()
            if not still or _already(complaint_id, name, due_on):
                continue
            passed = due_on < today
            cap = _cap(complaint_id, key)
            record_event(
                complaint_id,
                name,
                f"{WHAT[key]} due {long_date(due_on)} "
                f"{'has passed' if passed else 'is near'} with nothing sent: a delay letter "
                "was drafted for the complaints team to complete",
                by=None,
                details={
                    "deadline": key,
                    "due_on": due_on.isoformat(),
                    "passed": passed,
                    "cap_on": cap.isoformat() if cap else None,
                },
                happened_on=today,
            )
            drafted += 1
    return drafted
