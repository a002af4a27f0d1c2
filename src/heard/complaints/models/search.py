"""The words each complaint can be found by, one row per complaint (decision 025).

Search reads across several tables (complainants, children, appointed officers, points), and
joining them all for every search would cost more the more cases there are. So
``complaints.search.refresh_search`` writes the words into one row per complaint in the same
transaction as every change, and each database's own full-text engine indexes that row: a
stored generated ``tsvector`` column with a GIN index on PostgreSQL, an FTS5 table kept in step by
triggers on SQLite. Both are created by migration 0010, which Django's model state does not
describe, because neither can be written as a plain model index on both databases.
"""

from __future__ import annotations

from django.db import models

from heard.complaints.models.complaint import Complaint


class SearchEntry(models.Model):
    """The text a complaint is found by: never shown, only searched."""

    # Its own id, like every row that points at a complaint (tests read case rows by ``id``);
    # the FTS5 table on SQLite keys each entry by ``complaint_id``.
    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="search_entry"
    )
    text = models.TextField()

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"Search entry of complaint {self.complaint_id}"
