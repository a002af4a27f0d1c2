"""The demo data: every role can sign in, every status is shown, Stage 3, the Ombudsman, agreed
actions, themes and time are all there to try, and loading twice adds nothing.

The demo is loaded once for the module (it takes a few seconds) inside a transaction that is
rolled back at the end, so other test modules still start from an empty database; each test
runs in its own savepoint within it, as usual.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints.access import complaints_visible_to
from heard.complaints.guards import panel_is_complete
from heard.complaints.learning import repeat_findings
from heard.complaints.models import Appointment, Breach, Complaint, ComplaintPoint, TimeEntry
from heard.complaints.models.choices import (
    PANEL_ROLES,
    AppointmentRole,
    BreachKind,
    Status,
    SubmissionSource,
)
from heard.complaints.suggestions import shortlist
from heard.complaints.workflow import ALL_EVENTS
from heard.decisions.models import Action, PanelSubmission
from heard.decisions.tracking import overdue_q
from heard.demo import DEMO_USERS
from heard.demo_cases import CASES
from heard.demo_roster import ROSTER
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import IndependentOfficer, Theme
from heard.people.roles import ROSTER_ROLES, StaffRole, roles_of
from heard.roster.fees import invoice, providers
from tests.personas import create_personas
from tests.test_trust_nothing_overwritten import _exercise_the_rarer_events

pytestmark = pytest.mark.django_db

STAGE3_STATUSES = {s for s in Status.values if s.startswith("stage3")}


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Load the demo once through the command, as scripts/run does; roll it back afterwards.
    Returns the data directory holding the demo sign-ins."""
    data_dir = tmp_path_factory.mktemp("demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=data_dir, DEBUG=True, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("load_demo_data", stdout=io.StringIO())
        yield data_dir
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: Path, settings: Any) -> dict[str, str]:
    """The loaded demo's passwords, with the settings it was loaded with."""
    settings.DATA_DIR = loaded
    settings.DEBUG = True
    return dict(json.loads((loaded / "demo-users.json").read_text()))


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def test_loading_twice_adds_nothing_and_keeps_the_passwords(
    demo: dict[str, str], settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    models = (
        get_user_model(), Complaint, CaseEvent, Action, Breach, TimeEntry, OmbudsmanCase, Remedy,
        PanelSubmission, Appointment,
    )  # fmt: skip
    before = {model: model.objects.count() for model in models}
    call_command("load_demo_data")
    assert {model: model.objects.count() for model in models} == before
    everyone = {u.username for u in DEMO_USERS} | {person.username for person in ROSTER}
    assert before[get_user_model()] == len(everyone)
    assert IndependentOfficer.objects.count() == len(ROSTER)
    assert before[Complaint] == len(CASES)
    assert json.loads((settings.DATA_DIR / "demo-users.json").read_text()) == demo
    assert "already loaded" in capsys.readouterr().out


def test_every_status_is_shown_and_each_case_is_where_its_script_leaves_it(demo: object) -> None:
    by_summary = dict(Complaint.objects.values_list("summary", "status"))
    assert {story.summary: story.expected for story, _ in CASES} == by_summary
    assert set(by_summary.values()) == set(Status.values)
    assert 28 <= len(by_summary) <= 36


def test_cases_are_built_by_the_actions_with_dates_relative_to_today(demo: object) -> None:
    today = timezone.localdate()
    for complaint in Complaint.objects.all():
        events = CaseEvent.objects.filter(complaint_id=complaint.pk)
        assert events.filter(name="complaint.received").count() == 1
        times = list(events.values_list("at", flat=True))
        assert all(timezone.localdate(at) <= today for at in times)
        assert len(set(times)) == len(times), complaint.reference  # no two events at once
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
    for demo_user in DEMO_USERS:
        assert Client().login(username=demo_user.username, password=demo[demo_user.username])
        assert roles_of(user(demo_user.username)) == {str(group) for group in demo_user.groups}
    manager = user("manager")
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
    io1, io2 = user("io1"), user("io2")
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
    sign_in = {u.username for u in DEMO_USERS}
    assert all(o.person.has_usable_password() == (o.person.username in sign_in) for o in roster)


# -- Stage 3 ------------------------------------------------------------------------------------


def test_stage3_has_a_case_at_every_step(demo: object) -> None:
    today = timezone.localdate()
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses >= STAGE3_STATUSES

    requested = Complaint.objects.get(status=Status.STAGE3_REQUESTED)
    assert requested.stage3.request_was_late and requested.stage3.accepted_on is None

    met = Complaint.objects.get(status=Status.STAGE3_REPORT)
    assert met.stage3.met_on <= today <= met.stage3.report_due_on
    assert met.recommendations.filter(stage=3).exists()

    reported = Complaint.objects.get(status=Status.STAGE3_RESPONSE)
    late = reported.breaches.get(kind=BreachKind.PANEL_REPORT)
    assert late.happened_on == reported.panel_report.sent_on > late.due_on
    assert late.reason and late.letter_sent_on
    assert reported.stage3.response_due_on >= today

    complete = Complaint.objects.get(status=Status.STAGE3_COMPLETE)
    decided = complete.recommendations.filter(stage=3)
    accepted = decided.filter(accepted=True)
    assert accepted and all(Action.objects.filter(recommendation=r).exists() for r in accepted)
    assert decided.filter(accepted=False).exclude(decision_reasons="").exists()
    meeting = complete.breaches.get(kind=BreachKind.PANEL_MEETING)
    assert meeting.happened_on == complete.stage3.met_on > complete.stage3.panel_due_on

    refused = Complaint.objects.get(status=Status.STAGE3_REFUSED)
    assert refused.stage3.refusal_signed_off_by == user("senior")
    assert refused.stage3.refusal_letter_sent_on


def test_the_demo_chair_and_panel_member_sit_on_a_convened_panel_and_can_open_it(
    demo: dict[str, str],
) -> None:
    chair, member = user("chair"), user("panelmember")
    convened = Complaint.objects.get(
        status=Status.STAGE3_PANEL,
        appointments__person=chair,
        appointments__role=AppointmentRole.PANEL_CHAIR,
    )
    assert convened.appointments.filter(person=member, role=AppointmentRole.PANEL_MEMBER).exists()
    assert panel_is_complete(convened) is None
    assert convened.stage3.meeting_on > timezone.localdate()
    sources = set(convened.panel_submissions.values_list("source", flat=True))
    assert {SubmissionSource.COUNCIL, SubmissionSource.COMPLAINANT} <= sources
    for person in (chair, member):
        client = Client()
        assert client.login(username=person.username, password=demo[person.username])
        page = client.get(reverse("complaints:detail", args=[convened.pk]))
        assert page.status_code == 200 and convened.reference in page.content.decode()


def test_suggestions_for_the_panels_being_convened_still_offer_people(demo: object) -> None:
    today = timezone.localdate()
    convening = list(Complaint.objects.filter(status=Status.STAGE3_PANEL))
    assert len(convening) >= 2
    for complaint in convening:
        for role in PANEL_ROLES:
            assert shortlist(complaint, role, on=today).suggested, (complaint.reference, role)
    # One panel still needs its members: its shortlist shows the reasons to leave people out.
    unfinished = [c for c in convening if panel_is_complete(c)]
    assert unfinished
    members = shortlist(unfinished[0], AppointmentRole.PANEL_MEMBER, on=today)
    left_out = {key for person in members.left_out for key in person.keys}
    assert {"dbs_expired", "unavailable", "capacity"} <= left_out


# -- After the procedure: the Ombudsman, agreed actions, archiving ------------------------------


def test_ombudsman_enquiries_await_a_reply_and_an_investigation_found_fault_with_remedies(
    demo: object,
) -> None:
    today = timezone.localdate()
    awaiting = OmbudsmanCase.objects.filter(
        kind=OmbudsmanCase.Kind.ENQUIRY, replied_on__isnull=True
    )
    assert any(case.reply_due_on < today for case in awaiting)
    assert any(case.reply_due_on >= today for case in awaiting)
    investigation = OmbudsmanCase.objects.get(
        kind=OmbudsmanCase.Kind.INVESTIGATION, final_decision_on__isnull=False
    )
    assert investigation.fault_found and investigation.replied_on
    remedies = {r.kind: r for r in investigation.remedies.select_related("action")}
    kinds = {Remedy.Kind.APOLOGY, Remedy.Kind.PAYMENT, Remedy.Kind.SERVICE_IMPROVEMENT}
    assert kinds <= set(remedies)
    assert remedies[Remedy.Kind.PAYMENT].amount > 0
    assert all(r.action.due_on == r.compliance_due_on for r in remedies.values())
    assert {r.action.state for r in remedies.values()} == set(Action.State.values)
    assert remedies[Remedy.Kind.APOLOGY].evidence_sent_on


def test_agreed_actions_are_in_every_state_and_one_complaint_is_archived(demo: object) -> None:
    today = timezone.localdate()
    actions = Action.objects.all()
    assert set(actions.values_list("state", flat=True)) == set(Action.State.values)
    assert actions.filter(overdue_q(today)).exists()
    assert actions.filter(state=Action.State.OPEN, due_on__gte=today).exists()
    for done in actions.exclude(state=Action.State.OPEN):
        assert done.evidence and done.completed_on and done.completed_recorded_by
    assert all(
        a.signed_off_by == user("manager") and a.signed_off_on
        for a in actions.filter(state=Action.State.SIGNED_OFF)
    )
    archived = Complaint.objects.get(archived_on__isnull=False)
    assert archived.actions.exists()
    assert not archived.actions.exclude(state=Action.State.SIGNED_OFF).exists()


# -- Learning and time ------------------------------------------------------------------------


def test_points_have_themes_and_the_repeat_finding_warning_shows(demo: dict[str, str]) -> None:
    seeded = set(Theme.objects.values_list("name", flat=True))
    used = set(ComplaintPoint.objects.values_list("themes__name", flat=True)) - {None}
    assert len(used) >= 10 and used <= seeded
    themed = Complaint.objects.filter(points__themes__isnull=False).distinct()
    assert themed.count() >= 15
    manager = user("manager")
    repeating = [c for c in themed if repeat_findings(c, viewer=manager)]
    assert repeating
    client = Client()
    assert client.login(username="manager", password=demo["manager"])
    page = client.get(reverse("complaints:detail", args=[repeating[0].pk])).content.decode()
    assert 'id="repeat-findings"' in page


def test_contractors_time_this_month_and_last_month_is_in_the_providers_export(
    demo: object,
) -> None:
    this_month = timezone.localdate().replace(day=1)
    for month in (this_month, this_month - relativedelta(months=1)):
        lines = [line for name in providers() for line in invoice(name, month).lines]
        assert lines, f"no time recorded in {month:%B %Y}"
    entries = TimeEntry.objects.select_related("appointment__person__roster_entry")
    roles = set(entries.values_list("appointment__role", flat=True))
    assert AppointmentRole.INVESTIGATING_OFFICER in roles and roles & PANEL_ROLES
    for entry in entries:  # recorded by the officers themselves, at their rate on the roster
        assert entry.recorded_by == entry.appointment.person
        rate = entry.appointment.person.roster_entry.hourly_rate
        assert entry.fee == (entry.hours * rate).quantize(Decimal("0.01"))


def test_every_demo_case_can_be_found_by_a_childs_name(demo: object) -> None:
    """Search (decision 025): the demo's cases are indexed as the actions build them."""
    from heard.complaints.models import Child
    from heard.complaints.search import search

    manager = user("manager")
    assert not Complaint.objects.filter(search_entry__isnull=True).exists()
    child = Child.objects.select_related("complaint").order_by("pk").first()
    assert child is not None
    found = search(manager, child.name)
    assert child.complaint in found.cases


def _snapshot(obj: Any, depth: int = 2) -> Any:
    """A model instance as plain values: its columns, the related objects cached on it
    (``select_related``, or a prefetch pointing each row back at its owner) and its
    prefetched relations, ``depth`` levels down."""
    if obj is None:
        return None
    own = tuple((f.attname, getattr(obj, f.attname)) for f in obj._meta.concrete_fields)
    if depth == 0:
        return own
    cached = {
        name: _snapshot(value, depth - 1) for name, value in sorted(obj._state.fields_cache.items())
    }
    prefetched = {
        name: [_snapshot(row, depth - 1) for row in rows]
        for name, rows in sorted(getattr(obj, "_prefetched_objects_cache", {}).items())
    }
    return own, cached, prefetched


def test_the_case_pages_compiled_once_reads_match_djangos_prefetch(demo: object) -> None:
    """``heard.prefetching.prefetch`` (decision 035) fills the same caches with the same rows
    as ``prefetch_related_objects``, for every relation the case page reads, on every demo
    case: every status, Stage 3 panels, the Ombudsman, actions, themes, time entries; and
    ``OneReader`` reads the case as ``select_related`` does (decision 037)."""
    from django.db.models import prefetch_related_objects

    from heard.complaints.views.case_page import (
        case_base_queryset,
        case_prefetches,
        read_case,
        read_relation_flags,
    )
    from heard.prefetching import plans, prefetch

    read_by_us: set[str] = set()
    for pk in Complaint.objects.order_by("pk").values_list("pk", flat=True):
        # The case itself, its one-to-ones and its flags, by the page's compiled read
        # (decision 037), against Django's select_related and the flags read on their own.
        ours = read_case(pk)
        assert ours is not None
        lookups = case_prefetches(ours)
        prefetch(ours, lookups)
        theirs = case_base_queryset().get(pk=pk)
        read_relation_flags(theirs)
        prefetch_related_objects([theirs], *lookups)
        a, b = _snapshot(ours, depth=3), _snapshot(theirs, depth=3)
        for name in sorted(set(a[2]) | set(b[2])):
            assert a[2].get(name) == b[2].get(name), (pk, name)
        assert a == b, pk
        flags = [name for name in vars(theirs) if name.startswith("has_")]
        assert flags and {n: getattr(ours, n) for n in flags} == {
            n: getattr(theirs, n) for n in flags
        }, pk
        read_by_us |= {name for name, ours_reads in plans(Complaint, lookups).items() if ours_reads}
    # The relations the page reads most are read by compiled queries, not left to Django.
    assert {"points", "appointments", "decisions", "complainants", "interviews"} <= read_by_us
    assert "ombudsman_cases__remedies__action" in read_by_us


def test_every_event_kind_records_what_it_changed(demo: object) -> None:
    """Issue 8, point 6 (from tests/test_trust_nothing_overwritten.py, here so that it reads
    the demo this module loads once): generated from the demo (every step it walks) plus the
    kinds it never reaches, each event written must carry details, and each event of the
    workflow table must be written."""
    # The test personas sign in with the same user names as the demo.
    get_user_model().objects.update(username=Concat(F("username"), Value("-demo")))
    _exercise_the_rarer_events(create_personas())

    written = set(CaseEvent.objects.values_list("name", flat=True))
    empty = sorted(set(CaseEvent.objects.filter(details={}).values_list("name", flat=True)))
    assert empty == [], f"events written with no details: {empty}"
    never = sorted(e for e in ALL_EVENTS if f"complaint.{e}" not in written)
    assert never == [], f"workflow events this test never wrote, so never checked: {never}"
