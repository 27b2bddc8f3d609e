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

# (Arabic, English) given names, men and women, and family names.
GIVEN_NAMES = [
    ("أحمد", "Ahmed"), ("محمد", "Mohammed"), ("خالد", "Khalid"), ("سعيد", "Saeed"), ("راشد", "Rashid"),
    ("عبدالله", "Abdullah"), ("سلطان", "Sultan"), ("حمدان", "Hamdan"), ("ماجد", "Majid"), ("يوسف", "Yousef"),
    ("عمر", "Omar"), ("إبراهيم", "Ibrahim"), ("فيصل", "Faisal"), ("حميد", "Humaid"), ("علي", "Ali"),
    ("فاطمة", "Fatima"), ("مريم", "Maryam"), ("عائشة", "Aisha"), ("نورة", "Noura"), ("شيخة", "Shaikha"),
    ("هند", "Hind"), ("آمنة", "Amna"), ("ميثاء", "Maitha"), ("لطيفة", "Latifa"), ("موزة", "Moza"),
    ("سارة", "Sara"), ("ريم", "Reem"), ("علياء", "Alya"), ("إيمان", "Eman"), ("هدى", "Huda"),
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
# (e-mail, role, entity English name or None, Arabic name, English name)
DEMO_ACCOUNTS = [
    ("secretariat@demo.gcn.ae", "secretariat", "General Secretariat of the Executive Council of Dubai", "مريم الهاشمي", "Maryam Al Hashimi"),
    ("director@demo.gcn.ae", "director", "Department of Economy and Tourism", "خالد المنصوري", "Khalid Al Mansouri"),
    ("team@demo.gcn.ae", "team", "Department of Economy and Tourism", "نورة الفلاسي", "Noura Al Falasi"),
    ("director2@demo.gcn.ae", "director", "Dubai Municipality", "سعيد المهيري", "Saeed Al Muhairi"),
    ("guest@demo.gcn.ae", "guest", None, "ليلى حداد", "Layla Haddad"),
]


JOB_TITLES = [
    ("مدير إدارة الاتصال المؤسسي", "Director of Corporate Communication"),
    ("مدير إدارة الاتصال الحكومي", "Director of Government Communication"),
    ("رئيس قسم الإعلام", "Head of Media"),
    ("أخصائي تواصل اجتماعي", "Social Media Specialist"),
    ("أخصائي علاقات إعلامية", "Media Relations Specialist"),
    ("منسق فعاليات", "Events Coordinator"),
    ("أخصائي اتصال داخلي", "Internal Communication Specialist"),
    ("مصمم هوية مؤسسية", "Brand Designer"),
]
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


def seed(stdout):
    """Create or update the demo entities, people and accounts. Safe to run again."""
    import random

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from members.models import Entity, EntitySocialAccount, Expertise, NetworkSeat, User
    from members.services import entity_update, profile_update, seat_assign, user_set_role
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

    def ensure_person(email, role, entity, name_ar, name_en):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"name_ar": name_ar, "name_en": name_en, "entity": entity, "password": password_hash},
        )
        if created or user.role != role:
            user_set_role(user=user, role=role)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    accounts = {}
    for email, role, entity_name, name_ar, name_en in DEMO_ACCOUNTS:
        accounts[role if role not in accounts else f"{role}2"] = ensure_person(
            email, role, entities.get(entity_name), name_ar, name_en
        )

    secretariat = accounts["secretariat"]
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, DEMO_TOTP_SECRET)

    # ~150 more people: a director, often an alternate, and a team for every entity.
    rng = random.Random(2009)  # the network's founding year: the same people on every machine
    for index, entity in enumerate(entities.values()):
        for position in range(4 if index % 3 else 3):
            given_ar, given_en = rng.choice(GIVEN_NAMES)
            family_ar, family_en = rng.choice(FAMILY_NAMES)
            role = "director" if position == 0 else "team"
            email = f"{given_en}.{family_en}.{index}.{position}@demo.gcn.ae".lower().replace(" ", "")
            if position == 0 and entity.people.filter(role="director").exclude(email=email).exists():
                role = "team"  # the entity's demo account is already its director
            ensure_person(email, role, entity, f"{given_ar} {family_ar}", f"{given_en} {family_en}")
    # Profiles: titles, phones, expertise, generated photos; seats: a member and often an alternate.
    expertise = list(Expertise.objects.order_by("pk"))
    now = timezone.now()
    for index, person in enumerate(User.objects.in_directory().filter(photo="").select_related("entity").order_by("pk")):
        title_ar, title_en = JOB_TITLES[0 if person.role == "director" else 2 + index % (len(JOB_TITLES) - 2)]
        profile_update(
            person=person, acting_user=person,
            data={
                "job_title_ar": title_ar, "job_title_en": title_en,
                "office_phone": f"+971 4 {200 + index:03d} {1000 + index * 7 % 9000:04d}",
                "mobile": f"+971 50 {300 + index:03d} {2000 + index * 13 % 8000:04d}",
                "hide_mobile_from_team": index % 5 == 0,
                "languages": "العربية، English",
                "bio_ar": f"يعمل في {person.entity.name_ar} ضمن فريق الاتصال الحكومي." if person.entity else "",
                "bio_en": f"Works in government communication at {person.entity.name_en}." if person.entity else "",
                "expertise": [expertise[index % len(expertise)], expertise[(index * 3 + 1) % len(expertise)]],
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
    return accounts
