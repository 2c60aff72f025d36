"""The editor at /admin/: its generated configuration, its page, and real editing in Chromium.

The browser tests drive the built editor against decap-server (the local backend of
`make edit`) writing into a throw-away project copy, then check, diff and build what it saved.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from browser import serve
from conftest import ROOT, VALID_RECORD, copy_skeleton, mkdocs_build, run, write_record
from crm import admin, content, schemas

SHIPPED_PRACTICE = "canada-programa-trabajadores-agricolas-temporales-sawp"


# ---- The configuration comes from the schemas, the vocabularies and the plan --------

def schema_paths(schema_dir: Path, node: dict, base: str, prefix: str = "") -> set[str]:
    """Every property path a schema allows ("gender_review.notes.es"), following $ref."""
    while "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        base = target or base
        found = json.loads((schema_dir / base).read_text(encoding="utf-8"))
        for part in filter(None, pointer.split("/")):
            found = found[part]
        paths = schema_paths(schema_dir, {k: v for k, v in node.items() if k != "$ref"}, base, prefix)
        node = found
        if paths:
            return paths | schema_paths(schema_dir, node, base, prefix)
    paths = set()
    for name, inner in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        paths.add(path)
        paths |= schema_paths(schema_dir, inner, base, path + ".")
    if "items" in node:
        paths |= schema_paths(schema_dir, node["items"], base, prefix)
    return paths


def config_paths(fields: list, prefix: str = "") -> set[str]:
    paths = set()
    for field in fields:
        path = f"{prefix}{field['name']}"
        paths.add(path)
        inner = field.get("fields") or (field.get("field") or {}).get("fields")
        if inner:
            paths |= config_paths(inner, path + ".")
    return paths


def editor_config(root: Path) -> dict:
    repo, problems = content.load(root)
    assert repo is not None, problems
    return admin.editor_config(repo, {})


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def field(fields: list, name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_config_lists_every_field_of_every_schema():
    config = editor_config(ROOT)
    schema_dir = ROOT / "content" / "schemas"
    repo, _ = content.load(ROOT)
    for coll in repo.collections:
        expected = schema_paths(schema_dir, schemas.schema(schema_dir, coll.kind), f"{coll.kind}.schema.json")
        assert expected and config_paths(collection(config, coll.code)["fields"]) == expected, coll.code
    toolkits = collection(config, "toolkits")
    expected = schema_paths(schema_dir, schemas.schema(schema_dir, "toolkit"), "toolkit.schema.json")
    assert {f["file"] for f in toolkits["files"]} == {f"toolkits/{kit.slug}/toolkit.yml" for kit in repo.toolkits}
    for file in toolkits["files"]:
        assert config_paths(file["fields"]) == expected


def by_path(fields: list, path: str) -> dict | None:
    name, _, rest = path.partition(".")
    found = next((f for f in fields if f["name"] == name), None)
    if found is None or not rest:
        return found
    return by_path(found.get("fields") or (found.get("field") or {}).get("fields") or [], rest)


def test_coded_fields_offer_the_vocabulary_with_labels_and_store_codes():
    config = editor_config(ROOT)
    repo, _ = content.load(ROOT)
    checked = set()
    for coll in config["collections"][:5]:
        for path, (allowed, _) in content.CODED_FIELDS.items():
            widget = by_path(coll["fields"], path)
            if widget is not None:
                assert widget["widget"] == "select", path
                assert [option["value"] for option in widget["options"]] == list(allowed(repo)), path
                assert all(option["label"] for option in widget["options"]), path
                checked.add(path)
    assert checked == set(content.CODED_FIELDS)  # every coded field is in some form
    fields = collection(config, "frameworks")["fields"]
    countries = field(fields, "countries")
    assert countries["multiple"] is True
    assert {"label": "Guatemala", "value": "GT"} in countries["options"]
    assert {"label": "México / Mexico", "value": "MX"} in countries["options"]
    themes = field(fields, "themes")["options"]
    assert {"label": "Contratación equitativa / Fair recruitment", "value": "fair-recruitment"} in themes
    title = field(fields, "title")
    assert title["label"] == "Título oficial o habitual / Official or usual title"
    assert [(f["name"], f["required"]) for f in title["fields"]] == [("es", True), ("en", False)]
    assert field(fields, "status")["default"] == "draft"
    assert field(fields, "date")["widget"] == "datetime" and field(fields, "date")["format"] == "YYYY-MM-DD"
    related = field(fields, "related")
    assert related["widget"] == "relation" and related["search_fields"] == ["title.es", "title.en"]


def test_a_new_field_or_theme_shows_up_with_no_second_edit(project):
    vocabularies = project / "content" / "vocabularies.yml"
    data = vocabularies.read_text(encoding="utf-8")
    vocabularies.write_text(data.replace("themes:\n", "themes:\n  seasonal-work: {es: Trabajo temporal, en: Seasonal work}\n", 1), encoding="utf-8")
    schema_file = project / "content" / "schemas" / "practice.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["budget"] = {"type": "string", "maxLength": 80, "description": "Presupuesto. / Budget."}
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    fields = collection(editor_config(project), "practices")["fields"]
    assert {"label": "Trabajo temporal / Seasonal work", "value": "seasonal-work"} in field(fields, "themes")["options"]
    budget = field(fields, "budget")
    assert budget["label"] == "Presupuesto / Budget" and budget["hint"] == "Presupuesto. / Budget."
    assert budget["widget"] == "string" and budget["pattern"][0] == "^[\\s\\S]{0,80}$"


# ---- The page: its own policy, and out of everything public -------------------------

def test_admin_page_is_apart_from_the_public_site(built_site):
    page = (built_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1).replace("&#x27;", "'")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["connect-src"] == "'self' https://api.github.com http://localhost:8081 http://127.0.0.1:8081"
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    # Every script the page runs is a file of the site itself (no CDN).
    assert re.findall(r'<script[^>]*\bsrc="([^"]+)"', page) == ["crm-admin.js"]
    assert (built_site / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert yaml.safe_load((built_site / "admin" / "config.yml").read_text(encoding="utf-8"))["publish_mode"] == "editorial_workflow"
    assert "admin" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    with zipfile.ZipFile(built_site / "downloads" / "offline.zip") as offline:
        assert not [name for name in offline.namelist() if "/admin/" in name]
    for public in [built_site / "index.html", built_site / "en" / "index.html", *sorted((built_site / "practices").glob("*/index.html"))[:2]]:
        html = public.read_text(encoding="utf-8")
        assert "admin/" not in html and "unsafe-eval" not in html and "api.github.com" not in html
    for data in ("catalog/facets.json", "catalog/search-index.json", "feed.xml", "en/feed.xml"):
        if (built_site / data).exists():
            assert "admin/" not in (built_site / data).read_text(encoding="utf-8")


# ---- Editing in Chromium against decap-server ----------------------------------------

def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def editor_session(base: Path):
    """(project, admin URL): a project copy with two records, built, served, and decap-server on it."""
    project = copy_skeleton(base / "project")
    write_record(project, "publications", "informe-de-prueba", VALID_RECORD)
    practice = project / "content" / "practices" / f"{SHIPPED_PRACTICE}.yml"
    # The shipped practice, valid in the copy: without its links to records the copy lacks.
    practice.write_text(re.sub(r"^related: .*\n", "", (ROOT / "content" / "practices" / practice.name).read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    port = free_port()
    site = base / "site"
    run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=project,
        env_extra={"CRM_EDITOR_LOCAL_PORT": str(port)})
    server = subprocess.Popen(
        ["node", str(ROOT / "node_modules" / "decap-server" / "dist" / "index.js")],
        env={"PATH": os.environ["PATH"], "BIND_HOST": "127.0.0.1", "PORT": str(port), "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "error"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: listening(port)), "decap-server did not start"
        with serve(site) as url:
            yield project, url + "admin/"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    with editor_session(tmp_path_factory.mktemp("editor")) as session:
        yield session


def sign_in(browser, url: str, blocked: list | None = None):
    """A page of the editor, signed in to the local backend (one button, no account).

    ``blocked`` collects what the editor's own policy blocked: it must allow all the editor needs.
    """
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="es-ES")
    tab = context.new_page()
    if blocked is not None:
        tab.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    tab.goto(url)
    tab.get_by_role("button", name="Iniciar sesión").click()
    tab.get_by_text("Buenas prácticas / Good practices").first.wait_for()
    return context, tab


@pytest.fixture
def page(browser, editor):
    errors = []
    context, tab = sign_in(browser, editor[1], errors)
    yield tab
    context.close()
    assert not errors, errors


def label(path: str, collection_name: str = "practices") -> str:
    """The form label of a field, as the generated configuration gives it (schema descriptions change)."""
    config = editor_config(ROOT)
    if collection_name == "toolkits":
        return by_path(collection(config, "toolkits")["files"][0]["fields"], path)["label"]
    return by_path(collection(config, collection_name)["fields"], path)["label"]


def labelled(scope, path: str, collection_name: str = "practices"):
    return scope.get_by_label(re.compile("^" + re.escape(label(path, collection_name))))


def block(scope, text: str):
    """The container of the field whose label starts with ``text``."""
    return scope.locator("label", has_text=re.compile("^" + re.escape(text))).first.locator("xpath=../..")


def choose(scope, text: str, typed: str) -> None:
    """Type into the select list labelled ``text`` and pick the first option that matches."""
    box = block(scope, text).locator("input").first
    box.click()
    box.fill(typed)
    box.page.get_by_role("option", name=re.compile(re.escape(typed))).first.click()


def fill_practice(page, title_es: str | None) -> None:
    es = page.get_by_label("Español / Spanish", exact=True)
    en = page.get_by_label("Inglés / English (opcional)", exact=True)
    if title_es:
        es.nth(0).fill(title_es)
    en.nth(0).fill("One-stop shop for jobs abroad")
    es.nth(1).fill("Un servicio público que orienta a quienes buscan empleo en otro país.")
    en.nth(1).fill("A public service guiding people who look for work in another country.")
    choose(page, label("countries"), "Guatemala")
    choose(page, label("countries"), "Honduras")
    choose(page, label("themes"), "Contratación equitativa")
    choose(page, label("actions"), "1.1 ")
    labelled(page, "source_url").fill("https://example.org/ventanilla")
    choose(page, label("source_kind"), "Copia del editor")
    labelled(page, "implementer").fill("Ministerio de Trabajo")


def publish(page) -> None:
    page.get_by_role("button", name="Publicar").first.click()
    page.get_by_text("Publicar ahora").click()


def saved(path: Path, needle: str) -> str:
    """The file once decap-server has written it whole (it truncates, then writes)."""
    def complete():
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        time.sleep(0.3)
        return needle in text and text == path.read_text(encoding="utf-8")
    assert wait_for(complete), f"{path} never held {needle!r}"
    return path.read_text(encoding="utf-8")


def wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_practice_created_in_the_form_is_checked_and_published_in_both_languages(page, editor, tmp_path):
    project, url = editor
    page.goto(url + "#/collections/practices/new")
    fill_practice(page, "Ventanilla única de empleo en el exterior")
    publish(page)
    path = project / "content" / "practices" / "ventanilla-unica-de-empleo-en-el-exterior.yml"
    text = saved(path, "status: draft\n")
    assert yaml.safe_load(text) == {
        "title": {"es": "Ventanilla única de empleo en el exterior", "en": "One-stop shop for jobs abroad"},
        "summary": {"es": "Un servicio público que orienta a quienes buscan empleo en otro país.",
                    "en": "A public service guiding people who look for work in another country."},
        "countries": ["GT", "HN"], "themes": ["fair-recruitment"], "actions": ["1.1"],
        "source_url": "https://example.org/ventanilla", "source_kind": "publisher", "implementer": "Ministerio de Trabajo", "status": "draft",
    }
    # Written as a developer writes it: codes in flow lists, "1.1" quoted, schema order.
    assert "countries: [GT, HN]\n" in text and 'actions: ["1.1"]\n' in text
    assert text.startswith("# yaml-language-server: $schema=../schemas/practice.schema.json\ntitle:\n  es: ")
    run([sys.executable, "-m", "crm", "check"], cwd=project)

    # Publishing needs the gender review: refused without it, saved with it.
    page.goto(url + "#/collections/practices/entries/ventanilla-unica-de-empleo-en-el-exterior")
    choose(page, label("status"), "published")
    publish(page)
    page.get_by_text("necesita la revisión de género completa").first.wait_for()
    assert "status: draft" in path.read_text(encoding="utf-8")
    review = block(page, label("gender_review"))
    choose(review, label("gender_review.review_status"), "Revisión inicial asistida")
    labelled(review, "gender_review.reviewed_by").fill("Equipo de curaduría")
    choose(review, label("gender_review.sex_disaggregated_data"), "No aplica")
    review.locator("input[type=date]").first.fill("2026-11-20")
    notes = block(page, label("gender_review.notes"))
    notes.get_by_label(re.compile("^Español")).fill("Se revisó el lenguaje inclusivo.")
    publish(page)
    data = yaml.safe_load(saved(path, "status: published\n"))
    assert data["gender_review"] == {"review_status": "initial-assisted", "reviewed_by": "Equipo de curaduría", "date": dt.date(2026, 11, 20),
                                     "sex_disaggregated_data": "not-applicable", "notes": {"es": "Se revisó el lenguaje inclusivo."}}
    run([sys.executable, "-m", "crm", "check"], cwd=project)
    site = tmp_path / "site"
    mkdocs_build(project, site)
    for prefix, title in (("", "Ventanilla única de empleo en el exterior"), ("en/", "One-stop shop for jobs abroad")):
        html = (site / prefix / "practices" / "ventanilla-unica-de-empleo-en-el-exterior" / "index.html").read_text(encoding="utf-8")
        assert f"<h1" in html and title in html and "crm-draft" not in html


def test_editing_one_field_changes_only_its_lines(page, editor):
    project, url = editor
    path = project / "content" / "practices" / f"{SHIPPED_PRACTICE}.yml"
    before = path.read_text(encoding="utf-8")
    implementer = re.search(r"^implementer: (.+)$", before, re.M).group(1)
    page.goto(url + f"#/collections/practices/entries/{SHIPPED_PRACTICE}")
    labelled(page, "implementer").fill(implementer + " y socios")
    publish(page)
    after = saved(path, f"implementer: {implementer} y socios\n")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [f"-implementer: {implementer}", f"+implementer: {implementer} y socios"]
    # The year-only start date, the folded texts and the modeline are untouched.
    assert "period: {start: 1966}\n" in after and after.startswith("# yaml-language-server:")


def test_the_form_refuses_a_record_without_spanish_title(page, editor):
    project, url = editor
    before = sorted((project / "content" / "practices").glob("*.yml"))
    page.goto(url + "#/collections/practices/new")
    fill_practice(page, None)
    publish(page)
    block(page, label("title")).get_by_text("Español / Spanish es obligatorio.").wait_for()
    time.sleep(1)
    assert sorted((project / "content" / "practices").glob("*.yml")) == before


def test_the_form_offers_only_the_vocabulary_countries(page, editor):
    project, url = editor
    page.goto(url + "#/collections/practices/new")
    box = block(page, label("countries")).locator("input").first
    box.click()
    offered = page.get_by_role("option").all_inner_texts()
    repo, _ = content.load(project)
    expected = [" / ".join(dict.fromkeys(repo.vocabularies.place_label(code, lang) for lang in ("es", "en"))) for code in repo.vocabularies.places]
    assert offered == expected
    box.fill("Brasil")
    assert page.get_by_role("option").count() == 0


def test_editing_a_toolkit_text_changes_only_its_line(page, editor):
    project, url = editor
    path = project / "toolkits" / "movilidad-laboral-justa" / "toolkit.yml"
    before = path.read_text(encoding="utf-8")
    page.goto(url + "#/collections/toolkits/entries/movilidad-laboral-justa")
    headline = yaml.safe_load(before)["artwork"]["headline"]["es"]
    block(page, label("artwork.headline", "toolkits")).get_by_label("Español / Spanish", exact=True).fill(headline + " hoy")
    publish(page)
    after = saved(path, f"es: {headline} hoy\n")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [f"-    es: {headline}", f"+    es: {headline} hoy"]
