"""Every operation of twelve botocore services, checked against botocore's own data.

The expectations come from botocore's JSON as botocore loads it, not from
specsite's model: every member of every structure an input reaches must be
an entry of both the command-line and the Python page, marked required
exactly when the structure lists it as required.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from specsite.ops.naming import kebab, xform

from .conftest import run_cli, write_files
from .test_ops_fidelity import Element, page, squash

botocore_loaders = pytest.importorskip("botocore.loaders", reason="botocore is not installed")

SERVICES = (
    "personalize-events",
    "sqs",
    "sns",
    "dynamodb",
    "lambda",
    "kms",
    "sts",
    "ecr",
    "stepfunctions",
    "events",
    "secretsmanager",
    "lexv2-runtime",
)


# Calls the AWS CLI or boto3 do not have (tests/test_ops_awscli.py checks such lists against the tools).
REMOVED = {
    ("lambda", "cli", "invoke-with-response-stream"),
    ("lexv2-runtime", "cli", "start-conversation"),
    ("lexv2-runtime", "python", "start_conversation"),
}


@pytest.fixture(scope="module")
def models() -> dict[str, dict]:
    loader = botocore_loaders.create_loader()
    return {name: loader.load_service_model(name, "service-2") for name in SERVICES}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(
        tmp_path_factory.mktemp("botocore"),
        {
            "site.yml": f"title: AWS\nsearch: false\naws_services: [{', '.join(SERVICES)}]\n",
            "site_src/index.md": "# AWS\n",
        },
    )
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


def expected_members(shapes: dict, root: str) -> Iterator[tuple[str, str, bool]]:
    """``(structure, member, required)`` for every structure reachable from ``root``."""
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = [shape[role]["shape"] for role in ("member", "key", "value") if role in shape]
        if shape["type"] == "structure" and not shape.get("document"):
            required = set(shape.get("required", ()))
            for member, ref in shape.get("members", {}).items():
                yield name, member, member in required
                refs.append(ref["shape"])
        todo.extend(refs)


def found_members(doc: Element) -> dict[tuple[str, str], set[bool]]:
    """``(structure, member) -> {required marks seen}`` for every entry of a reference page."""
    found: dict[tuple[str, str], set[bool]] = {}
    for params in doc.find_all("div", class_="ref-params"):
        for param in params.find_all("div", class_="ref-param"):
            if "data-member" not in param.attrs:
                continue  # one of the CLI's own options (paging, outfile), not a member
            sig = squash(param.find("p", class_="ref-sig").text())
            key = (params.attrs["data-shape"], param.attrs["data-member"])
            found.setdefault(key, set()).add("[REQUIRED]" in sig.upper())
    for entries in doc.find_all("ul", class_="ref-entries"):
        if "data-shape" not in entries.attrs:
            continue
        for item in entries.kids("li"):
            sig = squash(item.kids("p")[0].text())
            found.setdefault((entries.attrs["data-shape"], sig.split(" ", 1)[0]), set()).add(
                "[REQUIRED]" in sig.upper()
            )
    return found


def operations(models: dict[str, dict]) -> Iterator[tuple[str, str, dict, dict]]:
    for service, model in models.items():
        for name, operation in model["operations"].items():
            yield service, name, operation, model["shapes"]


def test_every_input_member_at_every_depth_in_both_views(site: Path, models: dict[str, dict]) -> None:
    checked = 0
    for service, name, operation, shapes in operations(models):
        expected = list(expected_members(shapes, operation["input"]["shape"])) if "input" in operation else []
        for view, slug in (("cli", xform(name, "-")), ("python", xform(name, "_"))):
            if (service, view, slug) in REMOVED:
                assert not (site / f"reference/{service}/{view}/{slug}").exists()
                continue
            doc = page(site, f"reference/{service}/{view}/{slug}")
            # Only the request: nothing in a response is marked required.
            found = found_members(doc.find("section", id="options" if view == "cli" else "parameters"))
            for structure, member, required in expected:
                if view == "cli" and structure == operation["input"]["shape"]:
                    # The CLI's own argument table decides the top level (paging tokens hidden,
                    # idempotency tokens optional): tests/test_ops_awscli.py checks it against awscli.
                    continue
                where = f"{service} {name} ({view}): {structure}.{member}"
                assert (structure, member) in found, f"missing {where}"
                assert found[(structure, member)] == {required}, f"required mark wrong for {where}"
                checked += 1
    assert checked > 3_500


def test_command_line_options_are_kebab_case_members(site: Path, models: dict[str, dict]) -> None:
    model = models["sqs"]
    request = model["shapes"][model["operations"]["SendMessage"]["input"]["shape"]]
    doc = page(site, "reference/sqs/cli/send-message")
    flags = [code.text() for code in doc.find("section", id="options").find_all("code", class_="ref-flag")]
    assert flags[: len(request["members"])] == [f"--{kebab(member)}" for member in request["members"]]
    synopsis = doc.find("section", id="synopsis").find("pre").text().splitlines()
    for member in request["members"]:
        flag = f"--{kebab(member)} <value>"
        assert (flag if member in request["required"] else f"[{flag}]") in synopsis


def test_python_syntax_blocks_are_valid_python_everywhere(site: Path, models: dict[str, dict]) -> None:
    for service, name, _, _ in operations(models):
        if (service, "python", xform(name, "_")) in REMOVED:
            continue
        doc = page(site, f"reference/{service}/python/{xform(name, '_')}")
        blocks = [
            pre.text() for pre in doc.find_all("pre") if "language-python" in str(pre.children[0].attrs)
        ]
        assert blocks, name
        for block in blocks:
            ast.parse(block)


def test_recursive_shapes_end_in_a_link_to_their_entry(site: Path) -> None:
    """DynamoDB's AttributeValue holds lists and maps of AttributeValue."""
    for path in ("reference/dynamodb/python/put_item", "reference/dynamodb/cli/put-item"):
        doc = page(site, path)
        ids = {e.attrs["id"] for e in doc.elements() if "id" in e.attrs}
        cuts = [p for p in doc.find_all("p", class_="ref-cut") if p.text().startswith("Recursive")]
        assert cuts, path
        for cut in cuts:
            target = cut.find("a").attrs["href"]
            assert target.startswith("#") and target[1:] in ids, (path, target)
            assert cut.find("a").text() == "AttributeValue"
    syntax = page(site, "reference/dynamodb/python/put_item").find("section", id="request-syntax").find("pre")
    assert "'... recursive ...'" in syntax.text()
    links = syntax.find_all("a")
    assert links and all(a.attrs["href"] == "#shape-AttributeValue" for a in links)
