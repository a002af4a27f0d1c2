"""How the case list sorts, remembers its filters, and says how far off each deadline is.

Kept out of the view so the page and its downloads share one answer to "which cases, in
which order" (decision 028): the downloads call the same ``filter_cases`` with the same
filters and the same sort as the page, so a file never holds a case the page would not list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import F, OrderBy, QuerySet
from django.http import HttpRequest, QueryDict

from heard.complaints.models import Appointment, Child, Complainant, Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.people.models import person_name
from heard.timescales.calendar import Calendar, OutsideCalendar
from heard.timescales.snapshot import current_calendar


@dataclass(frozen=True)
class Sort:
    """One way to sort the list: its words in the sort menu, and its ORDER BY. Every order
    ends with the id, so two cases with the same date or name keep their places from one
    page to the next (otherwise the database may swap them and a case shows on two pages)."""

    label: str
    order: tuple[OrderBy, ...]


def _both(key: str, field: str, up: str, down: str) -> dict[str, Sort]:
    """A column's two directions, empty values last either way."""
    return {
        key: Sort(up, (F(field).asc(nulls_last=True), F("id").asc())),
        f"-{key}": Sort(down, (F(field).desc(nulls_last=True), F("id").desc())),
    }


# Within a stage or a handler's cases, soonest due first.
_DUE_THEN_ID = (F("due_on").asc(nulls_last=True), F("id").asc())

# The whitelist: a ?sort= value not named here is refused by the form and the default used.
SORTS: dict[str, Sort] = {
    **_both("due", "due_on", "Soonest due first", "Latest due first"),
    **_both("reference", "reference", "Reference, first to last", "Reference, last to first"),
    **_both("received", "received_on", "Received, oldest first", "Received, newest first"),
    "stage": Sort("Stage, 1 to 3", (F("stage").asc(), F("status").asc(), *_DUE_THEN_ID)),
    "-stage": Sort("Stage, 3 to 1", (F("stage").desc(), F("status").asc(), *_DUE_THEN_ID)),
    "handler": Sort(
        "Handler, A to Z",
        (
            F("handler__first_name").asc(nulls_last=True),
            F("handler__last_name").asc(nulls_last=True),
            *_DUE_THEN_ID,
        ),
    ),
    "-handler": Sort(
        "Handler, Z to A",
        (
            F("handler__first_name").desc(nulls_last=True),
            F("handler__last_name").desc(nulls_last=True),
            *_DUE_THEN_ID,
        ),
    ),
}
DEFAULT_SORT = "due"


def ordering(sort: str | None) -> tuple[OrderBy, ...]:
    return SORTS[sort if sort in SORTS else DEFAULT_SORT].order


@dataclass(frozen=True)
class Column:
    """A column heading: its words, and for a sortable one the link that sorts by it."""

    label: str
    url: str = ""
    aria_sort: str = ""  # "ascending" or "descending" on the column the list is sorted by


# (heading, sort key or "" when the column does not sort), in the table's order.
COLUMNS = (
    ("Reference", "reference"),
    ("Complainant and child", ""),
    ("Stage and status", "stage"),
    ("Next deadline", "due"),
    ("Handler", "handler"),
    ("Appointed now", ""),
)


def columns(params: QueryDict, sort: str) -> list[Column]:
    """The headings, each sortable one a link: to sort by it, or to reverse it when the list
    is sorted by it already. The filters stay; the page goes back to the first."""
    result = []
    for label, key in COLUMNS:
        if not key:
            result.append(Column(label))
            continue
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        query = params.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current and not descending else key
        aria = ("descending" if descending else "ascending") if current else ""
        result.append(Column(label, "?" + query.urlencode(), aria))
    return result


# -- filters kept when coming back ------------------------------------------------------------

CLEAR = "clear"


def _session_key(list_name: str) -> str:
    return f"heard.case_list.{list_name}"


