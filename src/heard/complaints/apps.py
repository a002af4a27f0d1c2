from __future__ import annotations

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "heard.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        """Register the complaints steps. The apps above register theirs in their own
        ``ready()``, so ``complaints`` never imports them (decision 016)."""
        from heard.complaints.steps import (  # noqa: F401
            appointments,
            intake,
            stage1,
            stage2,
            themes,
        )
