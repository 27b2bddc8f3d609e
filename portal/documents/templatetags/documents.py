"""`{% documents_panel owner documents can_upload %}`: an owner's documents and, when allowed,
the upload form with its progress bar (`upload_form=False`: a link to the upload page instead).
`documents` may hold the documents of several owners (Document.objects.for_owners([meeting, *items])):
the panel shows those of `owner`, so a page fetches once and calls the panel for each owner.

`zip_documents`: the documents the owner's "Download all" ZIP would hold (its own and its related
owners', e.g. a meeting's agenda items'), when the page fetched them; the link shows when one of
them can be downloaded, even if the owner itself has none. Left out or empty: the owner's own."""
from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from portal import registry
from portal.documents import panels
from portal.forms import page_csrf_token

register = template.Library()


@register.simple_tag(takes_context=True)
def documents_panel(context, owner, documents, can_upload=None, zip_documents=(), upload_form=True):
    request = context.get("request")
    user = getattr(request, "user", None)
    key = registry.document_owners.key_for_model(owner)
    spec = registry.document_owners.get(key) if key else None
    owner_type_id = ContentType.objects.get_for_model(owner).pk
    own = [document for document in documents if document.owner_type_id == owner_type_id and document.owner_id == owner.pk]
    if can_upload is None:
        can_upload = bool(spec and user is not None and user.is_authenticated and spec.can_upload(user, owner))
    can_upload = bool(can_upload and spec)
    return panels.panel(
        panel_id=f"documents-{key.replace('.', '-') if key else 'owner'}-{owner.pk}", documents=own,
        download_all_url=reverse("documents:download_all", args=[key, owner.pk]) if key and panels.zippable(zip_documents or own) else "",
        upload_url=reverse("documents:upload", args=[key, owner.pk]) if can_upload else "",
        kinds=spec.kinds if can_upload else (),
        csrf_token=page_csrf_token(request) if can_upload and upload_form and request is not None else "",
        upload_form=upload_form,
    )

