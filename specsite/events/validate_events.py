"""``specsite validate EVENTS_FILE``, and the build-time check of event examples in pages.

Both run the same checker (``eventcheck``) against the project's event spec:

    events.jsonl:12: event #12 (type 'checkout'): 'quantities' must be an array of positive integers; ...
    site_src/guide.md:40: error: event example: event #1 (type 'checkout'): 'revenue' is required
"""

from __future__ import annotations

import io
from typing import Any

from ..engine import builder
from ..engine.builder import Finished
from ..engine.errors import Diagnostic, did_you_mean
from ..model.events import KIND
from .event_examples import ExampleBlock, find_examples

# --- event examples in pages, at build time -----------------------------------


def check_page_examples(finished: Finished) -> list[Diagnostic]:
    """Check every ```` ```json event ```` block of every Markdown page against its catalog."""
    found: list[Diagnostic] = []
    for page in finished.inputs.pages:
        if page.kind == "md":
            for block in find_examples(page.body, page.body_line):
                found.extend(_check_block(page.source, block, finished.inputs.specs))
    return found


def _check_block(source: str, block: ExampleBlock, specs: Any) -> list[Diagnostic]:
    def at(line: int, message: str, severity: str = "error", col: int = 0) -> Diagnostic:
        return Diagnostic(source, line, col, f"event example: {message}", severity)

    if "{{" in block.text or "{%" in block.text:
        return [at(block.line, "contains template code, so it is not checked", "warning")]
    catalog = specs.get(block.namespace)
    if getattr(catalog, "kind", None) != KIND:
        hint = did_you_mean(block.namespace, [c.namespace for c in specs.of_kind(KIND)])
        return [at(block.line, f"no event catalog '{block.namespace}'{hint}")]
    # The checker is loaded for a site whose pages have event examples, not for every build.
    from .compiledcheck import CompiledChecker
    from .eventcheck import check_stream

    offset = block.first_line - 1
    problems = [item for item in check_stream(io.StringIO(block.text), CompiledChecker(catalog))]
    summary = problems.pop()
    if not summary.events and not problems:
        return [at(block.line, "the block is empty; write one event or an array of events")]
    return [at(offset + p.line, p.message, col=p.col) for p in problems]


builder.FINISHERS.append(check_page_examples)
