"""Standard areas of expertise, and the secretariat's admin permissions on the new models."""
from django.db import migrations

from members.roles import grant

EXPERTISE = [
    ("التواصل الاجتماعي", "Social media"),
    ("العلاقات الإعلامية", "Media relations"),
    ("الاتصال في الأزمات", "Crisis communication"),
    ("الاتصال الداخلي", "Internal communication"),
    ("الهوية المؤسسية", "Branding"),
    ("الفعاليات", "Events"),
    ("الحملات التسويقية", "Marketing campaigns"),
    ("المحتوى الرقمي", "Digital content"),
]


def forwards(apps, schema_editor):
    Expertise = apps.get_model("members", "Expertise")
    for name_ar, name_en in EXPERTISE:
        Expertise.objects.get_or_create(name_en=name_en, defaults={"name_ar": name_ar})
    grant(apps, "secretariat", app_labels=["members"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_directory_profiles"), ("members", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
