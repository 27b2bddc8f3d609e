"""The access matrix: every route of the portal, every role, the exact answer each one gets.

`MATRIX` maps a URL name to one or more `Case`s: a builder of a concrete path and the expected
outcome for each role. `test_access_matrix` requests every (case, role) pair; `test_every_route_is_in_the_matrix`
walks the project's URL patterns and fails, naming the route, when one has no entry here.

Rules the matrix pins (docs: shared brief, security.md):
- anonymous -> any member page: 302 to the login page with `next=` the requested path;
- guest -> anything but their own meeting (and their own account pages): 404, never 403;
- admin: only the secretariat (with TOTP) gets in.
"""
import io
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Callable
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from meetings.models import Meeting
from members.models import Invitation, Role
from portal import files
from tests.conftest import make_user

pytestmark = pytest.mark.django_db



ROLES = ("secretariat", "director", "team", "other_director", "guest", "anonymous")

# Expected outcomes ------------------------------------------------------------------------------
OK = 200
NOT_FOUND = 404
FORBIDDEN = 403
NOT_ALLOWED = 405
LOGIN = "302 to the login page with next=<this path>"


@dataclass(frozen=True)
class Redirect:
    """302 to exactly this Location."""

    location: object  # a path, or (scenario, requesting user) -> path


