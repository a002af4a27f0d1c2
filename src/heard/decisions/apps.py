from __future__ import annotations

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "heard.decisions"
    label = "decisions"

    def ready(self) -> None:
        """Register this app's steps with ``complaints`` (decision 016)."""
        from heard.decisions import stage3_steps, steps, tracking_steps  # noqa: F401
