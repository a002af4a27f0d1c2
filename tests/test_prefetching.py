"""``heard.prefetching.CompiledOnce`` (decision 035): a query Django compiles once and then
only runs with a new id. Its reads of the case page's relations are checked against Django's
own prefetch on every demo case in ``tests/test_demo_data.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet

from heard.complaints.models import Complaint
from heard.prefetching import CompiledOnce
from tests.personas import create_complaint, create_personas

pytestmark = pytest.mark.django_db


def test_it_is_compiled_once_and_gives_what_values_gives_for_each_id() -> None:
    p = create_personas()
    first, second = create_complaint(p.officer), create_complaint(p.officer)
    built: list[int] = []

    def build(key: int) -> QuerySet[Any]:
        built.append(key)
        return Complaint.objects.filter(pk=key).values("reference", "received_on", "created_at")

    query = CompiledOnce(build)
    for complaint in (first, second, first):
        expected = list(build(complaint.pk))
        assert query.rows(complaint.pk) == expected  # dates and times converted as Django does
    assert len(built) == 1 + 3  # compiled on the first run only (plus the three expected)
    assert query.rows(-1) == []


def test_a_query_that_does_not_depend_on_the_id_is_refused() -> None:
    with pytest.raises(ValueError, match="does not depend on its id"):
        CompiledOnce(lambda key: Complaint.objects.values("pk")).rows(1)
    with pytest.raises(ValueError, match="values"):
        CompiledOnce(lambda key: Complaint.objects.filter(pk=key)).rows(1)
