"""A bar chart of articles per month, drawn on the server as inline SVG."""
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


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


def month_chart(counts, *, width=640, height=120):
    """SVG bars for ``[(YYYYMM, count), …]``, empty months included; "" when nothing is dated."""
    counts = {int(month): count for month, count in counts if int(month)}
    if not counts:
        return ""
    months = list(_months_between(min(counts), max(counts)))
    if len(months) > 240:  # more than twenty years: one bar per year is readable, one per month is not
        return ""
    top = max(counts.values())
    bar = width / len(months)
    bars = format_html_join("", (
        '<rect x="{}" y="{}" width="{}" height="{}" class="bar">'
        "<title>{}: {} article{}</title></rect>"
    ), (
        (f"{i * bar + 1:.1f}", f"{height - 20 - (counts.get(m, 0) / top) * (height - 30):.1f}",
         f"{max(bar - 2, 1):.1f}", f"{(counts.get(m, 0) / top) * (height - 30):.1f}",
         month_label(m), counts.get(m, 0), "" if counts.get(m, 0) == 1 else "s")
        for i, m in enumerate(months)
    ))
    labels = format_html(
        '<text x="0" y="{}" class="axis">{}</text><text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
        height - 4, month_label(months[0]), width, height - 4, month_label(months[-1]))
    return format_html(
        '<svg class="month-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}</svg>',
        width, height, f"Matching articles per month, {month_label(months[0])} to {month_label(months[-1])}",
        bars, labels) if bars else mark_safe("")
