"""Stage 3: the request, the panel, its report and the council's response (domain.md rules 30
to 37; Decisions for Heard 4, 5 and 9).

The review panel is where the Ombudsman most often finds delay, so each of the three firm
deadlines is stored by the step before it (30 working days from the request received to the
meeting, 5 from the meeting to the report, 15 from the report to the council's response).
Missing one is not refused, because refusing would only make the complainant wait longer:
it needs a ``Breach`` with the reason and the date of the letter telling the complainant
(Decisions for Heard 4). One breach is kept per kind: moving a late date again updates it.

The panel's recommendations are ``Recommendation(stage=3)`` rows, and every one the council
accepts becomes an ``Action`` tracked to completion (rule 38), as at Stage 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from heard.complaints.actions.happened import check_happened_on
from heard.complaints.decision_records import day_words, record_decision
from heard.complaints.models import Appointment, Breach, Complaint, DecisionKind, Stage3
from heard.complaints.models.choices import (
    AppointmentRole,
    AttendeeCapacity,
    BreachKind,
    Channel,
    CirculationKind,
    SubmissionSource,
)
from heard.complaints.transitions import Refused, Step, check, transition
from heard.decisions.actions import (
    RecommendationDecision,
    apply_recommendation_decisions,
    check_recommendation_decisions,
)
from heard.decisions.models import (
    PanelAttendee,
    PanelCirculation,
    PanelReport,
    PanelSubmission,
    Recommendation,
)
from heard.people.models import User
from heard.people.roles import StaffRole, has_role
from heard.timescales.dates import due, long_date
from heard.timescales.snapshot import current_calendar

# The longest name the circulation list stores (its column's length).
CIRCULATION_NAME_LENGTH: int = PanelCirculation._meta.get_field("name").max_length  # type: ignore[assignment]

# Who comes with the complainant (reg 19(6)): their advocate and one other person, and one of
# the complainant's party may be nominated to speak for them.
WITH_COMPLAINANT = frozenset(
    {AttendeeCapacity.COMPLAINANT, AttendeeCapacity.ADVOCATE, AttendeeCapacity.COMPANION}
)

__all__ = [
    "Recipient",
    "RecommendationDecision",
    "accept_stage3",
    "add_panel_recommendation",
    "hold_panel",
    "issue_panel_report",
    "record_attendee",
    "record_submission",
    "refuse_stage3",
    "request_stage3",
    "respond_to_panel",
    "required_circulation",
    "schedule_panel",
    "stage2_independent_person",
]


# -- shared checks ----------------------------------------------------------------------------


def stage2_independent_person(complaint: Complaint) -> Appointment | None:
    """The Independent Person who served at Stage 2: the one still appointed, or if every
    appointment has ended, the last one. They may make submissions to the panel, receive its
    report and take part in the council's response (regs 19(5) and 20)."""
    ips = [a for a in complaint.appointments.all() if a.role == AppointmentRole.INDEPENDENT_PERSON]
    current = [a for a in ips if a.ended_on is None]
    chosen = current or ips
    return chosen[-1] if chosen else None


def _on_or_before_today(day: date, field: str, what: str) -> None:
    check_happened_on(day, field=field, what=what)


def _late_inputs(
    *, due_on: date, happened_on: date, late_reason: str, letter_sent_on: date | None, what: str
) -> date:
    """Decisions for Heard 4: a missed deadline needs a recorded reason and a letter. Returns
    the letter's date."""
    if not late_reason.strip():
        raise Refused(
            f"{what} ({long_date(happened_on)}) is after the statutory date, "
            f"{long_date(due_on)}. Record the reason for the delay.",
            field="late_reason",
        )
    if letter_sent_on is None:
        raise Refused(
            "Enter the date of the letter telling the complainant about the delay and why.",
            field="letter_sent_on",
        )
    _on_or_before_today(letter_sent_on, "letter_sent_on", "The letter's date")
    return letter_sent_on


