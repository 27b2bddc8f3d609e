"""One answer to "may this user see this object?": each model's `visible_to(user)` for lists and its
`rules` permission for one object must agree, for every role and every kind of object.

A page that lists with one and opens with the other would show a link to a 404, or open what no
list shows. Anonymous visitors are `AnonymousUser()`, as a view sees them.
"""
from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from meetings.models import Meeting
from members.models import Entity, Role, User
from portal import files
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

VIEWERS = ["secretariat", "director", "team", "other_director", "guest", "deactivated_director", "anonymous"]
MEMBERS = ["secretariat", "director", "team", "other_director"]
# (rule for one object, the model whose `objects.visible_to(user)` answers it for lists)
RULES = [
    ("members.view_entity", Entity),
    ("members.view_person", User),
    ("meetings.view_meeting", Meeting),
]


def _meeting(title, days, host=None, guests=()):
    start = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(
        title_ar=f"اجتماع {title}", title_en=title, starts_at=start, ends_at=start + timedelta(hours=1), host=host,
    )
    meeting.guests.set(guests)
    return meeting


@pytest.fixture
def world(users, entity, other_entity):
    """Viewers by name, and objects of every kind each model has, by name."""
    inactive_entity = Entity.objects.create(name_ar="جهة سابقة", name_en="Former entity", sector="economy", is_active=False)
    deactivated_director = make_user("gone@test.gcn.ae", Role.DIRECTOR, other_entity, name_en="Gone Director")
    deactivated_director.is_active = False
    deactivated_director.save(update_fields=["is_active"])
    former_colleague = make_user("former@test.gcn.ae", Role.TEAM, inactive_entity, name_en="Colleague at a former entity")
    other_guest = make_user("guest2@test.gcn.ae", Role.GUEST, name_en="Other guest")
    viewers = {**users, "deactivated_director": deactivated_director, "anonymous": AnonymousUser()}
    objects = {
        Entity: {"entity": entity, "other_entity": other_entity, "inactive_entity": inactive_entity},
        User: {
            "secretariat": users["secretariat"], "director": users["director"], "team": users["team"],
            "other_director": users["other_director"], "guest": users["guest"], "other_guest": other_guest,
            "deactivated_director": deactivated_director, "former_colleague": former_colleague,
        },
        Meeting: {
            "invited_upcoming": _meeting("Invited upcoming", 5, entity, [users["guest"]]),
            "invited_past": _meeting("Invited past", -30, None, [users["guest"], other_guest]),
            "other_guest_only": _meeting("Other guest only", 8, other_entity, [other_guest]),
            "members_only": _meeting("Members only", 2, entity),
        },
    }
    return viewers, objects


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("rule", "model"), RULES, ids=[rule for rule, _model in RULES])
def test_rule_agrees_with_visible_to(world, viewer, rule, model):
    viewers, objects = world
    user = viewers[viewer]
    visible = set(model.objects.visible_to(user))
    by_rule = {name: user.has_perm(rule, obj) for name, obj in objects[model].items()}
    by_queryset = {name: obj in visible for name, obj in objects[model].items()}
    assert by_rule == by_queryset
    # visible_to never lists what is not among the objects made here.
    assert visible <= set(objects[model].values())


@pytest.mark.parametrize("viewer", MEMBERS)
def test_members_see_active_entities_directory_people_and_every_meeting(world, viewer):
    viewers, objects = world
    user = viewers[viewer]
    assert {e.name_en for e in Entity.objects.visible_to(user)} == {"Department of Economy and Tourism", "Dubai Municipality"}
    assert {p.email for p in User.objects.visible_to(user)} == {
        # Not "former@": their entity has left the network, so they left the directory with it.
        "secretariat@test.gcn.ae", "director@test.gcn.ae", "team@test.gcn.ae", "director2@test.gcn.ae",
    }
    assert set(Meeting.objects.visible_to(user)) == set(objects[Meeting].values())


def test_guest_sees_only_the_meetings_they_are_invited_to(world):
    viewers, objects = world
    guest = viewers["guest"]
    assert set(Meeting.objects.visible_to(guest)) == {objects[Meeting]["invited_upcoming"], objects[Meeting]["invited_past"]}
    assert list(Entity.objects.visible_to(guest)) == []
    assert list(User.objects.visible_to(guest)) == []


@pytest.mark.parametrize("viewer", ["deactivated_director", "anonymous"])
def test_deactivated_and_anonymous_see_nothing(world, viewer):
    viewers, _objects = world
    user = viewers[viewer]
    for _rule, model in RULES:
        assert list(model.objects.visible_to(user)) == []


def test_every_downloadable_file_kind_is_guarded_by_an_existing_rule():
    assert sorted(files.REGISTRY) == [
        "campaign-cover", "campaign-cover-card", "campaign-picture", "campaign-picture-small", "entity-logo", "person-photo",
        "person-photo-small",
    ]
    for kind, spec in files.REGISTRY.items():
        # A name, not a callable: the same rule that pages use, so a file is as visible as its owner.
        assert isinstance(spec.permission, str), kind
        assert rules.perm_exists(spec.permission), (kind, spec.permission)


def test_file_kinds_follow_the_visibility_of_their_owner():
    assert {kind: spec.permission for kind, spec in files.REGISTRY.items()} == {
        "campaign-cover": "campaigns.view_campaign",
        "campaign-cover-card": "campaigns.view_campaign",
        # A gallery picture is as visible as its case (campaigns/media.py).
        "campaign-picture": "campaigns.view_gallery_picture",
        "campaign-picture-small": "campaigns.view_gallery_picture",
        "entity-logo": "members.view_entity",
        "person-photo": "members.view_person",
        "person-photo-small": "members.view_person",
    }
