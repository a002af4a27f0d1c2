"""The work queue on the home page: what is due, for whom, and whose move it is (issue 9).

Complaints staff see running deadlines, not cases (decision 030): a case with its
acknowledgement and a records request both due is two pieces of work, often for different
people. They come from ``RunningDeadline``, the table every action keeps in step with the
case (decision 029), in three groups:

- overdue: every running deadline already past, most overdue first, whoever it waits on;
- due soon: every running deadline due today or within ``SOON_WORKING_DAYS`` working days;
- waiting on someone else: later deadlines that wait on the complainant, an officer, a
  panel, staff or a service, so the team can chase them before they fall due.

Each group is one query with a cap (``GROUP_LIMIT`` rows, with the full count beside it), so
the page reads the same number of queries with ten cases or a hundred thousand.

Independent officers, adjudicators, panel members and Stage 1 responders see their own
deliverables instead (``deliverables_for``): what their appointment asks of them, with the date
it is due, not the stage's deadline that the council owes.

The Complaints Manager also sees decisions and sign-offs waiting for them. Those come from the
apps that own them, registered with ``register_for_manager`` (decision 016), so ``complaints``
never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse

from heard.compiled import CompiledCounts, CompiledOnce
from heard.complaints.deadlines import SOON_WORKING_DAYS, soon_until
from heard.complaints.listing import days_left, working_days_left
from heard.complaints.models import Appointment, Complainant, Complaint
from heard.complaints.models.choices import AppointmentRole, Status
from heard.complaints.models.running import RunningDeadline, WaitsOn
from heard.complaints.rules import is_out_of_time
from heard.people.models import person_name
from heard.people.roles import AnyUser, is_complaints_staff
from heard.timescales.calendar import Calendar
from heard.timescales.snapshot import current_calendar

GROUP_LIMIT = 25

# Whose move is the council's own: everything else is "waiting on someone else".
COUNCIL_ROLES = frozenset({WaitsOn.COUNCIL, ""})


class Scope:
    """Whose cases a complaints officer's queue covers, chosen with ``?show=``."""

    MINE = "mine"
    TEAM = "team"
    ALL = "all"
    LABELS = {MINE: "Cases I handle", TEAM: "My team's cases", ALL: "All cases"}


# -- one row of the queue ----------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """One deadline on one case, with what a person needs to act on it."""

    complaint_id: int
    reference: str
    complainant: str
    label: str
    due_on: date
    waits_on: str
    handler: str
    left: int
    left_words: str  # "3 working days left", "Due today", "Overdue by 2 working days"
    url: str  # the case page

    @property
    def overdue(self) -> bool:
        return self.left < 0

    @property
    def due_words(self) -> str:
        """The date as the lists write it, formatted here: the template's date filter costs
        a time-zone lookup per row."""
        return f"{self.due_on:%-d %b %Y}"

    @property
    def due_today(self) -> bool:
        return self.left == 0


ROW_FIELDS = (
    "complaint_id",
    "complaint__reference",
    "label",
    "due_on",
    "waits_on",
    "waits_role",
    "complaint__handler__first_name",
    "complaint__handler__last_name",
    "complaint__handler__username",
)


def case_url_maker() -> Callable[[int], str]:
    """A function from a complaint's id to its case page's address, from one ``reverse``.

    The page links every row to its case (75 rows, and up to 100 more cases waiting for the
    manager): reversing each in the template was 40% of the page's rendering time at 100,000
    complaints (decision 032). The address is the same but for the id, so it is reversed
    once with a stand-in id and the real one put in its place."""
    stand_in = "2147483647"
    head, found, tail = reverse("complaints:detail", args=[int(stand_in)]).rpartition(stand_in)
    if not found:  # an address that does not show the id as it is: reverse each
        return lambda pk: reverse("complaints:detail", args=[pk])
    return lambda pk: f"{head}{pk}{tail}"


def _handler_name(row: dict[str, Any]) -> str:
    """The case's handler, named as everywhere (``person_name``); blank for none."""
    return person_name(
        row["complaint__handler__first_name"],
        row["complaint__handler__last_name"],
        row["complaint__handler__username"],
    )


