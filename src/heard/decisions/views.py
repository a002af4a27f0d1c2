"""Agreed actions across every complaint, and the case page's section of a complaint's actions
(domain.md rules 38 and 39).

Rule 38 says overdue actions escalate to the Complaints Manager: the list here is where they
are followed up, filtered by state, where the action came from and who owns it. It is a page
about many complaints, so only complaints staff (who see every complaint) may open it
(``complaints_staff_only``: anyone else gets 404, as for every page across cases).

Each page reads a fixed number of queries however many actions there are: the list joins the
complaint, the recommendation and what the registered sources name (the remedy) in one query,
and the case page reads what ``case_queryset`` has already prefetched.

Actions that an app above ``decisions`` created (an Ombudsman remedy) are named by the
``ActionSource`` that app registered (``decisions.sources``): ``decisions`` never imports
``ombudsman`` (decision 016).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.complaints.access import complaints_staff_only
from heard.complaints.models import Complaint
from heard.complaints.presentation import page_links
from heard.decisions.models import Action, Recommendation
from heard.decisions.presentation import STATE_TAGS
from heard.decisions.sources import Origin, registered_sources
from heard.decisions.tracking import is_overdue, overdue_q
from heard.govuk_forms import GovukFormMixin
from heard.people.models import User

PER_PAGE = 50

# Where an action came from, for the filter and the "Source" column: the recommendations
# decisions knows, then the sources apps above it registered (``source_labels``).
SOURCES = {
    "stage1": "Agreed at Stage 1",
    "stage2": "Stage 2 recommendation",
    "stage3": "Stage 3 panel recommendation",
}
SOURCE_FILTERS = {
    "stage1": Q(recommendation__stage=1),
    "stage2": Q(recommendation__stage=2),
    "stage3": Q(recommendation__stage=3),
}


def source_labels() -> dict[str, str]:
    """Every source an action may come from, for the filter's choices."""
    return SOURCES | {source.key: source.label for source in registered_sources()}


def source_filters() -> dict[str, Q]:
    return SOURCE_FILTERS | {source.key: source.matches for source in registered_sources()}


STATES = {
    "open": "Open (including overdue)",
    "overdue": "Overdue",
    "done": "Done, awaiting sign-off",
    "signed_off": "Signed off",
}


def source_of(recommendation: Recommendation | None, origin: Origin | None) -> str:
    """The words for where an action came from: a registered source's ``origin`` when it
    named one, else the recommendation."""
    if origin is not None:
        return origin.words
    if recommendation is None:
        return "Agreed action"
    if recommendation.stage == 1:
        return SOURCES["stage1"]
    key = "stage3" if recommendation.stage == 3 else "stage2"
    return f"{SOURCES[key]} {recommendation.number}"


def list_origin(action: Action) -> Origin | None:
    """The registered source's name for an action of the list (read from the list's joins)."""
    for source in registered_sources():
        origin = source.describe(action)
        if origin is not None:
            return origin
    return None


@dataclass(frozen=True)
class ActionRow:
    """One action as a page shows it, worked out here so templates only lay it out."""

    action: Action
    source: str
    overdue: bool
    state_tag: str
    # The origin's reference, such as the Ombudsman's case number, when it has one.
    source_reference: str = ""
    completed_recorded_by: User | None = None
    signed_off_by: User | None = None

    @property
    def same_person_signed_off(self) -> bool:
        """The manager signed off an action they recorded as done themselves: allowed, and
        shown, so a reader can see that no second person checked it."""
        return (
            self.action.signed_off_by_id is not None
            and self.action.signed_off_by_id == self.action.completed_recorded_by_id
        )


# -- the case page's sections ---------------------------------------------------------------


@dataclass(frozen=True)
class ActionsSection:
    """The case page's agreed actions, with the counts its warning needs."""

    rows: list[ActionRow]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def awaiting_sign_off(self) -> int:
        return sum(1 for row in self.rows if row.action.state == Action.State.DONE)


