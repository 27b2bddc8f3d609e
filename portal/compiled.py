"""Querysets built and compiled once per process and "shape", run with each request's values.

Building a queryset with its annotations and compiling it to SQL cost the members pages about 3 ms
of their 10, and a meeting's page (thirteen subqueries) more than its rendering. The SQL of one
shape (language, filters given, the viewer's role...) never changes while the process runs, only
the values in it: so the queryset is built once with stand-ins for the values, and each request
runs its SQL with the real values put in their place in the parameters.

A shape's key must hold every fact its build function branches on (a language, which filters are
given, the viewer's role or rights...): two requests that would build different SQL must never
share a key. Only the values (ints and strings, as the ORM passes them to the database) vary
within one key.
"""
import collections
import contextlib
import copy
import functools
import threading

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators

from portal import fragments

# (sql, params) by key, for compiled_sql.
_compiled_sql = {}
# (sql, params, compiler, queryset) by key, for compiled_instances; sql is None for a query that
# can find nothing (EmptyResultSet). The compiler and the queryset are only read, never changed:
# threads of one process share them.
_compiled_instances = {}


def compiled_sql(key, build):
    """(sql, params) of the queryset `build()` returns, compiled once per process for `key`."""
    found = _compiled_sql.get(key)
    if found is None:
        found = _compiled_sql[key] = build().query.sql_with_params()
    return found


STAND_IN_MARK = "\u2063stand-in"


def _stand_in(index, value):
    """A value no row holds, of the type of `value`, compiled into a shape's SQL in its place."""
    return 987_654_321_000 + index if isinstance(value, int) else f"{STAND_IN_MARK} {index}"


def _stand_ins(values):
    return {name: _stand_in(index, values[name]) for index, name in enumerate(sorted(values))}


def _real_params(params, stand_ins, values, *, once):
    """`params` with each stand-in replaced by its value. Each stand-in must be found (else the
    value never reached the SQL, and the stand-in would be looked for); with `once`, only once."""
    real = {stand_ins[name]: values[name] for name in stand_ins}
    found = [param for param in params if isinstance(param, (int, str)) and param in real]
    if set(found) != set(real) or (once and len(found) != len(real)):
        times = "once" if once else "at least once"
        raise AssertionError(f"Each stand-in must appear {times} in the compiled SQL's parameters: {params!r}")
    if any(isinstance(param, str) and STAND_IN_MARK in param and param not in real for param in params):
        # As a pattern (icontains: "%stand-in%") or otherwise changed: it would be looked for as it is.
        raise AssertionError(f"A stand-in was changed on its way to the compiled SQL's parameters: {params!r}")
    return tuple(real[param] if isinstance(param, (int, str)) and param in real else param for param in params)


def compiled_query(key, build, values, *, repeated=False):
    """(sql, params) of `build(**values)`, compiled once per process for `key` and the names of
    `values` (ints or strings, as the ORM passes them to the database): the queryset is built with
    stand-ins, which are then replaced by the values in the parameters. With `repeated`, a value
    may appear several times in the SQL (the viewer's pk in several subqueries)."""
    stand_ins = _stand_ins(values)
    sql, params = compiled_sql((*key, *sorted(values)), lambda: build(**stand_ins))
    return sql, _real_params(params, stand_ins, values, once=not repeated)


def compiled_instances(key, build, values):
    """The model instances `list(build(**values))` gives (with their select_related objects,
    annotations and prefetch_related lookups), from a queryset built and compiled once per process
    for `key` and the names of `values`, as compiled_query. A value may appear several times in the
    SQL (the viewer's pk in several subqueries)."""
    stand_ins = _stand_ins(values)
    full_key = (*key, *sorted(values))
    found = _compiled_instances.get(full_key)
    if found is None:
        found = _compiled_instances[full_key] = _compile_instances(build(**stand_ins), stand_ins)
    sql, params, compiler, queryset = found
    if sql is None:
        return []
    instances = list(_model_instances(full_key, sql, _real_params(params, stand_ins, values, once=False), compiler, queryset))
    if queryset._prefetch_related_lookups and instances:
        prefetch_related_objects(instances, *queryset._prefetch_related_lookups)
    return instances


def viewer_stand_in(user, *, pk, entity_id, permissions):
    """An unsaved copy of the viewer for building a shape's queryset: `pk` and `entity_id` (stand-ins,
    or None) in place of theirs, the same role and flags, and has_perm answered from `permissions`
    (the viewer's own answers, which must be in the shape's key). Any other question fails: an
    answer left out of the key must not be shared by viewers who would answer otherwise."""
    stand_in = user.__class__(pk=pk, entity_id=entity_id, role=user.role, is_active=user.is_active,
                              is_staff=user.is_staff, is_superuser=user.is_superuser)

    def has_perm(permission, obj=None):
        if obj is not None or permission not in permissions:
            raise LookupError(f"This compiled query's key does not hold the viewer's answer to {permission!r}")
        return permissions[permission]

    stand_in.has_perm = has_perm
    return stand_in


