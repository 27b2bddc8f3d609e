"""Bench data and pages of the meetings and Al Multaqa portals, for `make bench` (scripts/bench.py)
and `make profile` (scripts/profile_pages.py).

The data follows the shared brief (../shared/brief/performance.md): 500 meetings of 20 documents
each, with agendas, invitees, replies, attendance, decisions, action items and minutes like the demo
meetings, and 5,000 campaign cases (most published) with themes, KPIs, partners and cover
renditions. Rows are bulk-inserted onto the entities and people the members bench already made:
the bench measures reading them, not creating them. Files are a handful of small real ones shared
by name (the pages read rows, not bytes).

Two meetings are the pages measured, marked by their English titles: a held network meeting (full
agenda, 20 documents, attendance, decisions, minutes) and an upcoming knowledge session the bench
director is invited to in person (the reply form instead of the record).
"""
import random
from datetime import date, timedelta
from pathlib import Path

HELD_MEETING = "Bench: held network meeting"
UPCOMING_MEETING = "Bench: upcoming knowledge session"
DOCUMENTS_PER_MEETING = 20
AGENDA_ITEMS = 8
REPLIES_PER_MEETING = 30
ATTENDED_PER_MEETING = 20
KPIS_PER_CAMPAIGN = 4
COVERS = 4  # distinct cover files, shared by every case that has a cover
COVER_FOLDER = "bench/covers"
DOCUMENT_FILE = "bench/documents/agenda.pdf"

THEMES = [
    ("الاستدامة والبيئة", "Sustainability and the environment"),
    ("خطة دبي: مجتمع متلاحم", "Dubai Plan: an inclusive, cohesive society"),
    ("خطة دبي: مدينة ذكية ومستدامة", "Dubai Plan: a smart and sustainable city"),
    ("خطة دبي: اقتصاد رائد", "Dubai Plan: a pioneering economy"),
    ("الصحة وجودة الحياة", "Health and quality of life"),
    ("السلامة والأمن", "Safety and security"),
    ("المناسبات الوطنية", "National occasions"),
    ("الخدمات الحكومية الرقمية", "Digital government services"),
    ("الثقافة والهوية الوطنية", "Culture and national identity"),
]
CHANNELS = ["instagram", "x", "youtube", "tiktok", "linkedin", "snapchat", "whatsapp", "website", "tv", "radio", "outdoor", "print", "events"]
AUDIENCES = ["public", "citizens", "residents", "youth", "families", "students", "women", "seniors", "business", "employees"]
DOCUMENT_KINDS = ["agenda", "presentation", "report", "minutes", "other"]
KIND_NAMES = {"network_meeting": "Network meeting", "knowledge_session": "Knowledge session", "workshop": "Training workshop"}


def write_files(media_root):
    """The few real files the rows name: cover renditions (grid 640 px, page 1600 px) and a PDF."""
    from PIL import Image

    media_root = Path(media_root)
    (media_root / COVER_FOLDER).mkdir(parents=True, exist_ok=True)
    colours = ["#0e5f6e", "#0b2a40", "#7a5c14", "#1d5e34"]
    for number in range(COVERS):
        for name, size in (("card", (640, 360)), ("page", (1600, 900))):
            Image.new("RGB", size, colours[number]).save(media_root / COVER_FOLDER / f"{name}-{number}.jpg", "JPEG", quality=70)
    pdf = media_root / DOCUMENT_FILE
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                    b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _people():
    """(pk, entity pk) of the bench's people, in a stable order."""
    from members.models import User

    return list(User.objects.filter(role="team", entity__isnull=False).order_by("pk").values_list("pk", "entity_id"))


