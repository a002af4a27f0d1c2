"""Themes on complaint points, and the "repeat finding" warning on the case page.

Themes come from the managed list seeded by people/0004. Complaints staff set them at any
status; only themes still offered may be added. The warning tells complaints staff when the
same team, or a theme of an upheld point, had a finding upheld on another complaint in the 12
months before this complaint's finding (complaints/learning.py says why the finding's recorded
date is the one used).

Every test complaint is recorded against the same team by the shared builders, and there is
no clock control in the suite, so the tests set a complaint's team and move an earlier finding
back in time with ``update()`` in their setup, and say so where they do.
"""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import CaseEvent
from heard.complaints import learning
from heard.complaints.actions.themes import set_point_themes
from heard.complaints.learning import repeat_findings
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Status
from heard.complaints.views.case_page import case_queryset
from heard.decisions import actions as decisions
from heard.decisions.models import Finding
from heard.people.models import Theme
from tests.complaints.helpers import (
    adjudicated,
    all_accepted,
    appoint_adjudicator,
    ip_reported,
    last_event,
    not_allowed,
    record_findings,
    refused,
    report_final,
    statement_agreed,
)
from tests.complaints.step_pages import (
    as_user,
    error_beside,
    error_summary,
    forbidden,
    get_step,
    hidden,
    page_text,
    post_step,
    submit_ok,
)
from tests.personas import Personas, create_personas, create_stage1_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return create_personas()


def theme(name: str) -> Theme:
    return Theme.objects.get(name=name)


def point(complaint: Complaint, number: int) -> ComplaintPoint:
    return ComplaintPoint.objects.get(complaint=complaint, number=number)


def themes_of(complaint: Complaint, number: int) -> list[str]:
    return list(point(complaint, number).themes.order_by("name").values_list("name", flat=True))


# -- setting themes -----------------------------------------------------------------------


def test_complaints_staff_set_the_themes_of_a_point(p: Personas) -> None:
    complaint = statement_agreed(p)
    set_point_themes(
        complaint,
        by=p.officer,
        point=point(complaint, 1),
        themes=[theme("Contact"), theme("Communication")],
    )
    assert themes_of(complaint, 1) == ["Communication", "Contact"]
    assert themes_of(complaint, 2) == []
    event = last_event(complaint)
    assert event.name == "complaint.set_point_themes"
    assert event.summary == "Themes of point 1: Communication, Contact"
    assert event.by == p.officer
    assert event.details == {
        "point": 1,
        "themes": ["Communication", "Contact"],
        "added": ["Communication", "Contact"],
        "removed": [],
    }

    set_point_themes(complaint, by=p.manager, point=point(complaint, 1), themes=[theme("Contact")])
    assert themes_of(complaint, 1) == ["Contact"]
    assert last_event(complaint).details["removed"] == ["Communication"]
    set_point_themes(complaint, by=p.manager, point=point(complaint, 1), themes=[])
    assert themes_of(complaint, 1) == []
    assert last_event(complaint).summary == "Themes of point 1: none"


def test_themes_can_be_set_after_the_procedure_has_ended(p: Personas) -> None:
    complaint = adjudicated(p)
    decisions.send_adjudication_letter(complaint, by=p.adjudicator, sent_on=date(2025, 10, 24))
    assert complaint.status == Status.STAGE2_COMPLETE
    set_point_themes(
        complaint, by=p.officer, point=point(complaint, 2), themes=[theme("Placement")]
    )
    assert themes_of(complaint, 2) == ["Placement"]
    complaint.refresh_from_db()
    assert complaint.status == Status.STAGE2_COMPLETE


def test_a_theme_no_longer_offered_cannot_be_added(p: Personas) -> None:
    complaint = statement_agreed(p)
    Theme.objects.filter(name="Finance").update(active=False)
    with refused(complaint, "Finance is no longer offered: choose from the current list"):
        set_point_themes(
            complaint,
            by=p.officer,
            point=point(complaint, 1),
            themes=[theme("Contact"), theme("Finance")],
        )
    assert themes_of(complaint, 1) == []


