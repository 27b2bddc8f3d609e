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


def seed(stdout):
    """Create or update the demo entities, people and accounts. Safe to run again."""
    import random

    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password

    from members.models import Entity, User
    from members.services import user_set_role

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
    stdout.write(f"  {Entity.objects.count()} entities, {User.objects.count()} people")
    return accounts
