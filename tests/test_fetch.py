"""Tests for paperkit.fetch against a real HTTP server on 127.0.0.1 that replays scripted responses.

Fault scenarios covered: success, resume after a partial run, 429 with Retry-After (seconds and
too long), 500/503 then success, a timeout (then success, and always), a truncated body (short
Content-Length, and cut JSON without length), a non-JSON body, a JSON body of the wrong shape,
an empty day (past and today), a refused connection, repeated failures (give-up), an arXiv error
feed, an empty arXiv page inside the result set, a truncated Atom feed, Ctrl-C in-process and
SIGINT to the CLI in a subprocess, and an interrupt in the middle of a file write. After every
scenario the files on disk are complete and valid or absent, and a re-run completes the set.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from paperkit import fetch as F
from paperkit.fetch.arxiv import _arxiv_url
from paperkit.fetch.transport import Http, _retry_after
from paperkit.fetch import FetchInterrupted, FetchItem, FetchOptions, FetchSummary, fetch_arxiv, fetch_hf_daily

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "fetch"
SHARED = Path(os.environ.get("PAPERKIT_SHARED", REPO / ".." / "shared"))
HF_DAY = (DATA / "hf-2024-06-03.json").read_bytes()  # a real API response: 6 papers
HF_EMPTY = b"[]"
# Generous network bounds (a busy 2-core CI machine can be 10x slower than a laptop); the tests that
# are about time use a short timeout only against a server that never answers in time, or a fake clock.
FAST = FetchOptions(timeout=20.0, retries=2, backoff=0.0, max_time=120.0, delay=0.0, progress=False)
SHORT = 1.0  # client timeout against a server that holds its answer for NEVER seconds
NEVER = 60.0  # the server thread is released at teardown (script.stop), so this costs nothing


class FakeTime:
    """A clock that only moves when slept on (or by ``tick`` per reading): time-based logic without waiting."""

    def __init__(self, tick: float = 0.0) -> None:
        self.now, self.tick, self.sleeps = 1000.0, tick, []

    def clock(self) -> float:
        self.now += self.tick
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


# --- the scripted local server ---------------------------------------------------------------
@dataclasses.dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = HF_EMPTY
    headers: dict = dataclasses.field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    cut: int | None = None  # send only the first `cut` bytes of the body
    length: bool = True  # send a Content-Length of the full body
    stall: float = 0.0  # after the (cut) body, hold the connection open this long
    drip: float = 0.0  # send the body in 10 pieces, this many seconds apart


class Script:
    """Per-key queues of replies; the last reply of a queue repeats. Records every request."""

    def __init__(self) -> None:
        self.routes: dict[tuple, list[Reply]] = {}
        self.log: list[tuple[tuple, float, str]] = []
        self.stop = threading.Event()
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    def set(self, key: tuple, *replies: Reply) -> None:
        with self.lock:
            self.routes[key] = list(replies)

    def next(self, key: tuple) -> Reply:
        with self.lock:
            queue = self.routes.get(key)
            if not queue:
                return Reply(404, b'{"error":"no scripted reply"}')
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def hits(self, key: tuple) -> int:
        return sum(1 for k, _, _ in self.log if k == key)


def _key(path: str) -> tuple:
    url = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(url.query)
    if url.path == "/api/daily_papers":
        return ("hf", query.get("date", [""])[0])
    if url.path == "/api/query":
        q = query["search_query"][0]
        cat = q.split()[0].removeprefix("cat:")
        day = q.split("[")[1][:8]
        return ("arxiv", cat, f"{day[:4]}-{day[4:6]}-{day[6:]}", int(query["start"][0]), int(query["max_results"][0]))
    return ("other", url.path)


def _handler(script: Script):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            key = _key(self.path)
            script.log.append((key, time.monotonic(), self.headers.get("User-Agent", "")))
            reply = script.next(key)
            if reply.delay:
                script.stop.wait(reply.delay)
            body = reply.body
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            body = body if reply.cut is None else body[: reply.cut]
            step = -(-len(body) // 10) if reply.drip else len(body) or 1
            for i in range(0, len(body), step):
                if i and reply.drip:
                    script.stop.wait(reply.drip)
                self.wfile.write(body[i : i + step])
                self.wfile.flush()
            if reply.stall:
                script.stalled.set()
                script.stop.wait(reply.stall)
            self.close_connection = True

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # client gave up (timeout tests)
        pass


@pytest.fixture
def server():
    """A ThreadingHTTPServer on 127.0.0.1 (free port) replaying a :class:`Script`."""
    script = Script()
    srv = _Server(("127.0.0.1", 0), _handler(script))
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        yield script
    finally:
        script.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Refuse any connection that is not to the loopback interface."""
    real = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"test tried to reach {address!r}; only 127.0.0.1 is allowed")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


