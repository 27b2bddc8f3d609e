"""Demo content for the members portal: real Dubai Government entities and plausible people."""

# (Arabic name, English name, short name, sector, website)
ENTITIES = [
    ("دائرة الاقتصاد والسياحة", "Department of Economy and Tourism", "DET", "economy", "https://www.dubaidet.gov.ae"),
    ("بلدية دبي", "Dubai Municipality", "DM", "infrastructure", "https://www.dm.gov.ae"),
    ("هيئة الطرق والمواصلات", "Roads and Transport Authority", "RTA", "infrastructure", "https://www.rta.ae"),
    ("القيادة العامة لشرطة دبي", "Dubai Police", "DP", "security", "https://www.dubaipolice.gov.ae"),
    ("هيئة الصحة بدبي", "Dubai Health Authority", "DHA", "health", "https://www.dha.gov.ae"),
    ("هيئة المعرفة والتنمية البشرية", "Knowledge and Human Development Authority", "KHDA", "education", "https://www.khda.gov.ae"),
    ("هيئة الثقافة والفنون في دبي", "Dubai Culture and Arts Authority", "Dubai Culture", "culture", "https://dubaiculture.gov.ae"),
    ("هيئة كهرباء ومياه دبي", "Dubai Electricity and Water Authority", "DEWA", "environment", "https://www.dewa.gov.ae"),
    ("الإدارة العامة للإقامة وشؤون الأجانب", "General Directorate of Residency and Foreigners Affairs", "GDRFA", "security", "https://gdrfad.gov.ae"),
    ("الإدارة العامة للدفاع المدني بدبي", "Dubai Civil Defence", "DCD", "security", "https://www.dcd.gov.ae"),
    ("دائرة الأراضي والأملاك", "Dubai Land Department", "DLD", "economy", "https://dubailand.gov.ae"),
    ("دائرة المالية", "Department of Finance", "DOF", "government_services", "https://www.dof.gov.ae"),
    ("محاكم دبي", "Dubai Courts", "DC", "security", "https://www.dc.gov.ae"),
    ("النيابة العامة في دبي", "Dubai Public Prosecution", "DPP", "security", "https://www.dxbpp.gov.ae"),
    ("دائرة الشؤون الإسلامية والعمل الخيري", "Islamic Affairs and Charitable Activities Department", "IACAD", "culture", "https://www.iacad.gov.ae"),
    ("هيئة تنمية المجتمع", "Community Development Authority", "CDA", "culture", "https://www.cda.gov.ae"),
    ("المكتب الإعلامي لحكومة دبي", "Government of Dubai Media Office", "GDMO", "government_services", "https://mediaoffice.ae"),
    ("هيئة دبي الرقمية", "Digital Dubai Authority", "DDA", "government_services", "https://www.digitaldubai.ae"),
    ("جمارك دبي", "Dubai Customs", "DXC", "economy", "https://www.dubaicustoms.gov.ae"),
    ("مؤسسة مطارات دبي", "Dubai Airports", "DXB", "infrastructure", "https://www.dubaiairports.ae"),
    ("مجلس دبي الرياضي", "Dubai Sports Council", "DSC", "culture", "https://www.dubaisc.ae"),
    ("مؤسسة محمد بن راشد للإسكان", "Mohammed Bin Rashid Housing Establishment", "MBRHE", "government_services", "https://www.mbrhe.gov.ae"),
    ("دائرة الموارد البشرية لحكومة دبي", "Dubai Government Human Resources Department", "DGHR", "government_services", "https://www.dghr.gov.ae"),
    ("غرف دبي", "Dubai Chambers", "DCCI", "economy", "https://www.dubaichambers.com"),
    ("مركز دبي للأمن الإلكتروني", "Dubai Electronic Security Center", "DESC", "security", "https://www.desc.gov.ae"),
    ("مركز دبي للإحصاء", "Dubai Statistics Center", "DSC-Stat", "government_services", "https://www.dsc.gov.ae"),
    ("دائرة الشؤون القانونية لحكومة دبي", "Government of Dubai Legal Affairs Department", "LAD", "government_services", "https://www.legal.dubai.gov.ae"),
    ("مؤسسة دبي لرعاية النساء والأطفال", "Dubai Foundation for Women and Children", "DFWAC", "culture", "https://www.dfwac.ae"),
    ("مؤسسة دبي لخدمات الإسعاف", "Dubai Corporation for Ambulance Services", "DCAS", "health", "https://www.dcas.gov.ae"),
    ("مؤسسة دبي الأكاديمية الصحية", "Dubai Academic Health Corporation", "DAHC", "health", "https://dubaihealth.ae"),
    ("مؤسسة دبي لتنمية الاستثمار", "Dubai Investment Development Agency", "Dubai FDI", "economy", "https://www.investindubai.gov.ae"),
    ("مؤسسة دبي للمستقبل", "Dubai Future Foundation", "DFF", "government_services", "https://www.dubaifuture.ae"),
    ("مؤسسة دبي لخدمات الملاحة الجوية", "Dubai Air Navigation Services", "dans", "infrastructure", "https://www.dans.gov.ae"),
    ("سلطة دبي البحرية", "Dubai Maritime Authority", "DMA", "infrastructure", "https://www.dma.dubai.gov.ae"),
    ("المجلس الأعلى للطاقة في دبي", "Dubai Supreme Council of Energy", "DSCE", "environment", "https://www.dubaisce.gov.ae"),
    ("مؤسسة دبي للمرأة", "Dubai Women Establishment", "DWE", "culture", "https://www.dwe.gov.ae"),
    ("مركز محمد بن راشد للفضاء", "Mohammed Bin Rashid Space Centre", "MBRSC", "education", "https://www.mbrsc.ae"),
    ("الأمانة العامة للمجلس التنفيذي لإمارة دبي", "General Secretariat of the Executive Council of Dubai", "TEC", "government_services", "https://tec.gov.ae"),
    ("مؤسسة التنظيم العقاري", "Real Estate Regulatory Agency", "RERA", "economy", "https://dubailand.gov.ae/rera"),
    ("مؤسسة دبي للإعلام", "Dubai Media Incorporated", "DMI", "culture", "https://www.dmi.gov.ae"),
]