def _record_breach(
    step: Step,
    kind: str,
    *,
    due_on: date,
    happened_on: date,
    late_reason: str,
    letter_sent_on: date,
) -> Breach:
    """One breach per kind: a later change of date updates it rather than adding another.

    Each new reason or date is a decision of its own (with its own letter), so it is kept as a
    ``Decision`` too; the same breach confirmed again (the panel met on the late date already
    explained) adds nothing."""
    same = Breach.objects.filter(
        complaint=step.complaint,
        kind=kind,
        due_on=due_on,
        happened_on=happened_on,
        reason=late_reason,
        letter_sent_on=letter_sent_on,
    ).exists()
    if not same:
        record_decision(
            step,
            DecisionKind.STAGE3_DELAY,
            BreachKind(kind).label,
            [
                ("Due by", day_words(due_on)),
                ("Happened, or now planned for", day_words(happened_on)),
                ("Reason for the delay", late_reason),
            ],
            letter_sent_on=letter_sent_on,
        )
    breach, _ = Breach.objects.update_or_create(
        complaint=step.complaint,
        kind=kind,
        defaults={
            "due_on": due_on,
            "happened_on": happened_on,
            "reason": late_reason,
            "letter_sent_on": letter_sent_on,
            "recorded_by": step.by,
        },
    )
    return breach


def _stage3(complaint: Complaint) -> Stage3:
    stage3 = getattr(complaint, "stage3", None)
    if stage3 is None:
        raise Refused("No Stage 3 request is recorded on this complaint.")
    return stage3


# -- the request (rules 30 and 31) --------------------------------------------------------------


def request_stage3(
    complaint: Complaint,
    *,
    by: User,
    requested_on: date,
    channel: str,
    what_remains: str = "",
) -> Stage3:
    """Rule 30: any channel, no form. A request after the advisory date is recorded like any
    other and flagged; the Complaints Manager then decides, with reasons, whether to accept it.
    The panel deadline runs from the day the council received the request (reg 19(4)), so it
    is stored now."""
    check(complaint, "request_stage3", by)  # status and role first
    if channel not in Channel.values:
        raise Refused("Say how the request was made.", field="channel")
    _on_or_before_today(requested_on, "requested_on", "The date the request was received")
    stage2 = complaint.stage2
    letter = stage2.adjudication_letter_sent_on
    if letter is not None and requested_on < letter:
        raise Refused(
            "The request cannot have been received before the adjudication letter was sent, "
            f"on {long_date(letter)}.",
            field="requested_on",
        )
    request_by = stage2.stage3_request_by
    late = bool(request_by and requested_on > request_by)
    with transition(complaint, "request_stage3", by=by) as step:
        step.on = requested_on
        stage3 = Stage3.objects.create(
            complaint=step.complaint,
            requested_on=requested_on,
            channel=channel,
            what_remains=what_remains,
            request_by=request_by,
            request_was_late=late,
            panel_due_on=due(requested_on, "panel_meeting"),
        )
        step.summary = f"Stage 3 requested on {long_date(requested_on)}" + (
            f" (after the advisory date, {long_date(request_by)}: a decision is needed)"
            if late
            else ""
        )
        step.details = {
            "late": late,
            "channel": channel,
            "request_by": request_by.isoformat() if request_by else None,
            "panel_due_on": stage3.panel_due_on.isoformat() if stage3.panel_due_on else None,
        }
    return stage3


