"""The monthly export of a provider's time and fees (/roster/invoices/), for the Complaints
Manager to check the provider's invoice: the choice of provider and month, the preview, the
CSV and its totals, and the record of who read it.

Entries are written directly with fixed dates so the month's edges can be tested; recording
them through the action is tested in test_time_and_fees.py.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from heard.audit.models import AccessRecord
from heard.complaints.models import Appointment, Complaint, TimeEntry
from heard.people.roles import StaffRole
from tests.complaints.helpers import stage2_investigating
from tests.complaints.step_pages import page_text
from tests.people.helpers import PROVIDER, roster_person
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db

PREVIEW = reverse("roster:invoices")
CSV = reverse("roster:invoices_csv")


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


def _entry(
    appointment: Appointment, by: Any, worked_on: date, hours: str, fee: str, what: str
) -> None:
    TimeEntry.objects.create(
        appointment=appointment,
        worked_on=worked_on,
        hours=Decimal(hours),
        fee=Decimal(fee),
        description=what,
        recorded_by=by,
    )


@pytest.fixture
def cases(p: Personas) -> tuple[Complaint, Complaint]:
    """Two complaints, each with the IO and IP of Independent Reviews Ltd; entries across
    the edges of November 2026."""
    first, second = stage2_investigating(p), stage2_investigating(p)
    io1 = first.appointments.get(person=p.io)
    ip1 = first.appointments.get(person=p.ip)
    io2 = second.appointments.get(person=p.io)
    _entry(io1, p.io, date(2026, 10, 31), "5", "300.00", "October: not this month")
    _entry(io1, p.io, date(2026, 11, 1), "3.5", "210.00", "Met the complainant")
    _entry(io2, p.io, date(2026, 11, 30), "2", "120.00", '=HYPERLINK("http://x")')
    _entry(ip1, p.ip, date(2026, 11, 12), "1.25", "62.50", "Read the file")
    _entry(io1, p.io, date(2026, 12, 1), "4", "240.00", "December: not this month")
    return first, second


def _csv_rows(client: Client, **query: str) -> list[list[str]]:
    response = client.get(CSV, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_only_the_complaints_manager_may_export(client: Client, p: Personas) -> None:
    query = {"provider": PROVIDER, "month": "2026-11"}
    client.force_login(p.officer)  # one of the team: told the page is not theirs
    assert client.get(PREVIEW, query).status_code == 403
    assert client.get(CSV, query).status_code == 403
    for user in (p.io, p.adjudicator, p.outsider):  # not the team: no such page
        client.force_login(user)
        assert client.get(PREVIEW, query).status_code == 404
        assert client.get(CSV, query).status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_csv_has_every_entry_in_the_month_and_a_total(
    client: Client, p: Personas, cases: tuple[Complaint, Complaint]
) -> None:
    first, second = cases
    client.force_login(p.manager)
    rows = _csv_rows(client, provider=PROVIDER, month="2026-11")
    io, ip = "Investigating Officer", "Independent Person"
    assert rows == [
        ["Provider", "Officer", "Complaint reference", "Role", "Date", "Hours", "Fee"]
        + ["Description"],
        [PROVIDER, "Io Tester", first.reference, io, "2026-11-01", "3.50", "210.00"]
        + ["Met the complainant"],
        # Text starting with "=" would run as a formula in a spreadsheet.
        [PROVIDER, "Io Tester", second.reference, io, "2026-11-30", "2.00", "120.00"]
        + ['\'=HYPERLINK("http://x")'],
        [PROVIDER, "Ip Tester", first.reference, ip, "2026-11-12", "1.25", "62.50"]
        + ["Read the file"],
        ["Total", "", "", "", "", "6.75", "392.50", ""],
    ]
    response = client.get(CSV, {"provider": PROVIDER, "month": "2026-11"})
    assert response["Content-Disposition"] == (
        'attachment; filename="time-and-fees-independent-reviews-ltd-2026-11.csv"'
    )


def test_another_providers_officers_are_left_out(
    client: Client, p: Personas, cases: tuple[Complaint, Complaint]
) -> None:
    first, second = cases
    avril = roster_person("avril", StaffRole.INVESTIGATING_OFFICER, provider="Avocet Reviews")
    # Test setup: the second complaint's IO is another provider's officer.
    Appointment.objects.filter(complaint=second, person=p.io).update(person=avril)
    client.force_login(p.manager)
    ours = _csv_rows(client, provider=PROVIDER, month="2026-11")
    assert [r[2] for r in ours[1:-1]] == [first.reference, first.reference]
    assert ours[-1] == ["Total", "", "", "", "", "4.75", "272.50", ""]
    theirs = _csv_rows(client, provider="Avocet Reviews", month="2026-11")
    assert theirs[1][:3] == ["Avocet Reviews", "Avril Tester", second.reference]
    assert theirs[-1][5:7] == ["2.00", "120.00"]
    empty = _csv_rows(client, provider=PROVIDER, month="2027-01")
    assert empty == [empty[0], ["Total", "", "", "", "", "0.00", "0.00", ""]]


def test_the_preview_shows_the_entries_totals_and_a_download_link(
    client: Client, p: Personas, cases: tuple[Complaint, Complaint]
) -> None:
    client.force_login(p.manager)
    roster_person("avril", StaffRole.INVESTIGATING_OFFICER, provider="Avocet Reviews")
    chooser = page_text(client.get(PREVIEW))
    assert "Provider Choose a provider Avocet Reviews Independent Reviews Ltd" in chooser
    assert "Month The year and month, for example 2026-11" in chooser

    response = client.get(PREVIEW, {"provider": PROVIDER, "month": "2026-11"})
    shown = page_text(response)
    assert f"{PROVIDER}: November 2026" in shown
    assert "3 entries for work done in November 2026" in shown
    assert "Met the complainant 3.50 £210.00" in shown and "Read the file 1.25 £62.50" in shown
    assert "October: not this month" not in shown and "December" not in shown
    assert "Total 6.75 £392.50" in shown
    assert (
        f'href="{CSV}?provider=Independent+Reviews+Ltd&amp;month=2026-11"'
        in response.content.decode()
    )

    nothing = page_text(client.get(PREVIEW, {"provider": PROVIDER, "month": "2027-02"}))
    assert (
        "No time was recorded by Independent Reviews Ltd's officers for work in February 2027."
        in nothing
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"provider": PROVIDER, "month": "2026-13"},
            "Enter the month as the year and month, like 2026-11",
        ),
        (
            {"provider": PROVIDER, "month": "November"},
            "Enter the month as the year and month, like 2026-11",
        ),
        ({"provider": PROVIDER, "month": ""}, "Enter the month"),
        ({"provider": "Nobody Ltd", "month": "2026-11"}, "Choose a provider from the list"),
    ],
)
def test_a_wrong_choice_is_shown_beside_the_box(
    client: Client, p: Personas, query: dict[str, str], message: str
) -> None:
    client.force_login(p.manager)
    response = client.get(PREVIEW, query)
    assert response.status_code == 200 and message in page_text(response)
    assert "govuk-error-summary" in response.content.decode()
    assert client.get(CSV, query).status_code == 400
    assert not AccessRecord.objects.exists()


def test_reading_the_export_is_recorded_against_each_complaint(
    client: Client, p: Personas, cases: tuple[Complaint, Complaint]
) -> None:
    first, second = cases
    client.force_login(p.manager)
    client.get(CSV, {"provider": PROVIDER, "month": "2026-11"})
    records = list(AccessRecord.objects.filter(method="EXPORT").order_by("complaint_id"))
    assert [(r.complaint_id, r.by_id) for r in records] == [
        (first.pk, p.manager.pk),
        (second.pk, p.manager.pk),
    ]
    assert records[0].path == f"{CSV}?provider=Independent+Reviews+Ltd&month=2026-11"

    # Only the complaints the month lists are read: October lists the first complaint, and
    # February none, so nothing more is recorded for it.
    client.get(PREVIEW, {"provider": PROVIDER, "month": "2026-10"})
    viewed = AccessRecord.objects.filter(method="GET").get()
    assert viewed.complaint_id == first.pk and "month=2026-10" in viewed.path
    client.get(PREVIEW, {"provider": PROVIDER, "month": "2027-02"})
    assert AccessRecord.objects.count() == 3
