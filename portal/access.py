"""Access helpers for views: 404 for what a user may not see, so its existence is not revealed.

Who may see which rows is decided once per model, by its queryset's `visible_to(user)`; the
`rules` permission for one object agrees with it (tests/portal/test_visibility.py checks both).
"""
from functools import wraps

from django.http import Http404


def permission_or_404(permission):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_visible_or_404(queryset, user, **lookup):
    """The object matching `lookup` among those `user` may see, or 404 (never 403: a stranger must
    not learn that it exists). `queryset` is a model's queryset with `visible_to`, possibly narrowed
    with select_related and annotations for the page."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
