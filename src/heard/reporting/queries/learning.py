"""The learning log: what was found, and what the council agreed to change, across cases.

One row for each upheld or partially upheld finding (not rejected at adjudication: the same
test as the repeat-finding warning, ``complaints.learning.counted_as_upheld``), each accepted
recommendation at any stage with the action that carries it out, and each action agreed
without a recommendation (an Ombudsman remedy: rule 39). A finding is about one complaint
point; a recommendation is about the complaint as a whole, so its row shows the themes of
all the complaint's points.

The three kinds of row come from three tables. Each is shaped into the same columns and the
database puts them together (``UNION``) and sorts them. A page (``LogPages``) costs the same
few queries however long the log is: where the newest findings start, the newest
recommendations of each stage, the page's rows (the first rows of each part, put together and
sorted), and their themes; its count is the total of the counts by team (``log_count``).
The CSV download reads the whole ``UNION`` (``log_rows``).

Dates: a finding's date is when it was recorded (as for the warning); a recommendation's is
the council's decision on it (the Stage 1 response, the Stage 2 adjudication, or the Stage 3
response); a remedy's is the Ombudsman's final decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from heard.complaints.learning import counted_as_upheld, start_of
from heard.complaints.models import ComplaintPoint
from heard.complaints.models.choices import Finding as FindingOutcome
from heard.decisions.models import Action, Recommendation
from heard.people.models import Theme

FINDING = "finding"
RECOMMENDATION = "recommendation"
ACTION = "action"  # agreed without a recommendation, and not an Ombudsman remedy
REMEDY = "remedy"  # an action carrying an Ombudsman remedy (rule 39)
OMBUDSMAN = "ombudsman"  # the stage filter's value for remedies

# Sorting puts rows without a date last on every database (PostgreSQL and SQLite disagree
# about where NULL goes), by sorting on this instead.
UNDATED = date(1, 1, 1)

STAGE_LABELS = {1: "Stage 1", 2: "Stage 2", 3: "Stage 3"}
STATE_LABELS = dict(Action.State.choices)


def _text(value: str = "") -> Value:
    return Value(value, output_field=TextField())


def _none(field: type) -> Value:
    return Value(None, output_field=field())


def _columns(
    *,
    kind: Any,
    stage: Any,
    point: Any,
    found: Any,
    outcome: Any,
    reasons: Any,
    change: Any,
    action: str | None,
    on: Any,
) -> dict[str, Any]:
    """The log's columns, in one order for every kind of row (``UNION`` matches by position).

    ``action`` is the path to the action from the row's table ("" for the action table
    itself, ``None`` when the row has no action).
    """
    if action is None:
        tracked: dict[str, Any] = {
            "log_action": _text(),
            "log_owner": _text(),
            "log_due": _none(DateField),
            "log_state": _text(),
            "log_evidence": _text(),
            "log_completed": _none(DateField),
            "log_signed_off": _none(DateField),
        }
    else:
        tracked = {
            "log_action": Coalesce(F(f"{action}description"), _text()),
            "log_owner": Coalesce(F(f"{action}owner"), _text(), output_field=TextField()),
            "log_due": F(f"{action}due_on"),
            "log_state": Coalesce(F(f"{action}state"), _text(), output_field=TextField()),
            "log_evidence": Coalesce(F(f"{action}evidence"), _text()),
            "log_completed": F(f"{action}completed_on"),
            "log_signed_off": F(f"{action}signed_off_on"),
        }
    return {
        "log_kind": kind,
        "log_id": F("pk"),
        "log_complaint": F("complaint_id"),
        "log_reference": F("complaint__reference"),
        "log_team": F("complaint__team"),
        "log_stage": stage,
        "log_point": point,
        "log_found": found,
        "log_outcome": outcome,
        "log_reasons": reasons,
        "log_change": change,
        **tracked,
        "log_on": on,
        "log_sort": Coalesce(on, Value(UNDATED, output_field=DateField())),
    }


COLUMNS = (
    "log_kind",
    "log_id",
    "log_complaint",
    "log_reference",
    "log_team",
    "log_stage",
    "log_point",
    "log_found",
    "log_outcome",
    "log_reasons",
    "log_change",
    "log_action",
    "log_owner",
    "log_due",
    "log_state",
    "log_evidence",
    "log_completed",
    "log_signed_off",
    "log_on",
    "log_sort",
)

Part = tuple[QuerySet[Any], dict[str, Any]]


def finding_rows() -> Part:
    points = ComplaintPoint.objects.filter(counted_as_upheld())
    return points, _columns(
        kind=Value(FINDING, output_field=CharField()),
        stage=Value(2, output_field=IntegerField()),
        point=F("number"),
        found=F("text"),
        outcome=F("finding__outcome"),
        reasons=F("finding__reasons"),
        change=_text(),
        action=None,
        on=TruncDate("finding__recorded_at"),
    )


def recommendation_rows() -> Part:
    decided_on = Case(
        When(stage=1, then=F("complaint__stage1__response_sent_on")),
        When(stage=2, then=F("complaint__stage2__adjudication_date")),
        When(stage=3, then=F("complaint__stage3__response_sent_on")),
        default=None,
        output_field=DateField(),
    )
    return Recommendation.objects.filter(accepted=True), _columns(
        kind=Value(RECOMMENDATION, output_field=CharField()),
        stage=F("stage"),
        point=_none(IntegerField),
        found=_text(),
        outcome=_text(),
        reasons=F("decision_reasons"),
        change=F("text"),
        action="action__",
        on=decided_on,
    )


def action_rows() -> Part:
    kind = Case(
        When(remedy__isnull=False, then=Value(REMEDY)),
        default=Value(ACTION),
        output_field=CharField(),
    )
    return Action.objects.filter(recommendation__isnull=True), _columns(
        kind=kind,
        stage=_none(IntegerField),
        point=_none(IntegerField),
        found=Coalesce(F("remedy__case__decision_summary"), _text()),
        outcome=_text(),
        reasons=_text(),
        change=Coalesce(F("remedy__description"), _text()),
        action="",
        on=F("remedy__case__final_decision_on"),
    )


def _complaint_has_theme(theme: Theme) -> Exists:
    through = ComplaintPoint.themes.through
    return Exists(
        through.objects.filter(complaintpoint__complaint=OuterRef("complaint"), theme=theme)
    )


def log_parts(wanted: dict[str, Any], today: date) -> list[LogPart]:
    """The log's parts that the filters leave, each filtered (see ``log_rows``)."""
    stage = wanted.get("stage")
    about_actions = bool(wanted.get("state") or wanted.get("overdue"))
    parts: list[tuple[QuerySet[Any], dict[str, Any], str]] = []
    if stage in (None, "", "2") and not about_actions:
        parts.append((*finding_rows(), FINDING))
    if stage != OMBUDSMAN:
        parts.append((*recommendation_rows(), RECOMMENDATION))
    if stage in (None, "", OMBUDSMAN):
        parts.append((*action_rows(), ACTION))

    shaped: list[LogPart] = []
    for rows, columns, kind in parts:
        action = {RECOMMENDATION: "action__", ACTION: ""}.get(kind)
        if stage in ("1", "2", "3") and kind == RECOMMENDATION:
            rows = rows.filter(stage=int(stage))
        if stage == OMBUDSMAN:
            rows = rows.filter(remedy__isnull=False)
        if wanted.get("team"):
            rows = rows.filter(complaint__team=wanted["team"])
        if wanted.get("theme"):
            if kind == FINDING:
                rows = rows.filter(themes=wanted["theme"])
            else:
                rows = rows.filter(_complaint_has_theme(wanted["theme"]))
        if wanted.get("state"):
            rows = rows.filter(**{f"{action}state": wanted["state"]})
        if wanted.get("overdue"):
            rows = rows.filter(
                **{f"{action}state": Action.State.OPEN, f"{action}due_on__lt": today}
            )
        if kind == FINDING:
            # The same test as on log_on, on the stored instant, so no row's date is worked
            # out just to be compared (and the index on recorded_at can be used).
            if wanted.get("found_from"):
                rows = rows.filter(finding__recorded_at__gte=start_of(wanted["found_from"]))
            if wanted.get("found_to"):
                after = wanted["found_to"] + timedelta(days=1)
                rows = rows.filter(finding__recorded_at__lt=start_of(after))
        # Counted without the columns: their joins (the complaint, its stages) are not
        # needed to count, apart from the date a date filter compares.
        matching = rows
        if kind != FINDING and (wanted.get("found_from") or wanted.get("found_to")):
            matching = matching.alias(log_on=columns["log_on"])
        rows = rows.annotate(**columns)
        if kind != FINDING:
            if wanted.get("found_from"):
                rows = rows.filter(log_on__gte=wanted["found_from"])
                matching = matching.filter(log_on__gte=wanted["found_from"])
            if wanted.get("found_to"):
                rows = rows.filter(log_on__lte=wanted["found_to"])
                matching = matching.filter(log_on__lte=wanted["found_to"])
        stages = (int(stage),) if stage in ("1", "2", "3") else (1, 2, 3)
        shaped.append(LogPart(kind, rows, matching, stages))
    return shaped


