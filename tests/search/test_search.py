"""Search (issue 9, point 4; decision 025): the header's box finds a case by its reference, a
complainant's, child's or advocate's name, an officer, or words of the complaint or its points,
with each database's own full-text engine (PostgreSQL full-text search, SQLite FTS5), within
what the searcher may see, and every search is recorded.

The suite runs on both databases, so each test here runs on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.audit.models import AccessRecord, SearchRecord
from heard.complaints.actions import intake
from heard.complaints.models import Complaint, SearchEntry
from heard.complaints.search import (
    PG_BEST,
    Results,
    fts5_match,
    index_missing,
    search,
    terms,
    tsquery,
)
from heard.people.models import User
from tests.complaints.helpers import statement_agreed
from tests.personas import Personas, create_personas
from tests.shared import OneCaseForTheClass, built_once, fresh

pytestmark = pytest.mark.django_db


def people() -> Personas:
    people = create_personas()
    # A name of the IO's own, so a search for it cannot match anyone else's "Tester".
    people.io.first_name, people.io.last_name = "Imogen", "Okafor"
    people.io.save()
    return people


def build_marchetti(p: Personas) -> Complaint:
    """At intake, nobody appointed: from Priya Nwosu about Zoë Marchetti, with an advocate."""
    complaint = intake.record_complaint(
        by=p.officer,
        received_on=date(2026, 3, 2),
        channel="email",
        summary="School transport was withdrawn before the review.",
        team="Travel assistance",
        complainants=[intake.NewComplainant(name="Priya Nwosu", relationship="parent")],
        children=[intake.NewChild(name="Zoë Marchetti")],
    )
    intake.record_advocacy(
        complaint,
        by=p.officer,
        offered_on=date(2026, 3, 2),
        response="accepted",
        advocate_name="Jordan Blake",
        advocate_organisation="Voices Advocacy",
    )
    return complaint


@pytest.fixture
def p() -> Personas:
    return people()


@pytest.fixture
def rivers(p: Personas) -> Complaint:
    """Stage 2, IO (Imogen Okafor) and IP appointed, two points agreed: from Sam Rivers
    (parent) about Alex Rivers, handled by the complaints officer."""
    return statement_agreed(p)


@pytest.fixture
def marchetti(p: Personas) -> Complaint:
    return build_marchetti(p)


def found(user: User, query: str) -> list[str]:
    return [c.reference for c in search(user, query).cases]


# -- what it finds ------------------------------------------------------------------------


def test_finds_by_reference_exactly_whatever_the_case(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    results = search(p.officer, rivers.reference.lower())
    assert results.by_reference
    assert [c.pk for c in results.cases] == [rivers.pk]
    assert results.count == 1


def test_finds_by_the_number_in_a_reference(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    assert found(p.officer, rivers.reference.split("-")[-1]) == [rivers.reference]


class TestNamesAndWords:
    """The same two cases for every query: built once for the class (tests/shared.py)."""

    @pytest.fixture(scope="class")
    @classmethod
    def built(
        cls, django_db_setup: None, django_db_blocker: Any
    ) -> Iterator[tuple[Personas, Complaint, Complaint]]:
        with built_once(django_db_blocker):
            p = people()
            yield p, statement_agreed(p), build_marchetti(p)

    @pytest.fixture
    def p(self, built: tuple[Personas, Complaint, Complaint]) -> Personas:
        return fresh(built[0])

    @pytest.fixture
    def rivers(self, built: tuple[Personas, Complaint, Complaint]) -> Complaint:
        return fresh(built[1])

    @pytest.fixture
    def marchetti(self, built: tuple[Personas, Complaint, Complaint]) -> Complaint:
        return fresh(built[2])

    @pytest.mark.parametrize(
        ("query", "who"),
        [
            ("Sam Rivers", "rivers"),  # a complainant
            ("Priya Nwosu", "marchetti"),  # a complainant
            ("Alex", "rivers"),  # a child
            ("Marchetti", "marchetti"),  # a child
            ("Jordan Blake", "marchetti"),  # an advocate
            ("Voices Advocacy", "marchetti"),  # the advocate's organisation
            ("Okafor", "rivers"),  # the appointed Investigating Officer
            ("returned my calls", "rivers"),  # words of a point
            ("reinstate contact", "rivers"),  # a point's desired outcome
            ("school transport", "marchetti"),  # words of the complaint's summary
            ("travel assistance", "marchetti"),  # the team complained about
        ],
    )
    def test_finds_by_names_and_words(
        self, p: Personas, rivers: Complaint, marchetti: Complaint, query: str, who: str
    ) -> None:
        case = {"rivers": rivers, "marchetti": marchetti}[who]
        assert found(p.officer, query) == [case.reference]


def test_finds_by_the_handler(p: Personas, rivers: Complaint, marchetti: Complaint) -> None:
    p.officer.first_name, p.officer.last_name = "Bronwen", "Achterberg"
    p.officer.save()
    assert sorted(found(p.manager, "Achterberg")) == sorted([rivers.reference, marchetti.reference])


def test_words_are_stemmed_and_the_last_letters_can_be_left_off(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    # "cancelling" and "cancelled" share a stem; "withdrawing" and "withdrawn" do not, but
    # "withdraw" is the start of both.
    assert found(p.officer, "cancelling contact") == [rivers.reference]
    assert found(p.officer, "marche") == [marchetti.reference]
    assert found(p.officer, "Okaf Imo") == [rivers.reference]
    assert found(p.officer, "withdraw") == [marchetti.reference]


def test_every_word_must_match(p: Personas, rivers: Complaint, marchetti: Complaint) -> None:
    assert found(p.officer, "Rivers Marchetti") == []
    assert found(p.officer, "Rivers") == [rivers.reference]


def test_the_index_follows_each_change_in_its_transaction(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    assert found(p.officer, "Florence") == []
    intake.add_child(marchetti, by=p.officer, child=intake.NewChild(name="Florence Marchetti"))
    assert found(p.officer, "Florence") == [marchetti.reference]
    # A renamed officer is found by the new name on every case they were appointed to.
    p.io.last_name = "Achebe"
    p.io.save()
    assert found(p.officer, "Achebe") == [rivers.reference]
    assert found(p.officer, "Okafor") == []


def test_complaints_without_an_entry_are_indexed_by_index_missing(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    SearchEntry.objects.all().delete()
    assert found(p.officer, "Rivers") == []
    assert index_missing() == 2
    assert found(p.officer, "Rivers") == [rivers.reference]
    assert index_missing() == 0


def test_each_engine_has_its_own_index_and_answers_through_it(rivers: Complaint) -> None:
    """PostgreSQL: the stored vector's GIN index exists, the planner uses it, and the vector
    follows the text. SQLite: the FTS5 table exists, holds every entry, and its triggers keep
    it in step."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'complaints_search_document_gin'"
            )
            (definition,) = cursor.fetchone()
            assert "gin (document)" in definition
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {PG_BEST}", [tsquery(["river"])])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "complaints_search_document_gin" in plan
            cursor.execute(PG_BEST, [tsquery(["river"])])
            # Each row carries the number of matches in all.
            assert cursor.fetchall() == [(rivers.pk, 1)]
            # The vector is generated from the text: it cannot fall out of step.
            SearchEntry.objects.filter(complaint=rivers).update(text="nothing else")
            cursor.execute(PG_BEST, [tsquery(["river"])])
            assert cursor.fetchall() == []
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'complaints_search_fts'")
            (definition,) = cursor.fetchone()
            assert "fts5" in definition.lower() and "porter" in definition
            cursor.execute(
                "SELECT rowid FROM complaints_search_fts WHERE complaints_search_fts MATCH ?",
                [fts5_match(["rivers"])],
            )
            assert [row[0] for row in cursor.fetchall()] == [rivers.pk]
            SearchEntry.objects.filter(complaint=rivers).update(text="nothing else")
            cursor.execute(
                "SELECT count(*) FROM complaints_search_fts WHERE complaints_search_fts MATCH ?",
                [fts5_match(["rivers"])],
            )
            assert cursor.fetchone()[0] == 0