def _rows(
    found: list[list[dict[str, Any]]], today: date, calendar: Calendar
) -> list[list[QueueRow]]:
    """Each group's deadlines (``ROW_FIELDS``) as rows, with every complainant's name read in
    one more query, however many rows. Only the columns shown are read (``values``): building
    whole complaints and users for each row was most of the queue's time at 100,000
    complaints."""
    url_of = case_url_maker()
    ids = {row["complaint_id"] for rows in found for row in rows}
    names: dict[int, list[str]] = {}
    for complaint_id, name in Complainant.objects.filter(complaint_id__in=ids).values_list(
        "complaint_id", "name"
    ):
        names.setdefault(complaint_id, []).append(name)
    return [
        [
            QueueRow(
                complaint_id=row["complaint_id"],
                reference=row["complaint__reference"],
                complainant=", ".join(names.get(row["complaint_id"], [])),
                label=row["label"],
                due_on=row["due_on"],
                waits_on=row["waits_on"] or _role_words(row["waits_role"]),
                handler=_handler_name(row),
                left=working_days_left(row["due_on"], today, calendar) or 0,
                left_words=days_left(row["due_on"], today, calendar),
                url=url_of(row["complaint_id"]),
            )
            for row in rows
        ]
        for rows in found
    ]


def _role_words(role: str) -> str:
    return str(WaitsOn(role).label) if role in WaitsOn.values else ""


# -- complaints staff --------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One titled group of rows, the count of all of them and where to see the rest."""

    key: str
    title: str
    rows: list[QueueRow]
    total: int
    empty: str

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class StaffQueue:
    scope: str
    scopes: list[tuple[str, str]]
    groups: list[Group]
    horizon: date


def scopes_for(user: AnyUser) -> list[tuple[str, str]]:
    """The choices of "show", "my team" only for someone whose team is recorded."""
    keys = [Scope.MINE, *([Scope.TEAM] if getattr(user, "team", "") else []), Scope.ALL]
    return [(key, Scope.LABELS[key]) for key in keys]


def scoped_deadlines(scope: str, who: int | str) -> QuerySet[RunningDeadline]:
    """Running deadlines of the cases in ``scope``: handled by this person (``who`` is their
    id), by someone in their team (``who`` is the team), or all of them (``who`` unused)."""
    deadlines = RunningDeadline.objects.all()
    if scope == Scope.MINE:
        return deadlines.filter(complaint__handler_id=int(who))
    if scope == Scope.TEAM:
        return deadlines.filter(complaint__handler__team=who)
    return deadlines


def _group_filters(today: date, soon: date) -> dict[str, Q]:
    """Which deadlines each group holds, given today and the last day of "due soon"."""
    return {
        "overdue": Q(due_on__lt=today),
        "soon": Q(due_on__gte=today, due_on__lte=soon),
        "waiting": Q(due_on__gt=soon) & ~Q(waits_role__in=COUNCIL_ROLES),
    }


# The queue's queries, compiled once per process (``heard.compiled``, decision 037): each is
# the same on every request but for who is asking and today's date, and Django took longer
# to build them than the database took to answer. Every one takes (who, today, soon); "who" is
# a handler's id for "mine", a team for "my team", and unused for "all".
_WHO: dict[str, Any] = {Scope.MINE: int, Scope.TEAM: str, Scope.ALL: int}


def _group_rows(scope: str, key: str) -> CompiledOnce:
    def build(who: Any, today: date, soon: date) -> QuerySet[Any]:
        deadlines = scoped_deadlines(scope, who).filter(_group_filters(today, soon)[key])
        return deadlines.order_by("due_on", "id").values(*ROW_FIELDS)[:GROUP_LIMIT]

    return CompiledOnce(build, _WHO[scope], date, date)


def _counts_all(who: int, today: date, soon: date) -> dict[str, QuerySet[Any]]:
    # Each group is a range of an index on the deadlines themselves: counted from those
    # indexes, in one query (decision 032).
    return {
        key: RunningDeadline.objects.filter(q) for key, q in _group_filters(today, soon).items()
    }


