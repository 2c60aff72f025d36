"""Open-data exports (records.json, records.csv, catalog.jsonld, feeds, per-record JSON).

Integration point: write_exports(repo, site_dir, site_url) after the build.
"""
from __future__ import annotations


def write_exports(repo, site_dir, site_url) -> None:
    return None
