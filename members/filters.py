"""The directory's filters, search and sort orders."""
import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Entity, Expertise, NetworkSeat, Sector, User
from portal.i18n import active_language, name_ordering
from portal.search import matches_all_words

NETWORK_ROLES = [*NetworkSeat.Seat.choices, ("team", _("Communication team"))]
SORTS = [("name", _("Name")), ("entity", _("Entity"))]


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


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search", max_length=100)
    entity = django_filters.ChoiceFilter(label=_("Entity"), choices=entity_choices, empty_label=_("All entities"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), field_name="entity__sector", choices=Sector.choices, empty_label=_("All sectors"))
    network_role = django_filters.ChoiceFilter(label=_("Network role"), choices=NETWORK_ROLES, method="filter_network_role", empty_label=_("All roles"))
    expertise = django_filters.ChoiceFilter(label=_("Expertise"), choices=expertise_choices, empty_label=_("Any expertise"))
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORTS, method="keep_order", empty_label=None)

    class Meta:
        model = User
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the choices once per page: a callable would be asked again to validate and to draw.
        self.filters["entity"].extra["choices"] = entity_choices()
        self.filters["expertise"].extra["choices"] = expertise_choices()

    def search(self, queryset, name, value):
        return matches_all_words(
            queryset, ["name_ar", "name_en", "job_title_ar", "job_title_en", "entity__name_ar", "entity__name_en"], value,
            similar=["name_en"],
        )

    def filter_network_role(self, queryset, name, value):
        if value == "team":
            return queryset.filter(seat__isnull=True)
        return queryset.filter(seat=value)

    def keep_order(self, queryset, name, value):
        return queryset  # the order is applied in `qs`, so that a missing ?sort= gets the default too

    @property
    def qs(self):
        queryset = super().qs
        if self.form.is_valid() and self.form.cleaned_data.get("sort") == "entity":
            return queryset.with_seat_rank().order_by(*name_ordering("entity__"), "seat_rank", *name_ordering(), "pk")
        return queryset.order_by(*name_ordering(), "pk")
