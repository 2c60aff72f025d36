"""`make serve`: the files drawn from the model (search index, exports, downloads) after a save.

The pages of a save are served as soon as they are drawn; these files follow, written
by a forked process (forked.ForkedWriter, on the other core) and moved into the site by
a thread. A save that comes before they are written makes them stale: the next build
stops the process at once instead of waiting for it (the site keeps the files written
before, never half of them), and starts its own when its pages are drawn.
"""
from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path
from typing import Callable

from . import forked

log = logging.getLogger("mkdocs.plugins.crm")


class ModelFiles:
    """``write(folder)`` in a forked process from now on; its files are moved into
    ``site_dir``, then ``then()`` runs (both in a thread), unless ``stop`` came first."""

    def __init__(self, write: Callable[[Path], None], site_dir: Path, then: Callable[[], None]):
        self._stopped = False
        self._writer = forked.ForkedWriter(write, site_dir)
        self._thread = threading.Thread(target=self._finish, args=(site_dir, then), daemon=True)
        self._thread.start()
        # Quitting the preview stops the writer first, quietly (multiprocessing would stop its
        # process after, and the thread would report that as a failure).
        atexit.register(self.stop)

    def _finish(self, site_dir: Path, then: Callable[[], None]) -> None:
        try:
            self._writer.finish(site_dir)
        except (forked.ForkedError, OSError) as error:
            if not self._stopped:  # a stopped writer ends without a word, its staging folder removed under it
                log.error(f"writing the search index, exports or downloads failed:\n{error}")
            return
        if not self._stopped:
            then()

    def stop(self) -> None:
        """Stop writing (a new save makes the files stale) and wait until nothing of it runs."""
        self._stopped = True
        atexit.unregister(self.stop)
        self._writer.abandon()
        self._thread.join()
