"""Themes on complaint points: what each point is about, for learning across cases.

Themes come from the managed list (``people.Theme``, decision 011). They can be set at any
status, even after the procedure has ended, because a pattern is often seen only when later
complaints arrive; setting them leaves an archived complaint archived (book-keeping, not new
work: ``workflow.KEEPS_ARCHIVED``).
"""

from __future__ import annotations

from collections.abc import Iterable

from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.transitions import Refused, transition
from heard.people.models import Theme, User


def _names(themes: Iterable[Theme]) -> str:
    return ", ".join(sorted(t.name for t in themes)) or "none"


def set_point_themes(
    complaint: Complaint,
    *,
    by: User,
    point: ComplaintPoint,
    themes: Iterable[Theme],
) -> ComplaintPoint:
    """Replace the themes of one point of this complaint.

    Only themes still offered (``active``) may be added. A retired theme the point already
    has may stay: retiring a theme must not strip it from the complaints it described
    (decision 011), and it stays until someone unticks it.
    """
    if point.complaint_id != complaint.pk:
        raise Refused("That point is not on this complaint.", field="point")
    wanted = {t.pk for t in themes}
    with transition(complaint, "set_point_themes", by=by) as step:
        # Read the list and the point's current themes inside the lock, so a theme retired a
        # moment ago is refused and two people saving at once cannot interleave.
        chosen = list(Theme.objects.filter(pk__in=wanted).order_by("name"))
        if len(chosen) != len(wanted):
            raise Refused("Choose themes from the list.", field="themes")
        current = {t.pk: t for t in point.themes.all().order_by("name")}
        added = [t for t in chosen if t.pk not in current]
        removed = [t for pk, t in current.items() if pk not in wanted]
        retired = [t for t in added if not t.active]
        if retired:
            raise Refused(
                f"{_names(retired)} {'is' if len(retired) == 1 else 'are'} no longer offered: "
                "choose from the current list of themes.",
                field="themes",
            )
        point.themes.set(chosen)
        step.summary = f"Themes of point {point.number}: {_names(chosen)}"
        step.details = {
            "point": point.number,
            "themes": [t.name for t in chosen],
            "added": [t.name for t in added],
            "removed": [t.name for t in removed],
        }
    return point
