"""Who sees which complaints: staff see all, others only through a current appointment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from heard.complaints.access import complaints_visible_to, get_complaint_for_user
from heard.complaints.actions import appointments, stage1
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.people.models import User
from heard.people.roles import StaffRole
from tests.personas import (
    Personas,
    create_personas,
    create_stage1_complaint,
    create_stage2_complaint,
    create_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


@pytest.fixture
def cases(p: Personas) -> dict[str, Complaint]:
    """A: Stage 2 with the IO, IP and adjudicator; B: Stage 1 with a responder; C: nobody."""
    a = create_stage2_complaint(p)
    appointments.appoint(
        a,
        by=p.manager,
        person=p.adjudicator,
        role=AppointmentRole.ADJUDICATOR,
        conflict_declaration="None",
    )
    b = create_stage1_complaint(p.officer, received_on=date(2026, 2, 2))
    stage1.assign_responder(b, by=p.officer, responder=p.responder)
    c = create_stage1_complaint(p.officer, received_on=date(2026, 2, 3))
    return {"A": a, "B": b, "C": c}


def _visible(user: User | AnonymousUser) -> set[int]:
    return set(complaints_visible_to(user).values_list("pk", flat=True))


def _hidden(user: User, pk: Any) -> None:
    with pytest.raises(Http404, match="No such complaint"):
        get_complaint_for_user(user, pk)


def test_complaints_staff_see_every_complaint(p: Personas, cases: dict[str, Complaint]) -> None:
    everything = {c.pk for c in cases.values()}
    for user in (p.manager, p.officer):
        assert _visible(user) == everything
        for complaint in cases.values():
            assert get_complaint_for_user(user, complaint.pk) == complaint


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("io", "A"), ("ip", "A"), ("adjudicator", "A"), ("responder", "B")],
)
def test_appointed_people_see_only_their_complaints(
    p: Personas, cases: dict[str, Complaint], persona: str, sees: str
) -> None:
    user: User = getattr(p, persona)
    assert _visible(user) == {cases[sees].pk}
    assert get_complaint_for_user(user, cases[sees].pk) == cases[sees]
    for key, complaint in cases.items():
        if key != sees:
            _hidden(user, complaint.pk)


@pytest.mark.parametrize("persona", ["outsider", "other_io", "senior"])
def test_people_with_no_appointment_see_nothing(
    p: Personas, cases: dict[str, Complaint], persona: str
) -> None:
    user: User = getattr(p, persona)
    assert _visible(user) == set()
    for complaint in cases.values():
        _hidden(user, complaint.pk)


def test_hidden_and_missing_complaints_answer_404_alike(
    p: Personas, cases: dict[str, Complaint]
) -> None:
    missing = max(c.pk for c in cases.values()) + 1000
    errors = []
    for pk in (cases["A"].pk, missing):
        with pytest.raises(Http404) as raised:
            get_complaint_for_user(p.outsider, pk)
        errors.append(str(raised.value))
    assert errors[0] == errors[1]
    _hidden(p.manager, missing)
    _hidden(p.manager, "not-a-number")


def test_an_ended_appointment_no_longer_gives_access(
    p: Personas, cases: dict[str, Complaint]
) -> None:
    a, b = cases["A"], cases["B"]
    appointments.appoint(
        a,
        by=p.manager,
        person=p.other_io,
        role=AppointmentRole.INVESTIGATING_OFFICER,
        conflict_declaration="None",
    )  # replaces p.io, whose appointment ends
    assert _visible(p.io) == set()
    _hidden(p.io, a.pk)
    assert _visible(p.other_io) == {a.pk}

    new_responder = create_user("new_responder", StaffRole.STAFF_MEMBER)
    stage1.assign_responder(b, by=p.officer, responder=new_responder)
    assert _visible(p.responder) == set()
    _hidden(p.responder, b.pk)
    assert _visible(new_responder) == {b.pk}


def test_one_person_on_two_complaints_sees_each_once(
    p: Personas, cases: dict[str, Complaint]
) -> None:
    stage1.assign_responder(cases["C"], by=p.officer, responder=p.responder)
    found = list(complaints_visible_to(p.responder).values_list("pk", flat=True))
    assert sorted(found) == sorted([cases["B"].pk, cases["C"].pk])


def test_signed_out_or_deactivated_users_see_nothing(
    p: Personas, cases: dict[str, Complaint]
) -> None:
    assert _visible(AnonymousUser()) == set()
    User.objects.filter(pk__in=[p.manager.pk, p.io.pk]).update(is_active=False)
    for pk in (p.manager.pk, p.io.pk):
        user = User.objects.get(pk=pk)
        assert _visible(user) == set()
        _hidden(user, cases["A"].pk)
