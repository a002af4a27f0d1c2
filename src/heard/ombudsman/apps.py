from __future__ import annotations

from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "heard.ombudsman"
    label = "ombudsman"
    verbose_name = "The Ombudsman"

    def ready(self) -> None:
        """Register this app's steps and "Ombudsman" case-page section with ``complaints``,
        and the remedy actions with ``decisions``: neither imports ``ombudsman``
        (decision 016)."""
        from heard.complaints.sections import register_section
        from heard.decisions.sources import register_source
        from heard.ombudsman import steps  # noqa: F401
        from heard.ombudsman.sections import ACTION_SOURCE, CASE_SECTION

        register_section(CASE_SECTION)
        register_source(ACTION_SOURCE)
        from heard.complaints.queue import register_for_manager
        from heard.ombudsman.awaiting import replies_awaiting_manager

        register_for_manager(replies_awaiting_manager)
        from heard.complaints.deadlines import register_deadlines
        from heard.ombudsman import deadlines

        register_deadlines(deadlines.reply_deadlines)
