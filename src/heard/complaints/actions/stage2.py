"""Stage 2: the request, the clock, appointments and the Statement of Complaint
(domain.md rules 13 to 24)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from heard.complaints.actions.happened import check_happened_on, latest
from heard.complaints.actions.stage1 import is_eligible_for_stage2_on_request
from heard.complaints.decision_records import day_words, moved, record_decision
from heard.complaints.models import (
    Complaint,
    ComplaintPoint,
    CopySent,
    DecisionKind,
    Stage2,
    StatementVersion,
)
from heard.complaints.models.choices import AppointmentRole, Channel, Route
from heard.complaints.transitions import Refused, check, transition
from heard.people.models import User
from heard.people.roles import StaffRole, has_role
from heard.timescales.dates import cap, due, long_date
from heard.timescales.snapshot import current_calendar


def request_stage2(
    complaint: Complaint,
    *,
    by: User,
    requested_on: date,
    channel: str,
    details: str = "",
    late_reasons: str = "",
) -> Stage2:
    """Rules 13, 14 and 11: any channel, no form; a late request needs a recorded decision."""
    check(complaint, "request_stage2", by)  # status and role first: there may be no Stage 1
    if channel not in Channel.values:
        raise Refused("Say how the request was made.", field="channel")
    answered = complaint.stage1.response_sent_on
    check_happened_on(
        requested_on,
        field="requested_on",
        what="The request date",
        after=answered or complaint.received_on,
        after_what="the Stage 1 response was sent" if answered else "the complaint was received",
    )
    if not is_eligible_for_stage2_on_request(complaint, requested_on):
        raise Refused(
            "Stage 1 has not been answered and is not yet past its due date "
            f"({long_date(complaint.stage1.due_on)}).",
            field="requested_on",
        )
    stage1 = complaint.stage1
    late = bool(stage1.stage2_request_by and requested_on > stage1.stage2_request_by)
    if late and not late_reasons.strip():
        raise Refused(
            f"The request is after {long_date(stage1.stage2_request_by)}. A late request is "
            "never refused automatically: record the decision to accept it and why.",
            field="late_reasons",
        )
    with transition(complaint, "request_stage2", by=by) as step:
        step.on = requested_on
        stage2 = Stage2.objects.create(
            complaint=step.complaint,
            requested_on=requested_on,
            request_channel=channel,
            request_details=details,
            request_was_late=late,
            late_request_reasons=late_reasons,
            late_request_decided_by=by if late else None,
            request_due_on=due(requested_on, "stage2_response"),
            request_cap_on=cap(requested_on, "stage2_response"),
        )
        if late:
            record_decision(
                step,
                DecisionKind.LATE_STAGE2_REQUEST,
                "Late Stage 2 request accepted",
                [
                    ("Stage 2 should have been asked for by", day_words(stage1.stage2_request_by)),
                    ("Request received", day_words(requested_on)),
                    ("Why it is accepted", late_reasons),
                ],
            )
        step.summary = f"Stage 2 requested on {long_date(requested_on)}" + (
            " (late; accepted with reasons)" if late else ""
        )
        step.details = {"late": late, "channel": channel}
    return stage2


def _after_request(
    complaint: Complaint, on: date | None, what: str, field: str = "on"
) -> tuple[date, Stage2 | None]:
    """A Stage 2 date: not in the future, and not before the request was received."""
    stage2 = getattr(complaint, "stage2", None)
    day = check_happened_on(
        on,
        field=field,
        what=what,
        after=stage2.requested_on if stage2 else None,
        after_what="Stage 2 was requested",
    )
    return day, stage2


def _set_clock(stage2: Stage2, start: date) -> None:
    stage2.start_on = start
    stage2.due_on = due(start, "stage2_response")
    stage2.cap_on = cap(start, "stage2_response")


def accept_stage2(complaint: Complaint, *, by: User, accepted_on: date) -> Stage2:
    """Rule 17: the clock starts on the council's setting; the request-date pair is kept."""
    check(complaint, "accept_stage2", by)
    stage2 = complaint.stage2
    if accepted_on < stage2.requested_on:
        raise Refused("Acceptance cannot be before the request.", field="accepted_on")
    if accepted_on > timezone.localdate():
        raise Refused("The date cannot be in the future.", field="accepted_on")
    with transition(complaint, "accept_stage2", by=by) as step:
        step.on = accepted_on
        stage2.accepted_on = accepted_on
        stage2.start_basis = settings.STAGE2_START
        if settings.STAGE2_START == "request_date":
            _set_clock(stage2, stage2.requested_on)
        stage2.save()
        step.summary = "Stage 2 accepted" + (
            f"; response due {long_date(stage2.due_on)}"
            if stage2.due_on
            else "; the clock starts when the Statement of Complaint is agreed"
        )
        step.details = {
            "accepted_on": accepted_on.isoformat(),
            "start_basis": stage2.start_basis,
            "due_on": stage2.due_on.isoformat() if stage2.due_on else None,
        }
    return stage2


