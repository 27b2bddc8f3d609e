"""portal.templatetags.fast_url: every `{% url %}` gives what Django's reverse() gives, in each
language and script prefix, whether the link is drawn from a kept shape or by Django's own node."""
import pytest
from django.template import Context, Template, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from portal.templatetags import fast_url

pytestmark = pytest.mark.django_db


def render(source, context=None, **kwargs):
    return Template("{% load i18n %}" + source).render(Context(context or {}, **kwargs))


@pytest.fixture(autouse=True)
def fresh_shapes():
    fast_url._pieces_by_shape.clear()
    yield
    fast_url._pieces_by_shape.clear()
    set_script_prefix("/")


def test_every_template_gets_this_url_tag():
    template = engines["django"].from_string("{% url 'home' %}")
    [node] = template.template.nodelist
    assert isinstance(node, fast_url.URLNode)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_links_with_integers_and_literals_match_reverse_in_each_language(language):
    with translation.override(language):
        for pk in (1, 7, 12345):
            assert render("{% url 'campaigns:detail' pk %}", {"pk": pk}) == reverse("campaigns:detail", args=[pk])
            assert render("{% url 'campaigns:comment_hide' pk 99 %}", {"pk": pk}) == reverse("campaigns:comment_hide", args=[pk, 99])
            assert render("{% url 'download' 'campaign-cover' pk %}", {"pk": pk}) == reverse("download", args=["campaign-cover", pk])
        assert render("{% url 'meetings:month' 2026 11 %}") == reverse("meetings:month", args=[2026, 11])
        assert render("{% url 'campaigns:index' %}") == reverse("campaigns:index")
    # Kept by shape: one entry for all the pks of a view in a language, not one per pk.
    assert len([key for key in fast_url._pieces_by_shape if key[0] == "campaigns:detail"]) == 1


def test_the_language_and_the_script_prefix_are_part_of_the_shape():
    with translation.override("ar"):
        arabic = render("{% url 'campaigns:detail' 5 %}")
    with translation.override("en"):
        english = render("{% url 'campaigns:detail' 5 %}")
        set_script_prefix("/portal/")
        prefixed = render("{% url 'campaigns:detail' 5 %}")
        assert prefixed == reverse("campaigns:detail", args=[5])
    assert arabic.startswith("/ar/") and english.startswith("/en/")
    assert prefixed.startswith("/portal/en/")


def test_links_it_does_not_keep_are_reversed_by_django():
    with translation.override("en"):
        # A string from a variable (unbounded), keyword arguments, a bool: Django's node, same result.
        assert render("{% url 'download' kind 3 %}", {"kind": "campaign-cover"}) == reverse("download", args=["campaign-cover", 3])
        assert render("{% url 'campaigns:detail' pk=4 %}") == reverse("campaigns:detail", kwargs={"pk": 4})
        assert render("{% url 'members:invitation_accept' token %}", {"token": "a b"}) == reverse("members:invitation_accept", args=["a b"])
    assert not any(key[0] == "members:invitation_accept" for key in fast_url._pieces_by_shape)


def test_errors_are_djangos():
    with pytest.raises(NoReverseMatch):
        render("{% url 'campaigns:detail' -1 %}")  # a negative number is no pk: Django refuses it
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' 1 %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'campaigns:index' 1 %}")
    # ...and `as` swallows them, as Django's tag does.
    assert render("{% url 'no-such-view' 1 as link %}[{{ link }}]") == "[]"


def test_as_variable_and_escaping():
    with translation.override("en"):
        expected = reverse("campaigns:detail", args=[8])
        assert render("{% url 'campaigns:detail' 8 as link %}<{{ link }}>") == f"<{expected}>"
        assert render("{% url 'campaigns:detail' 8 %}", autoescape=False) == expected