# --- helpers -----------------------------------------------------------------------------------
def days(start: str, n: int) -> list[str]:
    first = dt.date.fromisoformat(start)
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(n)]


def assert_complete_or_absent(folder: Path) -> None:
    """Every file is a complete, valid day file; no temporary file is left behind."""
    for path in folder.rglob("*"):
        if path.is_dir():
            continue
        if path.name.startswith("."):
            assert re.fullmatch(r"\.\d{4}-\d{2}-\d{2}\.empty", path.name), f"temporary file left behind: {path}"
            assert path.stat().st_size == 0
        elif path.suffix == ".json":
            data = json.loads(path.read_bytes())
            assert isinstance(data, list) or isinstance(data.get("data"), list), path
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                assert {"id", "title", "summary", "categories", "authors"} <= json.loads(line).keys()
        else:
            raise AssertionError(f"unexpected file {path}")


def hf(server, since: str, until: str, into: Path, **opts) -> FetchSummary:
    return fetch_hf_daily(since=since, until=until, into=into, base_url=server.url,
                          options=dataclasses.replace(FAST, **opts))


def statuses(summary: FetchSummary) -> dict[str, str]:
    return {item.key: item.status for item in summary.items}


# --- Hugging Face: success, resume, empty days --------------------------------------------------
def test_hf_success_writes_bodies_byte_for_byte(server, tmp_path):
    d1, d2, d3 = days("2024-06-03", 3)
    server.set(("hf", d1), Reply(body=HF_DAY))
    server.set(("hf", d2), Reply(body=HF_EMPTY))  # a day without papers
    server.set(("hf", d3), Reply(body=HF_DAY))
    summary = hf(server, d1, d3, tmp_path)
    assert summary.ok and statuses(summary) == {d1: "fetched", d2: "empty", d3: "fetched"}
    assert (tmp_path / f"{d1}.json").read_bytes() == HF_DAY
    assert (tmp_path / f"{d2}.json").read_bytes() == HF_EMPTY
    assert [i.n_papers for i in summary.items] == [6, 0, 6]
    assert all(ua.startswith("paperkit/") for _, _, ua in server.log)
    assert str(summary).splitlines()[0] == "hf-daily: 2 fetched, 1 empty, 0 skipped, 0 failed"
    assert_complete_or_absent(tmp_path)


def test_hf_rerun_skips_days_on_disk_including_empty_ones(server, tmp_path):
    d1, d2 = days("2024-06-08", 2)  # a weekend
    server.set(("hf", d1), Reply(body=HF_EMPTY))
    server.set(("hf", d2), Reply(body=HF_DAY))
    hf(server, d1, d2, tmp_path)
    again = hf(server, d1, d2, tmp_path)
    assert statuses(again) == {d1: "skipped", d2: "skipped"}
    assert server.hits(("hf", d1)) == server.hits(("hf", d2)) == 1  # the empty day is not retried


def _age(path: Path, written: str) -> None:
    """Pretend ``path`` was written at noon UTC on ``written``."""
    when = dt.datetime.fromisoformat(written + "T12:00:00+00:00").timestamp()
    os.utime(path, (when, when))


def test_hf_day_fetched_before_it_was_over_is_fetched_again(server, tmp_path):
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    server.set(("hf", today), Reply(body=HF_EMPTY), Reply(body=HF_DAY))  # the day fills up later
    first = hf(server, today, today, tmp_path)
    assert first.items[0].status == "empty" and (tmp_path / f"{today}.json").read_bytes() == HF_EMPTY
    second = hf(server, today, today, tmp_path)
    assert second.items[0].status == "fetched" and second.items[0].reason == "replaced a provisional copy"
    assert (tmp_path / f"{today}.json").read_bytes() == HF_DAY


@pytest.mark.parametrize("written, refetched", [("2025-01-06", True), ("2025-01-07", False), ("2025-06-01", False)])
def test_hf_provisional_versus_final_files(server, tmp_path, written, refetched):
    day = "2025-01-06"
    (tmp_path / f"{day}.json").write_bytes(HF_EMPTY)
    _age(tmp_path / f"{day}.json", written)
    server.set(("hf", day), Reply(body=HF_DAY))
    summary = hf(server, day, day, tmp_path)
    assert summary.items[0].status == ("fetched" if refetched else "skipped")
    assert server.hits(("hf", day)) == int(refetched)


