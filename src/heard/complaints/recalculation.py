"""A calendar change moves the deadlines it touches (domain.md rule 43).

When an administrator adds, moves or removes a bank holiday, every open deadline that was
counted by a timescale rule is counted again, from the date it runs from, with the calendar
now in force. Each date that moves is recorded on its case as an event giving the old and
the new date, in the transaction that changed the calendar.

What stays as decided: a Stage 1 or Stage 2 due date moved by a recorded extension decision
(``extended_on`` set), and every date a person typed in (records requests, agreed actions,
the Ombudsman's reply date), which no rule produced. The limits (the 20- and 65-working-day
caps) are rule dates and do move, since they bound what any decision may reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from heard.audit.events import record_event
from heard.complaints.deadlines import ACKNOWLEDGEMENT_RUNNING, STAGE2_RUNNING, refresh_due
from heard.complaints.models import Complaint, Stage1, Stage2, Stage3
from heard.complaints.models.choices import ENDED_STATUSES, Route, Status
from heard.timescales.calendar import Calendar
from heard.timescales.dates import long_date
from heard.timescales.hooks import CalendarEdit
from heard.timescales.rules import rule
from heard.timescales.snapshot import current_calendar

# A Stage 1 clock is at most 20 working days; no run of non-working days in England makes
# that longer than this many calendar days, so older intake cases cannot be touched.
_LONGEST_STAGE1 = timedelta(days=45)


@dataclass(frozen=True)
class Moved:
    """One stored deadline counted again: which, from what date, and to what date."""

    key: str
    label: str
    old: date
    new: date


@dataclass(frozen=True)
class _RuleDate:
    """A stored date that a rule produced: where it is, what it runs from, which rule."""

    model: str  # "complaint", "stage1", "stage2" or "stage3"
    field: str
    starts: str  # the field it is counted from, on the same row
    rule_key: str
    label: str
    running: Callable[[Complaint, object], bool]
    use_cap: bool = False


def _stage2_running(c: Complaint, row: object) -> bool:
    return c.status in STAGE2_RUNNING


def _not_extended(c: Complaint, row: object) -> bool:
    """A due date moved by an extension decision stays as decided."""
    return getattr(row, "extended_on", None) is None


RULE_DATES: tuple[_RuleDate, ...] = (
    _RuleDate(
        "complaint",
        "acknowledgement_due_on",
        "received_on",
        "acknowledgement",
        "Acknowledgement",
        lambda c, row: c.status in ACKNOWLEDGEMENT_RUNNING and c.acknowledged_on is None,
    ),
    _RuleDate(
        "stage1",
        "due_on",
        "started_on",
        "stage1_response",
        "Stage 1 response",
        lambda c, row: c.status == Status.STAGE1_OPEN and _not_extended(c, row),
    ),
    _RuleDate(
        "stage1",
        "cap_on",
        "started_on",
        "stage1_response",
        "Stage 1 limit (20 working days)",
        lambda c, row: c.status == Status.STAGE1_OPEN,
        use_cap=True,
    ),
    _RuleDate(
        "stage1",
        "stage2_request_by",
        "response_sent_on",
        "stage2_request",
        "Ask for Stage 2 by",
        lambda c, row: c.status == Status.STAGE1_RESPONDED,
    ),
    _RuleDate(
        "stage2",
        "request_due_on",
        "requested_on",
        "stage2_response",
        "Stage 2 response (25 working days from the request)",
        _stage2_running,
    ),
    _RuleDate(
        "stage2",
        "request_cap_on",
        "requested_on",
        "stage2_response",
        "Stage 2 limit (65 working days from the request)",
        _stage2_running,
        use_cap=True,
    ),
    _RuleDate(
        "stage2",
        "due_on",
        "start_on",
        "stage2_response",
        "Stage 2 response",
        lambda c, row: _stage2_running(c, row) and _not_extended(c, row),
    ),
    _RuleDate(
        "stage2",
        "cap_on",
        "start_on",
        "stage2_response",
        "Stage 2 limit (65 working days)",
        _stage2_running,
        use_cap=True,
    ),
    _RuleDate(
        "stage2",
        "statement_due_on",
        "first_contact_on",
        "statement_agreed",
        "Statement of Complaint agreed",
        lambda c, row: _stage2_running(c, row) and row.statement_agreed_on is None,  # type: ignore[attr-defined]
    ),
    _RuleDate(
        "stage2",
        "stage3_request_by",
        "adjudication_letter_sent_on",
        "stage3_request",
        "Ask for Stage 3 by",
        lambda c, row: c.status == Status.STAGE2_COMPLETE,
    ),
    _RuleDate(
        "stage3",
        "panel_due_on",
        "requested_on",
        "panel_meeting",
        "Panel meeting",
        lambda c, row: c.status in (Status.STAGE3_REQUESTED, Status.STAGE3_PANEL),
    ),
    _RuleDate(
        "stage3",
        "report_due_on",
        "met_on",
        "panel_report",
        "Panel report",
        lambda c, row: c.status == Status.STAGE3_REPORT,
    ),
    _RuleDate(
        "stage3",
        "response_due_on",
        "report_received_on",
        "council_response",
        "Council's response to the panel",
        lambda c, row: c.status == Status.STAGE3_RESPONSE,
    ),
)

_MODELS = {"stage1": Stage1, "stage2": Stage2, "stage3": Stage3}


def _touched(first: date) -> Q:
    """Complaints with a stored rule date on or after ``first``: only those can move, since
    a day added or removed after a deadline does not change the count up to it."""
    where = Q(status=Status.INTAKE, received_on__gte=first - _LONGEST_STAGE1)
    for item in RULE_DATES:
        path = item.field if item.model == "complaint" else f"{item.model}__{item.field}"
        where |= Q(**{f"{path}__gte": first})
    open_or_advisory = ~Q(status__in=ENDED_STATUSES) | Q(status=Status.STAGE2_COMPLETE)
    return open_or_advisory & where


def _calendar_before(edit: CalendarEdit, now: Calendar) -> Calendar:
    """The calendar as it was just before ``edit``, to know an unstored date's old value."""
    holidays = {d: n for d, n in now.holidays.items() if d not in edit.added}
    holidays.update({d: "Removed bank holiday" for d in edit.removed if d.weekday() < 5})
    return Calendar(first_year=now.first_year, last_year=now.last_year, holidays=holidays)