# (Arabic, English, gender) given names, men and women, and family names. Arabic job titles and
# bios agree with the person (مدير / مديرة, يعمل / تعمل), so each name carries its gender.
GIVEN_NAMES = [
    ("أحمد", "Ahmed", "m"), ("محمد", "Mohammed", "m"), ("خالد", "Khalid", "m"), ("سعيد", "Saeed", "m"),
    ("راشد", "Rashid", "m"), ("عبدالله", "Abdullah", "m"), ("سلطان", "Sultan", "m"), ("حمدان", "Hamdan", "m"),
    ("ماجد", "Majid", "m"), ("يوسف", "Yousef", "m"), ("عمر", "Omar", "m"), ("إبراهيم", "Ibrahim", "m"),
    ("فيصل", "Faisal", "m"), ("حميد", "Humaid", "m"), ("علي", "Ali", "m"),
    ("فاطمة", "Fatima", "f"), ("مريم", "Maryam", "f"), ("عائشة", "Aisha", "f"), ("نورة", "Noura", "f"),
    ("شيخة", "Shaikha", "f"), ("هند", "Hind", "f"), ("آمنة", "Amna", "f"), ("ميثاء", "Maitha", "f"),
    ("لطيفة", "Latifa", "f"), ("موزة", "Moza", "f"), ("سارة", "Sara", "f"), ("ريم", "Reem", "f"),
    ("علياء", "Alya", "f"), ("إيمان", "Eman", "f"), ("هدى", "Huda", "f"),
]
FAMILY_NAMES = [
    ("المنصوري", "Al Mansouri"), ("الفلاسي", "Al Falasi"), ("المهيري", "Al Muhairi"), ("السويدي", "Al Suwaidi"),
    ("الكتبي", "Al Ketbi"), ("المري", "Al Marri"), ("الشامسي", "Al Shamsi"), ("البلوشي", "Al Balushi"),
    ("الهاشمي", "Al Hashimi"), ("الزعابي", "Al Zaabi"), ("النعيمي", "Al Nuaimi"), ("الظاهري", "Al Dhaheri"),
    ("بن سليمان", "Bin Sulaiman"), ("الحمادي", "Al Hammadi"), ("القاسمي", "Al Qasimi"), ("العلي", "Al Ali"),
    ("بوخاطر", "Bukhatir"), ("الجسمي", "Al Jasmi"), ("الرميثي", "Al Romaithi"), ("لوتاه", "Lootah"),
]


