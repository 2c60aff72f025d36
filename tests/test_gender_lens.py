"""The gender lens (footnote 4 of the Plan) on pages: the record panel, the catalogue
facets and the dashboard, on a real build of records with different answers, and the
facets in Chromium on the shipped site."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from conftest import ROOT, VALID_RECORD, copy_skeleton, mkdocs_build, write_record
from test_catalog import published, shown_links
from test_dashboards import DEFINITIONS, Tables

SPECIALIST = VALID_RECORD.replace("review_status: initial-assisted", "review_status: specialist").replace(
    "sex_disaggregated_data: absent", "sex_disaggregated_data: present").replace(
    "  reviewed_by: Equipo de pruebas\n",
    "  reviewed_by: Especialista en género, Ministerio de Trabajo\n"
    "  care:\n    es: La guía de 2020 prevé licencias de cuidado.\n    en: The 2020 guide provides care leave.\n"
    "  intersections: [domestic-workers, indigenous-peoples]\n").replace("[GT, regional]", "[GT]")
PARTIAL = VALID_RECORD.replace("sex_disaggregated_data: absent", "sex_disaggregated_data: partial").replace("[GT, regional]", "[HN]")
ANSWERS = list(DEFINITIONS["sex_disaggregated_data"])  # in the vocabulary's order, as the tables show them
RECORDS = {  # id -> (text, answer, review status, countries)
    "publications/specialist": (SPECIALIST, "present", "specialist", ["GT"]),
    "publications/absent": (VALID_RECORD, "absent", "initial-assisted", ["GT", "regional"]),
    "manuals/partial": (PARTIAL, "partial", "initial-assisted", ["HN"]),
}


@pytest.fixture(scope="module")
def lens_site(tmp_path_factory):
    project = copy_skeleton(tmp_path_factory.mktemp("lens") / "project")
    for rid, (text, *_) in RECORDS.items():
        collection, slug = rid.split("/")
        write_record(project, collection, slug, text)
    site = project / "site"
    mkdocs_build(project, site)
    return site


def panel(site, rid: str, prefix: str = "") -> str:
    html = (site / prefix / rid / "index.html").read_text(encoding="utf-8")
    return re.search(r'<section class="crm-lens".*?</section>', html, re.S).group(0)


def test_record_panel_shows_the_lens_and_labels_an_initial_review(lens_site):
    initial = "Revisión inicial asistida: pendiente de revisión por especialista."
    absent = panel(lens_site, "publications/absent")
    assert initial in absent and "<dd>No</dd>" in absent
    assert "Sin disposiciones específicas de género." in absent and "Equipo de pruebas" in absent
    specialist = panel(lens_site, "publications/specialist")
    assert initial not in specialist and "<dd>Sí</dd>" in specialist
    assert "La guía de 2020 prevé licencias de cuidado." in specialist
    assert "Personas trabajadoras domésticas, Pueblos indígenas" in specialist
    assert "Revisada por especialista en género" in specialist and "Especialista en género, Ministerio de Trabajo" in specialist
    english = panel(lens_site, "manuals/partial", "en/")
    assert "Initial assisted review: awaiting review by a specialist." in english and "<dd>Partly</dd>" in english
    assert 'aria-labelledby="gender-review"' in english and '<h2 id="gender-review">' in english


def test_catalogue_facet_columns_and_labels_carry_the_lens(lens_site):
    for prefix, undetermined in (("", "Sin determinar"), ("en/", "Not determined")):
        facets = json.loads((lens_site / prefix / "catalog" / "facets.json").read_text(encoding="utf-8"))
        columns = facets["columns"]
        found = {rid: (answer, status) for rid, [answer], [status] in zip(columns["id"], columns["sex_data"], columns["review_status"])}
        assert found == {rid: (answer, status) for rid, (_, answer, status, _) in RECORDS.items()}
        assert facets["labels"]["sex_data"]["undetermined"].startswith(undetermined)
        assert set(facets["labels"]["sex_data"]) == set(ANSWERS)
        assert set(facets["labels"]["review_status"]) == {"initial-assisted", "specialist"}
        html = (lens_site / prefix / "catalog" / "index.html").read_text(encoding="utf-8")
        assert 'data-facet="sex_data"' in html and 'data-facet="review_status"' in html


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_dashboard_counts_the_lens_by_collection_and_country(lens_site, prefix):
    tables = Tables()
    tables.feed((lens_site / prefix / "dashboard" / "index.html").read_text(encoding="utf-8"))
    answers = ANSWERS

    def counts(rows, pattern):
        return {re.fullmatch(pattern, row[0][1]).group(1): [int(text) for text, _ in row[1:]] for row in rows[1:] if row[0][1]}

    by_collection = counts(tables.tables["lens-by-collection"], r"\.\./([a-z]+)/")
    for collection in ("publications", "manuals", "frameworks"):
        mine = Counter(answer for rid, (_, answer, _, _) in RECORDS.items() if rid.startswith(collection + "/"))
        assert by_collection[collection] == [mine[a] for a in answers] + [sum(mine.values())], collection
    assert [int(text) for text, _ in tables.tables["lens-by-collection"][-1][1:]] == [1, 1, 1] + [0] * (len(ANSWERS) - 3) + [3]
    by_place = counts(tables.tables["lens-by-place"], r"\.\./countries/([a-z]+)/")
    def row(**n):
        return [n.get(a, 0) for a in ANSWERS] + [sum(n.values())]
    assert by_place["gt"] == row(present=1, absent=1) and by_place["hn"] == row(partial=1) and by_place["regional"] == row(absent=1)
    assert by_place["mx"] == row()
    assert len(tables.svgs) == 9  # with the kinds-of-source chart


def test_catalogue_filters_by_the_lens_in_chromium(browser, site_url):
    records = published()
    page = browser.new_page(bypass_csp=True)  # lets the test evaluate its own checks
    page.goto(site_url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.locator("details.crm-filters").evaluate("d => d.open = true")
    for answer in ("not-applicable", "absent"):
        box = page.locator(f'input[name="sex_data"][value="{answer}"]')
        box.check()
        page.wait_for_url(f"**sex_data={answer}**")
        expected = sorted(f"../{r.id}/" for r in records if r.gender_review.sex_disaggregated_data == answer)
        assert sorted(shown_links(page)) == expected, answer
        count = page.text_content(f'[data-count-for="sex_data:{answer}"]')
        assert count == f"({len(expected)})"
        box.uncheck()
    page.locator('input[name="review_status"][value="specialist"]').check()
    page.wait_for_url("**review_status=specialist**")
    assert sorted(shown_links(page)) == sorted(f"../{r.id}/" for r in records if r.gender_review.review_status == "specialist")
