"""The learning log at /reports/learning/ and its CSV download (domain.md rules 38 to 40).

One row per upheld or partially upheld finding (not rejected at adjudication), per accepted
recommendation with its action, and per Ombudsman remedy. Complaints staff only; every
complaint shown is recorded in the access log; a page asks the database the same number of
questions however many rows it shows.

Completing and signing off actions, Stage 3 recommendations and Ombudsman remedies are other
pieces of work that are not in this branch, so those rows are made with the models directly
in setup, and each place says so.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AccessRecord
from heard.complaints.actions.themes import set_point_themes
from heard.complaints.models import Complaint, ComplaintPoint, Stage1
from heard.decisions import actions as decisions
from heard.decisions.models import Action, Finding, Recommendation
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import Theme
from heard.reporting.queries.learning import LogPages, log_count, log_rows, tallies
from tests.complaints.helpers import (
    adjudicated,
    all_accepted,
    appoint_adjudicator,
    ip_reported,
    record_findings,
    report_final,
    statement_agreed,
)
from tests.complaints.step_pages import as_user, page_text, text
from tests.personas import Personas, create_personas
from tests.shared import built_once, fresh

pytestmark = pytest.mark.django_db

LOG = reverse("reporting:learning")
CSV = reverse("reporting:learning_csv")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def theme(name: str) -> Theme:
    return Theme.objects.get(name=name)


def point(complaint: Complaint, number: int) -> ComplaintPoint:
    return ComplaintPoint.objects.get(complaint=complaint, number=number)


def with_team(complaint: Complaint, team: str) -> Complaint:
    # Setup only: the shared builders record every complaint against one team.
    Complaint.objects.filter(pk=complaint.pk).update(team=team)
    complaint.refresh_from_db()
    return complaint


def rows(response: Any) -> list[str]:
    """Each body row of the log's table, as a reader sees it."""
    page = response.content.decode()
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.S)
    if body is None:
        return []
    return [text(row) for row in re.findall(r"<tr [^>]*>(.*?)</tr>", body.group(1), re.S)]


def references(response: Any) -> list[str]:
    return [row.split(" ")[0] for row in rows(response)]


def csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def signed_off(action: Action, *, evidence: str, on: date) -> None:
    # Setup only: completing and signing off actions are another piece of work (rule 38).
    Action.objects.filter(pk=action.pk).update(
        state=Action.State.SIGNED_OFF,
        evidence=evidence,
        completed_on=on,
        signed_off_on=on,
    )


def stage3_recommendation(complaint: Complaint, p: Personas, *, text: str, owner: str) -> Action:
    # Setup only: the panel's recommendations and the council's response to them are the
    # Stage 3 work, not in this branch; the rows are what that work stores.
    rec = Recommendation.objects.create(
        complaint=complaint, stage=3, number=1, text=text, accepted=True, decided_by=p.manager
    )
    return Action.objects.create(
        recommendation=rec,
        complaint=complaint,
        description=f"Do it: {text}",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=30),
    )


def remedy(complaint: Complaint, p: Personas, *, description: str, due_on: date) -> Remedy:
    # Setup only: recording Ombudsman decisions and remedies is another piece of work (rule
    # 39); these are the rows it stores.
    case = OmbudsmanCase.objects.create(
        complaint=complaint,
        reference="25 012 345",
        kind=OmbudsmanCase.Kind.INVESTIGATION,
        received_on=date(2026, 1, 5),
        reply_due_on=date(2026, 2, 2),
        final_decision_on=date(2026, 4, 1),
        fault_found=True,
        decision_summary="Delay in Stage 2 caused avoidable distress.",
        recorded_by=p.manager,
    )
    action = Action.objects.create(
        complaint=complaint,
        description="Pay £150 and apologise",
        owner="Head of Service",
        due_on=due_on,
    )
    return Remedy.objects.create(
        case=case,
        kind=Remedy.Kind.PAYMENT,
        description="A symbolic payment of £150",
        amount=150,
        compliance_due_on=due_on,
        action=action,
    )


# -- the rows -----------------------------------------------------------------------------


