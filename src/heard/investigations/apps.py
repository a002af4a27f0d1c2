from __future__ import annotations

from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "heard.investigations"
    label = "investigations"

    def ready(self) -> None:
        """Register this app's steps with ``complaints`` (decision 016)."""
        from heard.investigations import steps  # noqa: F401