DEMO_PASSWORD = "GcnDemo!2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # demo only: printed with the accounts
# (e-mail, role, entity English name or None, Arabic name, English name, gender)
DEMO_ACCOUNTS = [
    ("secretariat@demo.gcn.ae", "secretariat", "General Secretariat of the Executive Council of Dubai", "مريم الهاشمي", "Maryam Al Hashimi", "f"),
    ("director@demo.gcn.ae", "director", "Department of Economy and Tourism", "خالد المنصوري", "Khalid Al Mansouri", "m"),
    ("team@demo.gcn.ae", "team", "Department of Economy and Tourism", "نورة الفلاسي", "Noura Al Falasi", "f"),
    ("director2@demo.gcn.ae", "director", "Dubai Municipality", "سعيد المهيري", "Saeed Al Muhairi", "m"),
    ("guest@demo.gcn.ae", "guest", None, "ليلى حداد", "Layla Haddad", "f"),
]


# Job titles as (Arabic for a man, Arabic for a woman, English). Written out whole: an Arabic title
# is not a masculine word plus ة (أخصائي أول / أخصائية أولى).
DIRECTOR_TITLES = [
    ("مدير إدارة الاتصال المؤسسي", "مديرة إدارة الاتصال المؤسسي", "Director of Corporate Communication"),
    ("مدير إدارة الاتصال الحكومي", "مديرة إدارة الاتصال الحكومي", "Director of Government Communication"),
    ("مدير إدارة الاتصال والتسويق", "مديرة إدارة الاتصال والتسويق", "Director of Communication and Marketing"),
]
SECRETARIAT_TITLE = (
    "منسق الشبكة العامة للاتصال الحكومي", "منسقة الشبكة العامة للاتصال الحكومي",
    "Coordinator of the Government Communication Network",
)
TEAM_TITLES = [
    ("رئيس قسم الإعلام", "رئيسة قسم الإعلام", "Head of Media"),
    ("أخصائي وسائل التواصل الاجتماعي", "أخصائية وسائل التواصل الاجتماعي", "Social Media Specialist"),
    ("أخصائي علاقات إعلامية", "أخصائية علاقات إعلامية", "Media Relations Specialist"),
    ("منسق فعاليات", "منسقة فعاليات", "Events Coordinator"),
    ("أخصائي اتصال داخلي", "أخصائية اتصال داخلي", "Internal Communication Specialist"),
    ("مصمم هوية مؤسسية", "مصممة هوية مؤسسية", "Brand Designer"),
    ("أخصائي أول اتصال مؤسسي", "أخصائية أولى اتصال مؤسسي", "Senior Corporate Communication Specialist"),
    ("رئيس قسم الاتصال الداخلي", "رئيسة قسم الاتصال الداخلي", "Head of Internal Communication"),
    ("محرر محتوى رقمي", "محررة محتوى رقمي", "Digital Content Editor"),
    ("أخصائي اتصال", "أخصائية اتصال", "Communication Specialist"),
]
# Everyone speaks Arabic and English; some a third language (codes of members.models.Language).
THIRD_LANGUAGES = ["fr", "hi", "ur", "de", "es", "ml", "zh", "fa", "tl", "ru", "tr"]


def job_title(role, gender, index):
    """(Arabic, English) title for a demo person, the Arabic agreeing with their gender."""
    if role == "director":
        masculine, feminine, english = DIRECTOR_TITLES[index % len(DIRECTOR_TITLES)]
    elif role == "secretariat":
        masculine, feminine, english = SECRETARIAT_TITLE
    else:
        masculine, feminine, english = TEAM_TITLES[index % len(TEAM_TITLES)]
    return (feminine if gender == "f" else masculine), english


