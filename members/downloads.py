"""The members portal's stored files, served through portal.files (access checked on every request)."""
from members.models import Entity, User
from portal import files


def register():
    # Logos and photos are shown to network members only: a guest sees their meeting, nothing else.
    files.register(
        "entity-logo", model=Entity, field="logo", permission="members.view_entity",
        filename=lambda entity: f"{entity.short_name or entity.pk}.png", inline_image=True,
    )
    for kind, field in (("person-photo", "photo"), ("person-photo-small", "photo_small")):
        files.register(
            kind, model=User, field=field, permission="members.view_person",
            filename=lambda person: f"{person.name_en or person.pk}.jpg", inline_image=True,
        )
