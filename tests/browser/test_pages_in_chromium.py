"""The pages in a real browser: signing in, the calculator, accessibility, and no JavaScript.

Each page is checked with axe-core for WCAG 2.2 A and AA. The bank holiday table is seeded
for each test by conftest.py, as the data migration seeds it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_END = "– Heard – Demo Borough Council"


def enter_date(page: Page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Show deadlines").click()


def stage_1_card(page: Page) -> Any:
    heading = page.get_by_role("heading", name="Stage 1 response")
    return page.locator(".govuk-summary-card", has=heading)


def test_signing_in_leads_to_the_home_page(page: Page, live_server: Any, staff: Any) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page).to_have_title(f"Sign in {TITLE_END}")
    expect(page.locator("header")).to_contain_text("Demo Borough Council")
    # GOV.UK Frontend's JavaScript ran: the password box has its Show button.
    expect(page.get_by_role("button", name="Show password")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Username").fill("alex.smith")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alex")
    expect(page).to_have_title(f"Home {TITLE_END}")
    assert_accessible(page)


def test_a_wrong_password_is_explained(page: Page, live_server: Any, staff: Any) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("alex.smith")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(f"Error: Sign in {TITLE_END}")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)


def test_the_calculator_shows_stage_1_due_on_6_january_2027(
    page: Page, live_server: Any, staff: Any
) -> None:
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Timescales calculator", exact=True).click()
    expect(page).to_have_title(f"Timescales calculator {TITLE_END}")
    enter_date(page, "18", "12", "2026")

    expect(page).to_have_url(re.compile(r"start_day=18&start_month=12&start_year=2026"))
    card = stage_1_card(page)
    expect(card).to_contain_text("Wednesday 6 January 2027")
    expect(card).to_contain_text("Christmas Day: Friday 25 December 2026")
    expect(card).to_contain_text("New Year's Day: Friday 1 January 2027")
    assert_accessible(page)

    # Reflow (WCAG 1.4.10): at 320 CSS pixels wide nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_calculator_explains_a_date_that_does_not_exist(
    page: Page, live_server: Any, staff: Any
) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/timescales/")
    enter_date(page, "31", "2", "2026")

    expect(page).to_have_title(f"Error: Timescales calculator {TITLE_END}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_start_error")).to_contain_text("The start date must be a real date")
    expect(page.locator(".govuk-summary-card")).to_have_count(0)
    assert_accessible(page)

    summary.get_by_role("link", name="The start date must be a real date").click()
    expect(page.get_by_label("Day")).to_be_focused()


def test_the_accessibility_statement_is_public(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Heard")
    assert_accessible(page)


def test_everything_works_without_javascript(
    page_without_javascript: Page, live_server: Any, staff: Any
) -> None:
    page = page_without_javascript
    sign_in(page, live_server.url)
    expect(page.locator("body")).not_to_have_class(re.compile("govuk-frontend-supported"))

    page.get_by_role("link", name="Timescales calculator", exact=True).click()
    enter_date(page, "18", "12", "2026")
    expect(stage_1_card(page)).to_contain_text("Wednesday 6 January 2027")

    enter_date(page, "31", "2", "2026")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The start date must be a real date"
    )

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Heard")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
