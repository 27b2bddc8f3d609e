"""Attendance reports: one meeting by entity, one entity over a year; pages and their CSV and XLSX
exports, parsed back, with Arabic intact and formulas neutralised."""
import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from meetings.models import Meeting, Rsvp
from members.models import Role
from portal.audit import AuditEntry
from tests.conftest import make_user
from tests.meetings.page_data import check_in, invite, make_meeting, reply

pytestmark = pytest.mark.django_db

# Reports go by the year: the meetings are held on fixed days of a fixed year, so the tests do not
# depend on today's date (two days ago is last year in the first days of January).
YEAR = 2023


def held_on(day, title, **fields):
    meeting = make_meeting(title, -1, **fields)
    start = datetime(YEAR, 5, day, 10, tzinfo=ZoneInfo("Asia/Dubai"))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def held(secretariat, director, team_member, other_director, entity, other_entity):
    meeting = held_on(10, "Held", title_ar="الاجتماع الأول", host=entity)
    reply(meeting, director)
    reply(meeting, other_director, Rsvp.Response.MAYBE)
    check_in(meeting, director, secretariat)
    check_in(meeting, other_director, secretariat)
    return meeting


def test_meeting_report_by_entity(login_as, secretariat, held):
    response = login_as(secretariat).get(f"/en/meetings/{held.pk}/report/")
    rows = [(g.entity.name_en if g.entity else None, g.invited, g.replied, g.attending, g.attended) for g in response.context["groups"]]
    assert rows == [("Department of Economy and Tourism", 2, 1, 1, 1), ("Dubai Municipality", 1, 1, 0, 1), (None, 1, 0, 0, 0)]
    assert response.context["totals"] == {"invited": 4, "replied": 2, "attending": 1, "attended": 2}


def test_meeting_report_csv_and_xlsx_parse_back(login_as, secretariat, held, entity):
    evil = make_user("evil@test.gcn.ae", Role.TEAM, entity, name_ar="=HYPERLINK(\"http://x\",\"y\")", name_en="@SUM(A1)")
    reply(held, evil, Rsvp.Response.NOT_ATTENDING)
    client = login_as(secretariat)
    response = client.get(f"/ar/meetings/{held.pk}/report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8" and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_email = {row[3]: row for row in rows[1:]}
    assert by_email["director@test.gcn.ae"][:3] == ["دائرة الاقتصاد والسياحة", "خالد المنصوري", "Khalid Al Mansouri"]
    assert by_email["evil@test.gcn.ae"][1:3] == ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)"]
    workbook = load_workbook(io.BytesIO(client.get(f"/ar/meetings/{held.pk}/report.xlsx").content))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == len(rows)
    evil_row = next(row for row in values if row[3] == "evil@test.gcn.ae")
    assert evil_row[1] == "=HYPERLINK(\"http://x\",\"y\")"
    cell = next(row for row in sheet.iter_rows() if row[3].value == "evil@test.gcn.ae")[1]
    assert cell.data_type == "s" and cell.quotePrefix
    assert sheet.sheet_view.rightToLeft
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED, target_id=str(held.pk)).count() == 2


def test_entity_year_report_and_export(login_as, secretariat, held, director, other_director, entity, other_entity):
    workshop = held_on(9, "Workshop", invite_all_members=False)
    invite(workshop, entities=[other_entity])
    check_in(workshop, other_director, secretariat)
    year = YEAR
    client = login_as(secretariat)
    response = client.get("/en/meetings/reports/entities/", {"entity": other_entity.pk, "year": year})
    lines = [(line.meeting.title_en, line.invited, [p.email for p in line.attendees]) for line in response.context["lines"]]
    assert sorted(lines) == [("Held", True, ["director2@test.gcn.ae"]), ("Workshop", True, ["director2@test.gcn.ae"])]
    summary = {row["entity"].name_en: (row["invited"], row["attended"], row["people"]) for row in client.get(
        "/en/meetings/reports/entities/", {"year": year}).context["summary"]}
    assert summary == {"Department of Economy and Tourism": (1, 1, 1), "Dubai Municipality": (2, 2, 1)}
    exported = client.get("/ar/meetings/reports/entities.xlsx", {"entity": other_entity.pk, "year": year})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    titles = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["اجتماع Workshop", "الاجتماع الأول"]
    overview = list(csv.reader(io.StringIO(client.get("/en/meetings/reports/entities.csv", {"year": year}).content.decode("utf-8-sig"))))
    assert overview[1:] == [["Department of Economy and Tourism", "1", "1", "1"], ["Dubai Municipality", "2", "2", "1"]]


def test_reports_are_for_the_secretariat_only(login_as, director, held):
    client = login_as(director)
    assert client.get(f"/en/meetings/{held.pk}/report.csv").status_code == 403
    assert client.get("/en/meetings/reports/entities.csv").status_code == 404