def _counts_of_cases(scope: str) -> CompiledOnce:
    def build(who: Any, today: date, soon: date) -> QuerySet[Any]:
        # A handler's or a team's deadlines are found through their cases: one pass over
        # that join costs less than a join for each group. Only cases with a due date can
        # have a running deadline (``refresh_due`` stores both from one list, decision 029);
        # saying so lets the (handler, due_on) index skip the handler's cases with nothing
        # running, most of them (decision 032). Grouped by what every row shares, so the
        # answer is one row, or none when nothing is running.
        shared = "complaint__handler_id" if scope == Scope.MINE else "complaint__handler__team"
        counts = {key: Count("pk", filter=q) for key, q in _group_filters(today, soon).items()}
        deadlines = scoped_deadlines(scope, who).filter(complaint__due_on__isnull=False)
        return deadlines.order_by().values(shared).annotate(**counts).values(*counts)

    return CompiledOnce(build, _WHO[scope], date, date)


ROW_QUERIES = {
    (scope, key): _group_rows(scope, key)
    for scope in (Scope.MINE, Scope.TEAM, Scope.ALL)
    for key in ("overdue", "soon", "waiting")
}
COUNTS_ALL = CompiledCounts(_counts_all, int, date, date)
COUNTS_OF_CASES = {scope: _counts_of_cases(scope) for scope in (Scope.MINE, Scope.TEAM)}


def staff_queue(
    user: AnyUser, scope: str, today: date, calendar: Calendar | None = None
) -> StaffQueue:
    """The three groups for complaints staff (call only for complaints staff)."""
    if calendar is None:
        calendar = current_calendar()
    scopes = scopes_for(user)
    if scope not in dict(scopes):
        scope = Scope.MINE
    soon = soon_until(today, calendar)
    who: int | str = getattr(user, "team", "") if scope == Scope.TEAM else (user.pk or 0)
    if scope == Scope.ALL:
        counts = COUNTS_ALL.counts(0, today, soon)
    else:
        found = COUNTS_OF_CASES[scope].rows(who, today, soon)
        counts = found[0] if found else {"overdue": 0, "soon": 0, "waiting": 0}
    overdue, due_soon, waiting = _rows(
        [ROW_QUERIES[scope, key].rows(who, today, soon) for key in ("overdue", "soon", "waiting")],
        today,
        calendar,
    )
    groups = [
        Group("overdue", "Overdue", overdue, counts["overdue"], "Nothing is overdue."),
        Group(
            "soon",
            f"Due in the next {SOON_WORKING_DAYS} working days",
            due_soon,
            counts["soon"],
            f"Nothing is due in the next {SOON_WORKING_DAYS} working days.",
        ),
        Group(
            "waiting",
            "Waiting on someone else",
            waiting,
            counts["waiting"],
            "Nothing later is waiting on the complainant, an officer, a panel or a service.",
        ),
    ]
    return StaffQueue(scope=scope, scopes=scopes, groups=groups, horizon=soon)


# -- what waits for the Complaints Manager -----------------------------------------------


@dataclass(frozen=True)
class ManagerItem:
    """A kind of decision or sign-off waiting for the Complaints Manager, with the cases (or
    a count and a link, for things listed elsewhere)."""

    title: str
    hint: str
    cases: list[tuple[int, str]]  # (complaint id, reference)
    total: int
    url: str = ""
    order: int = 50
    # (case page, reference) for each of ``cases``, filled in by ``awaiting_manager``.
    links: tuple[tuple[str, str], ...] = ()


ManagerSource = Callable[[date], Iterable[ManagerItem]]

_MANAGER_SOURCES: list[ManagerSource] = []


def register_for_manager(source: ManagerSource) -> ManagerSource:
    """Add a source of things awaiting the Complaints Manager (from ``AppConfig.ready()``);
    registering the same function twice keeps one."""
    if source not in _MANAGER_SOURCES:
        _MANAGER_SOURCES.append(source)
    return source


def awaiting_manager(today: date) -> list[ManagerItem]:
    """Every registered item with something waiting, in their order, with a link to each
    case listed."""
    url_of = case_url_maker()
    found = [
        replace(item, links=tuple((url_of(pk), reference) for pk, reference in item.cases))
        for source in _MANAGER_SOURCES
        for item in source(today)
        if item.total
    ]
    return sorted(found, key=lambda item: item.order)


