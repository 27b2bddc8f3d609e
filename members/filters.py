"""The directory's filters, search and sort orders, and the rows it lists.

A plain Django form, not a django-filter FilterSet: the FilterSet deep-copied its filters and built a
new form class on every request, about 2 ms of a directory page that has 10 to spend in all.
"""
import collections
import json

from django import forms
from django.db.models import OuterRef
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Expertise, NetworkSeat, Sector, User
from portal import fragments
from portal.compiled import compiled_query, compiled_sql, fetch_kept_rows, fetch_rows
from portal.embedded import JSONRows
from portal.i18n import active_language, name_ordering
from portal.search import matches_all_words

NETWORK_ROLES = [*NetworkSeat.Seat.choices, ("team", _("Communication team"))]
SORTS = [("name", _("Name")), ("entity", _("Entity"))]
SEARCHED_FIELDS = ["name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en"]

def _bilingual_choices(name, build):
    """(pk, name in the page's language) pairs read as plain values: a filter bar does not need
    a model instance per option, and building 60 of them cost more than the rest of the page."""
    language = active_language()
    sql, params = compiled_sql((name, language), lambda: build().values_list("pk", "name_ar", "name_en"))
    return [
        (pk, (name_ar if language == "ar" else name_en) or name_ar or name_en)
        for pk, name_ar, name_en in fetch_rows(sql, params)
    ]


def entity_choices():
    return _bilingual_choices("entity_choices", lambda: Entity.objects.active().order_by(*name_ordering()))


def expertise_choices():
    return _bilingual_choices("expertise_choices", lambda: Expertise.objects.order_by(f"name_{active_language()}"))


def filter_choices():
    """(entity choices, expertise choices) of the filter bar, kept under the data version
    (portal.fragments.kept): they are the same for every viewer, and reading them was two of the
    directory's six queries on every page."""
    return fragments.kept(f"directory filter choices:{active_language()}", lambda: (entity_choices(), expertise_choices()))


class ExpertiseName(collections.namedtuple("ExpertiseName", ["name_ar", "name_en"])):
    """An area of expertise as a person's page lists it: `name` in the page's language (as Expertise.name)."""

    __slots__ = ()

    @property
    def name(self):
        return (self.name_ar or self.name_en) if active_language() == "ar" else (self.name_en or self.name_ar)


def person_expertise(pk):
    """The person's areas of expertise in the page's language's alphabetical order."""
    language = active_language()
    sql, params = compiled_query(("person expertise", language), lambda pk: (
        Expertise.objects.filter(people=pk).order_by(f"name_{language}").values_list("name_ar", "name_en")
    ), {"pk": pk})
    return [ExpertiseName(*row) for row in fetch_rows(sql, params)]


class Choices(BaseChoiceIterator):
    """(value, label) pairs that a form field takes as they are. Given a list, a field and its widget
    each normalize it again, entry by entry: about 0.4 ms a page for the 60 entities."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


SECTOR_CHOICES = Choices([("", _("All sectors")), *Sector.choices])
NETWORK_ROLE_CHOICES = Choices([("", _("All roles")), *NETWORK_ROLES])
SORT_CHOICES = Choices(SORTS)


class DirectoryFilterForm(forms.Form):
    """Every field optional; a value that is not a choice is reported on its field and ignored."""

    # The choices are given per form, not declared: a form deep-copies its declared fields, and
    # copying their lists of translated labels cost a few hundred microseconds a page.
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    entity = forms.ChoiceField(label=_("Entity"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    network_role = forms.ChoiceField(label=_("Network role"), required=False)
    expertise = forms.ChoiceField(label=_("Expertise"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data):
        super().__init__(data)
        fields = self.fields
        # Entities and expertise read once per page: the choices are asked for again to validate and to draw.
        entities, self.expertise = filter_choices()
        fields["entity"].choices = Choices([("", _("All entities")), *entities])
        fields["sector"].choices = SECTOR_CHOICES
        fields["network_role"].choices = NETWORK_ROLE_CHOICES
        fields["expertise"].choices = Choices([("", _("Any expertise")), *self.expertise])
        fields["sort"].choices = SORT_CHOICES


class PersonFilter:
    """The people of `queryset` that the directory's query string asks for, in its order."""

    def __init__(self, data, *, queryset=None):
        self.form = DirectoryFilterForm(data)
        self.queryset = queryset

    @property
    def qs(self):
        return self._filtered(self.queryset, self._values())

    def _values(self):
        valid = self.form.is_valid()  # invalid fields are left out of cleaned_data: they filter nothing
        values = {name: value for name, value in self.form.cleaned_data.items() if value}
        if not valid:
            values.pop("sort", None)
        return values

    @staticmethod
    def _filtered(queryset, values):
        if values.get("q"):
            queryset = matches_all_words(queryset, SEARCHED_FIELDS, values["q"], similar=["name_en"])
        if values.get("entity"):
            queryset = queryset.filter(entity=values["entity"])
        if values.get("sector"):
            queryset = queryset.filter(entity__sector=values["sector"])
        if values.get("network_role") == "team":
            queryset = queryset.filter(seat__isnull=True)
        elif values.get("network_role"):
            queryset = queryset.filter(seat=values["network_role"])
        if values.get("expertise"):
            queryset = queryset.filter(expertise=values["expertise"])
        if values.get("sort") == "entity":
            return queryset.with_seat_rank().order_by(*name_ordering("entity__"), "seat_rank", *name_ordering(), "pk")
        return queryset.order_by(*name_ordering(), "pk")

    def directory_rows(self, user):
        """The `ListedPerson.FIELDS` rows of the directory `user` sees, filtered: what a Paginator
        needs (a count and slices), from SQL compiled once per shape of filters (`compiled_sql`)."""
        values = self._values()
        visible = user.has_perm("members.view_directory")  # User.objects.visible_to(user)

        def build(values):
            base = User.objects.visible_to(user).with_seat().annotate(expertise_ids=listed_expertise())
            return self._filtered(base, values).values_list(*ListedPerson.FIELDS)

        if not visible or values.get("q"):
            # A search's SQL depends on its words (portal.search): the queryset itself.
            return build(values)
        # The values go into the SQL as the ORM passes them (the pks as integers); "team" is no value.
        given = {name: int(value) if name in ("entity", "expertise") else value for name, value in values.items() if name in VALUED_FILTERS}
        if given.get("network_role") == "team":
            del given["network_role"]
        key = (active_language(), tuple(sorted(values)), values.get("network_role") == "team", values.get("sort") == "entity")

        def rows(**given):
            return build({**values, **given})

        rows_sql, rows_params = compiled_query(("directory rows", *key), rows, given)
        count_sql, count_params = compiled_query(("directory count", *key), lambda **given: rows(**given).order_by().values("pk"), given)
        return DirectoryRows(rows_sql, rows_params, count_sql, count_params)


