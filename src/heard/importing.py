"""Bringing in cases from the system a council uses now: parse, check, replay.

A council moving to Heard has complaints part-way through the procedure. Each one must become
exactly what Heard would hold had every step been recorded in Heard on the day it happened:
the same statuses, the same stored due dates, the same case events. So nothing here writes a
complaint's rows itself. Each row of the file (``docs/importing-cases.md``) is turned into the
list of steps it implies, and each step is one call of the action that records that step, as
the person who would have done it, with the date the file gives. The rules of the procedure
(a panel of three, an Independent Person for a statutory complaint, a late panel report needs
a reason) then apply to imported cases exactly as to new ones.

All or nothing: every row is checked first (dates, users, references, the order of the dates),
then the whole file is replayed in one transaction. Each row runs in its own savepoint so that
a step the procedure refuses is reported against its line and the other rows still go on to be
checked; if any row is bad, the outer transaction is rolled back and nothing is imported.

The one write that is not an action: the complaint's reference. ``record_complaint`` numbers
a new complaint itself, and an imported case keeps the reference the council already uses, so
the new row's reference is changed in the same transaction, and a ``complaint.imported`` event
says where the case came from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from heard.audit.events import record_event
from heard.audit.subscribers import recording_history
from heard.complaints.actions import appointments, intake, stage1, stage2
from heard.complaints.models import Complaint
from heard.complaints.models.choices import (
    AppointmentRole,
    Channel,
    CirculationKind,
    Finding,
    Relationship,
    Route,
    SpecifiedFunction,
    Status,
    SubmissionSource,
)
from heard.complaints.search import refresh_search
from heard.complaints.transitions import NotAllowed, Refused
from heard.decisions import actions as decisions
from heard.decisions import stage3
from heard.people.roles import StaffRole, has_role
from heard.timescales.calendar import OutsideCalendar
from heard.timescales.dates import long_date

# --------------------------------------------------------------------------------------------
# The file's columns

ROUTES = {
    "statutory": Route.STATUTORY,
    "corporate": Route.CORPORATE,
    "other": Route.OTHER,
}

# The columns, in the order the documentation lists them. Only the first five must be present
# in the header; a missing optional column reads as empty.
COLUMNS: tuple[str, ...] = (
    "reference",
    "received_on",
    "channel",
    "summary",
    "status",
    "team",
    "complainants",
    "children",
    "acknowledged_on",
    "advocacy_offered_on",
    "advocacy_response",
    "advocate",
    "route",
    "route_reason",
    "children_act_function",
    "classified_on",
    "stage1_responder",
    "stage1_extended_on",
    "stage1_extended_to",
    "stage1_response_on",
    "closed_on",
    "closed_reason",
    "stage2_requested_on",
    "stage2_accepted_on",
    "investigating_officer",
    "independent_person",
    "investigators_appointed_on",
    "investigation_started_on",
    "first_contact_on",
    "points",
    "statement_agreed_on",
    "findings",
    "fact_check_sent_on",
    "fact_check_returned_on",
    "report_final_on",
    "adjudicator",
    "adjudicator_appointed_on",
    "ip_report_on",
    "adjudicated_on",
    "adjudication_letter_on",
    "stage3_requested_on",
    "stage3_accepted_on",
    "panel_chair",
    "panel_members",
    "panel_appointed_on",
    "panel_meeting_on",
    "panel_met_on",
    "panel_report_on",
    "council_response_on",
    "delay_reason",
)
REQUIRED_COLUMNS = COLUMNS[:5]

DATE_COLUMNS = frozenset(c for c in COLUMNS if c.endswith("_on") or c == "stage1_extended_to")

# The chain of dates in the order the steps happen: each must be on or after every earlier one
# that is given. ``panel_meeting_on`` is a date set in advance (it may be later than today), so
# only the meeting held, ``panel_met_on``, is in the chain.
DATE_CHAIN: tuple[str, ...] = (
    "received_on",
    "classified_on",
    "stage1_extended_on",
    "stage1_response_on",
    "closed_on",
    "stage2_requested_on",
    "stage2_accepted_on",
    "investigators_appointed_on",
    "investigation_started_on",
    "first_contact_on",
    "statement_agreed_on",
    "fact_check_sent_on",
    "fact_check_returned_on",
    "report_final_on",
    "adjudicator_appointed_on",
    "ip_report_on",
    "adjudicated_on",
    "adjudication_letter_on",
    "stage3_requested_on",
    "stage3_accepted_on",
    "panel_appointed_on",
    "panel_met_on",
    "panel_report_on",
    "council_response_on",
)

# What a row must give to reach each status (each status needs its own columns and those of
# the statuses before it on the way there). Statutory complaints also need the Independent
# Person at Stage 2 (checked with the row's route).
_STAGE1 = ("route", "route_reason", "classified_on")
_STAGE2 = (*_STAGE1, "stage2_requested_on")
_SETUP = (*_STAGE2, "stage2_accepted_on")
_INVESTIGATION = (
    *_SETUP,
    "investigating_officer",
    "investigators_appointed_on",
    "investigation_started_on",
)
_ADJUDICATION = (
    *_INVESTIGATION,
    "first_contact_on",
    "points",
    "statement_agreed_on",
    "findings",
    "fact_check_sent_on",
    "fact_check_returned_on",
    "report_final_on",
)
_STAGE2_COMPLETE = (
    *_ADJUDICATION,
    "adjudicator",
    "adjudicator_appointed_on",
    "adjudicated_on",
    "adjudication_letter_on",
)
_STAGE3 = (*_STAGE2_COMPLETE, "stage3_requested_on")
_PANEL = (*_STAGE3, "stage3_accepted_on")
_REPORT = (
    *_PANEL,
    "panel_chair",
    "panel_members",
    "panel_appointed_on",
    "panel_meeting_on",
    "panel_met_on",
)
_RESPONSE = (*_REPORT, "panel_report_on")
NEEDS: dict[str, tuple[str, ...]] = {
    Status.INTAKE: (),
    Status.STAGE1_OPEN: _STAGE1,
    Status.STAGE1_RESPONDED: (*_STAGE1, "stage1_response_on"),
    Status.STAGE2_REQUESTED: _STAGE2,
    Status.STAGE2_SETUP: _SETUP,
    Status.STAGE2_INVESTIGATION: _INVESTIGATION,
    Status.STAGE2_ADJUDICATION: _ADJUDICATION,
    Status.STAGE2_COMPLETE: _STAGE2_COMPLETE,
    Status.STAGE3_REQUESTED: _STAGE3,
    Status.STAGE3_PANEL: _PANEL,
    Status.STAGE3_REPORT: _REPORT,
    Status.STAGE3_RESPONSE: _RESPONSE,
    Status.STAGE3_COMPLETE: (*_RESPONSE, "council_response_on"),
    Status.CLOSED: ("closed_on", "closed_reason"),
}

# Text the procedure asks for that an older system rarely holds; said plainly as imported.
IMPORTED = "Recorded in the previous case system; imported into Heard"


class ImportFailed(Exception):
    """The file has bad rows; nothing was imported. ``errors`` lists them, line by line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    """One checked line of the file: its text values, its dates and its people."""

    line: int
    values: dict[str, str]
    dates: dict[str, date] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    @property
    def status(self) -> str:
        return self.text("status")


