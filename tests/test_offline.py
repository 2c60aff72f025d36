"""The offline copy: unzipped into a folder, its pages read and navigate from file://."""
from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from urllib.parse import urlsplit

import pytest
from conftest import SITE_URL
from test_links import broken_links, parse_page

from crm import offline


@pytest.fixture(scope="module")
def unzipped(built_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / offline.ARCHIVE) as zipped:
        zipped.extractall(folder)
    return folder / offline.FOLDER


def test_record_page_opens_from_disk_and_links_work(browser, unzipped):
    record = next(path for path in sorted((unzipped / "frameworks").glob("*/index.html")))
    title = re.search(r"<h1>(.*?)</h1>", record.read_text(encoding="utf-8"), re.S).group(1).strip()
    page = browser.new_page()
    left_the_disk = []
    page.on("request", lambda request: urlsplit(request.url).scheme not in ("file", "data") and left_the_disk.append(request.url))
    page.goto(record.as_uri())
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # Material's CSS loaded
    page.click(".crm-fields dd a[href='../index.html']")  # the record's collection
    page.wait_for_url(f"{(unzipped / 'frameworks' / 'index.html').as_uri()}")
    assert page.locator(".crm-list li").count() >= 1
    page.hover(".md-select button")  # the language menu opens on hover
    page.click('.md-select__link[hreflang="en"]')  # the same page in English
    page.wait_for_url(f"{(unzipped / 'en' / 'frameworks' / 'index.html').as_uri()}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()
    assert left_the_disk == []


def test_every_link_of_the_copy_names_a_file(unzipped):
    """From disk, a link to a folder shows a file listing, not the page."""
    folder_links = []
    for path in sorted(unzipped.rglob("*.html")):
        for link in parse_page(path).links:
            target = urlsplit(link).path
            if urlsplit(link).scheme or link.startswith("//") or not target:
                continue
            if target.endswith("/") or target.split("/")[-1] in (".", "..") or target.startswith("/"):
                folder_links.append(f"{path.relative_to(unzipped)}: {link}")
    assert folder_links == []
    assert broken_links(unzipped) == []


def test_copy_holds_both_languages_and_a_readme(built_site, unzipped):
    for page in ("index.html", "en/index.html", "plan/1-1/index.html", "en/plan/1-1/index.html"):
        assert (unzipped / page).is_file(), page
    readme = (unzipped / "LEEME-README.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "en/index.html" in readme
    assert not list(unzipped.rglob("offline.zip")) and not list(unzipped.rglob("*.map"))
    # The catalogue's pages are there; its search files are not (a page opened from disk
    # cannot fetch them), and the read-me says the search needs the online site.
    assert (built_site / "catalog" / "facets.json").is_file() and (built_site / "en" / "catalog" / "text" / "0.json").is_file()
    for lang in ("", "en/"):
        assert (unzipped / f"{lang}catalog" / "index.html").is_file()
        assert not (unzipped / f"{lang}catalog" / "facets.json").exists()
        assert not (unzipped / f"{lang}catalog" / "index").exists() and not (unzipped / f"{lang}catalog" / "text").exists()
    assert "search needs the online site" in readme
    # What serves programs rather than readers is left out too, and linked online.
    for name in ("sitemap.xml", "feed.xml", "en/feed.xml", "data/records.json", "data/records.csv", "data/catalog.jsonld"):
        assert (built_site / name).is_file() and not (unzipped / name).exists(), name
    assert next((unzipped / "data" / "records").rglob("*.json")).is_file()  # each record's own data stays
    data_page = (unzipped / "data" / "index.html").read_text(encoding="utf-8")
    for name in ("data/records.json", "data/records.csv", "data/catalog.jsonld"):
        assert f'href="{SITE_URL}{name}"' in data_page, name
    assert "exports" in readme and "feeds" in readme


def test_zip_is_deterministic(built_site, tmp_path):
    with zipfile.ZipFile(built_site / offline.ARCHIVE) as zipped:
        entries = zipped.infolist()
    names = [entry.filename for entry in entries]
    assert names[1:] == sorted(names[1:]) and all(name.startswith(offline.FOLDER + "/") for name in names)
    assert {entry.date_time for entry in entries} == {offline.FIXED_TIME}
    again = shutil.copytree(built_site, tmp_path / "site")
    offline.write_offline_copies(again, SITE_URL)
    digest = lambda path: hashlib.sha256(path.read_bytes()).hexdigest()  # noqa: E731
    assert digest(again / offline.ARCHIVE) == digest(built_site / offline.ARCHIVE)


@pytest.mark.parametrize("link, expected", [
    ("../x/", "../x/index.html"),
    ("../x/#part", "../x/index.html#part"),
    ("../..", "../../index.html"),
    ("./", "./index.html"),
    (".", "./index.html"),
    ("/en/", "../../en/index.html"),
    ("/assets/site.css", "../../assets/site.css"),
    ("../x/file.json", "../x/file.json"),
    ("#part", "#part"),
    ("https://example.org/a/", "https://example.org/a/"),
    ("mailto:a@example.org", "mailto:a@example.org"),
    ("../../downloads/offline.zip", "../../LEEME-README.txt"),
    ("?page=2", "?page=2"),
    ("../../data/records.csv", "https://example.org/site/data/records.csv"),  # left out of the copy: online
    ("/en/feed.xml#top", "https://example.org/site/en/feed.xml#top"),
    ("../../admin/", "https://example.org/site/admin/"),
    ("../../data/records/x.json", "../../data/records/x.json"),
])
def test_links_point_at_index_files(link, expected):
    assert offline.offline_link(link, "a/b", "https://example.org/site/") == expected