def listed_cases(build: Callable[[], QuerySet[Complaint]]) -> CompiledOnce:
    """The first ``GROUP_LIMIT`` of the cases ``build`` finds, oldest first, each row with how
    many there are in all (a window count taken over every match before the list is cut):
    one query, compiled once per process (decision 037), for ``case_item``."""

    def listed() -> QuerySet[Any]:
        cases = build().order_by("received_on", "id").annotate(total=Window(Count("pk")))
        return cases.values("pk", "reference", "total")[:GROUP_LIMIT]

    return CompiledOnce(listed)


def case_item(
    title: str, hint: str, cases: CompiledOnce, *, order: int = 50, url: str = ""
) -> ManagerItem:
    """An item listing the cases of a ``listed_cases`` query, with how many there are in all."""
    listed = cases.rows()
    total = listed[0]["total"] if listed else 0
    return ManagerItem(
        title,
        hint,
        [(row["pk"], row["reference"]) for row in listed],
        total,
        url=url,
        order=order,
    )


UNDECIDED = CompiledOnce(
    lambda: (
        Complaint.objects.filter(
            status=Status.INTAKE, out_of_time_decision="", earliest_event_on__isnull=False
        )
        .order_by("received_on", "id")
        .values("pk", "reference", "received_on", "earliest_event_on")
    )
)
STAGE2_REQUESTS = listed_cases(lambda: Complaint.objects.filter(status=Status.STAGE2_REQUESTED))
STAGE3_REQUESTS = listed_cases(lambda: Complaint.objects.filter(status=Status.STAGE3_REQUESTED))


def complaints_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    """The decisions ``complaints`` itself asks of the manager: a complaint made more than
    12 months later (rule 5), and Stage 2 and Stage 3 requests to accept or refuse."""
    undecided = [Complaint(**row) for row in UNDECIDED.rows()]
    late = [c for c in undecided if is_out_of_time(c)]
    yield ManagerItem(
        "Complaints made more than 12 months later",
        "Decide whether each can still be considered before Stage 1 starts.",
        [(c.pk, c.reference) for c in late[:GROUP_LIMIT]],
        len(late),
        order=10,
    )
    yield case_item(
        "Stage 2 requests to accept or refuse",
        "A request the council has not yet accepted or refused.",
        STAGE2_REQUESTS,
        order=20,
    )
    yield case_item(
        "Stage 3 requests to accept or refuse",
        "A request for a review panel the council has not yet accepted or refused.",
        STAGE3_REQUESTS,
        order=30,
    )


# -- an appointed person's own deliverables ------------------------------------------------


@dataclass(frozen=True)
class Deliverable:
    """What an appointment asks of this person on one case, and when."""

    complaint_id: int
    reference: str
    role: str
    what: str
    due_on: date | None
    left: int | None
    left_words: str

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left < 0


# What ``_owed`` needs of an appointment, its case and the case's stages, in one row each.
OWED_FIELDS = (
    "complaint_id",
    "complaint__reference",
    "complaint__status",
    "role",
    "complaint__stage1__id",
    "complaint__stage1__due_on",
    "complaint__stage2__id",
    "complaint__stage2__due_on",
    "complaint__stage2__request_due_on",
    "complaint__stage2__statement_agreed_on",
    "complaint__stage2__statement_due_on",
    "complaint__stage2__report_date",
    "complaint__stage3__id",
    "complaint__stage3__meeting_on",
    "complaint__stage3__panel_due_on",
    "complaint__stage3__report_due_on",
    "complaint__ip_report__id",
)