def case_action_rows(complaint: Complaint, today: date) -> list[ActionRow]:
    """The complaint's actions, soonest due first, from what ``case_queryset`` prefetched.

    An action's recommendation is looked up in the prefetched recommendations, and its other
    origins are named by the registered sources from what they prefetched, rather than through
    the action (which would ask once per action); the people who recorded and signed off are
    read in one query.
    """
    actions = sorted(complaint.actions.all(), key=lambda a: (a.due_on, a.pk))
    if not actions:
        return []
    recommendations: dict[int | None, Recommendation] = {
        r.pk: r for r in complaint.recommendations.all()
    }
    origins: dict[int, Origin] = {}
    for registered in registered_sources():
        origins.update(registered.describe_for_case(complaint))
    people_ids = {a.completed_recorded_by_id for a in actions} | {
        a.signed_off_by_id for a in actions
    }
    people = User.objects.in_bulk(people_ids - {None})
    rows = []
    for action in actions:
        origin = origins.get(action.pk)
        rows.append(
            ActionRow(
                action=action,
                source=source_of(recommendations.get(action.recommendation_id), origin),
                overdue=is_overdue(action, today),
                state_tag=STATE_TAGS.get(action.state, ""),
                source_reference=origin.reference if origin else "",
                completed_recorded_by=people.get(action.completed_recorded_by_id),
                signed_off_by=people.get(action.signed_off_by_id),
            )
        )
    return rows


def agreed_actions_section(complaint: Complaint, user: Any, today: date) -> ActionsSection | None:
    """The case page's "Agreed actions" section (registered in ``DecisionsConfig.ready()``),
    or ``None`` when nothing has been agreed."""
    rows = case_action_rows(complaint, today)
    return ActionsSection(rows) if rows else None


# -- the list across complaints -------------------------------------------------------------


class ActionFilterForm(GovukFormMixin, forms.Form):
    """The list's filters, sent by GET so a filtered list (such as the overdue actions the
    home page links to) has its own address."""

    state = forms.ChoiceField(
        label="State", choices=[("", "Any state"), *STATES.items()], required=False
    )
    source = forms.ChoiceField(
        label="Where it came from",
        # A callable, so the sources apps register in ready() are offered too.
        choices=lambda: [("", "Anywhere"), *source_labels().items()],
        required=False,
    )
    owner = forms.CharField(
        label="Owner",
        help_text="Part of a name or post, for example 'Children in Care'",
        max_length=200,
        required=False,
        error_messages={"max_length": "Owner must be 200 characters or fewer"},
    )

    def filters(self) -> dict[str, Any]:
        """The valid answers; anything invalid is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def filter_actions(actions: QuerySet[Action], wanted: dict[str, Any], today: date) -> QuerySet:
    """Apply the filters; soonest due first (the (state, due_on) index serves the states)."""
    state = wanted.get("state")
    if state == "overdue":
        actions = actions.filter(overdue_q(today))
    elif state in Action.State.values:
        actions = actions.filter(state=state)
    filters = source_filters()
    if wanted.get("source") in filters:
        actions = actions.filter(filters[wanted["source"]])
    if wanted.get("owner", "").strip():
        actions = actions.filter(owner__icontains=wanted["owner"].strip())
    return actions.order_by("due_on", "id")


def list_row(action: Action, today: date) -> ActionRow:
    """A row of the list: the recommendation and any other origin come from the same query's
    joins."""
    origin = list_origin(action)
    return ActionRow(
        action=action,
        source=source_of(action.recommendation, origin),
        overdue=is_overdue(action, today),
        state_tag=STATE_TAGS.get(action.state, ""),
        source_reference=origin.reference if origin else "",
    )


@require_safe
@complaints_staff_only
def action_list(request: HttpRequest) -> HttpResponse:
    """Every agreed action across complaints, for the complaints team to follow up."""
    today = timezone.localdate()
    form = ActionFilterForm(request.GET or None)
    wanted = form.filters()
    joins = [name for source in registered_sources() for name in source.select_related]
    actions = filter_actions(
        Action.objects.select_related("complaint", "recommendation", *joins),
        wanted,
        today,
    )
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "decisions/action_list.html",
        {
            "form": form,
            "page": page,
            "rows": [list_row(action, today) for action in page.object_list],
            "pagination": page_links(page, params),
            "filtered": bool(wanted),
        },
    )
