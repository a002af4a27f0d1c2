"""Learning across cases: the "repeat finding" warning on the case page.

The warning answers one question for complaints staff: has the same team, or the same theme,
had a finding upheld on another complaint in the 12 months before this complaint's finding?
If so, what was agreed last time may not have worked, and the adjudication and the actions
agreed now should say why.

Which date a finding has: ``Finding.recorded_at``, as a UK date. It exists as soon as the
Investigating Officer records the finding, so the warning shows while the complaint is at
adjudication, when it can still shape what the council agrees to do; the adjudication date
only exists afterwards, and Stage 2 is the only stage with findings. A finding the adjudicator
did not accept is not the council's finding, so it neither raises nor matches a warning.

This module reads findings through ``ComplaintPoint`` relations (``finding__outcome``) and
imports nothing from the decisions app, which depends on complaints.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone

from heard.compiled import CompiledOnce, Kind
from heard.complaints.access import complaints_visible_to
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Finding
from heard.people.roles import AnyUser, is_complaints_staff

UPHELD_OUTCOMES = (Finding.UPHELD.value, Finding.PARTIALLY_UPHELD.value)

# "Again within 12 months": calendar months, so 29 February looks back to 28 February.
WINDOW = relativedelta(months=12)


def counted_as_upheld(prefix: str = "finding__") -> Q:
    """Upheld or partially upheld, and not rejected at adjudication (``prefix`` reaches the
    finding: ``finding__`` from a point, ``""`` from a finding itself)."""
    return Q(**{f"{prefix}outcome__in": UPHELD_OUTCOMES}) & (
        Q(**{f"{prefix}adjudication_accepted__isnull": True})
        | Q(**{f"{prefix}adjudication_accepted": True})
    )


def is_upheld(point: ComplaintPoint) -> bool:
    """The same test as ``counted_as_upheld``, on a point already read with its finding."""
    finding = getattr(point, "finding", None)
    return (
        finding is not None
        and finding.outcome in UPHELD_OUTCOMES
        and finding.adjudication_accepted is not False
    )


def finding_date(point: ComplaintPoint) -> date:
    """The UK date the point's finding was recorded."""
    return timezone.localdate(point.finding.recorded_at)


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the UK, as an aware instant for queries."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class RepeatFinding:
    """An upheld finding on another complaint that this complaint's finding repeats."""

    complaint_id: int
    reference: str  # blank when the viewer may not open that complaint
    url: str  # likewise
    point_number: int
    outcome: str
    found_on: date
    team: str  # the shared team, or blank
    themes: tuple[str, ...]  # the shared themes, if any

    @property
    def visible(self) -> bool:
        return bool(self.url)


# The warning lists only the newest few repeats: a busy team can have hundreds, and a list
# that long is neither read nor cheap to build. The rest are counted and the learning log,
# filtered to the team or theme, lists them all.
SHOWN = 5
# How far the matches are counted: past this the warning says "at least" ("and at least 20
# more", with a link to the learning log that lists them all). Twenty more already says the
# pattern is there; counting to a hundred read four times the rows on every case page of a
# busy team (3 ms of its time at 100,000 complaints, decision 035).
COUNT_CAP = 25


