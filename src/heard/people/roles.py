"""Staff roles and case appointment roles: the two kinds of role Heard checks.

A staff role (a Django auth group) says what someone does for the council as a whole; an
appointment says what someone does on one complaint. Permissions come from both: complaints
staff see every case, everyone else sees only the cases they are appointed to.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from heard.users import AnyUser


class StaffRole(models.TextChoices):
    COMPLAINTS_MANAGER = "complaints_manager", "Complaints Manager"
    COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer"
    ADJUDICATING_OFFICER = "adjudicating_officer", "Adjudicating officer (senior manager)"
    STAFF_MEMBER = "staff_member", "Service manager or staff member"
    ADMINISTRATOR = "administrator", "Administrator"
    INVESTIGATING_OFFICER = "investigating_officer", "Investigating Officer"
    INDEPENDENT_PERSON = "independent_person", "Independent Person"
    PANEL_MEMBER = "panel_member", "Stage 3 panel member"
    PANEL_CHAIR = "panel_chair", "Stage 3 panel chair"


# The four independent roles a council commissions from a provider; each is held through the
# group of the same name, and the roster records the rest (skills, DBS, availability).
ROSTER_ROLES = (
    StaffRole.INVESTIGATING_OFFICER,
    StaffRole.INDEPENDENT_PERSON,
    StaffRole.PANEL_MEMBER,
    StaffRole.PANEL_CHAIR,
)


# Staff who see and work on every case.
COMPLAINTS_STAFF = frozenset({StaffRole.COMPLAINTS_MANAGER, StaffRole.COMPLAINTS_OFFICER})


def roles_of(user: AnyUser) -> frozenset[str]:
    """The user's staff roles, read once per user object (one query) and then remembered."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_heard_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        user._heard_roles = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: AnyUser, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_complaints_staff(user: AnyUser) -> bool:
    return bool(roles_of(user) & COMPLAINTS_STAFF)


def is_complaints_manager(user: AnyUser) -> bool:
    return StaffRole.COMPLAINTS_MANAGER in roles_of(user)


def role_labels(groups: Any) -> list[str]:
    """The roster roles among a person's groups, in the usual order."""
    names = {g.name for g in groups}
    return [role.label for role in ROSTER_ROLES if role.value in names]
