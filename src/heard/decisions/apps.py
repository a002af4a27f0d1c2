from __future__ import annotations

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "heard.decisions"
    label = "decisions"

    def ready(self) -> None:
        from heard.complaints.deadlines import register_deadlines
        from heard.decisions import deadlines

        register_deadlines(deadlines.stage3_deadlines)
        register_deadlines(deadlines.agreed_action_deadlines)