class RepeatFindings(list[RepeatFinding]):
    """The newest ``SHOWN`` repeats, newest first, with how many there are in all.

    A list, so code that only wants the repeats shown can treat it as one; ``total`` counts
    every match and ``log_links`` are the learning log filtered to this complaint's team and
    to the themes of its upheld points, where the rest can be read.
    """

    def __init__(
        self,
        shown: list[RepeatFinding] | None = None,
        *,
        total: int = 0,
        log_links: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(shown or [])
        self.total = max(total, len(self))
        self.log_links = log_links

    @property
    def more(self) -> int:
        """How many matches are not listed (at least this many when ``capped``)."""
        return self.total - len(self)

    @property
    def capped(self) -> bool:
        """Whether there may be more matches than were counted."""
        return self.total >= COUNT_CAP


def _log_links(team: str, themes: dict[int, str]) -> tuple[tuple[str, str], ...]:
    """The learning log filtered to the team, and to each theme (``reporting.forms``
    names the filters ``team`` and ``theme``, the theme by its id)."""
    log = reverse("reporting:learning")
    links = [(team, f"{log}?{urlencode({'team': team})}")] if team else []
    for pk, name in sorted(themes.items(), key=lambda item: item[1]):
        links.append((f"the theme {name}", f"{log}?{urlencode({'theme': pk})}"))
    return tuple(links)


def _may_see(viewer: AnyUser) -> Exists | Value:
    """Whether the viewer may open each row's complaint: complaints staff may open every
    complaint, so for them the answer is known without asking for each of the matches
    (the window count means the database works out every match's columns, not only the
    five shown)."""
    if is_complaints_staff(viewer):
        return Value(True, output_field=BooleanField())
    return Exists(complaints_visible_to(viewer).filter(pk=OuterRef("complaint")))


Window_ = tuple[datetime, datetime, list[int]]


def _matching(
    complaint_id: int, team: str, windows: list[Window_], may_see: Exists | Value
) -> QuerySet[Any]:
    """Other complaints' upheld findings in any of ``windows`` (start, end, theme ids), on
    ``team`` (if not blank) or sharing one of that window's themes: the newest ``COUNT_CAP``
    as rows, ``viewer_may_see`` from ``may_see``. Themes are matched with ``EXISTS`` rather
    than a join, so no point comes back twice and no ``DISTINCT`` is needed."""
    through = ComplaintPoint.themes.through
    # The team compared as ``iexact`` does on PostgreSQL, written so the value is passed as
    # it is (SQLite's ``iexact`` escapes it for ``LIKE``, which a compiled query cannot do).
    same_team = Q(Exact(Upper("complaint__team"), Upper(Value(team)))) if team else None
    matches = Q()
    for start, end, themes in windows:
        shares = same_team
        if themes:
            has_theme = Q(
                Exists(through.objects.filter(complaintpoint=OuterRef("pk"), theme__in=themes))
            )
            shares = has_theme if shares is None else shares | has_theme
        in_window = Q(finding__recorded_at__gte=start, finding__recorded_at__lt=end)
        matches |= in_window if shares is None else shares & in_window
    matching = ComplaintPoint.objects.filter(counted_as_upheld(), matches).exclude(
        complaint_id=complaint_id
    )
    # One read gives both the rows shown and how many there are, counted up to COUNT_CAP:
    # a busy team can have thousands of matches, and counting them all cost the case page more
    # than everything else it reads (bench/README.md). The finding-date index gives the rows
    # newest first, so the database stops after COUNT_CAP of them.
    return (
        matching.annotate(viewer_may_see=may_see)
        .order_by("-finding__recorded_at", "complaint__reference", "number")
        .values(
            "pk",
            "number",
            "complaint_id",
            "complaint__reference",
            "complaint__team",
            "finding__outcome",
            "finding__recorded_at",
            "viewer_may_see",
        )[:COUNT_CAP]
    )


def _flat(windows: list[Window_]) -> list[Any]:
    return [value for start, end, themes in windows for value in (start, end, *themes)]


_compiled_repeats: dict[tuple[bool, tuple[int, ...], int], CompiledOnce] = {}


def _repeats_query(has_team: bool, theme_counts: tuple[int, ...]) -> CompiledOnce:
    """``_matching`` for complaints staff, compiled once for each shape of question (a team
    or not, and how many themes each window has): the case page asks it on every visit and
    Django took longer to build it than the database took to answer (decision 037)."""
    key = (has_team, theme_counts, COUNT_CAP)  # the cap is written into the SQL
    query = _compiled_repeats.get(key)
    if query is None:

        def build(complaint_id: int, *rest: Any) -> QuerySet[Any]:
            values = iter(rest)
            team = next(values) if has_team else ""
            windows = [
                (next(values), next(values), [next(values) for _ in range(count)])
                for count in theme_counts
            ]
            staff = Value(True, output_field=BooleanField())
            return _matching(complaint_id, team, windows, staff)

        kinds: list[Kind] = [int, *([str] if has_team else [])]
        for count in theme_counts:
            kinds += [datetime, datetime, *([int] * count)]
        query = _compiled_repeats.setdefault(key, CompiledOnce(build, *kinds))
    return query


def repeat_findings(
    complaint: Complaint,
    *,
    viewer: AnyUser,
    today: date | None = None,
    limit: int = SHOWN,
) -> RepeatFindings:
    """Other complaints' upheld findings in the 12 months before one of this complaint's
    upheld findings, on the same team or sharing a theme with that point: the newest
    ``limit`` of them, and how many there are in all (counted up to ``COUNT_CAP``).

    Reads this complaint's points from its prefetched relations (``case_queryset`` has them).
    The database is asked exactly which findings match (each upheld point's own 12 months,
    with that point's themes), newest first and at most ``COUNT_CAP`` of them: the first
    ``limit`` are shown and the length is the count. A second query reads the themes of the
    few shown. Themes are matched with ``EXISTS`` rather than a join, so no point comes back
    twice and no ``DISTINCT`` is needed. The first query runs even when nothing here is upheld
    (with an empty window), so the case page asks the same number of questions whatever the
    complaint's findings are. Complaints the viewer cannot
    see are returned without a reference or link.
    """
    anchors: dict[date, set[int]] = defaultdict(set)
    theme_names: dict[int, str] = {}
    for point in complaint.points.all():
        if is_upheld(point):
            point_themes = list(point.themes.all())
            anchors[finding_date(point)].update(theme.pk for theme in point_themes)
            theme_names.update((theme.pk, theme.name) for theme in point_themes)
    team = complaint.team.strip()
    through = ComplaintPoint.themes.through
    # The windows, each with its themes, oldest first: (start, end, theme ids).
    windows = [
        (start_of(day - WINDOW), start_of(day + timedelta(days=1)), sorted(themes))
        for day, themes in sorted(anchors.items())
    ]
    if not team:
        windows = [window for window in windows if window[2]]  # only a theme can match
    if not windows:
        now = start_of(today or timezone.localdate())
        windows = [(now, now, [])]  # an empty window: nothing matches, but the query runs
    if is_complaints_staff(viewer):
        matched = _repeats_query(bool(team), tuple(len(w[2]) for w in windows)).rows(
            complaint.pk, *([team] if team else []), *_flat(windows)
        )
    else:
        matched = list(_matching(complaint.pk, team, windows, _may_see(viewer)))
    rows = matched[:limit]
    total = len(matched)
    shared_themes: dict[int, list[int]] = defaultdict(list)
    if rows:
        pairs = through.objects.filter(complaintpoint_id__in=[row["pk"] for row in rows])
        for point_id, theme_id, name in pairs.order_by("theme__name").values_list(
            "complaintpoint_id", "theme_id", "theme__name"
        ):
            shared_themes[point_id].append(theme_id)
            theme_names.setdefault(theme_id, name)
    found = []
    for row in rows:
        day = timezone.localdate(row["finding__recorded_at"])
        wanted = set().union(
            *(themes for anchor, themes in anchors.items() if anchor - WINDOW <= day <= anchor)
        )
        their_team = (row["complaint__team"] or "").strip()
        visible = bool(row["viewer_may_see"])
        found.append(
            RepeatFinding(
                complaint_id=row["complaint_id"],
                reference=row["complaint__reference"] if visible else "",
                url=reverse("complaints:detail", args=[row["complaint_id"]]) if visible else "",
                point_number=row["number"],
                outcome=str(Finding(row["finding__outcome"]).label),
                found_on=day,
                team=their_team if team and their_team.casefold() == team.casefold() else "",
                themes=tuple(theme_names[pk] for pk in shared_themes[row["pk"]] if pk in wanted),
            )
        )
    upheld_themes = {pk: theme_names[pk] for themes in anchors.values() for pk in themes}
    return RepeatFindings(
        found,
        total=total,
        log_links=_log_links(team, upheld_themes) if rows else (),
    )


def repeat_warnings_for(user: AnyUser, complaint: Complaint) -> RepeatFindings:
    """The warning is for complaints staff: investigators and adjudicators see one case,
    and telling them about other complaints would share what they have no role in."""
    if not is_complaints_staff(user):
        return RepeatFindings()
    return repeat_findings(complaint, viewer=user)