def roles(default, **overrides):
    """Outcome per role: `default` for every role, except those named (`guest=NOT_FOUND`)."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


# The common shapes, so a new entry is one line.
MEMBER_PAGE = roles(OK, guest=NOT_FOUND, anonymous=LOGIN)  # network members only; guests must not learn it exists
SIGNED_IN_PAGE = roles(OK, anonymous=LOGIN)  # any signed-in account, guests included
SIGNED_IN_NOT_FOUND = roles(NOT_FOUND, anonymous=LOGIN)  # an object nobody may see; anonymous still goes to login
# Admin sends everyone without admin access to its own login, which is wrapped by allauth's
# secure_admin_login (see test_admin_* below for where that leads).
ADMIN_PAGE = roles(Redirect("/ar/admin/login/?next=/ar/admin/"), secretariat=OK)
# A campaign case not yet published: its entity's director and team and the secretariat only.
OWN_CAMPAIGN = roles(NOT_FOUND, secretariat=OK, director=OK, team=OK, anonymous=LOGIN)


@dataclass(frozen=True)
class Case:
    path: Callable  # (scenario) -> the concrete path requested, e.g. "/ar/meetings/12/"
    expect: dict  # role -> outcome
    label: str = ""  # tells the cases of one URL name apart in test ids
    download_kind: str = field(default="")  # for "download": the files.REGISTRY kind this case covers
    method: str = "get"


# ================================================================================================
# THE MATRIX. One entry per URL name (namespaced: "members:directory").
#
# >>> Adding a route? Add its entry below, in the block of its app. <<<
# Members portal (directory detail pages, vCard downloads, exports...): add them in the
# "members" block, e.g.
#     "members:entity_photos": [Case(lambda s: f"/ar/members/entities/{s.entity.pk}/photos/", MEMBER_PAGE)],
#     "members:export": [Case(lambda s: "/ar/members/export.csv", roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN))],
# A URL with an object in it deserves two cases: an object the role may see, and one it may not.
# Objects the builders need come from the `scenario` fixture below: add them there.
# A file kind registered in portal.files needs its own "download" case (download_kind="<kind>").
# ================================================================================================
MATRIX = {
    # portal -------------------------------------------------------------------------------------
    "landing": [Case(lambda s: "/ar/", roles(Redirect("/ar/home/"), anonymous=OK))],
    "home": [Case(lambda s: "/ar/home/", SIGNED_IN_PAGE)],
    # Search answers guests too, limited to what they may open (tests/portal/test_search.py).
    "search": [Case(lambda s: "/ar/search/?q=test", SIGNED_IN_PAGE)],
    # The header box's suggestions (JSON), scoped like the page (tests/portal/test_search_index.py).
    "search_suggest": [Case(lambda s: "/ar/search/suggest/?q=test", SIGNED_IN_PAGE)],
    # One case per kind registered in portal.files (checked by test_every_registered_file_kind_has_a_download_case).
    "download": [
        Case(lambda s: "/ar/files/no-such-kind/1/", SIGNED_IN_NOT_FOUND, label="unregistered kind"),
        # Logos are shown to network members; a guest sees their meeting and nothing else (members/downloads.py).
        Case(lambda s: f"/ar/files/entity-logo/{s.entity.pk}/", MEMBER_PAGE, label="entity-logo",
             download_kind="entity-logo"),
        Case(lambda s: f"/ar/files/entity-logo/{s.other_entity.pk}/", SIGNED_IN_NOT_FOUND, label="entity without logo"),
        # Photos of people are personal data: members only.
        Case(lambda s: f"/ar/files/person-photo/{s.director.pk}/", MEMBER_PAGE, label="person-photo",
             download_kind="person-photo"),
        Case(lambda s: f"/ar/files/person-photo-small/{s.director.pk}/", MEMBER_PAGE, label="person-photo-small",
             download_kind="person-photo-small"),
        Case(lambda s: f"/ar/files/person-photo/{s.team.pk}/", SIGNED_IN_NOT_FOUND, label="person without photo"),
        # Campaign covers follow the case: a published one for members, a draft's for its entity and the secretariat.
        Case(lambda s: f"/ar/files/campaign-cover/{_campaign(s, 'published').pk}/", MEMBER_PAGE, label="campaign-cover",
             download_kind="campaign-cover"),
        Case(lambda s: f"/ar/files/campaign-cover-card/{_campaign(s, 'published').pk}/", MEMBER_PAGE,
             label="campaign-cover-card", download_kind="campaign-cover-card"),
        Case(lambda s: f"/ar/files/campaign-cover/{_campaign(s, 'draft').pk}/", OWN_CAMPAIGN, label="campaign-cover of a draft"),
        # Gallery pictures follow their case too: a draft's are "not found" for other entities.
        Case(lambda s: f"/ar/files/campaign-picture/{_campaign_picture(s, 'published').pk}/", MEMBER_PAGE,
             label="campaign-picture", download_kind="campaign-picture"),
        Case(lambda s: f"/ar/files/campaign-picture-small/{_campaign_picture(s, 'published').pk}/", MEMBER_PAGE,
             label="campaign-picture-small", download_kind="campaign-picture-small"),
        Case(lambda s: f"/ar/files/campaign-picture/{_campaign_picture(s, 'draft').pk}/", OWN_CAMPAIGN, label="campaign-picture of a draft"),
        Case(lambda s: f"/ar/files/campaign-picture-small/{_campaign_picture(s, 'draft').pk}/", OWN_CAMPAIGN,
             label="campaign-picture-small of a draft"),
    ],
    "healthz": [Case(lambda s: "/healthz", roles(OK))],
    "robots_txt": [Case(lambda s: "/robots.txt", roles(OK))],
    "favicon": [Case(lambda s: "/favicon.ico", roles(Redirect("/static/img/logo.svg")))],
    # GET changes nothing and sends the browser home (tests/portal/test_i18n_shell.py).
    "set_language": [Case(lambda s: "/i18n/setlang/", roles(Redirect("/")))],
    # allauth pages the portal links to (allauth's other routes are skipped by the walk below).
    "account_login": [Case(lambda s: "/ar/accounts/login/", roles(Redirect("/ar/home/"), anonymous=OK))],
    # GET shows a confirmation form and does not sign out (tests/portal/test_i18n_shell.py).
    "account_logout": [Case(lambda s: "/ar/accounts/logout/", roles(OK, anonymous=Redirect("/ar/")))],
    # Closed: a login address changes only through the secretariat's audited action.
    "account_email": [Case(lambda s: "/ar/accounts/email/", roles(NOT_FOUND)),
                      Case(lambda s: "/ar/accounts/email/", roles(NOT_FOUND), label="POST", method="post")],
    # admin: only the index is in the matrix; the rest of admin is behind the same gate.
    "admin:index": [Case(lambda s: "/ar/admin/", ADMIN_PAGE)],
    # members ------------------------------------------------------------------------------------
    "members:directory": [Case(lambda s: "/ar/members/", MEMBER_PAGE)],
    "members:entities": [Case(lambda s: "/ar/members/entities/", MEMBER_PAGE)],
    "members:entity": [
        Case(lambda s: f"/ar/members/entities/{s.entity.pk}/", MEMBER_PAGE, label="active entity"),
        Case(lambda s: f"/ar/members/entities/{s.missing_pk}/", SIGNED_IN_NOT_FOUND, label="no such entity"),
    ],
    # Seen but not editable by others: 403; guests do not see it at all: 404.
    "members:entity_edit": [
        Case(lambda s: f"/ar/members/entities/{s.entity.pk}/edit/",
             roles(FORBIDDEN, secretariat=OK, director=OK, guest=NOT_FOUND, anonymous=LOGIN)),
    ],
    "members:person": [
        Case(lambda s: f"/ar/members/people/{s.director.pk}/", MEMBER_PAGE, label="director"),
        # Guests are not in the directory, not even to themselves.
        Case(lambda s: f"/ar/members/people/{s.guest.pk}/", SIGNED_IN_NOT_FOUND, label="guest"),
    ],
    "members:person_edit": [
        Case(lambda s: f"/ar/members/people/{s.director.pk}/edit/",
             roles(FORBIDDEN, secretariat=OK, director=OK, guest=NOT_FOUND, anonymous=LOGIN), label="director"),
        # A director edits the profiles of their own communication team.
        Case(lambda s: f"/ar/members/people/{s.team.pk}/edit/",
             roles(FORBIDDEN, secretariat=OK, director=OK, team=OK, guest=NOT_FOUND, anonymous=LOGIN),
             label="team member"),
    ],
    "members:person_vcard": [Case(lambda s: f"/ar/members/people/{s.director.pk}/vcard.vcf", MEMBER_PAGE)],
    "members:person_qr": [Case(lambda s: f"/ar/members/people/{s.director.pk}/qr.svg", MEMBER_PAGE)],
    "members:bulk_vcards": [
        Case(lambda s: "/ar/members/vcards.vcf", roles(OK, team=NOT_FOUND, guest=NOT_FOUND, anonymous=LOGIN)),
    ],
    # Members are sent to their own directory page; a guest, who has none, sees a plain profile.
    "members:profile": [
        Case(lambda s: "/ar/members/me/",
             roles(Redirect(lambda s, user: f"/ar/members/people/{user.pk}/"), guest=OK, anonymous=LOGIN)),
    ],
    # POST only: a GET is refused before anything else, so it reveals nothing.
    "members:profile_confirm": [
        Case(lambda s: "/ar/members/me/confirm/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: "/ar/members/me/confirm/", roles(Redirect("/ar/members/me/"), anonymous=LOGIN),
             label="POST", method="post"),
    ],
    "members:freshness_report": [
        Case(lambda s: "/ar/members/reports/freshness/", roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN)),
    ],
    "members:invite": [
        Case(lambda s: "/ar/members/invite/", roles(OK, team=NOT_FOUND, guest=NOT_FOUND, anonymous=LOGIN)),
    ],
    # Invitation links work without an account; a signed-in person is sent home.
    "members:invitation_accept": [
        Case(lambda s: f"/ar/members/invitations/{s.invitation_token}/", roles(Redirect("/ar/home/"), anonymous=OK),
             label="valid token"),
        Case(lambda s: "/ar/members/invitations/not-a-real-token/", roles(NOT_FOUND), label="unknown token"),
    ],
    # The freshness report's export and reminders: the secretariat only (tests/members/test_freshness_report.py).
    "members:freshness_export": [
        Case(lambda s: "/ar/members/reports/freshness.csv", roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN), label="csv"),
        Case(lambda s: "/ar/members/reports/freshness.pdf", roles(NOT_FOUND, anonymous=LOGIN), label="unknown format"),
    ],
    "members:freshness_remind": [
        Case(lambda s: "/ar/members/reports/freshness/remind/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: "/ar/members/reports/freshness/remind/",
             roles(NOT_FOUND, secretariat=Redirect("/ar/members/reports/freshness/?sort=entity"), anonymous=LOGIN),
             label="POST", method="post"),
    ],
    # Sent invitations: the secretariat's all, a director's own entity's (tests/members/test_invitations_page.py).
    # The scenario's invitation is the director's, for their own entity's team.
    "members:invitations": [
        Case(lambda s: "/ar/members/invite/sent/", roles(OK, team=NOT_FOUND, guest=NOT_FOUND, anonymous=LOGIN)),
    ],
    "members:invitation_resend": [
        Case(lambda s: f"/ar/members/invite/sent/{_scenario_invitation().pk}/resend/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/members/invite/sent/{_scenario_invitation().pk}/resend/",
             roles(NOT_FOUND, secretariat=Redirect("/ar/members/invite/sent/"), director=Redirect("/ar/members/invite/sent/"),
                   anonymous=LOGIN), label="POST", method="post"),
    ],
    "members:invitation_revoke": [
        Case(lambda s: f"/ar/members/invite/sent/{_scenario_invitation().pk}/revoke/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/members/invite/sent/{_scenario_invitation().pk}/revoke/",
             roles(NOT_FOUND, secretariat=Redirect("/ar/members/invite/sent/"), director=Redirect("/ar/members/invite/sent/"),
                   anonymous=LOGIN), label="POST", method="post"),
    ],
    # >>> new members-portal URLs go here (see the examples above the MATRIX) <<<
    # notifications: every signed-in account has its own; another's is a 404 (tests/portal/test_notifications.py).
    "notifications:index": [Case(lambda s: "/ar/notifications/", SIGNED_IN_PAGE)],
    "notifications:preferences": [Case(lambda s: "/ar/notifications/preferences/", SIGNED_IN_PAGE)],
    "notifications:mark_all_read": [
        Case(lambda s: "/ar/notifications/read-all/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: "/ar/notifications/read-all/", roles(Redirect("/ar/notifications/"), anonymous=LOGIN),
             label="POST", method="post"),
    ],
    # The scenario's notification is the director's, about the meeting the guest is invited to.
    "notifications:open": [
        Case(lambda s: f"/ar/notifications/{_director_notification(s).pk}/open/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/notifications/{_director_notification(s).pk}/open/",
             roles(NOT_FOUND, director=Redirect(lambda s, user: f"/ar/meetings/{s.guest_meeting.pk}/"), anonymous=LOGIN),
             label="POST", method="post"),
    ],
    "notifications:mark_read": [
        Case(lambda s: f"/ar/notifications/{_director_notification(s).pk}/read/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/notifications/{_director_notification(s).pk}/read/",
             roles(NOT_FOUND, director=Redirect("/ar/notifications/"), anonymous=LOGIN), label="POST", method="post"),
    ],
    # meetings -----------------------------------------------------------------------------------
    # Guests reach the list: it shows only the meetings they are invited to.
    "meetings:index": [Case(lambda s: "/ar/meetings/", SIGNED_IN_PAGE)],
    "meetings:detail": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/", SIGNED_IN_PAGE, label="guest invited"),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/", MEMBER_PAGE, label="guest not invited"),
        Case(lambda s: f"/ar/meetings/{s.missing_meeting_pk}/", SIGNED_IN_NOT_FOUND, label="no such meeting"),
    ],
    # The month shows each role the meetings it may see (tests/meetings/test_pages.py).
    "meetings:month": [Case(lambda s: "/ar/meetings/2026/4/", SIGNED_IN_PAGE),
                       Case(lambda s: "/ar/meetings/2026/13/", SIGNED_IN_NOT_FOUND, label="no such month")],
    # POST only; a refused or invalid reply comes back to the meeting with a message.
    "meetings:rsvp": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/rsvp/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/rsvp/",
             roles(Redirect(lambda s, user: f"/ar/meetings/{s.guest_meeting.pk}/#rsvp"), anonymous=LOGIN), label="POST", method="post"),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/rsvp/",
             roles(Redirect(lambda s, user: f"/ar/meetings/{s.other_meeting.pk}/#rsvp"), guest=NOT_FOUND, anonymous=LOGIN),
             label="POST guest not invited", method="post"),
    ],
    # Guests do not see the minutes: 404 even on their own meeting.
    "meetings:minutes_comment": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/minutes/comment/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/minutes/comment/",
             roles(Redirect(lambda s, user: f"/ar/meetings/{s.guest_meeting.pk}/#minutes"), guest=NOT_FOUND, anonymous=LOGIN),
             label="POST", method="post"),
    ],
    "meetings:feedback": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/feedback/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/feedback/",
             roles(Redirect(lambda s, user: f"/ar/meetings/{s.guest_meeting.pk}/#feedback"), anonymous=LOGIN), label="POST", method="post"),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/feedback/",
             roles(Redirect(lambda s, user: f"/ar/meetings/{s.other_meeting.pk}/#feedback"), guest=NOT_FOUND, anonymous=LOGIN),
             label="POST guest not invited", method="post"),
    ],
    # The secretariat's pages: members see the meeting but may not do this (403), guests 404.
    "meetings:check_in": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/check-in/", roles(FORBIDDEN, secretariat=OK, guest=NOT_FOUND, anonymous=LOGIN)),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/check-in/", roles(FORBIDDEN, secretariat=OK, guest=NOT_FOUND, anonymous=LOGIN),
             label="guest not invited"),
    ],
    "meetings:report": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/report/", roles(FORBIDDEN, secretariat=OK, guest=NOT_FOUND, anonymous=LOGIN)),
    ],
    "meetings:report_export": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/report.xlsx", roles(FORBIDDEN, secretariat=OK, guest=NOT_FOUND, anonymous=LOGIN),
             label="xlsx"),
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/report.pdf", roles(FORBIDDEN, secretariat=NOT_FOUND, guest=NOT_FOUND, anonymous=LOGIN),
             label="unknown format"),
    ],
    "meetings:entity_report": [Case(lambda s: "/ar/meetings/reports/entities/", roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN))],
    "meetings:entity_report_export": [
        Case(lambda s: f"/ar/meetings/reports/entities.csv?entity={s.entity.pk}&year=2026", roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN),
             label="csv"),
        Case(lambda s: "/ar/meetings/reports/entities.pdf", roles(NOT_FOUND, anonymous=LOGIN), label="unknown format"),
    ],
    # iCalendar (tests/meetings/test_calendar.py): the .ics of a meeting one sees; the feed by its token
    # alone (no sign-in, calendar programs cannot), an unknown token a 404 for everyone.
    "meetings:ics": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/meeting.ics", SIGNED_IN_PAGE, label="guest invited"),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/meeting.ics", MEMBER_PAGE, label="guest not invited"),
        Case(lambda s: f"/ar/meetings/{s.missing_meeting_pk}/meeting.ics", SIGNED_IN_NOT_FOUND, label="no such meeting"),
    ],
    "meetings:feed": [
        Case(lambda s: f"/ar/meetings/feed/{_feed_token(s.guest)}.ics", roles(OK), label="valid token"),
        Case(lambda s: "/ar/meetings/feed/no-such-token.ics", roles(NOT_FOUND), label="unknown token"),
    ],
    # Certificates (tests/meetings/test_certificates.py): attendees of a workshop only; who sees the
    # meeting without having attended it gets 403.
    "meetings:certificate": [
        Case(lambda s: f"/ar/meetings/{s.guest_meeting.pk}/certificate.pdf", roles(FORBIDDEN, anonymous=LOGIN), label="not attended"),
        Case(lambda s: f"/ar/meetings/{s.other_meeting.pk}/certificate.pdf", roles(FORBIDDEN, guest=NOT_FOUND, anonymous=LOGIN),
             label="guest not invited"),
    ],
    "meetings:feed_settings": [
        Case(lambda s: "/ar/meetings/feed/", SIGNED_IN_PAGE),
        Case(lambda s: "/ar/meetings/feed/", roles(Redirect("/ar/meetings/feed/"), anonymous=LOGIN), label="reset", method="post"),
    ],
    # documents (portal/documents; tests/portal/test_documents.py): a meeting's document is seen by
    # those who see the meeting, a guest only the ones shared with guests; older versions and the
    # writes are for those who manage it (the secretariat and the uploader: the secretariat here).
    "documents:detail": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/", SIGNED_IN_PAGE, label="shared with guests"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False).pk}/", MEMBER_PAGE, label="not shared"),
        Case(lambda s: f"/ar/documents/{s.missing_pk}/", SIGNED_IN_NOT_FOUND, label="no such document"),
    ],
    "documents:download": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/download/", SIGNED_IN_PAGE, label="shared with guests"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False).pk}/download/", MEMBER_PAGE, label="not shared"),
    ],
    "documents:version_download": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/versions/1/download/",
             roles(NOT_FOUND, secretariat=OK, anonymous=LOGIN)),
    ],
    "documents:preview": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True, preview=True).pk}/preview.png", SIGNED_IN_PAGE,
             label="shared with guests"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False, preview=True).pk}/preview.png", MEMBER_PAGE,
             label="not shared"),
    ],
    "documents:replace": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/replace/",
             roles(FORBIDDEN, secretariat=OK, anonymous=LOGIN), label="shared with guests"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False).pk}/replace/",
             roles(FORBIDDEN, secretariat=OK, guest=NOT_FOUND, anonymous=LOGIN), label="not shared"),
    ],
    "documents:edit": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/edit/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False).pk}/edit/",
             roles(FORBIDDEN, secretariat=400, guest=NOT_FOUND, anonymous=LOGIN), label="POST empty", method="post"),
    ],
    "documents:withdraw": [
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=True).pk}/withdraw/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/documents/{_meeting_document(s, shared=False).pk}/withdraw/",
             roles(FORBIDDEN, secretariat=Redirect(lambda s, user: f"/ar/meetings/{s.guest_meeting.pk}/"), guest=NOT_FOUND,
                   anonymous=LOGIN), label="POST", method="post"),
    ],
    # Every member is invited to a network meeting and may add to it; the guest sees it but may not.
    "documents:upload": [
        Case(lambda s: f"/ar/documents/add/meetings.meeting/{s.guest_meeting.pk}/", roles(OK, guest=FORBIDDEN, anonymous=LOGIN),
             label="guest invited"),
        Case(lambda s: f"/ar/documents/add/meetings.meeting/{s.other_meeting.pk}/", MEMBER_PAGE, label="guest not invited"),
        Case(lambda s: f"/ar/documents/add/no.such-owner/{s.guest_meeting.pk}/", SIGNED_IN_NOT_FOUND, label="no such owner"),
    ],
    "documents:download_all": [
        Case(lambda s: f"/ar/documents/all/meetings.meeting/{_meeting_document(s, shared=True).owner_id}/", SIGNED_IN_PAGE),
        Case(lambda s: f"/ar/documents/all/meetings.meeting/{_meeting_document(s, shared=True, meeting='other_meeting').owner_id}/",
             MEMBER_PAGE, label="guest not invited"),
    ],
    # campaigns, resources, studio ---------------------------------------------------------------
    "campaigns:index": [Case(lambda s: "/ar/campaigns/", MEMBER_PAGE)],
    # A published case is every member's; a draft only its entity's and the secretariat's (tests/campaigns/).
    "campaigns:detail": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/", MEMBER_PAGE, label="published"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/", OWN_CAMPAIGN, label="draft"),
        Case(lambda s: f"/ar/campaigns/{s.missing_pk}/", SIGNED_IN_NOT_FOUND, label="no such case"),
    ],
    # The owner entity's director and team write; the secretariat reviews in admin (403: it sees the case).
    "campaigns:create": [Case(lambda s: "/ar/campaigns/new/", roles(OK, secretariat=FORBIDDEN, guest=NOT_FOUND, anonymous=LOGIN))],
    "campaigns:edit": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/edit/",
             roles(FORBIDDEN, director=OK, team=OK, guest=NOT_FOUND, anonymous=LOGIN), label="published"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/edit/",
             roles(NOT_FOUND, secretariat=FORBIDDEN, director=OK, team=OK, anonymous=LOGIN), label="draft"),
    ],
    "campaigns:submit": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/submit/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/submit/",
             roles(NOT_FOUND, secretariat=FORBIDDEN, director=Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'in_review').pk}/"),
                   team=Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'in_review').pk}/"), anonymous=LOGIN),
             label="POST", method="post"),
    ],
    "campaigns:mine": [Case(lambda s: "/ar/campaigns/mine/", roles(NOT_FOUND, director=OK, team=OK, other_director=OK, anonymous=LOGIN))],
    # Interaction (tests/campaigns/test_interaction*.py): POST forms that go back to the case. The
    # matrix posts no text, so a member's comment or answer is refused with a message on the case.
    "campaigns:collection": [Case(lambda s: "/ar/campaigns/collection/", MEMBER_PAGE)],
    "campaigns:comment": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'published').pk}/#comments"), guest=NOT_FOUND, anonymous=LOGIN),
             label="POST published", method="post"),
        # A draft takes no comments (a message for those who see it); another entity's draft is not found.
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/comments/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'draft').pk}/#comments"), other_director=NOT_FOUND,
                   guest=NOT_FOUND, anonymous=LOGIN),
             label="POST draft", method="post"),
    ],
    # The entity's people and the secretariat answer; another member sees the comment but may not (403).
    "campaigns:comment_answer": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/{_comment(s).pk}/answer/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/{_comment(s).pk}/answer/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'published').pk}/#comment-{_comment(s).pk}"),
                   other_director=FORBIDDEN, guest=NOT_FOUND, anonymous=LOGIN),
             label="POST", method="post"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/{s.missing_pk}/answer/", SIGNED_IN_NOT_FOUND,
             label="no such comment", method="post"),
    ],
    "campaigns:comment_hide": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/{_comment(s).pk}/hide/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/comments/{_comment(s).pk}/hide/",
             roles(FORBIDDEN, secretariat=Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'published').pk}/#comment-{_comment(s).pk}"),
                   guest=NOT_FOUND, anonymous=LOGIN),
             label="POST", method="post"),
    ],
    # The case's own entity does not mark it useful (403); a draft is refused with a message to those who see it.
    "campaigns:useful": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/useful/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/useful/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'published').pk}/#interaction"), director=FORBIDDEN,
                   team=FORBIDDEN, guest=NOT_FOUND, anonymous=LOGIN),
             label="POST published", method="post"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/useful/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'draft').pk}/#interaction"), other_director=NOT_FOUND,
                   guest=NOT_FOUND, anonymous=LOGIN),
             label="POST draft", method="post"),
    ],
    "campaigns:save": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/save/", roles(NOT_ALLOWED), label="GET"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/save/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'published').pk}/#interaction"), guest=NOT_FOUND, anonymous=LOGIN),
             label="POST published", method="post"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/save/",
             roles(Redirect(lambda s, user: f"/ar/campaigns/{_campaign(s, 'draft').pk}/#interaction"), other_director=NOT_FOUND,
                   guest=NOT_FOUND, anonymous=LOGIN),
             label="POST draft", method="post"),
    ],
    # The gallery manager: the case's own entity's director and team, like the edit page.
    "campaigns:gallery": [
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'published').pk}/gallery/",
             roles(FORBIDDEN, director=OK, team=OK, guest=NOT_FOUND, anonymous=LOGIN), label="published"),
        Case(lambda s: f"/ar/campaigns/{_campaign(s, 'draft').pk}/gallery/",
             roles(NOT_FOUND, secretariat=FORBIDDEN, director=OK, team=OK, anonymous=LOGIN), label="draft"),
    ],
    # The coordination calendar and strategic messages: every network member (tests/campaigns/test_calendar.py,
    # test_messages.py); the feed by its token alone, a guest's or an unknown token a 404 for everyone.
    "campaigns:calendar": [Case(lambda s: "/ar/campaigns/calendar/", MEMBER_PAGE)],
    "campaigns:calendar_month": [Case(lambda s: "/ar/campaigns/calendar/2026/12/", MEMBER_PAGE),
                                 Case(lambda s: "/ar/campaigns/calendar/2026/13/", SIGNED_IN_NOT_FOUND, label="no such month")],
    "campaigns:calendar_feed_settings": [
        Case(lambda s: "/ar/campaigns/calendar/feed/", MEMBER_PAGE),
        Case(lambda s: "/ar/campaigns/calendar/feed/",
             roles(Redirect("/ar/campaigns/calendar/feed/"), guest=NOT_FOUND, anonymous=LOGIN), label="reset", method="post"),
    ],
    "campaigns:calendar_feed": [
        Case(lambda s: f"/ar/campaigns/calendar/feed/{_campaign_feed_token(s.director)}.ics", roles(OK), label="valid token"),
        Case(lambda s: f"/ar/campaigns/calendar/feed/{_campaign_feed_token(s.guest)}.ics", roles(NOT_FOUND), label="guest's token"),
        Case(lambda s: "/ar/campaigns/calendar/feed/no-such-token.ics", roles(NOT_FOUND), label="unknown token"),
    ],
    "campaigns:messages": [Case(lambda s: "/ar/campaigns/messages/", MEMBER_PAGE)],
    "campaigns:message": [
        Case(lambda s: f"/ar/campaigns/messages/{_strategic_message().pk}/", MEMBER_PAGE, label="published"),
        Case(lambda s: f"/ar/campaigns/messages/{s.missing_pk}/", SIGNED_IN_NOT_FOUND, label="no such message"),
    ],
    "resources:index": [Case(lambda s: "/ar/resources/", MEMBER_PAGE)],
    "studio:index": [Case(lambda s: "/ar/studio/", MEMBER_PAGE)],
}


def _director_notification(s):
    from portal.notifications.services import notify

    return notify([s.director], "meetings.new", s.guest_meeting)[0]


def _campaign_feed_token(person):
    from campaigns.calendar import calendar_feed_for

    return calendar_feed_for(person).token


def _strategic_message():
    from campaigns.models import StrategicMessage

    return StrategicMessage.objects.get_or_create(
        title_en="Strategic message", defaults={"title_ar": "رسالة استراتيجية", "body_ar": "نص", "valid_from": timezone.localdate()},
    )[0]


def _feed_token(person):
    from meetings.services import calendar_feed_for

    return calendar_feed_for(person).token


# One page, blank: enough for PDFium to draw a preview.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _meeting_document(s, *, shared, meeting="guest_meeting", preview=False):
    """The scenario's document of that meeting, uploaded by the secretariat (made on first use)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.documents.models import Document
    from portal.documents.services import document_upload
    from portal.documents.tasks import extract_document

    owner = getattr(s, meeting)
    title = f"{meeting} {'shared' if shared else 'members only'}"
    document = Document.objects.filter(owner_id=owner.pk, title=title).first()
    if document is None:
        document = document_upload(
            owner=owner, upload=SimpleUploadedFile("جدول الأعمال.pdf", MINIMAL_PDF, "application/pdf"), title=title,
            kind="agenda", language="ar", shared_with_guests=shared, acting_user=s.secretariat,
        )
    if preview and not document.preview:
        extract_document.call(document.pk, document.current_version_id)
        document.refresh_from_db()
        assert document.preview, "the preview was not made"
    return document


