"""Letters from Stage 3, the review panel (domain.md rules 30 to 37, Decisions for Heard 4 and 5).

Each is drafted by the step that needs it: the acknowledgement when the request is accepted,
the refusal when it is refused, the meeting letters when the date is set (to the complainant,
and to the panel and the Stage 2 Independent Person), the covering letters when the panel's
report goes out, and the council's response when it is recorded. A missed Stage 3 deadline is
a breach that needs a letter giving the reason and the new date (Decisions for Heard 4), so
every step that can record one drafts that letter when it does.

The Stage 2 Independent Person is found as the procedure finds them
(``decisions.stage3.stage2_independent_person``): their appointment may have ended by the time
a letter names them (the council's response ends it, in the same step).

No entry names ``readers``: the panel and the Stage 2 Independent Person open the copies
addressed to them (``documents.access``), never the family's letters or each other's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from heard.complaints.models import Appointment, Complaint, Decision, DecisionKind
from heard.complaints.models.choices import AppointmentRole, BreachKind, CirculationKind
from heard.decisions.models import PanelCirculation
from heard.decisions.stage3 import stage2_independent_person
from heard.documents.case_data import name_of, words
from heard.documents.catalogue import Letter, Recipient, register_letter
from heard.people.models import User

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent

PANEL = {AppointmentRole.PANEL_CHAIR: "chair", AppointmentRole.PANEL_MEMBER: "member"}

# The deadline each step can miss (one breach per kind: moving a late date updates it).
DEADLINE_OF_STEP = {
    "complaint.schedule_panel": BreachKind.PANEL_MEETING,
    "complaint.hold_panel": BreachKind.PANEL_MEETING,
    "complaint.issue_panel_report": BreachKind.PANEL_REPORT,
    "complaint.respond_to_panel": BreachKind.COUNCIL_RESPONSE,
}

# For each deadline, the Stage 3 fields holding its due date and the date it was met.
STAGE3_DATES = {
    BreachKind.PANEL_MEETING: ("panel_due_on", "meeting_on"),
    BreachKind.PANEL_REPORT: ("report_due_on", "report_received_on"),
    BreachKind.COUNCIL_RESPONSE: ("response_due_on", "response_sent_on"),
}


def _email(contact: str) -> str:
    """The advocate's contact details, when they are just an email address (the case keeps
    them as free text: a phone number, an office, or an address)."""
    try:
        validate_email(contact.strip())
    except ValidationError:
        return ""
    return contact.strip()


def _stage2_ip(complaint_id: int) -> Appointment | None:
    """The Stage 2 Independent Person, for a recipients function (which sees no complaint)."""
    complaint = Complaint.objects.prefetch_related("appointments__person").get(pk=complaint_id)
    return stage2_independent_person(complaint)


# -- the request: accepted or refused (rules 30 and 31) ----------------------------------------


def _refusal_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """Who signed the refusal off: rule 31 needs a senior manager's sign-off, and the letter
    says whose, so the complainant (and the Ombudsman) can see it was not one officer's call."""
    signer = complaint.stage3.refusal_signed_off_by
    return {"signed_off_by": name_of(signer)}


register_letter(
    Letter(
        key="stage3_acknowledgement",
        title="Your request for a review panel",
        rule="Rules 30 and 32: a Stage 3 request accepted (a late one with reasons); the panel "
        "meets within 30 working days of the request",
        on=("complaint.accept_stage3",),
    )
)

register_letter(
    Letter(
        key="stage3_refusal",
        title="We are not arranging a review panel",
        rule="Rule 31: refusing Stage 3 needs a senior manager's sign-off, reasons and the "
        "Ombudsman's details",
        on=("complaint.refuse_stage3",),
        more_data=_refusal_data,
    )
)


# -- the panel meeting (rules 32 to 35) --------------------------------------------------------