def _compile_instances(queryset, stand_ins):
    if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
        raise ValueError("compiled_instances takes a queryset of model instances (no values(), no related manager's)")
    for lookup in queryset._prefetch_related_lookups:
        # A prefetch's own queryset runs as it was built, for each request: with a stand-in in it,
        # it would look for the stand-in.
        if isinstance(lookup, Prefetch) and lookup.queryset is not None and _holds_stand_in(lookup.queryset, stand_ins):
            raise ValueError(f"A prefetch_related queryset may not depend on the values: {lookup.prefetch_through}")
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        # Also fills the compiler's select, klass_info and annotation_col_map, read for each row.
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), compiler, queryset
    return sql, params, compiler, queryset


def _holds_stand_in(queryset, stand_ins):
    try:
        _sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return False
    return any(isinstance(param, (int, str)) and param in stand_ins.values() for param in params)


_thread_converters = threading.local()


def _converters_of(full_key, compiler):
    """compiler.get_converters() of the shape's columns, once per thread: they are the connection's
    (this thread's), and depend on nothing else."""
    by_key = getattr(_thread_converters, "by_key", None)
    if by_key is None:
        by_key = _thread_converters.by_key = {}
    found = by_key.get(full_key)
    if found is None:
        found = by_key[full_key] = compiler.get_converters([column[0] for column in compiler.select[0:compiler.col_count]])
    return found


def _model_instances(full_key, sql, params, compiler, queryset):
    """Django's ModelIterable over (sql, params), with a copy of the shape's compiler: the copy runs
    the kept SQL on this thread's connection and converts the values as the compiler would."""
    db = queryset.db
    compiler = copy.copy(compiler)
    compiler.connection = connections[db]
    with statement_cursor(compiler.connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:  # ordering columns the model does not take, as execute_sql() trims them
        rows = [row[:compiler.col_count] for row in rows]
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    model_fields_start, model_fields_end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[model_fields_start:model_fields_end]]
    related_populators = get_related_populators(klass_info, select, db)
    # As compiler.results_iter(), with the converters worked out once per thread and shape: asking
    # each of a meeting's fifty columns for its converters cost as much as converting its row.
    converters = _converters_of(full_key, compiler)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    for row in rows:
        obj = model_cls.from_db(db, init_list, row[model_fields_start:model_fields_end])
        for rel_populator in related_populators:
            rel_populator.populate(row, obj)
        for attr_name, col_pos in annotation_col_map.items():
            setattr(obj, attr_name, row[col_pos])
        yield obj


@contextlib.contextmanager
def statement_cursor(db_connection):
    """A cursor of `db_connection` that sends the parameters apart from the SQL on PostgreSQL, so
    that psycopg can prepare a statement run often: after five runs on a connection (the setting
    DATABASE_PREPARED_STATEMENTS). A compiled query's SQL never changes, so PostgreSQL then plans it
    once per connection: planning a meeting page's own query took it 1.1 to 1.4 ms, running it 0.3.

    Only here: Django binds its own queries on the client, as some of the ORM's SQL needs (its
    server_side_binding option is all or nothing). The cursor is Django's, wrapped as any other:
    its queries are counted alike, and logged with $1, $2... in place of their values."""
    db_connection.ensure_connection()
    raw = db_connection.connection
    if db_connection.vendor != "postgresql" or not hasattr(raw, "cursor_factory"):  # SQLite; psycopg 2
        with db_connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    # Django's cursor() asks the connection for a cursor of its cursor_factory: this one, this once.
    previous, raw.cursor_factory = raw.cursor_factory, ServerBindingCursor
    try:
        cursor = db_connection.cursor()
    finally:
        raw.cursor_factory = previous
    with cursor:
        yield cursor


def fetch_rows(sql, params, fields=None):
    """The rows as tuples, or as named tuples of `fields` (as values_list(*fields, named=True))."""
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if fields is None:
        return rows
    make = _row_class(tuple(fields))._make
    return [make(row) for row in rows]


def fetch_kept_rows(sql, params):
    """fetch_rows(), kept under the data version (portal.fragments.kept) and the SQL with its
    parameters: a query's result does not change until something is written. For queries whose
    SQL and parameters hold everything the rows depend on (no now(), no random()), and that many
    viewers share: the viewer's own pk in them makes the rows one viewer's."""
    return fragments.kept(f"rows:{sql}:{params!r}", lambda: fetch_rows(sql, params))


@functools.cache
def _row_class(fields):
    return collections.namedtuple("Row", fields)
