"""The procedure report at /reports/procedure/: counts for a period (domain.md rules 15, 24,
31, 32, 36 to 40).

Refusals of statutory Stage 2 and Stage 3 requests must be counted in reports (rules 15 and
31), and closures for non-engagement must be reportable (rule 24). Every line is shown, with
0 when there is nothing, so "none" is never confused with "not counted".

Stage 2 refusals, non-engagement closures, complaints and actions are made through the real
actions. Stage 3 refusals and missed Stage 3 deadlines (``Breach``), Ombudsman cases, and
signing off actions are other pieces of work not in this branch: those rows are made with the
models directly in setup, and each place says so.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import intake, stage2
from heard.complaints.models import Breach, Complaint, Stage3
from heard.complaints.models.choices import BreachKind, Route
from heard.decisions.models import Action
from heard.investigations import actions as investigations
from heard.ombudsman.models import OmbudsmanCase
from heard.reporting.forms import last_twelve_months
from heard.reporting.queries.procedure import procedure_report
from tests.complaints.helpers import adjudicated, stage2_investigating, stage2_requested
from tests.complaints.step_pages import as_user, day, page_text, text
from tests.personas import Personas, create_complaint, create_personas

pytestmark = pytest.mark.django_db

REPORT = reverse("reporting:procedure")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def counts(response: Any) -> dict[str, int]:
    """Every line of the report: its words (without the rule note) and its number."""
    page = response.content.decode()
    found = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(?:<a [^>]*>)?(\d+)[<]',
        page,
        re.S,
    )
    return {re.sub(r" \(Rule \d+\)$", "", text(label)): int(n) for label, n in found}


def period(first: date, last: date) -> dict[str, str]:
    return {**day("period_from", first), **day("period_to", last)}


def this_year() -> dict[str, str]:
    """A period from the worked example's dates (2025) up to today, when actions date things."""
    return period(date(2025, 1, 1), timezone.localdate())


def refuse(complaint: Complaint, p: Personas) -> None:
    stage2.refuse_stage2(
        complaint,
        by=p.manager,
        reasons="The matters were decided by the court.",
        signed_off_by=p.senior,
        letter_sent_on=timezone.localdate(),
    )


def stage3_refused(complaint: Complaint, p: Personas, refused_on: date) -> None:
    # Setup only: requesting and refusing Stage 3 are the Stage 3 work, not in this branch;
    # this is the row refuse_stage3 stores.
    Stage3.objects.create(
        complaint=complaint,
        requested_on=refused_on - timedelta(days=3),
        channel="letter",
        refused_on=refused_on,
        refusal_reasons="Everything was answered at Stage 2.",
        refusal_signed_off_by=p.senior,
        refusal_letter_sent_on=refused_on,
    )


def close_for_non_engagement(p: Personas) -> Complaint:
    complaint = stage2_investigating(p)
    for made_on in (date(2025, 10, 1), date(2025, 10, 8)):
        investigations.record_contact_attempt(
            complaint, by=p.io, made_on=made_on, method="phone", outcome="unanswered"
        )
    stage2.close_for_non_engagement(
        complaint,
        by=p.manager,
        reasons="No reply to two letters",
        letter_sent_on=date(2025, 10, 20),
    )
    return complaint


def breach(complaint: Complaint, p: Personas, kind: str, due_on: date) -> None:
    # Setup only: Stage 3 deadlines and their breaches are the Stage 3 work, not in this
    # branch; this is the row it stores when a deadline is missed.
    Breach.objects.create(
        complaint=complaint,
        kind=kind,
        due_on=due_on,
        happened_on=due_on + timedelta(days=7),
        reason="No chair was free",
        letter_sent_on=due_on,
        recorded_by=p.manager,
    )


def ombudsman_case(complaint: Complaint, p: Personas, ref: str, **fields: Any) -> None:
    # Setup only: recording Ombudsman enquiries and decisions is another piece of work (rule
    # 39); these are the rows it stores.
    OmbudsmanCase.objects.create(
        complaint=complaint,
        reference=ref,
        kind=OmbudsmanCase.Kind.ENQUIRY,
        reply_due_on=fields["received_on"] + timedelta(days=20),
        recorded_by=p.manager,
        **fields,
    )


# -- honest zeros -------------------------------------------------------------------------


def test_with_nothing_recorded_every_line_shows_0(client: Client, p: Personas) -> None:
    response = as_user(client, p.manager).get(REPORT)
    assert response.status_code == 200
    shown = counts(response)
    assert len(shown) == 29
    assert set(shown.values()) == {0}
    for line in (
        "Complaints received",
        "Stage 2 requests refused: statutory complaints",
        "Stage 3 requests refused: statutory complaints",
        "Stage 2 investigations closed",
        "Panel meeting later than 30 working days after the request",
        "Panel report later than 5 working days after the meeting",
        "Council response later than 15 working days after the panel report",
        "Final decisions finding fault",
        "Overdue today",
        "Signed off in the period",
    ):
        assert shown[line] == 0, line


