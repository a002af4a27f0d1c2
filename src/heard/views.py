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

from heard.decisions.tracking import action_counts
from heard.forms import SignInForm
from heard.people.roles import is_complaints_manager, is_complaints_staff


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: what Heard can do today, and what it will do.

    Rule 38: overdue agreed actions escalate to the Complaints Manager, so the manager is
    told here how many there are (and how many wait for their sign-off), with a link to them.
    """
    context: dict[str, Any] = {"sees_actions": is_complaints_staff(request.user)}
    if is_complaints_manager(request.user):
        context["action_counts"] = action_counts(timezone.localdate())
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
