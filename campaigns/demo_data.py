"""Demo content for Al Multaqa: about forty campaign cases across the demo entities, with bilingual
stories, KPI rows and generated cover images. Two are the campaigns of the network's first meeting
of 2022 (../shared/seeds): "Dubai Can", the Department of Economy and Tourism's community campaign
against single-use plastic water bottles, and Dubai Municipality's campaign for the single-use
plastic bag policy, whose tariff began on 1 July 2022. A few cases are drafts, in review or returned,
so the workflow can be tried. The figures are demonstration values and say so in their source."""
import io
import random
from datetime import date, timedelta

DUBAI_CAN = "Dubai Can"
PLASTIC_BAGS = "Single-use plastic bag policy"

# (key, Arabic, English)
THEMES = [
    ("sustainability", "الاستدامة والبيئة", "Sustainability and the environment"),
    ("society", "خطة دبي: مجتمع متلاحم", "Dubai Plan: an inclusive, cohesive society"),
    ("smart_city", "خطة دبي: مدينة ذكية ومستدامة", "Dubai Plan: a smart and sustainable city"),
    ("economy", "خطة دبي: اقتصاد رائد", "Dubai Plan: a pioneering economy"),
    ("health", "الصحة وجودة الحياة", "Health and quality of life"),
    ("safety", "السلامة والأمن", "Safety and security"),
    ("national", "المناسبات الوطنية", "National occasions"),
    ("digital", "الخدمات الحكومية الرقمية", "Digital government services"),
    ("identity", "الثقافة والهوية الوطنية", "Culture and national identity"),
]