def test_the_period_is_the_last_12_months_unless_chosen(client: Client, p: Personas) -> None:
    today = timezone.localdate()
    first, last = last_twelve_months(today)
    assert (first + relativedelta(months=12) - timedelta(days=1), last) == (today, today)
    create_complaint(p.officer, received_on=today)
    create_complaint(p.officer, received_on=first)
    create_complaint(p.officer, received_on=first - timedelta(days=1))
    response = as_user(client, p.officer).get(REPORT)
    assert f"{first:%-d %B %Y} to {today:%-d %B %Y}" in page_text(response)
    assert counts(response)["Complaints received"] == 2
    chosen = as_user(client, p.officer).get(REPORT, period(first - timedelta(days=1), first))
    assert counts(chosen)["Complaints received"] == 2


def test_a_period_that_ends_before_it_starts_is_an_error(client: Client, p: Personas) -> None:
    response = as_user(client, p.manager).get(REPORT, period(date(2026, 3, 31), date(2025, 4, 1)))
    assert response.status_code == 200
    assert "<title>Error: Procedure report" in response.content.decode()
    assert "The end of the period must be after its start" in page_text(response)


# -- the counts ---------------------------------------------------------------------------


def test_complaints_received_by_route(client: Client, p: Personas) -> None:
    stage2_requested(p)  # received 29 August 2025, statutory
    stage2_requested(p, route=Route.CORPORATE)
    create_complaint(p.officer, received_on=date(2025, 8, 1))  # not yet classified
    elsewhere = create_complaint(p.officer, received_on=date(2025, 8, 2))
    intake.classify(elsewhere, by=p.officer, route=Route.OTHER, reason="Safeguarding referral")
    create_complaint(p.officer, received_on=date(2024, 12, 31))  # before the period
    shown = counts(
        as_user(client, p.manager).get(REPORT, period(date(2025, 1, 1), date(2025, 12, 31)))
    )
    assert shown["Complaints received"] == 4
    assert (
        shown["Statutory (Children Act 1989)"],
        shown["Corporate complaints procedure"],
        shown["Handled under another procedure"],
        shown["Not yet classified"],
    ) == (1, 1, 1, 1)


def test_rule_15_statutory_stage_2_refusals_are_counted(client: Client, p: Personas) -> None:
    refuse(stage2_requested(p), p)
    refuse(stage2_requested(p), p)
    refuse(stage2_requested(p, route=Route.CORPORATE), p)
    stage2_requested(p)  # requested, not refused
    shown = counts(as_user(client, p.manager).get(REPORT, this_year()))
    assert shown["Stage 2 requests received"] == 4
    assert shown["Stage 2 requests refused: statutory complaints"] == 2
    assert shown["Stage 2 requests refused: other complaints"] == 1
    # A refusal is counted in the period of its refusal date (today), not its request date.
    yesterday = timezone.localdate() - timedelta(days=1)
    before = counts(as_user(client, p.manager).get(REPORT, period(date(2025, 1, 1), yesterday)))
    assert before["Stage 2 requests refused: statutory complaints"] == 0
    assert before["Stage 2 requests received"] == 4


def test_rule_31_statutory_stage_3_refusals_are_counted(client: Client, p: Personas) -> None:
    stage3_refused(adjudicated(p), p, date(2026, 2, 10))
    stage3_refused(adjudicated(p, route=Route.CORPORATE), p, date(2026, 2, 11))
    stage3_refused(adjudicated(p), p, date(2025, 12, 31))  # before the period
    shown = counts(
        as_user(client, p.manager).get(REPORT, period(date(2026, 1, 1), date(2026, 3, 31)))
    )
    assert shown["Stage 3 requests refused: statutory complaints"] == 1
    assert shown["Stage 3 requests refused: other complaints"] == 1
    assert shown["Stage 3 requests received"] == 2


def test_rule_24_closures_for_non_engagement_are_counted(client: Client, p: Personas) -> None:
    close_for_non_engagement(p)
    reopened = close_for_non_engagement(p)
    stage2.reopen(reopened, by=p.manager, reasons="The complainant was in hospital")
    shown = counts(as_user(client, p.manager).get(REPORT, this_year()))
    assert shown["Stage 2 investigations closed"] == 2
    assert shown["Of these, reopened since"] == 1
    assert shown["Of these, still closed"] == 1


