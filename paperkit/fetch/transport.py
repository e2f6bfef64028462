"""HTTP with retries: one polite request at a time, bounded retries with backoff on 429/5xx, size and time limits, no redirect off HTTP(S).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import importlib.metadata
import random
import re
import socket
import sys
import time
import urllib.request
from collections.abc import Callable

from paperkit.fetch.options import FetchOptions, T


# --- HTTP with retries -------------------------------------------------------------------------
class Retryable(Exception):
    """A failure worth another attempt (the server or the line may recover)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Permanent(Exception):
    """A failure another attempt will not fix (bad request, API error, shape)."""


class RequestFailed(Exception):
    """The request is given up; ``attempts`` were made."""

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


def _user_agent() -> str:
    try:
        ver = importlib.metadata.version("paperkit")
    except importlib.metadata.PackageNotFoundError:  # not installed (running from a checkout)
        ver = "0+unknown"
    return f"paperkit/{ver} (research-digest fetcher; Python-urllib/{sys.version_info[0]}.{sys.version_info[1]})"


def _retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def snippet(body: bytes, limit: int = 120) -> str:
    """The start of a response body as one line of at most ``limit`` characters, for error messages."""
    text = " ".join(body[:2000].decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _RedirectRefused(urllib.error.URLError):
    """A redirect to a scheme other than http or https (``ftp:``, ``file:``)."""

    def __str__(self) -> str:
        return str(self.reason)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https URLs only (urllib also follows ``ftp:``)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 - urllib's signature
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme.lower()
        if scheme not in ("http", "https"):
            raise _RedirectRefused(f"HTTP {code} redirect to {newurl[:200]!r} refused: only http and https are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Http:
    """One polite HTTP client per run: pacing, retries, bounded in count and time."""

    def __init__(self, options: FetchOptions, *, base_url: str, default_delay: float) -> None:
        self.options = options
        self.delay = default_delay if options.delay is None else options.delay
        self.user_agent = options.user_agent or _user_agent()
        host = urllib.parse.urlsplit(base_url).hostname or ""
        handlers = [urllib.request.ProxyHandler({})] if host in ("127.0.0.1", "localhost", "::1") else []
        self._opener = urllib.request.build_opener(*handlers, _HttpOnlyRedirects())
        self._next_start = 0.0
        self._rng = random.Random()

    def _pace(self) -> None:
        clock = self.options.clock
        wait = self._next_start - clock()
        if wait > 0:
            self.options.sleep(wait)
        self._next_start = clock() + self.delay

    def _once(self, url: str, accept: str, deadline: float) -> bytes:
        timeout = self.options.timeout
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": accept})
        try:
            with self._opener.open(request, timeout=timeout) as response:
                limit = self.options.max_bytes
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > limit:
                    raise Permanent(f"response of {int(length):,} bytes (Content-Length) is larger than max_bytes={limit:,}")
                chunks, size = [], 0
                while chunk := response.read1(1 << 16):  # one recv at a time: the deadline holds
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        raise Permanent(f"response larger than max_bytes={limit:,} bytes; download stopped")
                    if self.options.clock() > deadline:
                        raise Permanent(f"download took longer than max_time={self.options.max_time:g} s")
                body = b"".join(chunks)
                if length and length.isdigit() and size < int(length):
                    raise Retryable(f"truncated body: {size} of {length} bytes")
                return body
        except _RedirectRefused as exc:
            raise Permanent(str(exc)) from None
        except urllib.error.HTTPError as exc:
            code = exc.code
            retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            try:
                detail = snippet(exc.read())
            except (OSError, http.client.HTTPException):  # the error body is a courtesy: a broken one is left out
                detail = ""
            finally:
                exc.close()
            message = f"HTTP {code} {exc.reason}" + (f": {detail}" if detail else "")
            if code in (408, 425, 429) or 500 <= code <= 599:
                raise Retryable(message, retry_after=retry_after) from None
            raise Permanent(message) from None
        except (TimeoutError, socket.timeout):
            raise Retryable(f"timed out (no data for {timeout:g} s)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise Retryable(f"timed out (no data for {timeout:g} s)") from None
            raise Retryable(f"connection failed: {exc.reason}") from None
        except (http.client.HTTPException, OSError) as exc:
            raise Retryable(f"connection error: {type(exc).__name__}: {exc}") from None

    def get(self, url: str, parse: Callable[[bytes], T], *, accept: str) -> tuple[T, int]:
        """``parse(body)`` of the first good response and the number of attempts."""
        opts = self.options
        deadline = opts.clock() + opts.max_time
        attempt = 0
        while True:
            attempt += 1
            self._pace()
            try:
                return parse(self._once(url, accept, deadline)), attempt
            except Permanent as exc:
                raise RequestFailed(str(exc), attempt) from None
            except Retryable as exc:
                if attempt > opts.retries:
                    raise RequestFailed(f"{exc} (gave up after {attempt} attempts)", attempt) from None
                if exc.retry_after is not None and exc.retry_after > opts.max_wait:
                    raise RequestFailed(
                        f"{exc}; server asked to wait {exc.retry_after:.0f} s (Retry-After), "
                        f"more than max_wait={opts.max_wait:g} s", attempt) from None
                backoff = min(opts.max_wait, opts.backoff * 2 ** (attempt - 1))
                wait = max(backoff * self._rng.uniform(0.5, 1.0), exc.retry_after or 0.0)
                if opts.clock() + wait > deadline:
                    raise RequestFailed(f"{exc} (gave up: max_time={opts.max_time:g} s reached)", attempt) from None
                opts.sleep(wait)