def refuse_stage2(
    complaint: Complaint,
    *,
    by: User,
    reasons: str,
    signed_off_by: User,
    letter_sent_on: date,
    on: date | None = None,
) -> Stage2:
    """Rule 15: not a normal outcome; senior sign-off, reasons and an Ombudsman letter.

    ``on`` is the date it was refused; today when None."""
    if not reasons.strip():
        raise Refused("Give the reasons for refusing.", field="reasons")
    if not has_role(signed_off_by, StaffRole.ADJUDICATING_OFFICER):
        raise Refused(
            "A refusal must be signed off by a senior manager (an adjudicating officer).",
            field="signed_off_by",
        )
    if signed_off_by.pk == by.pk:
        raise Refused("The sign-off must come from someone else.", field="signed_off_by")
    day, _ = _after_request(complaint, on, "The date it was refused")
    _after_request(complaint, letter_sent_on, "The date the letter was sent", "letter_sent_on")
    with transition(complaint, "refuse_stage2", by=by) as step:
        step.on = day
        Stage2.objects.filter(complaint=step.complaint).update(
            refused_on=day,
            refusal_reasons=reasons,
            refusal_signed_off_by=signed_off_by,
        )
        step.complaint.closed_on = day
        step.complaint.save(update_fields=["closed_on"])
        record_decision(
            step,
            DecisionKind.STAGE2_REFUSAL,
            "Stage 2 request refused",
            [("Why the request was refused", reasons)],
            signed_off_by=signed_off_by,
            letter_sent_on=letter_sent_on,
        )
        step.summary = "Stage 2 refused (signed off by a senior manager; Ombudsman details sent)"
        step.details = {
            "statutory": complaint.is_statutory,
            "signed_off_by": signed_off_by.pk,
            "letter_sent_on": letter_sent_on.isoformat(),
        }
    return complaint.stage2


def extend_stage2(
    complaint: Complaint,
    *,
    by: User,
    new_due_on: date,
    reason: str,
    letter_sent_on: date,
    on: date | None = None,
) -> Stage2:
    """Rule 18: a recorded decision with reason and new date, never beyond 65 working days.

    ``on`` is the date the extension was decided; today when None."""
    check(complaint, "extend_stage2", by)
    stage2 = complaint.stage2
    current = stage2.due_on or stage2.request_due_on
    limit = stage2.cap_on or stage2.request_cap_on
    if not reason.strip():
        raise Refused("Give the reason for the extension.", field="reason")
    if current and new_due_on <= current:
        raise Refused(
            f"The new date must be after the current due date, {long_date(current)}.",
            field="new_due_on",
        )
    if limit and new_due_on > limit:
        raise Refused(
            f"Stage 2 cannot run beyond 65 working days: the latest date is {long_date(limit)}.",
            field="new_due_on",
        )
    if not current_calendar().is_working_day(new_due_on):
        raise Refused("The new date must be a working day.", field="new_due_on")
    day = check_happened_on(
        on,
        what="The date of the extension",
        after=stage2.accepted_on or stage2.requested_on,
        after_what="Stage 2 was accepted" if stage2.accepted_on else "Stage 2 was requested",
    )
    _after_request(complaint, letter_sent_on, "The date the letter was sent", "letter_sent_on")
    with transition(complaint, "extend_stage2", by=by) as step:
        step.keep_text(stage2, "Stage 2 extension", extension_reason=reason)
        step.on = day
        Stage2.objects.filter(pk=stage2.pk).update(
            due_on=new_due_on, extended_on=day, extension_reason=reason
        )
        record_decision(
            step,
            DecisionKind.STAGE2_EXTENSION,
            "Stage 2 extended",
            [("Reason", reason), ("Due date", moved(current, new_due_on))],
            letter_sent_on=letter_sent_on,
        )
        step.summary = f"Stage 2 extended to {long_date(new_due_on)}"
        step.details = {
            "from": current.isoformat() if current else None,
            "to": new_due_on.isoformat(),
            "reason": reason,
            "letter_sent_on": letter_sent_on.isoformat(),
        }
    stage2.refresh_from_db()
    return stage2


