"""The stored table of running deadlines follows every change (decision 029).

The work queue reads ``RunningDeadline`` instead of asking every source per case, so after
every action the table must hold exactly what ``running_deadlines`` works out, no more.
"""

from __future__ import annotations

import pytest

from heard.complaints.actions import stage2
from heard.complaints.deadlines import running_deadlines
from heard.complaints.models import Complaint, RunningDeadline
from tests.complaints.helpers import (
    FIRST_CONTACT_ON,
    appoint_io,
    stage2_accepted,
    stage2_investigating,
    statement_agreed,
)
from tests.personas import Personas, create_complaint, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def stored(complaint: Complaint) -> list[tuple[str, str, str]]:
    rows = RunningDeadline.objects.filter(complaint=complaint).order_by("due_on", "key")
    return [(r.due_on.isoformat(), r.key, r.waits_role) for r in rows]


def worked_out(complaint: Complaint) -> list[tuple[str, str, str]]:
    found = running_deadlines(Complaint.objects.get(pk=complaint.pk))
    return sorted((d.due_on.isoformat(), d.key, d.role) for d in found)


def test_the_table_matches_the_sources_through_the_procedure(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    assert stored(complaint) == worked_out(complaint) != []
    complaint = create_stage1_complaint(p.officer)
    assert stored(complaint) == worked_out(complaint)
    assert "stage1_response" in [key for _, key, _ in stored(complaint)]
    complaint = stage2_accepted(p)
    appoint_io(complaint, p)
    assert stored(complaint) == worked_out(complaint)
    complaint = stage2_investigating(p)
    keys = [key for _, key, _ in stored(complaint)]
    assert "stage1_response" not in keys
    assert "stage2_response" in keys
    assert stored(complaint) == worked_out(complaint)


def test_a_case_with_a_stored_deadline_has_the_earliest_as_its_due_date(p: Personas) -> None:
    """The queue's "mine" and "team" counts read only cases with a due date (decision 032):
    that is right only while every stored deadline's case has one, the earliest."""
    create_complaint(p.officer)
    create_stage1_complaint(p.officer)
    appoint_io(stage2_accepted(p), p)
    stage2_investigating(p)
    statement_agreed(p)
    for complaint in Complaint.objects.filter(running_deadlines__isnull=False).distinct():
        dates = RunningDeadline.objects.filter(complaint=complaint).values_list("due_on", flat=True)
        assert complaint.due_on == min(dates)
    assert RunningDeadline.objects.filter(complaint__due_on__isnull=True).count() == 0
    assert RunningDeadline.objects.exists()


def test_a_deadline_met_leaves_the_table(p: Personas) -> None:
    complaint = stage2_investigating(p)
    stage2.record_first_contact(complaint, by=p.io, contacted_on=FIRST_CONTACT_ON)
    before = [key for _, key, _ in stored(complaint)]
    agreed = statement_agreed(p)
    after = [key for _, key, _ in stored(agreed)]
    assert "statement_agreed" in before
    assert "statement_agreed" not in after
    assert stored(agreed) == worked_out(agreed)
    assert stored(complaint) == worked_out(complaint)


def test_each_row_says_whose_move_it_is(p: Personas) -> None:
    complaint = create_complaint(p.officer)
    row = RunningDeadline.objects.get(complaint=complaint, key="acknowledgement")
    assert row.waits_role == "council"
    assert row.waits_on == "Complaints team"