# (owner short name, Arabic title, English title, year, campaign status, themes, audiences, channels)
# A few are planned or running in 2026-27, so the coordination calendar has campaigns to show.
CAMPAIGNS = [
    ("RTA", "أسبوع التنقل المستدام", "Sustainable Mobility Week", 2023, "completed", ["sustainability", "smart_city"], ["public", "residents"], ["instagram", "x", "outdoor", "events"]),
    ("RTA", "لا للهاتف أثناء القيادة", "No Phone While Driving", 2022, "completed", ["safety"], ["youth", "public"], ["tiktok", "instagram", "radio", "outdoor"]),
    ("DP", "صيف آمن", "A Safe Summer", 2023, "completed", ["safety", "society"], ["families", "students"], ["instagram", "tv", "events"]),
    ("DP", "عيون الشرطة", "Police Eye", 2022, "completed", ["safety", "digital"], ["public"], ["x", "instagram", "website"]),
    ("DHA", "صحتك في رمضان", "Your Health in Ramadan", 2023, "completed", ["health"], ["public", "families"], ["instagram", "tv", "radio", "whatsapp"]),
    ("DHA", "الكشف المبكر عن سرطان الثدي", "Early Detection of Breast Cancer", 2022, "completed", ["health"], ["women"], ["instagram", "events", "email_sms"]),
    ("KHDA", "أسبوع القراءة في المدارس", "Reading Week in Schools", 2023, "completed", ["identity", "society"], ["students", "families"], ["instagram", "events", "website"]),
    ("Dubai Culture", "ليالي دبي الثقافية", "Dubai Cultural Nights", 2023, "completed", ["identity"], ["public", "visitors"], ["instagram", "tiktok", "outdoor", "influencers"]),
    ("Dubai Culture", "عام القراءة في المكتبات العامة", "Public Libraries Reading Year", 2022, "completed", ["identity"], ["families", "youth"], ["instagram", "website", "events"]),
    ("DEWA", "ترشيد: كل قطرة تهم", "Tarsheed: Every Drop Counts", 2022, "completed", ["sustainability"], ["residents", "families"], ["tv", "instagram", "outdoor", "email_sms"]),
    ("DEWA", "شمس دبي على كل سطح", "Shams Dubai on Every Roof", 2026, "running", ["sustainability", "smart_city"], ["residents", "business"], ["linkedin", "website", "events"]),
    ("GDRFA", "خدماتنا أقرب إليك", "Our Services, Closer to You", 2023, "completed", ["digital"], ["residents", "visitors"], ["instagram", "x", "website"]),
    ("DCD", "بيتي آمن", "My Home Is Safe", 2022, "completed", ["safety"], ["families", "workers"], ["whatsapp", "radio", "print", "events"]),
    ("DLD", "استثمر بثقة", "Invest with Confidence", 2023, "completed", ["economy"], ["business", "residents"], ["linkedin", "x", "website"]),
    ("DOF", "ميزانيتك واضحة", "Your Budget, Clearly", 2023, "completed", ["economy", "digital"], ["public"], ["x", "linkedin", "website"]),
    ("DC", "العدالة الرقمية", "Digital Justice", 2022, "completed", ["digital"], ["public", "business"], ["website", "x", "email_sms"]),
    ("IACAD", "رمضان أمان", "Ramadan Aman", 2023, "completed", ["society", "national"], ["public", "workers"], ["instagram", "radio", "outdoor"]),
    ("CDA", "أصحاب الهمم شركاء", "People of Determination as Partners", 2023, "completed", ["society"], ["determination", "families"], ["instagram", "tv", "events"]),
    ("CDA", "كبارنا بركتنا", "Our Elders, Our Blessing", 2022, "completed", ["society", "health"], ["seniors", "families"], ["tv", "radio", "whatsapp"]),
    ("DDA", "دبي بلا ورق", "Paperless Dubai", 2022, "completed", ["digital", "smart_city", "sustainability"], ["employees", "public"], ["linkedin", "website", "events"]),
    ("DDA", "أمانك الرقمي", "Your Digital Safety", 2026, "running", ["digital", "safety"], ["youth", "public"], ["tiktok", "instagram", "snapchat"]),
    ("DXC", "سافر بأمان مع الجمارك", "Travel Safely with Customs", 2023, "completed", ["safety", "economy"], ["visitors"], ["instagram", "outdoor", "website"]),
    ("DXB", "أهلاً بكم في دبي", "Welcome to Dubai", 2023, "completed", ["economy", "identity"], ["visitors"], ["instagram", "outdoor", "youtube"]),
    ("DSC", "تحدي دبي للياقة", "Dubai Fitness Challenge", 2026, "planned", ["health", "society"], ["public", "families"], ["instagram", "tiktok", "youtube", "events", "influencers"]),
    ("DSC", "الرياضة للجميع", "Sport for All", 2023, "completed", ["health"], ["youth", "women"], ["instagram", "events"]),
    ("MBRHE", "بيت العمر", "A Home for Life", 2023, "completed", ["society"], ["citizens", "families"], ["instagram", "website", "tv"]),
    ("DGHR", "فخورون بخدمة دبي", "Proud to Serve Dubai", 2022, "completed", ["society"], ["employees"], ["linkedin", "email_sms", "events"]),
    ("DCCI", "دبي وجهة الأعمال", "Dubai, the Business Destination", 2023, "completed", ["economy"], ["business"], ["linkedin", "youtube", "events"]),
    ("DESC", "فكّر قبل أن تنقر", "Think Before You Click", 2027, "planned", ["safety", "digital"], ["employees", "public"], ["linkedin", "x", "email_sms"]),
    ("DFWAC", "لست وحدك", "You Are Not Alone", 2022, "completed", ["society", "safety"], ["women", "families"], ["instagram", "whatsapp", "radio"]),
    ("DCAS", "ثوانٍ تنقذ حياة", "Seconds Save a Life", 2023, "completed", ["health", "safety"], ["public", "students"], ["tiktok", "instagram", "events"]),
    ("DFF", "متحف المستقبل: ألهم الجيل القادم", "Museum of the Future: Inspire the Next Generation", 2022, "completed", ["smart_city", "identity"], ["youth", "students"], ["instagram", "youtube", "influencers"]),
    ("DSCE", "الطاقة النظيفة أسلوب حياة", "Clean Energy as a Way of Life", 2026, "running", ["sustainability"], ["residents", "business"], ["linkedin", "website", "outdoor"]),
    ("DWE", "المرأة في القيادة", "Women in Leadership", 2023, "completed", ["society"], ["women", "employees"], ["linkedin", "events"]),
    ("GDMO", "عام الخمسين", "The Year of the Fiftieth", 2021, "completed", ["national", "identity"], ["public", "citizens"], ["instagram", "x", "tv", "outdoor", "youtube"]),
    ("GDMO", "دبي تحتفل باليوم الوطني", "Dubai Celebrates National Day", 2026, "planned", ["national"], ["public"], ["instagram", "x", "tv", "outdoor"]),
    ("DMI", "لغتي هويتي", "My Language, My Identity", 2022, "completed", ["identity"], ["youth", "students"], ["tv", "radio", "instagram"]),
    ("RERA", "عقدك يحميك", "Your Contract Protects You", 2023, "completed", ["economy"], ["residents"], ["instagram", "website", "radio"]),
]

