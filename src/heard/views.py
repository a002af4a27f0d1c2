"""Pages that belong to no one app: home, signing in and out, the accessibility statement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from heard.complaints.access import complaints_visible_to
from heard.complaints.deadlines import SOON_WORKING_DAYS, due_counts
from heard.complaints.queue import Scope, awaiting_manager, home_queue
from heard.decisions.tracking import action_counts
from heard.forms import SignInForm
from heard.people.roles import is_complaints_manager, is_complaints_staff
from heard.timescales.snapshot import current_calendar


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: the person's work queue (decision 030), then what they can do.

    Complaints staff get every running deadline of the cases in view, in three groups; the
    Complaints Manager also gets the decisions and sign-offs waiting for them; anyone appointed
    to a case gets what their appointment asks of them, with dates.

    Everyone sees how many of their cases have a deadline passed or due within five working
    days, counting every kind of deadline (decision 018), with links to those lists.

    Rule 38: overdue agreed actions escalate to the Complaints Manager, so the manager is
    told here how many there are (and how many wait for their sign-off), with a link to them.
    """
    today = timezone.localdate()
    manager = is_complaints_manager(request.user)
    # The manager answers for every case, so their queue starts with all of them; an officer's
    # starts with the cases they handle. Either can choose another with ?show=.
    show = request.GET.get("show") or (Scope.ALL if manager else Scope.MINE)
    calendar = current_calendar()  # once for the page: each read checks it is current
    context: dict[str, Any] = {
        **home_queue(request.user, show, today, calendar),
        "sees_actions": is_complaints_staff(request.user),
        # Every running deadline counts (acknowledgement to the Ombudsman's reply date),
        # read from the due date stored on each case this person may see.
        "due_counts": due_counts(complaints_visible_to(request.user), today, calendar),
        "soon_working_days": SOON_WORKING_DAYS,
    }
    if manager:
        context["action_counts"] = action_counts(today)
        context["manager_items"] = awaiting_manager(today)
    return render(request, "heard/home.html", context)


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, public so anyone can read it before signing in."""
    return render(request, "heard/accessibility.html")


class SignInView(auth_views.LoginView):
    """Django's sign-in view with our GOV.UK form. Someone already signed in goes home."""

    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only), then says so on the sign-in page it goes to."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response
