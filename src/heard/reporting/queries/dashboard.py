"""The dashboard's figures: where the complaints team's work stands today, in a few counts.

Every figure is a link to the list of exactly what it counts, so each count here reads the
same condition as that list's filter: ``complaints.selections`` for the case list, the stored
``due_on`` through ``complaints.deadlines.due_slices`` (as the home page's counts), and
``decisions.tracking.action_slices`` for the actions list. The figures are counts only and
name no one, so reading them is not recorded in the access log (as the procedure report).

The page must stay fast at 100,000 complaints, so there is no per-case Python: four
aggregate queries (one for the figures, three for the chart), whatever the number of cases
(decisions 031 and 032).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from heard.compiled import CompiledCounts
from heard.complaints.deadlines import SOON_WORKING_DAYS, due_slices, soon_until
from heard.complaints.models import Complaint, WaitsOn
from heard.complaints.models.choices import Stage
from heard.complaints.selections import extended_parts, open_q, waiting_on_q, with_ombudsman_q
from heard.decisions.tracking import action_slices
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


def _slices(today: date, soon: date) -> dict[str, QuerySet[Any]]:
    # Every figure is a count of one slice, all in one query, each slice read from its own
    # index (decision 032): the same conditions as the lists the figures link to. Each
    # stage's open cases are a range of the (stage, status, due_on) index; grouped in one
    # pass instead, PostgreSQL read the 24,000 open complaints' rows (19 ms at 100,000).
    # Nothing here may depend on the date but through ``today`` and ``soon``: the query is
    # compiled once per process (decision 037).
    return {
        **{
            f"stage_{stage.value}": Complaint.objects.filter(open_q(), stage=stage.value)
            for stage in Stage
        },
        **due_slices(Complaint.objects.all(), today, soon),
        # Two disjoint parts, added up below (``extended_parts`` says why).
        "extended_1": extended_parts()[0],
        "extended_2": extended_parts()[1],
        "waiting": Complaint.objects.filter(waiting_on_q(WaitsOn.COMPLAINANT)),
        "with_ombudsman": Complaint.objects.filter(with_ombudsman_q()),
        "overdue_actions": action_slices(today)["overdue"],
    }


FIGURE_COUNTS = CompiledCounts(_slices, date, date)


def case_figures(today: date) -> list[Figure]:
    """Open cases by stage, then what is due, extended and waiting: one query."""
    counts = FIGURE_COUNTS.counts(today, soon_until(today))
    due = {key: counts[key] for key in ("overdue", "due_soon")}
    extended, waiting = counts["extended_1"] + counts["extended_2"], counts["waiting"]
    with_ombudsman, overdue_actions = counts["with_ombudsman"], counts["overdue_actions"]
    figures = []
    for stage in Stage:
        n = counts[f"stage_{stage.value}"]
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