def _meeting_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The date the meeting was set for before, when this step moved it: the letter says the
    new date replaces it, so no one comes on the old one."""
    details = event.details if event.name == "complaint.schedule_panel" else {}
    previous = details.get("previous")
    moved_from = ""
    if previous and previous != details.get("meeting_on"):
        moved_from = words(date.fromisoformat(previous))
    return {"meeting": {"moved_from": moved_from}}


def _to_panel(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """When the date is set: the chair, each member and the Stage 2 Independent Person (who may
    make a submission, rule 34, and takes part in the council's response, rule 37). When
    someone joins the panel after the date was set: just them."""
    if event.name == "complaint.appoint":
        part = PANEL.get(event.details.get("role", ""))
        if part is None:  # someone appointed to another role (the preview may ask)
            return []
        person = User.objects.get(pk=event.details["person"])
        return [
            Recipient(
                name=name_of(person), role=f"panel {part}", email=person.email, data={"part": part}
            )
        ]
    people = []
    chair = data.get("panel_chair")
    if chair:
        people.append(
            Recipient(chair["name"], "panel chair", email=chair["email"], data={"part": "chair"})
        )
    for member in data["panel_members"]:
        people.append(
            Recipient(
                member["name"], "panel member", email=member["email"], data={"part": "member"}
            )
        )
    ip = _stage2_ip(event.complaint_id)
    if ip is not None:
        people.append(
            Recipient(
                name_of(ip.person),
                "independent person",
                email=ip.person.email,
                data={"part": "stage2_ip"},
            )
        )
    return people


def _panel_notice_due(data: dict[str, Any], event: CaseEvent) -> bool:
    """Always when the date is set; when someone is appointed, only if they join the panel
    while a meeting is set and has not yet taken place."""
    if event.name != "complaint.appoint":
        return True
    stage3 = data.get("stage3")
    return (
        event.details.get("role") in PANEL
        and stage3 is not None
        and bool(stage3["meeting_on_iso"])
        and not stage3["met_on_iso"]
    )


register_letter(
    Letter(
        key="panel_invitation",
        title="Your review panel meeting",
        rule="Rules 32 and 35: the panel's date, set with the complainant's availability; who "
        "may come with them and speak for them",
        on=("complaint.schedule_panel",),
        more_data=_meeting_data,
    )
)

register_letter(
    Letter(
        key="panel_meeting_notice",
        title="Review panel meeting",
        rule="Rules 33 and 34: the panel of three independent people, one of them the chair; "
        "the Stage 2 Independent Person may make a submission",
        on=("complaint.schedule_panel", "complaint.appoint"),
        to=_to_panel,
        when=_panel_notice_due,
        more_data=_meeting_data,
    )
)


# -- a missed deadline (rules 32, 36, 37 and 42) -----------------------------------------------


def _delay_decisions(event: CaseEvent) -> list[Decision]:
    """The delay decisions ``event``'s step recorded. A step's decisions are linked to its
    event only after the event is announced (``complaints.transitions``), so while the letter
    is drafted they are the ones with no event yet; drafted again later, they are the event's."""
    return list(
        Decision.objects.filter(
            Q(event__isnull=True) | Q(event=event),
            complaint_id=event.complaint_id,
            kind=DecisionKind.STAGE3_DELAY,
        )
    )


def _delay_due(data: dict[str, Any], event: CaseEvent) -> bool:
    """A new delay recorded by this step: a new late date or a new reason. Confirming a late
    date already explained (the panel met on the day the last letter gave) needs no second
    letter. A late response whose letter is the response itself (the same date) is explained
    in the response (``stage3_response``), not in a second letter the same day."""
    if not event.details.get("late"):
        return False
    recorded = _delay_decisions(event)
    if event.name == "complaint.respond_to_panel":
        sent = data["stage3"]["response_sent_on_iso"]
        return any(d.letter_sent_on and d.letter_sent_on.isoformat() < sent for d in recorded)
    return bool(recorded)


def _delay(complaint: Complaint, event: CaseEvent) -> dict[str, Any] | None:
    """The breach this step recorded: which deadline, when it was due, the new date and why."""
    kind = DEADLINE_OF_STEP.get(event.name)
    breach = next((b for b in complaint.breaches.all() if b.kind == kind), None)
    if breach is None or not event.details.get("late"):
        return None
    return {
        "kind": breach.kind,
        "due_on": words(breach.due_on),
        "new_on": words(breach.happened_on),
        "reason": breach.reason,
        # Whether the new date has already come (the panel met, the report went) or is planned.
        "planned": event.name == "complaint.schedule_panel",
    }


def _delay_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The breach this step recorded. Drafting only asks when there is one (``_delay_due``);
    the template editor's preview may ask of a step that was on time, and is shown the
    deadline and the date from the case, with no reason, rather than a template error."""
    delay = _delay(complaint, event)
    if delay is None:
        kind = DEADLINE_OF_STEP[event.name]
        due_field, new_field = STAGE3_DATES[kind]
        delay = {
            "kind": kind.value,
            "due_on": words(getattr(complaint.stage3, due_field)),
            "new_on": words(getattr(complaint.stage3, new_field)),
            "reason": "",
            "planned": event.name == "complaint.schedule_panel",
        }
    return {"delay": delay}


register_letter(
    Letter(
        key="stage3_delay",
        title="Stage 3 of your complaint is running late",
        rule="Rules 32, 36, 37 and 42: a missed Stage 3 deadline needs a reason and a letter "
        "giving the new date",
        on=tuple(DEADLINE_OF_STEP),
        when=_delay_due,
        more_data=_delay_data,
    )
)


# -- the panel's report (rule 36) --------------------------------------------------------------


def _circulation(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """One covering letter for each person on the report's circulation list (reg 20). A
    complainant's copy goes to their address on the case, so their advocate is copied on it
    as on every letter to them (rule 7), besides receiving the report in their own right."""
    complainants = {c["name"]: c for c in data["complainants"]}
    advocate = data.get("advocate") or {}
    ip = None
    people = []
    rows = PanelCirculation.objects.filter(report__complaint_id=event.complaint_id).order_by("id")
    for row in rows:
        if row.kind == CirculationKind.COMPLAINANT:
            found = complainants.get(row.name, {})
            people.append(
                Recipient(
                    row.name,
                    "complainant",
                    address=found.get("address", ""),
                    email=found.get("email", ""),
                    data={"kind": row.kind},
                )
            )
            continue
        email = ""
        if row.kind == CirculationKind.STAGE2_IP:
            ip = ip or _stage2_ip(event.complaint_id)
            email = ip.person.email if ip is not None else ""
        if row.kind == CirculationKind.ADVOCATE:
            email = _email(advocate.get("contact", ""))
        role = {
            CirculationKind.COUNCIL: "council",
            CirculationKind.ADVOCATE: "advocate",
            CirculationKind.STAGE2_IP: "independent person",
        }.get(CirculationKind(row.kind), "other")
        people.append(Recipient(row.name, role, email=email, data={"kind": row.kind}))
    return people


register_letter(
    Letter(
        key="panel_report_covering",
        title="The review panel's report",
        rule="Rule 36: the panel's report goes to the council, the complainant, the advocate, "
        "the Stage 2 Independent Person and anyone else with sufficient interest",
        on=("complaint.issue_panel_report",),
        to=_circulation,
    )
)


# -- the council's response (rule 37) ----------------------------------------------------------


def _response_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """Who the Stage 2 Independent Person was (their appointment ends with this step, so the
    case data no longer lists them), and the delay, when the response is late."""
    ip = stage2_independent_person(complaint)
    return {
        "stage2_ip": name_of(ip.person) if ip is not None else "",
        "delay": _delay(complaint, event),
    }


register_letter(
    Letter(
        key="stage3_response",
        title="Our response to the review panel",
        rule="Rule 37: a decision with reasons on each of the panel's recommendations, with the "
        "Stage 2 Independent Person, and the Ombudsman's details",
        on=("complaint.respond_to_panel",),
        more_data=_response_data,
    )
)
