"""The case list, "my cases" and a new complaint (the case page is in ``views.case_page``).

Each view parses its input, checks access through ``complaints.access`` (hidden cases answer
404), calls an action when something changes, and renders. What a page shows is assembled
here in plain Python (rows, dates, flags), so templates only lay it out and never work out a
deadline. Every page reads a fixed number of queries however many cases, events, points or
appointments there are: lists and the case page prefetch their relations (tests count them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from heard.audit.once import AlreadySubmitted, already_used, once, submitted_token, token_for_form
from heard.complaints import export
from heard.complaints.access import (
    complaints_staff_only,
    complaints_visible_to,
    own_cases,
)
from heard.complaints.actions import intake
from heard.complaints.case_sets import case_set
from heard.complaints.http import signed_in_user
from heard.complaints.listing import (
    DEFAULT_SORT,
    PERSON_COLUMNS,
    SORTS,
    columns,
    days_left,
    load_table_relations,
    ordering,
    remembered_query,
    with_table_relations,
)
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import ENDED_STATUSES, AppointmentRole, Stage, Status
from heard.complaints.models.running import WaitsOn
from heard.complaints.presentation import page_links
from heard.complaints.queue import case_url_maker
from heard.complaints.selections import extended_q, open_q, waiting_on_q, with_ombudsman_q
from heard.complaints.steps.intake import NewComplaintForm
from heard.complaints.transitions import NotAllowed, Refused
from heard.govuk_forms import GovukFormMixin
from heard.numbers import WholeNumberField
from heard.people.models import User, person_name
from heard.people.roles import is_complaints_staff
from heard.timescales.calendar import Calendar, OutsideCalendar
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
    # The officers are choices by id (set in __init__), not a ModelChoiceField: the list is
    # every officer with a current appointment, some 250 at a large council, and making each
    # a User to name them cost more than the query.
    officer = forms.TypedChoiceField(
        label="Appointed officer",
        choices=[],
        coerce=int,
        required=False,
        empty_value=None,
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
    # The dashboard's figures link here with these (decision 031): each is one definition in
    # ``complaints.selections``, shared with the count.
    open = forms.BooleanField(label="Open cases only", required=False)
    extended = forms.BooleanField(label="Extended deadline running", required=False)
    waiting_on = forms.ChoiceField(
        label="Waiting on", choices=[("", "Anyone"), *WaitsOn.choices], required=False
    )
    ombudsman = forms.BooleanField(label="With the Ombudsman", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

    # A report's figure (``complaints.case_sets``) and its period: set by the link from the
    # figure, kept through the other filters as hidden fields, said in words above the table.
    figure = forms.CharField(required=False, widget=forms.HiddenInput)
    figure_from = forms.DateField(
        required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"]
    )
    figure_to = forms.DateField(
        required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        key = cleaned.get("figure")
        if key and (
            case_set(key) is None or not cleaned.get("figure_from") or not cleaned.get("figure_to")
        ):
            # Only a hand-made address gets here: say so and leave the figure out.
            self.add_error(None, "That report figure is not known, so it is not applied")
            for name in ("figure", "figure_from", "figure_to"):
                cleaned.pop(name, None)
        return cleaned

    def __init__(self, *args: Any, show_officer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if show_officer:
            officer = cast(forms.TypedChoiceField, self.fields["officer"])
            officer.choices = [("", "Anyone"), *officer_choices()]
        else:
            del self.fields["officer"]

    def filters(self) -> dict[str, Any]:
        """The valid answers; anything invalid is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


def officer_choices() -> list[tuple[int, str]]:
    """(id, name) of everyone appointed to a case now, by name. EXISTS probes the
    (person, role) index once per user; a join with DISTINCT read every current appointment
    (~150 ms at 100,000 complaints)."""
    current = Appointment.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)
    people = (
        User.objects.filter(Exists(current))
        .order_by(*PERSON_COLUMNS)
        .values_list("pk", *PERSON_COLUMNS)
    )
    return [(pk, person_name(first, last, username)) for pk, first, last, username in people]


