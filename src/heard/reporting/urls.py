"""Reports across cases: the learning log and counts of the procedure."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "reporting"

urlpatterns: list[URLPattern] = []
