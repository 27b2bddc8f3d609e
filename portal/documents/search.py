"""Documents in the one search index: title and extracted text, found by the audiences their
owner gives them (a meeting's members, and its guests for documents shared with guests)."""
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.documents.models import Document

MAX_INDEXED_CHARACTERS = 200_000


def indexed():
    from django.contrib.contenttypes.models import ContentType

    owner_types = [ContentType.objects.get_for_model(owner.model) for _key, owner in registry.document_owners.items()]
    return Document.objects.active().filter(owner_type__in=owner_types).select_related("current_version").prefetch_related("owner")


def document_entry(document):
    spec = document.owner_spec
    owner = document.owner
    audiences = tuple(spec.audiences(owner, document)) if spec is not None and owner is not None else ()

    def subtitle(language):
        with translation.override(language):
            owner_label = str(spec.label(owner)) if spec is not None and owner is not None else ""
            return " · ".join(part for part in (owner_label, str(document.get_kind_display())) if part)

    text = document.text[:MAX_INDEXED_CHARACTERS]
    arabic = document.language in (Document.Language.ARABIC, Document.Language.BOTH)
    return registry.SearchDocument(
        title_ar=document.title, title_en=document.title, subtitle_ar=subtitle("ar"), subtitle_en=subtitle("en"),
        text_ar=text if arabic else "", text_en="" if arabic else text,
        url_name="documents:detail", url_args=(document.pk,), date=document.created_at, audiences=audiences,
    )


DOCUMENT_SEARCH = registry.SearchProvider(
    portal="documents", label=_("Documents"), model=Document, indexed=indexed, document=document_entry,
    fields=frozenset({"title", "kind", "language", "shared_with_guests", "status", "text", "current_version"}),
)


def register():
    registry.search_providers.register("documents", DOCUMENT_SEARCH, order=60)
