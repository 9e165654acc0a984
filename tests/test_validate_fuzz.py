"""``specsite validate`` on arbitrary input: never a crash, never a traceback, memory that stays flat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import REPO, run_cli, write_files
from .test_validate_events import GROUPS, PROPS

# Pieces of JSON and of the things near it that decoders get wrong.
PIECES = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\r\n",
    '"',
    "\\",
    '"type"',
    '"page_view"',
    '"url"',
    '"/"',
    '"revenue"',
    "0",
    "-1",
    "1.5e3",
    "1e999",
    "9" * 4400,
    "NaN",
    "-Infinity",
    "true",
    "null",
    '"\\ud800"',
    '"\\udc00"',
    '"\\ud83d\\ude00"',
    '"\\u00e9"',
    '"\\\\"',
    "\ufeff",
    "\x00",
    "é",
    '{"type": "page_view", "url": "/"}',
    '{"type": "page_view", "url": "/", "url": "/"}',
]
JSONISH = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
MUTATED = st.tuples(VALUES, st.integers(0, 200), st.sampled_from(PIECES)).map(
    lambda t: (lambda s: s[: t[1]] + t[2] + s[t[1] :])(json.dumps(t[0]))
)
BYTES = st.binary(max_size=400) | JSONISH.map(lambda s: s.encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(
        tmp_path_factory.mktemp("fuzz"), {"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS}
    )


def validate_bytes(project: Path, data: bytes) -> None:
    events = project / "events.jsonl"
    events.write_bytes(data)
    result = run_cli("validate", str(events), "--root", str(project), "-q")
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err
    for line in result.out.splitlines():  # every problem is located: path:line:col
        assert line.startswith(f"{events}:"), line
        where = line[len(str(events)) + 1 :].split(":", 2)
        assert where[0].isdigit() and where[1].isdigit(), line


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=BYTES)
def test_arbitrary_bytes(project: Path, data: bytes) -> None:
    validate_bytes(project, data)


@SETTINGS
@given(text=JSONISH | MUTATED)
def test_arbitrary_json_ish_text(project: Path, text: str) -> None:
    validate_bytes(project, text.encode("utf-8", "surrogatepass"))


# Checks a stream of ``count`` pairs of events (one valid, one wrong), each with a 2 kB URL,
# generated as it is read; prints the problems found and the process's peak memory in KiB.
STREAM_DRIVER = """
import io, resource, sys
from pathlib import Path
from specsite.events.eventcheck import EventChecker, check_stream
from specsite.events.jsonstream import Utf8Reader
from specsite.model import load_specs
root, count = Path(sys.argv[1]), int(sys.argv[2])
url = "/" + "a" * 2000
pair = ('{"type": "page_view", "url": "%s"}\\n{"type": "page_view", "url": 1, "at": "%s"}\\n' % (url, url)).encode()


class Repeating(io.RawIOBase):
    def __init__(self):
        self.left, self.pending = count, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while len(self.pending) < len(buffer) and self.left:
            self.pending += pair
            self.left -= 1
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


specs, _ = load_specs(root / "specs", root)
found = sum(1 for _ in check_stream(Utf8Reader(io.BufferedReader(Repeating())), EventChecker(specs.event)))
print(found - 1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib(project: Path, count: int) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", STREAM_DRIVER, str(project), str(count)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    problems, peak = map(int, done.stdout.split())
    return problems, peak


def test_memory_stays_flat_over_a_large_stream(project: Path) -> None:
    """40 MB of events are checked in about the memory that 400 kB take."""
    small_problems, small = peak_kib(project, 100)
    large_problems, large = peak_kib(project, 10_000)
    assert (small_problems, large_problems) == (200, 20_000)  # two problems per wrong event
    assert large - small < 16 * 1024, f"{small} KiB for 400 kB of events, {large} KiB for 40 MB"
