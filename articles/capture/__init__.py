"""Capturing pages from the web: fetch an address politely and safely, keep the exchange as WARC, and make
the article from what the server sent through the same cleaning and extraction as a saved HTML file.

``capture_urls`` is what the ``capture`` command and the admin's "Add by address" call; ``capture_feed``
reads a feed or sitemap and captures its new items; ``jobs`` is the worker's queue of captures.

Imports the ingest, the records layer, the search index, the WARC files, the models and the kernel; never
the web.
"""
from ..ingest.urls import normalise
from .addresses import AddressRefused
from .archive import CaptureReport, capture_urls
from .feeds import capture_feed

__all__ = ["AddressRefused", "CaptureReport", "capture_feed", "capture_urls", "normalise"]