def _campaign_picture(s, state):
    """A gallery picture (its renditions made) of the scenario's case in `state`."""
    from campaigns.models import GalleryImage

    campaign = _campaign(s, state)
    picture = GalleryImage.objects.filter(campaign=campaign).first()
    if picture is None:
        picture = GalleryImage(campaign=campaign, caption_en="A picture")
        for field in ("image", "thumbnail"):
            getattr(picture, field).save("picture.jpg", ContentFile(_image_bytes("JPEG")), save=False)
        picture.save()
    return picture


def _campaign(s, state):
    """The scenario entity's case in `state` ("in_review" is the draft once submitted), with covers."""
    from campaigns.models import Campaign

    if state == "in_review":
        return Campaign.objects.get(owner=s.entity, title_en="Draft case")
    title = {"published": "Published case", "draft": "Draft case"}[state]
    campaign = Campaign.objects.filter(owner=s.entity, title_en=title).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            owner=s.entity, state=state, title_ar=title, title_en=title, starts_on=timezone.localdate(),
            summary_ar="ملخص", objectives_ar="أهداف",
        )
        for field in ("cover", "cover_card"):
            getattr(campaign, field).save("cover.jpg", ContentFile(_image_bytes("JPEG")), save=False)
        campaign.save(update_fields=["cover", "cover_card"])
    return campaign


