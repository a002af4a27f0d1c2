"""Roster pages: the independent officers, and the monthly export for providers' invoices."""

from __future__ import annotations

from django.urls import path

from heard.roster import views

app_name = "roster"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("<int:pk>/", views.officer, name="officer"),
    path("invoices/", views.invoices, name="invoices"),
    path("invoices/download/", views.invoices_csv, name="invoices_csv"),
]