def bio(role, gender, entity, expertise):
    """(Arabic, English) short bio; the Arabic verbs and pronouns agree, the English needs none."""
    female = gender == "f"
    if role == "director":
        return (
            f"{'تقود' if female else 'يقود'} فريق الاتصال في {entity.name_ar}، "
            f"{'وتشرف' if female else 'ويشرف'} على حملاتها ورسائلها الإعلامية.",
            f"Leads the communication team of {entity.name_en} and oversees its campaigns and media messages.",
        )
    if role == "secretariat":
        return (
            f"{'تتابع' if female else 'يتابع'} شؤون أعضاء الشبكة العامة للاتصال الحكومي "
            f"{'وتنسّق' if female else 'وينسّق'} اجتماعاتها في {entity.name_ar}.",
            f"Looks after the members of the Government Communication Network and coordinates its meetings at {entity.name_en}.",
        )
    return (
        f"{'تعمل' if female else 'يعمل'} ضمن فريق الاتصال في {entity.name_ar}، {'ولها' if female else 'وله'} خبرة في {expertise.name_ar}.",
        f"Works in the communication team of {entity.name_en}, with experience in {expertise.name_en.lower()}.",
    )


PALETTE = ["#1c5d87", "#0f2a3f", "#7a5c14", "#2e6b4f", "#6b2e4f", "#4f4f8a", "#8a4f2e", "#2e5e6b"]