@dataclass
class Imported:
    """What the import did: the complaints it made, by status, in the file's order."""

    complaints: list[Complaint]
    dry_run: bool = False

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for complaint in self.complaints:
            counts[complaint.status] = counts.get(complaint.status, 0) + 1
        parts = [f"{n} {Status(status).label.lower()}" for status, n in counts.items() if n]
        total = len(self.complaints)
        verb = "Would import" if self.dry_run else "Imported"
        return f"{verb} {total} case{'s' if total != 1 else ''}: " + ", ".join(parts) + "."


# --------------------------------------------------------------------------------------------
# Reading and checking


def read_rows(text: str) -> tuple[list[Row], list[str]]:
    """The rows of the file with their line numbers (the header is line 1), and the errors in
    its header. A quoted value may run over several lines; a row's number is its first line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    errors = [f"line 1: unknown column '{name}'" for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append("line 1: the header must name the columns " + ", ".join(missing))
    reader.fieldnames = header
    rows: list[Row] = []
    last_line = reader.line_num
    for values in reader:
        line = last_line + 1
        last_line = reader.line_num
        if None in values:
            errors.append(f"line {line}: more values than there are columns")
            continue
        if not any((v or "").strip() for v in values.values()):
            continue
        rows.append(Row(line=line, values={k: v or "" for k, v in values.items()}))
    return rows, errors


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _complainants(row: Row) -> list[intake.NewComplainant]:
    people = []
    for entry in _split(row.text("complainants")):
        name, _, relationship = entry.rpartition(":")
        people.append(intake.NewComplainant(name=name.strip(), relationship=relationship.strip()))
    return people


def _children(row: Row) -> list[intake.NewChild]:
    children = []
    for entry in _split(row.text("children")):
        name, _, flag = entry.partition(":")
        children.append(
            intake.NewChild(
                name=name.strip(),
                looked_after=flag.strip() == "looked_after",
                care_leaver=flag.strip() == "care_leaver",
            )
        )
    return children


def _points(row: Row) -> list[stage2.PointInput]:
    """The Statement of Complaint's points, each under the complaint's own procedure."""
    route = ROUTES.get(row.text("route"), Route.STATUTORY)
    points = []
    for entry in _split(row.text("points")):
        text, _, outcome = entry.partition("|")
        points.append(
            stage2.PointInput(text=text.strip(), desired_outcomes=outcome.strip(), route=route)
        )
    return points


# Who each named officer must be, by the staff role (auth group) the procedure asks of them.
OFFICER_COLUMNS: dict[str, tuple[str, str]] = {
    "stage1_responder": ("", "Stage 1 responder"),
    "investigating_officer": (StaffRole.INVESTIGATING_OFFICER, "Investigating Officer"),
    "independent_person": (StaffRole.INDEPENDENT_PERSON, "Independent Person"),
    "adjudicator": (StaffRole.ADJUDICATING_OFFICER, "adjudicating officer"),
    "panel_chair": (StaffRole.PANEL_CHAIR, "panel chair"),
}


def check_row(row: Row, *, today: date, users: dict[str, Any], known: set[str]) -> list[str]:
    """Everything about one row that can be checked without recording it: values, dates, the
    order of the dates, the people named, and the columns its status needs. Rules that need
    the case itself (the Stage 2 Independent Person never on the panel, a late report's reason)
    are left to the actions, which say them in their own words."""
    errors: list[str] = []

    def bad(message: str) -> None:
        errors.append(f"line {row.line}: {message}")

    reference = row.text("reference")
    if not reference:
        bad("the reference is missing")
    elif len(reference) > 20:
        bad(f"the reference '{reference}' is longer than 20 characters")
    elif reference in known:
        bad(f"the reference '{reference}' is already in Heard or earlier in the file")
    if row.status not in NEEDS:
        bad(f"status '{row.status}' is not one Heard imports; use one of " + ", ".join(NEEDS))
    if row.text("channel") not in Channel.values:
        bad(f"channel '{row.text('channel')}' is not one of " + ", ".join(Channel.values))
    if not row.text("summary"):
        bad("the summary is missing")

    for column in DATE_COLUMNS:
        value = row.text(column)
        if not value:
            continue
        day = _parse_date(value)
        if day is None:
            bad(f"{column} '{value}' is not a date (write it as 2026-03-14)")
        elif day > today and column != "panel_meeting_on":
            bad(f"{column} {day.isoformat()} is in the future")
        else:
            row.dates[column] = day
    previous: tuple[str, date] | None = None
    for column in DATE_CHAIN:
        day = row.dates.get(column)
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            bad(
                f"dates out of order: {column} {day.isoformat()} is before "
                f"{previous[0]} {previous[1].isoformat()}"
            )
        previous = (column, day)

    complainants = _complainants(row)
    if not complainants:
        bad("name at least one complainant, as 'Name:relationship'")
    for person in complainants:
        if not person.name or person.relationship not in Relationship.values:
            bad(
                f"complainant '{person.name}:{person.relationship}' needs a name and one of "
                + ", ".join(Relationship.values)
            )
    for child in _children(row):
        if not child.name:
            bad("a child in 'children' has no name")
    route = row.text("route")
    if route and route not in ROUTES:
        bad(f"route '{route}' is not one of " + ", ".join(ROUTES))
    if bool(route) != bool(row.text("classified_on")):
        bad("give the route and classified_on together: the decision and its date")
    function = row.text("children_act_function")
    if function and function not in SpecifiedFunction.values:
        bad(
            f"children_act_function '{function}' is not one of "
            + ", ".join(SpecifiedFunction.values)
        )
    findings = _split(row.text("findings"))
    for outcome in findings:
        if outcome not in Finding.values:
            bad(f"finding '{outcome}' is not one of " + ", ".join(Finding.values))
    if findings and len(findings) != len(_points(row)):
        bad(f"{len(findings)} findings for {len(_points(row))} points: give one for each point")
    for point in _points(row):
        if not point.text or not point.desired_outcomes:
            bad("each point needs what it is and the outcome wanted, as 'point | outcome'")

    for column, (group, label) in OFFICER_COLUMNS.items():
        username = row.text(column)
        if username:
            row.people[column] = _officer(username, group, label, users, bad)
    members = [
        _officer(name, StaffRole.PANEL_MEMBER, "panel member", users, bad)
        for name in _split(row.text("panel_members"))
    ]
    row.people["panel_members"] = members
    if row.text("panel_members") and len(members) != 2:
        bad("a panel is the chair and two members: name two panel_members")

    if row.status in NEEDS:
        needed = list(NEEDS[row.status])
        if row.status not in (Status.INTAKE, Status.CLOSED, Status.STAGE1_OPEN):
            if ROUTES.get(route) == Route.STATUTORY and "investigating_officer" in needed:
                needed.append("independent_person")
            if ROUTES.get(route) == Route.STATUTORY and "adjudicator" in needed:
                needed.append("ip_report_on")
        if ROUTES.get(route) == Route.STATUTORY and "route" in needed:
            needed.append("children_act_function")
        missing = [c for c in needed if not row.text(c)]
        if missing:
            label = Status(row.status).label.lower()
            bad(f"a case at '{label}' needs " + ", ".join(missing))
        later = _later_columns(row.status)
        given = [c for c in later if row.text(c)]
        if given:
            bad(
                f"status '{row.status}' is before the steps in " + ", ".join(given) + ": "
                "correct the status or remove those values"
            )
    return errors


# The date that moves a case into each status. A row whose status is earlier than one of these
# dates contradicts itself; the other columns of a stage may be given while it runs.
MILESTONES: dict[str, str] = {
    Status.STAGE1_OPEN: "classified_on",
    Status.STAGE1_RESPONDED: "stage1_response_on",
    Status.STAGE2_REQUESTED: "stage2_requested_on",
    Status.STAGE2_SETUP: "stage2_accepted_on",
    Status.STAGE2_INVESTIGATION: "investigation_started_on",
    Status.STAGE2_ADJUDICATION: "report_final_on",
    Status.STAGE2_COMPLETE: "adjudication_letter_on",
    Status.STAGE3_REQUESTED: "stage3_requested_on",
    Status.STAGE3_PANEL: "stage3_accepted_on",
    Status.STAGE3_REPORT: "panel_met_on",
    Status.STAGE3_RESPONSE: "panel_report_on",
    Status.STAGE3_COMPLETE: "council_response_on",
}


def _later_columns(status: str) -> list[str]:
    """The dates of steps that would take a case beyond ``status``. A case still being
    recorded may have been classified; a closed one may have been at Stage 1; a Stage 1
    response is optional on the way to Stage 2 (Stage 2 may be asked for once it is late)."""
    order = list(MILESTONES)
    if status == Status.INTAKE:
        after = order[1:]
    elif status == Status.CLOSED:
        after = order[order.index(Status.STAGE2_REQUESTED) :]
    else:
        after = order[order.index(status) + 1 :]
    return [MILESTONES[s] for s in after if MILESTONES[s] != "stage1_response_on"]


def _officer(
    username: str, group: str, label: str, users: dict[str, Any], bad: Callable[[str], None]
) -> Any:
    user = users.get(username)
    if user is None:
        bad(f"no user '{username}' in Heard (named as {label})")
        return None
    if group and not has_role(user, group):
        bad(f"'{username}' is not an {label} in Heard" if label[0] in "aeiouAEIOU"
            else f"'{username}' is not a {label} in Heard")  # fmt: skip
    return user


# --------------------------------------------------------------------------------------------
# Replaying a row through the actions


def _replay(row: Row, *, by: Any) -> Complaint:
    """Record the case step by step, each with its date and as the person who did it."""
    d = row.dates
    route = ROUTES.get(row.text("route"), "")
    statutory = route == Route.STATUTORY
    complaint = intake.record_complaint(
        by=by,
        received_on=d["received_on"],
        channel=row.text("channel"),
        summary=row.text("summary"),
        team=row.text("team"),
        complainants=_complainants(row),
        children=_children(row),
    )
    Complaint.objects.filter(pk=complaint.pk).update(reference=row.text("reference"))
    record_event(
        complaint.pk,
        "complaint.imported",
        f"Imported from the previous case system as {row.text('reference')} "
        f"(line {row.line} of the import file)",
        by=by,
        to_state=complaint.status,
        details={"reference": row.text("reference"), "line": row.line},
    )
    complaint.refresh_from_db()
    refresh_search(complaint)  # found by the reference the council already uses
    if "acknowledged_on" in d:
        intake.acknowledge(complaint, by=by, acknowledged_on=d["acknowledged_on"])
    if "advocacy_offered_on" in d:
        advocate = row.text("advocate")
        intake.record_advocacy(
            complaint,
            by=by,
            offered_on=d["advocacy_offered_on"],
            response=row.text("advocacy_response") or ("accepted" if advocate else "declined"),
            advocate_name=advocate,
        )
    if route:
        classified = d["classified_on"]
        intake.classify(
            complaint,
            by=by,
            route=route,
            reason=row.text("route_reason"),
            specified_function=row.text("children_act_function") if statutory else "",
            on=classified,
        )
    if "classified_on" in d and row.status != Status.INTAKE and route != Route.OTHER:
        _stage1(complaint, row, by=by)
    if row.status == Status.CLOSED:
        intake.close(
            complaint,
            by=by,
            reason=row.text("closed_reason"),
            on=d["closed_on"],
        )
        return complaint
    if "stage2_requested_on" not in d:
        return complaint
    _stage2(complaint, row, by=by, statutory=statutory)
    if "stage3_requested_on" in d:
        _stage3(complaint, row, by=by)
    return complaint


def _stage1(complaint: Complaint, row: Row, *, by: Any) -> None:
    """Stage 1 starts, and its responder is assigned, on the day the case was classified; its
    clock runs from receipt whatever that day."""
    d = row.dates
    classified = d["classified_on"]
    stage1.start_stage1(complaint, by=by)
    if responder := row.people.get("stage1_responder"):
        stage1.assign_responder(complaint, by=by, responder=responder, on=classified)
    if "stage1_extended_on" in d and "stage1_extended_to" in d:
        stage1.extend_stage1(
            complaint,
            by=by,
            reason="complex",
            detail=row.text("delay_reason") or IMPORTED,
            new_due_on=d["stage1_extended_to"],
            letter_sent_on=d["stage1_extended_on"],
            on=d["stage1_extended_on"],
        )
    if "stage1_response_on" in d:
        stage1.record_stage1_response(
            complaint,
            by=by,
            sent_on=d["stage1_response_on"],
            resolved=False,
            summary=f"Stage 1 response sent on {long_date(d['stage1_response_on'])}. {IMPORTED}.",
        )


def _stage2(complaint: Complaint, row: Row, *, by: Any, statutory: bool) -> None:
    d, people = row.dates, row.people
    request_by = getattr(getattr(complaint, "stage1", None), "stage2_request_by", None)
    late = request_by is not None and d["stage2_requested_on"] > request_by
    stage2.request_stage2(
        complaint,
        by=by,
        requested_on=d["stage2_requested_on"],
        channel=row.text("channel"),
        details=IMPORTED,
        late_reasons=row.text("delay_reason") if late else "",
    )
    if "stage2_accepted_on" not in d:
        return
    stage2.accept_stage2(complaint, by=by, accepted_on=d["stage2_accepted_on"])
    appointed = d.get("investigators_appointed_on")
    if appointed is None:
        return
    for column, role in (
        ("investigating_officer", AppointmentRole.INVESTIGATING_OFFICER),
        ("independent_person", AppointmentRole.INDEPENDENT_PERSON),
    ):
        if people.get(column) is not None:
            _appoint(complaint, by=by, person=people[column], role=role, on=appointed)
    if "investigation_started_on" not in d:
        return
    stage2.start_investigation(complaint, by=by, on=d["investigation_started_on"])
    io_user = people["investigating_officer"]
    if "first_contact_on" in d:
        stage2.record_first_contact(complaint, by=io_user, contacted_on=d["first_contact_on"])
    if "statement_agreed_on" not in d:
        return
    stage2.save_statement(complaint, by=io_user, based_on_version=0, points=_points(row))
    stage2.agree_statement(
        complaint,
        by=io_user,
        agreed_on=d["statement_agreed_on"],
        how=IMPORTED,
    )
    if "findings" not in row.values or not row.text("findings"):
        return
    for point, outcome in zip(
        complaint.points.order_by("number"), _split(row.text("findings")), strict=True
    ):
        decisions.record_finding(
            complaint, by=io_user, point=point, outcome=outcome, reasons=IMPORTED
        )
    if "fact_check_sent_on" not in d:
        return
    decisions.send_fact_check(complaint, by=io_user, sent_on=d["fact_check_sent_on"])
    if "fact_check_returned_on" not in d:
        return
    decisions.return_fact_check(
        complaint, by=by, returned_on=d["fact_check_returned_on"], comments=IMPORTED
    )
    if "report_final_on" not in d:
        return
    decisions.finalise_report(
        complaint, by=io_user, final_on=d["report_final_on"], summary=IMPORTED
    )
    if "adjudicator_appointed_on" in d and people.get("adjudicator") is not None:
        _appoint(
            complaint,
            by=by,
            person=people["adjudicator"],
            role=AppointmentRole.ADJUDICATOR,
            on=d["adjudicator_appointed_on"],
        )
    ip_user = people.get("independent_person")
    if "ip_report_on" in d and ip_user is not None:
        for point in complaint.points.order_by("number"):
            decisions.record_ip_view(complaint, by=ip_user, point=point, agrees=True, comments="")
        decisions.submit_ip_report(
            complaint,
            by=ip_user,
            fair_and_complete=True,
            concerns="",
            submitted_on=d["ip_report_on"],
        )
    if "adjudicated_on" not in d:
        return
    adjudicator = people["adjudicator"]
    decisions.adjudicate(
        complaint,
        by=adjudicator,
        findings=[
            decisions.FindingDecision(p.number, True, IMPORTED)
            for p in complaint.points.order_by("number")
        ],
        recommendations=[],
        on=d["adjudicated_on"],
    )
    if "adjudication_letter_on" in d:
        decisions.send_adjudication_letter(
            complaint, by=adjudicator, sent_on=d["adjudication_letter_on"]
        )


def _stage3(complaint: Complaint, row: Row, *, by: Any) -> None:
    d, people = row.dates, row.people
    delay = row.text("delay_reason")
    stage3.request_stage3(
        complaint,
        by=by,
        requested_on=d["stage3_requested_on"],
        channel=row.text("channel"),
        what_remains=IMPORTED,
    )
    if "stage3_accepted_on" not in d:
        return
    late_request = complaint.stage3.request_was_late
    stage3.accept_stage3(
        complaint,
        by=by,
        accepted_on=d["stage3_accepted_on"],
        late_decision_reasons=delay if late_request else "",
    )
    appointed = d.get("panel_appointed_on")
    if appointed is not None:
        panel = [(people.get("panel_chair"), AppointmentRole.PANEL_CHAIR)] + [
            (member, AppointmentRole.PANEL_MEMBER) for member in people.get("panel_members", [])
        ]
        for person, role in panel:
            if person is not None:
                _appoint(complaint, by=by, person=person, role=role, on=appointed)
    meeting = d.get("panel_meeting_on")
    if meeting is None:
        return
    scheduled = appointed or d["stage3_accepted_on"]
    stage3.schedule_panel(
        complaint,
        by=by,
        meeting_on=meeting,
        meeting_place=IMPORTED,
        complainant_availability=IMPORTED,
        **_if_late(meeting, complaint.stage3.panel_due_on, delay, letter_on=scheduled),
    )
    if "panel_met_on" not in d:
        return
    stage3.record_submission(
        complaint,
        by=by,
        source=SubmissionSource.COUNCIL,
        name="The council",
        received_on=scheduled,
        oral=False,
        summary=IMPORTED,
    )
    met = d["panel_met_on"]
    stage3.hold_panel(
        complaint,
        by=by,
        met_on=met,
        **_if_late(met, complaint.stage3.panel_due_on, delay, letter_on=met),
    )
    if "panel_report_on" not in d:
        return
    sent = d["panel_report_on"]
    complaint.stage3.refresh_from_db()
    stage3.issue_panel_report(
        complaint,
        by=by,
        summary_of_representations=IMPORTED,
        sent_on=sent,
        circulation=_circulation(complaint),
        no_recommendations=True,
        **_if_late(sent, complaint.stage3.report_due_on, delay, letter_on=sent),
    )
    if "council_response_on" not in d:
        return
    response = d["council_response_on"]
    complaint.stage3.refresh_from_db()
    stage3.respond_to_panel(
        complaint,
        by=by,
        ip_participation=IMPORTED,
        recommendations=[],
        ombudsman_information_given=True,
        response_sent_on=response,
        **_if_late(response, complaint.stage3.response_due_on, delay, letter_on=response),
    )


def _circulation(complaint: Complaint) -> list[stage3.Recipient]:
    """Everyone regulation 20 names: the council, each complainant, the advocate, the Stage 2
    Independent Person (as the action checks)."""
    recipients = [stage3.Recipient(CirculationKind.COUNCIL, "The council")]
    recipients += [
        stage3.Recipient(CirculationKind.COMPLAINANT, person.name)
        for person in complaint.complainants.all()
    ]
    if complaint.advocate_name:
        recipients.append(stage3.Recipient(CirculationKind.ADVOCATE, complaint.advocate_name))
    ip = stage3.stage2_independent_person(complaint)
    if ip is not None:
        recipients.append(stage3.Recipient(CirculationKind.STAGE2_IP, str(ip.person)))
    return recipients


def _appoint(complaint: Complaint, *, by: Any, person: Any, role: str, on: date) -> None:
    """An appointment the council made earlier: it attests independence as the appointment
    form asks, and any former-staff warning was considered when the person was appointed."""
    appointments.appoint(
        complaint,
        by=by,
        person=person,
        role=role,
        conflict_declaration=IMPORTED,
        attested_not_council=True,
        attested_not_spouse=True,
        former_staff_warning_acknowledged=True,
        on=on,
    )


# --------------------------------------------------------------------------------------------
# The whole file


def default_importer() -> Any:
    """The complaints manager the steps are recorded as when ``--by`` is not given: the only
    active one; with none or several, the importer must be named."""
    managers = [
        user
        for user in get_user_model().objects.filter(is_active=True).order_by("username")
        if has_role(user, StaffRole.COMPLAINTS_MANAGER)
    ]
    if len(managers) != 1:
        raise ImportFailed(
            [
                "name the complaints manager to record the steps as, with --by USERNAME "
                f"({len(managers)} complaints managers in Heard)"
            ]
        )
    return managers[0]


def import_cases(
    text: str, *, by: Any, dry_run: bool = False, today: date | None = None
) -> Imported:
    """Check every row, then record them all in one transaction, or nothing at all.

    Raises ``ImportFailed`` with one message per problem, each starting ``line N:``."""
    if not has_role(by, StaffRole.COMPLAINTS_MANAGER):
        raise ImportFailed([f"'{by.get_username()}' is not a complaints manager"])
    today = today or timezone.localdate()
    rows, errors = read_rows(text)
    if errors:
        raise ImportFailed(errors)
    users = _users_named(rows)
    known = set(
        Complaint.objects.filter(reference__in=[r.text("reference") for r in rows]).values_list(
            "reference", flat=True
        )
    )
    for row in rows:
        errors += check_row(row, today=today, users=users, known=known)
        known.add(row.text("reference"))
    if not rows:
        errors.append("line 2: the file has no cases")
    if errors:
        raise ImportFailed(errors)

    complaints: list[Complaint] = []
    with transaction.atomic():
        for row in rows:
            try:
                # Another system's history: its letters went from there, so none is drafted.
                with transaction.atomic(), recording_history():
                    complaint = _replay(row, by=by)
                    complaint.refresh_from_db()
                    if complaint.status != row.status:
                        raise Refused(
                            f"the dates given bring the case to "
                            f"'{Status(complaint.status).label.lower()}', not "
                            f"'{Status(row.status).label.lower()}' as its status says"
                        )
            except (Refused, NotAllowed, OutsideCalendar) as refusal:
                message = getattr(refusal, "message", None) or str(refusal)
                errors.append(f"line {row.line}: {message[0].lower()}{message[1:]}")
                continue
            complaints.append(complaint)
        if errors:
            transaction.set_rollback(True)
        elif dry_run:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(errors)
    return Imported(complaints, dry_run=dry_run)


def _users_named(rows: Iterable[Row]) -> dict[str, Any]:
    names: set[str] = set()
    for row in rows:
        names.update(row.text(column) for column in OFFICER_COLUMNS)
        names.update(_split(row.text("panel_members")))
    names.discard("")
    return {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}


def _if_late(day: date, due_on: date | None, delay: str, *, letter_on: date) -> dict[str, Any]:
    """A Stage 3 step's delay arguments: the file's reason and the delay letter's date when
    ``day`` is after the deadline the procedure set (none set: not late), else nothing."""
    late = due_on is not None and day > due_on
    return {
        "late_reason": delay if late else "",
        "letter_sent_on": letter_on if late and delay else None,
    }
