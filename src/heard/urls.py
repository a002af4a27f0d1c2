"""URL routes. Every view needs a signed-in user unless marked with login_not_required."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