def test_a_retired_theme_a_point_already_has_may_stay(p: Personas) -> None:
    """Retiring a theme must not strip it from the complaints it described (decision 011)."""
    complaint = statement_agreed(p)
    set_point_themes(complaint, by=p.officer, point=point(complaint, 1), themes=[theme("Finance")])
    Theme.objects.filter(name="Finance").update(active=False)
    set_point_themes(
        complaint,
        by=p.officer,
        point=point(complaint, 1),
        themes=[theme("Finance"), theme("Contact")],
    )
    assert themes_of(complaint, 1) == ["Contact", "Finance"]


def test_a_point_from_another_complaint_is_refused(p: Personas) -> None:
    complaint = statement_agreed(p)
    other = statement_agreed(p)
    with refused(complaint, "That point is not on this complaint"):
        set_point_themes(complaint, by=p.officer, point=point(other, 1), themes=[theme("Contact")])
    assert themes_of(other, 1) == []


def test_only_complaints_staff_set_themes(p: Personas) -> None:
    complaint = adjudicated(p)
    for user in (p.io, p.ip, p.adjudicator, p.senior, p.outsider):
        with not_allowed(complaint):
            set_point_themes(
                complaint, by=user, point=point(complaint, 1), themes=[theme("Contact")]
            )


# -- the themes page ----------------------------------------------------------------------


def test_the_themes_page_shows_each_point_with_its_themes_ticked(
    client: Client, p: Personas
) -> None:
    complaint = statement_agreed(p)
    set_point_themes(complaint, by=p.officer, point=point(complaint, 2), themes=[theme("Contact")])
    Theme.objects.filter(name="Adoption").update(active=False)
    response = get_step(client, p.officer, complaint, "set_point_themes")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-checkboxes"' in page
    assert "Point 1: Contact was cancelled without notice" in page_text(response)
    assert "Point 2: No one returned my calls" in page_text(response)
    contact = theme("Contact").pk
    assert f'name="point_2" type="checkbox" value="{contact}" checked' in page
    assert f'name="point_1" type="checkbox" value="{contact}">' in page
    assert ">Adoption<" not in page  # retired and on no point: not offered


def test_saving_the_themes_page_records_one_event_per_changed_point(
    client: Client, p: Personas
) -> None:
    complaint = statement_agreed(p)
    set_point_themes(complaint, by=p.officer, point=point(complaint, 2), themes=[theme("Contact")])
    before = CaseEvent.objects.filter(complaint_id=complaint.pk).count()
    response = post_step(
        client,
        p.officer,
        complaint,
        "set_point_themes",
        {
            "point_1": [theme("Placement").pk, theme("Fostering").pk],
            "point_2": [theme("Contact").pk],
        },
    )
    assert response.status_code == 302
    assert themes_of(complaint, 1) == ["Fostering", "Placement"]
    assert themes_of(complaint, 2) == ["Contact"]
    events = CaseEvent.objects.filter(complaint_id=complaint.pk).order_by("id")
    assert events.count() == before + 1  # point 2 did not change
    assert events.last().summary == "Themes of point 1: Fostering, Placement"  # type: ignore[union-attr]
    # And the case page shows them on each point.
    shown = page_text(
        as_user(client, p.officer).get(reverse("complaints:detail", args=[complaint.pk]))
    )
    assert "Themes Fostering, Placement" in shown and "Themes Contact" in shown


def test_saving_with_nothing_changed_says_so_and_writes_nothing(
    client: Client, p: Personas
) -> None:
    complaint = statement_agreed(p)
    before = CaseEvent.objects.filter(complaint_id=complaint.pk).count()
    response = post_step(client, p.officer, complaint, "set_point_themes", {})
    assert response.status_code == 200
    assert "No themes were changed" in error_beside(response, "form")
    assert "No themes were changed" in error_summary(response)
    assert CaseEvent.objects.filter(complaint_id=complaint.pk).count() == before


