"""Queries Django builds and compiles once per process, then only runs with new values.

Why: the busiest pages run the same queries on every request but for a few values (the
complaint's id, the signed-in person, today's date), and Django spends far longer building
each one (``QuerySet`` cloning, joins, the compiler) than the database spends running it. At
100,000 complaints the case page's relations took 22 to 28 ms to read, of which the SQL was
about 2 (decision 035); the home page's queue spent more time in the ORM than in PostgreSQL
(decision 037).

``CompiledOnce`` takes a function that builds a ``values()`` queryset from its arguments. The
first time it runs on a database it calls the function with stand-in values (markers) and
compiles the query; afterwards it only puts the real values where the markers were and runs the
SQL through the compiler Django made, so every column is converted exactly as Django converts
it (dates on SQLite, booleans, JSON). ``CompiledCounts`` does the same for several counts read
in one query (``count_sql``, decision 032).

The function is called twice at compile time, with two different sets of markers, and the
two results must differ only where the markers are: a value worked out from an argument (a
date five working days after "today", say) would otherwise be frozen into the SQL, so it is
refused and must be passed as an argument of its own. Arguments may be ``int``, ``str``,
``date`` or an aware ``datetime``; anything else (a list for ``__in``) cannot be compiled once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Kind = type[int] | type[str] | type[date] | type[datetime]

# Stand-ins while Django compiles: no row has a negative id, no one writes these strings, and
# no complaint is dated in the twelfth century, so none can be mistaken for another value of
# the query. Two sets, so that anything worked out from an argument shows as a difference.
MARKER = -7_340_019
_INT_MARKERS = (MARKER, -7_340_119)
_DATE_MARKERS = (date(1111, 11, 1), date(1122, 2, 2))
_TIME_MARKERS = (datetime(1111, 11, 1, 1, 11, tzinfo=UTC), datetime(1122, 2, 2, 2, 22, tzinfo=UTC))


def _marker(kind: Kind, index: int, which: int) -> Any:
    if kind is int:
        return _INT_MARKERS[which] - 1000 * index
    if kind is datetime:
        return _TIME_MARKERS[which] + timedelta(days=index)
    if kind is date:
        return _DATE_MARKERS[which] + timedelta(days=index)
    if kind is str:
        # With a "%" and a "_", so that a lookup that escapes or wraps its value (``iexact``
        # on SQLite, ``contains``) changes the stand-in, and is refused rather than compiled.
        return f"\x1eheard%marker_{which}_{index}\x1e"
    raise TypeError(f"an argument of a query compiled once must be int, str or date, not {kind}")


def _adapter(kind: Kind, using: str) -> Callable[[Any], Any]:
    """How a value of ``kind`` is passed to the database, as Django passes it in a filter."""
    if kind is datetime:
        return connections[using].ops.adapt_datetimefield_value
    if kind is date:
        return connections[using].ops.adapt_datefield_value
    return lambda value: value


def fits_a_column(value: int) -> bool:
    """Whether ``value`` fits a 64-bit integer column (an id typed into an address may not)."""
    return -(2**63) <= value < 2**63


def _checked(value: Any, kind: Kind) -> Any:
    # A datetime is a date, but not one a date column can be compared with here.
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"expected an int, not {value!r}")
    if kind is int and not fits_a_column(value):
        # Django's own lookups treat such a value as matching nothing; here the caller must
        # decide what that means for its query (``OneReader.get`` finds no row).
        raise ValueError(f"{value} is too large for any integer column")
    if kind is datetime and (not isinstance(value, datetime) or value.tzinfo is None):
        raise TypeError(f"expected an aware datetime, not {value!r}")
    if kind is date and (not isinstance(value, date) or isinstance(value, datetime)):
        raise TypeError(f"expected a date, not {value!r}")
    if kind is str and not isinstance(value, str):
        raise TypeError(f"expected a str, not {value!r}")
    return value


# (compiler or None, sql, params, column names)
_Sql = tuple[Any, str, list[Any], tuple[str, ...]]


@dataclass(frozen=True)
class _Compiled:
    compiler: Any  # Django's SQLCompiler (None for counts): converts columns as Django does
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position in params, argument index)
    names: tuple[str, ...]  # the columns, in order
    adapters: tuple[Callable[[Any], Any], ...]


class _Once:
    """What both front ends share: compiling once per (alias, vendor), and binding values."""

    def __init__(self, kinds: tuple[Kind, ...]) -> None:
        self.kinds = kinds
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._lock = threading.Lock()

    def _sql(
        self, args: tuple[Any, ...], using: str
    ) -> tuple[Any, str, list[Any], tuple[str, ...]]:
        """(compiler or None, sql, params, column names) for these argument values."""
        raise NotImplementedError

    def _compile(self, using: str) -> _Compiled:
        adapters = tuple(_adapter(kind, using) for kind in self.kinds)
        found = []
        for which in (0, 1):
            markers = tuple(_marker(kind, i, which) for i, kind in enumerate(self.kinds))
            compiler, sql, params, names = self._sql(markers, using)
            adapted = [adapt(m) for adapt, m in zip(adapters, markers, strict=True)]
            slots = tuple(
                (position, adapted.index(value))
                for position, value in enumerate(params)
                if any(value == a and type(value) is type(a) for a in adapted)
            )
            found.append((compiler, sql, params, names, slots))
        (compiler, sql, params, names, slots), (_, sql_b, params_b, _, slots_b) = found
        unmarked = [v for i, v in enumerate(params) if i not in dict(slots)]
        unmarked_b = [v for i, v in enumerate(params_b) if i not in dict(slots_b)]
        if sql != sql_b or slots != slots_b or unmarked != unmarked_b:
            raise ValueError(
                "the query holds a value worked out from an argument: pass it as an argument"
            )
        return _Compiled(compiler, sql, tuple(params), slots, names, adapters)

    def _run(self, args: tuple[Any, ...], using: str) -> tuple[_Compiled, list[tuple[Any, ...]]]:
        if len(args) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} arguments, not {len(args)}")
        for value, kind in zip(args, self.kinds, strict=True):
            _checked(value, kind)
        connection = connections[using]
        ident = (using, connection.vendor)
        compiled = self._compiled.get(ident)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(ident) or self._compile(using)
                self._compiled[ident] = compiled
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = compiled.adapters[index](args[index])
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return compiled, cursor.fetchall()


class CompiledOnce(_Once):
    """A ``values()`` query built by ``build`` from arguments of the given kinds (none for a
    query that never changes), compiled by Django the first time it runs on a database."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: Kind) -> None:
        super().__init__(kinds)
        self._build = build

    def _sql(
        self, args: tuple[Any, ...], using: str
    ) -> tuple[Any, str, list[Any], tuple[str, ...]]:
        query = self._build(*args).query
        if not query.values_select and not query.annotation_select:
            raise ValueError("CompiledOnce needs a values() query")
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        return compiler, sql, list(params), names

    def rows(self, *args: Any, using: str = DEFAULT_DB_ALIAS) -> list[dict[str, Any]]:
        """The rows for these arguments, each a dict of column name to value, as ``values()``
        gives them."""
        compiled, fetched = self._run(args, using)
        names = compiled.names
        return [
            dict(zip(names, row, strict=True)) for row in compiled.compiler.results_iter([fetched])
        ]


