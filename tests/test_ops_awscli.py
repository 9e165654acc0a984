"""Thirteen services' reference pages against the real AWS CLI (v1) and boto3.

The expectations come from the tools themselves, never from specsite: the
CLI's argument table (awscli's ``clidriver`` builds it the way ``aws
<service> <command>`` does), boto3's own reference (its documenter writes one
reStructuredText file per client method), and awscli's shorthand parser.
The services cover streaming bodies (s3, lambda, polly), event streams
(s3 select, kinesis subscribe-to-shard, bedrock-runtime, lambda
invoke-with-response-stream, lexv2-runtime), paging and waiters (s3,
dynamodb, kinesis, ecr, lambda, sqs), renamed services (s3api,
configservice) and renamed arguments (stepfunctions, sns).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from specsite.ops.naming import xform

from .conftest import run_cli, write_files
from .test_ops_fidelity import Element, parse_html, squash
from .test_ops_fidelity import page as parse_page

clidriver = pytest.importorskip(
    "awscli.clidriver", reason="awscli is not installed (pip install -e '.[test]')"
)
boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e '.[test]')")

SERVICES = (
    "s3",
    "stepfunctions",
    "kinesis",
    "lambda",
    "bedrock-runtime",
    "dynamodb",
    "sns",
    "lexv2-runtime",
    "sagemaker-runtime",
    "config",
    "polly",
    "sqs",
    "ecr",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(
        tmp_path_factory.mktemp("awscli"),
        {
            "site.yml": f"title: AWS\nsearch: false\naws_services: [{', '.join(SERVICES)}]\n",
            "site_src/index.md": "# AWS\n",
        },
    )
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture(scope="module")
def cli_tables() -> dict[str, tuple[str, dict]]:
    """botocore service name → (the CLI's name for it, its commands that call an operation)."""
    driver = clidriver.create_clidriver()
    found = {}
    for name, command in driver._get_command_table().items():
        if getattr(command, "_UNDOCUMENTED", False):
            continue  # a hidden alias of another command (runtime.sagemaker for sagemaker-runtime)
        if isinstance(command, clidriver.ServiceCommand) and command.service_model.service_name in SERVICES:
            operations = {
                cmd: op
                for cmd, op in command._get_command_table().items()
                if isinstance(op, clidriver.ServiceOperation)
            }
            found[command.service_model.service_name] = (name, operations)
    assert set(found) == set(SERVICES)
    return found


@pytest.fixture(scope="module")
def boto3_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, dict[str, bool]]]]:
    """service → "client" / "paginator" / "waiter" → name → {parameter: required}, from boto3's own files."""
    from boto3.docs.service import ServiceDocumenter
    from botocore.docs.bcdoc.restdoc import DocumentStructure

    out = tmp_path_factory.mktemp("boto3-docs")
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    found: dict[str, dict[str, dict[str, dict[str, bool]]]] = {}
    for name in SERVICES:
        documenter = ServiceDocumenter(name, session, str(out))
        for part, write in (
            ("client", documenter.client_api),
            ("paginator", documenter.paginator_api),
            ("waiter", documenter.waiter_api),
        ):
            write(DocumentStructure(name, section_names=[part]).get_section(part))
        client = session.client(name)
        methods = {
            xform(op) for op in client.meta.service_model.operation_names if hasattr(client, xform(op))
        }
        found[name] = {
            "client": {method: _rst_params(out / name / "client" / f"{method}.rst", 2) for method in methods}
        }
        for part in ("paginator", "waiter"):
            folder = out / name / part
            files = sorted(folder.glob("*.rst")) if folder.is_dir() else []
            found[name][part] = {path.stem: _rst_params(path, 4) for path in files}
    return found


def _rst_params(path: Path, indent: int) -> dict[str, bool]:
    """The call's own parameters (at its indent) and whether boto3 marks them required."""
    pattern = rf"^{' ' * indent}:param (\w+):( \*\*\[REQUIRED\]\*\*)?"
    text = path.read_text(encoding="utf-8")
    return {match.group(1): bool(match.group(2)) for match in re.finditer(pattern, text, re.MULTILINE)}


# --- reading our pages -----------------------------------------------------------------------


