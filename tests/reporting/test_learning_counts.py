"""The learning log leads with counts by theme and by team (issue 9, point 6; decision 028).

Each count follows the log's filters and links to the rows behind it. By theme, findings only
(a theme belongs to a point, and a finding is about one point); by team, findings and changes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.complaints.actions.themes import set_point_themes
from heard.complaints.models import Complaint, ComplaintPoint
from heard.people.models import Theme
from heard.reporting.queries.learning import NO_THEME, tallies
from tests.complaints.helpers import adjudicated
from tests.complaints.step_pages import as_user, text
from tests.personas import Personas, create_personas

pytestmark = pytest.mark.django_db

LOG = reverse("reporting:learning")


@pytest.fixture
def p() -> Personas:
    return create_personas()


def themed(complaint: Complaint, p: Personas, number: int, name: str) -> None:
    point = ComplaintPoint.objects.get(complaint=complaint, number=number)
    set_point_themes(complaint, by=p.officer, point=point, themes=[Theme.objects.get(name=name)])


def count_rows(response: Any, caption: str) -> list[str]:
    page = response.content.decode()
    table = re.search(rf">{caption}</caption>(.*?)</table>", page, re.S)
    assert table, caption
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", table.group(1), re.S)
    assert body
    return [text(row) for row in re.findall(r"<tr [^>]*>(.*?)</tr>", body.group(1), re.S)]


def test_counts_by_theme_and_team_come_before_the_log(client: Client, p: Personas) -> None:
    both = adjudicated(p)  # two upheld findings and an accepted recommendation each
    themed(both, p, 1, "Contact")
    themed(both, p, 2, "Communication")
    Complaint.objects.filter(pk=both.pk).update(team="Fostering team")
    half = adjudicated(p)
    themed(half, p, 1, "Contact")
    adjudicated(p)  # no themes at all

    response = as_user(client, p.manager).get(LOG)
    page = response.content.decode()
    assert page.index("Counts by theme and by team") < page.index('id="log-caption"')
    assert count_rows(response, "By theme") == [
        "Contact 2",
        "Communication 1",
        f"{NO_THEME} 3",  # half's point 2, and the unthemed complaint's two findings
    ]
    assert count_rows(response, "By team") == ["Children in Care team 4 2", "Fostering team 2 1"]
    contact = Theme.objects.get(name="Contact")
    assert f'<a class="govuk-link" href="?theme={contact.pk}">Contact</a>' in page
    assert '<a class="govuk-link" href="?team=Fostering+team">Fostering team</a>' in page
    assert 'role="region" aria-labelledby="log-caption"' in page

    # The counts follow the filters.
    fostering = as_user(client, p.manager).get(LOG, {"team": "Fostering team"})
    assert count_rows(fostering, "By team") == ["Fostering team 2 1"]
    assert count_rows(fostering, "By theme") == ["Communication 1", "Contact 1"]


def test_the_counts_cost_the_same_queries_however_many_rows(p: Personas) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            tallies({}, p.manager.date_joined.date())
        return len(captured)

    complaint = adjudicated(p)
    themed(complaint, p, 1, "Contact")
    few = queries()
    for _ in range(3):
        more = adjudicated(p)
        themed(more, p, 2, "Finance")
    assert queries() == few
