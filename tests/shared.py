"""Data built once for a class of tests, where building it is most of what each test costs.

Django's ``setUpTestData`` for pytest: a class-scoped fixture builds the data inside
``built_once``, a transaction rolled back when the class's last test is done, and each test
runs in its own savepoint within it (pytest-django's ``db``, as usual), so whatever a test
writes is undone before the next. ``fresh`` gives each test its own copy of the Python
objects, so a change one test makes to an instance in memory is not seen by the next either.

Only for tests that would otherwise build exactly the same data each time (a parametrised
test whose cases differ only in what they ask of the same case), and never with
``transaction=True``: a transactional test cannot run inside the outer transaction.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pytest
from django.db import transaction
from django.test import override_settings

from heard.complaints.models import Complaint
from tests.personas import Personas, create_personas

T = TypeVar("T")

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def built_once(django_db_blocker: Any) -> Iterator[None]:
    """Database access for a class-scoped fixture, rolled back when the fixture ends. The
    suite's fast password hasher is set here too: the function-scoped one in conftest.py is
    not in place yet when a class-scoped fixture runs."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


def fresh(value: T) -> T:
    """A test's own copy of objects built once for the class (as ``setUpTestData`` does)."""
    return copy.deepcopy(value)


class OneCaseForTheClass:
    """A base for a class of tests that each ask something different of the same case: the
    personas, and the case ``build`` makes from them, are built once for the class
    (``built_once``), and each test gets its own copies as the fixtures ``p`` and
    ``complaint``. A subclass says how the case is built, ``build = staticmethod(f)``, and
    may say how the personas are, ``personas = staticmethod(g)``."""

    build: ClassVar[Any]  # (Personas) -> Complaint
    personas: ClassVar[Any] = staticmethod(create_personas)  # () -> Personas

    @pytest.fixture(scope="class")
    @classmethod
    def built(
        cls, django_db_setup: None, django_db_blocker: Any
    ) -> Iterator[tuple[Personas, Complaint]]:
        with built_once(django_db_blocker):
            p = cls.personas()
            yield p, cls.build(p)

    @pytest.fixture
    def p(self, built: tuple[Personas, Complaint]) -> Personas:
        return fresh(built[0])

    @pytest.fixture
    def complaint(self, built: tuple[Personas, Complaint]) -> Complaint:
        return fresh(built[1])


def copy_migrated(migrated_data_dir: Path, to: Path) -> Path:
    """A data directory of the test's own holding a copy of the database tests/conftest.py's
    ``migrated_data_dir`` migrated once, for a test of the command line."""
    shutil.copytree(migrated_data_dir, to)
    return to
