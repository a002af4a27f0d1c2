"""Appointments end when their role's work ends (ADR 022), and resume when it resumes.

``transitions.transition`` calls ``follow_the_work`` once per step, inside the step's
transaction, after the step's own event. The rule is a table of which appointment roles still
have work in each status; a status change that leaves a role without work ends its current
appointments, and one that gives a role work again (a reopened investigation, a Stage 3
request) resumes the appointments that ended with the work, never those ended by a decision
(someone replaced or stood down). Archiving ends every appointment left. Each ending and each
resumption is a case event naming the person, the role and why, by the person whose step
caused it.

Statuses not in the table (a new ending status, say) leave no one with work: access is the
thing to get wrong on the safe side.
"""

from __future__ import annotations

from django.utils import timezone

from heard.audit.events import record_event
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import AppointmentRole as R
from heard.complaints.models.choices import Status as S
from heard.people.models import User

NOBODY: frozenset[str] = frozenset()
STAGE2_WORK = frozenset({R.INVESTIGATING_OFFICER, R.INDEPENDENT_PERSON, R.ADJUDICATOR})
# At Stage 3 the Stage 2 IP makes a submission and takes part in considering the panel's
# recommendations (rules 34 and 37) and the IO may attend the panel: their work goes on until
# the council responds. The adjudicator's work ended with the letter.
STAGE3_STAGE2_WORK = frozenset({R.INVESTIGATING_OFFICER, R.INDEPENDENT_PERSON})
PANEL_WORK = STAGE3_STAGE2_WORK | {R.PANEL_CHAIR, R.PANEL_MEMBER}

# For each status, the appointment roles whose work goes on there.
WORK_IN_STATUS: dict[str, frozenset[str]] = {
    S.INTAKE: frozenset({R.STAGE1_RESPONDER}),
    S.STAGE1_OPEN: frozenset({R.STAGE1_RESPONDER}),
    S.STAGE2_SETUP: STAGE2_WORK,
    S.STAGE2_INVESTIGATION: STAGE2_WORK,
    S.STAGE2_ADJUDICATION: STAGE2_WORK,
    S.STAGE3_REQUESTED: STAGE3_STAGE2_WORK,
    S.STAGE3_PANEL: PANEL_WORK,
    S.STAGE3_REPORT: PANEL_WORK,
    S.STAGE3_RESPONSE: PANEL_WORK,
}

# Why the work ended, by the status it ended in, in words for the timeline.
WHY: dict[str, str] = {
    S.STAGE1_RESPONDED: "Stage 1 has ended: the Stage 1 response was sent",
    S.STAGE2_REQUESTED: "Stage 1 has ended: Stage 2 was asked for",
    S.CLOSED: "the complaint was closed",
    S.HANDLED_ELSEWHERE: "the complaint was handed over to another procedure",
    S.STAGE2_COMPLETE: "Stage 2 is complete: the adjudication letter was sent",
    S.STAGE2_REFUSED: "Stage 2 was refused",
    S.CLOSED_NON_ENGAGEMENT: "the investigation was closed for non-engagement",
    S.STAGE3_COMPLETE: "the council has responded to the panel",
    S.STAGE3_REFUSED: "Stage 3 was refused",
}
ARCHIVED = "the complaint was archived"


def work_in(status: str) -> frozenset[str]:
    return WORK_IN_STATUS.get(status, NOBODY)


def follow_the_work(complaint: Complaint, *, from_state: str, by: User, acting_as: str) -> None:
    """End the appointments whose work has ended and resume those whose work has resumed.
    ``complaint`` is the locked copy, already moved to its new status."""
    if complaint.archived_on is not None:
        _end(complaint, NOBODY, ARCHIVED, by=by, acting_as=acting_as)
        return
    if complaint.status == from_state:
        return
    working = work_in(complaint.status)
    why = WHY.get(complaint.status, f"the complaint is now '{S(complaint.status).label.lower()}'")
    _end(complaint, working, why, by=by, acting_as=acting_as)
    _resume(complaint, working - work_in(from_state), by=by, acting_as=acting_as)


def _end(
    complaint: Complaint,
    working: frozenset[str],
    why: str,
    *,
    by: User,
    acting_as: str,
) -> None:
    ending = list(
        Appointment.objects.filter(complaint=complaint, ended_on__isnull=True)
        .exclude(role__in=working)
        .select_related("person")
    )
    if not ending:
        return
    today = timezone.localdate()
    Appointment.objects.filter(pk__in=[a.pk for a in ending]).update(
        ended_on=today, ended_with_work=True
    )
    for a in ending:
        record_event(
            complaint.pk,
            "appointment.ended",
            f"{a.person}'s appointment as {a.get_role_display()} ended: {why}",
            by=by,
            acting_as=acting_as,
            details={"appointment": a.pk, "person": a.person_id, "role": a.role, "why": why},
        )


def _resume(complaint: Complaint, roles: frozenset[str], *, by: User, acting_as: str) -> None:
    if not roles:
        return
    resuming = list(
        Appointment.objects.filter(
            complaint=complaint, role__in=roles, ended_with_work=True, ended_on__isnull=False
        ).select_related("person")
    )
    if not resuming:
        return
    Appointment.objects.filter(pk__in=[a.pk for a in resuming]).update(
        ended_on=None, ended_with_work=False
    )
    label = S(complaint.status).label.lower()
    for a in resuming:
        record_event(
            complaint.pk,
            "appointment.resumed",
            f"{a.person}'s appointment as {a.get_role_display()} resumed: their work goes on "
            f"now the complaint is '{label}'",
            by=by,
            acting_as=acting_as,
            details={"appointment": a.pk, "person": a.person_id, "role": a.role},
        )
