"""Forked work (hooks/crm/forked.py). The writer of the model's files: what its child
writes arrives in the site, a failure in the child stops the build with its traceback,
and no staging folder is left behind either way. ForkedStream: items worked on by a
child as they are sent, a failure raised at the end. fork_map: the results of every core's
run, in the items' order, a child's failure raised with its traceback, and in-process
work inside a forked child (which may not fork again)."""
from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from crm.forked import STAGING, ForkedError, ForkedStream, ForkedWriter, fork_map


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
    with pytest.raises(ForkedError) as raised:
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


def test_fork_map_shares_the_items_among_the_cores_and_keeps_their_order():
    found = fork_map(lambda item: (item * item, os.getpid()), range(9))
    assert [square for square, _ in found] == [item * item for item in range(9)]
    assert len({pid for _, pid in found}) == min(os.cpu_count(), 9)  # a run per core, the first in this process
    assert found[0][1] == os.getpid()


def _fails_on_seven(item):
    if item == 7:
        raise ValueError(f"record {item} could not be checked")
    return item


def test_fork_map_raises_a_childs_failure_with_its_traceback():
    assert os.cpu_count() > 1  # then item 7 goes to a child (items are dealt out like cards)
    with pytest.raises(ForkedError) as raised:
        fork_map(_fails_on_seven, range(9))
    assert "ValueError: record 7 could not be checked" in str(raised.value) and "_fails_on_seven" in str(raised.value)
    assert multiprocessing.active_children() == []


def test_fork_map_stops_the_children_when_its_own_run_fails():
    with pytest.raises(ZeroDivisionError):
        fork_map(lambda item: 1 / item, range(9))  # 0 is in this process's run
    assert multiprocessing.active_children() == []


def test_fork_map_in_a_forked_child_works_in_that_child(tmp_path):
    site = tmp_path / "site"
    site.mkdir()

    def write(folder):
        (folder / "pids.json").write_text(json.dumps(sorted(set(fork_map(lambda item: os.getpid(), range(4))))), encoding="utf-8")

    ForkedWriter(write, site).finish(site)
    pids = json.loads((site / "pids.json").read_text(encoding="utf-8"))
    assert len(pids) == 1 and pids[0] != os.getpid()  # the writer's own process only


def test_a_stream_is_worked_on_by_a_child_in_the_order_sent():
    stream = ForkedStream(lambda item: (item.upper(), os.getpid()))
    for word in ("uno", "dos", "tres"):
        stream.send(word)
    found = stream.results()
    assert [word for word, _ in found] == ["UNO", "DOS", "TRES"]
    assert {pid for _, pid in found} != {os.getpid()}


def _fails_on_page_two(item):
    if item == "page 2":
        raise ValueError("page 2 could not be packed")
    return item


def test_a_failure_in_a_stream_is_raised_at_the_end_and_sending_never_blocks():
    stream = ForkedStream(_fails_on_page_two)
    stream.send("page 1")
    stream.send("page 2")
    for number in range(3, 2000):  # far more than a pipe holds: the failed child keeps reading
        stream.send(f"page {number}" + " " * 1000)
    with pytest.raises(ForkedError) as raised:
        stream.results()
    assert "ValueError: page 2 could not be packed" in str(raised.value)
    assert multiprocessing.active_children() == []