def filter_cases(cases: QuerySet[Complaint], wanted: dict[str, Any], today: date) -> QuerySet:
    """Apply the list's filters and sort. ``due_on`` is the earliest deadline running on a
    case, whichever it is (``complaints.deadlines``), so "due within" and "overdue" cover
    every deadline. The default sort, soonest due first with no due date last, then oldest
    first, and both date filters are served by the (due_on, id) index. The sort is one of
    ``listing.SORTS`` (a whitelist), each ending with the id so pages never overlap. The page
    and its downloads both call this, so a file holds exactly what the list shows."""
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
    if wanted.get("open"):
        cases = cases.filter(open_q())
    if wanted.get("extended"):
        cases = cases.filter(extended_q())
    if wanted.get("waiting_on"):
        cases = cases.filter(waiting_on_q(wanted["waiting_on"]))
    if wanted.get("ombudsman"):
        cases = cases.filter(with_ombudsman_q())
    chosen = case_set(wanted.get("figure", ""))
    if chosen is not None and wanted.get("figure_from") and wanted.get("figure_to"):
        behind = chosen.complaint_ids(wanted["figure_from"], wanted["figure_to"], today)
        cases = cases.filter(pk__in=behind)
    return cases.order_by(*ordering(wanted.get("sort")))


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
    handler: str
    days_left: str  # "3 working days left", "Due today", "Overdue by 2 working days"
    url: str = ""  # the case page's address
    due_words: str = ""  # "7 Dec 2026", as the template's ``date:"j M Y"`` writes it

    @property
    def overdue_by(self) -> str:
        """What follows the red "Overdue" tag: "by 2 working days"."""
        return self.days_left.removeprefix("Overdue").strip()

    @property
    def status(self) -> str:
        return STATUS_LABELS[self.complaint.status]

    @classmethod
    def of(
        cls,
        complaint: Complaint,
        today: date,
        calendar: Calendar | None = None,
        url_for: Callable[[int], str] | None = None,
    ) -> CaseRow:
        """A row from a complaint read by ``with_table_relations`` and given its people by
        ``load_table_relations``. Labels come from the
        choices' own dictionaries: ``get_FOO_display`` makes each value hashable first, and
        called for every row and officer it was a fifth of the table's time. The address
        and the due date are written here too, not by the template's ``url`` and ``date``,
        which cost a millisecond or two a page of fifty rows."""
        due = complaint.due_on
        return cls(
            url=(url_for or case_url_maker())(complaint.pk),
            due_words=f"{due.day} {due:%b %Y}" if due else "",
            complaint=complaint,
            complainants=complaint.table_complainants,  # type: ignore[attr-defined]
            children=complaint.table_children,  # type: ignore[attr-defined]
            officers=complaint.table_officers,  # type: ignore[attr-defined]
            overdue=complaint.is_overdue(today),
            handler=str(complaint.handler) if complaint.handler else "",
            days_left=days_left(complaint.due_on, today, calendar),
            status_tag=STATUS_TAGS.get(complaint.status, ""),
            stage=_stage_unless_named(complaint),
        )


STATUS_LABELS: dict[str, str] = {value: str(label) for value, label in Status.choices}
STAGE_LABELS: dict[int, str] = {value: str(label) for value, label in Stage.choices}
ROLE_LABELS: dict[str, str] = {value: str(label) for value, label in AppointmentRole.choices}


def _stage_unless_named(complaint: Complaint) -> str:
    stage = STAGE_LABELS.get(complaint.stage, "")
    return "" if STATUS_LABELS[complaint.status].startswith(stage) else stage


def _filters_form(request: HttpRequest, *, mine: bool) -> CaseFilterForm:
    return CaseFilterForm(
        request.GET or None, show_officer=is_complaints_staff(request.user) and not mine
    )