@functools.cache
def page(site: Path, path: str) -> Element:
    """A built page, parsed once for all the tests of this module."""
    return parse_page(site, path)


@functools.cache
def section_of(site: Path, path: str, section_id: str) -> Element:
    """One ``<section>`` of a page (they do not nest), parsed alone: whole pages are slow to parse."""
    text = (site / path / "index.html").read_text(encoding="utf-8")
    start = text.index(f'<section class="ref-section" id="{section_id}"')
    return parse_html(text[start : text.index("</section>", start) + len("</section>")])


def page_options(options: Element) -> dict[str, bool]:
    """``{option name: required}`` as the command-line page lists them, both spellings of a flag pair."""
    found = {}
    for param in options.find_all("div", class_="ref-param"):
        sig = param.find("p", class_="ref-sig")
        required = "[required]" in sig.text()
        for flag in sig.find("code", class_="ref-flag").text().split(" | "):
            found[flag.removeprefix("--")] = required
    return found


def page_hidden(options: Element) -> set[str]:
    notes = options.find_all("p", class_="ref-hidden-params")
    return {code.text().removeprefix("--") for note in notes for code in note.find_all("code")}


def page_params(parameters: Element) -> dict[str, bool]:
    found = {}
    for param in parameters.find_all("div", class_="ref-param"):
        sig = squash(param.find("p", class_="ref-sig").text())
        found[param.find("strong", class_="ref-name").text()] = "[REQUIRED]" in sig
    return found


def built(site: Path, service: str, view: str) -> set[str]:
    return {path.name for path in (site / "reference" / service / view).iterdir() if path.is_dir()}


# --- the command line ------------------------------------------------------------------------


def cli_truth(operation: object) -> tuple[dict[str, bool], set[str]]:
    """(documented options and their required marks, undocumented ones) from the CLI's argument table."""
    shown, hidden = {}, set()
    for name, arg in operation.arg_table.items():
        if getattr(arg, "_UNDOCUMENTED", False):
            hidden.add(name)
        else:
            # The help marks a few optional arguments as required (_DOCUMENT_AS_REQUIRED: s3 select's outfile).
            shown[name] = bool(arg.required or getattr(arg, "_DOCUMENT_AS_REQUIRED", False))
    return shown, hidden


def test_every_command_page_lists_exactly_the_cli_options(site: Path, cli_tables: dict) -> None:
    counts = {}
    for service, (cli_name, operations) in cli_tables.items():
        assert built(site, service, "cli") == set(operations), service
        for command, operation in operations.items():
            path = f"reference/{service}/cli/{command}"
            synopsis = section_of(site, path, "synopsis").find("pre").text()
            assert synopsis.startswith(f"aws {cli_name} {command}\n"), (service, command)
            shown, hidden = cli_truth(operation)
            where = f"aws {cli_name} {command}"
            assert page_options(section_of(site, path, "options")) == shown, where
            assert page_hidden(section_of(site, path, "options")) == hidden, where
        counts[cli_name] = len(operations)
    assert sum(counts.values()) > 400, counts


def test_renamed_services_and_arguments(site: Path) -> None:
    options = page_options(section_of(site, "reference/stepfunctions/cli/send-task-success", "options"))
    assert options["task-output"] is True and "output" not in options
    assert "--notification-endpoint" in page(site, "reference/sns/cli/subscribe").find("pre").text()
    synopsis = section_of(site, "reference/config/cli/put-configuration-recorder", "synopsis").text()
    assert "aws configservice put-configuration-recorder" in synopsis


def test_paging_and_streaming_as_the_cli_takes_them(site: Path) -> None:
    listing = section_of(site, "reference/s3/cli/list-objects-v2", "options")
    options = page_options(listing)
    assert {"starting-token", "page-size", "max-items"} <= set(options)
    assert {"continuation-token", "max-keys"} == page_hidden(listing)
    get_object = page_options(section_of(site, "reference/s3/cli/get-object", "options"))
    assert get_object["outfile"] is True and "cli-input-json" not in get_object
    assert "outfile" in page_options(section_of(site, "reference/lambda/cli/invoke", "options"))
    # The CLI cannot hold these event streams open, so it has no such commands.
    for service, command in (("kinesis", "subscribe-to-shard"), ("bedrock-runtime", "converse-stream")):
        assert not (site / "reference" / service / "cli" / command).exists()
        assert (site / "reference" / service / "python" / xform(command.replace("-", "_"))).exists()