def accept_stage3(
    complaint: Complaint,
    *,
    by: User,
    accepted_on: date,
    late_decision_reasons: str = "",
) -> Stage3:
    """Rules 30 and 32: a late request needs a recorded decision with reasons, never an
    automatic refusal. The panel must meet within 30 working days of the request received,
    not of the acceptance, so accepting late eats into the panel's time."""
    check(complaint, "accept_stage3", by)
    stage3 = _stage3(complaint)
    if accepted_on < stage3.requested_on:
        raise Refused("Acceptance cannot be before the request was received.", field="accepted_on")
    _on_or_before_today(accepted_on, "accepted_on", "The date accepted")
    if stage3.request_was_late and not late_decision_reasons.strip():
        raise Refused(
            f"The request was received on {long_date(stage3.requested_on)}, after "
            f"{long_date(stage3.request_by)} (20 working days after the adjudication letter). "
            "A late request is never refused automatically: record why it is being accepted.",
            field="late_decision_reasons",
        )
    with transition(complaint, "accept_stage3", by=by) as step:
        step.on = accepted_on
        stage3.accepted_on = accepted_on
        stage3.late_decision_reasons = late_decision_reasons if stage3.request_was_late else ""
        stage3.panel_due_on = due(stage3.requested_on, "panel_meeting")
        stage3.save(update_fields=["accepted_on", "late_decision_reasons", "panel_due_on"])
        if stage3.request_was_late:
            record_decision(
                step,
                DecisionKind.LATE_STAGE3_REQUEST,
                "Late Stage 3 request accepted",
                [
                    ("Stage 3 should have been asked for by", day_words(stage3.request_by)),
                    ("Request received", day_words(stage3.requested_on)),
                    ("Why it is accepted", late_decision_reasons),
                ],
                decided_on=accepted_on,
            )
        step.summary = (
            f"Stage 3 accepted; the panel must meet by {long_date(stage3.panel_due_on)}"
            + (" (late request accepted with reasons)" if stage3.request_was_late else "")
        )
        step.details = {
            "panel_due_on": stage3.panel_due_on.isoformat(),
            "late_request": stage3.request_was_late,
        }
    return stage3


def refuse_stage3(
    complaint: Complaint,
    *,
    by: User,
    reasons: str,
    signed_off_by: User,
    letter_sent_on: date,
    on: date | None = None,
) -> Stage3:
    """Rule 31 (as rule 15): not a normal outcome. Senior sign-off by someone else, reasons,
    and a letter giving the Ombudsman's details; ``statutory`` in the event lets reports count
    refusals of statutory complaints. ``on`` is the date it was refused; today when None."""
    check(complaint, "refuse_stage3", by)
    stage3 = _stage3(complaint)
    if not reasons.strip():
        raise Refused("Give the reasons for refusing.", field="reasons")
    if not has_role(signed_off_by, StaffRole.ADJUDICATING_OFFICER):
        raise Refused(
            "A refusal must be signed off by a senior manager (an adjudicating officer).",
            field="signed_off_by",
        )
    if signed_off_by.pk == by.pk:
        raise Refused("The sign-off must come from someone else.", field="signed_off_by")
    _on_or_before_today(letter_sent_on, "letter_sent_on", "The letter's date")
    if letter_sent_on < stage3.requested_on:
        raise Refused(
            "The refusal letter cannot be before the request was received, on "
            f"{long_date(stage3.requested_on)}.",
            field="letter_sent_on",
        )
    today = check_happened_on(
        on,
        what="The date it was refused",
        after=stage3.requested_on,
        after_what="the Stage 3 request was received",
    )
    with transition(complaint, "refuse_stage3", by=by) as step:
        step.on = today
        Stage3.objects.filter(pk=stage3.pk).update(
            refused_on=today,
            refusal_reasons=reasons,
            refusal_signed_off_by=signed_off_by,
            refusal_letter_sent_on=letter_sent_on,
        )
        step.complaint.closed_on = today
        step.complaint.save(update_fields=["closed_on"])
        record_decision(
            step,
            DecisionKind.STAGE3_REFUSAL,
            "Stage 3 request refused",
            [("Why the request was refused", reasons)],
            signed_off_by=signed_off_by,
            letter_sent_on=letter_sent_on,
        )
        step.summary = "Stage 3 refused (signed off by a senior manager; Ombudsman details sent)"
        step.details = {
            "statutory": step.complaint.is_statutory,
            "signed_off_by": signed_off_by.pk,
            "letter_sent_on": letter_sent_on.isoformat(),
            "late_request": stage3.request_was_late,
        }
    stage3.refresh_from_db()
    return stage3


