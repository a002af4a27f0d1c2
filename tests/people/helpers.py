"""Builders for roster tests: people on the roster with the facts suggestions turn on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from heard.complaints.actions import appointments
from heard.complaints.models import Complaint, Stage3
from heard.complaints.models.choices import Status
from heard.decisions import actions as decisions
from heard.people.models import Theme, Unavailability, User
from tests.complaints.helpers import adjudicated
from tests.personas import Personas, create_user, put_on_roster

PROVIDER = "Independent Reviews Ltd"


def roster_person(
    username: str,
    *roles: str,
    last_name: str = "Tester",
    provider: str = PROVIDER,
    council: bool = False,
    left_council_on: date | None = None,
    skills: Iterable[str] = (),
    on_roster: bool = True,
    **roster_fields: Any,
) -> User:
    """Someone holding ``roles``, external unless ``council``, on the roster unless told not."""
    user = create_user(
        username,
        *roles,
        last_name=last_name,
        organisation=provider,
        is_council_member_or_officer=council,
        left_council_on=left_council_on,
        email=f"{username}@example.org",
    )
    if on_roster:
        put_on_roster(user, **roster_fields)
        user.roster_entry.skills.set(themes(*skills))
    return user


def themes(*names: str) -> QuerySet[Theme]:
    return Theme.objects.filter(name__in=names)


def away(user: User, starts_on: date, ends_on: date, reason: str = "Annual leave") -> None:
    Unavailability.objects.create(
        officer=user.roster_entry, starts_on=starts_on, ends_on=ends_on, reason=reason
    )


def set_point_themes(complaint: Complaint, *names_per_point: tuple[str, ...]) -> None:
    """Test setup only: themes are set through their own step, tested elsewhere."""
    for point, names in zip(complaint.points.order_by("number"), names_per_point, strict=False):
        point.themes.set(themes(*names))


def stage3_panel(p: Personas, *, meeting_on: date | None = None) -> Complaint:
    """A complaint convening its Stage 3 panel.

    Stage 2 goes through the real actions; the Stage 3 request and acceptance are written
    directly here because the Stage 3 actions are built and tested elsewhere (test setup
    only: nothing else in this suite changes a status by a queryset update)."""
    complaint = adjudicated(p)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 27))
    Stage3.objects.create(
        complaint=complaint,
        requested_on=date(2025, 11, 3),
        channel="email",
        accepted_on=date(2025, 11, 4),
        panel_due_on=date(2025, 12, 15),
        meeting_on=meeting_on,
    )
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.STAGE3_PANEL, stage=3)
    complaint.refresh_from_db()
    return complaint


def panel_appointment(complaint: Complaint, p: Personas, person: User, role: str) -> Any:
    return appointments.appoint(
        complaint,
        by=p.manager,
        person=person,
        role=role,
        conflict_declaration="None",
        attested_not_council=True,
        attested_not_spouse=True,
    )


RATE = Decimal("60.00")
