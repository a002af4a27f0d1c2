"""Finding complaints by the words people remember: a reference, a name, what it was about.

One row per complaint (``SearchEntry``) holds the words it can be found by: its reference,
summary and team, the names of its complainants, children and advocate, of its handler and of
every officer appointed to it, and the text and desired outcomes of its points.
``refresh_search`` rewrites that row in the same transaction as every change (it is called
beside ``refresh_due`` by ``transition()`` and by ``record_complaint``), so the index is never
behind the case. Each database searches the row with its own full-text engine (decision 025):

- PostgreSQL: a stored ``tsvector`` column (``to_tsvector('english', text)``, generated from the
  text) with a GIN index, both added by migration 0010, matched with ``@@ to_tsquery`` and
  ranked by ``ts_rank``;
- SQLite: ``MATCH`` on the FTS5 table migration 0010 creates (Porter stemmer, Unicode words,
  accents ignored), ranked by its ``bm25`` (``ORDER BY rank``).

What someone types is never handed to either query language as it is: it is cut into words
of letters and digits, and each word becomes a quoted prefix term, all of which must match.
So "compla" finds "complaint", "delays" finds "delay", and no input (quotes, ``*``, ``NEAR``,
``OR``, a NUL, 5,000 characters) is a syntax error on either engine.

Every search starts from ``complaints_visible_to(user)``: the hits are the intersection of
what matches and what this person may see, and the count is of that intersection, so an
officer learns nothing about cases they are not appointed to, not even how many there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet

from heard.complaints.access import complaints_visible_to
from heard.complaints.listing import load_table_relations, with_table_relations
from heard.complaints.models import Appointment, Complaint, SearchEntry
from heard.users import AnyUser

# A person types a few words; more than this is not a search, and each term costs the engine.
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
# What the box accepts; anything longer is cut, not refused (it is a search, not a record).
MAX_QUERY_LENGTH = 200
MAX_RESULTS = 50

# A word is a run of letters or digits in any script ("O'Brien" is "O" and "Brien", as both
# engines' tokenisers cut it too). Underscore is excluded: both tokenisers split on it.
WORD = re.compile(r"[^\W_]+")
# A reference as Heard numbers them (C-2026-00151), or as an imported case kept it: one word
# with a digit, letters, digits, hyphens and slashes, no spaces.
REFERENCE = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][A-Za-z0-9/\-]{2,19}$")
# Control characters (NUL among them) are never part of a search; PostgreSQL refuses NUL.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The SQLite side, written out whole (the table names are fixed, the match is a parameter).
FTS_HITS = "SELECT rowid FROM complaints_search_fts WHERE complaints_search_fts MATCH %s"
FTS_COUNT = "SELECT count(*) FROM complaints_search_fts WHERE complaints_search_fts MATCH %s"
FTS_RANKED = FTS_HITS + " ORDER BY rank, rowid DESC"
# The PostgreSQL side: the stored ``document`` vector that migration 0010 adds and indexes.
PG_MATCH = "FROM complaints_searchentry WHERE document @@ to_tsquery('english'::regconfig, %s)"
# The matches' total comes with the best few (a window over every match, worked out before
# the LIMIT), so the index is read and the entries fetched once, not once to count and again
# to rank: a common name matches thousands of complaints.
PG_BEST = "SELECT complaint_id, count(*) OVER () " + PG_MATCH
PG_ORDER = (
    " ORDER BY ts_rank(document, to_tsquery('english'::regconfig, %s)) DESC, complaint_id DESC"
    " LIMIT %s"
)


# -- keeping the index --------------------------------------------------------------------


def words_of(
    complaint: Complaint,
    *,
    complainants: Iterable[str],
    children: Iterable[str],
    officers: Iterable[str],
    points: Iterable[tuple[str, str]],
) -> str:
    """Every word ``complaint`` should be found by, one part per line."""
    # The reference twice: whole, and with its parts apart, because PostgreSQL's parser reads
    # "C-2026-00151" as "c", "-2026", "-00151" (signed numbers), and "00151" should find it.
    reference = complaint.reference
    parts = [reference, re.sub(r"[^\w]+", " ", reference), complaint.summary, complaint.team]
    parts += [*complainants, *children, complaint.advocate_name, complaint.advocate_organisation]
    if complaint.handler_id is not None and complaint.handler is not None:
        parts.append(str(complaint.handler))
    # Every officer who has been appointed, current or not: staff look for "the case Priya
    # investigated" after her appointment has ended. Who may see the case is not decided here.
    parts += officers
    for text, outcomes in points:
        parts += [text, outcomes]
    return "\n".join(part.strip() for part in parts if part and part.strip())


def search_text(complaint: Complaint) -> str:
    """The words of ``complaint`` as its rows stand now: read afresh, not from anything
    prefetched, because it runs after an action has changed them."""
    appointed = Appointment.objects.filter(complaint=complaint).select_related("person")
    return words_of(
        complaint,
        complainants=complaint.complainants.values_list("name", flat=True),
        children=complaint.children.values_list("name", flat=True),
        officers=[str(appointment.person) for appointment in appointed],
        points=complaint.points.values_list("text", "desired_outcomes"),
    )


def refresh_search(complaint: Complaint) -> None:
    """Rewrite the complaint's search entry (in the caller's transaction, if there is one)."""
    SearchEntry.objects.update_or_create(
        complaint_id=complaint.pk, defaults={"text": search_text(complaint)}
    )


def refresh_for_person(person_id: int) -> int:
    """A person's name changed: rewrite the entries of the cases they handle or were appointed
    to. Returns how many."""
    ids = set(Complaint.objects.filter(handler_id=person_id).values_list("pk", flat=True))
    ids |= set(
        Appointment.objects.filter(person_id=person_id).values_list("complaint_id", flat=True)
    )
    with transaction.atomic():
        for complaint in Complaint.objects.filter(pk__in=ids).select_related("handler"):
            refresh_search(complaint)
    return len(ids)


def index_missing(batch: int = 1000) -> int:
    """Write the entry of every complaint that has none (complaints from before search, or
    rows a bulk load wrote directly, as the benchmark's generator does); return how many.
    Runs after every ``migrate``. A batch costs the same few queries however many complaints
    it holds, and an entry another process wrote first is left as it is."""
    done = 0
    appointed = Appointment.objects.select_related("person")
    while True:
        batch_of = (
            Complaint.objects.filter(search_entry__isnull=True)
            .select_related("handler")
            .prefetch_related(
                "complainants", "children", "points", Prefetch("appointments", appointed)
            )
            .order_by("pk")[:batch]
        )
        entries = [
            SearchEntry(
                complaint_id=complaint.pk,
                text=words_of(
                    complaint,
                    complainants=[c.name for c in complaint.complainants.all()],
                    children=[c.name for c in complaint.children.all()],
                    officers=[str(a.person) for a in complaint.appointments.all()],
                    points=[(p.text, p.desired_outcomes) for p in complaint.points.all()],
                ),
            )
            for complaint in batch_of
        ]
        if not entries:
            return done
        SearchEntry.objects.bulk_create(entries, ignore_conflicts=True)
        done += len(entries)


# -- searching ----------------------------------------------------------------------------


def clean_query(raw: str) -> str:
    """What was typed, without control characters or runs of spaces, at most 200 characters."""
    return " ".join(CONTROL.sub(" ", raw).split())[:MAX_QUERY_LENGTH]


def terms(query: str) -> list[str]:
    """The words of a query, lower case, as each engine's prefix terms will use them."""
    return [word[:MAX_TERM_LENGTH].lower() for word in WORD.findall(query)][:MAX_TERMS]


def fts5_match(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted prefix term (``"smi"*``), all required. A word
    holds only letters and digits, so the quotes cannot be closed early."""
    return " ".join(f'"{word}"*' for word in words)


def tsquery(words: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text: every word as a quoted prefix term, all required."""
    return " & ".join(f"'{word}':*" for word in words)


def ranked(visible: QuerySet[Complaint], words: list[str], limit: int) -> tuple[list[int], int]:
    """The ids of the best ``limit`` cases of ``visible`` that match ``words``, best first,
    and how many of ``visible`` match in all."""
    if connection.vendor == "postgresql":
        return _postgres_ranked(visible, tsquery(words), limit)
    return _fts5_ranked(visible, fts5_match(words), limit)


def _everything(visible: QuerySet[Complaint]) -> bool:
    """The scope is every complaint (the complaints team's), so it needs no filter."""
    return not visible.query.where.children


def _postgres_ranked(visible: QuerySet[Complaint], query: str, limit: int) -> tuple[list[int], int]:
    """The GIN index finds the entries; ``ts_rank`` orders them from the stored vectors; the
    scope is a subquery PostgreSQL joins to them. The SQL is fixed text and the scope's SQL is
    Django's; what was typed is only ever a parameter."""
    scope_sql, scope_params = "", ()
    if not _everything(visible):
        sql, scope_params = visible.order_by().values("pk").query.sql_with_params()
        scope_sql = f" AND complaint_id IN ({sql})"
    with connection.cursor() as cursor:
        cursor.execute(PG_BEST + scope_sql + PG_ORDER, (query, *scope_params, query, limit))
        rows = cursor.fetchall()
    return [row[0] for row in rows], rows[0][1] if rows else 0


def _fts5_ranked(visible: QuerySet[Complaint], match: str, limit: int) -> tuple[list[int], int]:
    """FTS5 ranks the matches once (``ORDER BY rank``, its bm25) and the scope is applied to
    that list. FTS5 answers a MATCH fast, but a MATCH combined with ``rowid IN (...)``, or a
    ``bm25()`` per row in a correlated subquery, runs the whole match again for each row: at
    20,000 cases either took over a second for a common word. So: everyone's scope but the
    complaints team's is a few cases, read as a set; the team's is every case, so it needs no
    filter at all."""
    with connection.cursor() as cursor:
        if _everything(visible):
            cursor.execute(FTS_COUNT, (match,))
            (count,) = cursor.fetchone()
            cursor.execute(FTS_RANKED + " LIMIT %s", (match, limit))
            return [row[0] for row in cursor.fetchall()], count
        allowed = set(visible.values_list("pk", flat=True))
        if not allowed:
            return [], 0
        cursor.execute(FTS_RANKED, (match,))
        found = [row[0] for row in cursor.fetchall() if row[0] in allowed]
    return found[:limit], len(found)


@dataclass(frozen=True)
class Results:
    """What one search found: the query as searched, the cases shown (at most 50, best
    first) and how many this person may see in all."""

    query: str
    cases: list[Complaint]
    count: int
    by_reference: bool = False

    @property
    def more(self) -> bool:
        return self.count > len(self.cases)


def search(user: AnyUser, raw: str) -> Results:
    """The complaints ``user`` may see that match ``raw``. A query that is exactly a
    reference of a case they may see finds that case alone; otherwise the words are searched.
    A query with no words finds nothing (and costs no query). Each case found is read
    with what a row of the case list shows (``listing.with_table_relations`` and
    ``load_table_relations``): the results
    page lays them out as the case list's rows."""
    query = clean_query(raw)
    visible = complaints_visible_to(user)
    words = terms(query)
    if not words or visible.query.is_empty():  # no words, or no cases this person may see
        return Results(query=query, cases=[], count=0)
    if REFERENCE.match(query):
        exact = list(with_table_relations(visible.filter(reference__iexact=query))[:1])
        load_table_relations(exact)
        if exact:
            return Results(query=query, cases=exact, count=1, by_reference=True)
    ids, count = ranked(visible, words, MAX_RESULTS)
    if not count:
        return Results(query=query, cases=[], count=0)
    found = list(with_table_relations(Complaint.objects.filter(pk__in=ids)))
    load_table_relations(found)
    rows = {c.pk: c for c in found}
    return Results(query=query, cases=[rows[pk] for pk in ids if pk in rows], count=count)
