"""Documents kept with records: each bad file is refused at the record's line, and
`make site` leaves the previous site in place; good files reach the model with their
size, SHA-256, pages or words and text."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from conftest import MAKE_SITE, ROOT, VALID_RECORD, run, settle, write_record

from crm import content, holdings

FILES_LINE = VALID_RECORD.count("\n") + 2  # the line of '  - path: ...' in with_file()


def with_file(name="informe.pdf", **extra) -> str:
    fields = {"language": "es", "licence": "cc-by-4.0", **extra}
    lines = [f"  - path: {name}", f"    language: {fields.pop('language')}", "    title: {es: Informe completo, en: Full report}",
             "    role: official-text", f"    licence: {fields.pop('licence')}", "    retrieved_from: https://example.org/report.pdf",
             "    retrieved_on: 2024-01-05"] + [f"    {key}: {value}" for key, value in fields.items()]
    return VALID_RECORD + "files:\n" + "\n".join(lines) + "\n"


def pdf_with_text(text: str, pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.cell(text=text)
    return bytes(pdf.output())


def pdf_written(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def launch_action(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")})


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def hold(project, data: bytes | None, name="informe.pdf", slug="record", collection="publications"):
    folder = holdings.folder(project, collection, slug)
    folder.mkdir(parents=True, exist_ok=True)
    if data is not None:
        (folder / name).write_bytes(data)
    return folder / name


def problems(project, text, slug="record"):
    write_record(project, "publications", slug, text)
    repo, found = content.load(project)
    return repo, [p.plain() for p in found]


def test_a_held_pdf_reaches_the_model_with_size_pages_checksum_and_text(project):
    data = pdf_with_text("Contratacion equitativa en la region", pages=3)
    hold(project, data)
    repo, found = problems(project, with_file(sha256=hashlib.sha256(data).hexdigest()))
    assert found == []
    (held,) = repo.records[0].files
    assert (held.format, held.size, held.pages, held.sha256) == ("PDF", len(data), 3, hashlib.sha256(data).hexdigest())
    assert "Contratacion equitativa en la region" in held.text
    assert held.url == "files/publications/record/informe.pdf" and held.title.get("en") == "Full report"
    # The extraction is cached by checksum: a second load reads the cache, not the PDF.
    assert list((project / ".cache" / "holdings").glob(f"*{held.sha256}.pdf.json"))


def test_a_replaced_document_is_checked_again(project, monkeypatch):
    """`make serve` reuses what it found in unchanged records, not in a record whose document changed."""
    data = pdf_with_text("x")
    hold(project, data)
    write_record(project, "publications", "record", with_file(sha256=hashlib.sha256(data).hexdigest()))
    settle(monkeypatch)
    assert content.load(project)[1] == []
    hold(project, pdf_with_text("y"))
    found = [p.plain() for p in content.load(project)[1]]
    assert len(found) == 1 and f"record.yml:{FILES_LINE + 7}:13: " in found[0] and "the file changed since it was declared" in found[0]


def odt_bytes(*paragraphs: str) -> bytes:
    """A minimal OpenDocument text: the mimetype first and stored, then content.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        body = "".join(f"<text:p>{text}</text:p>" for text in paragraphs)
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                         f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    return out.getvalue()


def test_docx_and_odt_count_words(project):
    hold(project, docx_bytes("Hola mundo de prueba"), name="resumen.docx")
    hold(project, odt_bytes("Primer párrafo", "Segundo párrafo del anexo"), name="anexo.odt")
    text = with_file("resumen.docx") + with_file("anexo.odt").split("files:\n", 1)[1]
    repo, found = problems(project, text)
    assert found == []
    docx_file, odt_file = repo.records[0].files
    assert (docx_file.format, docx_file.words, docx_file.pages, docx_file.text) == ("DOCX", 4, None, "Hola mundo de prueba")
    assert (odt_file.format, odt_file.words, odt_file.text) == ("ODT", 6, "Primer párrafo\nSegundo párrafo del anexo")
    assert odt_file.media_type == "application/vnd.oasis.opendocument.text"


