"""Demo content for the coordination calendar and strategic messages: the national occasions of
2026 and 2027, strategic messages in Arabic and English linked from demo campaigns, and "Dubai Can" linked to the agenda item of the network's first meeting of 2022 that
presented it.

Registered as its own seeder after the meetings' (campaigns/plugins.py), since it links to their
agenda. Occasions of the Hijri calendar (Ramadan, the Eids, the Hijri New Year, the Prophet's
birthday, Zayed Humanitarian Day) carry their expected dates; the official ones follow the sighting
of the moon. Rows are written directly, like the rest of the demo: publishing the messages through
the service would notify (and e-mail) every demo account."""
from datetime import date

from campaigns.demo_data import DUBAI_CAN, PLASTIC_BAGS

# (Arabic, English, start, end or None, theme key of campaigns.demo_data.THEMES)
OCCASIONS = [
    ("عام الأسرة 2026", "2026, the Year of the Family", date(2026, 1, 1), date(2026, 12, 31), "society"),
    ("شهر رمضان المبارك 1447", "Ramadan 1447", date(2026, 2, 18), date(2026, 3, 19), "national"),
    ("يوم زايد للعمل الإنساني", "Zayed Humanitarian Day", date(2026, 3, 8), None, "national"),
    ("يوم الطفل الإماراتي", "Emirati Children's Day", date(2026, 3, 15), None, "society"),
    ("عيد الفطر", "Eid al-Fitr", date(2026, 3, 20), date(2026, 3, 22), "national"),
    ("يوم عرفة وعيد الأضحى", "Arafat Day and Eid al-Adha", date(2026, 5, 26), date(2026, 5, 29), "national"),
    ("رأس السنة الهجرية 1448", "Hijri New Year 1448", date(2026, 6, 16), None, "national"),
    ("يوم المرأة الإماراتية", "Emirati Women's Day", date(2026, 8, 28), None, "society"),
    ("المولد النبوي الشريف", "The Prophet's Birthday", date(2026, 8, 25), None, "national"),
    ("يوم العلم", "Flag Day", date(2026, 11, 3), None, "national"),
    ("يوم الشهيد", "Commemoration Day", date(2026, 11, 30), None, "national"),
    ("عيد الاتحاد الخامس والخمسون", "UAE National Day (Eid Al Etihad)", date(2026, 12, 2), date(2026, 12, 3), "national"),
    ("شهر رمضان المبارك 1448", "Ramadan 1448", date(2027, 2, 8), date(2027, 3, 9), "national"),
    ("يوم زايد للعمل الإنساني", "Zayed Humanitarian Day", date(2027, 2, 26), None, "national"),
    ("عيد الفطر", "Eid al-Fitr", date(2027, 3, 10), date(2027, 3, 12), "national"),
    ("يوم الطفل الإماراتي", "Emirati Children's Day", date(2027, 3, 15), None, "society"),
    ("يوم عرفة وعيد الأضحى", "Arafat Day and Eid al-Adha", date(2027, 5, 15), date(2027, 5, 18), "national"),
    ("رأس السنة الهجرية 1449", "Hijri New Year 1449", date(2027, 6, 6), None, "national"),
    ("المولد النبوي الشريف", "The Prophet's Birthday", date(2027, 8, 14), None, "national"),
    ("يوم المرأة الإماراتية", "Emirati Women's Day", date(2027, 8, 28), None, "society"),
    ("يوم العلم", "Flag Day", date(2027, 11, 3), None, "national"),
    ("يوم الشهيد", "Commemoration Day", date(2027, 11, 30), None, "national"),
    ("عيد الاتحاد السادس والخمسون", "UAE National Day (Eid Al Etihad)", date(2027, 12, 2), date(2027, 12, 3), "national"),
]

