"""The showcase's cards and filter bar.

`{% campaign_cards campaigns themes %}`: the showcase's cards, written as strings from the rows of
plain values the page reads (`CARD_FIELDS`) and its list of themes, every value escaped. Drawn
from a template and kept in the cache under a fingerprint of their rows (portal.renderings), a page
of 24 still cost about 2 ms of CPU, mostly hashing the rows and reading the parts back; written
here, about 0.9 ms, with nothing kept.

`{% showcase_filters filters query_string %}`: the filter bar (campaigns/includes/filters.html), kept
under a fingerprint of what the form is drawn from (CampaignFilterForm.drawn_from): a <select> of
fifty entities and the fixed lists cost about 2 ms to draw, the same for every member asking for
the same filters. The form itself is still bound and checked on every request, to filter."""
import functools

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from portal import links, renderings
from portal.escaping import escaped as _e
from portal.i18n import active_language

register = template.Library()

FILTERS_TEMPLATE = "campaigns/includes/filters.html"

# What a card reads, as the SQL of campaigns.views.cards gives them; `theme_keys` holds the pks of the
# case's themes (campaigns.theme_keys): their names come from the page's list of every theme.
CARD_FIELDS = (
    "pk", "title_ar", "title_en", "owner__name_ar", "owner__name_en", "starts_on", "best_practice", "useful_count",
    "cover", "cover_card", "cover_source",  # the card's srcset, and its "being prepared" placeholder
    "theme_keys",
)



class Card:
    """One case of the grid as plain values, its names in the page's language as Bilingual picks
    them: 24 Campaign instances with their owners and prefetched themes cost about 3 ms a page."""

    __slots__ = ("pk", "title", "owner_name", "starts_on", "best_practice", "useful_count", "cover", "cover_card", "cover_source", "themes")

    def __init__(self, row, theme_names, language):
        (
            self.pk, title_ar, title_en, owner_ar, owner_en, self.starts_on, self.best_practice, self.useful_count,
            self.cover, self.cover_card, self.cover_source, _theme_keys,
        ) = row
        if language == "ar":
            self.title, self.owner_name = title_ar or title_en, owner_ar or owner_en
            self.themes = [name_ar or name_en for name_ar, name_en in theme_names]
        else:
            self.title, self.owner_name = title_en or title_ar, owner_en or owner_ar
            self.themes = [name_en or name_ar for name_ar, name_en in theme_names]


@functools.cache
def _card_texts(language):
    """A card's fixed text in `language`, translated and escaped once per process."""
    return {
        "preparing": _e(gettext("The picture is being prepared")),
        "best_practice": _e(gettext("Best practice")),
    }


def _url(parts, pk):
    head, tail = parts
    return f"{head}{int(pk)}{tail}"


def _cover(card, texts, urls):
    if card.cover_card:
        small = _url(urls["cover_card"], card.pk)
        srcset = (
            f' srcset="{small} 640w, {_url(urls["cover"], card.pk)} 1600w"'
            ' sizes="(min-width: 1200px) 24rem, (min-width: 576px) 50vw, 100vw"'
        ) if card.cover else ""
        return f'<img class="campaign-cover" src="{small}"{srcset} alt="" width="640" height="360" loading="lazy">'
    if card.cover_source:
        return (
            '<div class="campaign-cover campaign-cover-placeholder campaign-cover-pending"><i class="bi bi-hourglass-split" aria-hidden="true"></i>'
            f'<span class="small">{texts["preparing"]}</span></div>'
        )
    return '<div class="campaign-cover campaign-cover-placeholder" aria-hidden="true"><i class="bi bi-megaphone"></i></div>'


def _card(card, texts, urls):
    best_practice = (
        f'<span class="badge badge-best-practice"><i class="bi bi-award" aria-hidden="true"></i> {texts["best_practice"]}</span>'
        if card.best_practice else ""
    )
    themes = "".join(f'<span class="badge badge-theme">{_e(theme)}</span>' for theme in card.themes)
    useful = ""
    if card.useful_count:
        # The translation holds the markup (<bdi>) around the number, as the template's blocktranslate did.
        found_useful = ngettext(
            '<bdi dir="ltr">%(counter)s</bdi> found it useful', '<bdi dir="ltr">%(counter)s</bdi> found it useful', card.useful_count,
        ) % {"counter": int(card.useful_count)}
        useful = (
            '\n    <p class="small text-body-secondary mt-2 mb-0 campaign-useful-count"><i class="bi bi-hand-thumbs-up" aria-hidden="true"></i> '
            f'{found_useful}</p>'
        )
    return (
        f'<li><article class="card campaign-card" aria-labelledby="campaign-{card.pk}-title">'
        f'\n  {_cover(card, texts, urls)}'
        '\n  <div class="card-body">'
        f'\n    <h2 class="h6 card-title mb-1" id="campaign-{card.pk}-title"><a href="{_url(urls["detail"], card.pk)}">{_e(card.title)}</a></h2>'
        f'\n    <p class="small text-body-secondary mb-2">{_e(card.owner_name)} · <span dir="ltr">{card.starts_on.year if card.starts_on else ""}</span></p>'
        f'\n    <p class="mb-0 d-flex flex-wrap gap-1">{best_practice}{themes}</p>{useful}'
        '\n  </div>\n</article></li>\n'
    )


@register.simple_tag
def campaign_cards(rows, themes):
    """The cards of `rows`; `themes` is every theme as (pk, name_ar, name_en) in the page's
    alphabetical order (the filter bar's list), the order a card lists its own in. Sorting each
    case's themes by their collated names in its SQL cost PostgreSQL about 0.8 ms a page."""
    language = active_language()
    texts = _card_texts(language)
    # Each link's parts looked up once for the page's 24 cards (portal.links), not once per link.
    urls = {
        "detail": links.pk_url_parts("campaigns:detail"), "cover_card": links.pk_url_parts("download", "campaign-cover-card"),
        "cover": links.pk_url_parts("download", "campaign-cover"),
    }
    cards = []
    for row in rows:
        ids = {int(pk) for pk in row.theme_keys.split()}
        theme_names = tuple((name_ar, name_en) for pk, name_ar, name_en in themes if pk in ids)
        cards.append(_card(Card(row, theme_names, language), texts, urls))
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped by _e


@register.simple_tag
def showcase_filters(filters, query_string):
    filtered = bool(query_string)  # the "Clear" button
    [html] = renderings.render_kept(FILTERS_TEMPLATE, [
        (renderings.fingerprint(filters.drawn_from(), filtered), {"filters": filters, "filtered": filtered}),
    ])
    return mark_safe(html)


@register.simple_tag
def case_team(team):
    """The case page's list of the owner entity's director and team (campaigns.views._team), as
    strings: through the template's {% url %} and bilingual fields, the fifty people of a large
    entity cost about 1.5 ms."""
    head, tail = links.pk_url_parts("members:person")
    language = active_language()
    items = []
    for person in team:
        name = (person.name_ar or person.name_en) if language == "ar" else (person.name_en or person.name_ar)
        job_title = (person.job_title_ar or person.job_title_en) if language == "ar" else (person.job_title_en or person.job_title_ar)
        job_title = f' <span class="d-block small text-body-secondary">{_e(job_title)}</span>' if job_title else ""
        items.append(f'<li class="mb-1"><a href="{head}{int(person.pk)}{tail}">{_e(name)}</a>{job_title}</li>')
    return mark_safe("".join(items))  # noqa: S308 - every value escaped by _e