# Cases not (yet) published, so the workflow can be tried: (English title, state, review comment)
UNPUBLISHED = {
    "Welcome to Dubai": ("draft", ""),
    "Clean Energy as a Way of Life": ("in_review", ""),
    "Your Contract Protects You": ("returned", "Please add the source of the reach figures and the lessons learned."),
}
COLOURS = ["#0e5f6e", "#0b2a40", "#7a5c14", "#1d5e34", "#8a1c1c", "#3b4a8a", "#5b2e6e", "#0a4753"]


def cover_image(title, colour, seed):
    """A generated cover standing in for a campaign's key visual: bands of colour, circles and its name."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    width, height = 1280, 720
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for step in range(0, height, 8):
        shade = int(40 * step / height)
        draw.line([(0, step), (width, step)], fill=_lighter(colour, shade), width=8)
    for _ in range(6):
        radius = rng.randint(60, 220)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline="#f4ecd9", width=rng.randint(3, 10))
    draw.rectangle((0, height - 150, width, height), fill="#0b2a40")
    try:
        font = ImageFont.load_default(size=64)
    except TypeError:  # very old Pillow without sized default fonts
        font = ImageFont.load_default()
    # The default font has Latin letters only: the English title stands for the picture's text.
    draw.text((60, height - 75), title[:34], fill="#ffffff", font=font, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")


def _lighter(colour, amount):
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{min(255, part + amount):02x}" for part in (red, green, blue))


def _story(title_ar, title_en, entity):
    """A plausible case written from the campaign's title, in both languages."""
    return {
        "summary_ar": f"حملة «{title_ar}» من {entity.name_ar}، صُممت لتغيير سلوك فئاتها المستهدفة بلغة قريبة منها وعبر القنوات التي تتابعها.",
        "summary_en": f"“{title_en}”, a campaign by the {entity.name_en}, designed to change the behaviour of its audiences in language close to them and on the channels they follow.",
        "objectives_ar": "رفع الوعي بالرسالة الرئيسية لدى الفئات المستهدفة.\nتحقيق تغيير قابل للقياس في السلوك خلال مدة الحملة.\nتعزيز الثقة بالجهة الحكومية وخدماتها.",
        "objectives_en": "Raise awareness of the key message among the target audiences.\nAchieve a measurable change in behaviour during the campaign.\nStrengthen trust in the entity and its services.",
        "insight_ar": "أظهرت استطلاعات ما قبل الحملة أن الجمهور يعرف الرسالة لكنه لا يرى أثرها المباشر على حياته اليومية.",
        "insight_en": "Pre-campaign surveys showed that people knew the message but did not see its direct effect on their daily lives.",
        "strategy_ar": "تحويل الرسالة إلى قصص واقعية لأشخاص من المجتمع، مع دعوة واضحة إلى خطوة واحدة بسيطة.",
        "strategy_en": "Turn the message into real stories of people from the community, with one clear call to a single simple step.",
        "implementation_ar": "مرحلة تمهيدية للتشويق، ثم إطلاق متزامن عبر القنوات الرقمية والتقليدية، وفعاليات ميدانية بالشراكة مع جهات حكومية وخاصة.",
        "implementation_en": "A teaser phase, then a launch across digital and traditional channels at once, and field activities with government and private partners.",
        "results_ar": "تجاوزت الحملة معظم مستهدفاتها في الوصول والتفاعل، وسُجل تحسن في المؤشرات السلوكية المستهدفة.",
        "results_en": "The campaign exceeded most of its reach and engagement targets, and the targeted behaviour indicators improved.",
        "lessons_ar": "المحتوى القصير الذي يقدمه أفراد من المجتمع حقق تفاعلاً أعلى من الإعلانات التقليدية؛ والتنسيق المبكر مع الشركاء ضاعف الوصول.",
        "lessons_en": "Short content presented by members of the community engaged more than traditional advertising; early coordination with partners doubled the reach.",
    }