def count_sql(slices: Mapping[str, QuerySet[Any]]) -> tuple[str, str, list[Any]]:
    """(database alias, SQL, params) of one query counting each queryset in ``slices``.

    Each count is a scalar subquery, so each slice is read from its own index (decision 032):
    ``SELECT (SELECT COUNT(*) ...), (SELECT COUNT(*) ...)``. Only the key is selected, unordered,
    so the database may answer from an index; both SQLite and PostgreSQL fold the inner select
    into the count. The SQL is the ORM's own, every value a parameter. (A sliced queryset keeps
    its order: the order decides which rows are in it.)"""
    parts: list[str] = []
    params: list[Any] = []
    alias = DEFAULT_DB_ALIAS
    for queryset in slices.values():
        alias = queryset.db
        unordered = queryset if queryset.query.is_sliced else queryset.order_by()
        sql, part_params = unordered.values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(part_params)
    return alias, "SELECT " + ", ".join(parts), params


class CompiledCounts(_Once):
    """Several counts in one query (``count_sql``), built by ``build`` from arguments of the
    given kinds as a mapping of name to queryset, compiled once per database."""

    def __init__(self, build: Callable[..., Mapping[str, QuerySet[Any]]], *kinds: Kind) -> None:
        super().__init__(kinds)
        self._build = build

    def _sql(
        self, args: tuple[Any, ...], using: str
    ) -> tuple[Any, str, list[Any], tuple[str, ...]]:
        slices = self._build(*args)
        if not slices:
            raise ValueError("nothing to count")
        _, sql, params = count_sql({name: qs.using(using) for name, qs in slices.items()})
        return None, sql, params, tuple(slices)

    def counts(self, *args: Any, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
        """How many rows each slice holds for these arguments, by the slices' names."""
        compiled, fetched = self._run(args, using)
        return {name: int(value) for name, value in zip(compiled.names, fetched[0], strict=True)}