def test_hf_failed_refresh_keeps_the_provisional_copy(server, tmp_path):
    day = "2025-01-06"
    (tmp_path / f"{day}.json").write_bytes(HF_DAY)
    _age(tmp_path / f"{day}.json", day)
    server.set(("hf", day), Reply(502, b"Bad Gateway"))
    summary = hf(server, day, day, tmp_path, retries=0)
    assert not summary.ok and summary.failed[0].reason.endswith("kept the provisional copy already on disk")
    assert (tmp_path / f"{day}.json").read_bytes() == HF_DAY


def test_until_in_the_future_is_refused(tmp_path):
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    with pytest.raises(ValueError, match="is in the future"):
        fetch_hf_daily(since="2025-01-01", until=tomorrow, into=tmp_path)


def test_hf_resume_after_partial_run(server, tmp_path):
    d = days("2025-01-06", 4)
    for day in d:
        server.set(("hf", day), Reply(body=HF_DAY))
    server.set(("hf", d[2]), Reply(500, b"Internal Server Error"))  # fails on every attempt
    first = hf(server, d[0], d[3], tmp_path, retries=1)
    assert not first.ok and [i.key for i in first.failed] == [d[2]]
    assert "HTTP 500" in first.failed[0].reason and first.failed[0].attempts == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{x}.json" for x in (d[0], d[1], d[3])]
    assert_complete_or_absent(tmp_path)
    server.set(("hf", d[2]), Reply(body=HF_DAY))  # the server recovers
    second = hf(server, d[0], d[3], tmp_path)
    assert second.ok and statuses(second) == {d[0]: "skipped", d[1]: "skipped", d[2]: "fetched", d[3]: "skipped"}
    assert [server.hits(("hf", x)) for x in d] == [1, 1, 3, 1]
    assert_complete_or_absent(tmp_path)


