"""Every deadline running on a complaint, and the earliest one stored for the lists.

A complaint has more clocks than its stage's: the acknowledgement, the Statement of Complaint,
records asked of staff, the panel's meeting and report, the council's response, the actions
the council agreed to and the Ombudsman's reply date. Several apps own those records, and
complaints must not import the apps above it, so each app registers a *source* from its
``AppConfig.ready()``: a function that lists the deadlines running on one complaint from the
records it knows about.

``refresh_due`` asks every source and stores the earliest deadline on the complaint
(``due_on`` and ``due_label``), so the case list, its filters and the home page read two
indexed columns instead of working anything out per row. ``transition`` calls it after
every change, inside the same transaction, so no action has to remember to.

``due_label`` is NULL only for a complaint never refreshed (one recorded before this
existed); ``refresh_unset`` fills those in after ``migrate`` and on every ``heard tick``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from heard.compiled import CompiledCounts
from heard.complaints.counting import count_each
from heard.complaints.models import Complaint, RunningDeadline, Stage1, Stage2, WaitsOn
from heard.complaints.models.choices import ENDED_STATUSES, Route, Status
from heard.timescales.calendar import Calendar, OutsideCalendar
from heard.timescales.dates import due
from heard.timescales.snapshot import current_calendar


@dataclass(frozen=True, order=True)
class Deadline:
    """One running deadline: when it falls, what it is, and who it waits on (if known).

    ``waits_on`` names them in words ("Children's Services", "Investigating Officer");
    ``role`` is a ``WaitsOn`` value, so a queue can pick out an officer's own deliverables
    or everything waiting on the complainant."""

    due_on: date
    label: str
    key: str  # stable within a complaint ("stage1_response", "records_request:7")
    waits_on: str = ""
    role: str = ""

    @property
    def waits_on_words(self) -> str:
        if self.waits_on:
            return self.waits_on
        return str(WaitsOn(self.role).label) if self.role in WaitsOn.values else ""


DeadlineSource = Callable[[Complaint], Iterable[Deadline]]

_SOURCES: list[DeadlineSource] = []


def register_deadlines(source: DeadlineSource) -> DeadlineSource:
    """Add a source of running deadlines (call from ``AppConfig.ready()``; usable as a
    decorator). Registering the same function twice keeps one, so a re-run ``ready()`` is
    harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def running_deadlines(complaint: Complaint) -> list[Deadline]:
    """Every deadline running on ``complaint``, soonest first, read afresh from the database
    (an action may have changed rows through objects other than ``complaint``'s caches)."""
    found: list[Deadline] = []
    for source in _SOURCES:
        found.extend(source(complaint))
    return sorted(found)


def earliest(complaint: Complaint) -> Deadline | None:
    deadlines = running_deadlines(complaint)
    return deadlines[0] if deadlines else None


def refresh_due(complaint: Complaint) -> None:
    """Store the earliest running deadline on ``complaint`` (and on the object passed), and
    every running deadline in ``RunningDeadline`` for the work queue.

    Writes only what changed, so an action that moves no deadline costs the source queries
    and one read of the stored rows."""
    deadlines = running_deadlines(complaint)
    first = deadlines[0] if deadlines else None
    due_on, label = (first.due_on, first.label) if first else (None, "")
    if (complaint.due_on, complaint.due_label) != (due_on, label):
        Complaint.objects.filter(pk=complaint.pk).update(due_on=due_on, due_label=label)
        complaint.due_on, complaint.due_label = due_on, label
    store_running(complaint, deadlines)


def _row(complaint: Complaint, deadline: Deadline) -> RunningDeadline:
    return RunningDeadline(
        complaint_id=complaint.pk,
        key=deadline.key[:100],
        label=deadline.label[:200],
        due_on=deadline.due_on,
        waits_on=deadline.waits_on_words[:200],
        waits_role=deadline.role,
    )


def store_running(complaint: Complaint, deadlines: list[Deadline]) -> None:
    """Make the stored rows of ``complaint`` match ``deadlines`` (keys are unique per case:
    a source listing one key twice keeps the earlier date)."""
    wanted: dict[str, RunningDeadline] = {}
    for deadline in deadlines:
        wanted.setdefault(deadline.key[:100], _row(complaint, deadline))
    fields = ("label", "due_on", "waits_on", "waits_role")
    stored = {r.key: r for r in RunningDeadline.objects.filter(complaint_id=complaint.pk)}
    gone = [r.pk for key, r in stored.items() if key not in wanted]
    if gone:
        RunningDeadline.objects.filter(pk__in=gone).delete()
    new = [row for key, row in wanted.items() if key not in stored]
    if new:
        RunningDeadline.objects.bulk_create(new)
    changed = []
    for key, row in wanted.items():
        old = stored.get(key)
        if old is not None and any(getattr(old, f) != getattr(row, f) for f in fields):
            for f in fields:
                setattr(old, f, getattr(row, f))
            changed.append(old)
    if changed:
        RunningDeadline.objects.bulk_update(changed, fields)


