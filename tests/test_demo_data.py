"""The demo data: every role can sign in, every status is shown, and loading twice adds nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.access import complaints_visible_to
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import AppointmentRole, Status
from heard.demo import DEMO_USERS
from heard.demo_cases import CASES
from heard.demo_roster import ROSTER
from heard.people.models import IndependentOfficer
from heard.people.roles import ROSTER_ROLES, StaffRole, roles_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> dict[str, str]:
    """Load the demo once through the command, as scripts/run does; return the passwords."""
    settings.DATA_DIR = tmp_path
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    return dict(json.loads((tmp_path / "demo-users.json").read_text()))


def test_loading_twice_adds_nothing_and_keeps_the_passwords(
    demo: dict[str, str], settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    users, complaints = get_user_model().objects.count(), Complaint.objects.count()
    events = CaseEvent.objects.count()
    call_command("load_demo_data")
    everyone = {user.username for user in DEMO_USERS} | {person.username for person in ROSTER}
    assert get_user_model().objects.count() == users == len(everyone)
    assert IndependentOfficer.objects.count() == len(ROSTER)
    assert Complaint.objects.count() == complaints == len(CASES)
    assert CaseEvent.objects.count() == events
    assert json.loads((settings.DATA_DIR / "demo-users.json").read_text()) == demo
    assert "already loaded" in capsys.readouterr().out


def test_every_status_is_shown_and_each_case_is_where_its_script_leaves_it(demo: object) -> None:
    by_summary = dict(Complaint.objects.values_list("summary", "status"))
    assert {story.summary: story.expected for story, _ in CASES} == by_summary
    assert set(by_summary.values()) == set(Status.values)
    assert 20 <= len(by_summary) <= 25


def test_cases_are_built_by_the_actions_with_dates_relative_to_today(demo: object) -> None:
    today = timezone.localdate()
    for complaint in Complaint.objects.all():
        events = CaseEvent.objects.filter(complaint_id=complaint.pk)
        assert events.filter(name="complaint.received").count() == 1
        assert all(timezone.localdate(at) <= today for at in events.values_list("at", flat=True))
        assert complaint.received_on <= today
    open_cases = [c for c in Complaint.objects.all() if c.is_open]
    assert any(c.is_overdue(today) for c in open_cases)
    assert any(c.due_on and c.due_on > today for c in open_cases)
    assert Complaint.objects.filter(stage2__extended_on__isnull=False).exists()
    assert Complaint.objects.filter(stage1__extended_on__isnull=False).exists()
    completed = {
        c.stage2.completed_within for c in Complaint.objects.filter(status="stage2_complete")
    }
    assert {"within 25 working days", "late"} <= completed


def test_every_demo_user_signs_in_and_has_their_role(demo: dict[str, str]) -> None:
    for user in DEMO_USERS:
        assert Client().login(username=user.username, password=demo[user.username]), user
        person = get_user_model().objects.get(username=user.username)
        assert roles_of(person) == {str(group) for group in user.groups}
    manager = get_user_model().objects.get(username="manager")
    assert manager.is_superuser and StaffRole.COMPLAINTS_MANAGER in roles_of(manager)


def test_external_officers_are_independent_and_one_shows_the_former_staff_warning(
    demo: object,
) -> None:
    external = get_user_model().objects.filter(username__in=["io1", "io2", "ip1", "ip2"])
    assert all(not u.is_council_member_or_officer and u.organisation for u in external)
    former = Appointment.objects.get(
        person__username="ip2", role=AppointmentRole.INDEPENDENT_PERSON,
        complaint__status=Status.STAGE2_INVESTIGATION,
    )  # fmt: skip
    assert former.former_staff_warning_acknowledged


def test_an_external_investigating_officer_sees_only_their_own_cases(demo: object) -> None:
    io1, io2 = (get_user_model().objects.get(username=name) for name in ("io1", "io2"))
    mine = set(
        Appointment.objects.filter(person=io1, ended_on__isnull=True).values_list(
            "complaint_id", flat=True
        )
    )
    theirs = set(Appointment.objects.filter(person=io2).values_list("complaint_id", flat=True))
    visible = set(complaints_visible_to(io1).values_list("pk", flat=True))
    assert visible == mine
    assert len(mine) >= 3 and theirs and not (visible & theirs)
    assert len(visible) < Complaint.objects.count()


def test_the_roster_has_twenty_officers_in_every_role_and_every_reason_to_leave_one_out(
    demo: object,
) -> None:
    today = timezone.localdate()
    roster = IndependentOfficer.objects.select_related("person").prefetch_related(
        "skills", "unavailable_periods", "person__groups"
    )
    assert roster.count() >= 20
    for role in ROSTER_ROLES:
        holders = [o for o in roster if role in {g.name for g in o.person.groups.all()}]
        assert len(holders) >= 3, role
    assert all(not o.person.is_council_member_or_officer for o in roster)
    assert all(o.skills.all() for o in roster)
    assert {o.person.organisation for o in roster} >= {
        "Larkhill Reviews Ltd (demo)",
        "Cobbold Associates (demo)",
        "Weald Independent Panels CIC (demo)",
    }
    assert any(not o.dbs_in_date(today) for o in roster)
    assert any(
        p.starts_on <= today <= p.ends_on for o in roster for p in o.unavailable_periods.all()
    )
    assert any(o.person.left_council_on for o in roster)
    # Only the demo users can sign in; the rest of the roster has no usable password.
    sign_in = {user.username for user in DEMO_USERS}
    assert all(o.person.has_usable_password() == (o.person.username in sign_in) for o in roster)
