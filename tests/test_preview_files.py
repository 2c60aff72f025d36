"""The files `make serve` writes after a save's pages (hooks/crm/preview.py): they arrive in
the site by themselves, and a new save stops a writer at once, leaving the site's files
as they were."""
from __future__ import annotations

import os
import time

from crm.forked import STAGING
from crm.preview import ModelFiles


def _eventually(check, seconds=30):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not written in time"
        time.sleep(0.05)


def _write_index(folder):
    (folder / "catalog").mkdir()
    (folder / "catalog" / "facets.json").write_text(f"[{os.getpid()}]", encoding="utf-8")


def test_the_files_and_then_the_last_step_arrive_without_waiting_for_them(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    done = []
    ModelFiles(_write_index, site, then=lambda: done.append((site / "catalog" / "facets.json").exists()))
    _eventually(lambda: done)
    assert done == [True]  # the last step runs once the files are in the site
    assert int((site / "catalog" / "facets.json").read_text(encoding="utf-8").strip("[]")) != os.getpid()
    assert not (site / STAGING).exists()


def _write_slowly(folder):
    (folder / "catalog").mkdir()
    (folder / "catalog" / "facets.json").write_text("[stale]", encoding="utf-8")
    time.sleep(60)


def test_a_new_save_stops_the_writer_at_once_and_the_site_keeps_its_files(tmp_path):
    site = tmp_path / "site"
    (site / "catalog").mkdir(parents=True)
    (site / "catalog" / "facets.json").write_text("[before]", encoding="utf-8")
    done = []
    files = ModelFiles(_write_slowly, site, then=lambda: done.append(True))
    _eventually(lambda: (site / STAGING / "catalog" / "facets.json").exists())
    started = time.monotonic()
    files.stop()
    assert time.monotonic() - started < 5
    assert (site / "catalog" / "facets.json").read_text(encoding="utf-8") == "[before]"
    assert not (site / STAGING).exists() and done == []
