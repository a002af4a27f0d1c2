"""Changes to an investigation's records. Each goes through the complaint workflow table."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from heard.complaints.actions.happened import check_happened_on, latest
from heard.complaints.models import Complaint, Stage2
from heard.complaints.models.choices import Channel
from heard.complaints.transitions import Refused, transition
from heard.investigations.models import (
    ContactAttempt,
    Interview,
    PlanItem,
    RecordsConsent,
    RecordsRequest,
    Room,
)
from heard.people.models import User
from heard.timescales.dates import long_date


def _after_start(complaint: Complaint, on: date, what: str, field: str) -> date:
    """An investigation date: not in the future, nor before the investigation started."""
    stage2 = getattr(complaint, "stage2", None)
    return check_happened_on(
        on,
        field=field,
        what=what,
        after=stage2.investigation_started_on if stage2 else None,
        after_what="the investigation started",
    )


def records_access_basis(complaint: Complaint) -> RecordsConsent | None:
    """Rule 23: the consent (or other lawful basis) that lets the investigators see records."""
    for consent in complaint.records_consents.all():
        if consent.signed_on or consent.other_lawful_basis.strip():
            return consent
    return None


def record_consent(
    complaint: Complaint,
    *,
    by: User,
    signed_on: date | None,
    signed_by: str,
    scope: str,
    other_lawful_basis: str = "",
) -> RecordsConsent:
    """A signed Consent to Access Records form, or another lawful basis, recorded."""
    if signed_on is None and not other_lawful_basis.strip():
        raise Refused(
            "Give the date the form was signed, or the other lawful basis.", field="signed_on"
        )
    if signed_on is not None and (not signed_by.strip() or not scope.strip()):
        raise Refused("Say who signed and what the consent covers.", field="signed_by")
    if signed_on is not None:
        check_happened_on(
            signed_on,
            field="signed_on",
            what="The date the form was signed",
            after=complaint.received_on,
            after_what="the complaint was received",
        )
    with transition(complaint, "record_consent", by=by) as step:
        step.on = signed_on
        consent = RecordsConsent.objects.create(
            complaint=step.complaint,
            signed_on=signed_on,
            signed_by=signed_by,
            scope=scope,
            other_lawful_basis=other_lawful_basis,
            recorded_by=by,
        )
        step.summary = (
            f"Consent to access records signed by {signed_by} on {long_date(signed_on)}"
            if signed_on
            else "Lawful basis for access to records recorded (without consent)"
        )
        step.details = {
            "consent": consent.pk,
            "signed_on": signed_on.isoformat() if signed_on else None,
            "other_lawful_basis": bool(other_lawful_basis.strip()),
        }
    return consent


def grant_records_access(complaint: Complaint, *, by: User, on: date | None = None) -> Stage2:
    """Records open to the IO and IP only once consent or another basis is on file.

    ``on`` is the date access was given; today when None, and not before the consent."""
    basis = records_access_basis(complaint)
    if basis is None:
        raise Refused(
            "Records access stays blocked until Consent to Access Records is on file, or "
            "another lawful basis is recorded."
        )
    after, after_what = latest(
        (complaint.received_on, "the complaint was received"),
        (basis.signed_on, "the consent form was signed"),
    )
    day = check_happened_on(
        on, what="The date access was given", after=after, after_what=after_what
    )
    with transition(complaint, "grant_records_access", by=by) as step:
        step.on = day
        Stage2.objects.filter(complaint=step.complaint).update(records_access_granted_on=day)
        step.summary = "Investigators given access to records"
        step.details = {
            "granted_on": day.isoformat(),
            "consent": basis.pk,
        }
    return complaint.stage2


def record_contact_attempt(
    complaint: Complaint,
    *,
    by: User,
    made_on: date,
    method: str,
    outcome: str,
    notes: str = "",
) -> ContactAttempt:
    if method not in Channel.values:
        raise Refused("Say how the complainant was contacted.", field="method")
    if outcome not in ContactAttempt.Outcome.values:
        raise Refused("Say whether the complainant engaged.", field="outcome")
    stage2 = getattr(complaint, "stage2", None)
    check_happened_on(
        made_on,
        field="made_on",
        what="The date",
        after=stage2.requested_on if stage2 else complaint.received_on,
        after_what="Stage 2 was requested" if stage2 else "the complaint was received",
    )
    with transition(complaint, "record_contact_attempt", by=by) as step:
        step.on = made_on
        attempt = ContactAttempt.objects.create(
            complaint=step.complaint,
            made_on=made_on,
            method=method,
            outcome=outcome,
            notes=notes,
            recorded_by=by,
        )
        step.summary = f"Contact attempt on {long_date(made_on)}: {attempt.get_outcome_display()}"
        step.details = {
            "attempt": attempt.pk,
            "made_on": made_on.isoformat(),
            "method": method,
            "outcome": outcome,
        }
    return attempt


def add_plan_item(complaint: Complaint, *, by: User, kind: str, description: str) -> PlanItem:
    if not description.strip():
        raise Refused("Describe the person or the file.", field="description")
    with transition(complaint, "add_plan_item", by=by) as step:
        item = PlanItem.objects.create(
            complaint=step.complaint, kind=kind, description=description, added_by=by
        )
        step.summary = f"Investigation plan: {item.get_kind_display().lower()} – {description}"
        step.details = {"plan_item": item.pk, "kind": kind}
    return item


def book_interview(
    complaint: Complaint,
    *,
    by: User,
    interviewee: str,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    attendees: str,
    interviewee_user: User | None = None,
) -> Interview:
    """A room cannot be booked twice for overlapping times (checked under the room's lock)."""
    if ends_at <= starts_at:
        raise Refused("The interview must end after it starts.", field="ends_at")
    if not room.active:
        raise Refused(f"{room} is no longer available for booking.", field="room")
    with transition(complaint, "book_interview", by=by) as step:
        Room.objects.select_for_update().get(pk=room.pk)
        clash = (
            Interview.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .select_related("complaint")
            .first()
        )
        if clash is not None:
            local = timezone.localtime(clash.starts_at)
            raise Refused(
                f"{room} is already booked from {local:%H:%M} on {local:%-d %B %Y}. "
                "Choose another time or room.",
                field="starts_at",
            )
        interview = Interview.objects.create(
            complaint=step.complaint,
            interviewee=interviewee,
            interviewee_user=interviewee_user,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            attendees=attendees,
            booked_by=by,
        )
        local = timezone.localtime(starts_at)
        step.summary = f"Interview with {interviewee} booked in {room} at {local:%H:%M %-d %B %Y}"
        step.details = {
            "interview": interview.pk,
            "room": room.pk,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        }
    return interview


def notify_interviewee(
    complaint: Complaint,
    *,
    by: User,
    interview: Interview,
    notified_on: date,
    what_is_expected: str,
) -> Interview:
    """Staff are told they must attend and what is expected of them (recorded)."""
    if interview.complaint_id != complaint.pk:
        raise Refused("That interview is not on this complaint.", field="interview")
    if not what_is_expected.strip():
        raise Refused("Say what is expected of them.", field="what_is_expected")
    _after_start(complaint, notified_on, "The date they were told", "notified_on")
    with transition(complaint, "notify_interviewee", by=by) as step:
        step.keep_text(
            interview, f"Interview with {interview.interviewee}", what_is_expected=what_is_expected
        )
        step.on = notified_on
        Interview.objects.filter(pk=interview.pk).update(
            notified_on=notified_on, what_is_expected=what_is_expected
        )
        step.summary = f"{interview.interviewee} told they must attend the interview"
        step.details = {"interview": interview.pk, "notified_on": notified_on.isoformat()}
    interview.refresh_from_db()
    return interview


def record_interview_notes(
    complaint: Complaint, *, by: User, interview: Interview, notes: str
) -> Interview:
    if interview.complaint_id != complaint.pk:
        raise Refused("That interview is not on this complaint.", field="interview")
    if not notes.strip():
        raise Refused("Enter the notes.", field="notes")
    if interview.notes_agreed_on is not None:
        raise Refused(
            "The interviewee has agreed these notes; they cannot be changed.", field="interview"
        )
    with transition(complaint, "record_interview_notes", by=by) as step:
        step.keep_text(interview, f"Interview with {interview.interviewee}", notes=notes)
        Interview.objects.filter(pk=interview.pk).update(notes=notes)
        step.summary = f"Notes of the interview with {interview.interviewee} recorded"
        step.details = {"interview": interview.pk}
    interview.refresh_from_db()
    return interview


def agree_interview_notes(
    complaint: Complaint, *, by: User, interview: Interview, agreed_on: date
) -> Interview:
    if interview.complaint_id != complaint.pk:
        raise Refused("That interview is not on this complaint.", field="interview")
    if not interview.notes.strip():
        raise Refused("Record the notes before their agreement.", field="interview")
    check_happened_on(
        agreed_on,
        field="agreed_on",
        what="The date the notes were agreed",
        after=timezone.localdate(interview.starts_at),
        after_what="the interview",
    )
    with transition(complaint, "agree_interview_notes", by=by) as step:
        step.on = agreed_on
        Interview.objects.filter(pk=interview.pk).update(notes_agreed_on=agreed_on)
        step.summary = f"{interview.interviewee} agreed the interview notes"
        step.details = {"interview": interview.pk, "agreed_on": agreed_on.isoformat()}
    interview.refresh_from_db()
    return interview


def request_records(
    complaint: Complaint,
    *,
    by: User,
    requested_from: str,
    description: str,
    requested_on: date,
    due_on: date,
) -> RecordsRequest:
    if due_on < requested_on:
        raise Refused("The due date cannot be before the request.", field="due_on")
    _after_start(complaint, requested_on, "The date of the request", "requested_on")
    with transition(complaint, "request_records", by=by) as step:
        step.on = requested_on
        request = RecordsRequest.objects.create(
            complaint=step.complaint,
            requested_from=requested_from,
            description=description,
            requested_on=requested_on,
            due_on=due_on,
            recorded_by=by,
        )
        step.summary = f"Records requested from {requested_from}, due {long_date(due_on)}"
        step.details = {
            "records_request": request.pk,
            "requested_on": requested_on.isoformat(),
            "due_on": due_on.isoformat(),
        }
    return request


def receive_records(
    complaint: Complaint, *, by: User, request: RecordsRequest, received_on: date
) -> RecordsRequest:
    if request.complaint_id != complaint.pk:
        raise Refused("That request is not on this complaint.", field="request")
    if received_on < request.requested_on:
        raise Refused("Records cannot arrive before they were asked for.", field="received_on")
    check_happened_on(received_on, field="received_on", what="The date the records arrived")
    with transition(complaint, "receive_records", by=by) as step:
        step.on = received_on
        RecordsRequest.objects.filter(pk=request.pk).update(received_on=received_on)
        step.summary = f"Records received from {request.requested_from}"
        step.details = {"records_request": request.pk, "received_on": received_on.isoformat()}
    request.refresh_from_db()
    return request
