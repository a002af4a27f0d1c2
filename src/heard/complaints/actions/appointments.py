"""Appointments: who may hold which role on a complaint, and when (domain.md rules 19, 20
and 33; Decisions for Heard 9).

The Complaints Manager appoints the Stage 2 Investigating Officer, Independent Person and
adjudicating officer, and the three people of a Stage 3 panel. Every check is made before
anything is saved, and a refusal says which rule stands in the way:

- one person holds one role on a complaint, ever (so the Stage 2 IP never sits on the panel);
- the independent roles (IP, panel member, panel chair) must not be members or officers of the
  council or the spouse or civil partner of one, both attested, and need a stored conflict
  declaration; former staff within three years get a warning to acknowledge;
- independent officers come from the roster, holding the role, with a DBS check in date;
- a panel is exactly three people, exactly one of them the chair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from heard.complaints.actions.happened import check_happened_on
from heard.complaints.decision_records import record_decision
from heard.complaints.models import Appointment, Complaint, DecisionKind, Stage2
from heard.complaints.models.choices import INDEPENDENT_ROLES, PANEL_ROLES, AppointmentRole
from heard.complaints.models.choices import Status as S
from heard.complaints.transitions import Refused, transition
from heard.people.models import IndependentOfficer, User
from heard.people.roles import StaffRole, has_role
from heard.timescales.dates import long_date

COOLING_OFF = relativedelta(years=3)
PANEL_SIZE = 3

# The role (a group) each appointment needs, and what to say when the person lacks it.
REQUIRED_GROUP: dict[str, tuple[StaffRole, str]] = {
    AppointmentRole.ADJUDICATOR: (
        StaffRole.ADJUDICATING_OFFICER,
        "is not an adjudicating officer (senior manager)",
    ),
    AppointmentRole.INVESTIGATING_OFFICER: (
        StaffRole.INVESTIGATING_OFFICER,
        "is not on the list of Investigating Officers",
    ),
    AppointmentRole.INDEPENDENT_PERSON: (
        StaffRole.INDEPENDENT_PERSON,
        "is not on the list of Independent Persons",
    ),
    AppointmentRole.PANEL_MEMBER: (StaffRole.PANEL_MEMBER, "is not on the list of panel members"),
    AppointmentRole.PANEL_CHAIR: (StaffRole.PANEL_CHAIR, "is not on the list of panel chairs"),
}

STAGE2_ROLES = frozenset(
    {
        AppointmentRole.INVESTIGATING_OFFICER,
        AppointmentRole.INDEPENDENT_PERSON,
        AppointmentRole.ADJUDICATOR,
    }
)

# Which roles may be appointed in which status.
ROLES_IN_STATUS: dict[str, frozenset[str]] = {
    S.STAGE2_SETUP: STAGE2_ROLES,
    S.STAGE2_INVESTIGATION: STAGE2_ROLES,
    S.STAGE2_ADJUDICATION: STAGE2_ROLES,
    S.STAGE3_PANEL: frozenset(PANEL_ROLES),
}


@dataclass(frozen=True)
class IndependenceCheck:
    """``refusals`` are about the person; ``unconfirmed`` are (box, message) pairs for the
    independence statements not ticked, shown beside those boxes rather than the person's."""

    refusals: list[str]
    warnings: list[str]
    unconfirmed: list[tuple[str, str]] = field(default_factory=list)


def _roster_entry(person: Any) -> IndependentOfficer | None:
    try:
        return person.roster_entry
    except IndependentOfficer.DoesNotExist:
        return None


