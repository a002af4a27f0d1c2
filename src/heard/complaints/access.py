"""Who may see and do what on a complaint: one function per question.

Complaints staff see every complaint. Anyone else sees a complaint only through a current
appointment to it (Investigating Officer, Independent Person, adjudicating officer, Stage 1
responder, panel chair or member). Everyone else sees nothing, and a hidden complaint answers
404 exactly as a missing one does, so its existence is not revealed. Anything not covered here
is refused.

Appointments end when their role's work ends (``complaints.appointment_ends``, ADR 022). Two
things outlast an appointment or limit it, both answered here:

- an independent officer paid for their time keeps the one page for recording it, for
  ``settings.FEES_ACCESS_DAYS`` after the end, because providers invoice a month in arrears;
- a Stage 1 responder is a manager of the service complained about, so their appointment shows
  the complaint only while it is at Stage 1, never the independent stages after it.

Pages across cases (lists of actions, reports, the roster) are for complaints staff only:
``complaints_staff_only`` is the one check they all use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import PAID_ROLES, AppointmentRole
from heard.complaints.workflow import AFTER_END, AFTER_END_EVENTS, WORKFLOW
from heard.people.roles import AnyUser, is_complaints_staff, roles_of

RESPONDER = AppointmentRole.STAGE1_RESPONDER

View = Callable[..., HttpResponse]


def complaints_staff_only(view: View) -> View:
    """The one check for pages across cases (actions, reports, roster, a new complaint): anyone
    who is not complaints staff gets 404, as for a case they may not see, so the page tells
    them nothing, not even that it exists. Signed-out people are sent to sign in first by the
    login middleware."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_complaints_staff(request.user):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapped


def fees_period_start(today: date | None = None) -> date:
    """The earliest end date that still lets an officer record their time and fees today."""
    return (today or timezone.localdate()) - timedelta(days=settings.FEES_ACCESS_DAYS)


def _gives_sight(appointment: Appointment, complaint: Complaint) -> bool:
    """A current appointment shows its complaint; a responder's only while it is at Stage 1."""
    if appointment.ended_on is not None:
        return False
    return appointment.role != RESPONDER or complaint.stage == 1


def _in_fees_period(appointment: Appointment, start: date) -> bool:
    return (
        appointment.ended_on is not None
        and appointment.role in PAID_ROLES
        and appointment.ended_on >= start
    )


def complaints_visible_to(user: AnyUser) -> QuerySet[Complaint]:
    """Every list, search, export and API endpoint starts from this queryset."""
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    if is_complaints_staff(user):
        return Complaint.objects.all()
    current = (
        Appointment.objects.filter(person_id=user.pk, ended_on__isnull=True)
        .exclude(role=RESPONDER, complaint__stage__gt=1)
        .values("complaint_id")
    )
    return Complaint.objects.filter(pk__in=current)


def may_see(user: AnyUser, pk: int) -> bool:
    """Whether ``complaints_visible_to(user)`` holds complaint ``pk`` (or would, if it
    existed): no query for someone who sees every complaint (an unfiltered set)."""
    visible = complaints_visible_to(user)
    if not visible.query.where:
        return True
    return visible.filter(pk=pk).exists()


def own_cases(user: AnyUser) -> QuerySet[Complaint]:
    """The cases that are this person's own work ("My cases", the queue's "mine"): those they
    handle, for the complaints team, who see every case but are never appointed to one, and
    those they are appointed to now, for everyone."""
    visible = complaints_visible_to(user)
    appointed = Appointment.objects.filter(person_id=user.pk, ended_on__isnull=True).values(
        "complaint_id"
    )
    if is_complaints_staff(user):
        return visible.filter(Q(handler_id=user.pk) | Q(pk__in=appointed))
    return visible.filter(pk__in=appointed)


def complaints_for_time_and_fees(user: AnyUser) -> QuerySet[Complaint]:
    """What the time-and-fees page may open: every complaint the user sees, and those where
    their paid appointment ended within the period for recording time and fees."""
    visible = complaints_visible_to(user)
    if not user.is_authenticated or not user.is_active or is_complaints_staff(user):
        return visible
    ended = Appointment.objects.filter(
        person_id=user.pk, role__in=PAID_ROLES, ended_on__gte=fees_period_start()
    ).values("complaint_id")
    return Complaint.objects.filter(pk__in=visible.values("pk")) | Complaint.objects.filter(
        pk__in=ended
    )


def get_complaint_for_user(
    user: AnyUser, pk: int, *, event: str = "", within: QuerySet[Complaint] | None = None
) -> Complaint:
    """The complaint, or Http404 whether it is missing or hidden from this user. For a step
    that outlasts the appointment (recording time and fees), the wider set is searched.

    ``within`` is the queryset a page reads the case with (the case page's prefetches): the
    visibility rule is added to it, so the page fetches the case once rather than twice."""
    cases = (
        complaints_for_time_and_fees(user)
        if event in AFTER_END_EVENTS
        else complaints_visible_to(user)
    )
    if within is not None:
        cases = within & cases
    try:
        return cases.get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404("No such complaint") from None


def actor_roles(user: AnyUser, complaint: Complaint) -> frozenset[str]:
    """Staff roles, ``appointed:<role>`` for each current appointment on this complaint that
    shows it, and ``AFTER_END`` when a paid appointment ended within the fees period."""
    mine = [a for a in complaint.appointments.all() if a.person_id == user.pk]
    if not mine:
        return roles_of(user)
    appointed = {f"appointed:{a.role}" for a in mine if _gives_sight(a, complaint)}
    start = fees_period_start()
    if any(_in_fees_period(a, start) for a in mine):
        appointed.add(AFTER_END)
    return roles_of(user) | appointed


def sees_later_stages(user: AnyUser, complaint: Complaint) -> bool:
    """May this user see Stage 2 and Stage 3 material on this complaint? Complaints staff and
    anyone appointed to it in a role other than Stage 1 responder. The case page asks this
    before showing the later stages' sections, a second guard behind the visibility rule."""
    if is_complaints_staff(user):
        return True
    return any(
        a.person_id == user.pk and a.ended_on is None and a.role != RESPONDER
        for a in complaint.appointments.all()
    )


def can_fire(user: AnyUser, complaint: Complaint, event: str) -> bool:
    """May this user fire this event now, as far as status and role go (guards aside)?"""
    transition = WORKFLOW.get(complaint.status, {}).get(event)
    return transition is not None and bool(transition.allowed & actor_roles(user, complaint))


def events_for(user: AnyUser, complaint: Complaint) -> list[str]:
    """The events this user may fire on this complaint now, in table order."""
    roles = actor_roles(user, complaint)
    row = WORKFLOW.get(complaint.status, {})
    return [event for event, t in row.items() if t.allowed & roles]
