"""Demo meetings, drawn from the network's own history (see shared/seeds): the first network meeting
of 2022 at the Department of Economy and Tourism, where the members' platform was launched, with its
agenda, replies, attendance, decisions, action items and approved minutes; the "Using social media"
workshop with its 22 participants and their feedback; an upcoming knowledge session (the demo
guest's one meeting, where she presents) and an upcoming network meeting into which the open action
items roll forward. Each meeting carries real generated documents. Running it again changes nothing."""
import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

DUBAI = ZoneInfo("Asia/Dubai")
FIRST_MEETING = "The network's first meeting of 2022"
WORKSHOP = "Training workshop: using social media"
SESSION = "Knowledge session: crisis communication"
NEXT_MEETING = "Network meeting: coordinating the year's strategic messages"
WORKSHOP_PARTICIPANTS = 22


def _at(year, month, day, hour):
    return datetime(year, month, day, hour, tzinfo=DUBAI)


def loaded():
    from meetings.models import Meeting

    return Meeting.objects.filter(title_en=FIRST_MEETING, agenda_items__isnull=False).exists()


def seed(stdout, context):
    from meetings.models import Meeting
    from members.models import Entity

    accounts = context["accounts"]
    entity = {name: Entity.objects.get(name_en=name) for name in (
        "Department of Economy and Tourism", "Dubai Municipality", "General Secretariat of the Executive Council of Dubai",
    )}
    det, municipality, secretariat_entity = entity.values()
    soon = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=14)
    meetings = {}
    for values in _meetings(det, municipality, secretariat_entity, soon):
        values.setdefault("ends_at", values["starts_at"] + timedelta(hours=2))
        title_en = values.pop("title_en")
        meetings[title_en], _created = Meeting.objects.update_or_create(title_en=title_en, defaults=values)
    meetings[SESSION].guests.set([accounts["guest"]])
    _agendas(meetings, det, municipality, secretariat_entity, accounts)
    _first_meeting_record(meetings[FIRST_MEETING], det, municipality, secretariat_entity, accounts)
    _workshop_record(meetings[WORKSHOP], accounts)
    _upcoming_replies(meetings, accounts)
    _documents(meetings, accounts)
    stdout.write(f"  {Meeting.objects.count()} meetings")


