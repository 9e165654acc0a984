"""Reference pages of YAML and JSON operations: the three views, navigation, cycles, size, errors."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, copy_demo, run_cli, tree
from .test_ops_fidelity import Element, page, parse_html, signatures, squash

TREE_API = """\
service: {title: Trees}
operations:
  - name: plant
    summary: Plant a tree.
    params:
      root: {shape: Node, required: true, documentation: The root.}
      label: {type: enum, enum: [oak, elm], default: oak}
    returns: Node
  - name: fell
    deprecated: Use burn instead.
    params:
      id: {type: string}
      from: {type: timestamp}
shapes:
  Node:
    type: structure
    documentation: A node and its children.
    members:
      name: {type: string, required: true, min: 1, max: 40}
      children: {type: list, member: Node, max: 8}
      secret: {type: string, sensitive: true}
"""


def build(root: Path) -> Path:
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture(scope="module")
def trees_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("trees")
    (root / "specs").mkdir()
    (root / "specs" / "trees.yml").write_text(TREE_API, encoding="utf-8")
    (root / "specs" / "forest.yml").write_text(TREE_API.replace("Trees", "Forest"), encoding="utf-8")
    (root / "site.yml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    return build(root)


VIEW_PAGES = {
    "cli": "reference/trees/cli/plant",
    "python": "reference/trees/python/plant",
    "js": "reference/trees/js/plant",
}


@pytest.mark.parametrize("view", VIEW_PAGES)
def test_recursive_shapes_end_in_a_link_in_every_view(trees_site: Path, view: str) -> None:
    doc = page(trees_site, VIEW_PAGES[view])
    ids = {e.attrs["id"] for e in doc.elements() if "id" in e.attrs}
    cuts = [p for p in doc.find_all("p", class_="ref-cut") if p.text().startswith("Recursive")]
    assert cuts
    for cut in cuts:
        assert cut.find("a").attrs["href"][1:] in ids
    # The code blocks end the cycle too, with a link to the same entry.
    code_links = [a.attrs["href"] for pre in doc.find_all("pre") for a in pre.find_all("a")]
    assert code_links and all(link[1:] in ids for link in code_links)


def test_python_view_of_a_yaml_operation(trees_site: Path) -> None:
    doc = page(trees_site, "reference/trees/python/plant")
    request = doc.find("section", id="request-syntax").find("pre").text()
    ast.parse(request)
    assert request.startswith("response = client.plant(\n    root={\n        'name': 'string',")
    assert "label='oak'|'elm'" in request
    response = doc.find("section", id="return-value")
    ast.parse(response.find("pre").text())
    sigs = signatures(doc.find("section", id="parameters"))
    assert sigs[0] == "root (dict) -- [REQUIRED]"
    assert "name (string) -- [REQUIRED]" in sigs and "secret (string) -- sensitive" in sigs
    text = squash(doc.find("section", id="parameters").text())
    assert "length 1 to 40" in text and "at most 8 items" in text
    assert "one of: oak, elm" in text and 'default: "oak"' in text


def test_command_line_and_javascript_views_of_a_yaml_operation(trees_site: Path) -> None:
    cli = page(trees_site, "reference/trees/cli/plant")
    assert cli.find("section", id="synopsis").find("pre").text().splitlines() == [
        "trees plant",
        "--root <value>",
        "[--label <value>]",
    ]
    assert not cli.find_all("section", id="global-options")  # only the AWS command line has those
    assert "name=string,children=[" in squash(cli.find("section", id="options").text())
    js = page(trees_site, "reference/trees/js/plant")
    assert js.find("section", id="syntax").find("pre").text().splitlines() == [
        "client.plant(root)",
        "client.plant(root, label)",
    ]
    rows = [squash(tr.find_all("td")[0].text()) for tr in js.find_all("tr") if tr.find_all("td")]
    assert rows[:3] == ["name [required]", "children", "item"]


def test_parameters_named_like_python_keywords_stay_valid_python(trees_site: Path) -> None:
    request = page(trees_site, "reference/trees/python/fell").find("section", id="request-syntax").find("pre")
    ast.parse(request.text())
    assert "**{'from': datetime(2015, 1, 1)}" in request.text()


def test_deprecated_operations_say_so(trees_site: Path) -> None:
    doc = page(trees_site, "reference/trees/js/fell")
    assert squash(doc.find("p", class_="ref-deprecated").text()) == "deprecated Use burn instead."


def test_views_link_to_each_other_and_the_sidebar_lists_one_service(trees_site: Path) -> None:
    doc = page(trees_site, "reference/trees/cli/plant")
    tabs = {a.text(): a.attrs["href"] for a in doc.find("nav", class_="ref-tabs").find_all("a")}
    assert tabs == {"JavaScript": "../../js/plant/", "Command line": "./", "Python": "../../python/plant/"}
    assert doc.find("a", class_="ref-tab", href="./").attrs.get("aria-current") == "page"
    sidebar = doc.find("ul", class_="ref-nav-ops")
    links = {a.text(): a.attrs for a in sidebar.find_all("a")}
    assert set(links) == {"plant", "fell"}  # the forest service's operations are not listed
    assert links["plant"].get("aria-current") == "page" and "aria-current" not in links["fell"]
    assert links["fell"]["href"] == "../fell/"


def test_index_pages_list_services_and_operations(trees_site: Path) -> None:
    index = page(trees_site, "reference")
    names = [code.text() for code in index.find("table").find_all("code")]
    assert names == ["forest", "trees"]
    service = page(trees_site, "reference/trees")
    rows = [[squash(td.text()) for td in tr.find_all("td")] for tr in service.find("tbody").find_all("tr")]
    assert rows == [
        ["fell", "", "JavaScript · Command line · Python"],
        ["plant", "Plant a tree.", "JavaScript · Command line · Python"],
    ]


# --- the demo's YAML operation ------------------------------------------------------------


def test_javascript_view_of_interactions_upload_shows_the_event_explorer(built_demo: Path) -> None:
    doc = page(built_demo, "reference/sdk/js/interactions.upload")
    assert doc.find("section", id="syntax").find("pre").text().splitlines() == [
        "client.api.interactions.upload(events)",
        "client.api.interactions.upload(events, options)",
    ]
    events = doc.find("div", class_="ref-param", **{"data-member": "events"})
    assert events.find_all("div", class_="event-explorer")
    options = doc.find("section", id="options")
    assert options.find_all("tr", id="opt-interactions.upload.options-dry_run")
    examples = [h3.text() for h3 in doc.find("section", id="examples").find_all("h3")]
    assert examples == ["Send a single event", "Check a batch without storing it"]
    errors = [li.find("code").text() for li in doc.find("ul", class_="ref-errors").kids("li")]
    assert errors[:2] == ["ValidationError", "AuthenticationError"]


def test_other_views_of_interactions_upload_show_the_catalogs_union(built_demo: Path) -> None:
    python = page(built_demo, "reference/sdk/python/interactions.upload")
    request = python.find("section", id="request-syntax").find("pre").text()
    ast.parse(request)
    assert "'type': 'home_page_view'" in request and "'dryRun': True|False" in request
    sigs = signatures(python.find("section", id="parameters"))
    assert "home_page_view (dict) --" in sigs and "add_to_cart (dict) --" in sigs
    cli = page(built_demo, "reference/sdk/cli/interactions-upload")
    assert cli.find("h1").text() == "interactions upload"


# --- page size -----------------------------------------------------------------------------


def huge_model() -> dict:
    """One operation whose input reaches 300 distinct structures of 20 documented members each."""
    shapes: dict = {"Text": {"type": "string"}}
    for n in range(300):
        members = {
            f"field{m}": {"shape": "Text", "documentation": f"<p>{'Words to read. ' * 150}</p>"}
            for m in range(19)
        }
        if n + 1 < 300:
            members["next"] = {"shape": f"Part{n + 1}"}
        shapes[f"Part{n}"] = {"type": "structure", "required": ["field0"], "members": members}
    shapes["BigRequest"] = {"type": "structure", "members": {"first": {"shape": "Part0"}}}
    return {
        "metadata": {"serviceFullName": "Big", "apiVersion": "1"},
        "operations": {
            "Big": {"name": "Big", "input": {"shape": "BigRequest"}, "output": {"shape": "BigRequest"}}
        },
        "shapes": shapes,
    }


def test_a_huge_operation_stays_under_a_megabyte_and_lists_every_member(make_project) -> None:
    root = make_project({"specs/big.json": json.dumps(huge_model()), "site.yml": "title: B\nsearch: false\n"})
    site = build(root)
    for path in ("reference/big/cli/big", "reference/big/python/big", "reference/big/js/big"):
        html = (site / path / "index.html").read_bytes()
        assert len(html) < 1_000_000, (path, len(html))
        text = html.decode()
        assert "past a point, entries show only" in text
        for n in range(300):
            assert f'data-shape="Part{n}"' in text or path.endswith("js/big"), (path, n)
    doc = page(site, "reference/big/python/big")
    sigs = signatures(doc.find("section", id="parameters"))
    assert sigs.count("field0 (string) -- [REQUIRED]") == 300


# --- AWS services by name --------------------------------------------------------------------


def test_aws_services_without_botocore_is_a_located_error(make_project, monkeypatch) -> None:
    root = make_project({"site.yml": "title: T\naws_services:\n  - sqs\n", "site_src/index.md": "# Hi\n"})
    monkeypatch.setitem(sys.modules, "botocore", None)
    result = run_cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site.yml:2:1: error: aws_services needs botocore, which is not installed: pip install 'specsite[aws]'"
    ]
    assert "Traceback" not in result.err


def test_unknown_aws_services_are_named_with_a_suggestion(make_project) -> None:
    pytest.importorskip("botocore.loaders")
    root = make_project({"site.yml": "title: T\naws_services: [sqs, personalize-event]\n"})
    result = run_cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site.yml:2:21: error: unknown AWS service 'personalize-event' (did you mean 'personalize-events'?)"
    ]
    assert not (root / "_site").exists()


# --- rendering in worker processes -------------------------------------------------------------

# Builds run in a fresh process: specsite renders in worker processes only from
# a process without other threads, and a test session has some (the browser's).
BUILD_DRIVER = """
import json, sys
from specsite import features
from specsite.engine import builder
from specsite.engine.errors import ProjectError
features.load()
builder.PARALLEL_MIN_ROUTES = int(sys.argv[2])
try:
    result = builder.build(builder.BuildOptions(sys.argv[1]))