ORDER = ("-log_sort", "log_reference", "log_kind", "log_id")


@dataclass(frozen=True)
class LogPart:
    """One kind of row, filtered and shaped into the log's columns."""

    kind: str
    rows: QuerySet[Any]
    matching: QuerySet[Any]  # the same rows, without the columns: to count them
    stages: tuple[int, ...] = (1, 2, 3)  # the recommendations' stages the filters leave

    def values(self) -> QuerySet[Any]:
        # Unordered: UNION allows only the outer ORDER BY.
        return self.rows.order_by().values(*COLUMNS)

    def newest(self, n: int) -> QuerySet[Any]:
        """The first ``n`` of this part in the log's order, as the part's values.

        SQLite allows no LIMIT inside a UNION's parts, so the limit is in a subquery on the
        ids. Findings are first narrowed on the stored instant (see ``_findings_since``), so
        their dates are worked out for the few rows that can be among the first ``n`` rather
        than for every finding.
        """
        rows = self.rows
        if self.kind == FINDING:
            rows = rows.filter(finding__recorded_at__gte=_findings_since(rows, n))
        if self.kind == RECOMMENDATION:
            candidates = _newest_recommendations(self.matching, self.stages, n)
            if candidates is not None:
                return self.rows.filter(pk__in=candidates).order_by().values(*COLUMNS)
        first = rows.order_by(*ORDER).values("pk")[:n]
        return self.rows.filter(pk__in=Subquery(first)).order_by().values(*COLUMNS)