def send_copy(
    complaint: Complaint,
    *,
    by: User,
    recipient: str,
    part: str,
    sent_on: date,
    method: str,
) -> CopySent:
    """The Complaints Manager sends the complaint (or the relevant part) to those involved."""
    _after_request(complaint, sent_on, "The date the copy was sent", "sent_on")
    with transition(complaint, "send_copy", by=by) as step:
        step.on = sent_on
        copy = CopySent.objects.create(
            complaint=step.complaint,
            recipient=recipient,
            part=part,
            sent_on=sent_on,
            method=method,
            recorded_by=by,
        )
        step.summary = f"Copy of the complaint sent to {recipient}"
        step.details = {"copy": copy.pk, "sent_on": sent_on.isoformat(), "method": method}
    return copy


def start_investigation(complaint: Complaint, *, by: User, on: date | None = None) -> Stage2:
    """Rule 19: guards in the table refuse this without an IO and, when statutory, an IP.

    ``on`` is the date it started; today when None. Not before the acceptance, nor before the
    investigators now appointed were appointed."""
    stage2 = getattr(complaint, "stage2", None)
    follows = [(stage2.accepted_on if stage2 else None, "Stage 2 was accepted")]
    for held in complaint.appointments.filter(
        ended_on=None,
        role__in=[AppointmentRole.INVESTIGATING_OFFICER, AppointmentRole.INDEPENDENT_PERSON],
    ).select_related("person"):
        follows.append((held.appointed_on, f"{held.person} was appointed"))
    after, after_what = latest(*follows)
    day = check_happened_on(
        on, what="The date the investigation started", after=after, after_what=after_what
    )
    with transition(complaint, "start_investigation", by=by) as step:
        step.on = day
        Stage2.objects.filter(complaint=step.complaint).update(investigation_started_on=day)
        step.summary = "Investigation started"
        step.details = {"started_on": day.isoformat()}
    return complaint.stage2


def record_first_contact(complaint: Complaint, *, by: User, contacted_on: date) -> Stage2:
    """Rule 21: the statement is due 10 working days after the investigators' first contact."""
    check(complaint, "record_first_contact", by)
    stage2 = complaint.stage2
    if stage2.first_contact_on is not None:
        raise Refused("First contact is already recorded.", field="contacted_on")
    check_happened_on(
        contacted_on,
        field="contacted_on",
        what="The date of first contact",
        after=stage2.investigation_started_on,
        after_what="the investigation started",
    )
    with transition(complaint, "record_first_contact", by=by) as step:
        step.on = contacted_on
        stage2.first_contact_on = contacted_on
        stage2.statement_due_on = due(contacted_on, "statement_agreed")
        stage2.save(update_fields=["first_contact_on", "statement_due_on"])
        step.summary = (
            f"First contact with the complainant on {long_date(contacted_on)}; statement to be "
            f"agreed by {long_date(stage2.statement_due_on)}"
        )
        step.details = {
            "contacted_on": contacted_on.isoformat(),
            "statement_due_on": stage2.statement_due_on.isoformat(),
        }
    return stage2


@dataclass(frozen=True)
class PointInput:
    text: str
    desired_outcomes: str
    route: str = Route.STATUTORY


class StatementChanged(Refused):
    """Someone else saved the statement after this editor loaded it."""


