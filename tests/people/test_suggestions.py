"""Suggestions when the Complaints Manager appoints (people/suggestions.py), with real rows.

Each reason for leaving someone out is shown on its own, then the ranking: most skills
matching the complaint's themes, then the lightest caseload, then by name. The day is passed
in (``on``), so nothing here depends on today's date.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.complaints.actions import appointments
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.complaints.suggestions import shortlist, suggest
from heard.decisions import actions as decisions
from heard.people.models import IndependentOfficer, User
from heard.people.roles import StaffRole
from tests.complaints.helpers import adjudicated, stage2_accepted, statement_agreed
from tests.people.helpers import (
    away,
    panel_appointment,
    roster_person,
    set_point_themes,
    stage3_panel,
)
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 16)  # a Monday
IP = AppointmentRole.INDEPENDENT_PERSON
IO = AppointmentRole.INVESTIGATING_OFFICER
MEMBER = AppointmentRole.PANEL_MEMBER
CHAIR = AppointmentRole.PANEL_CHAIR


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def names(people: list) -> list[str]:
    return [entry.person.username for entry in people]


def reasons_for(complaint: Complaint, role: str, username: str, on: date = ON) -> list[str]:
    found = shortlist(complaint, role, on=on)
    left = [o for o in found.left_out if o.person.username == username]
    assert left, f"{username} was suggested: {names(found.suggested)}"
    return left[0].sentences


# -- who is considered ------------------------------------------------------------------


def test_only_active_people_holding_the_role_are_considered(p: Personas) -> None:
    complaint = stage2_accepted(p)
    roster_person("second_ip", StaffRole.INDEPENDENT_PERSON)
    left = roster_person("left_ip", StaffRole.INDEPENDENT_PERSON)
    User.objects.filter(pk=left.pk).update(is_active=False)
    assert names(suggest(complaint, IP, on=ON)) == ["ip", "second_ip"]
    assert names(suggest(complaint, IO, on=ON)) == ["io", "other_io"]
    assert names(suggest(complaint, CHAIR, on=ON)) == ["chair"]


def test_a_role_without_a_roster_is_not_suggested(p: Personas) -> None:
    with pytest.raises(ValueError, match="no roster"):
        shortlist(stage2_accepted(p), AppointmentRole.ADJUDICATOR, on=ON)


# -- each reason to leave someone out -----------------------------------------------------


def test_the_stage2_independent_person_is_never_suggested_for_the_panel(p: Personas) -> None:
    complaint = stage3_panel(p)
    p.ip.groups.add(*p.chair.groups.all())  # the IP is also on the panel lists
    for role in (MEMBER, CHAIR):
        assert "ip" not in names(suggest(complaint, role, on=ON))
        # Their appointment ended with Stage 2 (the Stage 3 request is written directly here).
        assert reasons_for(complaint, role, "ip") == [
            "Was the Independent Person on this complaint"
        ]


def test_someone_stood_down_is_not_suggested_again(p: Personas) -> None:
    complaint = stage3_panel(p)
    appointment = panel_appointment(complaint, p, p.member, MEMBER)
    appointments.stand_down(
        complaint, by=p.manager, appointment=appointment, reason="Knew the family"
    )
    assert "member" not in names(suggest(complaint, MEMBER, on=ON))
    assert reasons_for(complaint, MEMBER, "member") == [
        "Was the Stage 3 panel member on this complaint (stood down)"
    ]


def test_council_members_and_officers_are_left_out_of_the_independent_roles_only(
    p: Personas,
) -> None:
    complaint = stage2_accepted(p)
    roster_person(
        "in_house", StaffRole.INVESTIGATING_OFFICER, StaffRole.INDEPENDENT_PERSON, council=True
    )
    assert "in_house" in names(suggest(complaint, IO, on=ON))
    assert reasons_for(complaint, IP, "in_house") == [
        "A member or officer of the council, so not independent"
    ]


def test_someone_holding_the_role_but_not_on_the_roster_is_left_out(p: Personas) -> None:
    complaint = stage2_accepted(p)
    roster_person("unlisted", StaffRole.INDEPENDENT_PERSON, on_roster=False)
    assert reasons_for(complaint, IP, "unlisted") == ["Not on the roster of independent officers"]


def test_a_dbs_check_must_be_in_date_on_the_day(p: Personas) -> None:
    complaint = stage2_accepted(p)
    roster_person("expired", StaffRole.INDEPENDENT_PERSON, dbs_expires_on=date(2026, 11, 15))
    roster_person("last_day", StaffRole.INDEPENDENT_PERSON, dbs_expires_on=ON)
    roster_person("soon", StaffRole.INDEPENDENT_PERSON, dbs_expires_on=date(2027, 1, 10))
    missing = roster_person("missing", StaffRole.INDEPENDENT_PERSON)
    IndependentOfficer.objects.filter(person=missing).update(dbs_expires_on=None)

    assert reasons_for(complaint, IP, "expired") == ["DBS check expired on Sunday 15 November 2026"]
    assert reasons_for(complaint, IP, "missing") == ["No DBS check recorded on the roster"]
    found = {s.person.username: s for s in suggest(complaint, IP, on=ON)}
    assert "last_day" in found
    # Expiring within 60 days: suggested, with a warning so it can be renewed in time.
    assert "DBS check expires on Sunday 10 January 2027" in found["soon"].warnings
    assert found["ip"].warnings == ()


def test_someone_unavailable_on_the_day_is_left_out(p: Personas) -> None:
    complaint = stage2_accepted(p)
    away(roster_person("on_leave", StaffRole.INDEPENDENT_PERSON), date(2026, 11, 9), ON)
    back_today = roster_person("back_today", StaffRole.INDEPENDENT_PERSON)
    away(back_today, date(2026, 11, 2), date(2026, 11, 15))
    leaving = roster_person("leaving_tomorrow", StaffRole.INDEPENDENT_PERSON)
    away(leaving, date(2026, 11, 17), date(2026, 12, 1))

    assert reasons_for(complaint, IP, "on_leave") == [
        "Unavailable from Monday 9 November 2026 to Monday 16 November 2026 (Annual leave)"
    ]
    suggested = names(suggest(complaint, IP, on=ON))
    assert "back_today" in suggested and "leaving_tomorrow" in suggested


def test_for_a_panel_someone_away_on_the_meeting_date_is_left_out(p: Personas) -> None:
    complaint = stage3_panel(p, meeting_on=date(2026, 12, 2))
    away(p.member2, date(2026, 12, 1), date(2026, 12, 4), "Abroad")
    assert reasons_for(complaint, MEMBER, "member2") == [
        "Unavailable from Tuesday 1 December 2026 to Friday 4 December 2026 (Abroad), which "
        "covers the panel meeting on Wednesday 2 December 2026"
    ]
    # Not an Investigating Officer's concern: only panels have a meeting date.
    assert "member" in names(suggest(complaint, MEMBER, on=ON))


def test_someone_at_capacity_is_left_out_counting_only_current_appointments_on_open_complaints(
    p: Personas,
) -> None:
    busy = roster_person("busy", StaffRole.INDEPENDENT_PERSON, max_concurrent_cases=1)
    open_one = stage2_accepted(p)
    appointments.appoint(
        open_one,
        by=p.manager,
        person=busy,
        role=IP,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
    )
    complaint = stage2_accepted(p)
    assert reasons_for(complaint, IP, "busy") == ["At capacity: 1 of 1 complaints"]

    # The same person, and the Stage 2 investigators, once Stage 2 is complete: the
    # appointment stands but the complaint is no longer open, so it takes up no time.
    finished = adjudicated(p)
    decisions.send_adjudication_letter(finished, by=p.adjudicator, sent_on=date(2025, 10, 27))
    found = {s.person.username: s for s in suggest(complaint, IP, on=ON)}
    assert found["ip"].caseload == 0
    # An ended appointment on an open complaint takes up no time either.
    open_one.appointments.filter(person=busy).update(ended_on=date(2026, 11, 1))
    assert "busy" in names(suggest(complaint, IP, on=ON))


# -- ranking and reasons ------------------------------------------------------------------


def test_ranked_by_matching_skills_then_caseload_then_name(p: Personas) -> None:
    complaint = statement_agreed(p)  # two points; IO and IP appointed
    set_point_themes(complaint, ("Contact", "Fostering"), ("Communication",))
    roster_person("one_match", StaffRole.INDEPENDENT_PERSON, last_name="Able", skills=["Contact"])
    roster_person(
        "two_matches",
        StaffRole.INDEPENDENT_PERSON,
        last_name="Zed",
        skills=["Contact", "Communication", "Adoption"],
    )
    busier = roster_person(
        "busier", StaffRole.INDEPENDENT_PERSON, last_name="Aaron", skills=["Fostering"]
    )
    roster_person("no_match_b", StaffRole.INDEPENDENT_PERSON, last_name="Brown")
    roster_person("no_match_a", StaffRole.INDEPENDENT_PERSON, last_name="Adams")
    other = stage2_accepted(p)
    appointments.appoint(
        other,
        by=p.manager,
        person=busier,
        role=IP,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
    )

    ranked = suggest(complaint, IP, on=ON)
    assert names(ranked) == ["two_matches", "one_match", "busier", "no_match_a", "no_match_b"]
    best = ranked[0]
    assert best.matched_skills == ("Communication", "Contact")
    assert best.caseload_text == "0 of 3"
    assert best.reasons == ["Knows about Communication, Contact", "Caseload 0 of 3"]
    assert ranked[2].caseload_text == "1 of 3"
    assert ranked[3].reasons[0] == "No skills matching this complaint's themes"


def test_a_former_council_employee_is_suggested_with_a_warning(p: Personas) -> None:
    complaint = stage2_accepted(p)
    roster_person(
        "former",
        StaffRole.INDEPENDENT_PERSON,
        StaffRole.INVESTIGATING_OFFICER,
        left_council_on=date(2024, 9, 30),
    )
    roster_person("long_ago", StaffRole.INDEPENDENT_PERSON, left_council_on=date(2023, 11, 16))
    found = {s.person.username: s for s in suggest(complaint, IP, on=ON)}
    assert found["former"].warnings == (
        "Left the council 2 years ago (on Monday 30 September 2024): good practice is at "
        "least 3 years.",
    )
    assert "Left the council 2 years ago" in " ".join(found["former"].reasons)
    assert found["long_ago"].warnings == ()  # three years to the day
    # The three-year guidance is about independence, so it is not raised for an IO.
    assert {s.person.username: s for s in suggest(complaint, IO, on=ON)}["former"].warnings == ()


def test_the_summary_counts_who_was_left_out_and_why(p: Personas) -> None:
    complaint = stage2_accepted(p)
    roster_person("expired", StaffRole.INDEPENDENT_PERSON, dbs_expires_on=date(2026, 1, 1))
    away(roster_person("away", StaffRole.INDEPENDENT_PERSON), ON, ON)
    roster_person("full", StaffRole.INDEPENDENT_PERSON, max_concurrent_cases=0)
    roster_person("free", StaffRole.INDEPENDENT_PERSON)

    found = shortlist(complaint, IP, on=ON)
    assert found.holders == 5
    assert found.summary == (
        "5 people hold this role; 3 are not suggested: DBS expired (1), unavailable (1), "
        "at capacity (1)."
    )
    assert names(found.suggested) == ["free", "ip"]
    assert shortlist(complaint, CHAIR, on=ON).summary == (
        "1 person holds this role; all of them are suggested."
    )


# -- a fixed number of queries ------------------------------------------------------------


def _queries(complaint: Complaint, role: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        found = shortlist(complaint, role, on=ON)
        for entry in found.suggested:
            entry.reasons  # noqa: B018 - read everything the page reads
        for left in found.left_out:
            left.sentences  # noqa: B018
    return len(captured)


def _add_people(start: int, count: int) -> None:
    for i in range(start, start + count):
        person = roster_person(
            f"panel_{i}",
            StaffRole.PANEL_MEMBER,
            skills=["Contact", "Placement"][: i % 3],
            dbs_expires_on=date(2026, 1, 1) if i % 5 == 0 else date(2099, 1, 1),
        )
        if i % 4 == 0:
            away(person, ON, ON)


def test_suggestions_ask_the_database_the_same_however_many_people(p: Personas) -> None:
    complaint = stage3_panel(p, meeting_on=date(2026, 12, 2))
    _add_people(0, 3)
    few = _queries(complaint, MEMBER)
    _add_people(3, 27)
    assert shortlist(complaint, MEMBER, on=ON).holders == 34
    assert _queries(complaint, MEMBER) == few
