"""The complaints team: the people who may handle a case."""

from __future__ import annotations

from django.db.models import QuerySet

from heard.people.models import User
from heard.people.roles import COMPLAINTS_STAFF


def complaints_team() -> QuerySet[User]:
    """Active complaints officers and managers, by name: the choices for a case's handler."""
    return (
        User.objects.filter(is_active=True, groups__name__in=COMPLAINTS_STAFF)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