def _findings_since(rows: QuerySet[Any], n: int) -> datetime:
    """The start of the UK day of the ``n``th newest finding among ``rows``.

    The log sorts findings by their UK date, then reference. Every finding among the first
    ``n`` in that order was recorded on or after that day: the ``n`` newest by instant fill
    the first ``n`` places down to that day, and a finding on an earlier day sorts after
    all of them. So only findings since then need their date worked out and sorted. One
    query, which reads the index on ``recorded_at`` newest first and stops after ``n`` rows.
    """
    nth = list(
        rows.order_by("-finding__recorded_at").values_list("finding__recorded_at", flat=True)[
            n - 1 : n
        ]
    )
    if not nth:  # fewer than n: every one of them
        return start_of(date(1900, 1, 1))
    return start_of(timezone.localdate(nth[0]))


# Where each stage's recommendations take their date from (as in ``recommendation_rows``).
DECIDED_ON = {
    1: "complaint__stage1__response_sent_on",
    2: "complaint__stage2__adjudication_date",
    3: "complaint__stage3__response_sent_on",
}


def _newest_recommendations(
    matching: QuerySet[Any], stages: tuple[int, ...], n: int
) -> list[int] | None:
    """Ids among which are the first ``n`` recommendations (of ``stages``, the ones the
    filters leave) in the log's order, or ``None`` when fewer than ``n`` have a date (the
    caller then sorts them all).

    A recommendation's date comes from one of three tables, by its stage, so sorting them
    all meant joining every accepted recommendation to its complaint and all three stages
    (about 200 ms on PostgreSQL at 100,000 complaints) to keep 50. Within one stage, the
    log's order is the stage's date (newest first), then reference, then id: one query per
    stage reads that stage's first ``n`` from the index on the date, newest first, and
    stops. The first ``n`` of the whole part are among the stages' first ``n`` (each is
    among the first ``n`` of its own stage), so the page's query sorts at most ``3n`` of
    them. The database does all the sorting, so references compare by its collation, as in
    the log. Rows without a date sort after every dated row, so when at least ``n`` rows
    have a date none of the first ``n`` lacks one. "Has a date" is asked as "after
    ``UNDATED``" (the same rows: no form takes a date in year 1) because SQLite then reads
    the date's index newest first; asked as "is not null" it read every recommendation.
    """
    ids: list[int] = []
    for stage in stages:
        on = DECIDED_ON[stage]
        first = (
            matching.filter(stage=stage, **{f"{on}__gt": UNDATED})
            .order_by(f"-{on}", "complaint__reference", "pk")
            .values_list("pk", flat=True)[:n]
        )
        ids.extend(first)
    return ids if len(ids) >= n else None


