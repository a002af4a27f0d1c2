"""Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session (starting Chromium is the slow part); each test gets its
own context, so cookies never leak between tests. Never `playwright install`: the browser
is Debian's /usr/bin/chromium, installed by scripts/bootstrap.sh.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, sync_playwright

from heard.timescales.bank_holidays import seed_bank_holidays
from heard.timescales.models import BankHoliday, CalendarChange

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "a long enough browser password"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: scripts/bootstrap.sh test installs it")
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse
    # database calls from the test itself (creating users); the live server is another thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _new_page(browser: Browser, **options: Any) -> Iterator[Page]:
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context with JavaScript on."""
    with _new_page(browser) as new_page:
        yield new_page


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context with JavaScript off, as some people and networks have it."""
    with _new_page(browser, java_script_enabled=False) as new_page:
        yield new_page


@pytest.fixture(autouse=True)
def _bank_holidays(transactional_db: None) -> None:
    """Seed the bank holiday table, as its data migration does, before each browser test.

    A live-server test empties every table when it ends, and serialized_rollback cannot put
    them back here: once Playwright's sync API runs, asyncio sees a running loop in this
    thread, so Django hands out different connection objects from those the test database
    was serialized on, and the restore is silently skipped.
    """
    seed_bank_holidays(BankHoliday, CalendarChange)


@pytest.fixture
def staff(transactional_db: None) -> Any:
    return get_user_model().objects.create_user(
        "alex.smith", password=PASSWORD, first_name="Alex", last_name="Smith"
    )


def sign_in(page: Page, base_url: str, username: str = "alex.smith") -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page for WCAG 2.2 A and AA; fail listing every violation found."""
    if page.evaluate("typeof axe === 'undefined'"):
        # page.evaluate rather than add_script_tag, so a strict CSP cannot block it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = result["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility problem(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                f"[{violation['helpUrl']}]"
            )
            for node in violation["nodes"]:
                lines.append(f"    at {json.dumps(node['target'])}: {node['failureSummary']}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def journey(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Everyone taking part in one journey test; their browser contexts close afterwards."""
    from tests.browser.journey import Journey  # it imports assert_accessible from here

    trip = Journey(browser, live_server.url)
    yield trip
    trip.close()
