"""The catalogue in real Chromium, and its no-JavaScript fallback, on the built site."""
from __future__ import annotations

import json
import re

from conftest import ROOT

from crm import content


def published():
    repo, _ = content.load(ROOT)
    return repo.visible_records(include_drafts=False)


def shown_links(page) -> list[str]:
    return page.eval_on_selector_all("#crm-results a", "links => links.map(a => a.getAttribute('href'))")


def test_without_javascript_the_catalogue_links_to_the_listings_not_to_every_record(built_site):
    repo, _ = content.load(ROOT)
    for prefix in ("", "en/"):
        html = (built_site / prefix / "catalog/index.html").read_text(encoding="utf-8")
        browse = html[html.index('<nav id="crm-browse"'):]
        browse = browse[: browse.index("</nav>")]
        links = re.findall(r'href="([^"]+)"', browse)
        expected = [f"../{c.code}/" for c in repo.collections] + [f"../countries/{code.lower()}/" for code in repo.vocabularies.places]
        expected += [f"../themes/{code}/" for code in repo.vocabularies.themes] + [f"../plan/{code.replace('.', '-')}/" for code in repo.plan.actions]
        assert links == expected
        for link in links:  # every listing exists in this language
            assert (built_site / prefix / "catalog" / link / "index.html").resolve().is_file(), link
        assert not any(f'href="../{record.id}/"' in html for record in published())  # its size does not grow with the records
        assert '<input type="search" id="crm-q" name="q"' in html and '<label for="crm-q">' in html


def test_facet_data_is_small_and_separate(built_site):
    facets = json.loads((built_site / "catalog/facets.json").read_text(encoding="utf-8"))
    assert facets["columns"]["id"] == [r.id for r in published()]
    assert set(facets["columns"]) == {"id", "title", "date", "collection", "country", "theme", "action", "language", "translation", "sex_data", "review_status"}
    assert "index" not in facets


def test_query_facets_url_state_and_language_switch(browser, site_url):
    page = browser.new_page(bypass_csp=True)  # lets the test evaluate its own checks
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    assert not any("/catalog/index/" in url for url in fetched), "index fetched before any query"
    total = len(shown_links(page))
    assert total == len(published())

    page.fill("#crm-q", "contratacion")
    page.press("#crm-q", "Enter")
    page.wait_for_function("document.getElementById('crm-status').textContent.match(/^\\d+ resultados$|^1 resultado$/)")
    by_query = shown_links(page)
    assert 0 < len(by_query) < total
    # Only the index shard of the query's word ("contrat"), not the whole index.
    assert [url.split("/catalog/")[1] for url in fetched if "/catalog/index/" in url] == ["index/co.json"]

    records = {r.id: r for r in published()}
    guatemala = page.locator('input[name="country"][value="GT"]')
    page.locator("details.crm-filters").evaluate("d => d.open = true")
    guatemala.check()
    page.wait_for_url("**country=GT**")
    both = shown_links(page)
    assert both and set(both) <= set(by_query)
    assert all("GT" in records[href.strip("./").rstrip("/")].countries for href in both)
    status = page.text_content("#crm-status")
    assert status.startswith(str(len(both)))
    assert page.get_attribute("#crm-status", "aria-live") == "polite"
    assert guatemala.evaluate("box => box.labels[0].textContent").strip().startswith("Guatemala")

    shared = page.url
    page.goto(shared)
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.wait_for_function(f"document.querySelectorAll('#crm-results a').length === {len(both)}")
    assert shown_links(page) == both
    assert page.input_value("#crm-q") == "contratacion" and page.is_checked('input[name="country"][value="GT"]')

    english = page.locator('a[hreflang="en"]').first.get_attribute("href")
    assert "country=GT" in english and "q=contratacion" in english
    page.goto(english if english.startswith("http") else site_url + "catalog/" + english)
    page.wait_for_selector("#crm-catalog:not([hidden])")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.is_checked('input[name="country"][value="GT"]')
    page.wait_for_function("document.getElementById('crm-status').textContent.match(/results?$|^No record matches/)")
    assert page.text_content("legend >> nth=1") == "Country or scope"


def test_back_button_restores_the_previous_view(browser, site_url):
    page = browser.new_page(bypass_csp=True)  # lets the test evaluate its own checks
    page.goto(site_url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.locator("details.crm-filters").evaluate("d => d.open = true")
    all_links = shown_links(page)
    page.locator('input[name="collection"][value="frameworks"]').check()
    page.wait_for_url("**collection=frameworks**")
    frameworks = shown_links(page)
    assert len(frameworks) < len(all_links)
    page.go_back()
    page.wait_for_function(f"document.querySelectorAll('#crm-results a').length === {len(all_links)}")
    assert not page.is_checked('input[name="collection"][value="frameworks"]')


def test_keyboard_alone_reaches_and_ticks_a_facet(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page.goto(site_url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.focus("#crm-q")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "collection":
            break
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    page.wait_for_url("**collection=**")


def test_every_word_counts_and_snippets_mark_the_matched_words(browser, site_url):
    page = browser.new_page(bypass_csp=True)  # lets the test evaluate its own checks
    marked = "els => els.map(e => e.textContent.normalize('NFD').replace(/\\p{Mn}/gu, '').toLowerCase())"
    for prefix, query, stems, first in (("", "trabajadoras domesticas", ("trabaj", "domestic"), "frameworks/ilo-c189-domestic-workers"),
                                        ("en/", "domestic workers", ("domestic", "work"), "frameworks/ilo-c189-domestic-workers"),
                                        ("", "codigo de trabajo guatemala", ("codigo", "trabaj", "guatemal"), "frameworks/gt-codigo-de-trabajo")):
        page.goto(f"{site_url}{prefix}catalog/?q={query.replace(' ', '+')}")
        page.wait_for_selector("#crm-results li:first-child .crm-snippet mark")
        links = shown_links(page)
        assert links[0] == f"../{first}/", (query, links)
        assert len(links) < len(published()) / 4, (query, len(links))  # every word must match, not any
        assert page.locator("#crm-partial").count() == 0
        words = page.eval_on_selector_all("#crm-results li:first-child .crm-snippet mark", marked)
        assert words and all(any(word.startswith(stem) for stem in stems) and word.isalnum() for word in words), words
        snippet = page.text_content("#crm-results li:first-child .crm-snippet")
        assert snippet.strip() and "<" not in snippet

    # No record holds every word: the best partial matches come under a visible notice.
    page.goto(site_url + "catalog/?q=trata+de+personas+zqxwv")
    page.wait_for_selector("#crm-partial")
    assert page.is_visible("#crm-partial")
    assert page.text_content("#crm-partial").startswith("Ningún registro contiene todas las palabras")
    assert shown_links(page)
    page.goto(site_url + "en/catalog/?q=trafficking+zqxwv")
    page.wait_for_selector("#crm-partial")
    assert page.text_content("#crm-partial").startswith("No record contains every word")
