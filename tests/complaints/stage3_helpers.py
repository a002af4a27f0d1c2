"""Builders for Stage 3, through the real actions, on the domain reference's worked example.

The adjudication letter goes on Friday 13 March 2026, so Stage 3 should be asked for by
Tuesday 14 April 2026. The request is received on Monday 30 March 2026, so the panel must
meet by Thursday 14 May 2026 (30 working days, over Easter and the early May bank holiday).
The panel meets on Tuesday 12 May 2026, so its report is due by Tuesday 19 May 2026; the
report goes on Monday 18 May 2026, so the council must respond by Tuesday 9 June 2026 (over
the spring bank holiday); it responds on Friday 5 June 2026.

Each builder returns the complaint at one point of Stage 3:

- ``stage2_complete(p)``: adjudicated and the letter sent (status ``stage2_complete``);
- ``stage3_requested(p)``: the request recorded;
- ``stage3_accepted(p)``: accepted (status ``stage3_panel``);
- ``panel_convened(p)``: the chair, ``member`` and ``member2`` appointed, the meeting set;
- ``panel_met(p)``: the council's and the complainant's submissions recorded, the panel met
  (status ``stage3_report``);
- ``panel_reported(p)``: two panel recommendations, the report sent (``stage3_response``);
- ``stage3_responded(p)``: the council's response, first accepted, second not
  (``stage3_complete``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from heard.complaints.actions import appointments
from heard.complaints.models import Complaint
from heard.complaints.models.choices import (
    AppointmentRole,
    CirculationKind,
    Route,
    SubmissionSource,
)
from heard.decisions import actions as decisions
from heard.decisions import stage3
from tests.complaints.helpers import adjudicated
from tests.personas import Personas

LETTER_SENT_ON = date(2026, 3, 13)  # Friday
STAGE3_REQUEST_BY = date(2026, 4, 14)  # Tuesday: letter + 20 WD
REQUESTED_ON = date(2026, 3, 30)  # Monday
PANEL_DUE_ON = date(2026, 5, 14)  # Thursday: request + 30 WD
ACCEPTED_ON = date(2026, 4, 1)
MEETING_ON = date(2026, 5, 12)  # Tuesday
REPORT_DUE_ON = date(2026, 5, 19)  # Tuesday: meeting + 5 WD
REPORT_SENT_ON = date(2026, 5, 18)  # Monday
RESPONSE_DUE_ON = date(2026, 6, 9)  # Tuesday: report + 15 WD
RESPONSE_SENT_ON = date(2026, 6, 5)  # Friday


@contextmanager
def today_is(day: date) -> Iterator[None]:
    """Pretend today is ``day`` for every ``timezone.localdate()`` call with no argument, so
    the worked examples set in December 2026 can be "not in the future"."""
    real = timezone.localdate

    def localdate(value: Any = None, *args: Any, **kwargs: Any) -> date:
        return day if value is None else real(value, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", localdate)
        yield


def stage2_complete(
    p: Personas, *, route: str = Route.STATUTORY, letter_sent_on: date = LETTER_SENT_ON
) -> Complaint:
    """Stage 2 adjudicated and the letter sent: Stage 3 may be asked for."""
    complaint = adjudicated(p, route=route)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=letter_sent_on)
    return complaint


def stage3_requested(
    p: Personas,
    *,
    requested_on: date = REQUESTED_ON,
    route: str = Route.STATUTORY,
    letter_sent_on: date = LETTER_SENT_ON,
) -> Complaint:
    complaint = stage2_complete(p, route=route, letter_sent_on=letter_sent_on)
    stage3.request_stage3(
        complaint,
        by=p.officer,
        requested_on=requested_on,
        channel="email",
        what_remains="The contact arrangements are still not back in place.",
    )
    return complaint


def stage3_accepted(p: Personas, *, accepted_on: date = ACCEPTED_ON, **kwargs: Any) -> Complaint:
    """Accepted; a late request is accepted with reasons (rule 30)."""
    complaint = stage3_requested(p, **kwargs)
    late = complaint.stage3.request_was_late
    stage3.accept_stage3(
        complaint,
        by=p.manager,
        accepted_on=accepted_on,
        late_decision_reasons="The complainant was in hospital." if late else "",
    )
    return complaint


def appoint_to_panel(complaint: Complaint, p: Personas, person: Any, role: str) -> None:
    appointments.appoint(
        complaint,
        by=p.manager,
        person=person,
        role=role,
        conflict_declaration=f"{person} declares no earlier dealings with the family.",
        attested_not_council=True,
        attested_not_spouse=True,
    )


def appoint_panel(complaint: Complaint, p: Personas) -> None:
    """The chair and two members (rule 33)."""
    appoint_to_panel(complaint, p, p.chair, AppointmentRole.PANEL_CHAIR)
    appoint_to_panel(complaint, p, p.member, AppointmentRole.PANEL_MEMBER)
    appoint_to_panel(complaint, p, p.member2, AppointmentRole.PANEL_MEMBER)


def schedule(complaint: Complaint, p: Personas, meeting_on: date = MEETING_ON, **late: Any) -> None:
    stage3.schedule_panel(
        complaint,
        by=p.officer,
        meeting_on=meeting_on,
        meeting_place="Committee Room 2, County Hall",
        complainant_availability="Any weekday in May except Mondays.",
        **late,
    )


def panel_convened(p: Personas, *, meeting_on: date = MEETING_ON, **kwargs: Any) -> Complaint:
    """Accepted, the full panel appointed and the meeting set (Tuesday 12 May 2026)."""
    complaint = stage3_accepted(p, **kwargs)
    appoint_panel(complaint, p)
    schedule(complaint, p, meeting_on)
    return complaint


def submit(
    complaint: Complaint, p: Personas, source: str, name: str, received_on: date = MEETING_ON
) -> None:
    stage3.record_submission(
        complaint,
        by=p.officer,
        source=source,
        name=name,
        received_on=received_on,
        oral=False,
        summary=f"{name}'s view of the Stage 2 outcome.",
    )


def panel_met(p: Personas, **kwargs: Any) -> Complaint:
    """Convened, the council's and the complainant's submissions recorded, and the panel met
    on the day set."""
    complaint = panel_convened(p, **kwargs)
    met_on = complaint.stage3.meeting_on
    submit(complaint, p, SubmissionSource.COUNCIL, "Head of Service, Children in Care", met_on)
    submit(complaint, p, SubmissionSource.COMPLAINANT, "Sam Rivers", met_on)
    stage3.hold_panel(complaint, by=p.officer, met_on=met_on)
    return complaint


def circulation(complaint: Complaint) -> list[stage3.Recipient]:
    """Everyone regulation 20 requires for this complaint."""
    names = [
        stage3.Recipient(CirculationKind.COUNCIL, "Director of Children's Services"),
        *(
            stage3.Recipient(CirculationKind.COMPLAINANT, c.name)
            for c in complaint.complainants.all()
        ),
    ]
    if complaint.advocate_name:
        names.append(stage3.Recipient(CirculationKind.ADVOCATE, complaint.advocate_name))
    ip = stage3.stage2_independent_person(complaint)
    if ip is not None:
        names.append(stage3.Recipient(CirculationKind.STAGE2_IP, str(ip.person)))
    return names


def add_recommendations(complaint: Complaint, p: Personas) -> None:
    stage3.add_panel_recommendation(complaint, by=p.chair, text="Restore weekly contact")
    stage3.add_panel_recommendation(complaint, by=p.chair, text="Pay £250 for the distress")


def panel_reported(p: Personas, *, sent_on: date = REPORT_SENT_ON, **kwargs: Any) -> Complaint:
    complaint = panel_met(p, **kwargs)
    add_recommendations(complaint, p)
    stage3.issue_panel_report(
        complaint,
        by=p.chair,
        summary_of_representations="The complainant and the council both spoke.",
        sent_on=sent_on,
        circulation=circulation(complaint),
    )
    return complaint


def decisions_on_panel_recommendations() -> list[stage3.RecommendationDecision]:
    return [
        stage3.RecommendationDecision(
            1,
            True,
            "Contact is in the child's interest.",
            action="Reinstate weekly contact",
            owner="Team manager, Children in Care",
            due_on=date(2026, 6, 30),
        ),
        stage3.RecommendationDecision(2, False, "The Stage 2 apology was a sufficient remedy."),
    ]


def stage3_responded(
    p: Personas, *, response_sent_on: date = RESPONSE_SENT_ON, **kwargs: Any
) -> Complaint:
    complaint = panel_reported(p, **kwargs)
    stage3.respond_to_panel(
        complaint,
        by=p.manager,
        ip_participation="The Independent Person joined the meeting on 2 June 2026.",
        recommendations=decisions_on_panel_recommendations(),
        ombudsman_information_given=True,
        response_sent_on=response_sent_on,
    )
    return complaint
