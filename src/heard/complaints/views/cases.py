"""The case list, "my cases" and a new complaint (the case page is in ``views.case_page``).

Each view parses its input, checks access through ``complaints.access`` (hidden cases answer
404), calls an action when something changes, and renders. What a page shows is assembled
here in plain Python (rows, dates, flags), so templates only lay it out and never work out a
deadline. Every page reads a fixed number of queries however many cases, events, points or
appointments there are: lists and the case page prefetch their relations (tests count them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from heard.audit.once import AlreadySubmitted, already_used, once, submitted_token, token_for_form
from heard.complaints.access import (
    complaints_staff_only,
    complaints_visible_to,
    own_cases,
)
from heard.complaints.actions import intake
from heard.complaints.http import signed_in_user
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import ENDED_STATUSES, Stage, Status
from heard.complaints.presentation import page_links
from heard.complaints.steps.intake import NewComplaintForm
from heard.complaints.transitions import NotAllowed, Refused
from heard.govuk_forms import GovukFormMixin
from heard.numbers import WholeNumberField
from heard.people.models import User
from heard.people.roles import is_complaints_staff
from heard.timescales.calendar import OutsideCalendar
from heard.timescales.snapshot import current_calendar

PER_PAGE = 50

CLOSED_STATUSES = tuple(s for s in Status if s in ENDED_STATUSES)
OPEN_STATUSES = tuple(s for s in Status if s not in CLOSED_STATUSES)

# The GOV.UK tag colour for each status: grey for not started or over, blue for Stage 1,
# other colours for the steps of Stage 2, red for a refusal.
STATUS_TAGS: dict[str, str] = {
    Status.INTAKE: "govuk-tag--grey",
    Status.STAGE1_OPEN: "govuk-tag--blue",
    Status.STAGE1_RESPONDED: "govuk-tag--light-blue",
    Status.STAGE2_REQUESTED: "govuk-tag--yellow",
    Status.STAGE2_SETUP: "govuk-tag--turquoise",
    Status.STAGE2_INVESTIGATION: "govuk-tag--purple",
    Status.STAGE2_ADJUDICATION: "govuk-tag--pink",
    Status.STAGE2_COMPLETE: "govuk-tag--green",
    Status.STAGE2_REFUSED: "govuk-tag--red",
    Status.CLOSED: "govuk-tag--grey",
    Status.CLOSED_NON_ENGAGEMENT: "govuk-tag--orange",
    Status.HANDLED_ELSEWHERE: "govuk-tag--grey",
    Status.REFUSED_OUT_OF_TIME: "govuk-tag--red",
    Status.STAGE3_REQUESTED: "govuk-tag--yellow",
    Status.STAGE3_PANEL: "govuk-tag--turquoise",
    Status.STAGE3_REPORT: "govuk-tag--purple",
    Status.STAGE3_RESPONSE: "govuk-tag--pink",
    Status.STAGE3_COMPLETE: "govuk-tag--green",
    Status.STAGE3_REFUSED: "govuk-tag--red",
}

SORTS = {"due": "Soonest due first", "-due": "Latest due first"}


# -- the case list -------------------------------------------------------------------------


class CaseFilterForm(GovukFormMixin, forms.Form):
    """The list's filters and sort, sent by GET so a filtered list has its own address."""

    stage = forms.TypedChoiceField(
        label="Stage",
        choices=[("", "Any stage"), *Stage.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Status.choices], required=False
    )
    officer = forms.ModelChoiceField(
        label="Appointed officer",
        queryset=User.objects.none(),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Select an officer from the list"},
    )
    due_within = WholeNumberField(
        label="Due within (working days)",
        help_text="From today. For example, 5",
        min_value=0,
        max_value=250,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Due within must be a whole number of working days, like 5",
            "min_value": "Due within must be 0 or more",
            "max_value": "Due within must be 250 working days or fewer",
        },
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, show_officer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if show_officer:
            officer = cast(forms.ModelChoiceField, self.fields["officer"])
            # EXISTS probes the (person, role) index once per user; a join with DISTINCT
            # read every current appointment, which cost ~150 ms at 100,000 complaints.
            current = Appointment.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
            officer.queryset = User.objects.filter(Exists(current)).order_by(
                "first_name", "last_name", "username"
            )
        else:
            del self.fields["officer"]

    def filters(self) -> dict[str, Any]:
        """The valid answers; anything invalid is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


def filter_cases(cases: QuerySet[Complaint], wanted: dict[str, Any], today: date) -> QuerySet:
    """Apply the list's filters and sort. ``due_on`` is the earliest deadline running on a
    case, whichever it is (``complaints.deadlines``), so "due within" and "overdue" cover
    every deadline. The default sort, soonest due first with no due date last, then oldest
    first, and both date filters are served by the (due_on, id) index."""
    if wanted.get("stage"):
        cases = cases.filter(stage=wanted["stage"])
    if wanted.get("status"):
        cases = cases.filter(status=wanted["status"])
    if wanted.get("officer"):
        appointed = Appointment.objects.filter(person=wanted["officer"], ended_on__isnull=True)
        cases = cases.filter(pk__in=appointed.values("complaint_id"))
    if wanted.get("due_within") is not None:
        try:
            limit = current_calendar().add_working_days(today, wanted["due_within"])
        except OutsideCalendar:
            limit = date.max
        cases = cases.filter(due_on__gte=today, due_on__lte=limit)
    if wanted.get("overdue"):
        # No status test: an agreed action or an Ombudsman reply still runs after the
        # procedure has ended, and ``due_on`` is empty when nothing runs.
        cases = cases.filter(due_on__lt=today)
    if wanted.get("sort") == "-due":
        return cases.order_by(F("due_on").desc(nulls_last=True), "-id")
    return cases.order_by(F("due_on").asc(nulls_last=True), "id")


def with_table_relations(cases: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """One query each for complainants, children and current appointments with the person."""
    current = Appointment.objects.filter(ended_on__isnull=True).select_related("person")
    return cases.prefetch_related(
        "complainants", "children", Prefetch("appointments", current, to_attr="current")
    )


@dataclass(frozen=True)
class CaseRow:
    """One row of the case table, worked out in Python so the template only lays it out."""

    complaint: Complaint
    complainants: list[str]
    children: list[str]
    officers: list[str]
    overdue: bool
    status_tag: str
    stage: str  # blank when the status already names the stage ("Stage 2 investigation")

    @classmethod
    def of(cls, complaint: Complaint, today: date) -> CaseRow:
        return cls(
            complaint=complaint,
            complainants=[c.name for c in complaint.complainants.all()],
            children=[c.name for c in complaint.children.all()],
            officers=[f"{a.person} ({a.get_role_display()})" for a in complaint.current],  # type: ignore[attr-defined]
            overdue=complaint.is_overdue(today),
            status_tag=STATUS_TAGS.get(complaint.status, ""),
            stage=_stage_unless_named(complaint),
        )


def _stage_unless_named(complaint: Complaint) -> str:
    stage = complaint.get_stage_display()
    return "" if complaint.get_status_display().startswith(stage) else stage


def _case_table(
    request: HttpRequest, cases: QuerySet[Complaint], *, title: str, mine: bool
) -> HttpResponse:
    """Filter, sort and page ``cases`` (already limited to what this user may see)."""
    today = timezone.localdate()
    form = CaseFilterForm(
        request.GET or None, show_officer=is_complaints_staff(request.user) and not mine
    )
    cases = with_table_relations(filter_cases(cases, form.filters(), today))
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "complaints/list.html",
        {
            "title": title,
            "mine": mine,
            "form": form,
            "page": page,
            "rows": [CaseRow.of(c, today) for c in page.object_list],
            "pagination": page_links(page, params),
            "filtered": bool(form.is_bound and form.filters()),
            "sort": form.filters().get("sort", "due"),
            "can_add": is_complaints_staff(request.user),
        },
    )


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    """Every case this person may see: all of them for complaints staff, else their own."""
    return _case_table(request, complaints_visible_to(request.user), title="Cases", mine=False)


@require_safe
def my_cases(request: HttpRequest) -> HttpResponse:
    """The cases this person works on: those they handle, for the complaints team (who are
    never appointed to a case), and those they are appointed to now, for everyone."""
    return _case_table(request, own_cases(request.user), title="My cases", mine=True)


# -- a new complaint -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@complaints_staff_only
def new_complaint(request: HttpRequest) -> HttpResponse:
    """Record a complaint the day it arrives. Only the complaints team; others get 404."""
    posted = request.POST if request.method == "POST" else None
    then = already_used(posted)
    if then is not None:
        messages.info(request, "That was already saved.")
        return redirect(then or "complaints:list")
    form = NewComplaintForm(posted)
    if request.method == "POST" and form.is_valid():

        def act() -> str:
            complaint = intake.record_complaint(
                by=signed_in_user(request), **form.action_arguments()
            )
            messages.success(request, f"Complaint {complaint.reference} recorded.")
            return reverse("complaints:detail", kwargs={"pk": complaint.pk})

        try:
            return redirect(once(submitted_token(posted), by=request.user, act=act))
        except AlreadySubmitted as done:
            messages.info(request, str(done))
            return redirect(done.then or "complaints:list")
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except NotAllowed:
            raise Http404("No such page") from None
    return render(
        request, "complaints/new.html", {"form": form, "submission": token_for_form(posted)}
    )