def test_upheld_findings_and_accepted_recommendations_are_rows(client: Client, p: Personas) -> None:
    complaint = adjudicated(p, on=timezone.localdate())
    set_point_themes(complaint, by=p.officer, point=point(complaint, 1), themes=[theme("Contact")])
    set_point_themes(
        complaint, by=p.officer, point=point(complaint, 2), themes=[theme("Communication")]
    )
    response = as_user(client, p.manager).get(LOG)
    assert response.status_code == 200
    shown = rows(response)
    today = timezone.localdate()
    assert len(shown) == 3
    assert shown[0] == (
        f"{complaint.reference} Children in Care team Stage 2 {today:%-d %b %Y} Contact "
        "Point 1: Contact was cancelled without notice Upheld : The records show it — — —"
    )
    assert shown[1].startswith(f"{complaint.reference} Children in Care team Stage 2")
    assert "Communication Point 2: No one returned my calls" in shown[1]
    # The recommendation is about the complaint as a whole: all its points' themes.
    assert shown[2] == (
        f"{complaint.reference} Children in Care team Stage 2 {today:%-d %b %Y} "
        "Communication, Contact — Apologise and review contact Action: Write to apologise "
        "Team manager, Children in Care by 14 Nov 2025 Overdue Open"
    )
    page = response.content.decode()
    assert (
        f'href="{reverse("complaints:detail", args=[complaint.pk])}">{complaint.reference}' in page
    )
    assert "Showing 1 to 3 of 3 rows" in page_text(response)


def test_findings_not_upheld_or_not_accepted_are_left_out(client: Client, p: Personas) -> None:
    not_upheld = statement_agreed(p)
    record_findings(not_upheld, p, outcome="not_upheld")
    unable = statement_agreed(p)
    record_findings(unable, p, outcome="unable")
    rejected = report_final(p)
    ip_reported(rejected, p)
    appoint_adjudicator(rejected, p)
    answers = all_accepted(rejected)
    answers["findings"] = [
        decisions.FindingDecision(1, False, "The records show contact went ahead"),
        decisions.FindingDecision(2, True, "Agreed"),
    ]
    answers["recommendations"] = [
        decisions.RecommendationDecision(1, False, "Already done in September")
    ]
    decisions.adjudicate(rejected, by=p.adjudicator, **answers)
    partly = statement_agreed(p)
    record_findings(partly, p, outcome="partially_upheld")

    shown = rows(as_user(client, p.officer).get(LOG))
    assert not [r for r in shown if r.startswith((not_upheld.reference, unable.reference))]
    assert [r for r in shown if r.startswith(rejected.reference)] == [
        r for r in shown if r.startswith(rejected.reference) and "Point 2:" in r
    ]
    assert len([r for r in shown if r.startswith(rejected.reference)]) == 1  # no rejected rec
    assert len([r for r in shown if "Partially upheld" in r]) == 2


def test_rule_38_a_done_action_shows_its_evidence_and_sign_off(client: Client, p: Personas) -> None:
    complaint = adjudicated(p)
    signed_off(
        Action.objects.get(complaint=complaint),
        evidence="Letter of apology sent; contact plan agreed",
        on=date(2025, 11, 10),
    )
    (row,) = [r for r in rows(as_user(client, p.manager).get(LOG)) if "Apologise" in r]
    assert row.endswith(
        "Signed off Done 10 Nov 2025 Evidence: Letter of apology sent; contact plan agreed "
        "Signed off 10 Nov 2025"
    )
    assert "Overdue" not in row


def test_stage_3_recommendations_and_ombudsman_remedies_are_rows(
    client: Client, p: Personas
) -> None:
    complaint = adjudicated(p)
    stage3_recommendation(complaint, p, text="Review how contact is arranged", owner="Head of CiC")
    remedy(complaint, p, description="A symbolic payment of £150", due_on=date(2026, 5, 1))
    shown = rows(as_user(client, p.manager).get(LOG))
    (panel,) = [r for r in shown if "Review how contact" in r]
    assert " Stage 3 " in panel and "Head of CiC" in panel
    (ombudsman,) = [r for r in shown if "£150" in r]
    assert " Ombudsman 1 Apr 2026 " in ombudsman
    assert "Ombudsman: Delay in Stage 2 caused avoidable distress." in ombudsman
    assert "A symbolic payment of £150 Action: Pay £150 and apologise" in ombudsman
    assert "Head of Service by 1 May 2026" in ombudsman


# -- filters ------------------------------------------------------------------------------