def _meetings(det, municipality, secretariat_entity, soon):
    return [
        {
            "title_en": FIRST_MEETING, "title_ar": "الاجتماع الأول للشبكة لعام 2022",
            "kind": "network_meeting", "status": "held", "starts_at": _at(2022, 3, 15, 10), "host": det,
            "location_ar": "دائرة الاقتصاد والسياحة", "location_en": "Department of Economy and Tourism",
            "summary_ar": "إطلاق المنصة الرقمية التفاعلية لأعضاء الشبكة، ودعم البرامج البيئية ضمن أولويات أجندة المجلس التنفيذي لعام 2022، وعرض نتائج حملة «دبي تبادر للاستدامة» للحد من استخدام عبوات المياه البلاستيكية أحادية الاستخدام.",
            "summary_en": "Launch of the members' interactive platform, support for the environmental programmes of the Executive Council's 2022 agenda, and the results of the 'Dubai Can' campaign to reduce single-use plastic water bottles.",
            "invite_all_members": True, "capacity": None,
        },
        {
            "title_en": WORKSHOP, "title_ar": "ورشة تدريبية حول استخدام وسائل التواصل الاجتماعي",
            "kind": "workshop", "status": "held", "starts_at": _at(2022, 5, 24, 9), "ends_at": _at(2022, 5, 24, 13),
            "host": secretariat_entity,
            "location_ar": "الأمانة العامة للمجلس التنفيذي", "location_en": "General Secretariat of the Executive Council",
            "summary_ar": "ورشة تدريبية مكثفة لموظفي الاتصال الحكومي في الدوائر والجهات الحكومية في دبي: تحديد الأهداف والجمهور والمحتوى، وآلية الاستجابة، واختيار منصات التواصل الاجتماعي المناسبة.",
            "summary_en": "An intensive workshop for government communication staff of Dubai's departments and entities: setting objectives, audience and content, the response mechanism, and choosing the right platforms.",
            "invite_all_members": False, "capacity": 25, "participants_count": WORKSHOP_PARTICIPANTS,
            "trainers_ar": "فريق الشبكة العامة للاتصال الحكومي", "trainers_en": "The Government Communication Network team",
            "topics_ar": "تحديد الأهداف\nالجمهور والمحتوى\nآلية الاستجابة\nاختيار المنصات المناسبة (انستغرام، تويتر، يوتيوب)\nاختيار المحتوى المناسب لكل منصة",
            "topics_en": "Setting objectives\nAudience and content\nThe response mechanism\nChoosing the right platforms (Instagram, Twitter, YouTube)\nChoosing content for each platform",
            "target_audience_ar": "موظفو الاتصال الحكومي في الدوائر والجهات الحكومية في إمارة دبي",
            "target_audience_en": "Government communication staff of Dubai government departments and entities",
            "programme_ar": "برنامج رفع كفاءات الاتصال الحكومي", "programme_en": "Government communication capability programme",
        },
        {
            "title_en": SESSION, "title_ar": "جلسة معرفية: الاتصال في الأزمات",
            "kind": "knowledge_session", "status": "scheduled", "starts_at": soon, "host": municipality,
            "location_ar": "بلدية دبي", "location_en": "Dubai Municipality",
            "summary_ar": "تجارب الجهات الحكومية في إدارة الاتصال خلال الأزمات.",
            "summary_en": "How government entities ran their communication during crises.",
            "invite_all_members": True, "capacity": 12,
        },
        {
            "title_en": NEXT_MEETING, "title_ar": "اجتماع الشبكة: تنسيق الرسائل الاستراتيجية للعام",
            "kind": "network_meeting", "status": "scheduled", "starts_at": soon + timedelta(days=21), "host": secretariat_entity,
            "location_ar": "الأمانة العامة للمجلس التنفيذي", "location_en": "General Secretariat of the Executive Council",
            "online_url": "https://teams.microsoft.com/l/meetup-join/gcn-demo",
            "summary_ar": "مراجعة تقويم الحملات والرسائل الاستراتيجية لحكومة دبي، ومتابعة الأمور الناشئة عن الاجتماعات السابقة.",
            "summary_en": "Review of the calendar of campaigns and strategic messages of Dubai Government, and matters arising from earlier meetings.",
            "invite_all_members": True, "capacity": None,
        },
    ]


def _agendas(meetings, det, municipality, secretariat_entity, accounts):
    from meetings.models import AgendaItem

    agendas = {
        FIRST_MEETING: [
            ("إطلاق المنصة التفاعلية الرقمية لأعضاء الشبكة", "Launch of the members' interactive digital platform",
             {"presenter_entity": secretariat_entity, "planned_minutes": 20}),
            ("دعم البرامج البيئية ضمن أولويات أجندة المجلس التنفيذي لعام 2022", "Supporting the environmental programmes of the Executive Council's 2022 agenda",
             {"presenter_entity": secretariat_entity, "planned_minutes": 15}),
            ("تفاصيل ونتائج الحملة المجتمعية «دبي تبادر للاستدامة»", "Details and results of the 'Dubai Can' community campaign",
             {"presenter_entity": det, "planned_minutes": 20,
              "description_ar": "حملة للحد من استهلاك عبوات المياه البلاستيكية أحادية الاستخدام وتوعية أفراد المجتمع بأهمية الحفاظ على الموارد الطبيعية.",
              "description_en": "A campaign to cut single-use plastic water bottles and raise awareness of conserving natural resources."}),
            ("الحملة المجتمعية لدعم سياسة الحد من الأكياس البلاستيكية ذات الاستخدام الواحد", "Community campaign for the single-use plastic bag policy",
             {"presenter_entity": municipality, "planned_minutes": 20,
              "description_ar": "فرض تعرفة على أكياس نقل البضائع أحادية الاستخدام اعتباراً من أول يوليو 2022 في جميع المتاجر بدبي.",
              "description_en": "A tariff on single-use carrier bags in every shop in Dubai from 1 July 2022."}),
            ("برنامج قادة التغيير للعمل التطوعي في قطاع البيئة تمهيداً لمؤتمر COP28", "Change-makers volunteering programme for the environment ahead of COP28",
             {"presenter_guest_ar": "جمعية الإمارات للطبيعة بالتعاون مع الصندوق العالمي لصون الطبيعة",
              "presenter_guest_en": "Emirates Nature–WWF", "planned_minutes": 25}),
        ],
        WORKSHOP: [
            ("تحديد الأهداف", "Setting objectives", {"planned_minutes": 45}),
            ("الجمهور والمحتوى", "Audience and content", {"planned_minutes": 60}),
            ("آلية الاستجابة", "The response mechanism", {"planned_minutes": 45}),
            ("اختيار المنصات المناسبة: انستغرام وتويتر ويوتيوب", "Choosing platforms: Instagram, Twitter and YouTube", {"planned_minutes": 60}),
        ],
        SESSION: [
            ("إدارة الاتصال في الأزمات: تجربة بلدية دبي", "Crisis communication: Dubai Municipality's experience",
             {"presenter_entity": municipality, "planned_minutes": 30}),
            ("دور الشركاء في إيصال الرسائل وقت الأزمات", "Partners' part in getting messages across in a crisis",
             {"presenter_person": accounts["guest"], "presenter_guest_ar": "جمعية الإمارات للطبيعة بالتعاون مع الصندوق العالمي لصون الطبيعة",
              "presenter_guest_en": "Emirates Nature–WWF", "planned_minutes": 30}),
        ],
        NEXT_MEETING: [
            ("الأمور الناشئة عن الاجتماعات السابقة", "Matters arising from earlier meetings", {"presenter_entity": secretariat_entity, "planned_minutes": 15}),
            ("تقويم الحملات الحكومية للعام", "The year's calendar of government campaigns", {"presenter_entity": secretariat_entity, "planned_minutes": 30}),
            ("الرسائل الاستراتيجية لحكومة دبي", "Dubai Government's strategic messages", {"presenter_entity": det, "planned_minutes": 30}),
        ],
    }
    for title, items in agendas.items():
        for position, (title_ar, title_en, extra) in enumerate(items, 1):
            AgendaItem.objects.update_or_create(
                meeting=meetings[title], position=position, defaults={"title_ar": title_ar, "title_en": title_en, **extra},
            )


