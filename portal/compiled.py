"""Querysets compiled once per process and "shape", run with each request's values.

Building a queryset and compiling it to SQL cost the members pages about 3 ms of their 10. The SQL
of one shape (language, filters given, order...) never changes while the process runs, only the
values in it: so the queryset is built once with stand-ins for the values, and each request runs
its SQL with the real values put in their place in the parameters.

A shape's key must hold every fact its build function branches on (a language, which filters are
given...): two requests that would build different SQL must never share a key. Only the values
(ints and strings, as the ORM passes them to the database) vary within one key.
"""
import collections
import functools

from django.db import connection

# (sql, params) by key, for compiled_sql.
_compiled_sql = {}


def compiled_sql(key, build):
    """(sql, params) of the queryset `build()` returns, compiled once per process for `key`."""
    found = _compiled_sql.get(key)
    if found is None:
        found = _compiled_sql[key] = build().query.sql_with_params()
    return found


def _stand_in(index, value):
    """A value no row holds, of the type of `value`, compiled into a shape's SQL in its place."""
    return 987_654_321_000 + index if isinstance(value, int) else f"\u2063stand-in {index}"


def compiled_query(key, build, values):
    """(sql, params) of `build(**values)`, compiled once per process for `key` and the names of
    `values` (ints or strings, as the ORM passes them to the database): the queryset is built with
    stand-ins, which are then replaced by the values in the parameters."""
    names = sorted(values)
    stand_ins = {name: _stand_in(index, values[name]) for index, name in enumerate(names)}
    sql, params = compiled_sql((*key, *names), lambda: build(**stand_ins))
    real = {stand_ins[name]: values[name] for name in names}
    found = [param for param in params if isinstance(param, (int, str)) and param in real]
    if len(found) != len(real) or len(set(found)) != len(found):
        raise AssertionError(f"Each stand-in must appear once in the compiled SQL's parameters: {params!r}")
    return sql, tuple(real[param] if isinstance(param, (int, str)) and param in real else param for param in params)


def fetch_rows(sql, params, fields=None):
    """The rows as tuples, or as named tuples of `fields` (as values_list(*fields, named=True))."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if fields is None:
        return rows
    make = _row_class(tuple(fields))._make
    return [make(row) for row in rows]


@functools.cache
def _row_class(fields):
    return collections.namedtuple("Row", fields)
