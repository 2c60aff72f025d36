"""The catalogue in real Chromium, and its no-JavaScript fallback, on the built site."""
from __future__ import annotations

import json

from conftest import ROOT

from crm import content


def published():
    repo, _ = content.load(ROOT)
    return repo.visible_records(include_drafts=False)


def shown_links(page) -> list[str]:
    return page.eval_on_selector_all("#crm-results a", "links => links.map(a => a.getAttribute('href'))")


def test_without_javascript_every_published_record_is_listed(built_site):
    html = (built_site / "catalog/index.html").read_text(encoding="utf-8")
    records = published()
    for record in records:
        assert f'href="../{record.id}/"' in html
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
    assert not any(url.endswith("search-index.json") for url in fetched), "index fetched before any query"
    total = len(shown_links(page))
    assert total == len(published())

    page.fill("#crm-q", "contratacion")
    page.press("#crm-q", "Enter")
    page.wait_for_function("document.getElementById('crm-status').textContent.match(/^\\d+ resultados$|^1 resultado$/)")
    by_query = shown_links(page)
    assert 0 < len(by_query) < total
    assert any(url.endswith("catalog/search-index.json") for url in fetched)

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
