"""`{% translate %}` kept per process (portal.templatetags.fast_i18n): the same output as Django's."""
from django.template import Context, Engine, Template
from django.utils import translation

from portal.templatetags import fast_i18n

SOURCE = (
    '{% load i18n %}{% translate "Search" %}|{% translate "Search" as word %}{{ word }}|'
    '{% translate "Search" noop %}|{% translate "Search"|upper %}|{% translate "50% off" %}|{% translate text %}'
)


def render(language, autoescape=True):
    with translation.override(language):
        return Template(SOURCE).render(Context({"text": "Search"}, autoescape=autoescape))


def test_the_kept_strings_follow_the_language_each_time():
    assert render("ar") == "بحث|بحث|Search|بحث|50% off|بحث"
    assert render("en") == "Search|Search|Search|SEARCH|50% off|Search"
    assert render("ar") == "بحث|بحث|Search|بحث|50% off|بحث"


def test_the_output_is_djangos(settings):
    """The same template through Django's own library gives the same text, escaped the same way."""
    django_engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    for language in ("ar", "en"):
        for autoescape in (True, False):
            with translation.override(language):
                ours = Template(SOURCE).render(Context({"text": "Search"}, autoescape=autoescape))
                djangos = django_engine.from_string(SOURCE).render(Context({"text": "Search"}, autoescape=autoescape))
            assert ours == djangos


def test_the_portal_loads_it_as_i18n():
    template = Template('{% load i18n %}{% translate "Search" %}')
    assert type(template.nodelist[-1]) is fast_i18n.TranslateNode


def test_only_the_i18n_library_is_registered_under_a_name_used_twice():
    # templates.W003 is silenced in settings for this one deliberate case; any other clash must show.
    from django.core.checks.templates import check_templates

    warnings = [warning for warning in check_templates(None) if warning.id == "templates.W003"]
    assert [warning.id for warning in warnings] == ["templates.W003"]
    assert "'i18n' is used for multiple template tag modules" in warnings[0].msg
