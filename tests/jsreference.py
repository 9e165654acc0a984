"""Running the real JavaScript tools (Nunjucks, luxon, the slug packages) that define the right answers.

``.ci/test`` installs them into ``.ci/node_modules``. Without them a test
skips, except in CI (``SPECSITE_REQUIRE_BROWSER=1``), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_MODULES = Path(
    os.environ.get("SPECSITE_NODE_MODULES", Path(__file__).parent.parent / ".ci/node_modules")
)


def require(*packages: str) -> Path:
    """The node_modules folder holding ``packages``; skips (or fails in CI) when one is missing."""
    missing = [p for p in packages if not (NODE_MODULES / p / "package.json").is_file()]
    reason = None
    if shutil.which("node") is None:
        reason = "node is not installed"
    elif missing:
        reason = f"{', '.join(missing)} not in {NODE_MODULES} (bash .ci/test installs them)"
    if reason and os.environ.get("SPECSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)
    return NODE_MODULES


def run_module(script: str, data: Any) -> Any:
    """Run an ES module ``script`` that reads JSON ``data`` on stdin and prints JSON; its result."""
    module = NODE_MODULES.parent / f".specsite-test-{os.getpid()}.mjs"
    module.write_text(script, encoding="utf-8")
    try:
        done = subprocess.run(
            ["node", str(module)], input=json.dumps(data), capture_output=True, text=True, timeout=120
        )
    finally:
        module.unlink()
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