def _count(calendar: Calendar, start: date, item: _RuleDate) -> date:
    timescale = rule(item.rule_key)
    days = timescale.max_working_days if item.use_cap else timescale.working_days
    if days is None:
        raise ValueError(f"{item.rule_key} has no extension limit")
    return calendar.add_working_days(start, days)


def recount(complaint: Complaint, before: Calendar, now: Calendar) -> Iterator[Moved]:
    """Count every running rule date of ``complaint`` again, save those that move, and say
    which moved. ``complaint`` must be locked, with its stages selected."""
    changed: dict[str, tuple[object, list[str]]] = {}
    for item in RULE_DATES:
        row: object | None = (
            complaint if item.model == "complaint" else getattr(complaint, item.model, None)
        )
        if row is None or not item.running(complaint, row):
            continue
        old, start = getattr(row, item.field), getattr(row, item.starts)
        if old is None or start is None:
            continue
        new = _count(now, start, item)
        if new != old:
            setattr(row, item.field, new)
            changed.setdefault(item.model, (row, []))[1].append(item.field)
            yield Moved(f"{item.model}.{item.field}", item.label, old, new)
    for model, (row, fields) in changed.items():
        if model == "complaint":
            Complaint.objects.filter(pk=complaint.pk).update(**{f: getattr(row, f) for f in fields})
        else:
            _MODELS[model].objects.filter(pk=row.pk).update(  # type: ignore[attr-defined]
                **{f: getattr(row, f) for f in fields}
            )
    if complaint.status == Status.INTAKE and complaint.route in (Route.STATUTORY, Route.CORPORATE):
        # Not stored on a Stage 1 yet: the clock shown for a case being recorded runs from
        # receipt, so its old value is the count on the calendar as it was.
        stage1 = RULE_DATES[1]
        old = _count(before, complaint.received_on, stage1)
        new = _count(now, complaint.received_on, stage1)
        if new != old:
            yield Moved("stage1.due_on", stage1.label, old, new)


def recalculate_for_calendar_change(edit: CalendarEdit) -> int:
    """The calendar listener: recount the deadlines ``edit`` touches; return the cases moved.

    Runs inside the calendar change's transaction. Each case is locked (in id order, as
    ``transition`` locks one at a time) so no action changes it between the count and the
    save."""
    if not edit.days:
        return 0
    cases = list(
        Complaint.objects.select_for_update(of=("self",))
        .select_related("stage1", "stage2", "stage3")
        .filter(_touched(min(edit.days)))
        .order_by("pk")
    )
    if not cases:
        return 0  # nothing to count: leave the calendar snapshot to be built when needed
    now = current_calendar()
    before = _calendar_before(edit, now)
    moved_cases = 0
    for complaint in cases:
        moves = list(recount(complaint, before, now))
        for move in moves:
            record_event(
                complaint.pk,
                "complaint.deadline_recalculated",
                f"{move.label} moved from {long_date(move.old)} to {long_date(move.new)}: "
                f"{edit.description}",
                by=edit.by,
                acting_as="calendar_administrator",
                from_state=complaint.status,
                to_state=complaint.status,
                details={
                    "deadline": move.key,
                    "from": move.old.isoformat(),
                    "to": move.new.isoformat(),
                    "calendar_change": edit.description,
                },
            )
        if moves:
            moved_cases += 1
            refresh_due(complaint)
    return moved_cases
