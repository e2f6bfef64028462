"""Helpers for the browser tests: Debian's Chromium driven by Playwright for Python.

We never run ``playwright install``: the tests use the system browser
(``apt-get install chromium``) through ``executable_path``. ``PAPERKIT_CHROMIUM`` overrides the
path. When the browser or the ``playwright`` package is missing, :func:`browser_skip_reason`
says so and the tests skip with that reason (CI installs both, so there they run).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("PAPERKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
    "--disable-dev-shm-usage",
]
#: Schemes a page may load from without it counting as "leaving the page".
LOCAL_SCHEMES = ("file", "data", "blob", "about")


def browser_skip_reason() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright; never `playwright install`: we use Debian's chromium)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set PAPERKIT_CHROMIUM)"
    return None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught exceptions and requests we blocked."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.console_errors + self.page_errors


def watch_page(context, page, *, allow_origins: tuple[str, ...] = ()) -> PageWatch:
    """Record console errors and page exceptions; abort every request that leaves the page.

    Requests to ``file:``, ``data:``, ``blob:`` and ``about:`` pass, as do requests to the
    ``allow_origins`` (e.g. ``"http://127.0.0.1:8888"`` for a local Jupyter server); every other
    request is aborted and listed in ``PageWatch.blocked``.
    """
    watch = PageWatch()

    def on_route(route):
        url = route.request.url
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in LOCAL_SCHEMES or origin in allow_origins:
            watch.allowed.append(url)
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    context.route("**/*", on_route)
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    return watch


@contextlib.contextmanager
def chromium_context(user_data_dir: Path, *, width: int = 1200, height: int = 900) -> Iterator:
    """A headless Chromium browser context with a fresh profile in ``user_data_dir``; closed on exit."""
    from playwright.sync_api import sync_playwright

    user_data_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            timeout=60_000,
        )
        try:
            context.set_default_timeout(30_000)
            yield context
        finally:
            context.close()
            shutil.rmtree(user_data_dir, ignore_errors=True)


#: JavaScript: for every report chart container, does it hold a drawn SVG/canvas (or a static image)?
CHART_STATE_JS = """
() => Array.from(document.querySelectorAll('.pk-chart')).map((el) => {
  const svg = el.querySelector('svg.marks');
  const canvas = el.querySelector('canvas.marks');
  const img = el.querySelector('img');
  return {
    id: el.id,
    status: el.getAttribute('data-pk-status'),
    svgMarks: svg ? svg.querySelectorAll('path, rect, text, line, circle').length : 0,
    canvas: canvas ? canvas.width * canvas.height : 0,
    img: img ? (img.complete ? img.naturalWidth : -1) : 0,
    height: el.getBoundingClientRect().height,
  };
})
"""
