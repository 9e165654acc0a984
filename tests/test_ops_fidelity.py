"""The demo's personalize-events pages hold everything the command-line and Python seeds list.

The seeds (``../shared/seeds/003_*`` and ``004_*``) are read at test time and
never copied into the repository; the tests skip when they are absent.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import SEEDS

CLI_SEED = SEEDS / "003_896adb4a40ae9530.txt"
PYTHON_SEED = SEEDS / "004_ecf8bc80676749e1.txt"
REFERENCE = "reference/personalize-events"
REQUIRED = {"trackingId", "actionInteractions", "actionId", "sessionId", "timestamp", "eventType"}


# --- a small DOM, enough to find elements and read their text ----------------------------

VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        def matches(e: Element) -> bool:
            if tag and e.tag != tag:
                return False
            return all(
                value in e.attrs.get(key.rstrip("_"), "").split()
                if key == "class_"
                else e.attrs.get(key) == value
                for key, value in attrs.items()
            )

        return [e for e in self.elements() if matches(e)]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def kids(self, tag: str) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element) and c.tag == tag]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _Builder()
    builder.feed(text)
    return builder.root


def page(site: Path, path: str) -> Element:
    return parse_html((site / path / "index.html").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"seed not found at {path} (the shared/ folder is not beside the checkout)")
    return path.read_text(encoding="utf-8")


def code_after(text: str, label: str) -> str:
    """The fenced block that follows ``label`` in a Markdown seed."""
    start = text.index("```", text.index(label)) + 3
    start = text.index("\n", start) + 1
    return text[start : text.index("```", start)].rstrip("\n")


def section(doc: Element, section_id: str) -> Element:
    return doc.find("section", id=section_id)


def signatures(container: Element) -> list[str]:
    """The text of every entry signature (``name -> (type) [required]``) under ``container``."""
    found = [squash(p.text()) for p in container.find_all("p", class_="ref-sig")]
    for entry_list in container.find_all("ul", class_="ref-entries"):
        for item in entry_list.kids("li"):
            found.append(squash(item.kids("p")[0].text()))
    return found


# --- command line (seed 003) -------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_seed() -> str:
    return seed(CLI_SEED)


@pytest.fixture(scope="module")
def cli_page(built_demo: Path) -> Element:
    return page(built_demo, f"{REFERENCE}/cli/put-action-interactions")


def test_cli_options_and_nested_members(cli_seed: str, cli_page: Element) -> None:
    options_text = cli_seed[cli_seed.index("## Options") : cli_seed.index("`--cli-input-json`")]
    seed_options = re.findall(r"^`(--[a-z-]+)` \((\w+)\)$", options_text, re.MULTILINE)
    seed_members = re.findall(r"^(\w+) -> \((\w+)\)$", options_text, re.MULTILINE)
    assert len(seed_options) == 2 and len(seed_members) == 9
    found = signatures(section(cli_page, "options"))
    for flag, type_ in seed_options:
        assert any(sig.startswith(f"{flag} ({type_})") for sig in found), flag
    for name, type_ in seed_members:
        assert any(sig.startswith(f"{name} -> ({type_})") for sig in found), name
    # The list item and the impression's items are typed entries too, as in the seed.
    assert "(structure)" in found and any(sig.startswith("(string)") for sig in found)


def test_cli_shorthand_and_json_syntax(cli_seed: str, cli_page: Element) -> None:
    blocks = [squash(pre.text()) for pre in section(cli_page, "options").find_all("pre")]
    assert squash(code_after(cli_seed, "Shorthand Syntax:")) in blocks
    json_block = code_after(cli_seed, "JSON Syntax:")
    assert squash(json_block) in blocks
    ours = next(b for b in blocks if b.startswith("[ {"))
    for name in re.findall(r'"(\w+)":', json_block):
        assert f'"{name}":' in ours


# The seed is a page of version 2 of the AWS CLI; the pages document version 1, the one on PyPI
# that tests/test_ops_awscli.py checks them against. These are the options only one version has.
V2_ONLY = {
    "[--cli-input-json | --cli-input-yaml]",
    "[--cli-binary-format <value>]",
    "[--no-cli-pager]",
    "[--cli-auto-prompt]",
    "[--no-cli-auto-prompt]",
    "--cli-binary-format",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
}
V1_ONLY = {"[--cli-input-json <value>]", "[--v2-debug]", "--v2-debug"}


def test_cli_synopsis_global_options_and_output(cli_seed: str, cli_page: Element) -> None:
    synopsis = code_after(cli_seed, "## Synopsis").splitlines()
    ours = section(cli_page, "synopsis").find("pre").text().splitlines()
    assert ours[0] == f"aws personalize-events {synopsis[0]}"
    assert [line for line in ours[1:] if line not in V1_ONLY] == [
        line for line in synopsis[1:] if line not in V2_ONLY
    ]
    seed_globals = re.findall(
        r"^`(--[a-z-]+)` \((\w+)\)$", cli_seed[cli_seed.index("## Global Options") :], re.M
    )
    ours_globals = [
        sig for sig in signatures(section(cli_page, "global-options")) if sig.split()[0] not in V1_ONLY
    ]
    assert [f"{flag} ({type_})" for flag, type_ in seed_globals if flag not in V2_ONLY] == ours_globals
    assert cli_seed.rstrip().endswith("## Output\n\nNone")
    assert squash(section(cli_page, "output").text()) == "Output None"


# --- Python (seed 004) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def python_seed() -> str:
    return seed(PYTHON_SEED)


@pytest.fixture(scope="module")
def python_page(built_demo: Path) -> Element:
    return page(built_demo, f"{REFERENCE}/python/put_action_interactions")


def seed_request_syntax(text: str) -> str:
    block = text[text.index("**Request Syntax**") : text.index(":type trackingId:")]
    lines = [line[4:] for line in block.splitlines()[2:] if line.strip()]
    return "\n".join(lines).rstrip()


def test_python_request_syntax_is_the_seeds_and_valid_python(python_seed: str, python_page: Element) -> None:
    ours = section(python_page, "request-syntax").find("pre").text()
    ast.parse(ours)
    assert ours == seed_request_syntax(python_seed)


def test_python_required_marks_exactly_where_the_model_says(python_seed: str, python_page: Element) -> None:
    seed_required = set(re.findall(r"- \*\*(\w+)\*\* \*\([^)]*\) --\* \*\*\[REQUIRED\]\*\*", python_seed))
    seed_required |= set(re.findall(r":param (\w+): \*\*\[REQUIRED\]\*\*", python_seed))
    assert seed_required == REQUIRED
    marked = set()
    for sig in signatures(section(python_page, "parameters")):
        name = sig.split(" ", 1)[0]
        if "[REQUIRED]" in sig:
            marked.add(name)
    assert marked == REQUIRED


def test_python_types_return_value_and_exceptions(python_seed: str, python_page: Element) -> None:
    found = signatures(section(python_page, "parameters"))
    for name, type_ in re.findall(r"- \*\*(\w+)\*\* \*\((\w+)\) --\*", python_seed):
        assert any(sig.startswith(f"{name} ({type_}) --") for sig in found), name
    for name, type_ in re.findall(r":type (\w+): (\w+)", python_seed):
        assert any(sig.startswith(f"{name} ({type_}) --") for sig in found), name
    assert ":returns: None" in python_seed
    assert squash(section(python_page, "return-value").text()) == "Return value Returns: None"
    seed_errors = re.findall(r":py:class:`(PersonalizeEvents\.Client\.exceptions\.\w+)`", python_seed)
    ours = [code.text() for code in section(python_page, "exceptions").find_all("code")]
    assert ours == seed_errors and len(ours) == 3
    assert "PersonalizeEvents.Client.put_action_interactions(**kwargs)" in python_page.find("h1").text()


# --- beyond the seeds --------------------------------------------------------------------


def test_constraints_and_sensitive_members_are_shown(cli_page: Element, python_page: Element) -> None:
    for doc in (cli_page, python_page):
        options = section(doc, "options" if doc is cli_page else "parameters")
        text = squash(options.text())
        assert "1 to 10 items" in text  # actionInteractions
        assert "length 1 to 1024" in text  # properties
        assert "1 to 25 items" in text  # impression
        sensitive = [sig for sig in signatures(options) if "sensitive" in sig]
        names = {sig.split(" ", 1)[0] for sig in sensitive}
        assert {"actionId", "userId", "properties"} <= names
        assert not any(sig.startswith(("sessionId", "eventType")) for sig in sensitive)
