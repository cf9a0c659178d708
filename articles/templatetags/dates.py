"""``day``: Django's ``date`` filter for plain dates, each answer kept.

A results page shows two formats of each of twenty articles' dates, and Django's filter parses its format and
looks up month names on every call (2.8% of a loaded web worker with the numbers it localises). A date and a
format give the same text in one language, so the answers are kept per language; anything but a plain date
(an aware datetime, a string) goes to Django's filter as it is.
"""
import datetime
import functools

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True)
def day(value, arg=None):
    if type(value) is datetime.date:
        return _formatted(value, arg, get_language())
    return django_date(value, arg)


@functools.lru_cache(maxsize=20_000)
def _formatted(value, arg, language):
    return django_date(value, arg)
