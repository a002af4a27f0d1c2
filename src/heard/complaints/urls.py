"""Complaint pages. Every step of the workflow is one URL: /cases/<id>/<event>/."""

from __future__ import annotations

from django.urls import path

from heard.complaints.views import case_page, cases, steps

app_name = "complaints"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("download.csv", cases.case_list_csv, name="list_csv"),
    path("download.xlsx", cases.case_list_xlsx, name="list_xlsx"),
    path("mine/", cases.my_cases, name="mine"),
    path("mine/download.csv", cases.my_cases_csv, name="mine_csv"),
    path("mine/download.xlsx", cases.my_cases_xlsx, name="mine_xlsx"),
    path("new/", cases.new_complaint, name="new"),
    path("<int:pk>/", case_page.case_detail, name="detail"),
    path("<int:pk>/<slug:event>/", steps.step_view, name="step"),
]
