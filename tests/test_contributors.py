"""The contributors' workflow: check messages, `make new`, drafts, editor hints, CI files,
the README's promises, and a site that works under a sub-path."""
from __future__ import annotations

import json
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT, VALID_RECORD, mkdocs_build, run, write_record

from crm import content, schemas

BROKEN = VALID_RECORD.replace("themes: [fair-recruitment]", "themes: fair-recruitment")
BROKEN_PROBLEM = ("content/publications/broken.yml", 9, 9, "themes: expected a list, found str 'fair-recruitment'")


def crm(project: Path, *args: str, github: bool = False):
    """`python -m crm ...` on a project copy, inside or outside GitHub Actions."""
    env = {"GITHUB_ACTIONS": "true" if github else "false"}
    return run([sys.executable, "-m", "crm", *args, "--root", str(project)], cwd=project, check=False, env_extra=env)


# -- make check: where the contributor looks -----------------------------------

def test_check_prints_workflow_annotations_under_github_actions(project):
    write_record(project, "publications", "broken", BROKEN)
    result = crm(project, "check", github=True)
    path, line, column, message = BROKEN_PROBLEM
    assert result.returncode == 1
    assert f"::error file={path},line={line},col={column}::{message}" in result.stderr.splitlines()


def test_check_prints_path_line_column_elsewhere(project):
    write_record(project, "publications", "broken", BROKEN)
    result = crm(project, "check")
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert "{}:{}:{}: {}".format(*BROKEN_PROBLEM) in lines
    assert not any(line.startswith("::") for line in lines)


def test_check_passes_on_valid_content(project):
    write_record(project, "publications", "fine")
    result = crm(project, "check", github=True)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("content OK: 1 record (1 published)")


# -- make new: a skeleton record -----------------------------------------------

# What a contributor types into each required field of a skeleton (status is already set).
FILLED = {
    "title": "title:\n  es: Registro nuevo\n  en: New record",
    "summary": "summary:\n  es: Un resumen verificado.\n  en: A checked summary.",
    "countries": "countries: [GT, regional]",
    "themes": "themes: [decent-work]",
    "source_url": "source_url: https://example.org/source",
    "source_kind": "source_kind: publisher",
    "implementer": "implementer: Ministerio de Trabajo",
    "instrument_type": "instrument_type: law",
    "jurisdiction": "jurisdiction: GT",
}


def fill(text: str) -> str:
    for name, filled in FILLED.items():  # the field's line and its indented lines (es:, en:)
        text = re.sub(rf"^{name}:.*(\n  .*)*", filled, text, count=1, flags=re.M)
    return text


def required_fields(schema_dir: Path, kind: str) -> set[str]:
    own = schemas.schema(schema_dir, kind)
    return set(own["required"]) | set(schemas.schema(schema_dir, "record")["required"])


