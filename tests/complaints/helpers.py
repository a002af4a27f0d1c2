"""Shared checks for the rule tests.

A refused action must leave the case exactly as it was: ``refused`` and ``not_allowed``
snapshot every row belonging to the complaint (the complaint itself, every model with a
foreign key to it, the findings and Independent Person views on its points) and its case
events, run the block, check the expected exception and message, and compare the snapshot
taken afresh from the database.

The ``stage2_*`` builders take a complaint through the real actions to each point of Stage 2,
on the domain reference's worked example dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from heard.audit.models import CaseEvent
from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.deadlines import running_deadlines
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import AppointmentRole, Route, SpecifiedFunction
from heard.complaints.transitions import NotAllowed, Refused
from heard.decisions import actions as decisions
from heard.people.models import User
from tests.personas import Personas, create_complaint


def _rows(model: Any, **where: Any) -> list[dict[str, Any]]:
    return list(model.objects.filter(**where).order_by("pk").values())


def case_state(pk: int) -> dict[str, Any]:
    """Every stored value of one complaint's case, read from the database: the complaint, the
    records that point at it, and the records that point at those (a panel report's
    circulation, an Ombudsman case's remedies, an appointment's time, a point's themes)."""
    state: dict[str, Any] = {
        "complaint": Complaint.objects.filter(pk=pk).values().get(),
        "events": list(
            CaseEvent.objects.filter(complaint_id=pk).order_by("id").values_list("id", "name")
        ),
    }
    for rel in Complaint._meta.related_objects:
        model = rel.related_model
        rows = _rows(model, **{rel.field.name: pk})
        state[model.__name__] = rows
        ids = [row["id"] for row in rows]
        for inner in model._meta.related_objects:
            key = f"{model.__name__}:{inner.related_model.__name__}"
            state[key] = _rows(inner.related_model, **{f"{inner.field.name}__in": ids})
    point_ids = [row["id"] for row in state["ComplaintPoint"]]
    through = ComplaintPoint.themes.through
    state["point:themes"] = _rows(through, complaintpoint_id__in=point_ids)
    return state


def running(complaint: Complaint) -> dict[str, date]:
    """The deadlines running on the case, by name (what feeds the lists, decision 018)."""
    return {d.label: d.due_on for d in running_deadlines(complaint)}


def event_names(complaint: Complaint) -> list[str]:
    return list(
        CaseEvent.objects.filter(complaint_id=complaint.pk)
        .order_by("id")
        .values_list("name", flat=True)
    )


def last_event(complaint: Complaint) -> CaseEvent:
    event = CaseEvent.objects.filter(complaint_id=complaint.pk).order_by("id").last()
    assert event is not None
    return event


@contextmanager
def refused(
    complaint: Complaint, message: str, *, exception: type[Exception] = Refused
) -> Iterator[None]:
    """The block raises ``exception`` with ``message`` in it, and nothing was changed."""
    before = case_state(complaint.pk)
    with pytest.raises(exception, match=re.escape(message)):
        yield
    after = case_state(complaint.pk)
    assert after["events"] == before["events"], "a refused action wrote a case event"
    assert after == before, "a refused action changed the case"


@contextmanager
def not_allowed(complaint: Complaint, message: str = "You do not have a role") -> Iterator[None]:
    """The block is refused for the user's role, and nothing was changed."""
    with refused(complaint, message, exception=NotAllowed):
        yield


# A Stage 2 on the domain reference's worked example: requested Friday 26 September 2025, so
# due Friday 31 October 2025 (25 WD) and at the latest Tuesday 30 December 2025 (65 WD).
RECEIVED_ON = date(2025, 8, 29)
STAGE1_RESPONSE_ON = date(2025, 9, 12)  # Stage 2 may be requested by Friday 10 October 2025
REQUESTED_ON = date(2025, 9, 26)
ACCEPTED_ON = date(2025, 9, 29)
FIRST_CONTACT_ON = date(2025, 10, 1)  # statement to be agreed by Wednesday 15 October 2025
AGREED_ON = date(2025, 10, 8)
FACT_CHECK_SENT_ON = date(2025, 10, 15)
FACT_CHECK_RETURNED_ON = date(2025, 10, 17)
REPORT_FINAL_ON = date(2025, 10, 20)
ADJUDICATED_ON = date(2025, 10, 23)


def stage2_requested(
    p: Personas, *, route: str = Route.STATUTORY, requested_on: date = REQUESTED_ON
) -> Complaint:
    """Through Stage 1 (answered 12 September 2025) to a Stage 2 request."""
    complaint = create_complaint(p.officer, received_on=RECEIVED_ON)
    intake.classify(
        complaint,
        by=p.officer,
        route=route,
        reason="Parent of a looked-after child",
        specified_function=SpecifiedFunction.PART_3 if route == Route.STATUTORY else "",
    )
    stage1.start_stage1(complaint, by=p.officer)
    stage1.record_stage1_response(
        complaint, by=p.officer, sent_on=STAGE1_RESPONSE_ON, resolved=False, summary="Not upheld"
    )
    stage2.request_stage2(complaint, by=p.officer, requested_on=requested_on, channel="letter")
    return complaint


def stage2_accepted(p: Personas, *, route: str = Route.STATUTORY) -> Complaint:
    complaint = stage2_requested(p, route=route)
    stage2.accept_stage2(complaint, by=p.manager, accepted_on=ACCEPTED_ON)
    return complaint


def appoint_io(complaint: Complaint, p: Personas) -> None:
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
        on=ACCEPTED_ON,
    )