def _directors(limit):
    from members.models import User

    return list(User.objects.in_directory().filter(role="director").order_by("entity__name_en", "pk")[:limit])


def _first_meeting_record(meeting, det, municipality, secretariat_entity, accounts):
    from meetings.models import ActionItem, Attendance, Minutes, Rsvp

    attendees = [accounts["director"], accounts["director2"], *_directors(16)]
    attendees = list(dict.fromkeys(attendees))[:16]
    for person in attendees:
        Rsvp.objects.update_or_create(meeting=meeting, person=person, defaults={
            "response": "attending", "responded_at": meeting.starts_at - timedelta(days=5)})
        Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={
            "entity_id": person.entity_id, "checked_in_at": meeting.starts_at - timedelta(minutes=10),
            "checked_in_by": accounts["secretariat"]})
    for person in _directors(20)[16:19]:
        Rsvp.objects.update_or_create(meeting=meeting, person=person, defaults={
            "response": "not_attending", "responded_at": meeting.starts_at - timedelta(days=3)})
    first_item = meeting.agenda_items.get(position=1)
    items = [
        ("decision", "إدراج البرامج البيئية ضمن تقويم حملات الجهات الحكومية لعام 2022.",
         "Add the environmental programmes to the entities' 2022 campaign calendars.", secretariat_entity, None, "done"),
        ("action", "مشاركة بيانات ونتائج حملة «دبي تبادر للاستدامة» مع أعضاء الشبكة عبر المنصة.",
         "Share the data and results of the 'Dubai Can' campaign with the members on the platform.", det, date(2022, 4, 15), "done"),
        ("action", "مشاركة الملف الإعلامي لحملة الحد من الأكياس البلاستيكية مع الجهات قبل تطبيق التعرفة في 1 يوليو 2022.",
         "Share the plastic bag campaign's media kit with the entities before the tariff starts on 1 July 2022.", municipality, date(2022, 6, 15), "in_progress"),
        ("action", "تعميم برنامج قادة التغيير للعمل التطوعي على الجهات الحكومية لتشجيع مشاركة موظفيها قبل COP28.",
         "Circulate the change-makers volunteering programme to the entities to encourage staff to take part before COP28.", secretariat_entity, date(2022, 5, 31), "open"),
        ("action", "رفع بيانات التواصل لفرق الاتصال في كل جهة على بوابة الأعضاء.",
         "Upload each entity's communication team contact details to the members portal.", None, date(2022, 4, 30), "open"),
    ]
    for kind, text_ar, text_en, owner_entity, due_on, status in items:
        ActionItem.objects.update_or_create(meeting=meeting, text_en=text_en, defaults={
            "kind": kind, "text_ar": text_ar, "owner_entity": owner_entity, "due_on": due_on, "status": status,
            "owner_person": accounts["director"] if owner_entity is None else None,
            "agenda_item": first_item if owner_entity is None else None,
            "closed_at": _at(2022, 4, 20, 12) if status == "done" else None,
        })
    Minutes.objects.update_or_create(meeting=meeting, version=1, defaults={
        "status": "approved", "published_at": _at(2022, 3, 20, 9), "published_by": accounts["secretariat"],
        "approved_at": _at(2022, 3, 30, 9), "approved_by": accounts["secretariat"], "comments_until": date(2022, 3, 28),
        "text_ar": (
            "عقدت الشبكة العامة للاتصال الحكومي اجتماعها الأول لعام 2022 في دائرة الاقتصاد والسياحة، بحضور مساعد الأمين العام "
            "لقطاع الاتصال الحكومي وأعضاء الشبكة من مديري إدارات الاتصال الحكومي.\n\n"
            "1. أُطلقت المنصة التفاعلية الرقمية للأعضاء، وتضم بوابة الأعضاء وبوابة الملتقى وبوابة اجتماعات الشبكة واللقاءات المعرفية "
            "وبوابة المصادر والاستوديو.\n"
            "2. ناقش الأعضاء دعم مبادرات البرامج البيئية، وهي من أولويات أجندة المجلس التنفيذي لعام 2022.\n"
            "3. استعرضت دائرة الاقتصاد والسياحة تفاصيل ونتائج حملة «دبي تبادر للاستدامة».\n"
            "4. استعرضت بلدية دبي حملتها لدعم سياسة الحد من الأكياس البلاستيكية ذات الاستخدام الواحد، مع فرض تعرفة اعتباراً من أول يوليو 2022.\n"
            "5. استعرضت جمعية الإمارات للطبيعة بالتعاون مع الصندوق العالمي لصون الطبيعة برنامج قادة التغيير للعمل التطوعي تمهيداً لمؤتمر COP28."
        ),
        "text_en": (
            "The Government Communication Network held its first meeting of 2022 at the Department of Economy and Tourism, "
            "attended by the Assistant Secretary-General for the Government Communication Sector and the network's members.\n\n"
            "1. The members' interactive digital platform was launched: the members portal, the Forum, meetings and knowledge "
            "sessions, resources and the Studio.\n"
            "2. Members discussed support for the environmental programmes, a priority of the Executive Council's 2022 agenda.\n"
            "3. The Department of Economy and Tourism presented the details and results of the 'Dubai Can' campaign.\n"
            "4. Dubai Municipality presented its campaign for the single-use plastic bag policy, with a tariff from 1 July 2022.\n"
            "5. Emirates Nature–WWF presented its change-makers volunteering programme ahead of COP28."
        ),
    })