# --- Python ----------------------------------------------------------------------------------


def test_every_python_page_lists_exactly_boto3s_parameters(site: Path, boto3_docs: dict) -> None:
    checked = 0
    for service, parts in boto3_docs.items():
        methods = parts["client"]
        assert built(site, service, "python") - {"paginators", "waiters"} == set(methods), service
        for method, params in methods.items():
            parameters = section_of(site, f"reference/{service}/python/{method}", "parameters")
            assert page_params(parameters) == params, (service, method)
            checked += 1
    assert checked > 400


def test_one_page_per_paginator_and_waiter_with_boto3s_parameters(site: Path, boto3_docs: dict) -> None:
    counts = {"paginator": 0, "waiter": 0}
    for service, parts in boto3_docs.items():
        for part, folder in (("paginator", "paginators"), ("waiter", "waiters")):
            root = site / "reference" / service / "python" / folder
            ours = {path.name for path in root.iterdir()} if root.is_dir() else set()
            assert ours == set(parts[part]), (service, part)
            for name, params in parts[part].items():
                parameters = section_of(site, f"reference/{service}/python/{folder}/{name}", "parameters")
                assert page_params(parameters) == params, (service, part, name)
                counts[part] += 1
    assert counts["paginator"] > 50 and counts["waiter"] > 15, counts
    # Linked from the operation they call.
    links = page(site, "reference/s3/python/head_bucket").find("ul", class_="ref-helpers").find_all("a")
    assert {a.attrs["href"] for a in links} == {"../waiters/BucketExists/", "../waiters/BucketNotExists/"}


def test_streams_are_typed_as_boto3_returns_them(site: Path) -> None:
    get_object = page(site, "reference/s3/python/get_object").find("section", id="return-value")
    assert "Body (StreamingBody)" in squash(get_object.text())
    assert "'Body': StreamingBody()" in get_object.find("pre").text()
    converse = page(site, "reference/bedrock-runtime/python/converse_stream").find(
        "section", id="return-value"
    )
    assert "stream (EventStream)" in squash(converse.text())
    assert "'stream': EventStream({" in converse.find("pre").text()
    assert not (site / "reference/lexv2-runtime/python/start_conversation").exists()
    # boto3's runtime notes: it base64-encodes this value itself.
    zip_file = section_of(site, "reference/lambda/python/update_function_code", "parameters")
    entry = next(
        p for p in zip_file.find_all("div", class_="ref-param") if p.attrs["data-member"] == "ZipFile"
    )
    assert "base64-encodes" in entry.text()


# --- shorthand -------------------------------------------------------------------------------


def test_every_shorthand_example_parses_with_the_cli_parser(site: Path) -> None:
    from awscli.shorthand import ShorthandParser

    parser, parsed = ShorthandParser(), 0
    for service in SERVICES:
        for command in built(site, service, "cli"):
            options = section_of(site, f"reference/{service}/cli/{command}", "options")
            for block in options.find_all("code", class_="ref-shorthand"):
                # The syntax, before any note on key names, without the "more items" mark of a list.
                text = block.text().split("\n\n")[0].removesuffix(" ...")
                parser.parse(text)
                parsed += 1
    assert parsed > 200


def test_shorthand_examples_are_the_ones_the_cli_prints(site: Path, cli_tables: dict) -> None:
    from awscli.argprocess import ParamShorthandDocGen

    docgen, compared = ParamShorthandDocGen(), 0
    for service, (_, operations) in cli_tables.items():
        for command, operation in operations.items():
            ours = {}
            for param in section_of(site, f"reference/{service}/cli/{command}", "options").find_all(
                "div", class_="ref-param"
            ):
                blocks = param.find_all("code", class_="ref-shorthand")
                if blocks:
                    ours[param.find("code", class_="ref-flag").text()] = blocks[0].text()
            service_id = operation._operation_model.service_model.service_id
            theirs = {}
            for name, arg in operation.arg_table.items():
                if getattr(arg, "argument_model", None) is None or getattr(arg, "_UNDOCUMENTED", False):
                    continue
                if arg.argument_model.type_name not in ("structure", "list", "map"):
                    continue
                if arg.argument_model.type_name == "list" and arg.argument_model.member.type_name not in (
                    "structure",
                    "list",
                    "map",
                ):
                    continue  # a list of scalars is written as words, not shorthand
                example = docgen.generate_shorthand_example(arg, service_id, operation._operation_model.name)
                if example:
                    theirs[f"--{name}"] = example.rstrip("\n")
            assert {k: v.rstrip("\n") for k, v in ours.items()} == theirs, f"{service} {command}"
            compared += len(theirs)
    assert compared > 200


