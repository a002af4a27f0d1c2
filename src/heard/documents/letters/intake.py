"""Letters from intake: before Stage 1 starts."""

from __future__ import annotations

from heard.documents.catalogue import Letter, register_letter

register_letter(
    Letter(
        key="acknowledgement",
        title="We have received your complaint",
        rule="Rule 12: acknowledge the complaint within the local target",
        on=("complaint.acknowledge",),
    )
)