def _kpis(rng):
    """Demonstration figures: reach, engagement, video views and behaviour change."""
    reach_target = rng.choice([500_000, 1_000_000, 2_000_000, 3_000_000])
    views_target = reach_target // rng.choice([2, 3, 4])
    return [
        {"metric_ar": "الوصول", "metric_en": "Reach", "target": reach_target, "achieved": int(reach_target * rng.uniform(0.8, 1.6)),
         "unit_ar": "شخص", "unit_en": "people"},
        {"metric_ar": "معدل التفاعل", "metric_en": "Engagement rate", "target": 3, "achieved": round(rng.uniform(2.2, 6.5), 2),
         "unit_ar": "%", "unit_en": "%"},
        {"metric_ar": "مشاهدات الفيديو", "metric_en": "Video views", "target": views_target, "achieved": int(views_target * rng.uniform(0.7, 1.9)),
         "unit_ar": "مشاهدة", "unit_en": "views"},
        {"metric_ar": "التغير في السلوك", "metric_en": "Behaviour change", "target": 10, "achieved": round(rng.uniform(6, 22), 1),
         "unit_ar": "%", "unit_en": "%"},
    ]


def _with_demo_source(rows):
    for row in rows:
        row.setdefault("source_ar", "أرقام تجريبية للعرض")
        row.setdefault("source_en", "Demonstration figures")
    return rows


def _dubai_can(det, municipality):
    return {
        "title_ar": "دبي تستطيع", "title_en": DUBAI_CAN, "status": "running",
        "starts_on": date(2022, 2, 15), "ends_on": None,
        "audiences": ["public", "residents", "visitors"], "channels": ["instagram", "x", "tiktok", "outdoor", "events", "influencers"],
        "summary_ar": "حملة مجتمعية أطلقتها دائرة الاقتصاد والسياحة بالشراكة مع بلدية دبي للحد من استخدام قوارير المياه البلاستيكية ذات الاستخدام الواحد، بتشجيع السكان والزوار على حمل قارورة قابلة لإعادة التعبئة والشرب من محطات مياه مجانية في أنحاء المدينة.",
        "summary_en": "A community campaign by the Department of Economy and Tourism, with Dubai Municipality, to reduce single-use plastic water bottles: residents and visitors are encouraged to carry a refillable bottle and drink from free water stations across the city.",
        "objectives_ar": "الحد من استهلاك قوارير المياه البلاستيكية ذات الاستخدام الواحد في دبي.\nنشر محطات مياه مجانية في الأماكن العامة.\nإشراك الشركات والمدارس والفنادق في التعهد بالحد من البلاستيك.",
        "objectives_en": "Reduce the use of single-use plastic water bottles in Dubai.\nInstall free water stations in public places.\nBring companies, schools and hotels to pledge to cut plastic.",
        "insight_ar": "يرغب معظم الناس في تقليل البلاستيك، لكنهم يشترون المياه المعبأة لأن البديل غير متوفر حيث يحتاجون إليه.",
        "insight_en": "Most people want to use less plastic, but buy bottled water because the alternative is not there when they need it.",
        "strategy_ar": "جعل الخيار المستدام هو الخيار الأسهل: محطات مياه مرئية في الشواطئ والحدائق ومناطق الفعاليات، ورسالة إيجابية تقول إن دبي قادرة.",
        "strategy_en": "Make the sustainable choice the easy one: visible water stations at beaches, parks and event venues, and a positive message that Dubai can.",
        "implementation_ar": "إطلاق الحملة وتركيب محطات المياه على مراحل، ومحتوى رقمي مع مؤثرين، وشراكات مع القطاع الخاص لتوزيع قوارير قابلة لإعادة الاستخدام، وعرض تفاصيل الحملة ونتائجها في الاجتماع الأول للشبكة لعام 2022.",
        "implementation_en": "The launch and the installation of water stations in phases, digital content with influencers, private-sector partnerships to hand out reusable bottles, and the campaign's details and results presented at the network's first meeting of 2022.",
        "results_ar": "انتشرت محطات المياه في مواقع الجذب الرئيسية، وانضمت جهات عديدة إلى التعهد، وانخفض استخدام القوارير البلاستيكية في المواقع المشاركة.",
        "results_en": "Water stations spread across the main attractions, many organisations joined the pledge, and the use of plastic bottles fell at the participating sites.",
        "lessons_ar": "توفير البديل قبل طلب تغيير السلوك شرط لنجاح الرسالة؛ والشراكة بين الجهات الحكومية تضاعف الأثر.",
        "lessons_en": "Providing the alternative before asking people to change is what makes the message work; partnership between government entities multiplies the effect.",
        "awards_ar": "", "awards_en": "",
        "_partners": [municipality], "_themes": ["sustainability", "society"], "_best": True, "_featured": True,
        "_kpis": [
            {"metric_ar": "محطات المياه المركبة", "metric_en": "Water stations installed", "target": 50, "achieved": 50, "unit_ar": "محطة", "unit_en": "stations"},
            {"metric_ar": "الجهات الموقعة على التعهد", "metric_en": "Organisations that pledged", "target": 100, "achieved": 140, "unit_ar": "جهة", "unit_en": "organisations"},
            {"metric_ar": "قوارير بلاستيكية تم تجنبها", "metric_en": "Plastic bottles avoided", "target": 1_000_000, "achieved": 1_250_000, "unit_ar": "قارورة", "unit_en": "bottles"},
            {"metric_ar": "الوصول", "metric_en": "Reach", "target": 2_000_000, "achieved": 3_100_000, "unit_ar": "شخص", "unit_en": "people"},
        ],
    }


