"""The showcase's search box: the cases whose search entry matches every word typed.

It reads the portal's one search index (portal.search), the same entries the header's search
finds, so Arabic is folded and lightly stemmed the same way (الحملات, حملات and والحملات are one
term) and both languages of a case are searched at once. The entries are limited to the campaigns
provider and, in SQL, to the audiences the user belongs to; the result is a subquery of the
showcase's own query, so searching adds no query to the page.
"""
from django.db import connection
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast

from portal import search

SEARCH_KIND = "campaigns"  # the name campaigns/plugins.py registers its SearchProvider under


def matching_campaign_ids(user, text):
    """A subquery of the pks of the cases matching `text` that `user` may find; None when `text`
    holds no searchable word (then nothing is filtered)."""
    from portal.models import SearchEntry

    parsed = search.parse_query(text)
    if not parsed.searchable:
        return None
    entries = SearchEntry.objects.filter(kind=SEARCH_KIND).filter(search.audience_filter(user))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # The weighted tsvector (GIN) the trigger keeps from the analysed terms, read as the search
        # page reads it: each term a quoted lexeme (letters and digits only: no tsquery syntax).
        query = " & ".join(f"'{term}'" for term in parsed.terms)
        entries = entries.filter(search_vector=SearchQuery(query, search_type="raw", config="english"))
    else:
        for term in parsed.terms:  # SQLite: word starts in the analysed columns, as portal.search does
            start = f" {term}"
            entries = entries.filter(
                Q(terms_title__contains=start) | Q(terms_subtitle__contains=start) | Q(terms_text__contains=start)
            )
    return entries.annotate(campaign_id=Cast("object_id", IntegerField())).values("campaign_id")