def _workshop_record(workshop, accounts):
    from meetings.models import ActionItem, Attendance, Feedback, Invitee, Minutes, MinutesComment
    from members.models import User

    participants = list(User.objects.in_directory().filter(role="team").exclude(pk=accounts["team"].pk).order_by("entity__name_en", "pk")[:WORKSHOP_PARTICIPANTS - 1])
    participants = [accounts["team"], *participants]
    for entity_id in sorted({person.entity_id for person in participants}):
        Invitee.objects.get_or_create(meeting=workshop, entity_id=entity_id)
    for person in participants:
        Attendance.objects.update_or_create(meeting=workshop, person=person, defaults={
            "entity_id": person.entity_id, "checked_in_at": workshop.starts_at - timedelta(minutes=15),
            "checked_in_by": accounts["secretariat"]})
    comments = [
        (5, "ورشة عملية ومفيدة، خاصة الجزء المتعلق بآلية الاستجابة."),
        (4, "أمثلة واقعية من الجهات الحكومية، ونتمنى تخصيص وقت أطول للتطبيق العملي."),
        (5, "Very practical; the platform comparison will help us plan our content."),
        (4, ""),
        (3, "المحتوى جيد، وأقترح ورشة متقدمة عن تحليل بيانات المنصات."),
    ]
    for index, person in enumerate(participants[:15]):
        rating, comment = comments[index % len(comments)]
        Feedback.objects.update_or_create(meeting=workshop, person=person, defaults={"rating": rating, "comment": comment})
    ActionItem.objects.update_or_create(meeting=workshop, text_en="Each entity reviews its social media response mechanism and shares it with the network.", defaults={
        "kind": "action", "status": "open", "owner_entity_id": accounts["team"].entity_id, "due_on": date(2022, 7, 31),
        "text_ar": "مراجعة كل جهة لآلية الاستجابة على منصات التواصل الاجتماعي ومشاركتها مع الشبكة.",
    })
    minutes, _created = Minutes.objects.update_or_create(meeting=workshop, version=1, defaults={
        "status": "for_comment", "published_at": _at(2022, 5, 26, 9), "published_by": accounts["secretariat"],
        "text_ar": "شارك في الورشة 22 موظفاً من فرق الاتصال الحكومي ضمن برنامج رفع كفاءات الاتصال الحكومي. تناولت الورشة تحديد الأهداف والجمهور والمحتوى، وآلية الاستجابة، واختيار منصات التواصل الاجتماعي المناسبة والمحتوى الملائم لكل منصة.",
        "text_en": "22 members of government communication teams took part, within the government communication capability programme. The workshop covered objectives, audience and content, the response mechanism, and choosing platforms and the content for each.",
    })
    comment, created = MinutesComment.objects.get_or_create(minutes=minutes, author=accounts["director"], defaults={
        "text": "نقترح إضافة توصية بتوحيد أوقات الرد على استفسارات الجمهور بين الجهات."})
    if created:  # written while the minutes were open for comment, not the day the demo was loaded
        MinutesComment.objects.filter(pk=comment.pk).update(created_at=_at(2022, 5, 29, 11))


