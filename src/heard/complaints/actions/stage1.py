"""Stage 1, local resolution (domain.md rules 8 to 11)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from heard.complaints.actions.happened import check_happened_on, check_letter_on
from heard.complaints.decision_records import moved, record_decision
from heard.complaints.models import Appointment, Complaint, DecisionKind, Stage1
from heard.complaints.models.choices import AppointmentRole
from heard.complaints.transitions import Refused, check, transition
from heard.people.models import User
from heard.timescales.calendar import OutsideCalendar
from heard.timescales.dates import cap, due, long_date
from heard.timescales.snapshot import current_calendar


def start_stage1(complaint: Complaint, *, by: User) -> Stage1:
    """Rule 8: the Stage 1 clock runs from receipt: due 10 working days later."""
    with transition(complaint, "start_stage1", by=by) as step:
        c = step.complaint
        stage1 = Stage1.objects.create(
            complaint=c,
            started_on=c.received_on,
            due_on=due(c.received_on, "stage1_response"),
            cap_on=cap(c.received_on, "stage1_response"),
        )
        step.summary = f"Stage 1 started; response due {long_date(stage1.due_on)}"
        step.details = {"due_on": stage1.due_on.isoformat(), "rule": "stage1_response"}
    return stage1


def assign_responder(
    complaint: Complaint,
    *,
    by: User,
    responder: User,
    on: date | None = None,
) -> Appointment:
    """The member of staff who will answer at Stage 1; they can then see this complaint.

    ``on`` is the date they were assigned; today when None."""
    day = check_happened_on(
        on,
        what="The date they were assigned",
        after=complaint.received_on,
        after_what="the complaint was received",
    )
    with transition(complaint, "assign_responder", by=by) as step:
        step.on = day
        if Appointment.objects.filter(complaint=step.complaint, person=responder).exists():
            raise Refused(f"{responder} already has a role on this complaint.", field="responder")
        Appointment.objects.filter(
            complaint=step.complaint, role=AppointmentRole.STAGE1_RESPONDER, ended_on=None
        ).update(ended_on=day)
        appointment = Appointment.objects.create(
            complaint=step.complaint,
            person=responder,
            role=AppointmentRole.STAGE1_RESPONDER,
            appointed_on=day,
            appointed_by=by,
        )
        step.summary = f"{responder} assigned to respond at Stage 1"
        step.details = {"person": responder.pk}
    return appointment


EXTENSION_REASONS = tuple(
    value for value, _ in Stage1._meta.get_field("extension_reason").choices or ()
)


def extend_stage1(
    complaint: Complaint,
    *,
    by: User,
    reason: str,
    detail: str,
    new_due_on: date,
    letter_sent_on: date,
    on: date | None = None,
) -> Stage1:
    """Rule 9: once, with a reason and a letter, and never beyond receipt + 20 working days.

    ``on`` is the date the extension was decided; today when None."""
    check(complaint, "extend_stage1", by)  # status and role first: there may be no Stage 1 yet
    if reason not in EXTENSION_REASONS:
        raise Refused(
            "Give the reason for the extension: the complaint is complex, or an advocate is "
            "being arranged.",
            field="reason",
        )
    stage1 = complaint.stage1
    if new_due_on <= stage1.due_on:
        raise Refused(
            f"The new date must be after the current due date, {long_date(stage1.due_on)}.",
            field="new_due_on",
        )
    if new_due_on > stage1.cap_on:
        raise Refused(
            f"Stage 1 cannot run beyond 20 working days: the latest date is "
            f"{long_date(stage1.cap_on)}.",
            field="new_due_on",
        )
    if not current_calendar().is_working_day(new_due_on):
        raise Refused("The new date must be a working day.", field="new_due_on")
    day = check_happened_on(
        on,
        what="The date of the extension",
        after=stage1.started_on,
        after_what="Stage 1 started",
    )
    check_letter_on(letter_sent_on, after=stage1.started_on, after_what="Stage 1 started")
    with transition(complaint, "extend_stage1", by=by) as step:
        step.keep_text(stage1, "Stage 1 extension", extension_detail=detail)
        step.on = day
        Stage1.objects.filter(pk=stage1.pk).update(
            due_on=new_due_on,
            extended_on=day,
            extension_reason=reason,
            extension_detail=detail,
        )
        reasons = [
            ("Reason", dict(Stage1._meta.get_field("extension_reason").choices or ())[reason])
        ]
        if detail.strip():
            reasons.append(("Details", detail))
        reasons.append(("Due date", moved(stage1.due_on, new_due_on)))
        record_decision(
            step,
            DecisionKind.STAGE1_EXTENSION,
            "Stage 1 extended",
            reasons,
            letter_sent_on=letter_sent_on,
        )
        step.summary = f"Stage 1 extended to {long_date(new_due_on)}"
        step.details = {
            "from": stage1.due_on.isoformat(),
            "to": new_due_on.isoformat(),
            "reason": reason,
            "letter_sent_on": letter_sent_on.isoformat(),
        }
    stage1.refresh_from_db()
    return stage1


def record_stage1_response(
    complaint: Complaint,
    *,
    by: User,
    sent_on: date,
    resolved: bool,
    summary: str,
    terms_of_resolution: str = "",
) -> Stage1:
    """Rule 10: a written response; terms of resolution if resolved; the Stage 2 window."""
    check(complaint, "record_stage1_response", by)
    stage1 = complaint.stage1
    if not summary.strip():
        raise Refused("Summarise the written response sent to the complainant.", field="summary")
    if sent_on < complaint.received_on:
        raise Refused("The response cannot be before the complaint was received.", field="sent_on")
    if sent_on > timezone.localdate():
        raise Refused("The date sent cannot be in the future.", field="sent_on")
    if resolved and not terms_of_resolution.strip():
        raise Refused(
            "Set out the terms of resolution agreed with the complainant.",
            field="terms_of_resolution",
        )
    try:
        request_by = due(sent_on, "stage2_request")
    except OutsideCalendar as exc:
        raise Refused(str(exc), field="sent_on") from None
    with transition(complaint, "record_stage1_response", by=by) as step:
        step.keep_text(
            stage1,
            "Stage 1 response",
            response_summary=summary,
            terms_of_resolution=terms_of_resolution,
        )
        step.on = sent_on
        Stage1.objects.filter(pk=stage1.pk).update(
            response_sent_on=sent_on,
            resolved=resolved,
            response_summary=summary,
            terms_of_resolution=terms_of_resolution,
            stage2_request_by=request_by,
        )
        late = sent_on > stage1.due_on
        step.summary = (
            f"Stage 1 response sent on {long_date(sent_on)}"
            + (" (late)" if late else "")
            + f"; Stage 2 may be requested by {long_date(request_by)}"
        )
        step.details = {"resolved": resolved, "late": late, "stage2_request_by": str(request_by)}
    stage1.refresh_from_db()
    return stage1


def is_eligible_for_stage2_on_request(complaint: Complaint, today: date) -> bool:
    """Rule 11: an unanswered Stage 1 past its due date may go to Stage 2 on request."""
    stage1 = getattr(complaint, "stage1", None)
    if stage1 is None:
        return False
    if stage1.response_sent_on is not None:
        return True
    return today > stage1.due_on
