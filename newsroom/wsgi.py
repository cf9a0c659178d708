"""The web process: Django's WSGI application, with the garbage collector tuned for serving.

A page allocates a few thousand containers, nearly all freed by reference counting; with the default
thresholds the collector still ran four times a page and walked the whole heap (~130,000 objects: Django,
Whoosh, the kept posting lists) every ~90 pages: 2.6 ms of a 31 ms page's CPU at 10,000 articles under
edits, measured with gc.callbacks. The objects of the loaded application are frozen out of its way, and it
runs less often (1.4 ms a page).
"""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

GC_THRESHOLDS = (10_000, 20, 50)  # young objects before a collection; then, collections of each older generation
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)
