"""The dashboard's figures: where the complaints team's work stands today, in a few counts.

Every figure is a link to the list of exactly what it counts, so each count here reads the
same condition as that list's filter: ``complaints.selections`` for the case list, the stored
``due_on`` through ``complaints.deadlines.due_counts`` (as the home page), and
``decisions.tracking.action_counts`` for the actions list. The figures are counts only and
name no one, so reading them is not recorded in the access log (as the procedure report).

The page must stay fast at 100,000 complaints, so there is no per-case Python: nine
aggregate queries (six for the figures, three for the chart), whatever the number of cases
(decision 031).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from heard.complaints.deadlines import SOON_WORKING_DAYS, due_counts
from heard.complaints.models import Complaint, RunningDeadline, WaitsOn
from heard.complaints.models.choices import Stage
from heard.complaints.selections import extended_q, ombudsman_running_q, open_q
from heard.decisions.tracking import action_counts
from heard.ombudsman.models import OmbudsmanCase
from heard.reporting.queries.procedure import (
    Timeliness,
    stage1_timeliness,
    stage2_timeliness,
    stage3_timeliness,
)


@dataclass(frozen=True)
class Figure:
    """One count, the words that follow it ("12 cases open at Stage 1"), and the list it
    counts. ``warning`` marks a figure that needs attention when it is not 0."""

    count: int
    words: str
    url: str
    warning: bool = False


def _cases(**filters: str | int) -> str:
    return f"{reverse('complaints:list')}?{urlencode(filters)}"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def case_figures(today: date) -> list[Figure]:
    """Open cases by stage, then what is due, extended and waiting: six queries."""
    # Naming the stages as well as the statuses lets the (stage, status, due_on) index seek
    # each pair rather than read every complaint.
    by_stage = dict(
        Complaint.objects.filter(open_q(), stage__in=Stage.values)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    due = due_counts(Complaint.objects.all(), today)
    extended = Complaint.objects.filter(extended_q()).count()
    # COUNT(DISTINCT ...) rather than counting a DISTINCT subquery: SQLite read the whole
    # complaint index in order for the latter, instead of the few rows waiting (decision 032).
    waiting = RunningDeadline.objects.filter(waits_role=WaitsOn.COMPLAINANT).aggregate(
        n=Count("complaint_id", distinct=True)
    )["n"]
    with_ombudsman = OmbudsmanCase.objects.filter(ombudsman_running_q()).aggregate(
        n=Count("complaint_id", distinct=True)
    )["n"]
    overdue_actions = action_counts(today)["overdue"]
    figures = []
    for stage in Stage:
        n = by_stage.get(stage.value, 0)
        figures.append(
            Figure(
                n,
                f"{_plural(n, 'case', 'cases')} open at {stage.label}",
                _cases(stage=stage.value, open="on"),
            )
        )
    figures += [
        Figure(
            due["due_soon"],
            f"{_plural(due['due_soon'], 'case', 'cases')} with a deadline in the next "
            f"{SOON_WORKING_DAYS} working days",
            _cases(due_within=SOON_WORKING_DAYS),
        ),
        Figure(
            due["overdue"],
            f"{_plural(due['overdue'], 'case', 'cases')} with a deadline passed",
            _cases(overdue="on"),
            warning=True,
        ),
        Figure(
            extended,
            f"{_plural(extended, 'case', 'cases')} running on an extended timescale",
            _cases(extended="on"),
        ),
        Figure(
            waiting,
            f"{_plural(waiting, 'case', 'cases')} waiting on the complainant",
            _cases(waiting_on=WaitsOn.COMPLAINANT),
        ),
        Figure(
            overdue_actions,
            f"agreed {_plural(overdue_actions, 'action', 'actions')} overdue",
            f"{reverse('decisions:actions')}?state=overdue",
            warning=True,
        ),
        Figure(
            with_ombudsman,
            f"{_plural(with_ombudsman, 'case', 'cases')} with the Ombudsman",
            _cases(ombudsman="on"),
        ),
    ]
    return figures


def timeliness(first: date, last: date) -> list[Timeliness]:
    """Each stage's responses sent in the period, by timeliness: three queries."""
    return [
        stage1_timeliness(first, last),
        stage2_timeliness(first, last),
        stage3_timeliness(first, last),
    ]
