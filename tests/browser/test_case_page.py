"""The case page in Chromium at a phone's width (decision 026): the summary leads, the
contents list jumps to a section without JavaScript, "What you can do" names a held-up step
with its reason, nothing scrolls sideways, and axe-core finds nothing to fix."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.journey import PERSONA_PASSWORD
from tests.complaints.helpers import stage2_requested, statement_agreed
from tests.personas import create_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in_as(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def test_the_case_page_on_a_phone(page: Page, live_server: Any) -> None:
    p = create_personas()
    complaint = stage2_requested(p)
    agreed = statement_agreed(p)
    page.set_viewport_size(PHONE)
    sign_in_as(page, live_server.url, "manager")

    page.goto(f"{live_server.url}/cases/{complaint.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    summary = page.locator("#summary")
    expect(summary).to_contain_text("Accept the Stage 2 request")
    expect(summary).to_contain_text("waits on the Complaints Manager")
    expect(summary.get_by_role("table")).to_contain_text("Stage 2 response")
    # The summary is the first thing under the heading, in view without scrolling.
    box = summary.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    # The contents list is plain links: following one scrolls to the section.
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="What has happened"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/cases/{complaint.pk}/#timeline")
    expect(page.locator("#timeline")).to_be_in_viewport()

    # A held-up step is named with its reason, not offered as a form.
    page.goto(f"{live_server.url}/cases/{agreed.pk}/")
    actions = page.get_by_role("complementary", name="What you can do")
    held_up = actions.get_by_role("listitem").filter(
        has_text="Send the draft report for fact-checking"
    )
    expect(held_up).to_contain_text("Not yet: Record a finding for every complaint point")
    fact_check = actions.get_by_role("link", name="Send the draft report for fact-checking")
    expect(fact_check).to_have_count(0)
    # The agreed statement is not offered for editing.
    expect(actions).not_to_contain_text("Edit the Statement of Complaint")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
