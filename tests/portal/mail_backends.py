"""Mail backends that behave like a real mail server in trouble, for the e-mail tests."""
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DownThenUp(LocmemBackend):
    """The server drops the connection for the first `failures` messages, then takes them (into
    django.core.mail.outbox, like the test backend)."""

    failures = 1
    refused = 0

    def send_messages(self, messages):
        if DownThenUp.refused < DownThenUp.failures:
            DownThenUp.refused += 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
