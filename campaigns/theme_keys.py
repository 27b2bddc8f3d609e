"""`Campaign.theme_keys`: the pks of a case's themes in its own row, " 3 7 12 ", so that the showcase
finds the cases of a theme with `theme_keys__contains=" 7 "` (as `channels`) and draws a card's
themes without a subquery.

They follow the relation whatever changes it: the signals below recompute them when themes are
added to or removed from a case (from either side, admin included) and when a theme is deleted.
Bulk inserts into the relation send no signal: whoever makes them calls `refresh()`, as the
benchmark's data builder does.
"""
from django.db.models.signals import m2m_changed, post_delete, pre_delete


def key(theme_pk):
    """The text a case's theme_keys hold for one theme, for `theme_keys__contains`."""
    return f" {int(theme_pk)} "


def stored(theme_pks):
    return f" {' '.join(str(pk) for pk in sorted(theme_pks))} " if theme_pks else ""


def refresh(campaign_pks):
    """Recompute theme_keys of these cases from the relation: one read, then the rows written in batches."""
    from campaigns.models import Campaign

    held = {pk: [] for pk in campaign_pks}
    for campaign_pk, theme_pk in Campaign.themes.through.objects.filter(campaign_id__in=held).values_list("campaign_id", "theme_id"):
        held[campaign_pk].append(theme_pk)
    cases = [Campaign(pk=campaign_pk, theme_keys=stored(theme_pks)) for campaign_pk, theme_pks in held.items()]
    Campaign.objects.bulk_update(cases, ["theme_keys"], batch_size=500)


def _themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # A theme's cases are about to lose it: which ones is known only before.
        instance._theme_keys_cases = list(instance.campaigns.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            refresh([instance.pk])
        elif action == "post_clear":
            refresh(getattr(instance, "_theme_keys_cases", ()))
        else:
            refresh(pk_set or ())


def _theme_deleting(sender, instance, **kwargs):
    instance._theme_keys_cases = list(instance.campaigns.values_list("pk", flat=True))


def _theme_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_theme_keys_cases", ()))


def connect():
    from campaigns.models import Campaign, Theme

    m2m_changed.connect(_themes_changed, sender=Campaign.themes.through, dispatch_uid="campaign-theme-keys")
    pre_delete.connect(_theme_deleting, sender=Theme, dispatch_uid="campaign-theme-keys-deleting")
    post_delete.connect(_theme_deleted, sender=Theme, dispatch_uid="campaign-theme-keys-deleted")