def _combined(parts: list[QuerySet[Any]]) -> QuerySet[Any]:
    first, *others = parts
    combined = first.union(*others, all=True) if others else first
    return combined.order_by(*ORDER)


def log_rows(wanted: dict[str, Any], today: date) -> QuerySet[Any]:
    """Every row of the log that matches the filters, newest first, as dictionaries (for the
    CSV download, which reads them all).

    ``wanted`` holds the cleaned filters: ``theme`` (a Theme), ``team``, ``stage`` ("1", "2",
    "3" or "ombudsman"), ``state`` (an action state), ``found_from`` and ``found_to`` (dates),
    ``overdue`` (open actions past their due date).
    """
    return _combined([part.values() for part in log_parts(wanted, today)])


class LogPages:
    """The log for a ``Paginator``: counted part by part, and read a page at a time.

    Counting the whole ``UNION`` and sorting all of it to show 50 rows made the first page
    slow on a large council's log. The count is the sum of each part's own count; the rows
    for a page ending at row ``k`` are the first ``k`` of each part (each sorted on its own),
    put together and sorted, so the database sorts at most three times ``k`` rows. The order
    is exactly the log's: the first ``k`` rows of the whole are among the first ``k`` of
    each part.
    """

    def __init__(self, wanted: dict[str, Any], today: date, count: int | None = None) -> None:
        self.parts = log_parts(wanted, today)
        self.known_count = count

    def count(self) -> int:
        """``count`` when given (the page passes the team table's total, which counts the same
        rows: see ``tallies``), else a count of each part."""
        if self.known_count is not None:
            return self.known_count
        return sum(part.matching.count() for part in self.parts)

    def __getitem__(self, page: slice | int) -> list[dict[str, Any]]:
        if not isinstance(page, slice) or page.stop is None:
            raise TypeError("The log is read a page (a slice with an end) at a time")
        if page.stop <= (page.start or 0):
            return []
        return list(_combined([part.newest(page.stop) for part in self.parts])[page])


@dataclass(frozen=True)
class LogRow:
    """One row of the learning log, in words, ready to lay out or write to a CSV file."""

    kind: str
    complaint_id: int
    reference: str
    team: str
    stage: str
    themes: tuple[str, ...]
    point: int | None
    found: str
    outcome: str
    reasons: str
    change: str
    action: str
    owner: str
    due_on: date | None
    state: str
    state_label: str
    evidence: str
    completed_on: date | None
    signed_off_on: date | None
    on: date | None
    overdue: bool

    @property
    def is_finding(self) -> bool:
        return self.kind == FINDING


def _themes(rows: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[str, ...]]:
    """The themes of each point on the rows' complaints, in one query: keyed by
    ("point", id) for finding rows and ("complaint", id) for the rest."""
    complaints = {row["log_complaint"] for row in rows}
    if not complaints:
        return {}
    through = ComplaintPoint.themes.through
    pairs = (
        through.objects.filter(complaintpoint__complaint_id__in=complaints)
        .order_by("theme__name")
        .values_list("complaintpoint_id", "complaintpoint__complaint_id", "theme__name")
    )
    themes: dict[tuple[str, int], list[str]] = defaultdict(list)
    for point_id, complaint_id, name in pairs:
        themes[("point", point_id)].append(name)
        if name not in themes[("complaint", complaint_id)]:
            themes[("complaint", complaint_id)].append(name)
    return {key: tuple(names) for key, names in themes.items()}


def _stage_label(row: dict[str, Any]) -> str:
    if row["log_stage"] in STAGE_LABELS:
        return STAGE_LABELS[row["log_stage"]]
    return "Ombudsman" if row["log_kind"] == REMEDY else ""