# --- worked examples -------------------------------------------------------------------------

EXAMPLE_OPERATIONS = (("dynamodb", "GetItem"), ("s3", "GetObject"), ("polly", "SynthesizeSpeech"))


def worked_examples(doc: Element) -> list[tuple[str, str, str]]:
    """(title, code, output) of each worked example on a page."""
    found = []
    for example in doc.find("section", id="worked-examples").find_all("div", class_="ref-call-example"):
        blocks = [pre.text() for pre in example.find_all("pre")]
        found.append((example.find("h3").text(), blocks[0], blocks[1] if len(blocks) > 1 else ""))
    return found


def test_worked_examples_in_all_three_views(site: Path, cli_tables: dict) -> None:
    import ast
    import json
    import shlex

    from botocore.loaders import create_loader

    loader = create_loader()
    for service, operation in EXAMPLE_OPERATIONS:
        examples = loader.load_service_model(service, "examples-1")["examples"][operation]
        cli_name, commands = cli_tables[service]
        arg_table = commands[xform(operation, "-")].arg_table
        cli = worked_examples(page(site, f"reference/{service}/cli/{xform(operation, '-')}"))
        python = worked_examples(page(site, f"reference/{service}/python/{xform(operation, '_')}"))
        js = worked_examples(page(site, f"reference/{service}/js/{operation[0].lower()}{operation[1:]}"))
        assert [e["title"] for e in examples] == [t for t, _, _ in cli] == [t for t, _, _ in python]
        assert [t for t, _, _ in js] == [e["title"] for e in examples]
        for example, (_, command, cli_out), (_, call, py_out), (_, js_code, js_out) in zip(
            examples, cli, python, js, strict=True
        ):
            # Python: valid code calling the method with exactly the example's parameters.
            tree = ast.parse(call)
            calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
            kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in calls[0].keywords}
            assert calls[0].func.attr == xform(operation, "_")
            assert kwargs == example["input"]
            assert ast.literal_eval(py_out) == example["output"]
            # Command line: every option is one the CLI accepts, set to the example's value.
            words = shlex.split(command.replace("\\\n", " "))
            assert words[:3] == ["aws", cli_name, xform(operation, "-")]
            given, rest = {}, words[3:]
            while rest:
                word = rest.pop(0)
                if word.startswith("--"):
                    arg = arg_table[word[2:]]
                    value = rest.pop(0)
                    given[arg._serialized_name] = json.loads(value) if value[:1] in "{[" else value
                else:
                    assert arg_table[word].__class__.__name__ == "StreamingOutputArgument"
            assert given == {k: v for k, v in example["input"].items()}
            if example.get("output"):
                assert json.loads(cli_out) == example["output"] == json.loads(js_out)
            # JavaScript: the input object is the example's.
            literal = js_code[js_code.index("const input = ") + 14 : js_code.index(";\nconst command")]
            assert json.loads(literal) == example["input"]


# --- links -----------------------------------------------------------------------------------


def test_cross_references_resolve_or_are_text_and_see_also_links(site: Path) -> None:
    pages = list((site / "reference").rglob("index.html"))
    assert len(pages) > 1400
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<a>" not in text, path  # a link-coloured name with nowhere to go
    doc = page(site, "reference/kinesis/cli/get-shard-iterator")
    targets = {a.attrs.get("href") for a in doc.find_all("a") if a.text() == "GetRecords"}
    assert targets == {"../get-records/"}
    see_also = doc.find("p", class_="ref-see-also").find("a").attrs["href"]
    assert see_also == "https://docs.aws.amazon.com/goto/WebAPI/kinesis-2013-12-02/GetShardIterator"
