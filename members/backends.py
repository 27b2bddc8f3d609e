"""Authentication backend: allauth's, with model permissions looked up only for staff, and the
session's user read by SQL compiled once per process.

Model permissions serve Django admin, and only the secretariat (staff) holds any. Everyone else's
permissions come from `rules`, so asking the database for their (empty) permission sets would
only add two queries to every page that checks a permission they lack.
"""
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from portal.compiled import compiled_instances


class AuthenticationBackend(AllauthBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_all_permissions(user_obj, obj)

    def get_user(self, user_id):
        """As ModelBackend.get_user: the user of the session, if they may still sign in. Every page
        asks it, and building and compiling the query cost more than running it, so it is compiled
        once per process (portal.compiled) and prepared on each connection."""
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if pk is None:
            return None
        found = compiled_instances(("session user",), lambda pk: user_model._default_manager.filter(pk=pk), {"pk": pk})
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