def as_log_rows(rows: Iterable[dict[str, Any]], today: date) -> list[LogRow]:
    """The database's rows in words, with their themes (one query for the lot)."""
    rows = list(rows)
    themes = _themes(rows)
    result = []
    for row in rows:
        key = ("point", row["log_id"]) if row["log_kind"] == FINDING else None
        state = row["log_state"] or ""
        result.append(
            LogRow(
                kind=row["log_kind"],
                complaint_id=row["log_complaint"],
                reference=row["log_reference"],
                team=row["log_team"] or "",
                stage=_stage_label(row),
                themes=themes.get(key or ("complaint", row["log_complaint"]), ()),
                point=row["log_point"],
                found=row["log_found"] or "",
                outcome=str(FindingOutcome(row["log_outcome"]).label) if row["log_outcome"] else "",
                reasons=row["log_reasons"] or "",
                change=row["log_change"] or "",
                action=row["log_action"] or "",
                owner=row["log_owner"] or "",
                due_on=row["log_due"],
                state=state,
                state_label=str(STATE_LABELS.get(state, "")),
                evidence=row["log_evidence"] or "",
                completed_on=row["log_completed"],
                signed_off_on=row["log_signed_off"],
                on=row["log_on"],
                overdue=state == Action.State.OPEN
                and row["log_due"] is not None
                and row["log_due"] < today,
            )
        )
    return result


def in_chunks(rows: QuerySet[Any], today: date, size: int = 500) -> Iterator[list[LogRow]]:
    """The whole log in chunks, each with its themes: for the CSV download."""
    chunk: list[dict[str, Any]] = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield as_log_rows(chunk, today)
            chunk = []
    if chunk:
        yield as_log_rows(chunk, today)


# -- counts by theme and by team, shown before the log ------------------------------------


@dataclass(frozen=True)
class Tally:
    """One theme's or team's share of the (filtered) log: findings upheld, and changes agreed
    (accepted recommendations, and actions agreed without one, such as Ombudsman remedies).
    ``key`` is what the log's filter takes to show just these rows ("" when there is none)."""

    name: str
    key: str
    findings: int
    changes: int

    @property
    def total(self) -> int:
        return self.findings + self.changes


NO_THEME = "No theme recorded"
NO_TEAM = "No team recorded"


def _ranked(found: dict[tuple[str, str], list[int]]) -> list[Tally]:
    tallies = [Tally(name, key, n[0], n[1]) for (name, key), n in found.items()]
    # Most first; the "none recorded" row last, as it names nothing to act on.
    return sorted(tallies, key=lambda t: (t.key == "", -t.total, t.name.lower()))


def tallies(wanted: dict[str, Any], today: date) -> tuple[list[Tally], list[Tally]]:
    """The log's rows counted by theme and by team, with the same filters as the log.

    By theme, only findings are counted: a theme is recorded on a complaint point and a
    finding is about one point, whereas a recommendation is about the whole complaint. Giving
    each recommendation every theme of its complaint's points cost a third of a second at
    100,000 complaints (a DISTINCT count over complaints, points and themes) for a figure that
    says little. So the theme table has findings only (a finding counts under each theme of its
    point), and the team table has both. One grouped query per part and table: five at most.

    Every row of the log has exactly one complaint, so it is in exactly one team's row ("none
    recorded" included): the team table's totals add up to the log's count, and the page
    takes its count from there (``log_count``) rather than counting each part again.
    """
    by_theme: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_team: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for part in log_parts(wanted, today):
        column = 0 if part.kind == FINDING else 1
        rows = part.matching.order_by()
        if part.kind == FINDING:
            themes = rows.values_list("themes__id", "themes__name").annotate(n=Count("pk"))
            for theme_id, name, n in themes:
                by_theme[(name or NO_THEME, str(theme_id or ""))][column] += n
        for team, n in rows.values_list("complaint__team").annotate(n=Count("pk")):
            by_team[(team or NO_TEAM, team or "")][column] += n
    return _ranked(by_theme), _ranked(by_team)


def log_count(by_team: list[Tally]) -> int:
    """How many rows the log has, from the team table of ``tallies`` with the same filters:
    each row counts once under its complaint's team. Saves a count query per part (a fifth
    of the page's database time at 100,000 complaints)."""
    return sum(tally.total for tally in by_team)
