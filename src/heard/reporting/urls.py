"""Reports across cases: the learning log and counts of the procedure (complaints staff)."""

from __future__ import annotations

from django.urls import path

from heard.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("learning/", views.learning_log, name="learning"),
    path("learning/download/", views.learning_log_csv, name="learning_csv"),
    path("procedure/", views.procedure, name="procedure"),
    path("procedure/download/", views.procedure_csv, name="procedure_csv"),
]
