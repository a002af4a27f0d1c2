"""The case list, "my cases", a new complaint and the case page.

Each view parses its input, checks access through ``complaints.access`` (hidden cases answer
404), calls an action when something changes, and renders. What a page shows is assembled
here in plain Python (rows, dates, flags), so templates only lay it out and never work out a
deadline. Every page reads a fixed number of queries however many cases, events, points or
appointments there are: lists and the case page prefetch their relations (tests count them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
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

from heard.audit.models import CaseEvent
from heard.audit.once import AlreadySubmitted, already_used, once, submitted_token, token_for_form
from heard.audit.versions import ChangedText, changed_texts
from heard.complaints import export
from heard.complaints.access import (
    complaints_staff_only,
    complaints_visible_to,
    events_for,
    own_cases,
    sees_later_stages,
)
from heard.complaints.actions import intake
from heard.complaints.actions.stage1 import is_eligible_for_stage2_on_request
from heard.complaints.case_sets import case_set
from heard.complaints.disclosure import NOTHING, Disclosure, disclosure_for
from heard.complaints.http import case_for_request, signed_in_user
from heard.complaints.idle import idle_steps
from heard.complaints.learning import RepeatFinding, repeat_warnings_for
from heard.complaints.listing import (
    DEFAULT_SORT,
    SORTS,
    columns,
    days_left,
    ordering,
    remembered_query,
)
from heard.complaints.models import Appointment, Complaint, ComplaintPoint, Decision, DecisionKind
from heard.complaints.models.choices import ENDED_STATUSES, AppointmentRole, Stage, Status
from heard.complaints.models.running import WaitsOn
from heard.complaints.presentation import page_links
from heard.complaints.sections import ShownSection, section_prefetches, shown_sections
from heard.complaints.selections import extended_q, open_q, waiting_on_q, with_ombudsman_q
from heard.complaints.steps import load_steps
from heard.complaints.steps.intake import NewComplaintForm
from heard.complaints.tasklist import Task, records_basis_recorded, stage2_tasks
from heard.complaints.transitions import NotAllowed, Refused, stage_of
from heard.complaints.workflow import EVENT_LABELS
from heard.govuk_forms import GovukFormMixin
from heard.numbers import WholeNumberField
from heard.people.models import User
from heard.people.roles import StaffRole, is_complaints_manager, is_complaints_staff
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


def role_label(acting_as: str) -> str:
    """A case event's ``acting_as`` (a staff role or ``appointed:<role>``) in words."""
    name = acting_as.removeprefix("appointed:")
    for choices in (AppointmentRole, StaffRole):
        if name in choices.values:
            return str(choices(name).label)
    return name.replace("_", " ")


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


