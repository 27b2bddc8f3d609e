"""Role groups and their model permissions (used by migrations; the role itself is `User.role`)."""


def ensure_permissions(apps):
    """Create permissions now: Django only creates them after all migrations have run."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, role, *, app_labels=(), codenames=()):
    """Give the role's group every permission of `app_labels` plus the listed `app_label.codename`s."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=role)
    permissions = list(Permission.objects.filter(content_type__app_label__in=app_labels))
    for label in codenames:
        app_label, codename = label.split(".")
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.add(*permissions)