def _applied(form: CaseFilterForm) -> list[str]:
    """The filters in force, in words, to say above the table ("Stage: Stage 2")."""
    said = []
    wanted = form.filters()
    for name, value in wanted.items():
        if name in ("sort", "figure_from", "figure_to"):
            continue
        if name == "figure":
            chosen = case_set(value)
            if chosen is not None:
                first, last = wanted["figure_from"], wanted["figure_to"]
                said.append(
                    f"Procedure report: {chosen.label}, {first:%-d %B %Y} to {last:%-d %B %Y}"
                )
            continue
        field = form.fields[name]
        if isinstance(field, forms.BooleanField):
            said.append(str(field.label))
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            shown = dict(field.choices).get(value, dict(field.choices).get(str(value), value))  # type: ignore[arg-type]
            said.append(f"{field.label}: {shown}")
        elif name == "due_within":
            said.append(f"Due within {value} working day{'s' if value != 1 else ''}")
        else:
            said.append(f"{field.label}: {value}")
    return said


def _case_table(
    request: HttpRequest, cases: QuerySet[Complaint], *, title: str, mine: bool
) -> HttpResponse:
    """Filter, sort and page ``cases`` (already limited to what this user may see).

    The last filters used are kept in the session: the list opened bare (from the menu or a
    case's back link) goes back to them, and "Clear filters" (``?clear``) forgets them."""
    list_name = "mine" if mine else "all"
    form = _filters_form(request, mine=mine)
    kept = remembered_query(request, list_name, set(form.fields))
    if kept is not None:
        return redirect(request.path + (f"?{kept}" if kept else ""))
    today = timezone.localdate()
    wanted = form.filters()
    cases = with_table_relations(filter_cases(cases, wanted, today))
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    on_page = list(page.object_list)
    load_table_relations(on_page)
    params = request.GET.copy()
    params.pop("page", None)
    sort = wanted.get("sort", DEFAULT_SORT)
    calendar = current_calendar()
    url_for = case_url_maker()
    download = f"?{params.urlencode()}" if params else ""
    prefix = "complaints:mine" if mine else "complaints:list"
    return render(
        request,
        "complaints/list.html",
        {
            "title": title,
            "mine": mine,
            "form": form,
            "page": page,
            "rows": [CaseRow.of(c, today, calendar, url_for) for c in on_page],
            "pagination": page_links(page, params),
            "filtered": bool(form.is_bound and form.filters()),
            "applied": _applied(form),
            "sort": sort,
            "columns": columns(params, sort),
            "csv_url": reverse(f"{prefix}_csv") + download,
            "xlsx_url": reverse(f"{prefix}_xlsx") + download,
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


def _download(request: HttpRequest, *, mine: bool, as_xlsx: bool) -> HttpResponseBase:
    """The list as a file: the same cases, filters and order as the page, every page of it.
    A filter that does not make sense shows the page with its error, not an unfiltered file."""
    form = _filters_form(request, mine=mine)
    prefix = "complaints:mine" if mine else "complaints:list"
    if form.is_bound and not form.is_valid():
        return redirect(reverse(prefix) + f"?{request.GET.urlencode()}")
    today = timezone.localdate()
    visible = own_cases(request.user) if mine else complaints_visible_to(request.user)
    cases = filter_cases(visible, form.filters(), today)
    record = export.recorder(by_id=signed_in_user(request).pk, path=request.get_full_path())
    name = f"{'my-cases' if mine else 'cases'}-{today}"
    if as_xlsx:
        return FileResponse(
            export.xlsx_file(export.batches(cases, record), today),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX,
        )
    response = StreamingHttpResponse(
        export.csv_lines(export.batches(cases, record), today),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def case_list_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, mine=False, as_xlsx=False)


@require_safe
def case_list_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _download(request, mine=False, as_xlsx=True)


@require_safe
def my_cases_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, mine=True, as_xlsx=False)


@require_safe
def my_cases_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _download(request, mine=True, as_xlsx=True)


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
