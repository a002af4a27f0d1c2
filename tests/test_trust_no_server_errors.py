"""Issue 8, point 5: no input causes a server error. The failures seen on main, one test each.

Each answer here once gave a 500 (or an exception on PostgreSQL only); each must now give the
page back with a GOV.UK error message beside the box, or be read as "no such thing", and leave
the case as it was. The generated requests over every step and filter are in
``tests/test_trust_no_server_errors_generated.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from heard.audit.events import SUMMARY_LENGTH, record_event
from heard.audit.models import CaseEvent
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole, CirculationKind, Proceedings
from heard.decisions import stage3
from heard.numbers import whole_number
from tests.complaints.helpers import case_state, refused, stage2_accepted, stage2_investigating
from tests.complaints.stage3_helpers import (
    REPORT_SENT_ON,
    add_recommendations,
    circulation,
    panel_met,
)
from tests.complaints.step_pages import as_user, error_beside, post_step, step_url
from tests.personas import Personas, create_complaint, create_personas
from tests.shared import OneCaseForTheClass

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = "9" * 20


@pytest.fixture
def p(db: None) -> Personas:
    return create_personas()


# -- dates: day, month and year boxes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "parts"),
    [
        (TWENTY_DIGITS, "1", "2026", ["day"]),
        ("1", TWENTY_DIGITS, "2026", ["month"]),
        ("1", "1", TWENTY_DIGITS, ["year"]),
        ("٣", "1", "2026", ["day"]),  # an Arabic-Indic three
        ("1", "١٢", "2026", ["month"]),
        ("1", "1", "٢٠٢٦", ["year"]),
        ("²", "1", "2026", ["day"]),
        ("+1", "1", "2026", ["day"]),
        ("-1", "1", "2026", ["day"]),
        ("1", "1", "-2026", ["year"]),
        ("1 0", "1", "2026", ["day"]),
        ("1\x00", "1", "2026", ["day"]),
        ("1", "1", "9999", ["year"]),
        ("1", "1", "0000", ["year"]),
    ],
)
def test_timescales_date_boxes_with_bad_numbers_show_an_error_beside_the_date(
    client: Client, p: Personas, day: str, month: str, year: str, parts: list[str]
) -> None:
    response = as_user(client, p.officer).get(
        reverse("timescales:calculator"),
        {"start_day": day, "start_month": month, "start_year": year},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-error-summary' in page
    assert error_beside(response, "id_start")
    for part in parts:
        assert f'id="id_start_{part}"' in page
        assert f'href="#id_start_{parts[0]}"' in page


def test_a_step_date_with_a_twenty_digit_day_is_refused_beside_the_date(
    client: Client, p: Personas
) -> None:
    complaint = stage2_investigating(p)
    before = case_state(complaint.pk)
    response = post_step(
        client,
        p.io,
        complaint,
        "record_first_contact",
        {
            "contacted_on_day": TWENTY_DIGITS,
            "contacted_on_month": "10",
            "contacted_on_year": "2025",
        },
    )
    assert response.status_code == 200
    message = "The date of first contact must be a real date"
    assert message in error_beside(response, "id_contacted_on")
    assert case_state(complaint.pk) == before


def test_learning_log_filter_in_year_9999_is_an_error_not_a_server_error(
    client: Client, p: Personas
) -> None:
    response = as_user(client, p.manager).get(
        reverse("reporting:learning"),
        {"found_to_day": "31", "found_to_month": "12", "found_to_year": "9999"},
    )
    assert response.status_code == 200
    assert "The last date must be between" in error_beside(response, "id_found_to")
    csv = client.get(
        reverse("reporting:learning_csv"),
        {"found_to_day": "31", "found_to_month": "12", "found_to_year": "9999"},
    )
    assert csv.status_code < 500


# -- whole numbers from query strings and hidden fields -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("0042", 42),
        ("²", None),
        ("٣", None),
        ("+3", None),
        ("-3", None),
        (" 3", None),
        ("3 ", None),
        ("1_000", None),
        ("3.0", None),
        ("", None),
        (TWENTY_DIGITS, None),
        ("2147483648", None),
        (None, None),
        (12, 12),
        (-1, None),
        (True, None),
    ],
)
def test_whole_number_takes_only_ascii_digits_within_range(
    text: str | None, expected: int | None
) -> None:
    assert whole_number(text) == expected


def test_appoint_page_with_a_superscript_person_in_the_query_string_shows_the_page(
    client: Client, p: Personas
) -> None:
    complaint = stage2_accepted(p)
    role = AppointmentRole.INVESTIGATING_OFFICER
    for person in ("²", "٣", TWENTY_DIGITS):
        response = as_user(client, p.manager).get(
            step_url(complaint, "appoint"), {"role": role, "person": person}
        )
        assert response.status_code == 200, person


def test_appoint_with_a_superscript_person_is_refused_beside_the_person(
    client: Client, p: Personas
) -> None:
    complaint = stage2_accepted(p)
    before = case_state(complaint.pk)
    for person in ("²", "٣", TWENTY_DIGITS):
        response = post_step(
            client,
            p.manager,
            complaint,
            "appoint",
            {
                "role": AppointmentRole.INVESTIGATING_OFFICER,
                "person": person,
                "conflict_declaration": "None",
            },
        )
        assert response.status_code == 200, person
        assert error_beside(response, "id_person"), person
    assert case_state(complaint.pk) == before


def _statement(version: str) -> dict[str, Any]:
    return {
        "based_on_version": version,
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "60",
        "points-0-text": "Contact was cancelled",
        "points-0-desired_outcomes": "Reinstate contact",
        "points-0-route": "statutory",
    }


class TestStatementEditorWithABadHiddenVersion(OneCaseForTheClass):
    """The same case for every one: built once for the class (tests/shared.py)."""

    build = staticmethod(stage2_investigating)

    @pytest.mark.parametrize("version", ["²", "٣", "+0", " 0", TWENTY_DIGITS, "-1"])
    def test_statement_editor_with_a_bad_hidden_version_is_refused_without_saving(
        self, client: Client, p: Personas, complaint: Complaint, version: str
    ) -> None:
        before = case_state(complaint.pk)
        response = post_step(client, p.io, complaint, "save_statement", _statement(version))
        assert response.status_code == 200
        assert 'class="govuk-error-summary' in response.content.decode()
        assert case_state(complaint.pk) == before


# -- event summaries -----------------------------------------------------------------------------


def test_a_long_event_summary_is_shortened_and_kept_whole_in_the_details(p: Personas) -> None:
    long = "word " * 100  # 500 characters: more than the column holds
    with transaction.atomic():
        event = record_event(1, "complaint.test", long, by=p.officer, details={"a": 1})
    stored = CaseEvent.objects.get(pk=event.pk)
    assert len(stored.summary) <= SUMMARY_LENGTH
    assert stored.summary.endswith("…")
    assert long.startswith(stored.summary[:-1].rstrip())
    assert stored.details == {"a": 1, "summary": long}


def test_a_short_event_summary_is_stored_as_it_is(p: Personas) -> None:
    with transaction.atomic():
        event = record_event(1, "complaint.test", "Closed", by=p.officer, details={"a": 1})
    stored = CaseEvent.objects.get(pk=event.pk)
    assert (stored.summary, stored.details) == ("Closed", {"a": 1})


def test_a_deferral_naming_the_proceedings_in_300_characters_writes_its_event(
    client: Client, p: Personas
) -> None:
    """The answer fills its box (300 characters) and the summary around it runs past the
    column's 300: PostgreSQL refused the insert, SQLite kept the overlong text."""
    complaint = create_complaint(p.officer)
    detail = "ü" * 300
    response = post_step(
        client,
        p.officer,
        complaint,
        "record_deferral",
        {
            "proceedings": Proceedings.values[0],
            "proceedings_detail": detail,
            "parts_affected": "All of it",
            "reason": "The family court is deciding contact.",
            "notice_sent_on_day": "2",
            "notice_sent_on_month": "3",
            "notice_sent_on_year": "2026",
            "review_on_day": "2",
            "review_on_month": "6",
            "review_on_year": "2026",
        },
    )
    assert response.status_code == 302
    event = CaseEvent.objects.filter(complaint_id=complaint.pk).order_by("id").last()
    assert event is not None and event.name == "complaint.record_deferral"
    assert len(event.summary) <= SUMMARY_LENGTH
    assert detail in event.details["summary"]


