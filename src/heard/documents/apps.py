from __future__ import annotations

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "heard.documents"
    label = "documents"
    verbose_name = "Letters and reports"

    def ready(self) -> None:
        """Fill the catalogue and listen to the audit log. ``documents`` sits above every
        procedure app and none of them imports it (decision 038): it hears of each step
        through ``audit.subscribers`` and plugs into the case page through
        ``complaints.sections``."""
        from heard.audit.subscribers import subscribe
        from heard.documents import letters
        from heard.documents.drafting import draft_for_event
        from heard.documents.sending import subscribe_step_sends

        letters.register_all()
        subscribe("*", draft_for_event)
        # A step a letter completes, recorded on its own, marks that letter's drafts as sent.
        subscribe_step_sends()

        from django.db.models import Prefetch

        from heard.complaints.sections import Section, register_section
        from heard.documents.models import Document
        from heard.documents.views import letters_section

        # One query for every document of the case, without their texts and data, which
        # the table does not show.
        documents = Prefetch("documents", Document.objects.defer("body", "data"))
        register_section(
            Section(
                key="letters",
                template="documents/includes/case_letters.html",
                context=letters_section,
                order=10,
                prefetch=(documents,),
                contents=("letters", "Letters and reports"),
            )
        )