# --- Hugging Face: fault scenarios --------------------------------------------------------------
FAULTS = {
    "500": Reply(500, b"<html>Internal Server Error</html>"),
    "503-retry-after": Reply(503, b"busy", headers={"Retry-After": "0"}),
    "429": Reply(429, b'{"error":"rate limited"}', headers={"Retry-After": "0"}),
    "truncated-with-length": Reply(body=HF_DAY, cut=1000),
    "truncated-no-length": Reply(body=HF_DAY, cut=1000, length=False),
    "non-json": Reply(body=b"<!DOCTYPE html><html><body>Maintenance</body></html>"),
    "timeout": Reply(body=HF_DAY, delay=NEVER),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_hf_fault_then_success(server, tmp_path, fault):
    day = "2025-02-03"
    server.set(("hf", day), FAULTS[fault], Reply(body=HF_DAY))
    summary = hf(server, day, day, tmp_path, timeout=SHORT if fault == "timeout" else FAST.timeout)
    assert summary.ok, summary
    assert summary.items[0].attempts == 2
    assert (tmp_path / f"{day}.json").read_bytes() == HF_DAY
    assert_complete_or_absent(tmp_path)


@pytest.mark.parametrize("fault, reason", [
    ("500", "HTTP 500"), ("429", "HTTP 429"), ("truncated-with-length", "truncated body: 1000 of 30323 bytes"),
    ("truncated-no-length", "invalid JSON"), ("non-json", "invalid JSON"), ("timeout", "timed out"),
])
def test_hf_persistent_fault_fails_cleanly_then_rerun_completes(server, tmp_path, fault, reason):
    day = "2025-02-04"
    server.set(("hf", day), FAULTS[fault])
    summary = hf(server, day, day, tmp_path, timeout=SHORT if fault == "timeout" else FAST.timeout, retries=2)
    assert not summary.ok and reason in summary.failed[0].reason
    assert summary.failed[0].attempts == 3 and server.hits(("hf", day)) == 3  # bounded
    assert list(tmp_path.iterdir()) == []
    server.set(("hf", day), Reply(body=HF_DAY))
    assert hf(server, day, day, tmp_path).ok
    assert (tmp_path / f"{day}.json").read_bytes() == HF_DAY


def test_hf_429_honours_retry_after(server, tmp_path):
    day = "2025-02-05"
    server.set(("hf", day), Reply(429, b"slow down", headers={"Retry-After": "7"}), Reply(body=HF_DAY))
    fake = FakeTime()
    summary = hf(server, day, day, tmp_path, clock=fake.clock, sleep=fake.sleep)  # backoff=0: only Retry-After waits
    assert fake.sleeps == [7.0]  # the server's wait, exactly, on the injected clock: no wall-clock bound
    assert summary.ok and summary.items[0].attempts == 2 and len(server.log) == 2


def test_hf_slow_drip_body_is_bounded_by_max_time(server, tmp_path):
    day = "2025-02-06"
    server.set(("hf", day), Reply(body=HF_DAY, drip=0.02))  # every gap < timeout, the whole > max_time
    fake = FakeTime(tick=1.0)  # each reading of the clock is one second later: 10 pieces take > 5 s
    summary = hf(server, day, day, tmp_path, max_time=5.0, clock=fake.clock, sleep=fake.sleep)
    assert "longer than max_time=5 s" in summary.failed[0].reason and list(tmp_path.iterdir()) == []
    assert summary.failed[0].attempts == 1 and server.hits(("hf", day)) == 1  # not retried
    server.set(("hf", day), Reply(body=HF_DAY, drip=0.01))
    assert hf(server, day, day, tmp_path).ok and (tmp_path / f"{day}.json").read_bytes() == HF_DAY


def test_hf_retry_after_longer_than_max_wait_fails_at_once(server, tmp_path):
    day = "2025-02-06"
    server.set(("hf", day), Reply(429, b"", headers={"Retry-After": "3600"}))
    summary = hf(server, day, day, tmp_path, max_wait=5.0)
    assert not summary.ok and "Retry-After" in summary.failed[0].reason
    assert server.hits(("hf", day)) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status, body", [(404, b'{"error":"Not Found"}'), (400, b'{"error":"Invalid date"}')])
def test_hf_client_errors_are_not_retried(server, tmp_path, status, body):
    day = "2025-02-07"
    server.set(("hf", day), Reply(status, body))
    summary = hf(server, day, day, tmp_path)
    assert summary.failed[0].attempts == 1 and f"HTTP {status}" in summary.failed[0].reason
    assert body.decode()[2:7] in summary.failed[0].reason  # the server's message is kept


def test_hf_wrong_json_shape_is_an_error_not_a_file(server, tmp_path):
    day = "2025-02-08"
    server.set(("hf", day), Reply(body=b'{"error": "Invalid credentials"}'))
    summary = hf(server, day, day, tmp_path)
    assert "unexpected JSON" in summary.failed[0].reason and summary.failed[0].attempts == 1
    assert list(tmp_path.iterdir()) == []


def test_hf_gives_up_after_repeated_failures(server, tmp_path):
    d = days("2025-03-03", 6)
    for day in d:
        server.set(("hf", day), Reply(503, b"down"))
    summary = hf(server, d[0], d[-1], tmp_path, retries=1, max_failures=2)
    assert len(summary.failed) == 6 and len(server.log) == 4  # 2 days x 2 attempts, then stop
    assert summary.failed[-1].reason.startswith("not attempted")


def test_hf_connection_refused_is_bounded(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    summary = fetch_hf_daily(since="2025-03-03", until="2025-03-04", into=tmp_path,
                             base_url=f"http://127.0.0.1:{port}", options=dataclasses.replace(FAST, retries=1))
    assert [i.attempts for i in summary.failed] == [2, 2]
    assert "connection failed" in summary.failed[0].reason


def test_hf_polite_delay_between_requests(server, tmp_path):
    d = days("2025-03-10", 3)
    for day in d:
        server.set(("hf", day), Reply(body=HF_EMPTY))
    fake = FakeTime()
    hf(server, d[0], d[-1], tmp_path, delay=2.0, clock=fake.clock, sleep=fake.sleep)
    assert fake.sleeps == [2.0, 2.0]  # two waits between three requests (client clock)
    assert len(server.log) == 3


# --- interruption ------------------------------------------------------------------------------
def test_hf_interrupt_in_process_keeps_completed_days(server, tmp_path):
    d = days("2025-04-01", 3)
    for day in d:
        server.set(("hf", day), Reply(body=HF_DAY))

    def ctrl_c_after_first(item: FetchItem) -> None:
        raise KeyboardInterrupt

    with pytest.raises(FetchInterrupted) as info:
        hf(server, d[0], d[-1], tmp_path, on_item=ctrl_c_after_first)
    assert isinstance(info.value, KeyboardInterrupt)
    assert [i.key for i in info.value.summary.fetched] == [d[0]]
    assert [p.name for p in tmp_path.iterdir()] == [f"{d[0]}.json"]
    assert hf(server, d[0], d[-1], tmp_path).ok  # the re-run completes the set
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{x}.json" for x in d]


def test_interrupt_during_write_leaves_no_partial_file(server, tmp_path, monkeypatch):
    day = "2025-04-05"
    server.set(("hf", day), Reply(body=HF_DAY))

    def interrupted_fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(FetchInterrupted):
        hf(server, day, day, tmp_path)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert hf(server, day, day, tmp_path).ok and (tmp_path / f"{day}.json").read_bytes() == HF_DAY


def test_stale_temp_files_of_a_killed_run_are_removed(server, tmp_path):
    stale = [tmp_path / ".2025-04-06.json.k3j2l1.part", tmp_path / "..2025-04-05.empty.x9q.part"]
    for path in stale:
        path.write_bytes(HF_DAY[:100])
        _age(path, "2025-04-06")
    fresh = tmp_path / ".2025-04-07.json.a1b2c3.part"  # another run writing right now: kept
    fresh.write_bytes(b"[")
    (tmp_path / "notes.txt").write_text("mine")  # not ours: kept
    server.set(("hf", "2025-04-06"), Reply(body=HF_DAY))
    assert hf(server, "2025-04-06", "2025-04-06", tmp_path).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "2025-04-06.json", "notes.txt"]


_CLI = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from paperkit.fetch import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.mark.slow  # a subprocess: starts Python and imports paperkit
def test_cli_sigint_mid_download_leaves_no_partial_file(server, tmp_path):
    d = days("2025-04-07", 3)
    server.set(("hf", d[0]), Reply(body=HF_DAY))
    server.set(("hf", d[1]), Reply(body=HF_DAY, cut=5000, stall=NEVER), Reply(body=HF_DAY))  # hangs mid-body
    server.set(("hf", d[2]), Reply(body=HF_DAY))
    args = ["hf-daily", "--since", d[0], "--until", d[2], "--into", str(tmp_path), "--base-url", server.url,
            "--delay", "0", "--timeout", "300", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _CLI, *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The subprocess imports paperkit (polars, altair) first: seconds on a quiet machine, a minute
        # on a busy one. The server holds the body until teardown, so waiting longer costs nothing.
        assert server.stalled.wait(180), "the CLI never reached the stalled day"
        time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err and "1 fetched" in out
    assert [p.name for p in tmp_path.iterdir()] == [f"{d[0]}.json"]
    assert_complete_or_absent(tmp_path)
    rerun = subprocess.run([sys.executable, "-c", _CLI, *args], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith("hf-daily: 2 fetched, 0 empty, 1 skipped, 0 failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{x}.json" for x in d]


# --- arXiv -------------------------------------------------------------------------------------
P1 = (DATA / "arxiv-cs.CL-2025-03-18-p1.xml").read_bytes()
P2 = (DATA / "arxiv-cs.CL-2025-03-18-p2.xml").read_bytes()
EMPTY_FEED = (DATA / "arxiv-empty.xml").read_bytes()
ERROR_FEED = (DATA / "arxiv-error.xml").read_bytes()


def ax(server, since, until, into, *, category="cs.CL", **opts) -> FetchSummary:
    return fetch_arxiv(category=category, since=since, until=until, into=into, base_url=server.url,
                       page_size=2, options=dataclasses.replace(FAST, **opts))


def test_arxiv_pages_through_a_day_and_writes_listing_jsonl(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(body=P2))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert summary.ok and summary.items[0].n_papers == 3 and summary.items[0].attempts == 2
    rows = [json.loads(line) for line in (tmp_path / "cs.CL" / "2025-03-18.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["2503.13730", "2503.14075", "2503.14189"]
    assert list(rows[1]) == ["id", "pdf", "abs", "authors", "title", "categories", "comment", "summary", "published"]
    assert rows[1]["comment"] == "17 pages, 8 figures" and rows[0]["comment"] is None
    assert rows[2]["categories"] == ["cs.CL", "cs.CV"] and rows[0]["categories"] == ["cs.CV", "cs.CL"]
    assert rows[2]["pdf"] == "https://arxiv.org/pdf/2503.14189" and rows[2]["published"] == "2025-03-18T12:00:07Z"
    assert rows[0]["summary"].startswith("Generating images") and "(VAE)" in rows[0]["summary"]
    assert_complete_or_absent(tmp_path)


def test_arxiv_query_is_the_documented_one(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-16", 0, 2), Reply(body=EMPTY_FEED))
    ax(server, "2025-03-16", "2025-03-16", tmp_path)
    (key, _, _), = server.log
    assert key == ("arxiv", "cs.CL", "2025-03-16", 0, 2)
    url = _arxiv_url("http://h", "cs.CL", dt.date(2025, 3, 16), 0, 2)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["search_query"] == ["cat:cs.CL AND submittedDate:[202503160000 TO 202503162359]"]
    assert query["sortBy"] == ["submittedDate"] and query["sortOrder"] == ["ascending"]


def test_arxiv_empty_day_is_a_hidden_marker_and_skipped_next_time(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-16", 0, 2), Reply(body=EMPTY_FEED))
    summary = ax(server, "2025-03-16", "2025-03-16", tmp_path)
    assert summary.ok and summary.items[0].status == "empty"
    assert [p.name for p in (tmp_path / "cs.CL").iterdir()] == [".2025-03-16.empty"]
    assert_complete_or_absent(tmp_path)
    assert ax(server, "2025-03-16", "2025-03-16", tmp_path).items[0].status == "skipped"
    assert len(server.log) == 1


def test_arxiv_provisional_empty_day_is_refetched_and_the_marker_replaced(server, tmp_path):
    (tmp_path / "cs.CL").mkdir()
    marker = tmp_path / "cs.CL" / ".2025-03-18.empty"
    marker.write_bytes(b"")
    _age(marker, "2025-03-20")  # two days after: arXiv had not announced everything yet
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(body=P2))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert summary.items[0].status == "fetched" and summary.items[0].n_papers == 3
    assert [p.name for p in (tmp_path / "cs.CL").iterdir()] == ["2025-03-18.jsonl"]
    _age(tmp_path / "cs.CL" / "2025-03-18.jsonl", "2025-03-23")
    assert ax(server, "2025-03-18", "2025-03-18", tmp_path).items[0].status == "skipped"


def test_arxiv_error_feed_fails_without_retry(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=ERROR_FEED))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert "max_results must be non-negative" in summary.failed[0].reason and len(server.log) == 1
    assert_complete_or_absent(tmp_path)


@pytest.mark.parametrize("fault", [
    Reply(503, b"Service Unavailable", headers={"Retry-After": "0"}),
    Reply(body=P2, cut=700, length=False),  # truncated XML
    Reply(body=EMPTY_FEED.replace(b">0</opensearch:totalResults", b">3</opensearch:totalResults")),  # empty page
], ids=["503", "truncated-xml", "empty-page-glitch"])
def test_arxiv_second_page_fault_then_success(server, tmp_path, fault):
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), fault, Reply(body=P2))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert summary.ok and summary.items[0].n_papers == 3 and summary.items[0].attempts == 3
    assert_complete_or_absent(tmp_path)


def test_arxiv_failed_page_writes_nothing_and_rerun_completes(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(500, b"oops"))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path, retries=1)
    assert not summary.ok and summary.failed[0].reason.startswith("page start=2: HTTP 500")
    assert list((tmp_path / "cs.CL").iterdir()) == []
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(body=P2))
    assert ax(server, "2025-03-18", "2025-03-18", tmp_path).ok
    assert_complete_or_absent(tmp_path)


def test_arxiv_overlapping_pages_fail_instead_of_losing_a_paper(server, tmp_path):
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    shifted = P1.replace(b">0</opensearch:startIndex>", b">2</opensearch:startIndex>")  # page 1 again
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(body=shifted))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert summary.failed[0].reason == "incomplete: 2 distinct papers of totalResults=3"
    assert list((tmp_path / "cs.CL").iterdir()) == [] and len(server.log) == 2


