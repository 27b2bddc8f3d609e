"""Access helpers for views: 404 for what a user may not see, so its existence is not revealed."""
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
