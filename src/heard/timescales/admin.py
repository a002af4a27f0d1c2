"""Admin for the calendar: every save and delete goes through the recorded actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from heard.timescales import actions
from heard.timescales.models import BankHoliday, CalendarChange


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "source"]
    list_filter = ["source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    fields = ["date", "name"]

    def save_model(
        self, request: HttpRequest, obj: BankHoliday, form: ModelForm, change: bool
    ) -> None:
        if change:
            actions.change_bank_holiday(obj, day=obj.date, name=obj.name, by=request.user)
        else:
            created = actions.add_bank_holiday(obj.date, obj.name, by=request.user)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: BankHoliday) -> None:
        actions.remove_bank_holiday(obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[BankHoliday]) -> None:
        for holiday in queryset:
            actions.remove_bank_holiday(holiday, by=request.user)


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    """Read-only: the record of changes cannot itself be edited."""

    list_display = ["at", "action", "date", "name", "by", "details"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
