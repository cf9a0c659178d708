"""Screenshots for the README: the search and article pages at phone and desktop widths, as JPEG.

    python docs/screenshots/make.py http://127.0.0.1:8000 docs/screenshots/after

Needs a running archive with the seeds ingested (``make serve``) and Debian's Chromium.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"search": "/?q=Chongqing", "article": None}
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


def main(base, folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(base + PAGES["search"])
        article = page.locator(".result h3 a").first.get_attribute("href")
        for label, size in SIZES.items():
            page.set_viewport_size(size)
            for name, path in (("search", PAGES["search"]), ("article", article)):
                page.goto(base + path)
                page.screenshot(path=str(folder / f"{name}-{label}.jpg"), type="jpeg", quality=60)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
