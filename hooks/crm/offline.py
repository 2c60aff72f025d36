"""Offline copy: a zip of the whole built site that works from a local folder.

Integration point: write_offline_copies(site_dir) once every language is built.
"""
from __future__ import annotations


def write_offline_copies(site_dir) -> None:
    return None