def remembered_query(request: HttpRequest, list_name: str, keys: set[str]) -> str | None:
    """Where to send someone who opens the list: ``None`` to show the page as asked, or the
    query string to go to instead.

    A list opened with a query is remembered (only the form's own keys and the page); one
    opened bare (from the menu, or the case page's back link) goes to what was remembered, so
    coming back from a case shows the same filtered, sorted page. ``?clear`` forgets it.
    """
    session_key = _session_key(list_name)
    if CLEAR in request.GET:
        request.session.pop(session_key, None)
        return ""
    if not request.GET:
        stored = request.session.get(session_key)
        return stored if isinstance(stored, str) and stored else None
    kept = QueryDict(mutable=True)
    for key in sorted(keys | {"page"}):
        values = [v for v in request.GET.getlist(key) if v]
        if values:
            kept.setlist(key, values)
    if request.session.get(session_key) != kept.urlencode():  # no session write if the same
        request.session[session_key] = kept.urlencode()
    return None


# -- how far off a deadline is -------------------------------------------------------------------


def working_days_left(
    due_on: date | None, today: date, calendar: Calendar | None = None
) -> int | None:
    """Working days from today to the deadline: negative once it has passed, 0 on the day.
    Counted with the calendar in force (a bank holiday is not a working day); outside the
    calendar's years, in calendar days. A list passes the ``calendar`` it read once, since
    reading it asks the database whether it has changed."""
    if due_on is None:
        return None
    try:
        return (calendar or current_calendar()).working_days_between(today, due_on)
    except OutsideCalendar:
        return (due_on - today).days


def days_left(due_on: date | None, today: date, calendar: Calendar | None = None) -> str:
    """``working_days_left`` in words: "3 working days left", "Due today", "Overdue by 2
    working days"."""
    n = working_days_left(due_on, today, calendar)
    if n is None or due_on is None:
        return ""
    if due_on == today:
        return "Due today"
    plural = "" if abs(n) == 1 else "s"
    if due_on < today:
        return f"Overdue by {-n} working day{plural}" if n < 0 else "Overdue"
    return f"{n} working day{plural} left" if n > 0 else "Due before the next working day"


# The columns the case table reads (``CaseRow``): a page is fifty complaints with their
# people and officers, some four hundred rows in all, and reading every column of each (a
# person's password hash included) made building them cost ten times the queries themselves.
TABLE_COLUMNS = ("reference", "status", "stage", "due_on", "due_label", "handler")
PERSON_COLUMNS = ("first_name", "last_name", "username")


def with_table_relations(cases: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The handler in the same query, and only the columns the table shows. The complaints'
    people and officers are read by ``load_table_relations`` once the page of them is known."""
    return cases.select_related("handler").only(
        *TABLE_COLUMNS, *(f"handler__{c}" for c in PERSON_COLUMNS)
    )


ROLE_LABELS: dict[str, str] = {value: str(label) for value, label in AppointmentRole.choices}


def load_table_relations(complaints: Sequence[Complaint]) -> None:
    """Set on each complaint the names the table shows: ``table_complainants``,
    ``table_children`` and ``table_officers`` ("Name (Role)" for each current appointment;
    ended ones are not shown). One query each, reading only those columns as plain values:
    a page of fifty complaints has some three hundred and fifty people and appointments, and
    making a model of each (Django's prefetch) was most of the page's time on PostgreSQL."""
    ids = [c.pk for c in complaints]
    complainants: dict[int, list[str]] = defaultdict(list)
    children: dict[int, list[str]] = defaultdict(list)
    officers: dict[int, list[str]] = defaultdict(list)
    if ids:
        found = Complainant.objects.filter(complaint_id__in=ids)
        for complaint_id, name in found.values_list("complaint_id", "name"):
            complainants[complaint_id].append(name)
        for complaint_id, name in Child.objects.filter(complaint_id__in=ids).values_list(
            "complaint_id", "name"
        ):
            children[complaint_id].append(name)
        current = Appointment.objects.filter(complaint_id__in=ids, ended_on__isnull=True)
        for complaint_id, role, *person in current.values_list(
            "complaint_id", "role", *(f"person__{c}" for c in PERSON_COLUMNS)
        ):
            officers[complaint_id].append(f"{person_name(*person)} ({ROLE_LABELS[role]})")
    for complaint in complaints:
        complaint.table_complainants = complainants[complaint.pk]  # type: ignore[attr-defined]
        complaint.table_children = children[complaint.pk]  # type: ignore[attr-defined]
        complaint.table_officers = officers[complaint.pk]  # type: ignore[attr-defined]
