from __future__ import annotations

from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "heard.investigations"
    label = "investigations"

    def ready(self) -> None:
        from heard.complaints.deadlines import register_deadlines
        from heard.investigations import deadlines

        register_deadlines(deadlines.records_request_deadlines)
