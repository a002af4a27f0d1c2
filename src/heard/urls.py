"""URL routes. Every view needs a signed-in user unless marked with login_not_required.

tests/test_pages.py walks these routes and fails if a view is public without being on its
allow-list, so a new public page is always a deliberate choice.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from heard import views
from heard.complaints.views.search import search_page
from heard.reporting.views import dashboard

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("timescales/", include("heard.timescales.urls")),
    path("cases/", include("heard.complaints.urls")),
    path("", include("heard.documents.urls")),
    path("search/", search_page, name="search"),
    path("roster/", include("heard.roster.urls")),
    path("actions/", include("heard.decisions.urls")),
    path("dashboard/", dashboard, name="dashboard"),
    path("reports/", include("heard.reporting.urls")),
    path("admin/", admin.site.urls),
]