def _upcoming_replies(meetings, accounts):
    """Replies to the upcoming meetings, through the service: the knowledge session fills its 12
    places and puts the next replies on the wait list."""
    from meetings import services

    session, next_meeting = meetings[SESSION], meetings[NEXT_MEETING]
    secretariat = accounts["secretariat"]
    services.rsvp_respond(meeting=session, person=accounts["guest"], response="attending", acting_user=secretariat)
    services.rsvp_respond(meeting=session, person=accounts["director2"], response="attending", acting_user=secretariat)
    # The demo director has not answered the knowledge session yet: their dashboard asks them to.
    for person in _directors(15):
        if person != accounts["director"] and not session.rsvps.filter(person=person).exists():
            services.rsvp_respond(meeting=session, person=person, response="attending", acting_user=secretariat)
    services.rsvp_respond(meeting=next_meeting, person=accounts["director2"], response="maybe", acting_user=secretariat)
    if not next_meeting.rsvps.filter(person=accounts["director"]).exists():
        services.rsvp_respond(meeting=next_meeting, person=accounts["director"], response="delegate",
                              delegate=accounts["team"], acting_user=secretariat)


def _documents(meetings, accounts):
    """Real files on the meetings and agenda items, through the documents service (validated,
    stored, text extracted and indexed by the worker). A document already there is kept."""
    from meetings import demo_files
    from portal.documents.models import Document
    from portal.documents.services import document_upload

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph of a subset
    first, workshop, session = meetings[FIRST_MEETING], meetings[WORKSHOP], meetings[SESSION]
    item = {(m.title_en, i.position): i for m in (first, workshop, session) for i in m.agenda_items.all()}
    files = [
        (first, "جدول أعمال الاجتماع الأول لعام 2022", "agenda", "ar", False, "جدول-الأعمال.pdf", lambda: demo_files.pdf(
            "جدول أعمال الاجتماع الأول للشبكة لعام 2022", [f"{i.position}. {i.title_ar}" for i in first.agenda_items.all()])),
        (first, "محضر الاجتماع الأول لعام 2022", "minutes", "both", False, "محضر-الاجتماع.docx", lambda: demo_files.docx(
            "محضر الاجتماع الأول للشبكة لعام 2022", first.minutes.get(version=1).text_ar.split("\n") + first.minutes.get(version=1).text_en.split("\n"))),
        (first, "كشف الحضور", "report", "ar", False, "كشف-الحضور.xlsx", lambda: demo_files.xlsx(
            "الحضور", ["الاسم", "الجهة"], [[a.person.name_ar, a.entity.name_ar if a.entity else ""] for a in first.attendance.select_related("person", "entity")])),
        (item[(FIRST_MEETING, 3)], "نتائج حملة دبي تبادر للاستدامة", "presentation", "ar", False, "دبي-تبادر.pptx", lambda: demo_files.pptx([
            ("حملة «دبي تبادر للاستدامة»", ["الهدف: الحد من عبوات المياه البلاستيكية أحادية الاستخدام", "Dubai Can: fewer single-use plastic bottles"]),
            ("النتائج", ["نافورات مياه للشرب في الأماكن العامة", "توعية أفراد المجتمع بالحفاظ على الموارد الطبيعية"]),
        ])),
        (item[(FIRST_MEETING, 4)], "حملة الحد من الأكياس البلاستيكية", "presentation", "ar", False, "الأكياس-البلاستيكية.pptx", lambda: demo_files.pptx([
            ("سياسة الحد من الأكياس البلاستيكية ذات الاستخدام الواحد", ["تعرفة على أكياس نقل البضائع اعتباراً من 1 يوليو 2022", "A tariff on single-use bags from 1 July 2022"]),
        ])),
        (item[(FIRST_MEETING, 5)], "Change-makers volunteering programme ahead of COP28", "presentation", "en", False, "change-makers.pdf", lambda: demo_files.pdf(
            "Change-makers: volunteering for the environment", ["Emirates Nature–WWF", "Mobilising civil society ahead of COP28, hosted by the UAE.",
                                                                "برنامج قادة التغيير للعمل التطوعي في قطاع البيئة"])),
        (workshop, "عرض ورشة استخدام وسائل التواصل الاجتماعي", "presentation", "ar", False, "ورشة-التواصل-الاجتماعي.pptx", lambda: demo_files.pptx([
            ("استخدام وسائل التواصل الاجتماعي", ["برنامج رفع كفاءات الاتصال الحكومي"]),
            ("تحديد الأهداف والجمهور والمحتوى", ["ماذا نريد أن نحقق؟ ومن نخاطب؟"]),
            ("آلية الاستجابة", ["أوقات الرد ومسؤولياته"]),
            ("اختيار المنصات", ["انستغرام", "تويتر", "يوتيوب"]),
        ])),
        (workshop, "قائمة المشاركين في الورشة", "report", "ar", False, "المشاركون.xlsx", lambda: demo_files.xlsx(
            "المشاركون", ["الاسم", "الجهة"], [[a.person.name_ar, a.entity.name_ar if a.entity else ""] for a in workshop.attendance.select_related("person", "entity")])),
        (session, "جدول أعمال الجلسة المعرفية", "agenda", "both", True, "agenda-session.docx", lambda: demo_files.docx(
            "جلسة معرفية: الاتصال في الأزمات", [f"{i.position}. {i.title_ar}" for i in session.agenda_items.all()] + [i.title_en for i in session.agenda_items.all()])),
        (session, "ملاحظات داخلية للأعضاء", "other", "ar", False, "ملاحظات.docx", lambda: demo_files.docx(
            "ملاحظات داخلية", ["للأعضاء فقط: تنسيق الرسائل مع الجهات قبل الجلسة."])),
    ]
    for owner, title, kind, language, shared, name, content in files:
        if Document.objects.for_owners([owner]).filter(title=title).exists():
            continue
        document = document_upload(owner=owner, upload=SimpleUploadedFile(name, content()), title=title, kind=kind,
                                   language=language, shared_with_guests=shared, acting_user=accounts["secretariat"])
        _date_as_shared(document, getattr(owner, "meeting", owner), kind)


def _date_as_shared(document, meeting, kind):
    """Date a held meeting's document as the secretariat would have shared it, not the day the demo
    was loaded: the agenda three days before, the rest the day after. A page listing a 2022
    meeting's papers as uploaded today would read as an error."""
    from portal.documents.models import Document, DocumentVersion

    shared_at = meeting.starts_at - timedelta(days=3) if kind == "agenda" else (meeting.ends_at or meeting.starts_at) + timedelta(days=1)
    if shared_at >= timezone.now():
        return
    Document.objects.filter(pk=document.pk).update(created_at=shared_at, updated_at=shared_at)
    DocumentVersion.objects.filter(document=document).update(uploaded_at=shared_at)