def test_a_theme_retired_while_the_page_was_open_is_refused_beside_its_point(
    client: Client, p: Personas
) -> None:
    complaint = statement_agreed(p)
    finance = theme("Finance").pk
    # The form offered Finance; it is retired before the answer arrives. Point 1's change is
    # undone with point 2's refusal, so nothing is saved.
    Theme.objects.filter(pk=finance).update(active=False)
    response = post_step(
        client,
        p.officer,
        complaint,
        "set_point_themes",
        {"point_1": [theme("Contact").pk], "point_2": [finance]},
    )
    assert response.status_code == 200
    # The form no longer offers it, so the choice itself is refused beside point 2.
    assert "Choose themes from the list" in error_beside(response, "id_point_2")
    assert themes_of(complaint, 1) == [] and themes_of(complaint, 2) == []


def test_a_complaint_without_points_says_themes_come_with_the_statement(
    client: Client, p: Personas
) -> None:
    complaint = create_stage1_complaint(p.officer)
    response = get_step(client, p.officer, complaint, "set_point_themes")
    assert response.status_code == 200
    assert "This complaint has no points yet" in page_text(response)
    response = post_step(client, p.officer, complaint, "set_point_themes", {})
    assert "This complaint has no points yet" in error_summary(response)


def test_the_themes_page_is_for_complaints_staff(client: Client, p: Personas) -> None:
    complaint = statement_agreed(p)
    data = {"point_1": [theme("Contact").pk]}
    forbidden(client, p.io, complaint, "set_point_themes", data)
    forbidden(client, p.ip, complaint, "set_point_themes", data)
    hidden(client, p.other_io, complaint, "set_point_themes", data)
    hidden(client, p.outsider, complaint, "set_point_themes", data)
    event = submit_ok(client, p.manager, complaint, "set_point_themes", data)
    assert event.summary == "Themes of point 1: Contact"


# -- the repeat-finding warning -----------------------------------------------------------


def with_team(complaint: Complaint, team: str) -> Complaint:
    # Setup only: the shared builders record every complaint against one team.
    Complaint.objects.filter(pk=complaint.pk).update(team=team)
    complaint.refresh_from_db()
    return complaint


def found_months_ago(complaint: Complaint, months: int) -> None:
    # Setup only: a finding's date is when it was recorded (auto_now), and the suite has no
    # clock control, so an earlier complaint's findings are moved back with update().
    Finding.objects.filter(point__complaint=complaint).update(
        recorded_at=timezone.now() - relativedelta(months=months)
    )


def upheld(
    p: Personas, *, team: str, themes: tuple[str, ...] = (), outcome: str = "upheld"
) -> Complaint:
    """A complaint whose two points have findings (recorded now); point 1 has ``themes``."""
    complaint = with_team(statement_agreed(p), team)
    record_findings(complaint, p, outcome=outcome)
    if themes:
        set_point_themes(
            complaint, by=p.officer, point=point(complaint, 1), themes=[theme(n) for n in themes]
        )
    return complaint


def warnings(complaint: Complaint, viewer: object) -> list[tuple[str, int, str, tuple[str, ...]]]:
    found = repeat_findings(case_queryset().get(pk=complaint.pk), viewer=viewer)  # type: ignore[arg-type]
    return [(r.reference, r.point_number, r.team, r.themes) for r in found]


def test_the_same_theme_upheld_11_months_before_is_a_repeat(p: Personas) -> None:
    earlier = upheld(p, team="Fostering team", themes=("Contact", "Finance"))
    found_months_ago(earlier, 11)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    assert warnings(now, p.manager) == [(earlier.reference, 1, "", ("Contact",))]


def test_the_same_theme_upheld_13_months_before_is_not(p: Personas) -> None:
    earlier = upheld(p, team="Fostering team", themes=("Contact",))
    found_months_ago(earlier, 13)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    assert warnings(now, p.manager) == []


def test_the_same_team_upheld_within_12_months_is_a_repeat(p: Personas) -> None:
    earlier = upheld(p, team="Children in Care team")
    found_months_ago(earlier, 6)
    now = upheld(p, team="children in care team ")  # typed differently: still the same team
    assert warnings(now, p.manager) == [
        (earlier.reference, 1, "Children in Care team", ()),
        (earlier.reference, 2, "Children in Care team", ()),
    ]


