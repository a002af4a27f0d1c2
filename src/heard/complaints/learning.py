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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from heard.complaints.access import complaints_visible_to
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Finding
from heard.people.roles import is_complaints_staff

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
    return timezone.localdate(point.finding.recorded_at)  # type: ignore[attr-defined]


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


def repeat_findings(
    complaint: Complaint, *, viewer: AbstractBaseUser, today: date | None = None
) -> list[RepeatFinding]:
    """Other complaints' upheld findings in the 12 months before one of this complaint's
    upheld findings, on the same team or sharing a theme with that point.

    Reads this complaint's points from its prefetched relations (``case_queryset`` has them)
    and the other complaints in one query, plus one for their themes when there are any. The
    query runs even when nothing here is upheld (with an empty window), so the case page asks
    the database the same number of questions whatever the complaint's findings are.
    Complaints the viewer cannot see are returned without a reference or link.
    """
    anchors = [
        (finding_date(point), {theme.pk for theme in point.themes.all()})
        for point in complaint.points.all()
        if is_upheld(point)
    ]
    if anchors:
        first = min(day for day, _ in anchors) - WINDOW
        window = (start_of(first), start_of(max(day for day, _ in anchors) + timedelta(days=1)))
    else:
        now = start_of(today or timezone.localdate())
        window = (now, now)  # empty
    team = complaint.team.strip()
    # Themes of this complaint's upheld points, as a subquery so the query is the same shape
    # (and always runs) whether or not they have themes.
    through = ComplaintPoint.themes.through
    upheld_themes = through.objects.filter(
        Q(complaintpoint__complaint=complaint) & counted_as_upheld("complaintpoint__finding__")
    ).values("theme_id")
    shares = Q(themes__in=upheld_themes)
    if team:
        shares |= Q(complaint__team__iexact=team)
    candidates = (
        ComplaintPoint.objects.filter(
            counted_as_upheld(),
            shares,
            finding__recorded_at__gte=window[0],
            finding__recorded_at__lt=window[1],
        )
        .exclude(complaint=complaint)
        .annotate(
            viewer_may_see=Exists(complaints_visible_to(viewer).filter(pk=OuterRef("complaint")))
        )
        .select_related("complaint", "finding")
        .prefetch_related("themes")
        .distinct()
        .order_by("-finding__recorded_at", "complaint__reference", "number")
    )
    found = []
    for point in candidates:
        day = finding_date(point)
        near = [themes for anchor, themes in anchors if anchor - WINDOW <= day <= anchor]
        if not near:
            continue
        wanted = set().union(*near)
        shared = tuple(t.name for t in point.themes.all() if t.pk in wanted)
        same_team = bool(team) and point.complaint.team.strip().casefold() == team.casefold()
        if not (shared or same_team):
            continue
        visible = bool(point.viewer_may_see)  # type: ignore[attr-defined]
        found.append(
            RepeatFinding(
                complaint_id=point.complaint_id,
                reference=point.complaint.reference if visible else "",
                url=reverse("complaints:detail", args=[point.complaint_id]) if visible else "",
                point_number=point.number,
                outcome=point.finding.get_outcome_display(),  # type: ignore[attr-defined]
                found_on=day,
                team=point.complaint.team.strip() if same_team else "",
                themes=shared,
            )
        )
    return found


def repeat_warnings_for(user: AbstractBaseUser, complaint: Complaint) -> list[RepeatFinding]:
    """The warning is for complaints staff: investigators and adjudicators see one case,
    and telling them about other complaints would share what they have no role in."""
    if not is_complaints_staff(user):
        return []
    return repeat_findings(complaint, viewer=user)
