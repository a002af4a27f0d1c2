"""What the Ombudsman app adds to pages of the apps below it.

- The case page's "Ombudsman" section: each enquiry or investigation, its decision and its
  remedies (domain.md section 6, rule 39), registered with ``complaints.sections``.
- How an action that carries a remedy is named on the actions list and the case page
  ("Ombudsman remedy: apology (LGSCO 25 000 123)"), registered with ``decisions.sources``.

Both used to live in ``decisions.views``, which made ``decisions`` import ``ombudsman``; the
Ombudsman sits above ``decisions`` (its remedies become agreed actions), so it plugs itself in
from ``OmbudsmanConfig.ready()`` instead (decision 016). Both read only what
``complaints.views.case_page.case_queryset()`` prefetches (``ombudsman_cases__remedies__action``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from heard.complaints.models import Complaint
from heard.complaints.sections import Section
from heard.decisions.models import Action
from heard.decisions.presentation import STATE_TAGS
from heard.decisions.sources import ActionSource, Origin
from heard.decisions.tracking import is_overdue
from heard.ombudsman.models import OmbudsmanCase, Remedy

# -- the case page's section ----------------------------------------------------------------


@dataclass(frozen=True)
class RemedyRow:
    remedy: Remedy
    action_state: str
    state_tag: str
    overdue: bool


@dataclass(frozen=True)
class OmbudsmanCaseRow:
    """One Ombudsman case on the case page, with whether the council's reply is overdue."""

    case: OmbudsmanCase
    reply_overdue: bool
    remedies: list[RemedyRow]


def ombudsman_rows(complaint: Complaint, today: date) -> list[OmbudsmanCaseRow]:
    """The complaint's Ombudsman cases and their remedies, from the prefetched relations."""
    rows = []
    for case in sorted(complaint.ombudsman_cases.all(), key=lambda c: (c.received_on, c.pk)):
        remedies = [
            RemedyRow(
                remedy=remedy,
                action_state=remedy.action.get_state_display(),
                state_tag=STATE_TAGS.get(remedy.action.state, ""),
                overdue=is_overdue(remedy.action, today),
            )
            for remedy in sorted(case.remedies.all(), key=lambda r: (r.compliance_due_on, r.pk))
        ]
        rows.append(
            OmbudsmanCaseRow(
                case=case,
                reply_overdue=case.replied_on is None and today > case.reply_due_on,
                remedies=remedies,
            )
        )
    return rows


def ombudsman_section(
    complaint: Complaint, user: Any, today: date
) -> list[OmbudsmanCaseRow] | None:
    """The section's rows, or ``None`` when the Ombudsman has never been involved."""
    return ombudsman_rows(complaint, today) or None


CASE_SECTION = Section(
    key="ombudsman",
    template="ombudsman/includes/case_ombudsman.html",
    context=ombudsman_section,
    # After the agreed actions (20), which the remedies become.
    order=30,
)


# -- naming the actions that carry a remedy -------------------------------------------------


def remedy_origin(remedy: Remedy, case: OmbudsmanCase) -> Origin:
    return Origin(f"Ombudsman remedy: {remedy.get_kind_display().lower()}", case.reference)


def describe_action(action: Action) -> Origin | None:
    """The list's name for an action; ``remedy__case`` is joined in the list's query."""
    remedy = getattr(action, "remedy", None)
    return remedy_origin(remedy, remedy.case) if remedy is not None else None


def describe_case_actions(complaint: Complaint) -> dict[int, Origin]:
    """The case page's names for a complaint's remedy actions, from the prefetched cases."""
    return {
        remedy.action_id: remedy_origin(remedy, case)
        for case in complaint.ombudsman_cases.all()
        for remedy in case.remedies.all()
    }


ACTION_SOURCE = ActionSource(
    key="ombudsman",
    label="Ombudsman remedy",
    matches=Q(remedy__isnull=False),
    select_related=("remedy__case",),
    describe=describe_action,
    describe_for_case=describe_case_actions,
)