# -- answers longer than their column ------------------------------------------------------------

# A well-formed address of 308 characters: Django's form field takes up to 320, the column 254.
LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"


def test_adding_a_complainant_with_an_email_longer_than_its_column_is_refused_beside_it(
    client: Client, p: Personas
) -> None:
    complaint = create_complaint(p.officer)
    before = case_state(complaint.pk)
    response = post_step(
        client,
        p.officer,
        complaint,
        "update_parties",
        {
            "which": "complainant",
            "name": "Lee Rivers",
            "relationship": "parental_responsibility",
            "email": LONG_EMAIL,
        },
    )
    assert response.status_code == 200
    assert "254 characters or fewer" in error_beside(response, "id_email")
    assert case_state(complaint.pk) == before


def test_a_new_complaint_with_an_email_longer_than_its_column_is_refused_beside_it(
    client: Client, p: Personas
) -> None:
    response = as_user(client, p.officer).post(reverse("complaints:new"), {"email": LONG_EMAIL})
    assert response.status_code == 200
    assert "254 characters or fewer" in error_beside(response, "id_email")


# -- ids in the address --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/cases/{TWENTY_DIGITS}/",
        f"/cases/{TWENTY_DIGITS}/appoint/",
        f"/roster/{TWENTY_DIGITS}/",
        "/cases/2147483648/",
        "/cases/9223372036854775808/",
    ],
)
def test_an_id_too_large_for_any_column_in_the_address_is_not_found(
    client: Client, p: Personas, path: str
) -> None:
    assert as_user(client, p.manager).get(path).status_code == 404


