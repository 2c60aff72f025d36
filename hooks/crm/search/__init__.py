"""Full-text search: one prebuilt lunr index per language, plus small facet data.

The text pipeline (pipeline.py) is data-driven and mirrored line for line in
overrides/assets/search/pipeline.js; tests run both on the shipped index files.
"""