def with_table_relations(cases: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The handler in the same query; one query each for complainants, children and current
    appointments with the person (ended appointments are not shown)."""
    current = Appointment.objects.filter(ended_on__isnull=True).select_related("person")
    return cases.select_related("handler").prefetch_related(
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
    handler: str
    days_left: str  # "3 working days left", "Due today", "Overdue by 2 working days"

    @property
    def overdue_by(self) -> str:
        """What follows the red "Overdue" tag: "by 2 working days"."""
        return self.days_left.removeprefix("Overdue").strip()

    @classmethod
    def of(cls, complaint: Complaint, today: date, calendar: Calendar | None = None) -> CaseRow:
        return cls(
            complaint=complaint,
            complainants=[c.name for c in complaint.complainants.all()],
            children=[c.name for c in complaint.children.all()],
            officers=[f"{a.person} ({a.get_role_display()})" for a in complaint.current],  # type: ignore[attr-defined]
            overdue=complaint.is_overdue(today),
            handler=str(complaint.handler) if complaint.handler else "",
            days_left=days_left(complaint.due_on, today, calendar),
            status_tag=STATUS_TAGS.get(complaint.status, ""),
            stage=_stage_unless_named(complaint),
        )


def _stage_unless_named(complaint: Complaint) -> str:
    stage = complaint.get_stage_display()
    return "" if complaint.get_status_display().startswith(stage) else stage


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
    params = request.GET.copy()
    params.pop("page", None)
    sort = wanted.get("sort", DEFAULT_SORT)
    calendar = current_calendar()
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
            "rows": [CaseRow.of(c, today, calendar) for c in page.object_list],
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


# -- the case page -------------------------------------------------------------------------


def case_queryset() -> QuerySet[Complaint]:
    """A complaint with everything the case page, its guards, its task list and the sections
    other apps register (``complaints.sections``) read."""
    points = ComplaintPoint.objects.select_related("finding", "ip_view").prefetch_related("themes")
    appointments = Appointment.objects.select_related("person")
    return Complaint.objects.select_related(
        "stage1",
        "stage2",
        "stage3",
        "panel_report",
        "investigation_report",
        "ip_report",
        "route_decided_by",
        "out_of_time_decided_by",
    ).prefetch_related(
        "complainants",
        "children",
        "deferrals",
        "copies_sent",
        "contact_attempts",
        "records_consents",
        "plan_items",
        "interviews",
        "records_requests",
        "breaches",
        "panel_submissions",
        "panel_attendees",
        "panel_report__circulation",
        "recommendations",
        "actions",
        "ombudsman_cases__remedies__action",
        Prefetch("appointments", appointments),
        Prefetch("points", points),
        Prefetch("decisions", Decision.objects.select_related("decided_by", "signed_off_by")),
        *section_prefetches(),
    )


@dataclass(frozen=True)
class DateRow:
    """One key date: a label, a date (or words), and a tag such as "Overdue"."""

    label: str
    day: date | None = None
    words: str = ""
    tag: str = ""
    tag_class: str = ""


def stage1_dates(complaint: Complaint) -> list[DateRow]:
    s1 = getattr(complaint, "stage1", None)
    if s1 is None:
        return []
    extended = f"Extended on {s1.extended_on:%-d %B %Y}" if s1.extended_on else ""
    rows = [
        DateRow("Response due", s1.due_on, tag=extended and "Extended"),
        DateRow("Latest date with an extension (20 working days)", s1.cap_on),
        DateRow("Response sent", s1.response_sent_on, words="Not yet"),
    ]
    if s1.response_sent_on:
        rows.append(DateRow("Stage 2 should be asked for by (advisory)", s1.stage2_request_by))
    return rows


# Where the Stage 2 clock is running: from the request until the adjudication letter.
STAGE2_RUNNING = frozenset(
    {
        Status.STAGE2_REQUESTED,
        Status.STAGE2_SETUP,
        Status.STAGE2_INVESTIGATION,
        Status.STAGE2_ADJUDICATION,
    }
)


def working_days_past(deadline: date | None, today: date) -> int:
    """How many working days ``today`` is past ``deadline`` (0 if not past), counted with the
    calendar in force, so a bank holiday added by an administrator is not counted."""
    if deadline is None or today <= deadline:
        return 0
    try:
        return current_calendar().working_days_between(deadline, today)
    except OutsideCalendar:
        return (today - deadline).days


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def stage2_dates(complaint: Complaint, today: date) -> list[DateRow]:
    """Decisions for Heard 3: the request-date deadlines always, the council's if different."""
    s2 = getattr(complaint, "stage2", None)
    if s2 is None:
        return []
    requested = DateRow(
        "Requested", s2.requested_on, tag="Late: accepted" if s2.request_was_late else ""
    )
    if s2.refused_on:
        # A refused request has no clock: its deadlines stopped the day it was refused.
        stopped = f"Stopped: refused on {s2.refused_on:%-d %B %Y}"
        return [
            requested,
            DateRow("Refused", s2.refused_on, tag="Refused", tag_class="govuk-tag--red"),
            DateRow("Due: 25 working days from the request", words=stopped),
            DateRow("Latest: 65 working days from the request", words=stopped),
        ]
    running = complaint.status in STAGE2_RUNNING and s2.adjudication_letter_sent_on is None
    past_25 = working_days_past(s2.request_due_on, today) if running else 0
    past_65 = working_days_past(s2.request_cap_on, today) if running else 0
    rows = [
        requested,
        DateRow("Accepted", s2.accepted_on, words="Not yet"),
        DateRow(
            "Due: 25 working days from the request",
            s2.request_due_on,
            tag=f"Past the 25-day due date by {_working_days(past_25)}" if past_25 else "",
            tag_class="govuk-tag--orange",
        ),
        DateRow(
            "Latest: 65 working days from the request",
            s2.request_cap_on,
            tag=f"Past the 65-day limit by {_working_days(past_65)}" if past_65 else "",
            tag_class="govuk-tag--red",
        ),
    ]
    if s2.accepted_on and (s2.due_on != s2.request_due_on or s2.cap_on != s2.request_cap_on):
        basis = "the agreed statement" if s2.start_basis != "request_date" else "the request"
        rows.append(DateRow(f"Council's due date (from {basis})", s2.due_on, words="When agreed"))
        if s2.cap_on != s2.request_cap_on:
            rows.append(DateRow(f"Council's latest date (from {basis})", s2.cap_on, words="—"))
    if s2.extended_on:
        rows.append(DateRow("Extended", s2.extended_on))
    if s2.first_contact_on:
        rows.append(DateRow("First contact with the complainant", s2.first_contact_on))
    if s2.statement_due_on:
        late = not s2.statement_agreed_on and today > s2.statement_due_on
        rows.append(
            DateRow(
                "Statement of Complaint to be agreed by",
                s2.statement_due_on,
                tag="Overdue" if late else "",
                tag_class="govuk-tag--red",
            )
        )
    if s2.first_contact_on or s2.statement_agreed_on:
        rows.append(DateRow("Statement agreed", s2.statement_agreed_on, words="Not yet"))
    for label, day in (
        ("Investigation started", s2.investigation_started_on),
        ("Report final", s2.report_date),
        ("Adjudication decided", s2.adjudication_date),
    ):
        if day:
            rows.append(DateRow(label, day))
    if s2.adjudication_date or s2.adjudication_letter_sent_on:
        rows.append(
            DateRow(
                "Adjudication letter sent",
                s2.adjudication_letter_sent_on,
                words="Not yet",
                tag=s2.completed_within.capitalize(),
                tag_class="govuk-tag--red" if s2.completed_within == "late" else "govuk-tag--green",
            )
        )
    if s2.stage3_request_by:
        rows.append(DateRow("Stage 3 should be asked for by (advisory)", s2.stage3_request_by))
    return rows


def _met(day: date | None, due_on: date | None, today: date) -> tuple[str, str]:
    """A tag for a Stage 3 deadline: late if done after it, overdue if not done and past it."""
    if due_on is None:
        return "", ""
    if day is not None:
        return ("Late", "govuk-tag--red") if day > due_on else ("On time", "govuk-tag--green")
    return ("Overdue", "govuk-tag--red") if today > due_on else ("", "")


def stage3_dates(complaint: Complaint, today: date) -> list[DateRow]:
    """Decisions for Heard 4: the three firm deadlines, each shown with whether it was met."""
    s3 = getattr(complaint, "stage3", None)
    if s3 is None:
        return []
    rows = [
        DateRow(
            "Requested",
            s3.requested_on,
            tag=("Late: accepted" if s3.accepted_on else "Late") if s3.request_was_late else "",
        ),
        DateRow("Should have been asked for by (advisory)", s3.request_by, words="—"),
    ]
    if s3.refused_on:
        rows.append(DateRow("Refused", s3.refused_on, tag="Refused", tag_class="govuk-tag--red"))
        return rows
    rows.append(DateRow("Accepted", s3.accepted_on, words="Not yet"))
    tag, tag_class = _met(s3.meeting_on, s3.panel_due_on, today)
    rows.append(DateRow("Panel must meet by (30 working days)", s3.panel_due_on))
    rows.append(
        DateRow("Panel meeting", s3.meeting_on, words="Not yet set", tag=tag, tag_class=tag_class)
    )
    if s3.met_on:
        rows.append(DateRow("Panel met", s3.met_on))
    if s3.report_due_on:
        sent = complaint.panel_report.sent_on if hasattr(complaint, "panel_report") else None
        tag, tag_class = _met(sent, s3.report_due_on, today)
        rows.append(DateRow("Panel report due (5 working days)", s3.report_due_on))
        rows.append(
            DateRow("Panel report sent", sent, words="Not yet", tag=tag, tag_class=tag_class)
        )
    if s3.response_due_on:
        tag, tag_class = _met(s3.response_sent_on, s3.response_due_on, today)
        rows.append(DateRow("Council response due (15 working days)", s3.response_due_on))
        rows.append(
            DateRow(
                "Council response sent",
                s3.response_sent_on,
                words="Not yet",
                tag=tag,
                tag_class=tag_class,
            )
        )
    return rows


def records_access_status(complaint: Complaint) -> str:
    """Rule 23, in the words the investigators need."""
    s2 = getattr(complaint, "stage2", None)
    if s2 is not None and s2.records_access_granted_on:
        return f"Access given on {s2.records_access_granted_on:%-d %B %Y}"
    if records_basis_recorded(complaint):
        return "Consent recorded: access not yet given"
    return "Blocked until consent is recorded"


# Decisions made before or during Stage 1: all a Stage 1 responder may read (ADR 022).
STAGE1_DECISIONS = frozenset(
    {
        DecisionKind.OUT_OF_TIME,
        DecisionKind.SUFFICIENT_INTEREST,
        DecisionKind.DEFERRAL,
        DecisionKind.STAGE1_EXTENSION,
    }
)


@dataclass
class CasePage:
    """What the case page shows, worked out once from the prefetched complaint."""

    complaint: Complaint
    status_tag: str
    overdue: bool
    eligible_for_stage2: bool
    stage1_dates: list[DateRow]
    stage2_dates: list[DateRow]
    stage3_dates: list[DateRow]
    tasks: list[Task]
    actions: list[tuple[str, str]]
    records_access: str
    records_access_given: bool
    non_engagement_warning: bool
    decisions: list[Decision] = field(default_factory=list)
    # False for a Stage 1 responder: the Stage 2 and 3 sections are left out (ADR 022).
    shows_later_stages: bool = True
    timeline: list[CaseEvent] = field(default_factory=list)
    repeat_warnings: list[RepeatFinding] = field(default_factory=list)
    # The registered sections to show, by place on the page (``complaints.sections``).
    sections: dict[str, list[ShownSection]] = field(default_factory=dict)
    changed_texts: list[ChangedText] = field(default_factory=list)
    # Which personal details of the family this person's role needs (decision 027).
    disclosure: Disclosure = NOTHING

    @classmethod
    def build(cls, complaint: Complaint, user: Any, today: date) -> CasePage:
        steps = load_steps()
        idle = idle_steps(complaint)
        may_fire = [e for e in events_for(user, complaint) if e in steps and e not in idle]
        unanswered = [a for a in complaint.contact_attempts.all() if a.outcome == "unanswered"]
        s1 = getattr(complaint, "stage1", None)
        s2 = getattr(complaint, "stage2", None)
        events = (
            CaseEvent.objects.filter(complaint_id=complaint.pk)
            .select_related("by")
            .order_by("-at", "-id")
        )
        later = sees_later_stages(user, complaint)
        timeline = [e for e in events if later or stage_of(e.to_state or e.from_state, 1) == 1]
        return cls(
            complaint=complaint,
            status_tag=STATUS_TAGS.get(complaint.status, ""),
            overdue=complaint.is_overdue(today),
            eligible_for_stage2=complaint.status == Status.STAGE1_OPEN
            and s1 is not None
            and s1.response_sent_on is None
            and is_eligible_for_stage2_on_request(complaint, today),
            stage1_dates=stage1_dates(complaint),
            stage2_dates=stage2_dates(complaint, today) if later else [],
            stage3_dates=stage3_dates(complaint, today) if later else [],
            # The Stage 2 task list is the work of Stage 2: once at Stage 3 it is history, and
            # the Stage 2 dates card and the timeline keep the record.
            # A refused request has no work left to do, so no task list either.
            tasks=stage2_tasks(complaint, may_fire=may_fire)
            if complaint.stage < 3 and later and complaint.status != Status.STAGE2_REFUSED
            else [],
            actions=[(EVENT_LABELS[e], step_url(complaint, e)) for e in may_fire],
            records_access=records_access_status(complaint),
            records_access_given=bool(s2 and s2.records_access_granted_on),
            non_engagement_warning=is_complaints_manager(user) and len(unanswered) >= 2,
            # A Stage 1 responder reads only the decisions of the stages they may see.
            decisions=[d for d in complaint.decisions.all() if later or d.kind in STAGE1_DECISIONS],
            shows_later_stages=later,
            timeline=[_with_role(event) for event in timeline],
            repeat_warnings=repeat_warnings_for(user, complaint),
            sections=shown_sections(complaint, user, today),
            changed_texts=changed_texts(complaint.pk),
            disclosure=disclosure_for(user, complaint),
        )


def _with_role(event: CaseEvent) -> CaseEvent:
    event.role_label = role_label(event.acting_as) if event.acting_as else ""  # type: ignore[attr-defined]
    return event


def step_url(complaint: Complaint, event: str) -> str:
    return reverse("complaints:step", kwargs={"pk": complaint.pk, "event": event.replace("_", "-")})


@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case: who, what, when it is due, what is done and next, and what has happened."""
    complaint = case_queryset().get(pk=case_for_request(request, pk).pk)
    page = CasePage.build(complaint, request.user, timezone.localdate())
    return render(request, "complaints/detail.html", {"complaint": complaint, "page": page})
