"""The administration pages where the administrator or Complaints Manager keeps the roster:
people (with their provider and any former council employment), the themes that serve as
both complaint-point themes and officers' skills, and the roster entries with their periods
of unavailability. The roles themselves are groups, set on each person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from heard.people.models import DBS_WARNING_DAYS, IndependentOfficer, Theme, Unavailability, User
from heard.people.roles import ROSTER_ROLES, role_labels


@admin.register(User)
class HeardUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Work and independence",
            {
                "fields": (
                    "organisation",
                    "job_title",
                    "team",
                    "is_council_member_or_officer",
                    "left_council_on",
                )
            },
        ),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "is_council_member_or_officer",
        "is_active",
    )
    list_filter = (*UserAdmin.list_filter, "is_council_member_or_officer")
    search_fields = (*UserAdmin.search_fields, "organisation")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "active")
    list_filter = ("active",)
    search_fields = ("name", "description")


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 1
    fields = ("starts_on", "ends_on", "reason")


class DbsFilter(admin.SimpleListFilter):
    title = "DBS check"
    parameter_name = "dbs"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("due", f"Expired, missing or expiring within {DBS_WARNING_DAYS} days"),
            ("in_date", "In date"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        soon: date = timezone.localdate() + timedelta(days=DBS_WARNING_DAYS)
        due = Q(dbs_expires_on__isnull=True) | Q(dbs_expires_on__lte=soon)
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "in_date":
            return queryset.exclude(due)
        return queryset


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(role.value, role.label) for role in ROSTER_ROLES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(person__groups__name=self.value())
        return queryset


@admin.register(IndependentOfficer)
class IndependentOfficerAdmin(admin.ModelAdmin):
    list_display = (
        "person",
        "provider",
        "roles",
        "dbs_expires_on",
        "max_concurrent_cases",
        "hourly_rate",
    )
    list_filter = (RoleFilter, DbsFilter, "skills", "person__organisation")
    search_fields = ("person__first_name", "person__last_name", "person__organisation")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)
    filter_horizontal = ("skills",)
    inlines = (UnavailabilityInline,)
    fieldsets = (
        (None, {"fields": ("person", "phone", "address")}),
        ("Skills and checks", {"fields": ("skills", "dbs_checked_on", "dbs_expires_on")}),
        ("Work", {"fields": ("max_concurrent_cases", "hourly_rate", "notes")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[IndependentOfficer]:
        return super().get_queryset(request).prefetch_related("person__groups")

    @admin.display(description="Roles")
    def roles(self, obj: IndependentOfficer) -> str:
        return ", ".join(role_labels(obj.person.groups.all()))

    @admin.display(description="Provider", ordering="person__organisation")
    def provider(self, obj: IndependentOfficer) -> str:
        return obj.person.organisation
