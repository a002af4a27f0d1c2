"""Roster pages: the independent officers, and the monthly export for providers' invoices."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "people"

urlpatterns: list[URLPattern] = []