# -- the panel meeting (rules 32, 34 and 35) -------------------------------------------------------


def schedule_panel(
    complaint: Complaint,
    *,
    by: User,
    meeting_on: date,
    meeting_place: str,
    complainant_availability: str,
    late_reason: str = "",
    letter_sent_on: date | None = None,
) -> Stage3:
    """Rule 32: the date is set with the complainant's availability recorded. A date after the
    30-working-day limit is allowed, because refusing it would delay the panel further, but
    it is a breach: a reason and a letter to the complainant are required. Setting the date
    again replaces it, and the breach follows the new date (or goes, if now on time)."""
    check(complaint, "schedule_panel", by)
    stage3 = _stage3(complaint)
    if not meeting_place.strip():
        raise Refused("Say where the panel will meet.", field="meeting_place")
    if not complainant_availability.strip():
        raise Refused(
            "Record when the complainant said they could attend: the date must take account of it.",
            field="complainant_availability",
        )
    if meeting_on < stage3.requested_on:
        raise Refused(
            f"The meeting cannot be before the request was received, on "
            f"{long_date(stage3.requested_on)}.",
            field="meeting_on",
        )
    if not current_calendar().is_working_day(meeting_on):
        raise Refused(
            f"{long_date(meeting_on)} is not a working day: choose a working day.",
            field="meeting_on",
        )
    panel_due_on = stage3.panel_due_on or due(stage3.requested_on, "panel_meeting")
    late = meeting_on > panel_due_on
    letter: date | None = None
    if late:
        letter = _late_inputs(
            due_on=panel_due_on,
            happened_on=meeting_on,
            late_reason=late_reason,
            letter_sent_on=letter_sent_on,
            what="The meeting date",
        )
    if letter_sent_on is not None:
        _on_or_before_today(letter_sent_on, "letter_sent_on", "The letter's date")
    with transition(complaint, "schedule_panel", by=by) as step:
        previous = stage3.meeting_on
        step.keep_text(
            stage3,
            "Stage 3 panel meeting",
            meeting_place=meeting_place,
            complainant_availability=complainant_availability,
        )
        Stage3.objects.filter(pk=stage3.pk).update(
            meeting_on=meeting_on,
            meeting_place=meeting_place,
            complainant_availability=complainant_availability,
        )
        withdrawn = False
        if letter is not None:
            _record_breach(
                step,
                BreachKind.PANEL_MEETING,
                due_on=panel_due_on,
                happened_on=meeting_on,
                late_reason=late_reason,
                letter_sent_on=letter,
            )
        else:
            withdrawn = bool(
                Breach.objects.filter(
                    complaint=step.complaint, kind=BreachKind.PANEL_MEETING
                ).delete()[0]
            )
        verb = "moved" if previous else "set"
        step.summary = f"Panel meeting {verb} to {long_date(meeting_on)} at {meeting_place}" + (
            f", after the 30-working-day limit ({long_date(panel_due_on)}): delay recorded"
            if late
            else ""
        )
        step.details = {
            "meeting_on": meeting_on.isoformat(),
            "previous": previous.isoformat() if previous else None,
            "panel_due_on": panel_due_on.isoformat(),
            "late": late,
            "breach_withdrawn": withdrawn,
        }
        if letter is not None:
            step.details |= {"reason": late_reason, "letter_sent_on": letter.isoformat()}
    stage3.refresh_from_db()
    return stage3


