"""Shared fixtures: a real build of the shipped site, and throw-away project copies."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from browser import launch, serve  # noqa: E402  (tests/browser.py)
from crm import content  # noqa: E402

# The site_url builds get when CRM_SITE_URL is unset (tests always unset it).
SITE_URL = re.search(r'^site_url: !ENV \[CRM_SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)

# What a project needs to build, without its records (tests add their own).
# (The hand-written pages: every Markdown file at the top of docs/, and their images.)
SKELETON = ["mkdocs.yml", "hooks", "overrides", "toolkits", "content/collections.yml", "content/vocabularies.yml",
            "content/plan.yml", "content/schemas"] + [f"docs/{page.name}" for page in sorted((ROOT / "docs").iterdir())
                                                       if page.suffix in (".md", ".png")]


# `make site` in a project copy: its node_modules is the shared one (copy_skeleton), never reinstalled.
MAKE_SITE = ["make", "-o", "node_modules/.installed", "site"]


def run(args, cwd, check=True, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(Path(cwd) / "hooks"), NO_MKDOCS_2_WARNING="1")
    env.pop("CRM_SITE_URL", None)
    env.update(env_extra or {})
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def mkdocs_build(project: Path, site_dir: Path, *extra, check=True):
    return run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir), *extra], cwd=project, check=check)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once, as `make site` builds it."""
    site = tmp_path_factory.mktemp("site") / "site"
    mkdocs_build(ROOT, site)
    return site


def copy_skeleton(target: Path) -> Path:
    for name in SKELETON:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for collection in ("frameworks", "practices", "publications", "manuals", "references"):
        (target / "content" / collection).mkdir(parents=True, exist_ok=True)
    # The build copies the editor (Decap CMS) from node_modules/: share the installed one.
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    # Annex 1 links its instruments to reference records, which a project without
    # records does not have: the copy keeps the annex without those links.
    plan = target / "content" / "plan.yml"
    plan.write_text(re.sub(r"^ +reference: .*\n", "", plan.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A project copy with the shipped definitions and no records."""
    return copy_skeleton(tmp_path / "project")


VALID_RECORD = """\
# yaml-language-server: $schema=../schemas/document.schema.json
title:
  es: Informe de prueba
  en: Test report
summary:
  es: Un informe sobre contratación equitativa.
  en: A report on fair recruitment.
countries: [GT, regional]
themes: [fair-recruitment]
actions: ["1.1"]
date: 2020-05-01
source_url: https://example.org/report
source_kind: publisher
status: published
gender_review:
  review_status: initial-assisted
  reviewed_by: Equipo de pruebas
  date: 2024-01-10
  sex_disaggregated_data: absent
  notes:
    es: Sin disposiciones específicas de género.
    en: No gender-specific provisions.
"""


def settle(monkeypatch):
    """Let the files saved so far age past the window in which content.load reads a file
    again whatever its stamp says (2 s, for file systems with coarse times; 1 s here,
    enough for this machine's)."""
    monkeypatch.setattr(content, "RACY_NS", 1_000_000_000)
    time.sleep(1.1)


def write_record(project: Path, collection: str, slug: str, text: str = VALID_RECORD) -> Path:
    path = project / "content" / collection / f"{slug}.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The shipped build served on 127.0.0.1, as a static host serves it."""
    with serve(built_site) as url:
        yield url