def _plastic_bags(det, municipality):
    return {
        "title_ar": "سياسة الحد من الأكياس البلاستيكية ذات الاستخدام الواحد", "title_en": PLASTIC_BAGS, "status": "completed",
        "starts_on": date(2022, 5, 1), "ends_on": date(2022, 12, 31),
        "audiences": ["public", "residents", "business"], "channels": ["tv", "radio", "outdoor", "instagram", "x", "whatsapp", "print"],
        "summary_ar": "حملة بلدية دبي للتعريف بسياسة الحد من الأكياس البلاستيكية ذات الاستخدام الواحد، وبالتعرفة المفروضة عليها اعتباراً من 1 يوليو 2022، وتشجيع الجمهور على الأكياس القابلة لإعادة الاستخدام.",
        "summary_en": "Dubai Municipality's campaign explaining the policy to reduce single-use plastic bags and the tariff on them from 1 July 2022, and encouraging people to carry reusable bags.",
        "objectives_ar": "تعريف الجمهور والمتاجر بالسياسة وموعد تطبيق التعرفة.\nخفض استهلاك الأكياس البلاستيكية ذات الاستخدام الواحد.\nتهيئة منافذ البيع لتقديم البدائل.",
        "objectives_en": "Tell the public and shops about the policy and when the tariff starts.\nReduce the use of single-use plastic bags.\nPrepare shops to offer alternatives.",
        "insight_ar": "يتقبل الجمهور السياسات البيئية عندما يفهم سببها ويجد البديل جاهزاً عند الدفع.",
        "insight_en": "People accept environmental policies when they understand why and find the alternative ready at the till.",
        "strategy_ar": "رسالة واضحة قبل موعد التطبيق وبعده: لماذا، ومتى، وما البديل؛ بالتعاون مع منافذ البيع الكبرى.",
        "strategy_en": "One clear message before and after the start date: why, when, and what instead; with the large retailers as partners.",
        "implementation_ar": "عُرضت خطة الحملة في الاجتماع الأول للشبكة لعام 2022 لتنسيق رسائل الجهات، ثم أُطلقت على مراحل قبل 1 يوليو 2022 عبر الإعلام التقليدي والرقمي ونقاط البيع.",
        "implementation_en": "The campaign plan was presented at the network's first meeting of 2022 so entities could align their messages, then launched in phases before 1 July 2022 in traditional and digital media and at points of sale.",
        "results_ar": "انخفض استخدام الأكياس ذات الاستخدام الواحد في منافذ البيع المشاركة، وارتفع الإقبال على الأكياس القابلة لإعادة الاستخدام.",
        "results_en": "The use of single-use bags fell in the participating shops, and reusable bags were taken up widely.",
        "lessons_ar": "تنسيق الرسائل مع الجهات الأخرى عبر الشبكة قبل الإطلاق منع تضارب الرسائل البيئية في الفترة نفسها.",
        "lessons_en": "Coordinating with other entities through the network before the launch kept environmental messages from clashing in the same period.",
        "awards_ar": "", "awards_en": "",
        "_partners": [det], "_themes": ["sustainability", "smart_city"], "_best": True, "_featured": False,
        "_kpis": [
            {"metric_ar": "منافذ البيع المشاركة", "metric_en": "Participating shops", "target": 1000, "achieved": 1350, "unit_ar": "منفذ", "unit_en": "shops"},
            {"metric_ar": "الوعي بموعد تطبيق التعرفة", "metric_en": "Awareness of the tariff's start date", "target": 70, "achieved": 82, "unit_ar": "%", "unit_en": "%"},
            {"metric_ar": "انخفاض استخدام الأكياس", "metric_en": "Fall in bag use", "target": 50, "achieved": 61, "unit_ar": "%", "unit_en": "%"},
        ],
    }


