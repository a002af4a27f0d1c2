"""The pages, through Django's test client: sign-in, home, the calculator, who may see what."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PASSWORD = "a long enough test password"

# Views anyone may open without signing in. Anything else public is a mistake.
PUBLIC_VIEWS = {"login", "accessibility", "admin:login"}


@pytest.fixture
def staff(db: None) -> Any:
    return get_user_model().objects.create_user(
        "sam.jones", password=PASSWORD, first_name="Sam", last_name="Jones"
    )


@pytest.fixture
def signed_in(client: Client, staff: Any) -> Client:
    client.force_login(staff)
    return client


def text(response: Any) -> str:
    """The page's text with tags and entities gone, whitespace squeezed: what a reader sees."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def card(response: Any, title: str) -> str:
    """The text of the summary card with this title on the calculator page."""
    cards = response.content.decode().split('<div class="govuk-summary-card"')[1:]
    for chunk in cards:
        if f">{title}</h4>" in chunk:
            return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", chunk)))
    raise AssertionError(f"no card titled {title!r}")


def calculate(client: Client, day: str, month: str, year: str) -> Any:
    url = reverse("timescales:calculator")
    return client.get(url, {"start_day": day, "start_month": month, "start_year": year})


# -- signing in -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "timescales:calculator"])
def test_signed_out_people_are_sent_to_sign_in(client: Client, db: None, name: str) -> None:
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_sign_in_page_has_the_council_name_and_no_crown(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in – Heard – Demo Borough Council</title>" in page
    assert 'lang="en-GB"' in page
    assert 'href="#main-content"' in page and 'id="main-content"' in page
    assert "Demo Borough Council" in text(response)
    assert "govuk-header__logotype" not in page and "crown" not in page.lower()
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


def test_a_wrong_password_is_shown_in_the_summary_and_beside_the_box(
    client: Client, staff: Any
) -> None:
    response = client.post(reverse("login"), {"username": "sam.jones", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert "govuk-error-summary" in page
    message = "The username or password is not right. Check both and try again."
    assert f'<a href="#id_password">{message}</a>' in page
    assert re.search(r'<p class="govuk-error-message" id="id_password_error">.*?' + message, page)
    assert 'aria-describedby="id_password_error"' in page
    assert "_auth_user_id" not in client.session


def test_empty_boxes_each_get_their_own_message(client: Client, db: None) -> None:
    response = client.post(reverse("login"), {"username": "", "password": ""})
    page = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert page.count("govuk-input--error") == 2


def test_signing_in_goes_home_and_greets_the_person(client: Client, staff: Any) -> None:
    response = client.post(
        reverse("login"), {"username": "sam.jones", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Hello, Sam" in text(response)
    assert "Timescales calculator" in text(response)


def test_signing_out_is_a_post_and_says_so(signed_in: Client) -> None:
    assert signed_in.get(reverse("logout")).status_code == 405
    response = signed_in.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in text(response)
    assert signed_in.get(reverse("home")).status_code == 302


def test_the_frame_has_navigation_phase_banner_and_footer(signed_in: Client) -> None:
    page = signed_in.get(reverse("home")).content.decode()
    assert 'aria-current="page"' in page and ">Home</strong>" in page
    assert f'action="{reverse("logout")}"' in page
    assert "govuk-phase-banner" in page and ">Beta</strong>" in page
    assert "mailto:complaints.team@example.org" in page
    assert f'href="{reverse("accessibility")}"' in page


def test_the_accessibility_statement_is_public_and_complete(client: Client, db: None) -> None:
    response = client.get(reverse("accessibility"))
    words = text(response)
    assert response.status_code == 200
    for needed in (
        "WCAG",
        "2.2",
        "complaints.team@example.org",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "prepared in 2026",
    ):
        assert needed in words


# -- the calculator ---------------------------------------------------------------------


def test_the_calculator_starts_with_an_empty_form(signed_in: Client) -> None:
    response = signed_in.get(reverse("timescales:calculator"))
    page = response.content.decode()
    assert "<title>Timescales calculator – Heard" in page
    assert 'name="start_day"' in page and 'name="start_month"' in page
    assert 'method="get"' in page
    assert "govuk-error-summary" not in page and "Deadlines from" not in page


def test_stage_1_from_18_december_2026_skips_christmas_and_new_year(signed_in: Client) -> None:
    response = calculate(signed_in, "18", "12", "2026")
    assert "Deadlines from Friday 18 December 2026" in text(response)
    stage1 = card(response, "Stage 1 response")
    assert "Due Wednesday 6 January 2027" in stage1
    assert "Working days 10" in stage1
    assert "Christmas Day: Friday 25 December 2026" in stage1
    assert re.search(r"Boxing Day \((observed|substitute day)\): Monday 28 December 2026", stage1)
    assert "New Year's Day: Friday 1 January 2027" in stage1
    assert "Latest date with an extension" in stage1 and "(20 working days)" in stage1
    assert "regulation 14" in stage1  # the source


def test_every_rule_is_shown_with_its_source(signed_in: Client) -> None:
    from heard.timescales.rules import rules_for

    response = calculate(signed_in, "2", "3", "2026")
    for rule in rules_for():
        shown = card(response, html.escape(rule.label))
        assert rule.source in shown
        assert f"Working days {rule.working_days}" in shown


def test_a_deadline_with_no_holidays_says_none(signed_in: Client) -> None:
    # Monday 2 March 2026 + 2 working days: nothing skipped.
    acknowledge = card(calculate(signed_in, "2", "3", "2026"), "Acknowledge the complaint")
    assert "Due Wednesday 4 March 2026" in acknowledge
    assert "Holidays skipped None" in acknowledge


def test_31_february_is_not_a_real_date(signed_in: Client) -> None:
    response = calculate(signed_in, "31", "2", "2026")
    page = response.content.decode()
    assert "<title>Error: Timescales calculator" in page
    assert '<a href="#id_start_day">The start date must be a real date</a>' in page
    assert re.search(r'id="id_start_error">.*?The start date must be a real date', page, re.S)
    assert "Deadlines from" not in page
    assert 'value="31"' in page  # what was typed stays in the boxes


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("", "", "", "Enter the start date", ["day", "month", "year"]),
        ("18", "", "2026", "The start date must include a month", ["month"]),
        ("", "", "2026", "The start date must include a day and month", ["day", "month"]),
        ("18", "13", "2026", "The start date must be a real date", ["month"]),
        ("x", "12", "2026", "The start date must be a real date", ["day"]),
        ("18", "12", "26", "The year in the start date must include 4 numbers", ["year"]),
        ("18", "12", "2040", "The start date must be between 2010 and 2035", ["year"]),
        ("18", "12", "2009", "The start date must be between 2010 and 2035", ["year"]),
    ],
)
def test_date_errors_name_the_problem_and_mark_only_the_wrong_boxes(
    signed_in: Client, day: str, month: str, year: str, message: str, wrong: list[str]
) -> None:
    page = calculate(signed_in, day, month, year).content.decode()
    assert f'<a href="#id_start_{wrong[0]}">{message}</a>' in page
    for part in ("day", "month", "year"):
        box = re.search(rf'<input [^>]*name="start_{part}"[^>]*>', page)
        assert box is not None
        assert ("govuk-input--error" in box.group(0)) is (part in wrong), part
        assert ('aria-invalid="true"' in box.group(0)) is (part in wrong), part


def test_month_names_are_accepted(signed_in: Client) -> None:
    assert "Friday 18 December 2026" in text(calculate(signed_in, "18", "Dec", "2026"))


def test_a_deadline_past_the_calendar_says_it_cannot_be_worked_out(signed_in: Client) -> None:
    stage2 = card(calculate(signed_in, "20", "12", "2035"), "Stage 2 response (adjudication)")
    assert "Cannot be worked out" in stage2 and "31 December 2035" in stage2


def test_the_calculator_asks_the_database_the_same_whatever_the_date(signed_in: Client) -> None:
    calculate(signed_in, "1", "1", "2026")  # warm the calendar snapshot

    def queries(*date: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            if date:
                calculate(signed_in, *date)
            else:
                signed_in.get(reverse("timescales:calculator"))
        return len(captured)

    counts = {queries(), queries("18", "12", "2026"), queries("2", "1", "2012")}
    counts.add(queries("31", "2", "2026"))
    assert len(counts) == 1, counts


# -- who may see what -------------------------------------------------------------------


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield prefix + str(entry.pattern), name, entry


def test_every_view_needs_sign_in_unless_it_is_on_the_public_list() -> None:
    """Walks the whole URLconf, so a new page cannot be public by accident."""
    public = set()
    for route, name, pattern in _patterns(get_resolver()):
        if not getattr(pattern.callback, "login_required", True):
            assert name in PUBLIC_VIEWS, f"{route} ({name or 'no name'}) is public"
            public.add(name)
    assert public == PUBLIC_VIEWS


def test_signed_out_requests_to_every_simple_url_go_to_sign_in(client: Client, db: None) -> None:
    """The same check from the outside, for every named route that takes no arguments."""
    checked = 0
    for route, name, pattern in _patterns(get_resolver()):
        if not name or pattern.pattern.converters or "(?P<" in route:
            continue
        response = client.get(reverse(name))
        # The admin site's own pages send people to its sign-in page; everything else to ours.
        sign_in = [reverse("login")]
        if name.startswith("admin:"):
            sign_in.append(reverse("admin:login"))
        if name in PUBLIC_VIEWS:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
            assert response["Location"].split("?next=")[0] in sign_in, name
        checked += 1
    assert checked >= 5


# -- static files -----------------------------------------------------------------------


def test_the_gds_transport_font_is_never_served(client: Client) -> None:
    assert finders.find("govuk/assets/fonts/bold-b542beb274-v2.woff2") is None
    listed = [path for finder in finders.get_finders() for path, _ in finder.list(None)]
    assert not [path for path in listed if path.endswith((".woff", ".woff2"))]
    assert client.get("/static/govuk/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404
    assert client.get("/static/govuk/govuk-frontend.min.js").status_code == 200


def test_the_stylesheet_is_built_with_arial_and_no_font_files() -> None:
    """`npm run build` compiles static/heard/heard.scss; the install scripts run it."""
    path = finders.find("heard/build/heard.css")
    assert path, "run `npm run build` to compile the stylesheet"
    with open(path, encoding="utf-8") as css:
        compiled = css.read()
    assert "arial" in compiled.lower()
    assert "GDS Transport" not in compiled and "@font-face" not in compiled
