"""A workshop participant's certificate of attendance (PDF)."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from meetings.certificates import certificate_filename, certificate_number, certificate_pdf
from meetings.models import Attendance, Meeting
from portal import audit
from portal.access import get_visible_or_404


@require_safe
@login_required
def certificate(request, pk):
    """404 for a meeting the user cannot see; 403 for one they see but did not attend (or not a workshop)."""
    meeting = get_visible_or_404(Meeting.objects.all(), request.user, pk=pk)
    if not request.user.has_perm("meetings.download_certificate", meeting):
        raise PermissionDenied
    attendance = Attendance.objects.select_related("meeting", "person").get(meeting=meeting, person=request.user)
    body = certificate_pdf(attendance)
    audit.record(audit.Action.DOWNLOADED, actor=request.user, target=meeting, request=request,
                 file="certificate", certificate=certificate_number(attendance))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, certificate_filename(meeting))
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