def record_submission(
    complaint: Complaint,
    *,
    by: User,
    source: str,
    name: str,
    received_on: date,
    oral: bool,
    summary: str,
) -> PanelSubmission:
    """Rule 34: the panel papers list every representation (reg 19(5)): the complainant or
    their advocate, the council, anyone else with sufficient interest, and the Stage 2
    Independent Person if they wish. Oral ones made at the meeting are recorded too."""
    check(complaint, "record_submission", by)
    stage3 = _stage3(complaint)
    if source not in SubmissionSource.values:
        raise Refused("Choose who made the submission.", field="source")
    if not name.strip():
        raise Refused("Give the name of the person or body who made it.", field="name")
    if not summary.strip():
        raise Refused("Summarise what the submission says.", field="summary")
    _on_or_before_today(received_on, "received_on", "The date received")
    if received_on < stage3.requested_on:
        raise Refused(
            "A submission to the panel cannot be before the Stage 3 request, received on "
            f"{long_date(stage3.requested_on)}.",
            field="received_on",
        )
    if source == SubmissionSource.STAGE2_IP and stage2_independent_person(complaint) is None:
        raise Refused(
            "This complaint had no Independent Person at Stage 2: choose another source.",
            field="source",
        )
    with transition(complaint, "record_submission", by=by) as step:
        step.on = received_on
        submission = PanelSubmission.objects.create(
            complaint=step.complaint,
            source=source,
            name=name,
            received_on=received_on,
            oral=oral,
            summary=summary,
            recorded_by=by,
        )
        kind = "Oral" if oral else "Written"
        step.summary = f"{kind} submission to the panel from {name}"
        step.details = {"source": source, "oral": oral, "received_on": received_on.isoformat()}
    return submission


def _attendance_refusal(
    complaint: Complaint, capacity: str, speaks_for_complainant: bool
) -> Refused | None:
    """Rule 35 (reg 19(6)): the complainant, their advocate and one other person; one of them
    may be nominated to speak. Read on the locked complaint, so two people adding at once
    cannot both get in."""
    present = list(PanelAttendee.objects.filter(complaint=complaint).order_by("id"))
    same = [a for a in present if a.capacity == capacity]
    if capacity == AttendeeCapacity.ADVOCATE and same:
        return Refused(
            f"{same[0].name} is already recorded as the complainant's advocate. The complainant "
            "may bring their advocate and one other person (regulation 19(6)).",
            field="capacity",
        )
    if capacity == AttendeeCapacity.COMPANION and same:
        return Refused(
            f"{same[0].name} is already recorded as accompanying the complainant. The "
            "complainant may bring their advocate and only one other person (regulation "
            "19(6)).",
            field="capacity",
        )
    if capacity == AttendeeCapacity.COMPLAINANT:
        complainants = max(1, complaint.complainants.count())
        if len(same) >= complainants:
            return Refused(
                "Every complainant is already recorded as attending. Record anyone else "
                "accompanying them as their advocate or the one other person they bring.",
                field="capacity",
            )
    if speaks_for_complainant:
        if capacity not in WITH_COMPLAINANT:
            return Refused(
                "Only the complainant, their advocate or the person accompanying them can be "
                "nominated to speak for the complainant.",
                field="speaks_for_complainant",
            )
        speakers = [a for a in present if a.speaks_for_complainant]
        if speakers:
            return Refused(
                f"{speakers[0].name} is already nominated to speak for the complainant: only "
                "one person can be.",
                field="speaks_for_complainant",
            )
    return None


def record_attendee(
    complaint: Complaint,
    *,
    by: User,
    name: str,
    capacity: str,
    speaks_for_complainant: bool = False,
) -> PanelAttendee:
    """Rule 35: who attends, in which capacity, and who speaks for the complainant."""
    if capacity not in AttendeeCapacity.values:
        raise Refused("Choose in what capacity they attend.", field="capacity")
    if not name.strip():
        raise Refused("Give the attendee's name.", field="name")
    with transition(complaint, "record_attendee", by=by) as step:
        refusal = _attendance_refusal(step.complaint, capacity, speaks_for_complainant)
        if refusal is not None:
            raise refusal
        attendee = PanelAttendee.objects.create(
            complaint=step.complaint,
            name=name,
            capacity=capacity,
            speaks_for_complainant=speaks_for_complainant,
        )
        step.summary = f"{name} attends the panel ({AttendeeCapacity(capacity).label})" + (
            ", nominated to speak for the complainant" if speaks_for_complainant else ""
        )
        step.details = {"capacity": capacity, "speaks_for_complainant": speaks_for_complainant}
    return attendee