def loaded():
    from campaigns.models import Campaign

    return Campaign.objects.filter(title_en=DUBAI_CAN).exists()


def seed(stdout, context):
    from django.utils import timezone

    from campaigns import demo_media, services
    from campaigns.models import OWNER_ROLES, Campaign, Review, Theme
    from members.models import Entity, User

    themes = {}
    for key, name_ar, name_en in THEMES:
        themes[key], _created = Theme.objects.update_or_create(name_en=name_en, defaults={"name_ar": name_ar})
    entities = {entity.short_name: entity for entity in Entity.objects.all()}
    det, municipality = entities["DET"], entities["DM"]
    secretariat = User.objects.filter(role="secretariat", is_active=True).order_by("pk").first()
    rng = random.Random(2022)

    def author(entity):
        return (
            User.objects.filter(entity=entity, role__in=OWNER_ROLES, is_active=True).order_by("role", "pk").first() or secretariat
        )

    specs = [_dubai_can(det, municipality) | {"_owner": det}, _plastic_bags(det, municipality) | {"_owner": municipality}]
    for index, (short_name, title_ar, title_en, year, status, theme_keys, audiences, channels) in enumerate(CAMPAIGNS):
        owner = entities.get(short_name)
        if owner is None:
            continue
        starts = date(year, 1 + (index * 5) % 12, 1 + index % 25)
        specs.append({
            "title_ar": title_ar, "title_en": title_en, "status": status, "starts_on": starts,
            "ends_on": None if status == "running" else starts + timedelta(days=30 + index % 60),
            "audiences": audiences, "channels": channels, **_story(title_ar, title_en, owner),
            "awards_ar": "جائزة دبي للأداء الحكومي المتميز" if index % 9 == 0 else "",
            "awards_en": "Dubai Government Excellence Programme award" if index % 9 == 0 else "",
            "video_links": "https://www.youtube.com/@GovernmentofDubai" if index % 4 == 0 else "",
            "_owner": owner, "_themes": theme_keys, "_partners": [], "_kpis": _kpis(rng),
            "_best": index % 5 == 0, "_featured": index in (3, 12),
        })

    created = 0
    now = timezone.now()
    for index, spec in enumerate(specs):
        if Campaign.objects.filter(title_en=spec["title_en"], owner=spec["_owner"]).exists():
            continue
        owner = spec.pop("_owner")
        extra = {key: spec.pop(key) for key in [key for key in spec if key.startswith("_")]}
        writer = author(owner)
        campaign = services.campaign_create(
            owner=owner, data=spec, acting_user=writer, themes=[themes[key] for key in extra["_themes"]],
            partners=extra["_partners"], kpis=_with_demo_source(extra["_kpis"]),
            cover=cover_image(spec["title_en"], COLOURS[index % len(COLOURS)], index),
        )
        # The review history is written directly: the demo should not send forty e-mails to the secretariat.
        state, comment = UNPUBLISHED.get(spec["title_en"], ("published", ""))
        # The two cases of the first meeting of 2022 come first in the showcase (newest published).
        submitted_at = now - timedelta(days=3 + index)
        fields = {"state": state, "review_comment": comment}
        if state != "draft":
            fields["submitted_at"] = submitted_at
            Review.objects.create(campaign=campaign, action=Review.Action.SUBMITTED, actor=writer)
        if state == "returned":
            Review.objects.create(campaign=campaign, action=Review.Action.RETURNED, actor=secretariat, comment=comment)
        if state == "published":
            fields.update(published_at=submitted_at + timedelta(days=2), view_count=rng.randint(20, 900),
                          best_practice=extra["_best"], featured=extra["_featured"])
            Review.objects.create(campaign=campaign, action=Review.Action.PUBLISHED, actor=secretariat)
        Campaign.objects.filter(pk=campaign.pk).update(**fields)
        created += 1
    stdout.write(f"  {Campaign.objects.count()} campaigns ({created} new)")
    # Questions and answers, useful marks and saved cases (campaigns/demo_interaction.py).
    from campaigns import demo_interaction

    demo_interaction.seed(stdout)
    # Galleries for the first cases, and the covers' renditions made now: no worker runs during seed_demo.
    demo_media.seed(stdout, titles=[spec["title_en"] for spec in specs[:6]])
