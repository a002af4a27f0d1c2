"""The roster pages: the list with its filters, and one officer's page.

Only the complaints team may see them (404 for everyone else). Dates that the page judges
against today (DBS expiry, unavailability) are set relative to today.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import appointments
from heard.complaints.actions.time import record_time
from heard.complaints.models import Appointment
from heard.complaints.models.choices import AppointmentRole, Status
from heard.people.models import Theme, User
from heard.people.roles import StaffRole
from heard.timescales.dates import long_date
from tests.complaints.helpers import stage2_accepted, stage2_investigating
from tests.complaints.step_pages import page_text, text
from tests.people.helpers import away, roster_person, stage3_panel
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db

ROSTER = reverse("roster:roster")


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def _get(client: Client, user: User, url: str = ROSTER, **query: Any) -> Any:
    client.force_login(user)
    response = client.get(url, query)
    assert response.status_code == 200
    return response


def row(response: Any, name: str) -> str:
    """The text of the table row whose first cell is ``name``."""
    for chunk in re.findall(
        r"<tr class=\"govuk-table__row\">.*?</tr>", response.content.decode(), re.S
    ):
        if f">{name}</a>" in chunk:
            return text(chunk)
    raise AssertionError(f"no row for {name}")


def names(response: Any) -> list[str]:
    return re.findall(
        r'<a class="govuk-link" href="/roster/\d+/">([^<]+)</a>', response.content.decode()
    )


def test_only_the_complaints_team_sees_the_roster(client: Client, p: Personas) -> None:
    officer_url = reverse("roster:officer", args=[p.io.roster_entry.pk])
    for user in (p.manager, p.officer):
        _get(client, user)
        _get(client, user, officer_url)
    for user in (p.io, p.ip, p.chair, p.adjudicator, p.outsider):
        client.force_login(user)
        assert client.get(ROSTER).status_code == 404
        assert client.get(officer_url).status_code == 404
    # The export for providers' invoices is the Complaints Manager's, and linked for them only.
    invoices = reverse("roster:invoices")
    assert f'href="{invoices}"' in _get(client, p.manager).content.decode()
    assert f'href="{invoices}"' not in _get(client, p.officer).content.decode()
    client.logout()
    assert client.get(ROSTER).status_code == 302
    assert client.get(ROSTER, {}, follow=False)["Location"].startswith(reverse("login"))


def test_each_row_shows_roles_provider_skills_dbs_caseload_and_absence(
    client: Client, p: Personas
) -> None:
    today = timezone.localdate()
    roster_person(
        "fiona",
        StaffRole.INVESTIGATING_OFFICER,
        StaffRole.INDEPENDENT_PERSON,
        last_name="Fraser",
        provider="Avocet Reviews",
        skills=["Fostering", "Contact"],
        dbs_expires_on=today - timedelta(days=1),
        max_concurrent_cases=4,
    )
    roster_person(
        "sam", StaffRole.PANEL_MEMBER, last_name="Soon", dbs_expires_on=today + timedelta(days=60)
    )
    roster_person(
        "lou", StaffRole.PANEL_MEMBER, last_name="Later", dbs_expires_on=today + timedelta(days=61)
    )
    away(p.member, today - timedelta(days=2), today + timedelta(days=5), "Annual leave")
    stage2_investigating(p)
    stage2_investigating(p)  # the IO and IP are appointed to two open complaints

    page = _get(client, p.manager)
    fiona = row(page, "Fiona Fraser")
    assert "Investigating Officer Independent Person" in fiona
    assert "Avocet Reviews" in fiona and "Contact, Fostering" in fiona
    assert "Expired" in fiona and "0 of 4" in fiona
    assert 'govuk-tag govuk-tag--red">Expired' in page.content.decode()
    assert 'govuk-tag govuk-tag--yellow">Expires soon' in page.content.decode()
    assert "Expires soon" in row(page, "Sam Soon")
    assert "Expire" not in row(page, "Lou Later")
    assert "2 of 3" in row(page, "Io Tester") and "2 of 3" in row(page, "Ip Tester")
    back = long_date(today + timedelta(days=5))
    assert row(page, "Member Tester").endswith(f"0 of 3 Until {back} (Annual leave)")
    assert row(page, "Member2 Tester").endswith("0 of 3 No")
    assert "Stage 3 panel chair" in row(page, "Chair Tester")


def test_the_caseload_counts_only_current_appointments_on_open_complaints(
    client: Client, p: Personas
) -> None:
    first = stage2_investigating(p)
    second = stage2_investigating(p)
    stage2_investigating(p)  # the IO and IP hold three open complaints each
    assert "3 of 3" in row(_get(client, p.manager), "Io Tester")

    # One complaint is closed (the appointments stand, but take up no time), and the IP stood
    # down from another. A filtered list and the officer's page count the same way.
    type(second).objects.filter(pk=second.pk).update(status=Status.CLOSED)
    Appointment.objects.filter(complaint=first, person=p.ip).update(ended_on=timezone.localdate())
    page = _get(client, p.manager)
    assert "2 of 3" in row(page, "Io Tester") and "1 of 3" in row(page, "Ip Tester")
    filtered = _get(client, p.manager, role=StaffRole.INDEPENDENT_PERSON, available_today="on")
    assert "1 of 3" in row(filtered, "Ip Tester")
    officer_url = reverse("roster:officer", args=[p.ip.roster_entry.pk])
    assert "1 of 3" in page_text(_get(client, p.manager, officer_url))


def test_the_filters(client: Client, p: Personas) -> None:
    today = timezone.localdate()
    roster_person(
        "fiona",
        StaffRole.INDEPENDENT_PERSON,
        last_name="Fraser",
        provider="Avocet Reviews",
        skills=["Fostering"],
    )
    roster_person(
        "old", StaffRole.PANEL_MEMBER, last_name="Check", dbs_expires_on=today + timedelta(days=30)
    )
    away(p.member, today, today)
    everyone = names(_get(client, p.manager))
    assert len(everyone) == 9

    assert names(_get(client, p.manager, role=StaffRole.PANEL_CHAIR)) == ["Chair Tester"]
    assert names(_get(client, p.manager, role=StaffRole.INDEPENDENT_PERSON)) == [
        "Fiona Fraser",
        "Ip Tester",
    ]
    fostering = Theme.objects.get(name="Fostering")
    assert names(_get(client, p.manager, skill=fostering.pk)) == ["Fiona Fraser"]
    assert names(_get(client, p.manager, provider="Avocet Reviews")) == ["Fiona Fraser"]
    assert names(_get(client, p.manager, dbs_due="on")) == ["Old Check"]
    available = names(_get(client, p.manager, available_today="on"))
    assert "Member Tester" not in available and len(available) == 8
    both = _get(client, p.manager, role=StaffRole.PANEL_MEMBER, dbs_due="on")
    assert names(both) == ["Old Check"]
    assert "1 person matches these filters" in page_text(both)

    wrong = _get(client, p.manager, role="tea_maker")
    assert "Choose a role from the list" in page_text(wrong)
    nobody = _get(client, p.manager, provider="Avocet Reviews", role=StaffRole.PANEL_CHAIR)
    assert "No one on the roster matches these filters." in page_text(nobody)


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(ROSTER)
    assert response.status_code == 200
    return len(captured)


def _add(start: int, count: int) -> None:
    today = timezone.localdate()
    for i in range(start, start + count):
        person = roster_person(
            f"extra_{i}",
            StaffRole.PANEL_MEMBER,
            StaffRole.INDEPENDENT_PERSON,
            skills=["Contact", "Placement", "Fostering"][: i % 4],
        )
        if i % 3 == 0:
            away(person, today, today + timedelta(days=3))


def test_the_list_asks_the_database_the_same_for_3_or_30_officers(
    client: Client, p: Personas
) -> None:
    User.objects.exclude(pk=p.manager.pk).filter(roster_entry__isnull=False).delete()
    client.force_login(p.manager)
    _add(0, 3)
    stage2_accepted(p)
    few = _list_queries(client)
    _add(3, 27)
    assert len(names(client.get(ROSTER))) == 30
    assert _list_queries(client) == few


def test_the_list_is_paged_fifty_at_a_time_and_counts_everyone(client: Client, p: Personas) -> None:
    User.objects.exclude(pk=p.manager.pk).filter(roster_entry__isnull=False).delete()
    _add(0, 55)
    first = _get(client, p.manager)
    assert len(names(first)) == 50
    assert "55 people on the roster" in page_text(first)
    second = _get(client, p.manager, page=2)
    assert len(names(second)) == 5
    assert set(names(first)).isdisjoint(names(second))
    assert 'aria-label="Page 2"' in first.content.decode()


def _appoint(complaint: Any, p: Personas, person: User, role: str) -> Appointment:
    return appointments.appoint(
        complaint,
        by=p.manager,
        person=person,
        role=role,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
        former_staff_warning_acknowledged=True,
    )


def test_one_officers_page(client: Client, p: Personas) -> None:
    today = timezone.localdate()
    person = roster_person(
        "fiona",
        StaffRole.INDEPENDENT_PERSON,
        StaffRole.PANEL_MEMBER,
        last_name="Fraser",
        provider="Avocet Reviews",
        left_council_on=today - timedelta(days=800),
        skills=["Fostering"],
        dbs_expires_on=today + timedelta(days=10),
        hourly_rate=Decimal("55.00"),
        phone="01234 567890",
    )
    away(person, today + timedelta(days=20), today + timedelta(days=27), "Holiday")
    past = stage3_panel(p)
    appointment = _appoint(past, p, person, AppointmentRole.PANEL_MEMBER)
    record_time(
        past,
        by=person,
        appointment=appointment,
        worked_on=today,
        hours=Decimal("2"),
        fee=None,
        description="Read the papers",
    )
    Appointment.objects.filter(pk=appointment.pk).update(ended_on=today)
    current = stage2_accepted(p)
    _appoint(current, p, person, AppointmentRole.INDEPENDENT_PERSON)

    page = _get(client, p.manager, reverse("roster:officer", args=[person.roster_entry.pk]))
    shown = page_text(page)
    assert "fiona@example.org" in shown and "01234 567890" in shown and "Avocet Reviews" in shown
    assert "Independent Person Stage 3 panel member" in shown
    assert "Skills Fostering" in shown
    assert "Expires soon" in shown and "£55.00" in shown
    assert "Left the council 2 years ago" in shown and "good practice is at least 3 years" in shown
    assert "Holiday Coming up" in shown
    html = page.content.decode()
    assert f'href="/cases/{current.pk}/">{current.reference}</a>' in html
    assert f'href="/cases/{past.pk}/">{past.reference}</a>' in html
    now_section = shown.split("Current appointments")[1].split("Past appointments")[0]
    assert current.reference in now_section and past.reference not in now_section
    assert "Read the papers" in shown and "£110.00" in shown
    assert "1 of 3" in shown


def test_the_administrator_keeps_the_roster_in_the_admin(client: Client, p: Personas) -> None:
    today = timezone.localdate()
    admin = User.objects.create_superuser("admin", password="a-long-test-password")
    roster_person("old", StaffRole.PANEL_CHAIR, last_name="Check", dbs_expires_on=today)
    client.force_login(admin)
    changelist = reverse("admin:people_independentofficer_changelist")
    listed = page_text(client.get(changelist))
    assert "Chair Tester" in listed and "Stage 3 panel member, Stage 3 panel chair" in listed
    due = page_text(client.get(changelist, {"dbs": "due"}))
    assert "Old Check" in due and "Chair Tester" not in due
    chairs = page_text(client.get(changelist, {"role": StaffRole.PANEL_CHAIR}))
    assert "Old Check" in chairs and "Io Tester" not in chairs
    entry = reverse("admin:people_independentofficer_change", args=[p.io.roster_entry.pk])
    change = client.get(entry)
    assert change.status_code == 200
    assert "unavailable_periods-TOTAL_FORMS" in change.content.decode()  # the inline
    assert client.get(reverse("admin:people_theme_changelist")).status_code == 200
    person = client.get(reverse("admin:people_user_change", args=[p.io.pk])).content.decode()
    assert 'name="left_council_on"' in person and 'name="organisation"' in person
