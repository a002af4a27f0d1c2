from __future__ import annotations

from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "heard.investigations"
    label = "investigations"

    def ready(self) -> None:
        """Register this app's steps with ``complaints`` (decision 016)."""
        from heard.complaints.queue import register_for_manager
        from heard.investigations.awaiting import non_engagement_awaiting_manager

        register_for_manager(non_engagement_awaiting_manager)
        from heard.complaints.deadlines import register_deadlines
        from heard.investigations import (
            deadlines,
            steps,  # noqa: F401
        )

        register_deadlines(deadlines.records_request_deadlines)
