"""Communication toolkits: sources, validator refusals, bundles, pages and the personaliser."""
from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, mkdocs_build, write_record

from crm import content

SVG = "{http://www.w3.org/2000/svg}"
SLUGS = {"movilidad-laboral-justa": "1.5", "afiliacion-voluntaria-seguridad-social": "3.5", "inclusion-genero-diversidad": "4.5"}
PIECES = ["poster-a4", "poster-a3", "flyer-a5", "social-square", "social-story", "web-banner"]
KIT = "movilidad-laboral-justa"


def shipped():
    repo, problems = content.load(ROOT)
    assert problems == []
    return repo


def bundle_zips(site: Path) -> list[Path]:
    """The toolkit bundles (other parts of the build may put archives in downloads/ too)."""
    return sorted(path for path in (site / "downloads").glob("*.zip") if path.name.startswith(tuple(SLUGS)))


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


# -- sources ------------------------------------------------------------------


def test_three_toolkits_one_per_action_with_every_piece():
    repo = shipped()
    assert {kit.slug: kit.actions for kit in repo.toolkits} == {slug: [action] for slug, action in SLUGS.items()}
    for kit in repo.toolkits:
        assert list(kit.layouts) == PIECES
        assert kit.title.es and kit.title.en and kit.title.es != kit.title.en
        assert {p["key"] for p in kit.placeholders} == {"partner_name", "hotline", "website", "logo"}
        assert kit.data["licence"]["code"] == "cc-by-4.0"


def test_plan_action_pages_link_their_toolkit(built_site):
    for slug, action in SLUGS.items():
        for prefix in ("", "en/"):
            page = (built_site / prefix / "plan" / action.replace(".", "-") / "index.html").read_text(encoding="utf-8")
            assert f'href="../../toolkits/{slug}/"' in page


# -- the validator --------------------------------------------------------------


def problems_in(project, layout_text=None, edit=None):
    kit = project / "toolkits" / KIT
    if layout_text is not None:
        (kit / "layouts").mkdir(exist_ok=True)
        (kit / "layouts" / "poster-a4.svg").write_text(layout_text, encoding="utf-8")
    if edit is not None:
        source = kit / "toolkit.yml"
        source.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    repo, problems = content.load(project)
    return [p.plain() for p in problems], repo


LAYOUT_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="216mm" height="303mm" viewBox="0 0 216 303" data-bleed="3">\n'


def test_project_copy_is_valid(project):
    found, repo = problems_in(project)
    assert found == [] and len(repo.toolkits) == 3


def test_undeclared_placeholder_is_refused_where_it_is(project):
    found, repo = problems_in(project, LAYOUT_HEAD + '  <text data-placeholder="fax" x="10" y="10" font-size="5" data-width="50">x</text>\n</svg>\n')
    assert found == [f"toolkits/{KIT}/layouts/poster-a4.svg:2:3: data-placeholder 'fax' is not declared in toolkits/{KIT}/toolkit.yml (placeholders: hotline, logo, partner_name, website)"]
    assert KIT not in [kit.slug for kit in repo.toolkits]


