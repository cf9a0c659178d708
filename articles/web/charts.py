"""A bar chart of articles per month (per year over long spans), drawn on the server as inline SVG.

Each bar is a plain link that narrows the search to its month or year, so the chart works without script;
its label (shown as a tooltip) says the period and the count.
"""
import calendar
from datetime import date

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MAX_BARS = 240


def _months_between(first, last):
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        yield year * 100 + month
        month += 1
        if month > 12:
            year, month = year + 1, 1


def month_label(value):
    year, month = divmod(int(value), 100)
    return f"{MONTH_NAMES[month - 1]} {year}"


def _periods(counts, max_bars=MAX_BARS):
    """[(label, first day, last day, count)] for every month from the first to the last dated one, or every
    year when that would be more than ``max_bars`` bars."""
    months = list(_months_between(min(counts), max(counts)))
    if len(months) <= max_bars:
        return [(month_label(m), date(m // 100, m % 100, 1),
                 date(m // 100, m % 100, calendar.monthrange(m // 100, m % 100)[1]), counts.get(m, 0))
                for m in months]
    per_year = {}
    for month, count in counts.items():
        per_year[month // 100] = per_year.get(month // 100, 0) + count
    return [(str(y), date(y, 1, 1), date(y, 12, 31), per_year.get(y, 0))
            for y in range(min(per_year), max(per_year) + 1)]


def month_chart(counts, *, link=None, chosen=(None, None), width=640, height=130, noun="article",
                what="Matching articles", action="narrows the search to its period", max_bars=MAX_BARS):
    """SVG bars for ``[(YYYYMM, count), …]``, empty periods included; "" when nothing is dated.

    ``link(first, last)`` gives a bar's address; bars outside the ``chosen`` (from, to) range are dimmed.
    ``noun`` names what a bar counts in its label, ``what`` and ``action`` the chart's own label.
    """
    counts = {int(month): count for month, count in counts if int(month)}
    if not counts:
        return ""
    periods = _periods(counts, max_bars)
    top = max(count for *_, count in periods) or 1
    plot_left, plot_bottom = 28, height - 20
    bar = (width - plot_left) / len(periods)
    start, end = chosen

    def outside(first, last):
        return bool((start and last < start) or (end and first > end))

    def bar_html(i, label, first, last, count):
        # Formatted directly, not through format_html_join: only the link and the label are text to
        # escape, the rest are numbers, and 240 bars of ten escaped arguments cost a tenth of a search page.
        tall = count / top * (plot_bottom - 10)
        name = escape(f"{label}: {count} {noun}{'' if count == 1 else 's'}")
        url = escape(link(first, last) if link else "#")
        left = plot_left + i * bar
        return (f'<a href="{url}" aria-label="{name}"><title>{name}</title>'
                f'<rect x="{left + 1:.1f}" y="{plot_bottom - tall:.1f}" width="{max(bar - 2, 1):.1f}" '
                f'height="{tall:.1f}" class="bar{" outside" if outside(first, last) else ""}"></rect>'
                f'<rect x="{left:.1f}" y="0" width="{max(bar, 1):.1f}" height="{plot_bottom}" class="target"></rect></a>')

    # each bar's link covers the whole column (an easy target even for a short bar)
    bars = mark_safe("".join(bar_html(i, *period) for i, period in enumerate(periods)))
    axis = format_html(
        '<line x1="{left}" y1="{bottom}" x2="{width}" y2="{bottom}" class="axis-line"></line>'
        '<line x1="{left}" y1="10" x2="{left}" y2="{bottom}" class="axis-line"></line>'
        '<text x="{tick}" y="14" class="axis" text-anchor="end">{top}</text>'
        '<text x="{tick}" y="{bottom}" class="axis" text-anchor="end">0</text>'
        '<text x="{left}" y="{label}" class="axis">{first}</text>'
        '<text x="{width}" y="{label}" class="axis" text-anchor="end">{last}</text>',
        left=plot_left, bottom=plot_bottom, width=width, tick=plot_left - 4, top=top, label=height - 4,
        first=periods[0][0], last=periods[-1][0])
    return format_html(
        '<svg class="month-chart" viewBox="0 0 {} {}" role="group" aria-label="{}">{}{}</svg>',
        width, height, f"{what} per {'month' if len(periods[0][0]) > 4 else 'year'}, "
                       f"{periods[0][0]} to {periods[-1][0]}; each bar {action}",
        axis, bars) if bars else mark_safe("")