@pytest.mark.parametrize("collection, kind", [("frameworks", "framework"), ("practices", "practice"), ("manuals", "document")])
def test_new_writes_a_draft_with_every_field_that_validates_once_filled(project, collection, kind):
    result = crm(project, "new", collection, "registro-nuevo")
    assert result.returncode == 0, result.stderr
    path = project / "content" / collection / "registro-nuevo.yml"
    text = path.read_text(encoding="utf-8")
    schema_dir = project / "content" / "schemas"
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    for name in schemas.field_names(schema_dir, kind):
        assert re.search(rf"^(# )?{name}:", text, re.M), f"field '{name}' missing from the skeleton"
    active = yaml.safe_load(text)
    assert set(active) == required_fields(schema_dir, kind) and active["status"] == "draft"
    # Untouched, it is refused at the lines to fill; filled, `make check` accepts it.
    assert {p.path for p in content.load(project)[1]} == {f"content/{collection}/registro-nuevo.yml"}
    path.write_text(fill(text), encoding="utf-8")
    checked = crm(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("content OK: 1 record (0 published)")


def test_new_refuses_unknown_collection_invalid_slug_and_existing_file(project):
    existing = write_record(project, "manuals", "taken")
    refusals = {
        ("recipes", "x"): "unknown collection 'recipes' (content/collections.yml lists: frameworks, practices",
        ("", "x"): "name a collection: make new COLLECTION=<frameworks|",
        ("practices", "Mala_Ruta"): "'Mala_Ruta' is not a valid slug",
        ("practices", "doble--guion"): "'doble--guion' is not a valid slug",
        ("manuals", "taken"): "content/manuals/taken.yml already exists",
        ("practices", "taken"): "content/manuals/taken.yml already exists: slugs are unique across collections",
    }
    for (collection, slug), message in refusals.items():
        result = crm(project, "new", collection, slug)
        assert result.returncode == 1 and message in result.stderr, (collection, slug, result.stderr)
    assert existing.read_text(encoding="utf-8") == VALID_RECORD
    assert sorted(p.relative_to(project).as_posix() for p in (project / "content").glob("*/*.yml")) == ["content/manuals/taken.yml"]


def test_make_new_calls_the_scaffold():
    result = run(["make", "--dry-run", "new", "COLLECTION=practices", "SLUG=mi-practica"], cwd=ROOT)
    assert re.search(r'-m crm new "practices" "mi-practica"$', result.stdout, re.M), result.stdout


# -- drafts never reach the build ----------------------------------------------

def test_draft_has_no_page_and_no_sitemap_entry(project, tmp_path):
    write_record(project, "publications", "published-record")
    write_record(project, "publications", "unpublished-draft", VALID_RECORD.replace("status: published", "status: draft"))
    site = tmp_path / "site"
    mkdocs_build(project, site)
    for prefix in ("", "en/"):
        assert (site / f"{prefix}publications/published-record/index.html").exists()
        assert not (site / f"{prefix}publications/unpublished-draft").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "publications/published-record/" in sitemap and "unpublished-draft" not in sitemap
    assert [p for p in site.rglob("*.html") if "unpublished-draft" in p.read_text(encoding="utf-8")] == []


# -- editor hints --------------------------------------------------------------

def _schema_globs() -> dict[str, list[str]]:
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    return {schema: [globs] if isinstance(globs, str) else globs for schema, globs in mapping.items()}


def _schema_for(relative: str) -> list[str]:
    path = PurePosixPath(relative)
    return [schema for schema, globs in _schema_globs().items()
            for glob in globs if len(PurePosixPath(glob).parts) == len(path.parts) and path.match(glob)]


def test_editor_maps_every_content_file_to_the_schema_of_its_kind():
    repo, _ = content.load(ROOT)
    kinds = {c.code: c.kind for c in repo.collections}
    files = sorted(ROOT.glob("content/*.yml")) + sorted(p for p in ROOT.glob("content/*/*.yml") if p.parent.name != "schemas")
    assert len(files) > 3
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        expected = f"content/schemas/{kinds[path.parent.name] if path.parent.name in kinds else path.stem}.schema.json"
        assert _schema_for(relative) == [expected], relative
        # The file's own modeline (used by editors without the workspace settings) agrees.
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
        modeline = posixpath.relpath(expected, posixpath.dirname(relative))
        assert first_line == f"# yaml-language-server: $schema={modeline}", relative
        assert (ROOT / expected).exists()


def test_editor_maps_toolkit_sources_to_the_toolkit_schema():
    schema = "content/schemas/toolkit.schema.json"
    assert _schema_for("toolkits/any-toolkit/toolkit.yml") == [schema]
    sources = sorted(ROOT.glob("toolkits/*/toolkit.yml"))
    assert sources and (ROOT / schema).exists()
    for path in sources:
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == f"# yaml-language-server: $schema={posixpath.relpath(schema, path.parent.relative_to(ROOT).as_posix())}", path
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended


# -- GitHub files and the README's promises ----------------------------------

README = ROOT / "README.md"


def _workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / ".github" / "workflows").glob("*.yml"))}


def _make_targets(workflow: dict) -> list[str]:
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    command = r"(?:^|&&|;)\s*(?:\w+=\S*\s+)*make ([a-z]+)"  # `make x` as a command, not an apt package name
    return [target for text in runs for target in re.findall(command, text, re.M)]


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on:` key as True


def test_workflows_call_the_make_targets_the_readme_documents():
    readme_targets = set(re.findall(r"`make ([a-z]+)", README.read_text(encoding="utf-8")))
    makefile_targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    assert {"serve", "test", "check", "site", "new", "benchmark"} <= readme_targets <= makefile_targets
    workflows = _workflows()
    assert workflows
    for name, workflow in workflows.items():
        assert set(_make_targets(workflow)) <= readme_targets, name
    on_pull_request = [w for w in workflows.values() if "pull_request" in _triggers(w)]
    assert {"check", "test"} <= {t for w in on_pull_request for t in _make_targets(w)}


