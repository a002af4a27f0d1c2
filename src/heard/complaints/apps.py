from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


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


def _fill_due_dates(using: str = "default", **kwargs: object) -> None:
    from heard.complaints.deadlines import refresh_unset

    refresh_unset()