def _comment(s):
    """A question of the other entity's director on the scenario's published case (made on first use)."""
    from campaigns.models import Comment

    campaign = _campaign(s, "published")
    comment = Comment.objects.filter(campaign=campaign).first()
    if comment is None:
        comment = Comment.objects.create(campaign=campaign, author=s.other_director, author_entity=s.other_entity, body="سؤال")
    return comment


def _scenario_invitation():
    return Invitation.objects.get(email="invitee@test.gcn.ae")


def _image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#b68a35").save(buffer, image_format)
    return buffer.getvalue()


@pytest.fixture
def scenario(users, entity, other_entity):
    """The objects the path builders point at."""
    now = timezone.now()
    guest_meeting = Meeting.objects.create(
        title_ar="جلسة معرفية مع الضيف", title_en="Knowledge session with the guest",
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2), host=entity,
    )
    guest_meeting.guests.set([users["guest"]])
    other_meeting = Meeting.objects.create(
        title_ar="اجتماع الشبكة المغلق", title_en="Closed network meeting",
        starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=5, hours=1), host=other_entity,
    )
    # Real image files in the test's MEDIA_ROOT, for the download cases.
    entity.logo.save("logo.png", ContentFile(_image_bytes("PNG")))
    users["director"].photo.save("director.jpg", ContentFile(_image_bytes("JPEG")), save=False)
    users["director"].photo_small.save("director-small.jpg", ContentFile(_image_bytes("JPEG")), save=False)
    users["director"].save(update_fields=["photo", "photo_small"])
    token, token_hash = Invitation.new_token()
    Invitation.objects.create(
        email="invitee@test.gcn.ae", role=Role.TEAM, entity=entity, invited_by=users["director"], token_hash=token_hash,
    )
    return SimpleNamespace(
        **users, entity=entity, other_entity=other_entity,
        guest_meeting=guest_meeting, other_meeting=other_meeting, missing_meeting_pk=other_meeting.pk + 1000,
        missing_pk=987654321,
        invitation_token=token,
    )


