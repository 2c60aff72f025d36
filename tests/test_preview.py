"""`make serve`: after a save, the preview redraws the pages the save changes and no others."""
from __future__ import annotations

import sys
import time

from conftest import VALID_RECORD, write_record
from mkdocs.commands.build import build
from mkdocs.config import load_config


def test_a_save_redraws_the_changed_pages_only(project, tmp_path, monkeypatch):
    write_record(project, "publications", "record")
    write_record(project, "publications", "other", VALID_RECORD.replace("Informe de prueba", "Otro informe").replace("Test report", "Other report"))
    monkeypatch.setattr(sys, "argv", [*sys.argv, "--dirtyreload"])  # mkdocs-static-i18n reads it for its English build
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("CRM_SITE_URL", raising=False)
    site = tmp_path / "site"

    def preview(first=False):  # what `mkdocs serve --dirtyreload` does on start and after a save
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    preview(first=True)
    edited, other, listing = (site / "publications/record/index.html", site / "publications/other/index.html",
                              site / "publications/index.html")
    untouched = other.stat().st_mtime_ns
    source = project / "content/publications/record.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("Informe de prueba", "Informe editado").replace("Test report", "Edited report"), encoding="utf-8")
    preview()
    assert "Informe editado" in edited.read_text(encoding="utf-8")
    assert "Informe editado" in listing.read_text(encoding="utf-8")  # the listing that shows it
    assert "Edited report" in (site / "en/publications/record/index.html").read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == untouched
    # The catalogue's search files follow by themselves (written by a forked process).
    facets = site / "catalog/facets.json"
    deadline = time.monotonic() + 60
    while not (facets.exists() and "Informe editado" in facets.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, "the search files of the save were not written"
        time.sleep(0.1)
    template = project / "overrides/record.html"  # templates are compiled once per process, and again when edited
    template.write_text(template.read_text(encoding="utf-8").replace("{% block crm_body %}", "{% block crm_body %}<p>Plantilla editada</p>", 1), encoding="utf-8")
    preview()
    assert "Plantilla editada" in other.read_text(encoding="utf-8")
    source.unlink()  # a deleted record leaves the preview
    preview()
    assert not edited.exists() and other.exists()
