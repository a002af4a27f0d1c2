"""The case page's "Agreed actions" and "Ombudsman" sections, as rows worked out in Python.

The case page view belongs to the complaints app; these tags let its includes ask the
decisions app for the rows without the complaints app knowing how actions are told apart.
They read only what ``case_queryset`` prefetched (plus one query for the people named).
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from heard.complaints.models import Complaint
from heard.decisions.views import (
    ActionsSection,
    OmbudsmanCaseRow,
    case_action_rows,
    ombudsman_rows,
)

register = template.Library()


@register.simple_tag
def agreed_actions(complaint: Complaint) -> ActionsSection:
    return ActionsSection(case_action_rows(complaint, timezone.localdate()))


@register.simple_tag
def ombudsman_case_rows(complaint: Complaint) -> list[OmbudsmanCaseRow]:
    return ombudsman_rows(complaint, timezone.localdate())
