"""Every staff role has its group from the migrations, so a new installation needs no demo data
before people can be given their roles (including the Stage 3 panel roles)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from heard.people.roles import StaffRole

pytestmark = pytest.mark.django_db


def test_the_migrations_make_a_group_for_every_staff_role() -> None:
    assert set(StaffRole.values) <= set(Group.objects.values_list("name", flat=True))
