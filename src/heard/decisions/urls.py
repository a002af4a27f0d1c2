"""Pages across cases for agreed actions."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "decisions"

urlpatterns: list[URLPattern] = []
