"""Who may see and do what on a complaint: one function per question.

Complaints staff see every complaint. Anyone else sees a complaint only through a current
appointment to it (Investigating Officer, Independent Person, adjudicating officer, Stage 1
responder). Everyone else sees nothing, and a hidden complaint answers 404 exactly as a
missing one does, so its existence is not revealed. Anything not covered here is refused.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from heard.complaints.models import Complaint
from heard.complaints.workflow import WORKFLOW
from heard.people.roles import is_complaints_staff, roles_of


def complaints_visible_to(user: AbstractBaseUser) -> QuerySet[Complaint]:
    """Every list, search, export and API endpoint starts from this queryset."""
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    if is_complaints_staff(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(
        appointments__person=user, appointments__ended_on__isnull=True
    ).distinct()


def get_complaint_for_user(user: AbstractBaseUser, pk: int) -> Complaint:
    """The complaint, or Http404 whether it is missing or hidden from this user."""
    try:
        return complaints_visible_to(user).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404("No such complaint") from None


def actor_roles(user: AbstractBaseUser, complaint: Complaint) -> frozenset[str]:
    """Staff roles plus ``appointed:<role>`` for each current appointment on this complaint."""
    appointed = {
        f"appointed:{a.role}"
        for a in complaint.appointments.all()
        if a.person_id == user.pk and a.ended_on is None
    }
    return roles_of(user) | appointed


def can_fire(user: AbstractBaseUser, complaint: Complaint, event: str) -> bool:
    """May this user fire this event now, as far as status and role go (guards aside)?"""
    transition = WORKFLOW.get(complaint.status, {}).get(event)
    return transition is not None and bool(transition.allowed & actor_roles(user, complaint))


def events_for(user: AbstractBaseUser, complaint: Complaint) -> list[str]:
    """The events this user may fire on this complaint now, in table order."""
    roles = actor_roles(user, complaint)
    row = WORKFLOW.get(complaint.status, {})
    return [event for event, t in row.items() if t.allowed & roles]
