"""Demo meetings, drawn from the network's own history (see shared/seeds)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

DUBAI = ZoneInfo("Asia/Dubai")


def _at(year, month, day, hour):
    return datetime(year, month, day, hour, tzinfo=DUBAI)


def seed(stdout, context):
    accounts = context["accounts"]
    from meetings.models import Meeting
    from members.models import Entity

    det = Entity.objects.get(name_en="Department of Economy and Tourism")
    municipality = Entity.objects.get(name_en="Dubai Municipality")
    secretariat = Entity.objects.get(name_en="General Secretariat of the Executive Council of Dubai")
    soon = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=14)
    meetings = [
        {
            "title_en": "The network's first meeting of 2022",
            "title_ar": "الاجتماع الأول للشبكة لعام 2022",
            "kind": Meeting.Kind.NETWORK_MEETING, "starts_at": _at(2022, 3, 15, 10), "host": det,
            "location_ar": "دائرة الاقتصاد والسياحة", "location_en": "Department of Economy and Tourism",
            "summary_ar": "إطلاق المنصة الرقمية التفاعلية لأعضاء الشبكة، ودعم البرامج البيئية، وعرض حملة «دبي تبادر للاستدامة» للحد من استخدام عبوات المياه البلاستيكية أحادية الاستخدام.",
            "summary_en": "Launch of the members' interactive platform, support for environmental programmes, and the 'Dubai Can' campaign to reduce single-use plastic water bottles.",
        },
        {
            "title_en": "Training workshop: using social media",
            "title_ar": "ورشة تدريبية حول استخدام وسائل التواصل الاجتماعي",
            "kind": Meeting.Kind.WORKSHOP, "starts_at": _at(2022, 5, 24, 9), "host": secretariat,
            "location_ar": "الأمانة العامة للمجلس التنفيذي", "location_en": "General Secretariat of the Executive Council",
            "summary_ar": "تحديد الأهداف والجمهور والمحتوى، وآلية الاستجابة، واختيار منصات التواصل الاجتماعي المناسبة.",
            "summary_en": "Setting objectives, audience and content, the response mechanism, and choosing the right platforms.",
        },
        {
            "title_en": "Knowledge session: crisis communication",
            "title_ar": "جلسة معرفية: الاتصال في الأزمات",
            "kind": Meeting.Kind.KNOWLEDGE_SESSION, "starts_at": soon, "host": municipality,
            "location_ar": "بلدية دبي", "location_en": "Dubai Municipality",
            "summary_ar": "تجارب الجهات الحكومية في إدارة الاتصال خلال الأزمات.",
            "summary_en": "How government entities ran their communication during crises.",
        },
        {
            "title_en": "Network meeting: coordinating the year's strategic messages",
            "title_ar": "اجتماع الشبكة: تنسيق الرسائل الاستراتيجية للعام",
            "kind": Meeting.Kind.NETWORK_MEETING, "starts_at": soon + timedelta(days=21), "host": secretariat,
            "location_ar": "الأمانة العامة للمجلس التنفيذي", "location_en": "General Secretariat of the Executive Council",
            "summary_ar": "مراجعة تقويم الحملات والرسائل الاستراتيجية لحكومة دبي.",
            "summary_en": "Review of the calendar of campaigns and strategic messages of Dubai Government.",
        },
    ]
    for values in meetings:
        values["ends_at"] = values["starts_at"] + timedelta(hours=2)
        meeting, _ = Meeting.objects.update_or_create(title_en=values.pop("title_en"), defaults=values)
    guest_meeting = Meeting.objects.get(title_en="Knowledge session: crisis communication")
    guest_meeting.guests.set([accounts["guest"]])
    stdout.write(f"  {Meeting.objects.count()} meetings")