def test_a_finding_that_was_not_upheld_is_not_a_repeat(p: Personas) -> None:
    earlier = upheld(p, team="Children in Care team", themes=("Contact",), outcome="not_upheld")
    found_months_ago(earlier, 3)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    assert warnings(now, p.manager) == []
    # Nor does a complaint whose own findings were not upheld get a warning.
    partly = upheld(
        p, team="Children in Care team", themes=("Contact",), outcome="partially_upheld"
    )
    found_months_ago(partly, 2)
    not_upheld = upheld(p, team="Children in Care team", themes=("Contact",), outcome="not_upheld")
    assert warnings(not_upheld, p.manager) == []
    assert [w[0] for w in warnings(now, p.manager)] == [partly.reference, partly.reference]


def test_a_finding_rejected_at_adjudication_is_not_a_repeat(p: Personas) -> None:
    earlier = with_team(report_final(p), "Fostering team")
    set_point_themes(earlier, by=p.officer, point=point(earlier, 1), themes=[theme("Contact")])
    ip_reported(earlier, p)
    appoint_adjudicator(earlier, p)
    answers = all_accepted(earlier)
    answers["findings"] = [
        decisions.FindingDecision(1, False, "The records show contact did go ahead"),
        decisions.FindingDecision(2, True, "Agreed"),
    ]
    decisions.adjudicate(earlier, by=p.adjudicator, **answers)
    found_months_ago(earlier, 2)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    assert warnings(now, p.manager) == []


def test_only_the_theme_of_an_upheld_point_counts(p: Personas) -> None:
    earlier = upheld(p, team="Fostering team", themes=("Contact",))
    found_months_ago(earlier, 2)
    now = with_team(statement_agreed(p), "Children in Care team")
    decisions.record_finding(now, by=p.io, point=point(now, 1), outcome="not_upheld", reasons="No")
    decisions.record_finding(now, by=p.io, point=point(now, 2), outcome="upheld", reasons="Yes")
    set_point_themes(now, by=p.officer, point=point(now, 1), themes=[theme("Contact")])
    assert warnings(now, p.manager) == []
    set_point_themes(now, by=p.officer, point=point(now, 2), themes=[theme("Contact")])
    assert warnings(now, p.manager) == [(earlier.reference, 1, "", ("Contact",))]


def test_a_complaint_the_viewer_cannot_see_is_not_linked(p: Personas) -> None:
    # The adjudicator is appointed to the later complaint only.
    earlier = upheld(p, team="Children in Care team", themes=("Contact",))
    found_months_ago(earlier, 4)
    now = adjudicated(p)
    set_point_themes(now, by=p.officer, point=point(now, 1), themes=[theme("Contact")])
    (seen,) = repeat_findings(case_queryset().get(pk=now.pk), viewer=p.adjudicator)[:1]
    assert (seen.reference, seen.url, seen.visible) == ("", "", False)
    assert seen.themes == ("Contact",) and seen.team == "Children in Care team"
    (staff,) = repeat_findings(case_queryset().get(pk=now.pk), viewer=p.manager)[:1]
    assert staff.reference == earlier.reference
    assert staff.url == reverse("complaints:detail", args=[earlier.pk])


def test_the_case_page_warns_complaints_staff_only(client: Client, p: Personas) -> None:
    earlier = upheld(p, team="Children in Care team", themes=("Contact",))
    found_months_ago(earlier, 5)
    now = adjudicated(p)
    url = reverse("complaints:detail", args=[now.pk])
    for user in (p.manager, p.officer):
        response = as_user(client, user).get(url)
        shown = page_text(response)
        assert "Repeat finding: the same team or theme had a finding upheld" in shown
        assert f'href="{reverse("complaints:detail", args=[earlier.pk])}">{earlier.reference}' in (
            response.content.decode()
        )
        assert "same team (Children in Care team)" in shown
    for user in (p.io, p.ip, p.adjudicator):
        response = as_user(client, user).get(url)
        assert response.status_code == 200
        assert "Repeat finding" not in page_text(response)
        assert earlier.reference not in response.content.decode()