except ProjectError as exc:
    print(json.dumps({"errors": [d.format() for d in exc.diagnostics]}))
    sys.exit(1)
deps = {name: sorted(map(list, found)) for name, found in result.deps.items()}
print(json.dumps({"workers": builder.worker_count(), "files": result.files, "deps": deps}))
"""


def build_in_child(root: Path, parallel: bool) -> dict:
    threshold = "1" if parallel else str(10**9)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", BUILD_DRIVER, str(root), threshold], capture_output=True, text=True, env=env
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    if parallel and report.get("workers", 2) < 2:
        pytest.skip("needs two cores to render in worker processes")
    return report


def test_worker_processes_build_the_same_site_byte_for_byte(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    (root / "site.yml").write_text(
        (root / "site.yml")
        .read_text()
        .replace("aws_services: [personalize-events]", "aws_services: [personalize-events, sqs, sns]")
    )
    serial_result = build_in_child(root, parallel=False)
    serial = tree(root / "_site")
    parallel_result = build_in_child(root, parallel=True)
    parallel = tree(root / "_site")
    assert len(serial) > 300
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
    # What each page read comes back from the workers too (the dev server rebuilds by it).
    assert parallel_result["deps"] == serial_result["deps"]
    assert parallel_result["files"] == serial_result["files"]
    upload = {tuple(dep) for dep in serial_result["deps"]["reference/sdk/cli/interactions-upload/index.html"]}
    assert {("spec", "sdk"), ("spec", "event"), ("spec", "data_api")} <= upload


def test_errors_found_in_worker_processes_are_reported_with_their_place(make_project) -> None:
    files = {f"site_src/page{n}.md": f"# Page {n}\n" for n in range(40)}
    files["site_src/page7.md"] = "# Page 7\n\nHello {{ nobody.name }}\n"
    root = make_project({**files, "specs/trees.yml": TREE_API, "site.yml": "title: T\nsearch: false\n"})
    report = build_in_child(root, parallel=True)
    assert report["errors"] == ["site_src/page7.md:3: error: undefined value: 'nobody' is undefined"]
    assert not (root / "_site").exists()


def test_html_escapes_names_from_service_models(make_project) -> None:
    model = {
        "metadata": {"serviceFullName": "X <script>"},
        "operations": {"Go": {"name": "Go", "input": {"shape": "In"}}},
        "shapes": {
            "In": {
                "type": "structure",
                "members": {
                    "a": {
                        "shape": "S",
                        "documentation": '<script>x()</script><b>ok</b> <a href="javascript:y()">bad</a> '
                        '<a href="guide/a.html">guide</a>',
                    }
                },
            },
            "S": {"type": "string", "enum": ["<img src=x onerror=y>"]},
        },
    }
    site = build(make_project({"specs/x.json": json.dumps(model), "site.yml": "title: X\nsearch: false\n"}))
    for view, slug in (("cli", "go"), ("python", "go"), ("js", "go")):
        html = (site / f"reference/x/{view}/{slug}/index.html").read_text()
        assert "<script>x()" not in html and "<img src=x" not in html
        assert "<b>ok</b>" in html and "javascript:" not in html
        # Links relative to the AWS documentation site keep working from here.
        assert '<a href="https://docs.aws.amazon.com/guide/a.html">guide</a>' in html
    assert isinstance(parse_html(html), Element)


def test_an_operation_with_no_view_is_listed_on_the_service_index_without_a_link(
    make_project, cli, monkeypatch
) -> None:
    """lexv2-runtime StartConversation: the CLI removes the command and botocore the method,
    so with only those two views built (as the botocore benchmark builds) it has no page."""
    from specsite.ops import routes

    monkeypatch.setattr(routes, "BUILT_VIEWS", ["cli", "python"])
    root = make_project({"site.yml": "title: T\nsearch: false\naws_services: [lexv2-runtime]\n"})
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    index = next((root / "_site/reference").glob("*/index.html")).read_text()
    assert "<td><code>StartConversation</code></td>" in index
    assert '"><code>RecognizeText</code></a></td>' in index


def test_a_long_operations_sidebar_is_windowed_and_reaches_every_operation(tmp_path: Path) -> None:
    names = [f"op{number:02d}" for number in range(60)]
    operations = "".join(f"  - name: {name}\n    summary: Operation {name}.\n" for name in names)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "big.yml").write_text(
        f"service: {{title: Big}}\noperations:\n{operations}", encoding="utf-8"
    )
    (tmp_path / "site.yml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    site = build(tmp_path)
    service_rows = {tr.attrs["id"] for tr in page(site, "reference/big").find("tbody").find_all("tr")}
    for current in ("op00", "op30", "op59"):
        sidebar = page(site, f"reference/big/cli/{current}").find("ul", class_="ref-nav-ops")
        listed, left_out = [], 0
        for item in sidebar.find_all("li"):
            link = item.find("a")
            if "nav-more" in item.attrs.get("class", ""):
                count, _, rest = link.text().partition(" ")
                assert rest == "more operations"
                left_out += int(count)
                # The service page lists them all; the link lands on the first one left out.
                service, _, row = link.attrs["href"].partition("#")
                assert service == "../../" and row in service_rows
                assert row == f"op-{names[len(listed) + left_out - int(count)]}"
            else:
                listed.append(link.text())
        assert len(listed) <= 14 and len(listed) + left_out == len(names)
        assert listed[0] == "op00" and listed[-1] == "op59" and current in listed
        marked = [a.text() for a in sidebar.find_all("a") if a.attrs.get("aria-current") == "page"]
        assert marked == [current]