def _get(client: Client, p: Personas, **params: str) -> Any:
    return as_user(client, p.manager).get(LOG, params)


def test_filter_by_theme_team_and_stage(client: Client, p: Personas) -> None:
    fostering = with_team(adjudicated(p), "Fostering team")
    set_point_themes(fostering, by=p.officer, point=point(fostering, 2), themes=[theme("Finance")])
    care = adjudicated(p)
    stage3_recommendation(care, p, text="Panel: review contact", owner="Head of CiC")

    finance = _get(client, p, theme=str(theme("Finance").pk))
    # Point 2's finding, and the recommendation on that complaint (its themes include Finance).
    assert references(finance) == [fostering.reference, fostering.reference]
    assert "Point 2:" in rows(finance)[0] and "Apologise" in rows(finance)[1]

    team = _get(client, p, team="Fostering team")
    assert set(references(team)) == {fostering.reference} and len(rows(team)) == 3
    assert '<option value="Fostering team" selected>' in team.content.decode()

    stage3 = _get(client, p, stage="3")
    assert references(stage3) == [care.reference]
    assert "Panel: review contact" in rows(stage3)[0]
    stage2 = _get(client, p, stage="2")
    assert len(rows(stage2)) == 6
    assert rows(_get(client, p, stage="1")) == []
    assert "Nothing in the log matches these filters" in page_text(_get(client, p, stage="1"))


def test_filter_by_state_and_overdue(client: Client, p: Personas) -> None:
    done = adjudicated(p)
    signed_off(Action.objects.get(complaint=done), evidence="Sent", on=date(2025, 11, 3))
    open_overdue = adjudicated(p)  # its action was due 14 November 2025
    later = adjudicated(p)
    Action.objects.filter(complaint=later).update(due_on=timezone.localdate() + timedelta(days=9))

    assert references(_get(client, p, state="signed_off")) == [done.reference]
    assert sorted(references(_get(client, p, state="open"))) == sorted(
        [open_overdue.reference, later.reference]
    )
    assert references(_get(client, p, overdue="on")) == [open_overdue.reference]


def test_filter_by_date_found_or_decided(client: Client, p: Personas) -> None:
    old = adjudicated(p)
    # Setup only: findings are dated when recorded (auto_now) and the adjudication date is
    # today's; move this complaint's back a year.
    a_year_ago = timezone.now() - relativedelta(years=1)
    Finding.objects.filter(point__complaint=old).update(recorded_at=a_year_ago)
    old.stage2.__class__.objects.filter(complaint=old).update(
        adjudication_date=timezone.localdate(a_year_ago)
    )
    new = adjudicated(p, on=timezone.localdate())
    since = timezone.localdate() - timedelta(days=30)
    recent = _get(
        client,
        p,
        found_from_day=str(since.day),
        found_from_month=str(since.month),
        found_from_year=str(since.year),
    )
    assert set(references(recent)) == {new.reference} and len(rows(recent)) == 3
    before = timezone.localdate(a_year_ago)
    older = _get(
        client,
        p,
        found_to_day=str(before.day),
        found_to_month=str(before.month),
        found_to_year=str(before.year),
    )
    assert set(references(older)) == {old.reference} and len(rows(older)) == 3


def test_a_wrong_date_range_is_an_error_not_an_empty_log(client: Client, p: Personas) -> None:
    adjudicated(p)
    response = _get(
        client,
        p,
        found_from_day="1",
        found_from_month="6",
        found_from_year="2026",
        found_to_day="1",
        found_to_month="5",
        found_to_year="2026",
    )
    assert response.status_code == 200
    assert "<title>Error: Learning log" in response.content.decode()
    assert "The last date must be the same as or after the first" in page_text(response)


# -- the CSV download ---------------------------------------------------------------------