def test_a_circulation_line_longer_than_a_name_is_refused_beside_the_list(
    client: Client, p: Personas
) -> None:
    """Each line of "anyone else" becomes a circulation name of at most 200 characters."""
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    before = case_state(complaint.pk)
    response = post_step(
        client,
        p.chair,
        complaint,
        "issue_panel_report",
        {
            "summary_of_representations": "The complainant and the council both spoke.",
            "sent_on_day": str(REPORT_SENT_ON.day),
            "sent_on_month": str(REPORT_SENT_ON.month),
            "sent_on_year": str(REPORT_SENT_ON.year),
            "council": "Director of Children's Services",
            "complainant_1": "Sam Rivers",
            "stage2_ip": "Ip Tester",
            "others": "Alex's grandmother\n" + "ü" * 201 + "\n",
        },
    )
    assert response.status_code == 200
    assert "200 characters or fewer" in error_beside(response, "id_others")
    assert case_state(complaint.pk) == before


def test_issuing_the_report_refuses_a_circulation_name_longer_than_the_list_keeps(
    p: Personas,
) -> None:
    complaint = panel_met(p)
    add_recommendations(complaint, p)
    names = [*circulation(complaint), stage3.Recipient(CirculationKind.OTHER, "ü" * 201)]
    with refused(complaint, "Each name on the list must be 200 characters or fewer."):
        stage3.issue_panel_report(
            complaint,
            by=p.chair,
            summary_of_representations="The complainant and the council both spoke.",
            sent_on=REPORT_SENT_ON,
            circulation=names,
        )