def docx_with_macros() -> bytes:
    """A Word document carrying a VBA project, as a .docm renamed .docx would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes("x"))) as source, zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return out.getvalue()


BAD_FILES = {
    "missing file": (None, "informe.pdf", "the file is missing"),
    "html saved as pdf": (b"<!DOCTYPE html><html><body>Page not found</body></html>", "informe.pdf", "the contents are not a PDF: the file is an HTML page"),
    "pdf saved as docx": (pdf_with_text("x"), "informe.docx", "the contents are not a DOCX document: the file is a PDF"),
    "encrypted pdf": (pdf_written(lambda w: w.encrypt("secret")), "informe.pdf", "the PDF is encrypted"),
    "unreadable pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n", "informe.pdf", "the PDF cannot be read"),
    "pdf with javascript": (pdf_written(lambda w: w.add_open_action(JavaScript("app.alert(1);"))), "informe.pdf", "the PDF contains JavaScript"),
    "pdf with a launch action": (pdf_written(launch_action), "informe.pdf", "the PDF contains a launch action"),
    "docx with macros": (docx_with_macros(), "informe.docx", "the document contains macros"),
    "odt that is a docx": (docx_bytes("x"), "informe.odt", "the contents are not an ODT document: the file is a zip archive of another kind"),
    "pdf with an embedded file": (pdf_written(lambda w: w.add_attachment("payload.exe", b"MZ")), "informe.pdf", "the PDF contains embedded files"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_bad_file_is_refused_at_its_entry(project, case):
    data, name, message = BAD_FILES[case]
    hold(project, data, name=name)
    repo, found = problems(project, with_file(name))
    assert found == [f"content/publications/record.yml:{FILES_LINE}:11: files: content/files/publications/record/{name}: " + found[0].split(f"{name}: ", 1)[1]]
    assert message in found[0]
    assert repo.records == []


def test_an_oversized_file_is_refused_with_git_lfs_guidance(project):
    path = hold(project, b"")
    with path.open("wb") as file:  # sparse: 21 MB on paper, nothing on disk
        file.truncate(21 * 1024 * 1024)
    _, found = problems(project, with_file())
    assert len(found) == 1 and f"record.yml:{FILES_LINE}:11:" in found[0]
    assert "over the 20 MB limit" in found[0] and "Git LFS" in found[0]


def test_a_declared_checksum_that_does_not_match_is_refused(project):
    data = pdf_with_text("x")
    hold(project, data)
    _, found = problems(project, with_file(sha256="a" * 64))
    assert found == [f"content/publications/record.yml:{FILES_LINE + 7}:13: files: content/files/publications/record/informe.pdf: "
                     f"the file's SHA-256 is {hashlib.sha256(data).hexdigest()}, not the declared {'a' * 64}; the file changed since it was declared: check it, then update sha256"]


def test_a_file_needs_a_licence_that_allows_redistribution(project):
    hold(project, pdf_with_text("x"))
    _, found = problems(project, with_file(licence="all-rights-reserved"))
    assert len(found) == 1 and f"record.yml:{FILES_LINE + 4}:14:" in found[0] and "keep the record link-only" in found[0]
    _, found = problems(project, with_file(licence="all-rights-reserved", permission="{es: \"Permiso escrito del editor, 2024-01-05\"}"))
    assert found == []
    _, found = problems(project, VALID_RECORD + "files:\n  - path: informe.pdf\n    language: es\n")
    assert any("the field 'licence' is required" in p for p in found), found


def test_make_site_refuses_bad_files_and_keeps_the_previous_site(project):
    (project / "Makefile").write_text((ROOT / "Makefile").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "requirements.txt").write_text((ROOT / "requirements.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (project / ".venv").symlink_to(ROOT / ".venv")
    env = {"PYTHONPATH": str(project / "hooks")}
    good = pdf_with_text("Texto guardado")
    hold(project, good, slug="informe")
    write_record(project, "publications", "informe", with_file())
    first = run(MAKE_SITE, cwd=project, env_extra=env, check=False)
    assert first.returncode == 0, first.stderr
    before = {path.relative_to(project / "site"): path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    assert before[holdings.Path("files/publications/informe/informe.pdf")] == good
    for slug, (data, name, _) in BAD_FILES.items():
        slug = slug.replace(" ", "-")
        hold(project, data, name=name, slug=slug)
        write_record(project, "publications", slug, with_file(name))
    second = run(MAKE_SITE, cwd=project, env_extra=env, check=False)
    assert second.returncode != 0
    for case in BAD_FILES:
        assert f"content/publications/{case.replace(' ', '-')}.yml:{FILES_LINE}:11: files: " in second.stderr, case
    after = {path.relative_to(project / "site"): path.read_bytes() for path in sorted((project / "site").rglob("*")) if path.is_file()}
    assert after == before


def test_warnings_do_not_fail_make_check(project):
    framework = VALID_RECORD.replace("document.schema.json", "framework.schema.json").replace("source_kind: publisher", "source_kind: secondary")
    framework = framework.replace("status: published", "instrument_type: law\njurisdiction: GT\nstatus: published")
    write_record(project, "frameworks", "ley", framework)
    result = run([os.sys.executable, "-m", "crm", "check", "--root", str(project)], cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    line = framework.splitlines().index("source_kind: secondary") + 1
    assert f"content/frameworks/ley.yml:{line}:14: warning: no official link" in result.stderr
    assert "1 warning to look at" in result.stdout
    write_record(project, "frameworks", "ley", framework.replace("source_kind: secondary", "source_kind: official"))
    assert "warning" not in run([os.sys.executable, "-m", "crm", "check", "--root", str(project)], cwd=ROOT).stderr


def test_a_document_no_record_lists_is_reported(project):
    hold(project, pdf_with_text("x"), name="olvidado.pdf")
    _, found = problems(project, VALID_RECORD)
    assert found == ["content/files/publications/record/olvidado.pdf:1:1: no record lists this file: add it to 'files' in its record "
                     "(content/<collection>/<slug>.yml for content/files/<collection>/<slug>/), or remove it"]


def test_a_linked_document_is_refused(project, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(pdf_with_text("x"))
    folder = holdings.folder(project, "publications", "record")
    folder.mkdir(parents=True)
    (folder / "informe.pdf").symlink_to(outside)
    _, found = problems(project, with_file())
    assert any(p.startswith("content/files/publications/record/informe.pdf:1:1: symbolic links are not allowed") for p in found), found
    assert any(f"record.yml:{FILES_LINE}:11: files:" in p and "symbolic link" in p for p in found), found


def test_search_text_prefers_the_documents_in_the_page_language(project):
    hold(project, docx_bytes("Texto en español"), name="es.docx")
    hold(project, docx_bytes("English text"), name="en.docx")
    text = VALID_RECORD + "files:\n" + "".join(
        f"  - {{path: {lang}.docx, language: {lang}, title: {{es: T}}, role: translation, licence: cc-by-4.0, "
        f"retrieved_from: 'https://example.org/{lang}.docx', retrieved_on: 2024-01-05}}\n" for lang in ("es", "en"))
    repo, found = problems(project, text)
    assert found == []
    (record,) = repo.records
    assert holdings.search_text(record, "en") == ("English text", "en")
    assert holdings.search_text(record, "es") == ("Texto en español", "es")
    assert holdings.search_text(record, "fr") == ("Texto en español English text", "es")