def test_rule_32_36_37_missed_stage_3_deadlines_are_counted_by_kind(
    client: Client, p: Personas
) -> None:
    complaint = adjudicated(p)
    breach(complaint, p, BreachKind.PANEL_MEETING, date(2026, 2, 2))
    breach(complaint, p, BreachKind.PANEL_REPORT, date(2026, 3, 2))
    breach(adjudicated(p), p, BreachKind.PANEL_REPORT, date(2026, 3, 9))
    breach(complaint, p, BreachKind.COUNCIL_RESPONSE, date(2026, 4, 30))  # after the period
    shown = counts(
        as_user(client, p.manager).get(REPORT, period(date(2026, 1, 1), date(2026, 3, 31)))
    )
    assert shown["Panel meeting later than 30 working days after the request"] == 1
    assert shown["Panel report later than 5 working days after the meeting"] == 2
    assert shown["Council response later than 15 working days after the panel report"] == 0


def test_rule_29_stage_2_timeliness_is_judged_on_the_adjudication_letter(
    client: Client, p: Personas
) -> None:
    from heard.decisions import actions as decisions

    # Requested 26 September 2025: due 31 October (25 WD), at the latest 30 December (65 WD).
    on_time = adjudicated(p)
    decisions.send_adjudication_letter(on_time, by=p.adjudicator, sent_on=date(2025, 10, 24))
    extended = adjudicated(p)
    decisions.send_adjudication_letter(extended, by=p.adjudicator, sent_on=date(2025, 12, 1))
    late = adjudicated(p)
    decisions.send_adjudication_letter(late, by=p.adjudicator, sent_on=date(2026, 1, 5))
    shown = counts(as_user(client, p.manager).get(REPORT, this_year()))
    assert shown["Stage 2 adjudication letters sent"] == 3
    assert shown["Within 25 working days of the request"] == 1
    assert shown["Within the 65-working-day limit"] == 1
    assert shown["Later than 65 working days"] == 1


def test_rule_40_ombudsman_enquiries_and_fault_found(client: Client, p: Personas) -> None:
    complaint = adjudicated(p)
    in_period = {"received_on": date(2026, 1, 5)}
    ombudsman_case(complaint, p, "25 000 001", **in_period)
    ombudsman_case(
        complaint,
        p,
        "25 000 002",
        **in_period,
        final_decision_on=date(2026, 3, 1),
        fault_found=True,
    )
    ombudsman_case(
        complaint,
        p,
        "25 000 003",
        **in_period,
        final_decision_on=date(2026, 3, 2),
        fault_found=False,
    )
    ombudsman_case(
        complaint,
        p,
        "24 000 004",
        received_on=date(2025, 6, 1),
        final_decision_on=date(2026, 2, 1),
        fault_found=True,
    )
    shown = counts(
        as_user(client, p.manager).get(REPORT, period(date(2026, 1, 1), date(2026, 3, 31)))
    )
    assert shown["Enquiries and investigations received"] == 3
    assert shown["Final decisions"] == 3
    assert shown["Final decisions finding fault"] == 2
    assert shown["Final decisions finding no fault"] == 1


def test_rule_38_actions_open_overdue_and_signed_off(client: Client, p: Personas) -> None:
    adjudicated(p)  # its action was due 14 November 2025
    later = adjudicated(p)
    Action.objects.filter(complaint=later).update(due_on=timezone.localdate() + timedelta(days=9))
    done = adjudicated(p)
    signed = adjudicated(p)
    # Setup only: completing and signing off actions are another piece of work (rule 38).
    Action.objects.filter(complaint=done).update(
        state=Action.State.DONE, evidence="Letter sent", completed_on=date(2025, 11, 20)
    )
    Action.objects.filter(complaint=signed).update(
        state=Action.State.SIGNED_OFF,
        evidence="Letter sent",
        completed_on=date(2025, 11, 3),
        signed_off_on=date(2025, 11, 5),
    )
    shown = counts(as_user(client, p.manager).get(REPORT, this_year()))
    assert shown["Open today"] == 2
    assert shown["Overdue today"] == 1
    assert shown["Done, awaiting sign-off today"] == 1
    assert shown["Signed off in the period"] == 1
    outside = counts(
        as_user(client, p.manager).get(REPORT, period(date(2026, 1, 1), date(2026, 1, 31)))
    )
    assert outside["Signed off in the period"] == 0
    assert outside["Open today"] == 2  # as they stand today, whatever the period


def test_the_report_is_a_few_aggregate_queries_however_much_is_recorded(
    p: Personas,
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            procedure_report(date(2025, 1, 1), timezone.localdate(), timezone.localdate())
        return len(captured)

    empty = queries()
    for _ in range(3):
        refuse(stage2_requested(p), p)
        close_for_non_engagement(p)
    assert queries() == empty == 10  # a few aggregates per question, nothing per row


@pytest.mark.parametrize("persona", ["io", "ip", "adjudicator", "other_io", "outsider"])
def test_only_complaints_staff_may_read_the_report(
    client: Client, p: Personas, persona: str
) -> None:
    assert as_user(client, getattr(p, persona)).get(REPORT).status_code == 404
