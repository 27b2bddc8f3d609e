"""Parts of every page written in Python rather than included: the footer and Al Multaqa's section
links drawn once per language ({% drawn_once %}), the banner asking a member to confirm their
details ({% profile_banner %}) and the links between the pages of a list ({% page_links %},
{% pager_links %})."""
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from members.models import User
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """The links of a navigation: (href, text) in order, and the current page's text."""

    def __init__(self, html):
        super().__init__()
        self.links, self.current, self._href, self._in_current = [], [], None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._href = attrs["href"]
        if tag == "span" and attrs.get("class") == "page-link":
            self._in_current = True

    def handle_endtag(self, tag):
        if tag in ("a", "span"):
            self._href, self._in_current = None, False

    def handle_data(self, data):
        if self._href is not None:
            self.links.append((self._href, data))
        elif self._in_current:
            self.current.append(data)


def _pagination(html):
    found = re.findall(r'<nav class="mt-[^"]*" aria-label="[^"]*"><ul class="pagination.*?</nav>', html, re.S)
    return [Links(nav) for nav in found]


# drawn_once

@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_footer_is_its_template_drawn_in_the_pages_language(client, language):
    with translation.override(language):
        expected = render_to_string("includes/footer.html")
    html = client.get(f"/{language}/accounts/login/").content.decode()
    assert expected.strip() in html
    assert ("الأمانة العامة للمجلس التنفيذي" in html) == (language == "ar")


def test_al_multaqa_marks_the_section_it_is_given_as_current(login_as, director):
    client = login_as(director)
    showcase = client.get("/en/campaigns/").content.decode()
    messages = client.get("/ar/campaigns/messages/").content.decode()
    assert re.search(r'<a class="nav-link active" href="/en/campaigns/" aria-current="page">', showcase)
    assert re.search(r'<a class="nav-link active" href="/ar/campaigns/messages/" aria-current="page">', messages)
    assert 'aria-current="page"><i class="bi bi-grid"' not in messages


@pytest.mark.parametrize("given", ['"includes/footer.html" section=section', "footer_name", '"includes/footer.html" section'])
def test_drawn_once_takes_quoted_literals_only(given):
    # A variable could carry one request's data into the part every later request is given.
    with pytest.raises(TemplateSyntaxError):
        Template("{% load drawn_once %}{% drawn_once " + given + " %}")


def test_drawn_once_is_drawn_without_the_pages_context():
    template = Template('{% load drawn_once %}{% drawn_once "campaigns/calendar_nav.html" section="calendar" %}')
    with translation.override("en"):
        plain = template.render(Context({}))
        # What the page holds never reaches the part: a section of its own is ignored.
        assert template.render(Context({"section": "showcase"})) == plain
    assert 'class="nav-link active" href="/en/campaigns/calendar/"' in plain


# profile_banner

def test_the_banner_links_each_member_to_their_own_details_with_their_sessions_csrf_token(login_as, director, other_director):
    stale = timezone.now() - timezone.timedelta(days=200)
    User.objects.filter(pk__in=[director.pk, other_director.pk]).update(profile_confirmed_at=stale)
    for person in (director, other_director):
        client = login_as(person)
        html = client.get("/en/home/").content.decode()
        banner = re.search(r'<div class="alert alert-warning[^"]*confirm-banner".*?</div>', html, re.S).group(0)
        assert f'href="/en/members/people/{person.pk}/edit/"' in banner
        assert 'action="/en/members/me/confirm/"' in banner
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', banner).group(1)
        assert _unmask_cipher_token(token) == client.cookies[settings.CSRF_COOKIE_NAME].value
    arabic = login_as(director).get("/ar/home/").content.decode()
    assert 'aria-label="تأكيد بياناتك"' in arabic and "بياناتي صحيحة" in arabic


# page_links and pager_links

def test_directory_pages_link_to_their_neighbours_keeping_the_filters(login_as, director):
    for index in range(60):
        PersonFactory(entity=director.entity, name_en=f"Paged Person {index:02}")
    client = login_as(director)
    [first] = _pagination(client.get("/en/members/", {"entity": director.entity.pk}).content.decode())
    assert first.links == [(f"?entity={director.entity.pk}&page=2", "Next")]
    assert first.current == ["Page 1 of 3"]
    [middle] = _pagination(client.get("/ar/members/", {"entity": director.entity.pk, "page": 2}).content.decode())
    assert [text for _href, text in middle.links] == ["السابق", "التالي"]
    assert middle.current == ["الصفحة 2 من 3"]
    [last] = _pagination(client.get("/en/members/", {"entity": director.entity.pk, "page": 3}).content.decode())
    assert last.links == [(f"?entity={director.entity.pk}&page=2", "Previous")]
    # One page: no links at all.
    assert _pagination(client.get("/en/members/", {"q": "Paged Person 07"}).content.decode()) == []


def test_page_links_escape_the_query_string():
    class Page:
        number = 2
        paginator = type("Paginator", (), {"num_pages": 3})()

        def has_other_pages(self):
            return True

        def has_previous(self):
            return True

        def has_next(self):
            return True

    template = Template("{% load page_links %}{% page_links page query_string %}")
    with translation.override("en"):
        html = template.render(Context({"page": Page(), "query_string": 'q="><script>x</script>'}))
    assert "<script>" not in html and "q=&quot;&gt;&lt;script&gt;x&lt;/script&gt;&page=1" in html


def test_pager_links_name_their_navigation_and_their_parameter():
    template = Template('{% load page_links %}{% pager_links pager query_string "upcoming_page" label %}')
    with translation.override("ar"):
        html = template.render(Context({
            "pager": {"number": 1, "has_previous": False, "has_next": True}, "query_string": "kind=workshop", "label": "المزيد",
        }))
        nothing = template.render(Context({"pager": {"number": 1, "has_previous": False, "has_next": False}, "query_string": ""}))
    [nav] = _pagination(html)
    assert 'aria-label="المزيد"' in html
    assert nav.links == [("?kind=workshop&upcoming_page=2", "التالي")]
    assert nav.current == ["الصفحة 1"]
    assert nothing == ""
