"""Reading one record's related rows with queries Django compiles once per process.

Why: the case page reads about fifteen relations of one complaint. Each is the same query
every time but for the complaint's id, and Django took ten times as long to build each one
(``Query`` cloning, joins, the compiler) and fill its cache as the database took to run it:
at 100,000 complaints, reading the case's relations cost 22 to 28 ms, of which the SQL was
about 2 (decision 035).

``heard.compiled.CompiledOnce`` builds a query with Django once per database, with a marker in
place of the id, and afterwards only runs its SQL with the real id, through the compiler Django
made (so every column is converted exactly as Django converts it). ``prefetch`` uses it to
fill the same caches ``prefetch_related_objects`` fills, for the
lookups whose shape it knows (one level of a reverse or forward foreign key, with its
``select_related`` one level deep and many-to-many relations prefetched one level); anything
else is handed to Django unchanged. ``tests/test_demo_data.py`` checks both leave the same
objects for every demo case. Every query here is built from model metadata and the id alone.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.fields.related import ForeignKey, ManyToManyField
from django.db.models.fields.reverse_related import ManyToOneRel, OneToOneRel

from heard.compiled import CompiledOnce, fits_a_column


def _attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _make(model: type[Model], using: str, row: dict[str, Any], prefix: str) -> Model | None:
    """A model instance from the columns under ``prefix``, or None for an empty outer join."""
    names = _attnames(model)
    values = [row[prefix + name] for name in names]
    if values[names.index(model._meta.pk.attname)] is None:
        return None
    return model.from_db(using, list(names), values)


@dataclass(frozen=True)
class _Join:
    """A one-to-one or foreign key the query reads in the same row (``select_related``)."""

    name: str
    model: type[Model]
    field: Any  # the forward field or reverse relation, for ``set_cached_value``


@dataclass(frozen=True)
class _ManyToMany:
    """A many-to-many relation of each row, read in one more query keyed by the same id."""

    name: str
    query: CompiledOnce
    through_source: str  # the through table's column naming the row
    model: type[Model]
    prefix: str  # the target's columns are named ``<prefix><attname>``


@dataclass(frozen=True)
class _Plan:
    """How one lookup is read: its query, the models in each row and what to cache."""

    relation: str
    model: type[Model]
    query: CompiledOnce
    joins: tuple[_Join, ...]
    many: tuple[_ManyToMany, ...]
    # For a reverse foreign key: the forward field, to point each row back at its owner.
    back: Any
    single: bool  # a forward foreign key: one row or none, cached on the owner
    below: _Plan | None = None  # the next level of a path such as ``cases__remedies``


_plans: dict[tuple[type[Model], str, tuple[str, ...], tuple[str, ...]], _Plan | None] = {}
_plans_lock = threading.Lock()


def _join(model: type[Model], name: str) -> _Join | None:
    field = model._meta.get_field(name)
    if isinstance(field, ForeignKey) or isinstance(field, OneToOneRel):
        return _Join(name, field.related_model, field)  # type: ignore[arg-type]
    return None


def _many_to_many(to_root: str, model: type[Model], name: str) -> _ManyToMany | None:
    field = model._meta.get_field(name)
    if not isinstance(field, ManyToManyField):
        return None
    through = field.remote_field.through
    source = field.m2m_field_name()  # the through table's column naming ``model``
    target = field.m2m_reverse_field_name()
    target_model = field.related_model
    columns = [f"{target}__{attname}" for attname in _attnames(target_model)]  # type: ignore[arg-type]
    ordering = [
        f"{target}__{order}" if not order.startswith("-") else f"-{target}__{order[1:]}"
        for order in target_model._meta.ordering  # type: ignore[union-attr]
        if isinstance(order, str)
    ]

    def build(key: int) -> QuerySet[Any]:
        rows = through._default_manager.filter(**{f"{source}__{to_root}": key})  # type: ignore[union-attr]
        return rows.order_by(*ordering, "pk").values(f"{source}_id", *columns)

    return _ManyToMany(name, CompiledOnce(build, int), f"{source}_id", target_model, f"{target}__")  # type: ignore[arg-type]


def _plan_for(owner: type[Model], lookup: str | Prefetch) -> _Plan | None:
    """How to read ``lookup`` of an ``owner`` with one compiled query, or None to leave it
    to Django (a deeper path, a filtered queryset, ``to_attr``...)."""
    if isinstance(lookup, str):
        relation, queryset = lookup, None
    else:
        if lookup.to_attr or lookup.prefetch_through != lookup.prefetch_to:
            return None
        relation, queryset = lookup.prefetch_through, lookup.queryset
    selected: tuple[str, ...] = ()
    nested: tuple[str, ...] = ()
    if queryset is not None:
        query = queryset.query
        related = query.select_related
        if (
            query.where
            or query.annotations
            or query.extra
            or query.deferred_loading != (frozenset(), True)
            or query.low_mark
            or query.high_mark is not None
            or query.order_by
            or related is True
        ):
            return None
        if related and any(deeper for deeper in related.values()):
            return None
        selected = tuple(sorted(related or {}))
        lookups: tuple[str | Prefetch, ...] = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        if any(not isinstance(n, str) or "__" in n for n in lookups):
            return None
        nested = tuple(str(name) for name in lookups)
    key = (owner, relation, selected, nested)
    if key in _plans:
        return _plans[key]
    with _plans_lock:
        try:
            plan = _make_plan(owner, relation, selected, nested)
        except FieldDoesNotExist:  # an accessor such as ``thing_set``: Django knows it
            plan = None
        _plans[key] = plan
    return plan


def _make_plan(
    owner: type[Model],
    relation: str,
    selected: tuple[str, ...],
    nested: tuple[str, ...],
    to_root: tuple[str, ...] = (),
) -> _Plan | None:
    """The plan for ``relation`` of ``owner``. A path (``cases__remedies__action``) is read a
    level at a time, every level's query keyed by the same id, the first owner's, through
    ``to_root`` (the foreign keys from this level back to it); a forward foreign key at the
    end of a path is read in its level's rows, as ``select_related`` would."""
    first, _, rest = relation.partition("__")
    field = owner._meta.get_field(first)
    if isinstance(field, ManyToOneRel) and not isinstance(field, OneToOneRel):
        model, back, single = field.related_model, field.field, False
        path = (field.field.name, *to_root)
    elif isinstance(field, ForeignKey) and not to_root and not rest:
        model, back, single = field.related_model, None, True
        path = ()
    else:
        return None
    below = None
    if rest:
        if selected or nested:
            return None  # a Prefetch's queryset applies to the last level only
        end = _join(model, rest) if "__" not in rest else None  # type: ignore[arg-type]
        if end is not None and isinstance(end.field, ForeignKey):
            selected = (rest,)
        else:
            below = _make_plan(model, rest, (), (), path)  # type: ignore[arg-type]
            if below is None:
                return None
    joins = [_join(model, name) for name in selected]  # type: ignore[arg-type]
    if any(j is None for j in joins):
        return None
    many: list[_ManyToMany] = []
    for name in nested:
        m2m = _many_to_many("__".join(path), model, name)  # type: ignore[arg-type]
        if m2m is None:
            return None
        many.append(m2m)
    columns = list(_attnames(model))  # type: ignore[arg-type]
    for j in joins:
        columns += [f"{j.name}__{attname}" for attname in _attnames(j.model)]  # type: ignore[union-attr]

    def build(key: int) -> QuerySet[Any]:
        rows = model._default_manager.all()  # type: ignore[union-attr]
        rows = rows.filter(pk=key) if single else rows.filter(**{"__".join(path): key})
        return rows.values(*columns)

    return _Plan(
        first,
        model,  # type: ignore[arg-type]
        CompiledOnce(build, int),
        tuple(joins),  # type: ignore[arg-type]
        tuple(many),
        back,
        single,
        below,
    )


