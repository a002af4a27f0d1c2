from __future__ import annotations

from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "heard.ombudsman"
    label = "ombudsman"
    verbose_name = "The Ombudsman"

    def ready(self) -> None:
        from heard.complaints.deadlines import register_deadlines
        from heard.ombudsman import deadlines

        register_deadlines(deadlines.reply_deadlines)
