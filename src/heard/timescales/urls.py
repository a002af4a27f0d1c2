"""Routes for the timescales app, included under /timescales/."""

from __future__ import annotations

from django.urls import path

from heard.timescales import views

app_name = "timescales"

urlpatterns = [
    path("", views.calculator, name="calculator"),
]