def cache_rows(instance: Model, name: str, rows: list[Model]) -> None:
    """Fill ``instance.<name>.all()`` with ``rows``, under the name a prefetch uses (a
    many-to-many manager's ``prefetch_cache_name``, a reverse foreign key's accessor), so it
    answers without a query; with no rows, it records a relation known to be empty."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache_name = getattr(manager, "prefetch_cache_name", None)
    if cache_name is None:
        cache_name = manager.field.remote_field.cache_name
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[cache_name] = queryset  # type: ignore[attr-defined]


def _read(plan: _Plan, instance: Model, using: str) -> None:
    if plan.single:
        key = getattr(instance, f"{plan.relation}_id")
        found = None
        if key is not None:
            rows = plan.query.rows(key, using=using)
            found = _make(plan.model, using, rows[0], "") if rows else None
        instance._meta.get_field(plan.relation).set_cached_value(instance, found)  # type: ignore[union-attr]
        return
    cached = getattr(instance, "_prefetched_objects_cache", {}).get(plan.relation)
    if cached is not None and plan.below is not None:
        # As Django does: a level already read (``appointments`` before
        # ``appointments__time_entries``) is kept, and only the levels below are read.
        if cached._result_cache:
            _read_level(plan.below, list(cached._result_cache), instance.pk, using)
        return
    _read_level(plan, [instance], instance.pk, using)


def _read_level(plan: _Plan, owners: list[Model], root: int, using: str) -> None:
    """Read one level of ``plan`` for ``owners`` (every row of the level above, all keyed by
    the ``root`` id), cache each owner's rows, then the level below."""
    made: list[Model] = []
    by_owner: dict[Any, list[Model]] = defaultdict(list)
    owned = {owner.pk: owner for owner in owners}
    for row in plan.query.rows(root, using=using):
        obj = _make(plan.model, using, row, "")
        assert obj is not None  # noqa: S101 - its own primary key is never null
        for j in plan.joins:
            joined = _make(j.model, using, row, f"{j.name}__")
            j.field.set_cached_value(obj, joined)
            if joined is not None:
                # As select_related does: a one-to-one points back both ways.
                if isinstance(j.field, OneToOneRel):
                    j.field.field.set_cached_value(joined, obj)
                elif j.field.unique:
                    j.field.remote_field.set_cached_value(joined, obj)
        owner = owned[getattr(obj, plan.back.attname)]
        plan.back.set_cached_value(obj, owner)
        by_owner[owner.pk].append(obj)
        made.append(obj)
    for m2m in plan.many:
        by_row: dict[Any, list[Model]] = defaultdict(list)
        for row in m2m.query.rows(root, using=using):
            target = _make(m2m.model, using, row, m2m.prefix)
            if target is not None:
                by_row[row[m2m.through_source]].append(target)
        for obj in made:
            cache_rows(obj, m2m.name, by_row.get(obj.pk, []))
    for owner in owners:
        cache_rows(owner, plan.relation, by_owner.get(owner.pk, []))
    # As Django does, the level below is not asked for when this one found nothing.
    if plan.below is not None and made:
        _read_level(plan.below, made, root, using)


