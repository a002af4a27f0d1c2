from __future__ import annotations

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "heard.decisions"
    label = "decisions"

    def ready(self) -> None:
        """Register this app's steps and its "Agreed actions" case-page section with
        ``complaints``, which never imports the apps above it (decision 016)."""
        from heard.complaints.sections import Section, register_section
        from heard.decisions import stage3_steps, steps, tracking_steps  # noqa: F401
        from heard.decisions.views import agreed_actions_section

        register_section(
            Section(
                key="agreed_actions",
                template="decisions/includes/case_actions.html",
                context=agreed_actions_section,
                order=20,
            )
        )
        from heard.complaints.queue import register_for_manager
        from heard.decisions.awaiting import actions_awaiting_manager

        register_for_manager(actions_awaiting_manager)
        from heard.complaints.deadlines import register_deadlines
        from heard.decisions import deadlines

        register_deadlines(deadlines.stage3_deadlines)
        register_deadlines(deadlines.agreed_action_deadlines)
