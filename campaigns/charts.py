"""The results chart of a case page: target against achieved for each KPI, as an SVG drawn on the
server (no script, no library). Each KPI has its own scale (units differ: views, %, people), so
each pair of bars is drawn against the larger of its two figures. Read by screen readers through
its title and description, and the results table beside it says the same."""
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from portal.i18n import active_language

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 12
ROW_HEIGHT = LABEL_HEIGHT + 2 * BAR_HEIGHT + 18
BAR_AREA = 460  # the rest of the width carries the figures


def number(value):
    if value is None:
        return "—"
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, force_grouping=True)


def _bar(y, value, shown, largest, css, rtl):
    """One bar growing from the start edge (the right in Arabic), its figure (`shown`) just past its end."""
    length = 0 if not largest or value is None else max(2, round(float(value) / float(largest) * BAR_AREA))
    x, figure_x, anchor = (WIDTH - length, WIDTH - length - 6, "end") if rtl else (0, length + 6, "start")
    return format_html(
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
        '<text class="chart-figure" x="{}" y="{}" text-anchor="{}" direction="ltr">{}</text>',
        css, x, y, length, BAR_HEIGHT, figure_x, y + BAR_HEIGHT - 2, anchor, shown,
    )


def kpi_chart(kpis, *, chart_id="results-chart"):
    """The SVG of `kpis` that have a target or an achieved figure, or "" when none has."""
    rows = [kpi for kpi in kpis if kpi.target is not None or kpi.achieved is not None]
    if not rows:
        return ""
    rtl = active_language() == "ar"
    parts = []
    descriptions = []
    for index, kpi in enumerate(rows):
        top = index * ROW_HEIGHT
        largest = max(value for value in (kpi.target, kpi.achieved, 0) if value is not None)
        unit = f" {kpi.unit}" if kpi.unit else ""
        # Each figure formatted once: Django's number_format is most of the chart's time.
        target, achieved = number(kpi.target), number(kpi.achieved)
        descriptions.append(_("%(metric)s: target %(target)s, achieved %(achieved)s") % {
            "metric": kpi.metric, "target": target + unit, "achieved": achieved + unit,
        })
        parts.append(format_html(
            '<g><text class="chart-label" x="{}" y="{}" text-anchor="start">{}</text>{}{}</g>',
            WIDTH if rtl else 0, top + LABEL_HEIGHT - 4, f"{kpi.metric} ({kpi.unit})" if kpi.unit else kpi.metric,
            _bar(top + LABEL_HEIGHT, kpi.target, target, largest, "chart-target", rtl),
            _bar(top + LABEL_HEIGHT + BAR_HEIGHT + 2, kpi.achieved, achieved, largest, "chart-achieved", rtl),
        ))
    height = len(rows) * ROW_HEIGHT
    return format_html(
        '<svg class="results-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" direction="{dir}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{rows}</svg>',
        id=chart_id, w=WIDTH, h=height, dir="rtl" if rtl else "ltr",
        title=_("Results: target and achieved for each indicator"), desc="; ".join(descriptions),
        rows=format_html_join("", "{}", ((part,) for part in parts)),
    )