def check_independence(
    complaint: Complaint,
    person: Any,
    role: str,
    *,
    attested_not_council: bool,
    attested_not_spouse: bool,
    today: date,
) -> IndependenceCheck:
    """Decisions for Heard 9 and rules 19, 20 and 33, before anything is saved."""
    refusals: list[str] = []
    warnings: list[str] = []
    unconfirmed: list[tuple[str, str]] = []
    existing = [a for a in complaint.appointments.all() if a.person_id == person.pk]
    if existing:
        held = existing[0]
        if held.role == AppointmentRole.INDEPENDENT_PERSON and role in PANEL_ROLES:
            refusals.append(
                f"{person} was the Independent Person at Stage 2, so cannot sit on the Stage 3 "
                "panel (regulation 19(3))."
            )
        else:
            refusals.append(
                f"{person} is already the {held.get_role_display()} on this complaint: "
                "one person holds one role on a complaint."
            )
    if role in REQUIRED_GROUP:
        group, missing = REQUIRED_GROUP[role]
        if not has_role(person, group):
            refusals.append(f"{person} {missing}.")
    if role in INDEPENDENT_ROLES:
        if person.is_council_member_or_officer:
            refusals.append(
                f"{person} is a member or officer of the council, so cannot be independent."
            )
        if not attested_not_council:
            unconfirmed.append(
                (
                    "attested_not_council",
                    "Confirm the person is not a member or officer of the council.",
                )
            )
        if not attested_not_spouse:
            unconfirmed.append(
                (
                    "attested_not_spouse",
                    "Confirm the person is not the spouse or civil partner of a member or officer.",
                )
            )
        left = person.left_council_on
        if left is not None and left + COOLING_OFF > today:
            warnings.append(
                f"{person} left the council on {long_date(left)}, less than 3 years ago. "
                "Good practice is at least 3 years."
            )
    entry = _roster_entry(person)
    if role in INDEPENDENT_ROLES and entry is None:
        refusals.append(f"{person} is not on the roster of independent officers.")
    if entry is not None and role != AppointmentRole.ADJUDICATOR and not entry.dbs_in_date(today):
        if entry.dbs_expires_on is None:
            refusals.append(f"{person} has no DBS check recorded on the roster.")
        else:
            refusals.append(
                f"{person}'s DBS check expired on {long_date(entry.dbs_expires_on)}: it must be "
                "renewed before they can be appointed."
            )
    return IndependenceCheck(refusals, warnings, unconfirmed)


def _panel_refusal(complaint: Complaint, role: str) -> str | None:
    """Rule 33: three people, exactly one chair; a full panel refuses a fourth."""
    panel = [a for a in complaint.appointments.all() if a.role in PANEL_ROLES and not a.ended_on]
    chairs = [a for a in panel if a.role == AppointmentRole.PANEL_CHAIR]
    if len(panel) >= PANEL_SIZE:
        return (
            "The panel already has three members. Stand one of them down before appointing "
            "someone else."
        )
    if role == AppointmentRole.PANEL_CHAIR and chairs:
        return f"The panel already has a chair, {chairs[0].person}. A panel has one chair."
    if role == AppointmentRole.PANEL_MEMBER and not chairs and len(panel) == PANEL_SIZE - 1:
        return "The panel has two members and no chair: the third place must go to the chair."
    return None