def test_arxiv_several_categories_get_their_own_folders(server, tmp_path):
    for cat in ("cs.CL", "cs.LG"):
        server.set(("arxiv", cat, "2025-03-16", 0, 2), Reply(body=EMPTY_FEED))
    summary = ax(server, "2025-03-16", "2025-03-16", tmp_path, category=["cs.CL", "cs.LG"])
    assert [i.key for i in summary.items] == ["cs.CL/2025-03-16", "cs.LG/2025-03-16"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cs.CL", "cs.LG"]


def test_arxiv_default_delay_is_three_seconds():
    assert F.DEFAULT_DELAY["arxiv"] == 3.0
    http_ = Http(FetchOptions(), base_url=F.ARXIV_BASE_URL, default_delay=F.DEFAULT_DELAY["arxiv"])
    assert http_.delay == 3.0 and http_.user_agent.startswith("paperkit/")


# --- units and bad input -----------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("2", 2.0), ("0", 0.0), (" 120 ", 120.0), ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
    ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0), ("soon", None), (None, None),
])
def test_retry_after(value, expected):
    now = dt.datetime(2015, 10, 21, 7, 28, 0, tzinfo=dt.timezone.utc).timestamp()
    assert _retry_after(value, now=now) == expected


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "2025/01/01"}, "since must be a date or a 'YYYY-MM-DD' string, got '2025/01/01'"),
    ({"since": "2025-01-05", "until": "2025-01-01"}, "until (2025-01-01) is before since (2025-01-05)"),
    ({"since": "2025-01-01", "until": "2025-01-01", "base_url": "huggingface.co"}, "base_url must be an http"),
])
def test_hf_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        fetch_hf_daily(into=tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("category", ["cs CL", "../etc", "", "CS.CL", ["cs.CL", "cs/LG"]])
def test_arxiv_bad_category(tmp_path, category):
    with pytest.raises(ValueError, match="category"):
        fetch_arxiv(category=category, since="2025-01-01", until="2025-01-01", into=tmp_path)


@pytest.mark.parametrize("kwargs", [{"retries": -1}, {"timeout": 0}, {"delay": -1.0}, {"max_failures": 0}])
def test_options_are_validated(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        FetchOptions(**kwargs)


def test_summary_frame_and_repr():
    summary = FetchSummary("hf-daily", [FetchItem("2025-01-02", "fetched", "a.json", 6, 1),
                                        FetchItem("2025-01-03", "failed", None, None, 3, "HTTP 500")])
    frame = summary.to_frame()
    assert frame.columns == ["source", "key", "status", "n_papers", "attempts", "path", "reason"]
    assert frame["status"].to_list() == ["fetched", "failed"]
    assert repr(summary) == "FetchSummary(source='hf-daily', fetched=1, empty=0, skipped=0, failed=1)"


# --- the CLI -----------------------------------------------------------------------------------
def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="paperkit")
    F.register_cli(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_exit_codes(server, tmp_path, capsys):
    server.set(("hf", "2025-05-01"), Reply(body=HF_DAY))
    server.set(("hf", "2025-05-02"), Reply(404, b'{"error":"Not Found"}'))
    common = ["--into", str(tmp_path), "--base-url", server.url, "--delay", "0", "--retries", "0", "--quiet"]
    ok = _cli(["fetch", "hf-daily", "--since", "2025-05-01", "--until", "2025-05-01", *common])
    assert ok.func(ok) == 0
    bad = _cli(["fetch", "hf-daily", "--since", "2025-05-01", "--until", "2025-05-02", *common])
    assert bad.func(bad) == 1
    out = capsys.readouterr().out
    assert "failed 2025-05-02: HTTP 404" in out
    wrong = _cli(["fetch", "hf-daily", "--since", "May 1", *common])
    assert wrong.func(wrong) == 2
    err = capsys.readouterr().err
    assert err.strip() == "paperkit fetch: error: since must be a date or a 'YYYY-MM-DD' string, got 'May 1'"


def test_cli_arxiv_categories_comma_or_repeated():
    args = _cli(["fetch", "arxiv", "--category", "cs.CL,cs.LG", "--category", "cs.AI", "--since", "2025-01-01",
                 "--into", "x", "--delay", "3"])
    assert args.category == ["cs.CL,cs.LG", "cs.AI"] and args.delay == 3.0 and args.page_size == 500


# --- the written files load with the project's loader ----------------------------------------------
def _read_papers():
    io = pytest.importorskip("paperkit.io", reason="paperkit.io (the loaders) is not in this checkout yet")
    if not hasattr(io, "read_papers"):
        pytest.skip("paperkit.io has no read_papers yet")
    return io.read_papers


def test_written_files_load_with_read_papers(server, tmp_path):
    read_papers = _read_papers()
    server.set(("hf", "2024-06-03"), Reply(body=HF_DAY))
    server.set(("hf", "2024-06-04"), Reply(body=HF_EMPTY))
    assert hf(server, "2024-06-03", "2024-06-04", tmp_path / "hf").ok
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        papers = read_papers(tmp_path / "hf")
    assert papers.height == 6 and "2405.21060" in papers["arxiv_id"].to_list()
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=P1))
    server.set(("arxiv", "cs.CL", "2025-03-18", 2, 2), Reply(body=P2))
    server.set(("arxiv", "cs.CL", "2025-03-19", 0, 2), Reply(body=EMPTY_FEED))
    assert ax(server, "2025-03-18", "2025-03-19", tmp_path / "arxiv").ok
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the empty-day marker is not a problem for the loader
        papers = read_papers(tmp_path / "arxiv" / "cs.CL")
    assert sorted(papers["arxiv_id"].to_list()) == ["2503.13730", "2503.14075", "2503.14189"]
    assert papers["digest_date"].cast(str).unique().to_list() == ["2025-03-18"]
    assert papers["published"].null_count() == 0


