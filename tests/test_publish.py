"""`make site` run twice at once, and killed at random points: site/ is always a whole build."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import time

from conftest import ROOT, VALID_RECORD, mkdocs_build, write_record

from crm import publish

VENV = ROOT / ".venv"


def _make_site(project, **popen):
    """`make site` in the project copy, with the shared virtual environment (never reinstalled)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("CRM_SITE_URL", None)
    command = ["make", "--no-print-directory", f"VENV={VENV}", "-o", f"{VENV}/.site-installed", "site"]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, **popen)


def _tree(folder) -> dict[str, str]:
    """Every file under ``folder`` (a missing folder is empty) with the digest of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()} if folder.is_dir() else {}


def _with_makefile(project):
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, project / name)  # copy2 keeps the date: make sees nothing to reinstall
    return project


def test_two_builds_at_once_and_killed_builds_leave_a_whole_site(project, tmp_path):
    _with_makefile(project)
    write_record(project, "publications", "informe")
    started = time.monotonic()
    first = _make_site(project)
    output = first.communicate()[0]
    assert first.returncode == 0, output
    duration = time.monotonic() - started
    previous = _tree(project / "site")
    assert "publications/informe/index.html" in previous

    write_record(project, "manuals", "manual", VALID_RECORD.replace("Informe de prueba", "Manual de prueba"))
    delays, after_kill = sorted(random.uniform(0.2, duration) for _ in range(3)), []
    for delay in delays:
        build = _make_site(project)
        time.sleep(delay)
        os.killpg(build.pid, signal.SIGKILL)  # make, the check, the publisher and mkdocs at once
        build.wait()
        after_kill.append(_tree(project / "site"))

    both = [_make_site(project), _make_site(project)]
    outputs = [build.communicate()[0] for build in both]
    assert [build.returncode for build in both] == [0, 0], outputs
    clean = tmp_path / "clean"
    mkdocs_build(project, clean)
    new = _tree(project / "site")
    assert new == _tree(clean), "two simultaneous builds published something else than a clean build"
    assert new != previous
    for delay, tree in zip(delays, after_kill):
        assert tree in (previous, new), f"killed after {delay:.2f} s of a {duration:.1f} s build: site/ is a mix"
    assert sorted(path.name for path in (project / ".site-builds").iterdir()) == ["lock"]  # leftovers cleared
    assert oct((project / "site").stat().st_mode & 0o777) == oct(0o777 & ~_umask())  # readable by a web server


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_build_leaves_site_unchanged(project, tmp_path):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert publish.publish(project, []) != 0
    assert _tree(site) == {"index.html": hashlib.sha256(b"previous").hexdigest()}
    assert [path.name for path in (project / ".site-builds").iterdir()] == ["lock"]


def test_swap_exchanges_whole_folders(tmp_path):
    old, new = tmp_path / "site", tmp_path / "build"
    for folder, text in ((old, "old"), (new, "new")):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    publish.swap_in(new, old)
    assert (old / "sub" / "page.html").read_text(encoding="utf-8") == "new"
    assert (new / "sub" / "page.html").read_text(encoding="utf-8") == "old"  # the previous build, to remove