@pytest.mark.parametrize("element, expected", [
    ('<script>alert(1)</script>', "3:3: <script> is not allowed in artwork"),
    ('<rect width="5" height="5" onclick="alert(1)"/>', "3:3: event attribute 'onclick' is not allowed in artwork"),
    ('<foreignObject width="5" height="5"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "3:3: <foreignObject> is not allowed in artwork"),
    ('<use href="https://example.org/logo.svg#a"/>', '3:3: href="https://example.org/logo.svg#a" refers outside the file'),
    ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="logo.svg#a"/>', '3:3: href="logo.svg#a" refers outside the file'),
    ('<rect width="5" height="5" fill="url(https://example.org/p.svg#g)"/>', "3:3: fill uses url() outside the file"),
])
def test_unsafe_svg_is_refused(project, element, expected):
    found, repo = problems_in(project, LAYOUT_HEAD + '  <text data-slot="headline" x="13" y="42" font-size="15" data-width="176" data-lines="5"/>\n  ' + element + "\n</svg>\n")
    assert any(p.startswith(f"toolkits/{KIT}/layouts/poster-a4.svg:{expected}") for p in found), found
    assert KIT not in [kit.slug for kit in repo.toolkits]


def test_doctype_and_broken_xml_are_refused(project):
    found, _ = problems_in(project, '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + LAYOUT_HEAD + "<text>&x;</text></svg>")
    assert any(p.startswith(f"toolkits/{KIT}/layouts/poster-a4.svg:1:") and "a DOCTYPE is not allowed" in p for p in found), found
    found, _ = problems_in(project, LAYOUT_HEAD + "<text>unclosed</svg>\n")
    assert any(p.startswith(f"toolkits/{KIT}/layouts/poster-a4.svg:2:") and "not well-formed XML" in p for p in found), found


def test_toolkit_file_problems_point_at_the_line(project):
    source = (ROOT / "toolkits" / KIT / "toolkit.yml").read_text(encoding="utf-8")
    line = source[: source.index("themes: [")].count("\n") + 1
    found, _ = problems_in(project, edit=lambda text: text.replace("themes: [fair-recruitment,", "themes: [cooking,"))
    assert found == [f"toolkits/{KIT}/toolkit.yml:{line}:10: unknown theme 'cooking' (expected one of: " + found[0].split("expected one of: ")[1]]


def test_schema_errors_are_positioned(project):
    found, _ = problems_in(project, edit=lambda text: text.replace("version: 1.0.0", "version: one"))
    assert len(found) == 1 and re.match(rf"toolkits/{KIT}/toolkit.yml:\d+:10: version: 'one' does not have the expected form", found[0]), found


def test_text_that_cannot_fit_a_piece_is_refused(project):
    long = "Un buen trabajo empieza con una contratación justa " * 4
    found, _ = problems_in(project, edit=lambda text: text.replace("es: Un buen trabajo empieza con una contratación justa", f"es: {long.strip()}"))
    assert any("the headline (es) does not fit the 'poster-a4' piece" in p for p in found), found


def test_placeholder_limits_and_contrast_are_checked(project):
    def edit(text):
        text = text.replace("default: {es: Nombre de su organización,", "default: {es: " + "N" * 60 + ",")
        return text.replace('accent: "#b3261e"', 'accent: "#ffcc00"')
    found, _ = problems_in(project, edit=edit)
    source = (ROOT / "toolkits" / KIT / "toolkit.yml").read_text(encoding="utf-8")
    line = source[: source.index("default: {es: Nombre de su organización,")].count("\n") + 1
    assert any(p.startswith(f"toolkits/{KIT}/toolkit.yml:{line}:") and "the default is longer than max_length (48)" in p for p in found), found
    assert any("palette: paper text on accent has a contrast of 1.5:1; at least 4.5:1 is needed" in p for p in found), found


def test_make_check_reports_toolkit_problems(project):
    from conftest import run
    import sys

    (project / "toolkits" / KIT / "layouts").mkdir()
    (project / "toolkits" / KIT / "layouts" / "poster-a4.svg").write_text(LAYOUT_HEAD + "<script>alert(1)</script></svg>", encoding="utf-8")
    result = run([sys.executable, "-m", "crm", "check", "--root", str(project)], cwd=project, check=False)
    assert result.returncode == 1
    assert f"toolkits/{KIT}/layouts/poster-a4.svg:2:1: <script> is not allowed in artwork" in result.stderr


# -- bundles --------------------------------------------------------------------


def test_six_bundles_with_sums(built_site):
    zips = bundle_zips(built_site)
    assert [z.name for z in zips] == sorted(f"{slug}-1.0.0-{lang}.zip" for slug in SLUGS for lang in ("es", "en"))
    sums = (built_site / "downloads" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums == [f"{hashlib.sha256(z.read_bytes()).hexdigest()}  {z.name}" for z in zips]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_bundle_contents_match_manifest_and_sums(built_site, slug, lang):
    repo = shipped()
    kit = next(k for k in repo.toolkits if k.slug == slug)
    name = f"{slug}-1.0.0-{lang}"
    files = read_zip(built_site / "downloads" / f"{name}.zip")
    assert all(path.startswith(name + "/") for path in files)
    files = {path[len(name) + 1:]: data for path, data in files.items()}
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    assert all(hashlib.sha256(files[path]).hexdigest() == digest for path, digest in sums.items())
    manifest = json.loads(files["manifest.json"])
    assert manifest["language"] == lang and manifest["version"] == "1.0.0" and manifest["actions"] == [SLUGS[slug]]
    assert manifest["licence"]["attribution"] == kit.data["licence"]["attribution"][lang]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(files) - {"SHA256SUMS", "manifest.json"}
    for path, entry in listed.items():
        assert entry["bytes"] == len(files[path]) and entry["sha256"] == hashlib.sha256(files[path]).hexdigest()
        assert entry["language"] == lang
    declared = {p["key"] for p in kit.placeholders}
    headline = kit.data["artwork"]["headline"][lang]
    for piece in PIECES:
        svg = files[f"artwork/{piece}.svg"]
        root = ET.fromstring(svg)
        texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
        assert headline.split()[0] in " ".join(texts) and all(t.strip() for t in texts)
        assert not root.findall(f".//{SVG}script") and b"foreignObject" not in svg and not re.search(rb"\son[a-z]+=", svg)
        assert {e.get("data-placeholder") for e in root.iter() if e.get("data-placeholder")} == declared
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        size = listed[f"artwork/{piece}.svg"]["size"]
        unit = "mm" if piece.startswith(("poster", "flyer")) else "px"
        assert size["unit"] == unit and root.get("width") == f"{size['width']:g}{'mm' if unit == 'mm' else ''}"
        if unit == "mm":
            assert size["bleed_mm"] == 3
        png = files[f"artwork/{piece}.png"]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (listed[f"artwork/{piece}.png"]["size"]["width"], listed[f"artwork/{piece}.png"]["size"]["height"])
    assert {(s["size"]["width"], s["size"]["height"]) for s in manifest["files"] if s["format"] == "SVG" and s["size"]["unit"] == "mm"} == {(216, 303), (303, 426), (154, 216)}
    assert {(s["size"]["width"], s["size"]["height"]) for s in manifest["files"] if s["format"] == "SVG" and s["size"]["unit"] == "px"} == {(1080, 1080), (1080, 1920), (1200, 628)}
    (workbook_path,) = [path for path in files if path.endswith(".docx")]
    document = docx.Document(io.BytesIO(files[workbook_path]))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert all(phase["name"][lang] in text for phase in kit.data["phases"])
    assert all(task["text"][lang] in text for phase in kit.data["phases"] for task in phase["tasks"])
    assert all(indicator["label"][lang] in text for indicator in kit.data["indicators"])
    assert len(document.tables) >= 5 and document.core_properties.language == lang
    readme = files["README.md"].decode("utf-8")
    assert kit.data["licence"]["attribution"][lang] in readme and "3 mm" in readme and "Liberation Sans" in readme


def test_two_builds_give_identical_bundles(built_site, project, tmp_path):
    # A second build, from another folder and with other records: the bundles depend on the toolkits only.
    write_record(project, "publications", "informe")
    second = tmp_path / "second-site"
    mkdocs_build(project, second)
    assert [z.name for z in bundle_zips(second)] == [z.name for z in bundle_zips(built_site)]
    for first_zip in bundle_zips(built_site):
        assert (second / "downloads" / first_zip.name).read_bytes() == first_zip.read_bytes(), first_zip.name
    assert (second / "downloads" / "SHA256SUMS").read_bytes() == (built_site / "downloads" / "SHA256SUMS").read_bytes()


# -- pages ----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_toolkit_pages_link_to_existing_files(built_site, prefix):
    index = (built_site / prefix / "toolkits" / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'href="{slug}/"' in index
        page_dir = built_site / prefix / "toolkits" / slug
        page = (page_dir / "index.html").read_text(encoding="utf-8")
        targets = re.findall(r'(?:href|src)="((?:\.\./)+(?:downloads|assets/toolkits)/[^"#]+)"', page)
        assert len(targets) > 30
        for target in targets:
            assert (page_dir / target).resolve().is_file(), target
        for lang in ("es", "en"):
            assert f'downloads/{slug}-1.0.0-{lang}.zip" download' in page
        assert page.count('<template data-piece="') == 6 and page.count('class="crm-toolkit-piece"') == 6
        assert '<textarea id="attribution-text"' in page and "CC BY 4.0" in page
        assert "<script" not in page.split("<template", 1)[1].rsplit("</template>", 1)[0]


def test_pages_are_in_their_language(built_site):
    repo = shipped()
    kit = repo.toolkits[0]
    es = (built_site / "toolkits" / kit.slug / "index.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "toolkits" / kit.slug / "index.html").read_text(encoding="utf-8")
    assert "Proceso de planificación" in es and "Planning process" in en
    for phase in kit.data["phases"]:
        assert phase["name"]["es"] in es and phase["name"]["en"] in en
    assert 'xml:lang="es"' in es and 'xml:lang="en"' in en


# -- the personaliser, in Chromium ----------------------------------------------------


def open_toolkit(browser, url, path):
    page = browser.new_page(accept_downloads=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Material's language switch probes sitemap.xml files that do not exist: that 404 is not ours.
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text and "sitemap.xml" not in message.text else None)
    page.goto(url + path)
    page.wait_for_selector(".crm-personaliser-preview svg")
    return page, errors


def download(page, button):
    with page.expect_download() as info:
        page.click(f"[data-download={button}]")
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_typed_name_is_in_the_downloaded_svg_and_png(browser, site_url):
    page, errors = open_toolkit(browser, site_url, f"toolkits/{KIT}/")
    page.fill("#crm-field-partner_name", "Asociación Ñandú & Hijas")
    page.fill("#crm-field-hotline", "+502 2222-3333")
    page.fill("#crm-field-website", "www.nandu.example")
    page.select_option("#crm-piece", "social-square")
    assert page.locator(".crm-personaliser-status").inner_text() == "Pieza actualizada."
    name, data = download(page, "svg")
    assert name == f"{KIT}-social-square-es.svg"
    root = ET.fromstring(data)
    values = {e.get("data-placeholder"): "".join(e.itertext()) for e in root.iter(f"{SVG}text") if e.get("data-placeholder")}
    assert values == {"partner_name": "Asociación Ñandú & Hijas", "hotline": "+502 2222-3333", "website": "www.nandu.example"}
    assert root.get("width") == "1080" and not root.findall(f".//{SVG}script")
    name, data = download(page, "png")
    assert name == f"{KIT}-social-square-es.png" and data.startswith(b"\x89PNG") and int.from_bytes(data[16:20], "big") == 1080
    assert errors == []
    page.close()


def test_overlong_and_unsafe_input_is_refused_with_a_message(browser, site_url):
    page, errors = open_toolkit(browser, site_url, f"en/toolkits/{KIT}/")
    page.fill("#crm-field-partner_name", "Good Partner")
    page.fill("#crm-field-partner_name", "x" * 49)
    alert = page.locator(".crm-personaliser-error")
    assert alert.get_attribute("role") == "alert"
    assert alert.inner_text() == "“Name of your organisation” takes up to 48 characters and has 49: shorten it. The piece keeps the previous value."
    assert page.get_attribute("#crm-field-partner_name", "aria-invalid") == "true"
    page.fill("#crm-field-website", "javascript:alert(1)")
    assert "must be a domain or an https:// address" in alert.inner_text()
    page.fill("#crm-field-hotline", "<b>1</b>")
    assert "characters that are not allowed" in alert.inner_text()
    _, data = download(page, "svg")
    assert b"Good Partner" in data and b"x" * 49 not in data and b"javascript" not in data and b"<b>" not in data
    page.fill("#crm-field-partner_name", "Good Partner Two")
    assert alert.inner_text() == "" and page.get_attribute("#crm-field-partner_name", "aria-invalid") is None
    assert errors == []
    page.close()


def test_logo_is_embedded_and_wrong_files_are_refused(browser, site_url, tmp_path):
    import cairosvg

    logo = tmp_path / "logo.png"
    logo.write_bytes(cairosvg.svg2png(bytestring=b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#123456"/></svg>'))
    fake = tmp_path / "logo-fake.png"
    fake.write_bytes(b"<svg onload='alert(1)'></svg>")
    page, errors = open_toolkit(browser, site_url, f"toolkits/{KIT}/")
    page.set_input_files("#crm-field-logo", str(fake))
    page.wait_for_selector(".crm-personaliser-error:not(:empty)")  # the file is read asynchronously
    assert page.locator(".crm-personaliser-error").inner_text() == "El logotipo debe ser un archivo PNG o JPEG."
    page.set_input_files("#crm-field-logo", str(logo))
    page.wait_for_selector(".crm-personaliser-preview svg image")
    _, data = download(page, "svg")
    root = ET.fromstring(data)
    (image,) = root.iter(f"{SVG}image")
    assert image.get("href").startswith("data:image/png;base64,") and b"onload" not in data
    assert errors == []
    page.close()


def test_personaliser_works_from_the_files_alone(browser, built_site):
    # Offline: opened from disk, with every network request refused.
    page = browser.new_page(accept_downloads=True)
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto((built_site / "toolkits" / KIT / "index.html").as_uri())
    page.wait_for_selector(".crm-personaliser-preview svg")
    page.fill("#crm-field-partner_name", "Sin conexión")
    _, data = download(page, "svg")
    assert "Sin conexión".encode() in data
    page.close()


def test_personaliser_is_usable_with_the_keyboard(browser, site_url):
    page, _ = open_toolkit(browser, site_url, f"toolkits/{KIT}/")
    page.focus("#crm-piece")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "crm-field-partner_name"
    page.keyboard.type("Teclado")
    for label in page.locator(".crm-personaliser label").all():
        assert page.locator("#" + label.get_attribute("for")).count() == 1
    assert "Teclado" in page.locator(".crm-personaliser-preview svg").inner_html()
    page.close()


def test_readme_template_fields_are_checked(project):
    readme = project / "toolkits" / "readme" / "en.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nHotline: {hotline}\n", encoding="utf-8")
    found, _ = problems_in(project)
    line = readme.read_text(encoding="utf-8").count("\n")
    assert found == [f"toolkits/readme/en.md:{line}:10: unknown field {{hotline}} (expected one of: attribution, colours, date, licence_url, pieces, placeholders, publisher, summary, title, version, workbook)"]


def test_attribution_copy_button(browser, site_url):
    page, errors = open_toolkit(browser, site_url, f"en/toolkits/{KIT}/")
    button = page.locator("[data-crm-copy=attribution-text]")
    assert button.is_visible() and button.inner_text() == "Copy"
    button.click()
    page.wait_for_selector(".crm-toolkit-copied:not(:empty)")
    assert page.locator(".crm-toolkit-copied").inner_text() == "Text copied."
    assert page.evaluate("window.getSelection().toString() || document.activeElement.value").startswith('"Fair labour mobility"')
    assert errors == []
    page.close()
