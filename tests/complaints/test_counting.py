"""``count_each``: several counts in one query, each the same as the queryset's own count
(decision 032)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.complaints.counting import count_each
from heard.complaints.models import Complaint, RunningDeadline
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def test_each_count_is_the_querysets_own_count_in_one_query(p: Personas) -> None:
    today = timezone.localdate()
    for days in (1, 5, 12, 40):
        create_stage1_complaint(p.officer, received_on=today - timedelta(days=days))
    deadlines = RunningDeadline.objects.all()
    slices = {
        "overdue": deadlines.filter(due_on__lt=today),
        "later": deadlines.filter(due_on__gte=today),
        "none": deadlines.filter(due_on__lt=today - timedelta(days=3650)),
        # A join and a subquery, as the scoped counts and the access rules make.
        "handled": deadlines.filter(complaint__handler=p.officer),
        "not handled": deadlines.exclude(complaint__handler=p.officer),
        "ordered, sliced": Complaint.objects.order_by("-received_on")[:2],
        "in": Complaint.objects.filter(Q(pk__in=deadlines.values("complaint_id"))),
    }
    with CaptureQueriesContext(connection) as queries:
        counts = count_each(slices)
    assert len(queries) == 1
    assert counts == {name: qs.count() for name, qs in slices.items()}
    assert counts["overdue"] + counts["later"] == deadlines.count() > 0
    assert counts["ordered, sliced"] == 2


def test_nothing_to_count_asks_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert count_each({}) == {}
    assert len(queries) == 0
