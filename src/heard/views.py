"""Pages that belong to no one app: home, signing in and out, the accessibility statement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from heard.forms import SignInForm


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: what Heard can do today, and what it will do."""
    return render(request, "heard/home.html")


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