# -- who finds what -----------------------------------------------------------------------


def test_an_appointed_officer_finds_their_case_and_nothing_else(
    p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    assert found(p.io, "Alex Rivers") == [rivers.reference]
    none = search(p.io, "Marchetti")
    assert (none.cases, none.count) == ([], 0)
    # Not even by its exact reference.
    assert search(p.io, marchetti.reference).count == 0


def test_an_officer_not_appointed_finds_nothing_not_even_a_count(
    client: Client, p: Personas, rivers: Complaint
) -> None:
    assert search(p.other_io, "Rivers") == Results(query="Rivers", cases=[], count=0)
    assert search(p.outsider, rivers.reference).count == 0
    client.force_login(p.other_io)
    page = client.get(reverse("search"), {"q": "Alex Rivers"}).content.decode()
    assert "No cases you can see match" in page
    assert rivers.reference not in page and "1 case" not in page


def test_someone_signed_out_or_inactive_finds_nothing(p: Personas, rivers: Complaint) -> None:
    from django.contrib.auth.models import AnonymousUser

    p.officer.is_active = False
    p.officer.save()
    for person in (AnonymousUser(), p.officer):
        assert search(person, "Rivers") == Results(query="Rivers", cases=[], count=0)


def test_staff_find_every_case(p: Personas, rivers: Complaint, marchetti: Complaint) -> None:
    for person in (p.manager, p.officer):
        assert search(person, "contact OR transport").count == 0  # OR is a word, not a query
        assert len(found(person, rivers.reference)) == 1
        assert found(person, "Marchetti") == [marchetti.reference]


# -- the page -----------------------------------------------------------------------------


def test_the_page_lists_the_cases_found_with_what_a_row_needs(
    client: Client, p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    client.force_login(p.officer)
    page = client.get(reverse("search"), {"q": "Rivers"}).content.decode()
    assert "1 case matches" in page
    assert rivers.reference in page and marchetti.reference not in page
    assert "Sam Rivers" in page and str(p.officer) in page
    assert rivers.get_status_display() in page
    assert reverse("complaints:detail", args=[rivers.pk]) in page


def test_an_empty_search_shows_the_box_and_records_nothing(client: Client, p: Personas) -> None:
    client.force_login(p.officer)
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(reverse("search"), params)
        assert response.status_code == 200
        assert b'name="q"' in response.content and b"Search results" not in response.content
    assert not SearchRecord.objects.exists()


def test_the_search_box_is_in_the_header_of_every_page_for_people_signed_in(
    client: Client, p: Personas
) -> None:
    assert b'id="header-search-q"' not in client.get(reverse("accessibility")).content
    client.force_login(p.io)
    for name in ("home", "complaints:mine", "accessibility"):
        page = client.get(reverse(name)).content.decode()
        assert 'role="search"' in page and f'action="{reverse("search")}"' in page
        assert '<label class="govuk-label govuk-visually-hidden" for="header-search-q">' in page


def test_at_most_fifty_are_shown_with_the_count_of_all(
    client: Client, p: Personas, marchetti: Complaint
) -> None:
    for _ in range(51):
        intake.record_complaint(
            by=p.officer,
            received_on=date(2026, 3, 3),
            channel="email",
            summary="Respite care stopped.",
            complainants=[intake.NewComplainant(name="Kit Ashdown", relationship="parent")],
            children=[],
        )
    results = search(p.officer, "Ashdown")
    assert (len(results.cases), results.count, results.more) == (50, 51, True)
    client.force_login(p.officer)
    page = client.get(reverse("search"), {"q": "Ashdown"}).content.decode()
    assert "51 cases match" in page and "The best 50 are shown" in page


def test_queries_per_search_page_do_not_grow_with_the_results(
    client: Client, p: Personas, rivers: Complaint
) -> None:
    def queries_for(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": query}).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for _ in range(n):
            intake.record_complaint(
                by=p.officer,
                received_on=date(2026, 3, 3),
                channel="email",
                summary="Respite care stopped.",
                complainants=[intake.NewComplainant(name="Kit Ashdown", relationship="parent")],
                children=[intake.NewChild(name="Robin Ashdown")],
            )

    client.force_login(p.officer)
    add(2)
    few = queries_for("Ashdown")
    add(8)
    assert queries_for("Ashdown") == few
    client.force_login(p.io)
    assert queries_for("Rivers") == few


# -- the access record --------------------------------------------------------------------


def test_each_search_is_recorded_with_the_cases_it_showed(
    client: Client, p: Personas, rivers: Complaint, marchetti: Complaint
) -> None:
    client.force_login(p.officer)
    client.get(reverse("search"), {"q": "Rivers"})
    record = SearchRecord.objects.get()
    assert (record.by, record.query, record.shown, record.matched) == (
        p.officer,
        "Rivers",
        [rivers.pk],
        1,
    )
    access = AccessRecord.objects.get()
    assert (access.complaint_id, access.by, access.method) == (rivers.pk, p.officer, "GET")
    assert access.path == f"{reverse('search')}?q=Rivers"


def test_a_search_that_found_nothing_is_recorded_too(
    client: Client, p: Personas, rivers: Complaint
) -> None:
    client.force_login(p.other_io)
    client.get(reverse("search"), {"q": "Alex Rivers"})
    record = SearchRecord.objects.get()
    assert (record.by, record.query, record.shown, record.matched) == (
        p.other_io,
        "Alex Rivers",
        [],
        0,
    )
    assert not AccessRecord.objects.exists()


# -- hostile input ------------------------------------------------------------------------

HOSTILE = [
    '"',
    "'",
    '"Rivers',
    "Rivers\"'",
    "*",
    "Riv*",
    "NEAR(Rivers Alex)",
    "Rivers NEAR Alex",
    "Rivers AND NOT Alex",
    "Rivers OR",
    "-Rivers",
    "^Rivers",
    "text:Rivers",
    "Rivers:*",
    "!Rivers & | ( )",
    "<->",
    "\\",
    "%_",
    "'; DROP TABLE complaints_complaint; --",
    "Riv\x00ers",
    "\x00",
    "\u202eRivers",
    "Zoë 😀 日本語 Ωμέγα",
    "the and of",
    "x" * 5000,
    "Rivers " * 1000,
    "C-2026-",
    "C-2026-00001'",
    "🙂" * 300,
]


class TestHostileInput(OneCaseForTheClass):
    """The same case for every query: built once for the class (tests/shared.py)."""

    personas = staticmethod(people)
    build = staticmethod(statement_agreed)

    @pytest.mark.parametrize("query", HOSTILE)
    def test_no_input_gives_an_error(
        self, client: Client, p: Personas, complaint: Complaint, query: str
    ) -> None:
        client.force_login(p.officer)
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200
        record = SearchRecord.objects.last()
        if record is not None:
            assert "\x00" not in record.query and len(record.query) <= 200


def test_syntax_of_either_engine_is_only_ever_words() -> None:
    words = terms('"a" NEAR(b*) c:* d\x00e 😀 Zoë')
    assert words == ["a", "near", "b", "c", "d", "e", "zoë"]
    assert fts5_match(words[:2]) == '"a"* "near"*'
    assert tsquery(words[:2]) == "'a':* & 'near':*"
    assert len(terms("word " * 100)) == 12