def populate_meetings(count, *, director, start=0):
    """`count` meetings numbered from `start`: every fifth upcoming, the others held, in the past."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from meetings.models import ActionItem, AgendaItem, Attendance, Feedback, Invitee, Meeting, Minutes, MinutesComment, Rsvp
    from members.models import Entity
    from portal.documents.models import Document, DocumentVersion

    rng = random.Random(start)
    entities = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    people = _people()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    kinds = [Meeting.Kind.NETWORK_MEETING, Meeting.Kind.NETWORK_MEETING, Meeting.Kind.KNOWLEDGE_SESSION, Meeting.Kind.WORKSHOP]
    meetings = []
    for number in range(start, start + count):
        upcoming = number % 5 == 0
        # Held meetings three days apart going back; upcoming ones spread over the next months.
        starts = now + timedelta(days=7 + number // 5) if upcoming else now - timedelta(days=3 * number + 1)
        kind = Meeting.Kind.KNOWLEDGE_SESSION if number == 0 else Meeting.Kind.NETWORK_MEETING if number == 1 else kinds[number % 4]
        title_en = {0: UPCOMING_MEETING, 1: HELD_MEETING}.get(number, f"{KIND_NAMES[kind]} {number}")
        meetings.append(Meeting(
            title_ar=f"اجتماع الشبكة رقم {number}", title_en=title_en, kind=kind,
            status=Meeting.Status.SCHEDULED if upcoming else Meeting.Status.HELD,
            starts_at=starts, ends_at=starts + timedelta(hours=2), host_id=entities[number % len(entities)],
            location_ar="الأمانة العامة للمجلس التنفيذي", location_en="General Secretariat of the Executive Council",
            online_url="https://teams.example/gcn-bench" if number % 3 == 0 else "",
            summary_ar="مراجعة تقويم الحملات والرسائل الاستراتيجية، ومتابعة الأمور الناشئة عن الاجتماعات السابقة.\nعرض تجارب الجهات.",
            summary_en="Review of the calendar of campaigns and strategic messages, and matters arising from earlier meetings.\nEntities' experiences.",
            invite_all_members=kind == Meeting.Kind.NETWORK_MEETING,
            capacity=30 if kind == Meeting.Kind.WORKSHOP else 60 if kind == Meeting.Kind.KNOWLEDGE_SESSION else None,
            trainers_ar="فريق الشبكة" if kind == Meeting.Kind.WORKSHOP else "",
            trainers_en="The network's team" if kind == Meeting.Kind.WORKSHOP else "",
            topics_ar="تحديد الأهداف\nالجمهور والمحتوى" if kind == Meeting.Kind.WORKSHOP else "",
            topics_en="Objectives\nAudience and content" if kind == Meeting.Kind.WORKSHOP else "",
            participants_count=ATTENDED_PER_MEETING if kind == Meeting.Kind.WORKSHOP and not upcoming else None,
        ))
    meetings = Meeting.objects.bulk_create(meetings)

    invitees, items = [], []
    for number, meeting in enumerate(meetings, start):
        if not meeting.invite_all_members:
            chosen = {entities[(number * 7 + k) % len(entities)] for k in range(4)}
            invitees += [Invitee(meeting=meeting, entity_id=pk) for pk in sorted(chosen)]
            if number % 2 == 0:  # the bench director by name on half of them (the upcoming page's among them)
                invitees.append(Invitee(meeting=meeting, person=director))
        for position in range(1, AGENDA_ITEMS + 1):
            person, entity = people[(number * 11 + position) % len(people)]
            presenter = {}
            if position % 3 == 1:
                presenter = {"presenter_entity_id": entity}
            elif position % 3 == 2:
                presenter = {"presenter_person_id": person, "presenter_entity_id": entity}
            else:
                presenter = {"presenter_guest_ar": "جمعية الإمارات للطبيعة", "presenter_guest_en": "Emirates Nature–WWF"}
            items.append(AgendaItem(
                meeting=meeting, position=position, title_ar=f"البند {position}: عرض تجربة الجهة في الاتصال", title_en=f"Item {position}: an entity's communication experience",
                description_ar="عرض موجز للحملة ونتائجها ثم نقاش." if position % 2 else "",
                description_en="A short presentation of the campaign and its results, then discussion." if position % 2 else "",
                planned_minutes=10 + 5 * (position % 4), **presenter,
            ))
    Invitee.objects.bulk_create(invitees)
    items = AgendaItem.objects.bulk_create(items)
    items_of = {}
    for item in items:
        items_of.setdefault(item.meeting_id, []).append(item)

    replies, attendance, actions, feedback = [], [], [], []
    for number, meeting in enumerate(meetings, start):
        upcoming = meeting.status == Meeting.Status.SCHEDULED
        chosen = [people[(number * 37 + k) % len(people)] for k in range(REPLIES_PER_MEETING)]
        responses = [Rsvp.Response.ATTENDING] * 6 + [Rsvp.Response.MAYBE, Rsvp.Response.NOT_ATTENDING]
        for k, (person, entity) in enumerate(chosen):
            replies.append(Rsvp(meeting=meeting, person_id=person, response=responses[k % len(responses)],
                                responded_at=meeting.starts_at - timedelta(days=3)))
            if not upcoming and k < ATTENDED_PER_MEETING:
                attendance.append(Attendance(meeting=meeting, person_id=person, entity_id=entity,
                                             checked_in_at=meeting.starts_at - timedelta(minutes=10), checked_in_by=director))
                if meeting.kind == Meeting.Kind.WORKSHOP and k < 10:
                    feedback.append(Feedback(meeting=meeting, person_id=person, rating=3 + k % 3, comment="ورشة مفيدة" if k % 2 else ""))
        if number == 0:
            replies.append(Rsvp(meeting=meeting, person=director, response=Rsvp.Response.MAYBE))
        if upcoming:
            continue
        # Older action items are closed about six weeks after their meeting: what rolls forward into
        # a meeting's matters arising stays the last weeks' open items, as on a live portal.
        closed = meeting.starts_at + timedelta(days=40)
        still_open = closed > now
        for k in range(3):
            actions.append(ActionItem(meeting=meeting, kind=ActionItem.Kind.DECISION, text_ar=f"اعتماد التوصية رقم {k + 1}",
                                      text_en=f"Recommendation {k + 1} adopted", owner_entity_id=entities[(number + k) % len(entities)],
                                      status=ActionItem.Status.DONE, closed_at=meeting.starts_at))
        for k in range(4):
            actions.append(ActionItem(
                meeting=meeting, kind=ActionItem.Kind.ACTION, text_ar=f"متابعة الإجراء رقم {k + 1} مع الجهات",
                text_en=f"Follow up action {k + 1} with the entities", owner_entity_id=entities[(number * 3 + k) % len(entities)],
                agenda_item=items_of[meeting.pk][k], due_on=(meeting.starts_at + timedelta(days=30)).date(),
                status=ActionItem.Status.OPEN if still_open else ActionItem.Status.DONE, closed_at=None if still_open else closed,
            ))
    Rsvp.objects.bulk_create(replies)
    Attendance.objects.bulk_create(attendance)
    Feedback.objects.bulk_create(feedback)
    ActionItem.objects.bulk_create(actions)

    minutes = []
    for meeting in meetings:
        if meeting.status == Meeting.Status.HELD:
            published = meeting.starts_at + timedelta(days=5)
            minutes.append(Minutes(meeting=meeting, version=1, status=Minutes.Status.SUPERSEDED, published_at=published,
                                   text_ar="محضر الاجتماع: النسخة الأولى.", text_en="Minutes: first version.", published_by=director))
            minutes.append(Minutes(meeting=meeting, version=2, status=Minutes.Status.APPROVED, published_at=published + timedelta(days=7),
                                   approved_at=published + timedelta(days=10), approved_by=director, published_by=director,
                                   change_note="تصحيح أسماء الحضور", comments_until=(published + timedelta(days=6)).date(),
                                   text_ar="عقدت الشبكة اجتماعها.\n\n1. عرضت الجهات تجاربها.\n2. نوقشت الرسائل الاستراتيجية.",
                                   text_en="The network met.\n\n1. Entities presented their experiences.\n2. The strategic messages were discussed."))
    minutes = Minutes.objects.bulk_create(minutes)
    MinutesComment.objects.bulk_create(
        MinutesComment(minutes=version, author_id=people[(version.pk * 5 + k) % len(people)][0], text=f"ملاحظة رقم {k + 1} على المحضر")
        for version in minutes if version.version == 2 for k in range(3)
    )

    # Documents: 8 on each meeting, 12 on its first six agenda items; every fourth in a second version.
    meeting_type, item_type = ContentType.objects.get_for_model(Meeting), ContentType.objects.get_for_model(AgendaItem)
    documents = []
    for number, meeting in enumerate(meetings, start):
        owners = [(meeting_type, meeting.pk)] * 8 + [(item_type, item.pk) for item in items_of[meeting.pk][:6] for _ in range(2)]
        for k, (owner_type, owner_id) in enumerate(owners[:DOCUMENTS_PER_MEETING]):
            documents.append(Document(
                owner_type=owner_type, owner_id=owner_id, title=f"عرض الجهة {k + 1} — Presentation {k + 1}",
                kind=DOCUMENT_KINDS[k % len(DOCUMENT_KINDS)], language=("ar", "en", "both")[k % 3],
                shared_with_guests=k % 4 == 0, uploaded_by_id=people[(number + k) % len(people)][0],
                extraction=Document.Extraction.NONE,
            ))
    documents = Document.objects.bulk_create(documents)
    versions = []
    for k, document in enumerate(documents):
        for version in range(1, 2 + (k % 4 == 0)):
            versions.append(DocumentVersion(document=document, number=version, file=DOCUMENT_FILE, original_name=f"presentation-{k}.pdf",
                                            size=48_000 + 1000 * version, uploaded_by_id=document.uploaded_by_id))
    versions = DocumentVersion.objects.bulk_create(versions)
    current = {}
    for version in versions:  # the highest number of each document
        current[version.document_id] = version
    for document in documents:
        document.current_version = current[document.pk]
    Document.objects.bulk_update(documents, ["current_version"], batch_size=2000)
    return meetings


def populate_campaigns(count, *, start=0):
    """`count` cases numbered from `start`, spread over the entities; nine in ten published."""
    from django.utils import timezone

    from campaigns import theme_keys
    from campaigns.models import Campaign, Kpi, Theme
    from members.models import Entity

    rng = random.Random(1000 + start)
    themes = [Theme.objects.update_or_create(name_en=name_en, defaults={"name_ar": name_ar})[0].pk for name_ar, name_en in THEMES]
    entities = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    people = _people()
    now = timezone.now()
    campaigns = []
    for number in range(start, start + count):
        published = number % 10 != 9
        state = Campaign.State.PUBLISHED if published else (Campaign.State.DRAFT, Campaign.State.IN_REVIEW, Campaign.State.RETURNED)[number % 3]
        starts = date(2014 + number % 12, 1 + number % 12, 1 + number % 27)
        status = (Campaign.Status.COMPLETED, Campaign.Status.COMPLETED, Campaign.Status.RUNNING, Campaign.Status.PLANNED)[number % 4]
        cover = number % 8 != 7
        campaigns.append(Campaign(
            title_ar=f"حملة التوعية المجتمعية رقم {number}", title_en=f"Community awareness campaign {number}",
            summary_ar="حملة صممت لتغيير سلوك فئاتها المستهدفة بلغة قريبة منها وعبر القنوات التي تتابعها.",
            summary_en="A campaign designed to change the behaviour of its audiences in language close to them.",
            owner_id=entities[number % len(entities)], status=status, starts_on=starts,
            ends_on=None if status == Campaign.Status.RUNNING else starts + timedelta(days=30 + number % 60),
            audiences=rng.sample(AUDIENCES, 1 + number % 3), channels=rng.sample(CHANNELS, 2 + number % 3),
            objectives_ar="رفع الوعي بالرسالة الرئيسية.\nتحقيق تغيير قابل للقياس في السلوك.", objectives_en="Raise awareness.\nChange behaviour measurably.",
            insight_ar="يعرف الجمهور الرسالة لكنه لا يرى أثرها.", insight_en="People knew the message but not its effect.",
            strategy_ar="قصص واقعية ودعوة إلى خطوة واحدة.", strategy_en="Real stories and one clear call to act.",
            implementation_ar="مرحلة تشويق ثم إطلاق عبر القنوات.", implementation_en="A teaser, then a launch across channels.",
            results_ar="تجاوزت الحملة مستهدفاتها.", results_en="The campaign exceeded its targets.",
            lessons_ar="المحتوى القصير أكثر تفاعلاً.", lessons_en="Short content engaged more.",
            video_links="https://www.youtube.com/@GovernmentofDubai" if number % 4 == 0 else "",
            cover=f"{COVER_FOLDER}/page-{number % COVERS}.jpg" if cover else "",
            cover_card=f"{COVER_FOLDER}/card-{number % COVERS}.jpg" if cover else "",
            best_practice=published and number % 7 == 0, featured=published and number % 97 == 0, state=state,
            submitted_at=None if state == Campaign.State.DRAFT else now - timedelta(days=number + 3),
            published_at=now - timedelta(days=number, hours=number % 24) if published else None,
            view_count=rng.randint(0, 5000) if published else 0, useful_count=rng.randint(0, 40) if published else 0,
            created_by_id=people[number % len(people)][0],
        ))
    campaigns = Campaign.objects.bulk_create(campaigns)
    Themes, Partners = Campaign.themes.through, Campaign.partners.through
    Themes.objects.bulk_create(
        Themes(campaign_id=campaign.pk, theme_id=pk) for k, campaign in enumerate(campaigns) for pk in rng.sample(themes, 1 + k % 3)
    )
    theme_keys.refresh(campaign.pk for campaign in campaigns)  # a bulk insert sends no signal
    Partners.objects.bulk_create(
        Partners(campaign_id=campaign.pk, entity_id=entities[(k + 1 + j) % len(entities)])
        for k, campaign in enumerate(campaigns) for j in range(k % 3) if entities[(k + 1 + j) % len(entities)] != campaign.owner_id
    )
    metrics = [("الوصول", "Reach", "شخص", "people"), ("معدل التفاعل", "Engagement rate", "%", "%"),
               ("مشاهدات الفيديو", "Video views", "مشاهدة", "views"), ("التغير في السلوك", "Behaviour change", "%", "%")]
    Kpi.objects.bulk_create(
        Kpi(campaign=campaign, position=position, metric_ar=metric_ar, metric_en=metric_en, unit_ar=unit_ar, unit_en=unit_en,
            target=1_000_000 // (position + 1), achieved=int(1_000_000 // (position + 1) * rng.uniform(0.7, 1.6)),
            source_ar="أرقام تجريبية", source_en="Bench figures")
        for campaign in campaigns for position, (metric_ar, metric_en, unit_ar, unit_en) in enumerate(metrics[:KPIS_PER_CAMPAIGN])
    )
    return campaigns


def populate(meetings, campaigns, *, director, start_meetings=0, start_campaigns=0):
    populate_meetings(meetings, director=director, start=start_meetings)
    populate_campaigns(campaigns, start=start_campaigns)


def pages():
    """The measured pages of these portals: {name: path}, in Arabic, looked up on the bench data."""
    from campaigns.models import Campaign, Theme
    from meetings.models import Meeting

    held = Meeting.objects.get(title_en=HELD_MEETING)
    upcoming = Meeting.objects.get(title_en=UPCOMING_MEETING)
    theme = Theme.objects.get(name_en=THEMES[0][1])
    # The newest published case with a cover: the first card of the showcase.
    case = Campaign.objects.published().exclude(cover="").order_by("-published_at", "-pk").first()
    return {
        "meeting_detail": f"/ar/meetings/{held.pk}/",
        "meeting_upcoming": f"/ar/meetings/{upcoming.pk}/",
        # A new query string on each request where a page could be cached (see scripts/bench.py).
        "showcase": "/ar/campaigns/?n=",
        "showcase_filtered": f"/ar/campaigns/?theme={theme.pk}&channel=instagram&sort=views&n=",
        "case": f"/ar/campaigns/{case.pk}/",
    }