def save_statement(
    complaint: Complaint, *, by: User, based_on_version: int, points: list[PointInput]
) -> StatementVersion:
    """Rule 21: a new numbered version. Refused if it changed since the editor loaded it."""
    if not points:
        raise Refused("The statement needs at least one complaint point.", field="points")
    for index, point in enumerate(points, start=1):
        if not point.text.strip():
            raise Refused(f"Point {index}: say what the complaint is.", field="points")
        if not point.desired_outcomes.strip():
            raise Refused(f"Point {index}: give the desired outcome.", field="points")
    with transition(complaint, "save_statement", by=by) as step:
        # An agreed statement is locked: the table's guard refuses on the locked row.
        c = step.complaint
        latest = c.statement_versions.order_by("-number").first()
        latest_number = latest.number if latest else 0
        if latest_number != based_on_version:
            raise StatementChanged(
                f"Someone else saved the statement (version {latest_number}) while you were "
                "editing. Your changes have not been saved: they are shown below beside the "
                "current version so you can combine them."
            )
        c.points.all().delete()
        ComplaintPoint.objects.bulk_create(
            ComplaintPoint(
                complaint=c,
                number=n,
                text=p.text,
                desired_outcomes=p.desired_outcomes,
                route=p.route,
            )
            for n, p in enumerate(points, start=1)
        )
        version = StatementVersion.objects.create(
            complaint=c,
            number=latest_number + 1,
            points=[vars(p) | {"number": n} for n, p in enumerate(points, start=1)],
            saved_by=by,
        )
        step.summary = (
            f"Statement of Complaint version {version.number} saved ({len(points)} points)"
        )
        step.details = {"version": version.number}
    return version


def agree_statement(
    complaint: Complaint, *, by: User, agreed_on: date, how: str
) -> StatementVersion:
    """Rule 21: agreed only when the complainant's agreement is recorded; then it is locked."""
    check(complaint, "agree_statement", by)
    stage2 = complaint.stage2
    latest = complaint.statement_versions.order_by("-number").first()
    if latest is None:
        raise Refused("Write the statement before recording agreement.")
    if not how.strip():
        raise Refused("Say how the complainant agreed (e.g. signed, by email).", field="how")
    if stage2.first_contact_on and agreed_on < stage2.first_contact_on:
        raise Refused("Agreement cannot be before first contact.", field="agreed_on")
    check_happened_on(agreed_on, field="agreed_on", what="The date")
    with transition(complaint, "agree_statement", by=by) as step:
        step.on = agreed_on
        StatementVersion.objects.filter(pk=latest.pk).update(
            agreed_on=agreed_on, agreed_how=how, agreement_recorded_by=by
        )
        stage2.statement_agreed_on = agreed_on
        fields = ["statement_agreed_on"]
        if stage2.start_basis == "statement_agreed_date" and stage2.start_on is None:
            _set_clock(stage2, agreed_on)
            fields += ["start_on", "due_on", "cap_on"]
        stage2.save(update_fields=fields)
        overdue = bool(stage2.statement_due_on and agreed_on > stage2.statement_due_on)
        step.summary = f"Statement of Complaint agreed on {long_date(agreed_on)} ({how})" + (
            " after its target date" if overdue else ""
        )
        step.details = {"version": latest.number, "overdue": overdue}
    latest.refresh_from_db()
    return latest


