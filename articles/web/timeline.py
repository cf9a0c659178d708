"""A visit's coverage over time, drawn on the server as inline SVG: one bar per day (per week over longer
spans, per month over years), stacked by when each article came relative to the visit, with the visit's
days shaded. It needs no script and prints as it shows; each bar's tooltip says its period and counts."""
from datetime import date, timedelta

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .coverage import AFTER, BEFORE, DURING, FOLLOW_UP

SERIES = [(BEFORE, "before the visit", "s-before"), (DURING, "during the visit", "s-during"),
          (AFTER, "after the visit", "s-after"), (FOLLOW_UP, "follow-up", "s-follow")]
DAYS_MAX, WEEKS_MAX = 62, 110


def _series(entry):
    return FOLLOW_UP if entry.relation == FOLLOW_UP else entry.phase


def unit_for(first, last):
    """"day", "week" or "month": the finest that keeps the chart readable over ``first``–``last``."""
    span = (last - first).days
    return "day" if span <= DAYS_MAX else "week" if span <= WEEKS_MAX * 7 else "month"


def period_start(day, unit):
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(day, unit):
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_label(day, unit):
    if unit == "day":
        return f"{day.day} {day:%b %Y}"
    if unit == "week":
        return f"week of {day.day} {day:%b %Y}"
    return f"{day:%b %Y}"


def periods(report):
    """(unit, [(period's first day, {series: count})]) from the first to the last period with an article or
    a day of the visit; (None, []) when nothing is dated."""
    dated = [(e.article.published, _series(e)) for e in report.rows() if e.article.published]
    days = [d for d, _ in dated] + [d for d in (report.window.start, report.window.end) if d]
    if not dated:
        return None, []
    unit = unit_for(min(days), max(days))
    counts = {}
    for day, series in dated:
        bucket = counts.setdefault(period_start(day, unit), {})
        bucket[series] = bucket.get(series, 0) + 1
    found, day, last = [], period_start(min(days), unit), period_start(max(days), unit)
    while day <= last:
        found.append((day, counts.get(day, {})))
        day = _next(day, unit)
    return unit, found


def timeline_chart(report, *, width=640, height=170):
    """The SVG chart of ``report``'s dated articles, or "" when none is dated."""
    unit, found = periods(report)
    if not found:
        return ""
    top = max(sum(c.values()) for _, c in found) or 1
    left, bottom = 30, height - 22
    step = (width - left) / len(found)
    parts = []
    window = report.window
    if window.start:
        first = next((i for i, (day, _) in enumerate(found) if _next(day, unit) > window.start), 0)
        last = max((i for i, (day, _) in enumerate(found) if day <= window.end), default=first)
        parts.append(f'<rect x="{left + first * step:.1f}" y="4" width="{(last - first + 1) * step:.1f}" '
                     f'height="{bottom - 4}" class="visit-days"></rect>')
    for i, (day, counts) in enumerate(found):
        total = sum(counts.values())
        said = ", ".join(f"{counts[key]} {label}" for key, label, _ in SERIES if counts.get(key))
        title = escape(f"{period_label(day, unit)}: {total} article{'' if total == 1 else 's'}"
                       + (f" ({said})" if said else ""))
        y = bottom
        rects = []
        for key, _label, css in SERIES:
            if counts.get(key):
                tall = counts[key] / top * (bottom - 12)
                y -= tall
                rects.append(f'<rect x="{left + i * step + 1:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" '
                             f'height="{tall:.1f}" class="{css}"></rect>')
        parts.append(f'<g><title>{title}</title>{"".join(rects)}'
                     f'<rect x="{left + i * step:.1f}" y="0" width="{step:.1f}" height="{bottom}" '
                     f'class="target"></rect></g>')
    axis = format_html(
        '<line x1="{left}" y1="{bottom}" x2="{width}" y2="{bottom}" class="axis-line"></line>'
        '<text x="{tick}" y="16" class="axis" text-anchor="end">{top}</text>'
        '<text x="{tick}" y="{bottom}" class="axis" text-anchor="end">0</text>'
        '<text x="{left}" y="{label}" class="axis">{first}</text>'
        '<text x="{width}" y="{label}" class="axis" text-anchor="end">{last}</text>',
        left=left, bottom=bottom, width=width, tick=left - 4, top=top, label=height - 5,
        first=period_label(found[0][0], unit), last=period_label(found[-1][0], unit))
    summary = (f"Articles per {unit}, {period_label(found[0][0], unit)} to {period_label(found[-1][0], unit)}, "
               "by when they came relative to the visit; the visit's days are shaded")
    return format_html('<svg class="timeline-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}</svg>',
                       width, height, summary, axis, mark_safe("".join(parts)))


def legend():
    """[(label, css class)] for the chart's key."""
    return [(label, css) for _key, label, css in SERIES]

