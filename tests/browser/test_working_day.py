"""Issue 9 in Chromium: the work queue as its people use it.

* A Complaints Manager's morning: the home queue shows an overdue acknowledgement; they open
  the case from the queue, record the acknowledgement, come back, and the queue has changed.
* An Investigating Officer's queue: what they owe, with its date, and not the stage's deadline.
axe-core checks each distinct page on the way.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, expect

from heard.complaints.actions import stage2
from tests.browser.journey import Desk, Journey
from tests.complaints.helpers import FIRST_CONTACT_ON, stage2_investigating
from tests.personas import create_personas, create_stage1_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def queue_group(desk: Desk, title: str) -> Locator:
    """The table under the queue heading that starts with ``title``."""
    return desk.page.get_by_role("region", name=title)


def test_a_complaints_managers_morning_from_the_queue_to_the_next_step_and_back(
    journey: Journey,
) -> None:
    p = create_personas()
    today = timezone.localdate()
    complaint = create_stage1_complaint(p.officer, received_on=today - timedelta(days=20))

    manager = journey.sign_in("manager")
    overdue = queue_group(manager, "Overdue: 2")
    expect(overdue).to_be_visible()
    acknowledgement = overdue.get_by_role("row").filter(has_text="Acknowledgement")
    expect(acknowledgement).to_contain_text(complaint.reference)
    expect(acknowledgement).to_contain_text("Overdue by")
    expect(acknowledgement).to_contain_text("Complaints team")

    acknowledgement.get_by_role("link", name=complaint.reference).click()
    expect(manager.page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    manager.axe()
    manager.step("Record the acknowledgement")
    manager.date("Date the acknowledgement was sent", today)
    manager.page.get_by_role("button", name="Save", exact=True).click()
    expect(manager.page.locator(".govuk-notification-banner--success")).to_be_visible()

    manager.page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Home", exact=True
    ).click()
    overdue = queue_group(manager, "Overdue: 1")
    expect(overdue).to_be_visible()
    expect(overdue.get_by_role("row").filter(has_text="Acknowledgement")).to_have_count(0)
    expect(overdue).to_contain_text("Stage 1 response")
    manager.axe("home: after the acknowledgement")


def test_an_investigating_officers_queue_lists_what_they_owe(journey: Journey) -> None:
    p = create_personas()
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)

    io = journey.sign_in("io")
    owed = io.page.get_by_role("region", name="What you owe")
    row = owed.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text("Agree the Statement of Complaint")
    expect(row).to_contain_text("Investigating Officer")
    expect(row).to_contain_text("15 Oct 2025")
    expect(io.page.get_by_role("heading", name="Work queue")).to_have_count(0)
    row.get_by_role("link", name=complaint.reference).click()
    expect(io.page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    io.axe()

    other = journey.sign_in("other_io")
    expect(other.page.get_by_text(complaint.reference)).to_have_count(0)
    expect(other.page.get_by_text("Nothing is waiting for you")).to_be_visible()
