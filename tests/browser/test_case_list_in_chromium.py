"""The case list and the reports in Chromium at a 390-pixel phone width (issue 9, point 6).

A wide table scrolls inside its own focusable region rather than pushing the page sideways;
sorting by a heading and filters kept when coming back from a case work in a real browser;
axe-core finds no WCAG 2.2 AA problem on the list, the learning log or the procedure report.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from heard.complaints.models import Complaint
from tests.browser.journey import Journey
from tests.complaints.helpers import adjudicated, stage2_investigating
from tests.personas import create_personas, create_stage1_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_fits_the_screen(page: Page) -> bool:
    """Nothing but the table's own region scrolls sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_case_list_on_a_phone(journey: Journey) -> None:
    p = create_personas()
    investigating = stage2_investigating(p)
    for days in (1, 4, 9):
        create_stage1_complaint(p.officer, received_on=timezone.localdate() - timedelta(days=days))
    Complaint.objects.update(handler=p.officer)

    desk = journey.sign_in("officer")
    page = desk.page
    page.set_viewport_size(PHONE)
    base = journey.base_url
    page.goto(f"{base}/cases/")
    region = page.get_by_role("region", name="Showing 1 to 4 of 4 cases")
    expect(region).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls itself
    assert page_fits_the_screen(page)
    region.focus()  # reachable by keyboard, so it can be scrolled with the arrow keys
    page.keyboard.press("ArrowRight")
    desk.axe("cases on a phone")

    # Sort by a heading, then filter: the filters and the sort travel together.
    page.get_by_role("link", name="Reference").click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Reference")
    page.get_by_label("Stage", exact=True).select_option("2")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#filters-applied")).to_contain_text("Stage: Stage 2")
    desk.axe("cases filtered on a phone")

    # Into a case and back through the menu's address: the same filtered, sorted list.
    page.get_by_role("link", name=investigating.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(investigating.reference)
    page.goto(f"{base}/cases/")
    expect(page.locator("#filters-applied")).to_contain_text("Stage: Stage 2")
    assert "stage=2" in page.url and "sort=reference" in page.url
    page.get_by_role("link", name="Clear filters").first.click()
    expect(page.get_by_role("region", name="Showing 1 to 4 of 4 cases")).to_be_visible()


def test_the_reports_on_a_phone(journey: Journey) -> None:
    p = create_personas()
    adjudicated(p)
    desk = journey.sign_in("manager")
    page = desk.page
    page.set_viewport_size(PHONE)
    page.goto(f"{journey.base_url}/reports/learning/")
    expect(page.get_by_role("heading", name="Counts by theme and by team")).to_be_visible()
    expect(page.get_by_role("region", name="By team")).to_contain_text("Children in Care team")
    assert page_fits_the_screen(page)
    desk.axe("learning log on a phone")

    page.goto(f"{journey.base_url}/reports/procedure/")
    expect(page.get_by_role("link", name="see the cases behind “Open today”")).to_be_visible()
    assert page_fits_the_screen(page)
    desk.axe("procedure report on a phone")
    page.get_by_role("link", name="see the cases behind “Open today”").click()
    expect(page.locator("#filters-applied")).to_contain_text("Procedure report: Open today")
    expect(page.get_by_role("region", name="Showing 1 to 1 of 1 case, filtered")).to_be_visible()
    desk.axe("cases behind a figure")