def test_the_csv_download_has_every_filtered_row(client: Client, p: Personas) -> None:
    complaint = adjudicated(p)
    set_point_themes(
        complaint,
        by=p.officer,
        point=point(complaint, 1),
        themes=[theme("Contact"), theme("Placement")],
    )
    other = with_team(adjudicated(p), "Fostering team")
    response = as_user(client, p.manager).get(CSV, {"team": "Children in Care team"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="learning-log-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )
    lines = csv_rows(response)
    assert [line["Reference"] for line in lines] == [complaint.reference] * 3
    assert other.reference not in response.content.decode()
    first, _, rec = lines
    assert first["Themes"] == "Contact; Placement"
    assert first["Point"] == "1" and first["Finding"] == "Upheld"
    assert first["What was found"] == "Contact was cancelled without notice"
    assert first["Date found or decided"] == timezone.localdate().isoformat()
    assert rec["What the council agreed to change"] == "Apologise and review contact"
    assert rec["Action"] == "Write to apologise"
    assert rec["Owner"] == "Team manager, Children in Care"
    assert (rec["Due"], rec["State"], rec["Stage"]) == ("2025-11-14", "Open", "Stage 2")


def test_the_csv_download_cannot_carry_a_spreadsheet_formula(client: Client, p: Personas) -> None:
    complaint = adjudicated(p)
    Action.objects.filter(complaint=complaint).update(owner='=HYPERLINK("http://x")')
    (rec,) = [r for r in csv_rows(as_user(client, p.manager).get(CSV)) if r["Action"]]
    assert rec["Owner"] == '\'=HYPERLINK("http://x")'


def test_the_page_links_to_the_csv_with_the_same_filters(client: Client, p: Personas) -> None:
    adjudicated(p)
    page = _get(client, p, stage="2", state="open").content.decode()
    assert f'href="{CSV}?stage=2&amp;state=open"' in page


# -- who may read it, and the record that they did ----------------------------------------


class TestOnlyComplaintsStaffMayReadTheLog:
    """The same case for every one: built once for the class (tests/shared.py)."""

    @pytest.fixture(scope="class")
    @classmethod
    def built(cls, django_db_setup: None, django_db_blocker: Any) -> Iterator[Personas]:
        with built_once(django_db_blocker):
            p = create_personas()
            adjudicated(p)
            yield p

    @pytest.fixture
    def p(self, built: Personas) -> Personas:
        return fresh(built)

    @pytest.mark.parametrize("persona", ["io", "ip", "adjudicator", "other_io", "outsider"])
    def test_only_complaints_staff_may_read_the_log(
        self, client: Client, p: Personas, persona: str
    ) -> None:
        viewer = as_user(client, getattr(p, persona))
        assert viewer.get(LOG).status_code == 404
        assert viewer.get(CSV).status_code == 404
        assert viewer.get(reverse("reporting:index")).status_code == 404
        assert not AccessRecord.objects.filter(by=getattr(p, persona), path__startswith="/reports/")


def test_reading_the_log_is_recorded_against_each_complaint_shown(
    client: Client, p: Personas
) -> None:
    shown = adjudicated(p)
    hidden_by_filter = with_team(adjudicated(p), "Fostering team")
    as_user(client, p.officer).get(LOG, {"team": "Children in Care team"})
    records = AccessRecord.objects.filter(by=p.officer, path__startswith=LOG)
    assert [(r.complaint_id, r.method, r.path) for r in records] == [
        (shown.pk, "GET", f"{LOG}?team=Children+in+Care+team")
    ]
    as_user(client, p.manager).get(CSV)
    downloaded = AccessRecord.objects.filter(by=p.manager, path__startswith=CSV)
    assert sorted(r.complaint_id for r in downloaded) == sorted([shown.pk, hidden_by_filter.pk])


# -- pages and the cost of a page ---------------------------------------------------------


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LOG)
    assert response.status_code == 200
    return len(captured)


def test_a_page_of_the_log_asks_the_database_the_same_for_3_rows_or_30(
    client: Client, p: Personas
) -> None:
    staff = as_user(client, p.manager)
    complaint = adjudicated(p)
    set_point_themes(complaint, by=p.officer, point=point(complaint, 1), themes=[theme("Contact")])
    assert len(rows(staff.get(LOG))) == 3
    few = _queries(staff)
    for _ in range(9):
        more = adjudicated(p)
        set_point_themes(more, by=p.officer, point=point(more, 2), themes=[theme("Finance")])
    assert len(rows(staff.get(LOG))) == 30
    many = _queries(staff)
    assert few == many, (few, many)


def test_a_page_read_part_by_part_is_the_same_as_slicing_the_whole_log(p: Personas) -> None:
    # The page is built from the first rows of each kind, each sorted on its own; it must be
    # exactly the slice of the whole log, ties and all: findings recorded on one day (sorted
    # by reference), one a day earlier but later in the hour (recorded_at order is not the
    # log's order), recommendations on the same day, and a remedy with an earlier date.
    complaints = [adjudicated(p, on=timezone.localdate()) for _ in range(4)]
    Finding.objects.filter(point__complaint=complaints[1]).update(
        recorded_at=timezone.now() - timedelta(days=1)
    )
    Finding.objects.filter(point__complaint=complaints[2], point__number=2).update(
        recorded_at=timezone.now() - timedelta(days=3)
    )
    remedy(complaints[3], p, description="Pay", due_on=date(2026, 5, 1))
    today = timezone.localdate()
    whole = list(log_rows({}, today))
    assert len(whole) == 13
    pages = LogPages({}, today)
    assert pages.count() == 13
    for size in (1, 2, 3, 5, 13):
        for start in range(0, 13, size):
            assert pages[start : start + size] == whole[start : start + size], (start, size)
    found = LogPages({"stage": "2", "found_to": today - timedelta(days=1)}, today)
    expected = list(log_rows({"stage": "2", "found_to": today - timedelta(days=1)}, today))
    assert found.count() == len(expected) == 3
    assert found[0:2] == expected[0:2] and found[2:4] == expected[2:4]


def test_fifty_rows_a_page_keeping_the_filters(client: Client, p: Personas) -> None:
    for _ in range(18):
        adjudicated(p)
    staff = as_user(client, p.manager)
    first = staff.get(LOG, {"stage": "2"})
    assert len(rows(first)) == 50
    assert "Showing 1 to 50 of 54 rows" in page_text(first)
    assert 'href="?stage=2&amp;page=2"' in first.content.decode()
    second = staff.get(LOG, {"stage": "2", "page": "2"})
    assert len(rows(second)) == 4
    assert "(page 2 of 2)" in second.content.decode()


def test_the_reports_page_lists_the_reports_for_complaints_staff(
    client: Client, p: Personas
) -> None:
    response = as_user(client, p.officer).get(reverse("reporting:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{LOG}">Learning log</a>' in page
    assert f'href="{reverse("reporting:procedure")}">Procedure report</a>' in page


def test_recommendations_from_every_stage_page_as_the_whole_log(p: Personas) -> None:
    # The page reads each stage's newest recommendations on their own (from its date's
    # index) and sorts only those; undated ones (a Stage 3 recommendation whose complaint
    # has no Stage 3 row, a Stage 1 one without a response date) sort last. Every slice must
    # be the whole log's, with and without filters, and the count the team table's total.
    today = timezone.localdate()
    complaints = [adjudicated(p, on=today - timedelta(days=n % 3)) for n in range(5)]
    with_team(complaints[1], "Fostering team")
    with_team(complaints[3], "Fostering team")
    stage3_recommendation(complaints[0], p, text="Panel: write sooner", owner="Head of Service")
    stage3_recommendation(complaints[2], p, text="Panel: phone first", owner="Team manager")
    for number, complaint in enumerate(complaints[:4], start=1):
        Recommendation.objects.create(
            complaint=complaint,
            stage=1,
            number=number,
            text=f"Stage 1 change {number}",
            accepted=True,
            decided_by=p.manager,
        )
    Stage1.objects.filter(complaint=complaints[3]).update(response_sent_on=None)
    set_point_themes(
        complaints[1], by=p.officer, point=point(complaints[1], 1), themes=[theme("Contact")]
    )
    for wanted in (
        {},
        {"stage": "1"},
        {"stage": "2"},
        {"stage": "3"},
        {"team": "Fostering team"},
        {"theme": theme("Contact")},
        {"state": Action.State.OPEN},
        {"found_from": today - timedelta(days=1)},
        {"found_to": today - timedelta(days=1)},
    ):
        whole = list(log_rows(wanted, today))
        pages = LogPages(wanted, today)
        assert pages.count() == len(whole) == log_count(tallies(wanted, today)[1]), wanted
        for size in (1, 2, 3, 5, 8):
            for start in range(0, len(whole) + 1, size):
                assert pages[start : start + size] == whole[start : start + size], (wanted, start)
    everything = list(log_rows({}, today))
    assert {row["log_stage"] for row in everything} == {2, 1, 3}
    assert any(row["log_on"] is None for row in everything)  # some undated