def hold_panel(
    complaint: Complaint,
    *,
    by: User,
    met_on: date,
    late_reason: str = "",
    letter_sent_on: date | None = None,
) -> Stage3:
    """Rules 32, 34 and 36. The guards in the table ask for a complete panel and a meeting
    date. The panel papers must list the submissions, and the council always puts its Stage 2
    record and its view before the panel, so its submission must be recorded; the
    complainant's is not required, because they may rely on their Stage 2 statement or speak
    at the meeting (recorded afterwards, in the report stage). The report is due 5 working
    days after the meeting."""
    check(complaint, "hold_panel", by)  # the panel and meeting guards come first
    stage3 = _stage3(complaint)
    _on_or_before_today(met_on, "met_on", "The date the panel met")
    if met_on < stage3.requested_on:
        raise Refused(
            "The panel cannot have met before the request was received, on "
            f"{long_date(stage3.requested_on)}.",
            field="met_on",
        )
    panel_due_on = stage3.panel_due_on or due(stage3.requested_on, "panel_meeting")
    late = met_on > panel_due_on
    # A breach recorded when the late date was set stands if the panel met on that date;
    # a different late date needs its own reason and letter.
    existing = Breach.objects.filter(complaint=complaint, kind=BreachKind.PANEL_MEETING).first()
    reason, letter = late_reason, letter_sent_on
    if existing is not None and existing.happened_on == met_on:
        reason = reason if reason.strip() else existing.reason
        letter = letter or existing.letter_sent_on
    if late:
        letter = _late_inputs(
            due_on=panel_due_on,
            happened_on=met_on,
            late_reason=reason,
            letter_sent_on=letter,
            what="The date the panel met",
        )
    with transition(complaint, "hold_panel", by=by) as step:
        step.on = met_on
        council = PanelSubmission.objects.filter(
            complaint=step.complaint, source=SubmissionSource.COUNCIL
        ).exists()
        if not council:
            raise Refused(
                "Record the council's submission to the panel first: the panel papers must "
                "list the submissions received (regulation 19(5))."
            )
        withdrawn = False
        if late and letter is not None:
            _record_breach(
                step,
                BreachKind.PANEL_MEETING,
                due_on=panel_due_on,
                happened_on=met_on,
                late_reason=reason,
                letter_sent_on=letter,
            )
        elif not late and existing is not None:
            existing.delete()
            withdrawn = True
        report_due_on = due(met_on, "panel_report")
        Stage3.objects.filter(pk=stage3.pk).update(
            met_on=met_on, meeting_on=met_on, report_due_on=report_due_on
        )
        step.summary = (
            f"The panel met on {long_date(met_on)}; its report is due by {long_date(report_due_on)}"
        ) + (" (the meeting was late: delay recorded)" if late else "")
        step.details = {
            "met_on": met_on.isoformat(),
            "scheduled_on": stage3.meeting_on.isoformat() if stage3.meeting_on else None,
            "report_due_on": report_due_on.isoformat(),
            "late": late,
            "breach_withdrawn": withdrawn,
        }
    stage3.refresh_from_db()
    return stage3


# -- the panel's report (rule 36) ----------------------------------------------------------------


