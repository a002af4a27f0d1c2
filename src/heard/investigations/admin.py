"""Admin for the investigations app: the managed list of interview rooms.

Rooms are reference data the complaints team keeps up to date. A room that is no longer used
is made inactive rather than deleted, because past interviews still point at it.
"""

from __future__ import annotations

from django.contrib import admin

from heard.investigations.models import Room


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "active"]
    list_filter = ["active"]
    search_fields = ["name", "location"]