# The filters whose value goes into the SQL as a parameter.
VALUED_FILTERS = ("entity", "sector", "network_role", "expertise")


class DirectoryRows:
    """Rows of compiled SQL, counted and sliced as a Paginator does with a queryset."""

    def __init__(self, rows_sql, rows_params, count_sql, count_params):
        self.rows_sql, self.rows_params = rows_sql, rows_params
        self.count_sql, self.count_params = count_sql, count_params

    def count(self):
        """Kept under the data version, keyed on the SQL and its parameters, which name everything it
        depends on: counting the 3,000 people of an unfiltered directory was a third of the
        database's time for the page. The page's rows are always read afresh."""
        sql = f'SELECT COUNT(*) FROM ({self.count_sql}) AS "directory"'
        return fetch_kept_rows(sql, self.count_params)[0][0]

    def __getitem__(self, page):
        if page.start >= page.stop:
            return []  # as an empty slice of a queryset: no query
        return fetch_rows(f"{self.rows_sql} LIMIT {int(page.stop - page.start)} OFFSET {int(page.start)}", self.rows_params)


def listed_expertise():
    """A directory row's areas of expertise as a JSON list of their pks within the row
    (portal.embedded); their names and order come from the filter bar's kept list (listed_people).
    A query of their own cost the page a round trip; their names, collated, within the row twice that."""
    return JSONRows(User.expertise.through.objects.filter(user=OuterRef("pk")).order_by(), ("expertise",))


class ListedPerson:
    """One person of a directory page as plain values: what a card or a table row shows, and what
    the `members.view_mobile` rule reads (pk, hide_mobile_from_team). 24 User instances with their
    entity and prefetched expertise cost about 4 ms a page; these, under one."""

    FIELDS = (
        "pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en",
        "seat", "photo_small", "email", "office_phone", "mobile", "hide_mobile_from_team", "expertise_ids",
    )
    __slots__ = (
        "pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity_name_ar", "entity_name_en",
        "seat", "photo_small", "email", "office_phone", "mobile", "hide_mobile_from_team", "expertise_ids", "expertise",
    )

    def __init__(self, values):
        (
            self.pk, self.name_ar, self.name_en, self.job_title_ar, self.job_title_en, self.entity_name_ar,
            self.entity_name_en, self.seat, self.photo_small, self.email, self.office_phone, self.mobile,
            self.hide_mobile_from_team, expertise,
        ) = values
        # The text of the JSON list from compiled SQL; already a list from a queryset (a search's).
        if isinstance(expertise, str):
            expertise = json.loads(expertise)
        self.expertise_ids = {item["expertise_id"] for item in expertise}
        self.expertise = []  # their names, in order: listed_people


def listed_people(rows, expertise):
    """A page of the directory from its rows (`ListedPerson.FIELDS` of PersonFilter.directory_rows),
    each person's expertise as names in the order of `expertise`: every area of expertise as
    (pk, name in the page's language) in its alphabetical order (DirectoryFilterForm.expertise)."""
    people = [ListedPerson(values) for values in rows]
    for person in people:
        if person.expertise_ids:
            person.expertise = [name for pk, name in expertise if pk in person.expertise_ids]
    return people