@pytest.mark.shared
def test_replays_every_real_raw_variant(server, tmp_path):
    raw = SHARED / "data" / "hf-daily-papers" / "raw_samples"
    if not raw.is_dir():
        pytest.skip(f"shared data not found at {raw} (set PAPERKIT_SHARED or clone next to ../shared)")
    files = sorted(raw.glob("*.json"))  # the three on-disk variants of the API archive
    for path in files:
        server.set(("hf", path.stem), Reply(body=path.read_bytes()))
        summary = hf(server, path.stem, path.stem, tmp_path)
        assert summary.ok and summary.items[0].n_papers > 0, summary
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()
    try:
        read_papers = _read_papers()
    except pytest.skip.Exception:
        return
    papers = read_papers(tmp_path)
    assert papers.height > 0 and set(papers["digest_date"].cast(str).to_list()) <= {p.stem for p in files}


# --- hostile servers: redirects, huge bodies, implausible days, odd categories -------------------
def test_redirect_to_ftp_is_refused_not_followed(server, tmp_path):
    day = "2025-06-02"
    server.set(("hf", day), Reply(302, b"", headers={"Location": "ftp://127.0.0.1/daily_papers.json"}))
    summary = hf(server, day, day, tmp_path)
    assert not summary.ok and summary.failed[0].attempts == 1  # permanent: not retried, no ftp connection
    assert "redirect to 'ftp://127.0.0.1/daily_papers.json' refused: only http and https" in summary.failed[0].reason
    assert list(tmp_path.iterdir()) == []