def test_the_warning_asks_the_database_the_same_however_many_repeats(p: Personas) -> None:
    now = upheld(p, team="Children in Care team", themes=("Contact",))

    def queries() -> tuple[int, tuple[int, int]]:
        complaint = case_queryset().get(pk=now.pk)
        with CaptureQueriesContext(connection) as captured:
            found = repeat_findings(complaint, viewer=p.manager)
        return len(captured), (len(found), found.total)

    earlier = upheld(p, team="Children in Care team", themes=("Contact",))
    found_months_ago(earlier, 1)
    one = queries()
    for months in (2, 3, 4, 5):
        found_months_ago(upheld(p, team="Children in Care team", themes=("Contact",)), months)
    many = queries()
    assert one[1] == (2, 2) and many[1] == (5, 10)  # the newest five shown, of ten
    assert one[0] == many[0] <= 3


def test_the_warning_counts_only_so_far_and_then_says_at_least(
    client: Client, p: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting every match of a busy team cost the case page more than all else it read, so
    the count stops at ``COUNT_CAP`` and the warning says "at least"."""
    monkeypatch.setattr(learning, "COUNT_CAP", 7)
    for months in (1, 2, 3, 4, 5):
        found_months_ago(upheld(p, team="Children in Care team", themes=("Contact",)), months)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    found = repeat_findings(case_queryset().get(pk=now.pk), viewer=p.manager)
    assert (len(found), found.total, found.more, found.capped) == (5, 7, 2, True)
    page = page_text(as_user(client, p.manager).get(reverse("complaints:detail", args=[now.pk])))
    assert "And at least 2 more upheld findings" in page


def test_the_warning_lists_the_newest_five_and_counts_the_rest(client: Client, p: Personas) -> None:
    # Four earlier complaints, two upheld points each: eight repeats, the newest first.
    earlier = []
    for months in (4, 1, 3, 2):
        complaint = upheld(p, team="Children in Care team", themes=("Contact",))
        found_months_ago(complaint, months)
        earlier.append((months, complaint))
    newest_first = [c.reference for _, c in sorted(earlier, key=lambda pair: pair[0])]
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    found = repeat_findings(case_queryset().get(pk=now.pk), viewer=p.manager)
    assert [r.reference for r in found] == [
        newest_first[0],
        newest_first[0],
        newest_first[1],
        newest_first[1],
        newest_first[2],
    ]
    assert (len(found), found.total, found.more) == (5, 8, 3)
    log = reverse("reporting:learning")
    contact = Theme.objects.get(name="Contact")
    assert found.log_links == (
        ("Children in Care team", f"{log}?team=Children+in+Care+team"),
        ("the theme Contact", f"{log}?theme={contact.pk}"),
    )

    response = as_user(client, p.manager).get(reverse("complaints:detail", args=[now.pk]))
    html = response.content.decode()
    listed = html[html.index('id="repeat-findings"') : html.index('id="repeat-findings-more"')]
    assert listed.count("<li>") == 5
    assert newest_first[3] not in listed
    shown = page_text(response)
    assert (
        "And 3 more upheld findings — see the learning log for Children in Care team "
        "or the theme Contact" in shown
    )
    assert f'href="{log}?team=Children+in+Care+team"' in html
    assert f'href="{log}?theme={contact.pk}"' in html


def test_no_count_of_more_when_every_repeat_is_listed(client: Client, p: Personas) -> None:
    earlier = upheld(p, team="Children in Care team", themes=("Contact",))
    found_months_ago(earlier, 2)
    now = upheld(p, team="Children in Care team", themes=("Contact",))
    response = as_user(client, p.manager).get(reverse("complaints:detail", args=[now.pk]))
    shown = page_text(response)
    assert "Repeat finding" in shown and "more upheld finding" not in shown
