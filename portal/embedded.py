"""Short lists read within their parent's row, each as a JSON list, so that none of them costs a
query of its own whatever its size (list pages have at most 6 queries, detail pages 8:
../shared/brief/performance.md): a case's themes, partners, KPIs and gallery pictures come with the
case on its page (campaigns.views.detail), a directory person's expertise with their row.

`JSONRows(queryset, fields)` is the annotation (PostgreSQL, and SQLite for `make run`);
`instances(model, rows)` turns its list back into model instances, so templates keep reading
`theme.name`, `kpi.attainment` or `picture.is_ready` as before. A field left out of `fields` is
deferred: reading it costs a query, which the page's query-count test would show."""
import json
from decimal import Decimal

from django.db.models import JSONField, Subquery
from django.db.models.functions import JSONObject


class _ExactDecoder(json.JSONDecoder):
    """Fractions as Decimal, as DecimalField reads them (a KPI's 1234567890.25 stays exact)."""

    def __init__(self, **kwargs):
        super().__init__(parse_float=Decimal, **kwargs)


def _attname(model, name):
    return model._meta.pk.attname if name == "pk" else model._meta.get_field(name).attname


class JSONRows(Subquery):
    """The rows of `queryset`, in its order, as a JSON list of {field: value} for `fields`.

    `queryset` is filtered on OuterRef("pk") of the query it annotates."""

    # SQLite: the objects made in the subquery reach the outer SELECT as text; JSON() makes them objects again.
    template = '(SELECT JSON_GROUP_ARRAY(JSON("item")) FROM (%(subquery)s))'

    def __init__(self, queryset, fields):
        model = queryset.model
        item = JSONObject(**{_attname(model, name): name for name in fields})
        super().__init__(queryset.annotate(item=item).values("item"), output_field=JSONField(decoder=_ExactDecoder))

    def as_postgresql(self, compiler, connection, **extra_context):
        # ARRAY(subquery) keeps the subquery's ORDER BY, as Django's ArraySubquery does; empty: [].
        return self.as_sql(compiler, connection, template="TO_JSONB(ARRAY(%(subquery)s))", **extra_context)


def instances(model, rows):
    """`rows` (a JSONRows list) as `model` instances, each value converted as its field reads it."""
    found = []
    for row in rows:
        present = [field for field in model._meta.concrete_fields if field.attname in row]
        found.append(model.from_db(
            None, [field.attname for field in present], [field.to_python(row[field.attname]) for field in present],
        ))
    return found