def test_redirect_to_http_is_still_followed(server, tmp_path):
    day = "2025-06-03"
    server.set(("hf", day), Reply(301, b"", headers={"Location": f"/api/daily_papers?date={day}&v=2"}), Reply(body=HF_DAY))
    assert hf(server, day, day, tmp_path).ok and (tmp_path / f"{day}.json").read_bytes() == HF_DAY


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "no-length"])
def test_body_larger_than_max_bytes_fails_once_without_retries(server, tmp_path, length):
    day = "2025-06-04"
    server.set(("hf", day), Reply(body=HF_DAY, length=length))  # 30,323 bytes against a 20,000-byte bound
    summary = hf(server, day, day, tmp_path, max_bytes=20_000, retries=4)
    assert not summary.ok and summary.failed[0].attempts == 1 and server.hits(("hf", day)) == 1
    assert "max_bytes=20,000" in summary.failed[0].reason and list(tmp_path.iterdir()) == []
    assert F.MAX_BYTES == FetchOptions().max_bytes == 64 * 1024**2


def test_day_with_implausibly_many_papers_is_not_saved(server, tmp_path):
    day = "2025-06-05"
    papers = json.loads(HF_DAY)
    server.set(("hf", day), Reply(body=json.dumps(papers * 3).encode()))  # 18 papers, bound 10
    summary = hf(server, day, day, tmp_path, max_papers=10)
    assert not summary.ok and summary.failed[0].attempts == 1
    assert "18 papers for one day, more than max_papers=10" in summary.failed[0].reason
    assert list(tmp_path.iterdir()) == [] and F.MAX_PAPERS < 278_800