def appoint_ip(complaint: Complaint, p: Personas, person: User | None = None) -> None:
    appointments.appoint(
        complaint,
        by=p.manager,
        person=person or p.ip,
        role=AppointmentRole.INDEPENDENT_PERSON,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
        on=ACCEPTED_ON,
    )


def stage2_investigating(p: Personas, *, route: str = Route.STATUTORY) -> Complaint:
    """Accepted, IO appointed (and the IP when statutory), investigation started."""
    complaint = stage2_accepted(p, route=route)
    appoint_io(complaint, p)
    if route == Route.STATUTORY:
        appoint_ip(complaint, p)
    stage2.start_investigation(complaint, by=p.manager, on=ACCEPTED_ON)
    return complaint


def statement_agreed(
    p: Personas, *, route: str = Route.STATUTORY, point_routes: tuple[str, ...] = ()
) -> Complaint:
    """Investigating, with a two-point statement agreed on 8 October 2025."""
    complaint = stage2_investigating(p, route=route)
    routes = point_routes or (route, route)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    stage2.save_statement(
        complaint,
        by=p.io,
        based_on_version=0,
        points=[
            stage2.PointInput(
                "Contact was cancelled without notice", "Reinstate contact", routes[0]
            ),
            stage2.PointInput("No one returned my calls", "An apology", routes[1]),
        ],
    )
    stage2.agree_statement(complaint, by=p.io, agreed_on=AGREED_ON, how="Signed statement")
    return complaint


def record_findings(complaint: Complaint, p: Personas, outcome: str = "upheld") -> None:
    for point in complaint.points.all():
        decisions.record_finding(
            complaint, by=p.io, point=point, outcome=outcome, reasons="The records show it"
        )


def fact_checked(complaint: Complaint, p: Personas) -> None:
    decisions.send_fact_check(complaint, by=p.io, sent_on=FACT_CHECK_SENT_ON)
    decisions.return_fact_check(
        complaint, by=p.officer, returned_on=FACT_CHECK_RETURNED_ON, comments="Date corrected"
    )


def report_final(
    p: Personas, *, route: str = Route.STATUTORY, point_routes: tuple[str, ...] = ()
) -> Complaint:
    """Findings on both points, one recommendation, fact-checked, final on 20 October 2025."""
    complaint = statement_agreed(p, route=route, point_routes=point_routes)
    record_findings(complaint, p)
    decisions.add_recommendation(complaint, by=p.io, text="Apologise and review contact")
    fact_checked(complaint, p)
    decisions.finalise_report(complaint, by=p.io, final_on=REPORT_FINAL_ON)
    return complaint


def ip_reported(complaint: Complaint, p: Personas) -> None:
    for point in complaint.points.all():
        decisions.record_ip_view(complaint, by=p.ip, point=point, agrees=True, comments="")
    decisions.submit_ip_report(
        complaint, by=p.ip, fair_and_complete=True, concerns="", submitted_on=date(2025, 10, 22)
    )


def appoint_adjudicator(complaint: Complaint, p: Personas) -> None:
    appointments.appoint(
        complaint,
        by=p.manager,
        person=p.adjudicator,
        role=AppointmentRole.ADJUDICATOR,
        conflict_declaration="None",
    )


def all_accepted(complaint: Complaint) -> dict[str, Any]:
    """Adjudication answers accepting every finding and recommendation."""
    return {
        "findings": [
            decisions.FindingDecision(point.number, True, "Agreed with the IO")
            for point in complaint.points.all()
        ],
        "recommendations": [
            decisions.RecommendationDecision(
                rec.number,
                True,
                "Agreed",
                action="Write to apologise",
                owner="Team manager, Children in Care",
                due_on=date(2025, 11, 14),
            )
            for rec in complaint.recommendations.all()
        ],
    }


def adjudicated(
    p: Personas, *, route: str = Route.STATUTORY, on: date = ADJUDICATED_ON
) -> Complaint:
    """Report final, the IP's report (when statutory), decisions recorded ``on`` (23 October
    2025 unless told); letter not sent."""
    complaint = report_final(p, route=route)
    if route == Route.STATUTORY:
        ip_reported(complaint, p)
    appoint_adjudicator(complaint, p)
    decisions.adjudicate(complaint, by=p.adjudicator, **all_accepted(complaint), on=on)
    return complaint