def refresh_unset(batch: int = 500) -> int:
    """Fill ``due_on``/``due_label`` for complaints never refreshed; return how many.

    Safe to run at any time and twice at once: each complaint is locked and checked again
    before it is written."""
    done = 0
    while True:
        ids = list(
            Complaint.objects.filter(due_label__isnull=True).values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        with transaction.atomic():
            for complaint in Complaint.objects.select_for_update().filter(
                pk__in=ids, due_label__isnull=True
            ):
                refresh_due(complaint)
                done += 1


# -- the deadlines complaints itself knows about -------------------------------------------

# Once the Stage 1 response is sent, it answers the complaint: no acknowledgement is owed.
ACKNOWLEDGEMENT_RUNNING = frozenset({Status.INTAKE, Status.STAGE1_OPEN})

STAGE2_RUNNING = frozenset(
    {
        Status.STAGE2_REQUESTED,
        Status.STAGE2_SETUP,
        Status.STAGE2_INVESTIGATION,
        Status.STAGE2_ADJUDICATION,
    }
)


def complaint_deadlines(complaint: Complaint) -> Iterator[Deadline]:
    """The acknowledgement, Stage 1 and Stage 2 (with its Statement of Complaint)."""
    if complaint.status in ENDED_STATUSES:
        return
    if complaint.acknowledged_on is None and complaint.status in ACKNOWLEDGEMENT_RUNNING:
        yield Deadline(
            complaint.acknowledgement_due_on,
            "Acknowledgement",
            "acknowledgement",
            role=WaitsOn.COUNCIL,
        )
    if complaint.status == Status.INTAKE and complaint.route in (Route.STATUTORY, Route.CORPORATE):
        # Stage 1 runs from receipt (rule 8), so a case still being recorded is already
        # on the clock; it is shown once classified, because rule 1 wants the procedure
        # decided before any Stage 1 clock is shown.
        yield Deadline(
            due(complaint.received_on, "stage1_response"),
            "Stage 1 response",
            "stage1_response",
            role=WaitsOn.COUNCIL,
        )
    if complaint.status == Status.STAGE1_OPEN:
        stage1 = Stage1.objects.filter(complaint_id=complaint.pk, response_sent_on=None).first()
        if stage1 is not None:
            yield Deadline(
                stage1.due_on,
                "Stage 1 response",
                "stage1_response",
                role=WaitsOn.STAGE1_RESPONDER,
            )
    if complaint.status in STAGE2_RUNNING:
        stage2 = Stage2.objects.filter(complaint_id=complaint.pk).first()
        if stage2 is None:
            return
        stage2_due = stage2.due_on or stage2.request_due_on
        if stage2_due is not None:
            yield Deadline(stage2_due, "Stage 2 response", "stage2_response", role=WaitsOn.COUNCIL)
        if stage2.statement_due_on is not None and stage2.statement_agreed_on is None:
            # The complainant has 10 working days from first contact to agree the statement
            # the officers drafted with them: the move is theirs (the dashboard's "waiting on
            # the complainant"), though the Investigating Officer chases it.
            yield Deadline(
                stage2.statement_due_on,
                "Statement of Complaint agreed",
                "statement_agreed",
                "Complainant (with the Investigating Officer)",
                role=WaitsOn.COMPLAINANT,
            )


# -- counts for the home page ------------------------------------------------------------

SOON_WORKING_DAYS = 5


def soon_until(today: date, calendar: Calendar | None = None) -> date:
    """The last day counted as "due soon" (home page counts, the work queue, the dashboard):
    ``SOON_WORKING_DAYS`` working days on. A caller holding the calendar passes it, saving
    the query that checks it is current."""
    try:
        if calendar is None:
            calendar = current_calendar()
        return calendar.add_working_days(today, SOON_WORKING_DAYS)
    except OutsideCalendar:
        return date.max


def due_slices(
    cases: QuerySet[Complaint], today: date, soon: date | None = None
) -> dict[str, QuerySet[Complaint]]:
    """Which of ``cases`` have a deadline passed (``overdue``), and which one due within the
    next five working days (``due_soon``, up to ``soon``: ``soon_until(today)`` if not given),
    read from the stored ``due_on``, whatever kind of deadline: for ``due_counts``, or for a
    page counting them with others in one query."""
    if soon is None:
        soon = soon_until(today)
    return {
        "overdue": cases.filter(due_on__lt=today),
        "due_soon": cases.filter(due_on__gte=today, due_on__lte=soon),
    }


# Every case's counts, compiled once per process (decision 037): the complaints team's home
# page reads them on every visit.
_DUE_COUNTS_ALL = CompiledCounts(
    lambda today, soon: due_slices(Complaint.objects.all(), today, soon), date, date
)


def due_counts(
    cases: QuerySet[Complaint], today: date, calendar: Calendar | None = None
) -> dict[str, int]:
    """How many of ``cases`` have a deadline passed, and how many one due within the next
    five working days: one query. Each count is a range of the (due_on, id) index, counted
    from the index alone (decision 032): cases with nothing running or due later are never
    read."""
    soon = soon_until(today, calendar)
    query = cases.query
    if cases.model is Complaint and not query.where and not query.is_sliced:
        # Every case, as the complaints team sees them: the query compiled once.
        return _DUE_COUNTS_ALL.counts(today, soon, using=cases.db)
    return count_each(due_slices(cases, today, soon))