def add_point_exceptionally(
    complaint: Complaint,
    *,
    by: User,
    text: str,
    desired_outcomes: str,
    route: str,
    reasons: str,
    new_due_on: date | None = None,
    on: date | None = None,
) -> ComplaintPoint:
    """Rule 22: after agreement, only by an exceptional decision; no clock is silently reset.

    ``on`` is the date of the decision; today when None."""
    check(complaint, "add_point_exceptionally", by)
    if not reasons.strip():
        raise Refused("Give the exceptional reasons for adding this point.", field="reasons")
    if not text.strip() or not desired_outcomes.strip():
        raise Refused("Give the point and its desired outcome.", field="text")
    stage2 = complaint.stage2
    if new_due_on is not None:
        limit = stage2.cap_on or stage2.request_cap_on
        if limit and new_due_on > limit:
            raise Refused(
                f"The due date cannot go beyond 65 working days: {long_date(limit)}.",
                field="new_due_on",
            )
        if not current_calendar().is_working_day(new_due_on):
            raise Refused("The new date must be a working day.", field="new_due_on")
    day = check_happened_on(
        on,
        what="The date of the decision",
        after=stage2.statement_agreed_on,
        after_what="the statement was agreed",
    )
    with transition(complaint, "add_point_exceptionally", by=by) as step:
        step.on = day
        c = step.complaint
        number = (c.points.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        point = ComplaintPoint.objects.create(
            complaint=c,
            number=number,
            text=text,
            desired_outcomes=desired_outcomes,
            route=route,
            added_exceptionally=True,
            exception_reasons=reasons,
            exception_decided_by=by,
        )
        details: dict[str, Any] = {"point": number, "reasons": reasons}
        old = stage2.due_on or stage2.request_due_on
        record_decision(
            step,
            DecisionKind.EXCEPTIONAL_POINT,
            f"Point {number} added after the statement was agreed",
            [
                ("The point", text),
                ("Desired outcome", desired_outcomes),
                ("Exceptional reasons", reasons),
                (
                    "Timescale review",
                    f"Due date moved from {day_words(old)} to {day_words(new_due_on)}"
                    if new_due_on is not None
                    else f"Due date unchanged: {day_words(old)}",
                ),
            ],
        )
        if new_due_on is not None:
            step.keep_text(
                stage2,
                "Stage 2 extension",
                extension_reason=f"Point {number} added exceptionally: {reasons}",
            )
            Stage2.objects.filter(pk=stage2.pk).update(
                due_on=new_due_on,
                extended_on=day,
                extension_reason=f"Point {number} added exceptionally: {reasons}",
            )
            details |= {"from": old.isoformat() if old else None, "to": new_due_on.isoformat()}
        step.summary = f"Point {number} added after agreement (exceptional decision)"
        step.details = details
    return point


def close_for_non_engagement(
    complaint: Complaint,
    *,
    by: User,
    reasons: str,
    letter_sent_on: date,
    on: date | None = None,
) -> Complaint:
    """Rule 24: two unanswered opportunities, the Manager's reasons, and a closure letter.

    ``on`` is the date it was closed; today when None."""
    unanswered = complaint.contact_attempts.filter(outcome="unanswered").count()
    if unanswered < 2:
        raise Refused(
            f"Only {unanswered} unanswered contact attempt{'s' if unanswered != 1 else ''} "
            "recorded: the complainant must have had two opportunities to engage."
        )
    if not reasons.strip():
        raise Refused("Give the reasons for closing.", field="reasons")
    day, _ = _after_request(complaint, on, "The date it was closed")
    _after_request(complaint, letter_sent_on, "The date the letter was sent", "letter_sent_on")
    with transition(complaint, "close_for_non_engagement", by=by) as step:
        step.keep_text(
            step.complaint.stage2, "Closure for non-engagement", non_engagement_reasons=reasons
        )
        step.on = day
        Stage2.objects.filter(complaint=step.complaint).update(
            closed_for_non_engagement_on=day, non_engagement_reasons=reasons
        )
        step.complaint.closed_on = day
        step.complaint.save(update_fields=["closed_on"])
        record_decision(
            step,
            DecisionKind.NON_ENGAGEMENT,
            "Closed because the complainant did not engage",
            [("Why", reasons), ("Unanswered contact attempts", str(unanswered))],
            letter_sent_on=letter_sent_on,
        )
        step.summary = "Closed because the complainant did not engage"
        step.details = {
            "statutory": complaint.is_statutory,
            "reasons": reasons,
            "unanswered_attempts": unanswered,
            "letter_sent_on": letter_sent_on.isoformat(),
        }
    return complaint


def reopen(complaint: Complaint, *, by: User, reasons: str, on: date | None = None) -> Complaint:
    """A closed investigation reopens only for recorded exceptional reasons.

    ``on`` is the date it was reopened; today when None."""
    if not reasons.strip():
        raise Refused("Give the exceptional reasons for reopening.", field="reasons")
    closed = getattr(getattr(complaint, "stage2", None), "closed_for_non_engagement_on", None)
    day = check_happened_on(
        on, what="The date it was reopened", after=closed, after_what="it was closed"
    )
    with transition(complaint, "reopen", by=by) as step:
        step.on = day
        stage2 = step.complaint.stage2
        step.keep_text(stage2, "Reopening of the investigation", reopen_reasons=reasons)
        Stage2.objects.filter(pk=stage2.pk).update(reopened_on=day, reopen_reasons=reasons)
        step.complaint.closed_on = None
        step.complaint.save(update_fields=["closed_on"])
        record_decision(
            step,
            DecisionKind.REOPENED,
            "Investigation reopened for exceptional reasons",
            [("Exceptional reasons", reasons)],
        )
        step.summary = "Investigation reopened for exceptional reasons"
        step.details = {"reasons": reasons}
    return complaint