def demo_image(color, size=480, *, text="", font_size=None):
    """A generated picture standing in for a real one: a portrait silhouette, or a logo's letters."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), color)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=font_size or size // 3)
    except TypeError:  # very old Pillow without sized default fonts
        font = ImageFont.load_default()
    if text:
        draw.text((size / 2, size / 2), text, fill="#ffffff", font=font, anchor="mm")
    else:
        draw.ellipse((size * 0.32, size * 0.16, size * 0.68, size * 0.52), fill="#f1e3c6")
        draw.chord((size * 0.14, size * 0.58, size * 0.86, size * 1.3), 180, 360, fill="#f1e3c6")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def loaded():
    from members.models import User

    return User.objects.filter(email=DEMO_ACCOUNTS[0][0]).exists()


def describe(stdout):
    stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
    for email, role, entity, *_names_and_gender in DEMO_ACCOUNTS:
        stdout.write(f"  {email:<26} {role:<12} {entity or ''}")
    stdout.write(
        f"  The secretariat signs in with a TOTP code; its authenticator secret (demo only) is {DEMO_TOTP_SECRET}\n"
    )


def seed(stdout, context):
    """Create or update the demo entities, people and accounts (into `context["accounts"]`). Safe to run again."""
    import random

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from members.models import Entity, EntitySocialAccount, Expertise, NetworkSeat, User
    from members.services import entity_update, profile_update, seat_assign, user_set_role
    from django.db.models import Q
    from django.utils import timezone
    from datetime import timedelta

    entities = {}
    for name_ar, name_en, short_name, sector, website in ENTITIES:
        entity, _ = Entity.objects.update_or_create(
            name_en=name_en,
            defaults={"name_ar": name_ar, "short_name": short_name, "sector": sector, "website": website},
        )
        entities[name_en] = entity

    # One hash for every demo account: hashing the same password 150 times would take a minute.
    password_hash = make_password(DEMO_PASSWORD)

    # Every demo person's gender by pk. Profiles are written below for new demo people and for those
    # seeded before genders existed (their titles and bios were masculine only); never for others.
    genders = {}
    to_profile = set()

    def ensure_person(email, role, entity, name_ar, name_en, gender):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"name_ar": name_ar, "name_en": name_en, "entity": entity, "password": password_hash, "gender": gender},
        )
        if created or user.role != role:
            user_set_role(user=user, role=role)
        genders[user.pk] = gender
        if not created and user.gender != gender:
            User.objects.filter(pk=user.pk).update(gender=gender)  # guests have no profile to carry it
        if created or user.gender != gender:
            to_profile.add(user.pk)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    accounts = {}
    for email, role, entity_name, name_ar, name_en, gender in DEMO_ACCOUNTS:
        accounts[role if role not in accounts else f"{role}2"] = ensure_person(
            email, role, entities.get(entity_name), name_ar, name_en, gender
        )

    secretariat = accounts["secretariat"]
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, DEMO_TOTP_SECRET)

    # ~150 more people: a director, often an alternate, and a team for every entity.
    rng = random.Random(2009)  # the network's founding year: the same people on every machine
    for index, entity in enumerate(entities.values()):
        for position in range(4 if index % 3 else 3):
            given_ar, given_en, gender = rng.choice(GIVEN_NAMES)
            family_ar, family_en = rng.choice(FAMILY_NAMES)
            role = "director" if position == 0 else "team"
            email = f"{given_en}.{family_en}.{index}.{position}@demo.gcn.ae".lower().replace(" ", "")
            if position == 0 and entity.people.filter(role="director").exclude(email=email).exists():
                role = "team"  # the entity's demo account is already its director
            ensure_person(email, role, entity, f"{given_ar} {family_ar}", f"{given_en} {family_en}", gender)
    # Profiles: titles, phones, expertise, generated photos; seats: a member and often an alternate.
    expertise = list(Expertise.objects.order_by("pk"))
    now = timezone.now()
    people = User.objects.in_directory().filter(Q(photo="") | Q(pk__in=to_profile), pk__in=genders)
    for index, person in enumerate(people.select_related("entity").order_by("pk")):
        gender = genders[person.pk]
        title_ar, title_en = job_title(person.role, gender, index)
        skills = [expertise[index % len(expertise)], expertise[(index * 3 + 1) % len(expertise)]]
        bio_ar, bio_en = bio(person.role, gender, person.entity, skills[0]) if person.entity else ("", "")
        third = [THIRD_LANGUAGES[index // 3 % len(THIRD_LANGUAGES)]] if index % 3 == 1 else []
        profile_update(
            person=person, acting_user=person,
            data={
                "gender": gender, "job_title_ar": title_ar, "job_title_en": title_en,
                "office_phone": f"+971 4 {200 + index:03d} {1000 + index * 7 % 9000:04d}",
                "mobile": f"+971 50 {300 + index:03d} {2000 + index * 13 % 8000:04d}",
                "hide_mobile_from_team": index % 5 == 0,
                "languages": ["ar", "en", *third],
                "bio_ar": bio_ar, "bio_en": bio_en,
                "expertise": skills,
            },
            photo=demo_image(PALETTE[index % len(PALETTE)]),
        )
        # Some profiles have not been confirmed for months: they show up in the freshness report.
        confirmed = None if index % 7 == 0 else now - timedelta(days=(index * 11) % 150)
        User.objects.filter(pk=person.pk).update(profile_confirmed_at=confirmed)
    for index, entity in enumerate(entities.values()):
        people = list(entity.people.filter(is_active=True).order_by("pk"))
        director = next((person for person in people if person.role == "director"), None)
        # A few entities have no current member, for the secretariat's report.
        if director and index % 13 != 5 and not NetworkSeat.objects.filter(entity=entity, ended_on__isnull=True, seat="member").exists():
            seat_assign(entity=entity, person=director, seat=NetworkSeat.Seat.MEMBER)
        team = [person for person in people if person.role == "team"]
        if team and index % 2 == 0 and not NetworkSeat.objects.filter(entity=entity, seat="alternate", ended_on__isnull=True).exists():
            seat_assign(entity=entity, person=team[0], seat=NetworkSeat.Seat.ALTERNATE)
        if not entity.logo:
            entity_update(
                entity=entity, acting_user=None,
                data={"general_email": f"media@{entity.short_name.lower().replace(' ', '')}.demo.gcn.ae", "general_phone": f"+971 4 {600 + index:03d} 0000"},
                logo=demo_image(PALETTE[index % len(PALETTE)], 320, text=entity.short_name[:5], font_size=64),
            )
        handle = entity.short_name.replace(" ", "")
        for platform in ("instagram", "x", "linkedin"):
            EntitySocialAccount.objects.get_or_create(
                entity=entity, platform=platform, url=f"https://{platform}.example/{handle}", defaults={"handle": f"@{handle}"}
            )
    stdout.write(f"  {Entity.objects.count()} entities, {User.objects.count()} people")
    context["accounts"] = accounts