def appoint(
    complaint: Complaint,
    *,
    by: User,
    person: Any,
    role: str,
    conflict_declaration: str,
    attested_not_council: bool = False,
    attested_not_spouse: bool = False,
    former_staff_warning_acknowledged: bool = False,
    on: date | None = None,
) -> Appointment:
    """The Complaints Manager appoints; a Stage 2 role replaces its current holder, a panel
    place does not (stand someone down first).

    ``on`` is the date of the appointment; today when None. Independence, the DBS check and
    the cooling-off period are judged on that date, and it cannot be before the stage was
    accepted."""
    if role == AppointmentRole.STAGE1_RESPONDER:
        raise Refused("Assign a Stage 1 responder from Stage 1.", field="role")
    if role not in AppointmentRole.values:
        raise Refused("Choose a role.", field="role")
    if role in PANEL_ROLES:
        stage = getattr(complaint, "stage3", None)
        after, after_what = (stage.accepted_on if stage else None), "Stage 3 was accepted"
    else:
        stage = getattr(complaint, "stage2", None)
        after, after_what = (stage.accepted_on if stage else None), "Stage 2 was accepted"
    today = check_happened_on(
        on, what="The date of the appointment", after=after, after_what=after_what
    )
    with transition(complaint, "appoint", by=by) as step:
        step.on = today
        allowed = ROLES_IN_STATUS.get(step.complaint.status, frozenset())
        if role not in allowed:
            stage = "Stage 3" if role in PANEL_ROLES else "Stage 2"
            raise Refused(
                f"A {AppointmentRole(role).label} is appointed at {stage}, not while the "
                f"complaint is '{S(step.complaint.status).label.lower()}'.",
                field="role",
            )
        result = check_independence(
            step.complaint,
            person,
            role,
            attested_not_council=attested_not_council,
            attested_not_spouse=attested_not_spouse,
            today=today,
        )
        if result.refusals or result.unconfirmed:
            # Each message beside its own box: what rules the person out beside the person,
            # each unticked statement beside its tick box.
            found = [
                *((("person", " ".join(result.refusals)),) if result.refusals else ()),
                *result.unconfirmed,
            ]
            (first_box, first), *others = found
            raise Refused(first, field=first_box, also=tuple(others))
        if role in PANEL_ROLES:
            refusal = _panel_refusal(step.complaint, role)
            if refusal:
                raise Refused(refusal, field="role")
        if role in INDEPENDENT_ROLES and not conflict_declaration.strip():
            raise Refused(
                "Record the conflict-of-interest declaration, including any earlier dealings "
                "with the complainant or their representative (write 'None' if they have "
                "declared none).",
                field="conflict_declaration",
            )
        if result.warnings and not former_staff_warning_acknowledged:
            raise Refused(
                " ".join(result.warnings) + " Tick the box to confirm you have considered this.",
                field="former_staff_warning_acknowledged",
            )
        current = []
        if role not in PANEL_ROLES:
            current = [
                a
                for a in step.complaint.appointments.all()
                if a.role == role and a.ended_on is None
            ]
            for old in current:
                Appointment.objects.filter(pk=old.pk).update(ended_on=today)
        appointment = Appointment.objects.create(
            complaint=step.complaint,
            person=person,
            role=role,
            appointed_on=today,
            appointed_by=by,
            conflict_declaration=conflict_declaration,
            attested_not_council=attested_not_council,
            attested_not_spouse=attested_not_spouse,
            former_staff_warning_acknowledged=bool(result.warnings),
        )
        stage2_date = {
            AppointmentRole.INVESTIGATING_OFFICER: "io_appointed_on",
            AppointmentRole.INDEPENDENT_PERSON: "ip_appointed_on",
        }.get(AppointmentRole(role))
        if stage2_date and not current:
            Stage2.objects.filter(complaint=step.complaint).update(**{stage2_date: today})
        if result.warnings:
            record_decision(
                step,
                DecisionKind.INDEPENDENCE_WARNING,
                f"{person} appointed as {AppointmentRole(role).label} despite a warning",
                [
                    *(("Warning", warning) for warning in result.warnings),
                    ("Conflict of interest declaration", conflict_declaration or "None recorded"),
                    ("Decision", "The warning was considered and the appointment made."),
                ],
            )
        step.summary = f"{person} appointed as {AppointmentRole(role).label}"
        step.details = {"person": person.pk, "role": role, "warnings": result.warnings}
    return appointment


def stand_down(
    complaint: Complaint,
    *,
    by: User,
    appointment: Appointment,
    reason: str,
    on: date | None = None,
) -> Appointment:
    """End a panel appointment, for example when a conflict comes to light (Herefordshire
    18 000 490: a fresh panel). The person keeps their place in the record, so they can never
    be appointed to this complaint again in another role. ``on`` is the date they were stood
    down; today when None."""
    if appointment.complaint_id != complaint.pk or appointment.ended_on is not None:
        raise Refused("That person is not currently appointed to this complaint.", field="person")
    if not reason.strip():
        raise Refused("Give the reason for standing them down.", field="reason")
    day = check_happened_on(
        on,
        what="The date they were stood down",
        after=appointment.appointed_on,
        after_what=f"{appointment.person} was appointed",
    )
    with transition(complaint, "stand_down", by=by) as step:
        step.on = day
        Appointment.objects.filter(pk=appointment.pk).update(ended_on=day)
        step.summary = f"{appointment.person} stood down as {appointment.get_role_display()}"
        step.details = {"person": appointment.person_id, "reason": reason}
    appointment.refresh_from_db()
    return appointment
