"""Search from the header in a real browser (issue 9, "Done when"; decision 025): a child's
name finds the case for the complaints team and nothing for an officer not appointed to it;
the box works without JavaScript and at a phone's width; axe-core finds no violations.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from heard.complaints.models import Complaint
from heard.people.models import User
from tests.browser.conftest import PASSWORD, assert_accessible, sign_in
from tests.complaints.helpers import statement_agreed
from tests.personas import Personas, create_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_END = "– Heard – Demo Borough Council"


@pytest.fixture
def people(transactional_db: None) -> Personas:
    p = create_personas()
    for person in (p.officer, p.other_io):
        person.set_password(PASSWORD)
        person.save()
    return p


@pytest.fixture
def case(people: Personas) -> Complaint:
    """At Stage 2 about Alex Rivers, with the IO appointed (not ``other_io``)."""
    return statement_agreed(people)


def search_from_the_header(page: Page, words: str) -> None:
    header = page.get_by_role("search", name="Search cases").first
    header.get_by_label("Search cases by reference, name or words").fill(words)
    header.get_by_role("button", name="Search").click()


def test_complaints_staff_find_a_case_by_a_childs_name(
    page: Page, live_server: Any, people: Personas, case: Complaint
) -> None:
    officer: User = people.officer
    sign_in(page, live_server.url, officer.username)
    search_from_the_header(page, "Alex Rivers")
    expect(page).to_have_url(re.compile(r"/search/\?q=Alex\+Rivers$"))
    expect(page).to_have_title(f"Search results for “Alex Rivers” {TITLE_END}")
    expect(page.get_by_role("status")).to_have_text("1 case matches “Alex Rivers”.")
    row = page.get_by_role("row").filter(has_text=case.reference)
    expect(row).to_contain_text("Sam Rivers")
    expect(row).to_contain_text(str(officer))
    assert_accessible(page)

    row.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)

    # On a phone the box is still there, beside its button, and the header fits the width.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    box = page.get_by_label("Search cases by reference, name or words")
    expect(box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    button = page.locator(".heard-header-search__button").bounding_box()
    assert button is not None and button["x"] + button["width"] <= 390
    search_from_the_header(page, "Rivers")
    expect(page.get_by_role("status")).to_have_text("1 case matches “Rivers”.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_an_officer_not_appointed_finds_nothing(
    page: Page, live_server: Any, people: Personas, case: Complaint
) -> None:
    sign_in(page, live_server.url, people.other_io.username)
    search_from_the_header(page, "Alex Rivers")
    expect(page).to_have_title(f"Search results for “Alex Rivers” {TITLE_END}")
    expect(page.get_by_role("status")).to_have_text("No cases you can see match “Alex Rivers”.")
    expect(page.get_by_text(case.reference)).to_have_count(0)
    assert_accessible(page)


def test_searching_works_without_javascript(
    page_without_javascript: Page, live_server: Any, people: Personas, case: Complaint
) -> None:
    """A plain GET form: no script is needed to search. (axe-core is a script, so it runs on
    the pages above, with JavaScript on.)"""
    page = page_without_javascript
    sign_in(page, live_server.url, people.officer.username)
    search_from_the_header(page, "Alex")
    expect(page.get_by_role("status")).to_have_text("1 case matches “Alex”.")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