def test_pages_workflow_builds_with_make_site_and_deploys_from_main():
    (pages,) = [w for w in _workflows().values()
                if any(step.get("uses", "").startswith("actions/deploy-pages@") for job in w["jobs"].values() for step in job["steps"])]
    assert _triggers(pages)["push"]["branches"] == ["main"]
    steps = [step for job in pages["jobs"].values() for step in job["steps"]]
    assert "site" in _make_targets(pages)
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site"
    assert pages["permissions"]["pages"] == "write" and pages["permissions"]["id-token"] == "write"


def test_issue_forms_exist_in_both_languages_and_are_well_formed():
    forms = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.stem != "config"}
    bases = {stem.rsplit("-", 1)[0] for stem in forms}
    assert {"suggest-resource", "report-error"} <= bases
    assert set(forms) == {f"{base}-{lang}" for base in bases for lang in ("es", "en")}
    for stem, form in forms.items():
        assert form["name"] and form["description"] and form["body"], stem
        ids = [element["id"] for element in form["body"] if element["type"] != "markdown"]
        assert len(ids) == len(set(ids)), stem
        for element in form["body"]:
            assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}, stem
            assert element["attributes"].get("label") or element["type"] == "markdown", stem


def test_readme_explains_every_pinned_dependency():
    rows = README.read_text(encoding="utf-8")
    pins = [line.split("==") for req in ROOT.glob("requirements*.txt")
            for line in req.read_text(encoding="utf-8").splitlines() if "==" in line and not line.startswith("#")]
    assert len(pins) >= 10
    for name, version in pins:
        name = re.sub(r"\[.*\]", "", name)
        assert re.search(rf"^\| `{re.escape(name)}` \| {re.escape(version)} \| \S", rows, re.M | re.I), name


def test_contributing_guide_is_the_same_text_in_the_repository_and_on_the_site():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for page in ("contributing.md", "contributing.en.md"):
        body = (ROOT / "docs" / page).read_text(encoding="utf-8").split("---\n", 2)[2].strip()
        assert body in guide, page


def test_contributing_guide_documents_every_field_of_every_kind():
    schema_dir = ROOT / "content" / "schemas"
    kinds = {collection.kind for collection in content.load(ROOT)[0].collections}
    fields = set().union(*(schemas.field_names(schema_dir, kind) for kind in kinds))
    for page in ("contributing.md", "contributing.en.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert [name for name in sorted(fields) if f"| `{name}` |" not in text] == [], page


# -- a site under a sub-path ---------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def broken_internal_links(site: Path, site_url: str) -> list[str]:
    """Every href/src that stays on the site but names no file of the output."""
    base = urlsplit(site_url)
    broken = []
    for page in sorted(site.rglob("*.html")):
        here = page.parent.relative_to(site).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "data") or url.startswith("#"):
                continue
            if parts.scheme or parts.netloc or url.startswith("/"):
                if parts.netloc not in ("", base.netloc):
                    continue  # another site
                path = unquote(parts.path)
                target = path[len(base.path):] if path.startswith(base.path) else None  # outside the sub-path
            else:
                target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
                target = None if target.startswith("..") else target  # above the site's folder
            if target is None or not ((site / target).is_file() or (site / target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


def test_every_internal_link_resolves_when_served_under_a_sub_path(project, tmp_path):
    write_record(project, "publications", "informe")
    write_record(project, "frameworks", "ley-de-prueba", VALID_RECORD.replace("title:", "instrument_type: law\njurisdiction: GT\ntitle:").replace("[GT, regional]", "[GT]").replace("  en: Test report\n", "") + "related: [publications/informe]\n")
    write_record(project, "practices", "practica", VALID_RECORD.replace("title:", "implementer: Ministerio de Trabajo\ntitle:").replace('["1.1"]', '["3.3", "4.5"]'))
    config = project / "mkdocs.yml"
    site_url = "https://example.net/crm/repo/"  # not example.org: the test records link to it
    config.write_text(re.sub(r"^site_url: .*$", f"site_url: {site_url}", config.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(project, site)
    assert (site / "frameworks" / "ley-de-prueba" / "index.html").exists() and (site / "en" / "practices" / "practica" / "index.html").exists()
    assert site_url in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert broken_internal_links(site, site_url) == []
