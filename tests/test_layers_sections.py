"""The case page's sections registry (``complaints.sections``, decision 016).

Apps above ``complaints`` put their parts of the case page there from their ``ready()``:
these tests prove they do, that the case page shows what is registered in its place and
order (and leaves out a section with nothing to show), that two apps cannot claim one
section, and that the sections keep the case page's query count fixed however much they show.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.complaints.actions import time
from heard.complaints.models import Appointment, Complaint
from heard.complaints.sections import (
    SECTIONS,
    Section,
    register_section,
    registered_sections,
    shown_sections,
)
from heard.ombudsman import actions as ombudsman
from heard.ombudsman.models import Remedy
from tests.complaints.helpers import stage2_investigating
from tests.complaints.step_pages import as_user, page_text
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def detail(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def test_the_apps_above_complaints_register_their_case_page_sections() -> None:
    """Agreed actions (decisions) then the Ombudsman in the page's main place, and the
    roster's time and fees under the appointments: registered at start-up, not imported by
    complaints."""
    places = {s.key: (s.place, s.order) for s in registered_sections()}
    assert places["agreed_actions"][0] == "main"
    assert places["ombudsman"][0] == "main"
    assert places["agreed_actions"][1] < places["ombudsman"][1]
    assert places["time_and_fees"][0] == "people"
    assert registered_sections()[0].place == "main"


def test_a_key_cannot_be_claimed_by_two_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("heard.complaints.sections.SECTIONS", dict(SECTIONS))
    original = next(s for s in registered_sections() if s.key == "ombudsman")
    assert register_section(original) is original  # ready() run twice: no change
    with pytest.raises(RuntimeError, match="registered twice"):
        register_section(Section("ombudsman", "other.html", lambda c, u, t: None))
    with pytest.raises(ValueError, match="place"):
        register_section(Section("sidebar", "other.html", lambda c, u, t: None, place="aside"))


@pytest.fixture
def probe_templates(tmp_path: Path, settings: LazySettings) -> Path:
    """A template folder searched first, for sections that exist only in these tests."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]
    settings.TEMPLATES = templates
    (tmp_path / "probe").mkdir()
    for name in ("first", "second", "empty", "people"):
        (tmp_path / "probe" / f"{name}.html").write_text(
            f"<p>Probe {name} for {{{{ section.reference }}}} seen by {{{{ section.user }}}}</p>"
        )
    return tmp_path


def _probe(key: str, order: int, *, place: str = "main", empty: bool = False) -> Section:
    def context(complaint: Complaint, user: Any, today: date) -> dict[str, Any] | None:
        if empty:
            return None
        return {"reference": complaint.reference, "user": user.username}

    return Section(key, f"probe/{key}.html", context, order=order, place=place)


def test_the_case_page_shows_registered_sections_in_place_and_order(
    client: Client, p: Personas, probe_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("heard.complaints.sections.SECTIONS", dict(SECTIONS))
    # Registered out of order, to show the page orders them.
    register_section(_probe("second", 2))
    register_section(_probe("people", 1, place="people"))
    register_section(_probe("empty", 3, empty=True))
    register_section(_probe("first", 1))
    complaint = stage2_investigating(p)
    words = page_text(as_user(client, p.manager).get(detail(complaint)))
    first = words.index(f"Probe first for {complaint.reference} seen by {p.manager.username}")
    second = words.index(f"Probe second for {complaint.reference}")
    people = words.index(f"Probe people for {complaint.reference}")
    # The main place follows the stages on the page (decision 026); the timeline ends it, and
    # its heading is the last "What has happened" (the first is the contents list's link).
    assert words.index("Stage 2 tasks") < first < second < words.rindex("What has happened")
    assert words.index("Appointments") < people < words.rindex("What has happened")
    assert "Probe empty" not in words


def test_a_section_with_nothing_to_show_is_left_out(p: Personas) -> None:
    complaint = stage2_investigating(p)
    shown = shown_sections(complaint, p.manager, date(2025, 10, 20))
    keys = [s.key for place in shown.values() for s in place]
    assert "agreed_actions" not in keys and "ombudsman" not in keys


def _record_ombudsman_and_time(complaint: Complaint, p: Personas, count: int) -> None:
    """``count`` Ombudsman cases with two remedies (two actions) each, and ``count`` time
    entries by the Investigating Officer."""
    appointment = Appointment.objects.get(complaint=complaint, person=p.io)
    for n in range(count):
        case = ombudsman.record_ombudsman_case(
            complaint,
            by=p.officer,
            reference=f"25 {complaint.pk:03d}{n:03d}",
            kind="investigation",
            received_on=date(2025, 10, 20),
            reply_due_on=date(2025, 11, 17),
        )
        for kind in (Remedy.Kind.APOLOGY, Remedy.Kind.SERVICE_IMPROVEMENT):
            ombudsman.add_remedy(
                complaint,
                by=p.officer,
                case=case,
                kind=kind,
                description=f"Remedy {n}",
                compliance_due_on=date(2025, 12, 15),
                owner="Head of Service",
            )
        time.record_time(
            complaint,
            by=p.io,
            appointment=appointment,
            worked_on=timezone.localdate(),
            hours=Decimal("2"),
            fee=Decimal("100"),
            description=f"Interview {n}",
        )


def test_the_sections_ask_the_database_the_same_however_much_they_show(
    client: Client, p: Personas
) -> None:
    small = stage2_investigating(p)
    big = stage2_investigating(p)
    _record_ombudsman_and_time(small, p, 1)
    _record_ombudsman_and_time(big, p, 8)
    for user in (p.manager, p.io):
        viewer = as_user(client, user)
        counts = []
        for complaint in (small, big):
            with CaptureQueriesContext(connection) as captured:
                response = viewer.get(detail(complaint))
            assert response.status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1], user
    words = page_text(as_user(client, p.manager).get(detail(big)))
    assert "Agreed actions" in words and "Time and fees" in words
    assert words.count("Ombudsman remedy: apology") == 8