def add_panel_recommendation(complaint: Complaint, *, by: User, text: str) -> Recommendation:
    """The panel's recommendations, numbered from 1 apart from Stage 2's."""
    if not text.strip():
        raise Refused("Write the recommendation.", field="text")
    with transition(complaint, "add_panel_recommendation", by=by) as step:
        number = (
            Recommendation.objects.filter(complaint=step.complaint, stage=3)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        recommendation = Recommendation.objects.create(
            complaint=step.complaint, stage=3, number=number, text=text
        )
        step.summary = f"Panel recommendation {number} added"
        step.details = {"number": number}
    return recommendation


@dataclass(frozen=True)
class Recipient:
    """One person or body the panel report went to."""

    kind: str
    name: str


def required_circulation(complaint: Complaint) -> dict[str, str]:
    """Reg 20: who must receive the report, with why, for this complaint. The advocate only
    when there is one, the Stage 2 Independent Person only when there was one."""
    required = {
        CirculationKind.COUNCIL.value: "the council",
        CirculationKind.COMPLAINANT.value: "the complainant",
    }
    if complaint.advocate_name.strip():
        required[CirculationKind.ADVOCATE.value] = f"the advocate ({complaint.advocate_name})"
    ip = stage2_independent_person(complaint)
    if ip is not None:
        required[CirculationKind.STAGE2_IP.value] = f"the Stage 2 Independent Person ({ip.person})"
    return required


def issue_panel_report(
    complaint: Complaint,
    *,
    by: User,
    summary_of_representations: str,
    sent_on: date,
    circulation: list[Recipient],
    no_recommendations: bool = False,
    late_reason: str = "",
    letter_sent_on: date | None = None,
) -> PanelReport:
    """Rule 36: a summary of the representations and the recommendations, sent to the council,
    the complainant, the advocate (if any), the Stage 2 Independent Person (if any) and anyone
    else with sufficient interest. The council is on the list, so it receives the report the
    day it is sent, and its 15 working days to respond start then."""
    check(complaint, "issue_panel_report", by)
    stage3 = _stage3(complaint)
    if not summary_of_representations.strip():
        raise Refused(
            "Summarise the representations the panel heard.", field="summary_of_representations"
        )
    _on_or_before_today(sent_on, "sent_on", "The date sent")
    if stage3.met_on is not None and sent_on < stage3.met_on:
        raise Refused(
            f"The report cannot be sent before the panel met, on {long_date(stage3.met_on)}.",
            field="sent_on",
        )
    for recipient in circulation:
        if recipient.kind not in CirculationKind.values:
            raise Refused("Say who each person on the list is.", field="circulation")
        if not recipient.name.strip():
            raise Refused("Give a name for everyone on the list.", field="circulation")
        if len(recipient.name.strip()) > CIRCULATION_NAME_LENGTH:
            raise Refused(
                f"Each name on the list must be {CIRCULATION_NAME_LENGTH} characters or fewer.",
                field="circulation",
            )
    kinds = {r.kind for r in circulation}
    missing = [why for kind, why in required_circulation(complaint).items() if kind not in kinds]
    if missing:
        raise Refused(
            "The report must also go to " + " and ".join(missing) + " (regulation 20).",
            field="circulation",
        )
    report_due_on = stage3.report_due_on or due(stage3.met_on or sent_on, "panel_report")
    late = sent_on > report_due_on
    letter: date | None = None
    if late:
        letter = _late_inputs(
            due_on=report_due_on,
            happened_on=sent_on,
            late_reason=late_reason,
            letter_sent_on=letter_sent_on,
            what="The date the report was sent",
        )
    with transition(complaint, "issue_panel_report", by=by) as step:
        step.on = sent_on
        recommendations = Recommendation.objects.filter(complaint=step.complaint, stage=3).count()
        if recommendations == 0 and not no_recommendations:
            raise Refused(
                "Add the panel's recommendations first, or confirm that the panel made none.",
                field="no_recommendations",
            )
        report = PanelReport.objects.create(
            complaint=step.complaint,
            summary_of_representations=summary_of_representations,
            sent_on=sent_on,
            recorded_by=by,
        )
        PanelCirculation.objects.bulk_create(
            PanelCirculation(report=report, kind=r.kind, name=r.name.strip(), sent_on=sent_on)
            for r in circulation
        )
        if letter is not None:
            _record_breach(
                step,
                BreachKind.PANEL_REPORT,
                due_on=report_due_on,
                happened_on=sent_on,
                late_reason=late_reason,
                letter_sent_on=letter,
            )
        response_due_on = due(sent_on, "council_response")
        Stage3.objects.filter(pk=stage3.pk).update(
            report_received_on=sent_on, response_due_on=response_due_on
        )
        step.summary = (
            f"Panel report sent on {long_date(sent_on)} to {len(circulation)} "
            f"recipient{'s' if len(circulation) != 1 else ''}; the council's response is due by "
            f"{long_date(response_due_on)}"
        ) + (" (the report was late: delay recorded)" if late else "")
        step.details = {
            "sent_on": sent_on.isoformat(),
            "report_due_on": report_due_on.isoformat(),
            "response_due_on": response_due_on.isoformat(),
            "recommendations": recommendations,
            "circulation": sorted(kinds),
            "late": late,
        }
    return report


# -- the council's response (rule 37) --------------------------------------------------------------


def respond_to_panel(
    complaint: Complaint,
    *,
    by: User,
    ip_participation: str,
    recommendations: list[RecommendationDecision],
    ombudsman_information_given: bool,
    response_sent_on: date,
    late_reason: str = "",
    letter_sent_on: date | None = None,
) -> Stage3:
    """Rule 37 (reg 20(3)): the council, together with the Stage 2 Independent Person,
    decides on every recommendation (reasons always, and an action with an owner and due
    date for each accepted one), and tells the complainant they may go to the Ombudsman.
    The procedure ends here."""
    check(complaint, "respond_to_panel", by)
    stage3 = _stage3(complaint)
    if stage2_independent_person(complaint) is not None and not ip_participation.strip():
        raise Refused(
            "Record how the Stage 2 Independent Person took part in considering the panel's "
            "recommendations (regulation 20).",
            field="ip_participation",
        )
    recs = check_recommendation_decisions(complaint, 3, recommendations)
    if not ombudsman_information_given:
        raise Refused(
            "The response must tell the complainant they can take the complaint to the Local "
            "Government and Social Care Ombudsman. Confirm that it does.",
            field="ombudsman_information_given",
        )
    _on_or_before_today(response_sent_on, "response_sent_on", "The date the response was sent")
    received = stage3.report_received_on
    if received is not None and response_sent_on < received:
        raise Refused(
            f"The response cannot be before the panel report was received, on "
            f"{long_date(received)}.",
            field="response_sent_on",
        )
    response_due_on = stage3.response_due_on or due(
        received or response_sent_on, "council_response"
    )
    late = response_sent_on > response_due_on
    letter: date | None = None
    if late:
        letter = _late_inputs(
            due_on=response_due_on,
            happened_on=response_sent_on,
            late_reason=late_reason,
            letter_sent_on=letter_sent_on,
            what="The date the response was sent",
        )
    with transition(complaint, "respond_to_panel", by=by) as step:
        step.on = response_sent_on
        apply_recommendation_decisions(step.complaint, recs, recommendations, by, step)
        if letter is not None:
            _record_breach(
                step,
                BreachKind.COUNCIL_RESPONSE,
                due_on=response_due_on,
                happened_on=response_sent_on,
                late_reason=late_reason,
                letter_sent_on=letter,
            )
        step.keep_text(stage3, "Stage 3 response", ip_participation=ip_participation)
        Stage3.objects.filter(pk=stage3.pk).update(
            ip_participation=ip_participation,
            ombudsman_information_given=True,
            response_sent_on=response_sent_on,
        )
        # The procedure ends the day the response is sent, not the day it is typed in.
        step.complaint.closed_on = response_sent_on
        step.complaint.save(update_fields=["closed_on"])
        accepted = sum(1 for d in recommendations if d.accepted)
        step.summary = (
            f"Council's response to the panel sent on {long_date(response_sent_on)}: "
            f"{accepted} of {len(recommendations)} recommendation"
            f"{'s' if len(recommendations) != 1 else ''} accepted; Stage 3 complete"
        ) + (" (the response was late: delay recorded)" if late else "")
        step.details = {
            "recommendations": {d.number: d.accepted for d in recommendations},
            "response_due_on": response_due_on.isoformat(),
            "late": late,
        }
    stage3.refresh_from_db()
    return stage3
