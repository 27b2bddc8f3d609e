"""Outgoing e-mail goes through the queue: `send(message)` stores the message as a job, and the
worker hands it to the mail server, retrying with back-off while the server is down
(portal.tasks). A page never waits for the mail server, and no e-mail is lost when it fails."""
import json

from django.core.mail import EmailMultiAlternatives

from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.tasks import background


def send(message):
    """Queue an EmailMessage (or EmailMultiAlternatives) for delivery; returns the job's result handle.

    Called inside a transaction, the e-mail goes out only if that transaction commits."""
    if message.attachments:
        # Nothing the portal mails carries attachments; refuse rather than drop them silently.
        raise ValueError("Queued e-mails cannot carry attachments.")
    content = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(part), mimetype] for part, mimetype in getattr(message, "alternatives", [])],
    }
    # Sealed: a queued e-mail may hold a sign-in or reset link, and the queue is readable in admin
    # and in backups. The recipients stay readable so a failed delivery says whom it concerns.
    return deliver_email.enqueue({"to": list(message.recipients()), "sealed": crypto.encrypt(json.dumps(content))})


def send_plain(subject, body, recipients):
    send(EmailMultiAlternatives(subject, body, None, list(recipients)))


@background(label=_("Send an e-mail"))
def deliver_email(job):
    payload = json.loads(crypto.decrypt(job["sealed"]))
    message = EmailMultiAlternatives(
        subject=payload["subject"], body=payload["body"], from_email=payload["from_email"],
        to=payload["to"], cc=payload["cc"], bcc=payload["bcc"], reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    # Raises when the server refuses or cannot be reached: the attempt fails and is retried.
    message.send(fail_silently=False)
    return {"to": len(message.recipients())}
