"""The members portal's stored files, served through portal.files (access checked on every request)."""
from members.models import Entity, User
from portal import files


def _member_can_see(user, obj):
    return user.has_perm("members.view_directory")


def register():
    # Logos are public information about an entity, shown to every signed-in user (guests included).
    files.register(
        "entity-logo", queryset=lambda: Entity.objects.active(), field="logo",
        can_download=lambda user, entity: user.is_authenticated, filename=lambda entity: f"{entity.short_name or entity.pk}.png",
        inline_image=True,
    )
    # Photos of people are personal data: members only, never guests or anonymous users.
    for kind, field in (("person-photo", "photo"), ("person-photo-small", "photo_small")):
        files.register(
            kind, queryset=lambda: User.objects.in_directory(), field=field,
            can_download=_member_can_see, filename=lambda person: f"{person.name_en or person.pk}.jpg", inline_image=True,
        )
