"""The forked writer of the model's files (hooks/crm/forked.py): what its child writes
arrives in the site, a failure in the child stops the build with its traceback, and no
staging folder is left behind either way."""
from __future__ import annotations

import os

import pytest

from crm.forked import STAGING, ForkedWriteError, ForkedWriter


def _write_two_files(folder):
    (folder / "catalog" / "index").mkdir(parents=True)
    (folder / "catalog" / "index" / "ab.json").write_text(f"[{os.getpid()}]", encoding="utf-8")
    (folder / "downloads").mkdir()
    (folder / "downloads" / "plan.pdf").write_bytes(b"%PDF-1.7")


def test_the_childs_files_are_moved_into_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "catalog").mkdir(parents=True)
    (site / "catalog" / "index.html").write_text("page", encoding="utf-8")  # drawn meanwhile by the parent
    writer = ForkedWriter(_write_two_files, site)
    writer.finish(site)
    written_by = int((site / "catalog" / "index" / "ab.json").read_text(encoding="utf-8").strip("[]"))
    assert written_by != os.getpid()  # a forked process did the work
    assert (site / "downloads" / "plan.pdf").read_bytes() == b"%PDF-1.7"
    assert (site / "catalog" / "index.html").read_text(encoding="utf-8") == "page"
    assert not (site / STAGING).exists()


def _fail(folder):
    (folder / "half-written.json").write_text("{", encoding="utf-8")
    raise ValueError("the exports could not be written")


def test_a_failure_in_the_child_is_raised_with_its_traceback_and_nothing_is_moved(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    writer = ForkedWriter(_fail, site)
    with pytest.raises(ForkedWriteError) as raised:
        writer.finish(site)
    assert "ValueError: the exports could not be written" in str(raised.value)
    assert "_fail" in str(raised.value)  # the traceback names where it failed
    assert sorted(path.name for path in site.iterdir()) == []


def test_an_abandoned_build_leaves_no_staging_folder(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    writer = ForkedWriter(_write_two_files, site)
    writer.abandon()
    assert list(site.iterdir()) == []
