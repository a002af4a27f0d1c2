from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, post_save


class ComplaintsConfig(AppConfig):
    name = "heard.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        """Register the complaints steps. The apps above register theirs in their own
        ``ready()``, so ``complaints`` never imports them (decision 016)."""
        from heard.complaints import deadlines, queue, recalculation
        from heard.complaints.steps import (  # noqa: F401
            appointments,
            handlers,
            intake,
            stage1,
            stage2,
            themes,
        )
        from heard.timescales.hooks import on_calendar_change

        deadlines.register_deadlines(deadlines.complaint_deadlines)
        queue.register_for_manager(queue.complaints_awaiting_manager)
        on_calendar_change(recalculation.recalculate_for_calendar_change)
        # Complaints recorded before every deadline fed the lists get their due date worked
        # out once, right after the migration that added ``due_label``.
        post_migrate.connect(_fill_due_dates, sender=self, dispatch_uid="complaints.fill_due")
        # Complaints with no search entry (from before search, or written by a bulk load) are
        # indexed after every migration; a person whose name changes is found by the new one.
        post_migrate.connect(_index_missing, sender=self, dispatch_uid="complaints.index_missing")
        post_save.connect(
            _person_renamed, sender=settings.AUTH_USER_MODEL, dispatch_uid="complaints.renamed"
        )


def _fill_due_dates(using: str = "default", **kwargs: object) -> None:
    from heard.complaints.deadlines import refresh_unset

    refresh_unset()


def _index_missing(using: str = "default", **kwargs: object) -> None:
    """Only when the entries' table is there: ``migrate complaints 0009`` (back before
    search) also ends with post_migrate."""
    from django.db import connections

    from heard.complaints.models import SearchEntry
    from heard.complaints.search import index_missing

    if SearchEntry._meta.db_table in connections[using].introspection.table_names():
        index_missing()


NAME_FIELDS = frozenset({"first_name", "last_name", "username"})


def _person_renamed(
    instance: object, created: bool = False, update_fields: object = None, **kwargs: object
) -> None:
    """Rewrite the search entries of a person's cases when their name may have changed. A
    save naming only other fields (signing in updates ``last_login``) is no rename, and a new
    person has no cases yet."""
    if created or kwargs.get("raw"):
        return
    if update_fields is not None and not NAME_FIELDS & set(update_fields):  # type: ignore[call-overload]
        return
    from heard.complaints.search import refresh_for_person

    refresh_for_person(instance.pk)  # type: ignore[attr-defined]