# (key, Arabic title, English title, Arabic text, English text, theme key, valid from, valid until)
MESSAGES = [
    ("family", "الأسرة أساس المجتمع", "The family is the foundation of society",
     "في عام الأسرة، تضع حكومة دبي الأسرة في قلب خدماتها وبرامجها: كل حملة حكومية تُظهر كيف تدعم الأسرة الإماراتية وتماسكها.",
     "In the Year of the Family, the Government of Dubai puts families at the heart of its services and programmes: every government campaign shows how it supports Emirati families and their cohesion.",
     "society", date(2026, 1, 1), date(2026, 12, 31)),
    ("sustainability", "الاستدامة مسؤولية الجميع", "Sustainability is everyone's responsibility",
     "خطوة صغيرة من كل فرد تصنع فرقاً كبيراً: تقليل البلاستيك أحادي الاستخدام، وترشيد الماء والكهرباء، واختيار التنقل المستدام.",
     "A small step by everyone makes a big difference: less single-use plastic, less water and electricity wasted, and sustainable ways to travel.",
     "sustainability", date(2026, 6, 1), date(2027, 6, 30)),
    ("union", "اتحادنا قوتنا", "Our Union is our strength",
     "تحتفي دبي بعيد الاتحاد بقيم التلاحم والانتماء والعطاء: رسائل الجهات الحكومية في هذه المناسبة تتحدث بصوت واحد.",
     "Dubai celebrates Eid Al Etihad with the values of cohesion, belonging and giving: government entities speak with one voice for the occasion.",
     "national", date(2026, 11, 1), date(2026, 12, 15)),
    ("digital", "الخدمات الرقمية أولاً", "Digital services first",
     "كل خدمة حكومية متاحة رقمياً، في أي وقت ومن أي مكان: تشجع الحملات المتعاملين على استخدام القنوات الرقمية.",
     "Every government service is available digitally, any time and from anywhere: campaigns encourage customers to use the digital channels.",
     "digital", date(2026, 1, 1), None),
    ("summer", "صيف آمن لكل أسرة", "A safe summer for every family",
     "السلامة في الصيف تبدأ بالوقاية: الحماية من الحرارة، وسلامة الأطفال في المسابح والشواطئ، والقيادة الآمنة في السفر.",
     "Summer safety starts with prevention: protection from the heat, children's safety at pools and beaches, and safe driving when travelling.",
     "safety", date(2026, 6, 1), date(2026, 9, 15)),
]


def loaded():
    from campaigns.models import Occasion

    return Occasion.objects.filter(name_en="UAE National Day (Eid Al Etihad)").exists()


def seed(stdout, context):
    from campaigns import demo_data
    from campaigns.models import Campaign, Occasion, StrategicMessage, Theme
    from meetings.models import AgendaItem
    from members.models import User

    themes = {key: Theme.objects.filter(name_en=name_en).first() for key, _ar, name_en in demo_data.THEMES}
    for name_ar, name_en, starts, ends, theme in OCCASIONS:
        Occasion.objects.get_or_create(name_en=name_en, starts_on=starts, defaults={"name_ar": name_ar, "ends_on": ends, "theme": themes.get(theme)})
    secretariat = User.objects.filter(role="secretariat", is_active=True).order_by("pk").first()
    messages = {}
    for key, title_ar, title_en, body_ar, body_en, theme, valid_from, valid_until in MESSAGES:
        messages[key], _created = StrategicMessage.objects.get_or_create(title_en=title_en, defaults={
            "title_ar": title_ar, "body_ar": body_ar, "body_en": body_en, "theme": themes.get(theme),
            "valid_from": valid_from, "valid_until": valid_until, "published_by": secretariat,
        })
    for title_en, key in ((DUBAI_CAN, "sustainability"), (PLASTIC_BAGS, "sustainability"), ("Tarsheed: Every Drop Counts", "sustainability"),
                          ("Your Digital Safety", "digital"), ("Dubai Celebrates National Day", "union")):
        for campaign in Campaign.objects.filter(title_en=title_en):
            campaign.messages.add(messages[key])
    # "Dubai Can" was presented at the network's first meeting of 2022 (meetings/demo_data.py).
    dubai_can = Campaign.objects.filter(title_en=DUBAI_CAN).first()
    item = AgendaItem.objects.filter(title_en__icontains="Dubai Can").order_by("meeting__starts_at", "pk").first()
    if dubai_can is not None and item is not None:
        dubai_can.agenda_items.add(item)
    stdout.write(f"  {Occasion.objects.count()} national occasions, {StrategicMessage.objects.count()} strategic messages")