def _cases():
    for url_name, cases in MATRIX.items():
        for index, case in enumerate(cases):
            label = case.label or (str(index) if len(cases) > 1 else "")
            for role in ROLES:
                yield pytest.param(url_name, case, role, id=f"{url_name}{f'[{label}]' if label else ''}-{role}")


def login_location(path):
    # Django's redirect_to_login keeps "/" readable and quotes the rest of `next`.
    return f"/ar/accounts/login/?next={quote(path, safe='/')}"


@pytest.mark.parametrize(("url_name", "case", "role"), list(_cases()))
def test_access_matrix(login_as, scenario, url_name, case, role):
    path = case.path(scenario)
    user = getattr(scenario, role)
    response = getattr(login_as(user), case.method)(path)
    expected = case.expect[role]
    if expected == LOGIN:
        assert (response.status_code, response.get("Location")) == (302, login_location(path))
    elif isinstance(expected, Redirect):
        location = expected.location(scenario, user) if callable(expected.location) else expected.location
        assert (response.status_code, response.get("Location")) == (302, location)
    else:
        assert response.status_code == expected, f"{role} GET {path}"
        if expected == OK:
            # A 200 for a signed-in role must be the page itself, not the login form it was bounced to.
            assert response.resolver_match.url_name == url_name.split(":")[-1]


