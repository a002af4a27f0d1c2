"""A person at a desk in Chromium: the moves people make on Heard's pages, for journey tests.

Each person gets their own browser context and signs in through the form; every form is filled
by its visible labels; axe-core checks each distinct page once per journey.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from heard.complaints.done_messages import DONE_MESSAGES
from heard.complaints.workflow import EVENT_LABELS
from tests.browser.conftest import assert_accessible

PERSONA_PASSWORD = "a-long-test-password"  # what tests.personas.create_user sets

_EVENTS_BY_LABEL = {label: event for event, label in EVENT_LABELS.items()}


def banner_after(label: str) -> str:
    """What the success banner says after the step titled ``label`` (part of it for an
    appointment, whose banner names the role and the person)."""
    event = _EVENTS_BY_LABEL[label]
    return " appointed: " if event == "appoint" else DONE_MESSAGES[event]


class Journey:
    """The browser contexts of everyone taking part, and the pages axe has checked."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.checked: list[str] = []
        self._contexts: list[BrowserContext] = []

    def sign_in(self, username: str) -> Desk:
        context = self.browser.new_context()
        context.set_default_timeout(10_000)
        self._contexts.append(context)
        desk = Desk(self, context.new_page(), f"{username.replace('_', ' ').title()} Tester")
        desk.page.goto(f"{self.base_url}/sign-in/")
        desk.axe()
        desk.page.get_by_label("Username").fill(username)
        desk.page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
        desk.page.get_by_role("button", name="Sign in").click()
        expect(desk.page).to_have_url(f"{self.base_url}/")
        desk.axe("home")
        return desk

    def close(self) -> None:
        for context in self._contexts:
            context.close()


class Desk:
    """One person's browser tab, with the moves a person makes on Heard's pages."""

    def __init__(self, journey: Journey, page: Page, name: str) -> None:
        self.journey = journey
        self.page = page
        self.name = name  # as tests.personas names them

    # -- accessibility --------------------------------------------------------------------

    def axe(self, name: str | None = None) -> None:
        """Run axe-core here, once per distinct page (``name`` marks a new state of a page)."""
        key = name or re.sub(r"/\d+/", "/<pk>/", self.page.url.removeprefix(self.journey.base_url))
        if key not in self.journey.checked:
            self.journey.checked.append(key)
            assert_accessible(self.page)

    # -- getting about --------------------------------------------------------------------

    def nav(self, name: str) -> None:
        self.page.get_by_role("navigation", name="Menu").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(name)

    def open_case(self, reference: str, *, via: str = "My cases") -> None:
        self.nav(via)
        self.axe(f"{via}: with the case")
        self.page.get_by_role("link", name=reference, exact=True).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(reference)

    def step(self, label: str, *, from_tasks: bool = False) -> None:
        """Follow a step's link on the case page ("What you can do", or the task list)."""
        if from_tasks:
            links = self.page.locator(".govuk-task-list")
        else:
            links = self.page.get_by_role("complementary", name="What you can do")
        links.get_by_role("link", name=label, exact=True).click()
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        self.axe()

    def submit(self, button: str, done: str) -> None:
        """Press the form's button and land back on the case page with the success banner."""
        self.page.get_by_role("button", name=button, exact=True).click()
        banner = self.page.locator(".govuk-notification-banner--success")
        errors = self.page.locator(".govuk-error-summary")
        expect(banner.or_(errors)).to_be_visible()
        if errors.count():
            pytest.fail(f"{done} was refused: {errors.inner_text()}", pytrace=False)
        expect(banner).to_contain_text(done)
        expect(self.page).to_have_url(re.compile(r"/cases/\d+/$"))

    def finish(self, label: str, button: str = "Save") -> None:
        """Submit the step that ends this person's part in the case (ADR 022): the banner says
        it is done and that their part has ended, and they land on their own cases."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(label)
        self.page.get_by_role("button", name=button, exact=True).click()
        banner = self.page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text(banner_after(label))
        expect(self.page.locator(".govuk-notification-banner").last).to_contain_text(
            "has ended with this step"
        )
        expect(self.page).to_have_url(re.compile(r"/cases/mine/$"))
        self.axe()

    def do(self, label: str, button: str = "Save") -> None:
        """Submit the step form titled ``label``: the banner says it is done, and the newest
        entry in "What has happened" is this person's."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(label)
        self.submit(button, banner_after(label))
        expect(self.latest_event().locator("p").nth(1)).to_contain_text(f"{self.name} (")

    # -- answering questions --------------------------------------------------------------

    def group(self, legend: str) -> Locator:
        return self.page.get_by_role("group", name=legend, exact=True)

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def date(self, legend: str, day: date) -> None:
        group = self.group(legend)
        group.get_by_label("Day", exact=True).fill(str(day.day))
        group.get_by_label("Month", exact=True).fill(str(day.month))
        group.get_by_label("Year", exact=True).fill(str(day.year))

    def choose(self, legend: str, option: str) -> None:
        self.group(legend).get_by_label(option, exact=True).check()

    def select(self, label: str, option: str) -> None:
        self.page.get_by_label(label, exact=True).select_option(label=option)

    # -- reading the case page ------------------------------------------------------------

    def row(self, key: str) -> Locator:
        """The value beside ``key`` in the page's summary lists (the case page's, or a form's
        facts)."""
        row = self.page.locator(".govuk-summary-list__row").filter(
            has=self.page.locator("dt").get_by_text(key, exact=True)
        )
        return row.locator("dd")

    def status(self) -> Locator:
        """The status tag in the case page's summary, at the top (decision 026)."""
        row = self.page.locator("#summary .govuk-summary-list__row").filter(
            has=self.page.locator("dt").get_by_text("Status", exact=True)
        )
        return row.locator(".govuk-tag").first

    def points(self) -> Locator:
        """The Statement of Complaint's point cards on the case page."""
        return self.page.locator(".govuk-summary-card").filter(
            has=self.page.get_by_role("heading", name=re.compile(r"^Point \d+$"))
        )

    def latest_event(self) -> Locator:
        """The newest entry in the case page's "What has happened"."""
        return self.page.locator(".heard-timeline > li").first

    def task(self, name: str) -> Locator:
        item = self.page.locator(".govuk-task-list__item").filter(
            has=self.page.get_by_text(name, exact=True)
        )
        return item.locator(".govuk-task-list__status")
