"""Factories for directory data: entities and people with profiles."""
import factory

from members.models import Entity, Role, User


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name_ar = factory.Sequence(lambda n: f"جهة حكومية {n}")
    name_en = factory.Sequence(lambda n: f"Government entity {n}")
    short_name = factory.Sequence(lambda n: f"GE{n}")
    sector = "government_services"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.gcn.ae")
    name_ar = factory.Sequence(lambda n: f"موظف {n}")
    name_en = factory.Sequence(lambda n: f"Employee {n}")
    job_title_ar = "أخصائي اتصال"
    job_title_en = "Communication specialist"
    office_phone = "+971 4 200 1000"
    mobile = "+971 50 300 2000"
    role = Role.TEAM
    entity = factory.SubFactory(EntityFactory)
    password = factory.django.Password("Correct-Horse-Battery-9")