def test_every_case_covers_every_role():
    for url_name, cases in MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), url_name


# The walk over every route -----------------------------------------------------------------------
# Routes the matrix does not list, by one rule each:
# 1. allauth's own views: names starting with these prefixes, and allauth's unnamed legacy redirects
#    (accounts/social/... -> accounts/3rdparty/...), i.e. anything included from an `allauth.*` urlconf.
#    allauth's access control is allauth's to test; the pages the portal links to (login, logout) are listed.
# 2. Django admin internals: every route in the `admin` namespace except `admin:index`, which is listed;
#    they all sit behind the same `admin_view` gate the index goes through.
ALLAUTH_NAME_PREFIXES = ("account_", "mfa_", "socialaccount_", "openid_connect_")
LISTED_ADMIN_ROUTES = {"admin:index"}


def _walk(patterns, prefix="", namespaces=(), from_allauth=False):
    """Yields (route, full url name or None, namespaces, from_allauth) for every pattern, recursively."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            module = pattern.urlconf_name
            module_name = module if isinstance(module, str) else getattr(module, "__name__", "")
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                namespaces + ((pattern.namespace,) if pattern.namespace else ()),
                from_allauth or module_name.startswith("allauth"),
            )
        else:
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield prefix + str(pattern.pattern), name, namespaces, from_allauth


def _is_skipped(name, namespaces, from_allauth):
    if "admin" in namespaces:
        return name not in LISTED_ADMIN_ROUTES
    if from_allauth:
        # A named allauth route outside these prefixes is new to us: it is reported, not skipped.
        return name is None or (name.startswith(ALLAUTH_NAME_PREFIXES) and name not in MATRIX)
    return False


def project_routes():
    return list(_walk(get_resolver().url_patterns))


def test_every_route_is_in_the_matrix():
    missing = []
    for route, name, namespaces, from_allauth in project_routes():
        if _is_skipped(name, namespaces, from_allauth):
            continue
        if name is None:
            missing.append(f"{route} (unnamed: give it a name and add it to MATRIX)")
        elif name not in MATRIX:
            missing.append(f"{name} ({route})")
    assert not missing, (
        "Routes without an entry in the access matrix (tests/portal/test_access_matrix.py):\n" + "\n".join(missing)
    )


def test_matrix_lists_only_existing_routes():
    names = {name for _route, name, _ns, _allauth in project_routes() if name}
    assert sorted(set(MATRIX) - names) == []


def test_walk_sees_i18n_namespaced_and_admin_routes():
    # Guards the walk itself: if it stopped descending into i18n_patterns or namespaces, the
    # completeness test above would pass on nothing.
    by_name = {name: route for route, name, _ns, _allauth in project_routes() if name}
    assert by_name["members:directory"] == "ar/members/"
    assert by_name["meetings:detail"] == "ar/meetings/<int:pk>/"
    assert by_name["admin:index"] == "ar/admin/"
    assert by_name["healthz"] == "healthz"
    assert by_name["account_login"] == "ar/accounts/login/"


def test_every_registered_file_kind_has_a_download_case():
    covered = {case.download_kind for case in MATRIX["download"] if case.download_kind}
    assert sorted(set(files.REGISTRY) - covered) == []


# Admin: where the gate leads ---------------------------------------------------------------------
def test_secretariat_with_totp_opens_admin(login_as, secretariat):
    response = login_as(secretariat).get("/ar/admin/")
    assert response.status_code == 200
    assert response.context["site_header"] == "بوابة GCN"


def test_anonymous_admin_goes_to_the_allauth_login(client):
    response = client.get("/ar/admin/", follow=True)
    assert response.redirect_chain == [
        ("/ar/admin/login/?next=/ar/admin/", 302),
        ("/ar/accounts/login/?next=%2Far%2Fadmin%2F", 302),
    ]
    assert response.status_code == 200
    assert response.resolver_match.url_name == "account_login"


@pytest.mark.parametrize("role", ["director", "team", "other_director", "guest"])
def test_non_secretariat_is_refused_by_admin(login_as, users, role):
    response = login_as(users[role]).get("/ar/admin/", follow=True)
    assert response.redirect_chain == [("/ar/admin/login/?next=/ar/admin/", 302)]
    assert response.status_code == 403


def test_secretariat_without_totp_cannot_reach_admin(login_as, db):
    secretariat = make_user("no-totp@test.gcn.ae", Role.SECRETARIAT)
    response = login_as(secretariat).get("/ar/admin/")
    assert (response.status_code, response["Location"]) == (302, "/ar/accounts/2fa/totp/activate/")


# Guests and other scopes: 404 that reveals nothing -----------------------------------------------
def test_guest_cannot_open_other_meeting(login_as, scenario):
    response = login_as(scenario.guest).get(f"/ar/meetings/{scenario.other_meeting.pk}/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "الصفحة غير موجودة" in body
    assert "اجتماع الشبكة المغلق" not in body and "Closed network meeting" not in body


def test_guest_meeting_list_shows_only_their_meeting(login_as, scenario):
    response = login_as(scenario.guest).get("/ar/meetings/")
    meetings = list(response.context["upcoming"]) + list(response.context["past"])
    assert meetings == [scenario.guest_meeting]
    assert "اجتماع الشبكة المغلق" not in response.content.decode()


@pytest.mark.parametrize("url_name", ["members:directory", "campaigns:index", "resources:index", "studio:index"])
def test_guest_gets_the_plain_404_page_on_member_portals(login_as, scenario, url_name):
    path = MATRIX[url_name][0].path(scenario)
    response = login_as(scenario.guest).get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# GET-only pages refuse other methods -------------------------------------------------------------
GET_ONLY = ["landing", "home", "search", "search_suggest", "members:directory", "members:entities", "members:profile",
            "members:freshness_report", "members:freshness_export", "members:invitations",
            "meetings:index", "meetings:month", "meetings:report", "meetings:entity_report", "campaigns:index", "campaigns:mine", "resources:index", "studio:index",
            "campaigns:calendar", "campaigns:calendar_month", "campaigns:messages", "campaigns:message", "campaigns:calendar_feed",
            "healthz", "robots_txt"]


@pytest.mark.parametrize("url_name", GET_ONLY)
@pytest.mark.parametrize("role", ["director", "anonymous"])
def test_get_only_pages_answer_post_with_405(login_as, scenario, url_name, role):
    path = MATRIX[url_name][0].path(scenario)
    response = login_as(getattr(scenario, role)).post(path, {"is_staff": "on"})
    assert response.status_code == NOT_ALLOWED
    assert response["Allow"] in ("GET", "GET, HEAD")  # pages allow HEAD too (monitors, link checkers)


def test_head_is_answered_like_get(client):
    # Uptime monitors and link checkers send HEAD: the landing page and health check answer it.
    assert client.head("/ar/").status_code == 200
    assert client.head("/healthz").status_code == 200
