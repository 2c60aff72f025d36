"""Retake the guide's screenshots of the editor (docs/editor-*.png) from the real editor.

    PYTHONPATH=hooks .venv/bin/python tests/editor_screenshots.py

The same set-up as the browser tests of test_admin.py: a project copy, built, served, with
decap-server on it, in Debian's Chromium. Run it again when the editor or the forms change.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import launch  # noqa: E402
from test_admin import ROOT, block, choose, editor_session, fill_practice, label, sign_in  # noqa: E402

DOCS = ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as base, editor_session(Path(base)) as (project, url), sync_playwright() as playwright:
        browser = launch(playwright)
        context, page = sign_in(browser, url)
        page.set_viewport_size({"width": 1200, "height": 720})
        page.goto(url + "#/collections/practices")
        page.get_by_text("Programa de Trabajadores Agrícolas Temporales de Canadá").first.wait_for()
        page.screenshot(path=DOCS / "editor-collections.png")
        page.goto(url + "#/collections/practices/new")
        fill_practice(page, "Ventanilla única de empleo en el exterior")
        block(page, label("title")).scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "editor-form.png")
        block(page, label("countries")).scroll_into_view_if_needed()
        choose(page, label("themes"), "Trabajo decente")
        page.screenshot(path=DOCS / "editor-codes.png")
        page.get_by_role("button", name="Publicar").first.click()
        page.get_by_text("Publicar ahora").wait_for()
        page.screenshot(path=DOCS / "editor-publish.png", clip={"x": 0, "y": 0, "width": 1200, "height": 360})
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
