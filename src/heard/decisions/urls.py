"""Pages across cases for agreed actions (domain.md rule 38)."""

from __future__ import annotations

from django.urls import path

from heard.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.action_list, name="actions"),
]
