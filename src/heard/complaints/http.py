"""Request helpers shared by the complaint views: finding the case and recording the read."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from heard.audit.events import record_access
from heard.complaints.access import get_complaint_for_user, may_see
from heard.complaints.models import Complaint
from heard.people.models import User


def case_for_request(
    request: HttpRequest,
    pk: int,
    *,
    event: str = "",
    within: QuerySet[Complaint] | None = None,
) -> Complaint:
    """The complaint if this user may see it (else 404), with the access recorded. ``event``
    names the step asked for: a step that outlasts an appointment (recording time and fees)
    may open a complaint its page no longer shows. ``within`` is the queryset to read it with
    (the case page's prefetches), so the case is fetched once."""
    complaint = get_complaint_for_user(request.user, pk, event=event, within=within)
    record_access(complaint.pk, by=request.user, method=request.method or "GET", path=request.path)
    return complaint


def read_for_request(
    request: HttpRequest, pk: int, read: Callable[[int], Complaint | None]
) -> Complaint:
    """As ``case_for_request``, with the case read by ``read`` (a page's query compiled once,
    decision 037) once the user is known to be allowed to see it."""
    complaint = read(pk) if may_see(request.user, pk) else None
    if complaint is None:
        raise Http404("No such complaint")
    record_access(complaint.pk, by=request.user, method=request.method or "GET", path=request.path)
    return complaint


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person making this request, typed as our User for the actions.

    Every case page is behind sign-in already; someone not signed in gets the same 404 as
    for a case they may not see."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404("No such page")
    return user
