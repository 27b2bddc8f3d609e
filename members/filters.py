"""The directory's filters, search and sort orders, and the rows it lists.

A plain Django form, not a django-filter FilterSet: the FilterSet deep-copied its filters and built a
new form class on every request, about 2 ms of a directory page that has 10 to spend in all.
"""
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Expertise, NetworkSeat, Sector, User
from portal.i18n import active_language, name_ordering
from portal.search import matches_all_words

NETWORK_ROLES = [*NetworkSeat.Seat.choices, ("team", _("Communication team"))]
SORTS = [("name", _("Name")), ("entity", _("Entity"))]
SEARCHED_FIELDS = ["name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en"]


def _bilingual_choices(queryset):
    """(pk, name in the page's language) pairs read as plain values: a filter bar does not need
    a model instance per option, and building 60 of them cost more than the rest of the page."""
    language = active_language()
    return [
        (pk, (name_ar if language == "ar" else name_en) or name_ar or name_en)
        for pk, name_ar, name_en in queryset.values_list("pk", "name_ar", "name_en")
    ]


def entity_choices():
    return _bilingual_choices(Entity.objects.active().order_by(*name_ordering()))


def expertise_choices():
    return _bilingual_choices(Expertise.objects.order_by(f"name_{active_language()}"))


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
        fields["entity"].choices = Choices([("", _("All entities")), *entity_choices()])
        fields["sector"].choices = SECTOR_CHOICES
        fields["network_role"].choices = NETWORK_ROLE_CHOICES
        fields["expertise"].choices = Choices([("", _("Any expertise")), *expertise_choices()])
        fields["sort"].choices = SORT_CHOICES


class PersonFilter:
    """The people of `queryset` that the directory's query string asks for, in its order."""

    def __init__(self, data, *, queryset):
        self.form = DirectoryFilterForm(data)
        self.queryset = queryset

    @property
    def qs(self):
        queryset = self.queryset
        valid = self.form.is_valid()  # invalid fields are left out of cleaned_data: they filter nothing
        values = self.form.cleaned_data
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
        if valid and values.get("sort") == "entity":
            return queryset.with_seat_rank().order_by(*name_ordering("entity__"), "seat_rank", *name_ordering(), "pk")
        return queryset.order_by(*name_ordering(), "pk")


class ListedPerson:
    """One person of a directory page as plain values: what a card or a table row shows, and what
    the `members.view_mobile` rule reads (pk, hide_mobile_from_team). 24 User instances with their
    entity and prefetched expertise cost about 4 ms a page; these, under one."""

    FIELDS = (
        "pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en",
        "seat", "photo_small", "email", "office_phone", "mobile", "hide_mobile_from_team",
    )
    __slots__ = (
        "pk", "name_ar", "name_en", "job_title_ar", "job_title_en", "entity_name_ar", "entity_name_en",
        "seat", "photo_small", "email", "office_phone", "mobile", "hide_mobile_from_team", "expertise",
    )

    def __init__(self, values):
        (
            self.pk, self.name_ar, self.name_en, self.job_title_ar, self.job_title_en, self.entity_name_ar,
            self.entity_name_en, self.seat, self.photo_small, self.email, self.office_phone, self.mobile,
            self.hide_mobile_from_team,
        ) = values
        self.expertise = []  # (name_ar, name_en) pairs, in English alphabetical order


def listed_people(rows):
    """A page of the directory from its rows (`ListedPerson.FIELDS` of a queryset `with_seat()`),
    with their expertise: one more query."""
    people = [ListedPerson(values) for values in rows]
    if people:
        by_pk = {person.pk: person for person in people}
        tags = (
            User.expertise.through.objects.filter(user_id__in=by_pk).order_by("expertise__name_en")
            .values_list("user_id", "expertise__name_ar", "expertise__name_en")
        )
        for user_id, name_ar, name_en in tags:
            by_pk[user_id].expertise.append((name_ar, name_en))
    return people
