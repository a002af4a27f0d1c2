"""``heard.compiled`` (decisions 035 and 037): queries Django compiles once per process and then
only runs with new values. The case page's reads through it are checked against Django's own
prefetch on every demo case in ``tests/test_demo_data.py``; the home page's queue is checked
by ``tests/complaints/test_queue.py``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from heard.compiled import CompiledCounts, CompiledOnce
from heard.complaints.counting import count_each
from heard.complaints.models import Complaint
from tests.personas import create_complaint, create_personas

pytestmark = pytest.mark.django_db


def test_it_is_compiled_once_and_gives_what_values_gives_for_each_id() -> None:
    p = create_personas()
    first, second = create_complaint(p.officer), create_complaint(p.officer)
    built: list[int] = []

    def build(key: int) -> QuerySet[Any]:
        built.append(key)
        return Complaint.objects.filter(pk=key).values("reference", "received_on", "created_at")

    query = CompiledOnce(build, int)
    for complaint in (first, second, first):
        expected = list(build(complaint.pk))
        assert query.rows(complaint.pk) == expected  # dates and times converted as Django does
    # Built twice on the first run only (two sets of stand-ins), plus the three expected.
    assert len(built) == 2 + 3
    assert query.rows(-1) == []


def test_dates_and_strings_are_arguments_as_well() -> None:
    p = create_personas()
    one, two = create_complaint(p.officer), create_complaint(p.officer)
    Complaint.objects.filter(pk=two.pk).update(received_on=one.received_on - timedelta(days=3))

    def build(reference: str, since: date, handler: int) -> QuerySet[Any]:
        found = Complaint.objects.filter(received_on__gte=since).exclude(reference=reference)
        return found.exclude(handler_id=handler).order_by("pk").values("pk")

    query = CompiledOnce(build, str, date, int)
    for args in [
        (one.reference, one.received_on, -1),
        (one.reference, two.received_on, -1),
        (two.reference, two.received_on, -1),
        ("", two.received_on, p.officer.pk),
        ("", date(2000, 1, 1), -1),
    ]:
        assert query.rows(*args) == list(build(*args)), args


def test_a_value_worked_out_from_an_argument_is_refused() -> None:
    # The day after "today" would be frozen into the SQL at the first run: refused, so it
    # must be passed as an argument of its own.
    later = CompiledOnce(
        lambda today: Complaint.objects.filter(due_on__gt=today + timedelta(days=1)).values("pk"),
        date,
    )
    with pytest.raises(ValueError, match="worked out from an argument"):
        later.rows(date(2026, 1, 5))
    # So is a string the ORM rewrites (a LIKE pattern): the stand-in would not be found.
    starts = CompiledOnce(
        lambda text: Complaint.objects.filter(reference__startswith=text).values("pk"), str
    )
    with pytest.raises(ValueError, match="worked out from an argument"):
        starts.rows("C-")


def test_only_a_values_query_and_only_values_of_the_right_kind() -> None:
    with pytest.raises(ValueError, match="values"):
        CompiledOnce(lambda key: Complaint.objects.filter(pk=key), int).rows(1)
    query = CompiledOnce(lambda day: Complaint.objects.filter(due_on=day).values("pk"), date)
    with pytest.raises(TypeError):
        query.rows(datetime(2026, 1, 5, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(TypeError):
        query.rows(date(2026, 1, 5), date(2026, 1, 6))
    ids = CompiledOnce(lambda key: Complaint.objects.filter(pk=key).values("pk"), int)
    with pytest.raises(TypeError):
        ids.rows(True)
    with pytest.raises(TypeError):
        ids.rows("1")
    with pytest.raises(ValueError, match="too large"):
        ids.rows(2**63)


def test_counts_are_what_count_each_gives() -> None:
    p = create_personas()
    complaints = [create_complaint(p.officer) for _ in range(3)]
    day = complaints[0].received_on

    def slices(since: date, handler: int) -> dict[str, QuerySet[Any]]:
        return {
            "since": Complaint.objects.filter(received_on__gte=since),
            "handled": Complaint.objects.filter(handler_id=handler),
            "all": Complaint.objects.all(),
        }

    counts = CompiledCounts(slices, date, int)
    for args in [(day, p.officer.pk), (day + timedelta(days=1), -1), (date(2000, 1, 1), 0)]:
        assert counts.counts(*args) == count_each(slices(*args)), args
    assert counts.counts(date(2000, 1, 1), -1)["all"] == Complaint.objects.count()