def test_command_line_sets_the_size_limits(server, tmp_path, capsys):
    """--max-papers and --max-bytes reach FetchOptions: the same day fails from the command line."""
    day = "2025-06-05"
    server.set(("hf", day), Reply(body=json.dumps(json.loads(HF_DAY) * 3).encode()))  # 18 papers
    code = F.main(["hf-daily", "--since", day, "--until", day, "--into", str(tmp_path), "--base-url", server.url,
                   "--delay", "0", "--retries", "0", "--quiet", "--max-papers", "10"])
    assert code == 1 and "more than max_papers=10" in capsys.readouterr().out
    code = F.main(["hf-daily", "--since", day, "--until", day, "--into", str(tmp_path), "--base-url", server.url,
                   "--delay", "0", "--retries", "0", "--quiet", "--max-bytes", "1000"])
    assert code == 1 and "max_bytes=1,000" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_arxiv_total_results_beyond_max_papers_fails_before_paging(server, tmp_path):
    huge = P1.replace(b">3</opensearch:totalResults", b">278800</opensearch:totalResults")
    assert huge != P1
    server.set(("arxiv", "cs.CL", "2025-03-18", 0, 2), Reply(body=huge))
    summary = ax(server, "2025-03-18", "2025-03-18", tmp_path)
    assert "totalResults=278,800 papers for one day, more than max_papers=10,000" in summary.failed[0].reason
    assert len(server.log) == 1 and list((tmp_path / "cs.CL").iterdir()) == []


@pytest.mark.parametrize("category", ["cs.CL\n", "cs.CL\r", "\ncs.CL", "cs.CL\x00"])
def test_category_with_a_final_newline_is_refused(tmp_path, category):
    with pytest.raises(ValueError, match="category must look like"):
        fetch_arxiv(category=category, since="2025-01-01", until="2025-01-01", into=tmp_path)
    assert list(tmp_path.iterdir()) == []  # no folder named "cs.CL\n"


@pytest.mark.parametrize("kwargs", [{"max_bytes": 0}, {"max_papers": 0}])
def test_new_bounds_are_validated(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        FetchOptions(**kwargs)