def prefetch(
    instance: Model, lookups: Sequence[str | Prefetch], using: str = DEFAULT_DB_ALIAS
) -> None:
    """``prefetch_related_objects([instance], *lookups)``, with each lookup of a known shape
    read by a query compiled once (``_plan_for``) and the rest left to Django."""
    rest: list[str | Prefetch] = []
    for lookup in lookups:
        plan = _plan_for(type(instance), lookup)
        if plan is None:
            rest.append(lookup)
        else:
            _read(plan, instance, using)
    if rest:
        prefetch_related_objects([instance], *rest)


def plans(owner: type[Model], lookups: Iterable[str | Prefetch]) -> dict[str, bool]:
    """Which lookups ``prefetch`` reads itself (True) and which it leaves to Django."""
    return {
        (lookup if isinstance(lookup, str) else lookup.prefetch_to): _plan_for(owner, lookup)
        is not None
        for lookup in lookups
    }


# -- reading one record with its one-to-ones -------------------------------------------------


class OneReader:
    """``model.objects.select_related(*related).annotate(**annotations()).get(pk=key)`` as a
    query compiled once (``heard.compiled``): one row, each related record cached on the
    instance as ``select_related`` caches it (one-to-ones pointing back both ways), each
    annotation set as an attribute. ``related`` are one-to-ones and foreign keys of ``model``
    itself; ``annotations`` builds expressions that depend on nothing but the row."""

    def __init__(
        self,
        model: type[Model],
        related: Sequence[str],
        annotations: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        joins = [_join(model, name) for name in related]
        if any(j is None for j in joins):
            raise ValueError("each related name must be a one-to-one or a foreign key")
        self.model = model
        self.joins: tuple[_Join, ...] = tuple(j for j in joins if j is not None)
        columns = list(_attnames(model))
        for j in self.joins:
            columns += [f"{j.name}__{attname}" for attname in _attnames(j.model)]
        self.annotated = tuple(annotations() if annotations else ())

        def build(key: int) -> QuerySet[Any]:
            extra = annotations() if annotations else {}
            return model._default_manager.filter(pk=key).values(*columns, **extra)

        self.query = CompiledOnce(build, int)

    def get(self, key: int, using: str = DEFAULT_DB_ALIAS) -> Model | None:
        """The record with id ``key``, or None if there is none (or ``key`` could not be an
        id at all)."""
        if not fits_a_column(key):
            return None
        rows = self.query.rows(key, using=using)
        if not rows:
            return None
        row = rows[0]
        obj = _make(self.model, using, row, "")
        assert obj is not None  # noqa: S101 - its own primary key is never null
        for j in self.joins:
            joined = _make(j.model, using, row, f"{j.name}__")
            j.field.set_cached_value(obj, joined)
            if joined is not None and isinstance(j.field, OneToOneRel):
                j.field.field.set_cached_value(joined, obj)
            elif joined is not None and j.field.unique:
                j.field.remote_field.set_cached_value(joined, obj)
        for name in self.annotated:
            setattr(obj, name, row[name])
        return obj