def _owed(row: dict[str, Any]) -> list[tuple[str, date | None]]:
    """What the appointment's role owes now, by the case's status (``what``, ``due_on``), from
    one row of ``OWED_FIELDS``."""
    status = row["complaint__status"]
    role = row["role"]
    stage1 = row["complaint__stage1__id"] is not None
    stage2 = row["complaint__stage2__id"] is not None
    stage3 = row["complaint__stage3__id"] is not None
    owed: list[tuple[str, date | None]] = []
    stage2_due = stage2 and (
        row["complaint__stage2__due_on"] or row["complaint__stage2__request_due_on"]
    )
    if role == AppointmentRole.STAGE1_RESPONDER and status == Status.STAGE1_OPEN and stage1:
        owed.append(("Send the Stage 1 response", row["complaint__stage1__due_on"]))
    investigators = (AppointmentRole.INVESTIGATING_OFFICER, AppointmentRole.INDEPENDENT_PERSON)
    if (
        role in investigators
        and stage2
        and status
        in (
            Status.STAGE2_SETUP,
            Status.STAGE2_INVESTIGATION,
        )
    ):
        if row["complaint__stage2__statement_agreed_on"] is None:
            owed.append(
                ("Agree the Statement of Complaint", row["complaint__stage2__statement_due_on"])
            )
        elif (
            role == AppointmentRole.INVESTIGATING_OFFICER
            and row["complaint__stage2__report_date"] is None
        ):
            owed.append(("Investigation report, before the Stage 2 response", stage2_due or None))
        elif role == AppointmentRole.INDEPENDENT_PERSON and row["complaint__ip_report__id"] is None:
            owed.append(
                (
                    "Independent Person's report, before the Stage 2 response",
                    stage2_due or None,
                )
            )
    if role == AppointmentRole.ADJUDICATOR and status == Status.STAGE2_ADJUDICATION:
        owed.append(("Adjudicate and send the Stage 2 response", stage2_due or None))
    panel = (AppointmentRole.PANEL_CHAIR, AppointmentRole.PANEL_MEMBER)
    if role in panel and stage3:
        if status in (Status.STAGE3_REQUESTED, Status.STAGE3_PANEL):
            if row["complaint__stage3__meeting_on"]:
                owed.append(("Panel meeting", row["complaint__stage3__meeting_on"]))
            else:
                owed.append(
                    (
                        "Panel meeting (no date set yet): must meet by",
                        row["complaint__stage3__panel_due_on"],
                    )
                )
        elif status == Status.STAGE3_REPORT:
            what = (
                "Send the panel's report"
                if role == AppointmentRole.PANEL_CHAIR
                else ("Panel report, sent by the chair")
            )
            owed.append((what, row["complaint__stage3__report_due_on"]))
    return owed


def _current_appointments(person: int) -> QuerySet[Any]:
    """This person's current appointments, with what ``_owed`` needs (a Stage 1 responder's
    ends in effect when the case leaves Stage 1)."""
    return (
        Appointment.objects.filter(person_id=person, ended_on__isnull=True)
        .exclude(role=AppointmentRole.STAGE1_RESPONDER, complaint__stage__gt=1)
        .order_by("pk")
        .values(*OWED_FIELDS)
    )


# Compiled once per process (decision 037): everyone's home page reads it, and Django took
# longer to build its five joins than the database took to find no rows for most people.
CURRENT_APPOINTMENTS = CompiledOnce(_current_appointments, int)


def deliverables_for(
    user: AnyUser, today: date, calendar: Calendar | None = None
) -> list[Deliverable]:
    """Each current appointment's deliverables, soonest first, undated last (one query)."""
    if not user.is_authenticated or user.pk is None:
        return []
    if calendar is None:
        calendar = current_calendar()
    roles = dict(AppointmentRole.choices)
    found = [
        Deliverable(
            complaint_id=row["complaint_id"],
            reference=row["complaint__reference"],
            role=str(roles.get(row["role"], row["role"])),
            what=what,
            due_on=due_on,
            left=working_days_left(due_on, today, calendar),
            left_words=days_left(due_on, today, calendar),
        )
        for row in CURRENT_APPOINTMENTS.rows(user.pk)
        for what, due_on in _owed(row)
    ]
    return sorted(found, key=lambda d: (d.due_on is None, d.due_on or date.max, d.reference))


def home_queue(
    user: AnyUser, show: str, today: date, calendar: Calendar | None = None
) -> dict[str, Any]:
    """Everything the home page's queue shows this person, by their role."""
    if calendar is None:
        calendar = current_calendar()  # once for both: each call checks it is current
    context: dict[str, Any] = {"deliverables": deliverables_for(user, today, calendar)}
    if is_complaints_staff(user):
        context["queue"] = staff_queue(user, show, today, calendar)
    return context
