"""Form helpers shared by every portal: bilingual inputs, clean text and the page's CSRF token."""
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from portal.text import clean_text  # noqa: F401 - the portals' forms import it from here


def page_csrf_token(request):
    """The CSRF token for the forms a page writes itself (the header's, a documents panel's...):
    masked once per response. Each get_token() masks the secret afresh (about 0.25 ms), and a
    meeting page asked four times; any masked value of the same secret is accepted."""
    token = getattr(request, "_page_csrf_token", None)
    if token is None:
        token = request._page_csrf_token = get_token(request)
    return token


# The CSRF token drawn into HTML kept for many viewers (portal.fragments.kept), in place of any
# viewer's own: with_page_csrf_token() puts each page's in its place.
CSRF_STAND_IN = "__page_csrf_token__"
# The hidden field as the {% csrf_token %} tag writes it: quotes no escaped text can contain, so a
# stand-in typed into the page's content is never replaced.
_CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def with_page_csrf_token(html, request):
    """`html` drawn with CSRF_STAND_IN as its forms' token, with this page's token in its place."""
    stand_in = _CSRF_FIELD.format(CSRF_STAND_IN)
    if stand_in not in html:
        return html
    return mark_safe(html.replace(stand_in, _CSRF_FIELD.format(page_csrf_token(request))))  # noqa: S308 - a token: letters and digits


class BilingualInputsMixin:
    """Gives `*_ar` inputs `lang="ar" dir="rtl"` and `*_en` inputs `lang="en" dir="ltr"`, in either UI language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            set_input_direction(name, field.widget)


def set_input_direction(name, widget):
    """Language inputs get their own direction; addresses, numbers and handles are typed left to right
    in the Arabic UI too (an RTL input shows `+971 4 600 0000` as `0000 600 4 971+`, `@DET` as `DET@`)."""
    if name.endswith("_ar"):
        widget.attrs.update(lang="ar", dir="rtl")
    elif name.endswith("_en"):
        widget.attrs.update(lang="en", dir="ltr")
    elif (
        name in ("website", "url", "handle", "mobile", "password", "password1", "password2")
        or name.endswith(("email", "_phone", "_url"))
        or getattr(widget, "input_type", None) in ("email", "url", "tel", "password")
    ):
        widget.attrs.update(dir="ltr")
