"""Authentication backend: allauth's, with model permissions looked up only for staff.

Model permissions serve Django admin, and only the secretariat (staff) holds any. Everyone else's
permissions come from `rules`, so asking the database for their (empty) permission sets would
only add two queries to every page that checks a permission they lack.
"""
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend


class AuthenticationBackend(AllauthBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_all_permissions(user_obj, obj)
