"""Operation specs: the YAML format and JSON service models, read into the operation model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from specsite import features
from specsite.engine.project import Project, load_inputs
from specsite.ops.model import Service

features.load()

EVENTS = """\
groups:
  - title: Shop
    events:
      - {value: add_to_cart, desc: Added.}
      - {value: purchase, desc: Bought.}
props:
  - {name: type, type: string, required: true, desc: The type.}
  - {name: order_id, type: string, used_by: [purchase], required_by: [purchase], desc: The order.}
  - {name: quantities, type: array of positive integers, desc: How many.}
"""

OPTIONS = """\
props:
  - {key: dry_run, name: dryRun, type: boolean, default: false, desc: Check only.}
  - {key: on_progress, name: onProgress, type: function, desc: Called per batch.}
groups:
  - {key: upload.options, props: [dry_run, on_progress]}
"""

API = """\
service:
  title: Shop API
  naming: {js_call: client.api, cli_command: shop}
operations:
  - name: orders.upload
    summary: Send orders.
    documentation: Sends the **orders**.
    params:
      events: {shape: Events, required: true, documentation: The events.}
      options: {shape: Options}
      note: {type: string, max: 1024, pattern: "^[a-z]+$", sensitive: true}
    returns: {documentation: Nothing useful.}
    errors: [Invalid]
    examples:
      - {title: One order, language: js, code: "await client.api.orders.upload([])"}
shapes:
  Events: {type: list, member: Event, min: 1, max: 10}
  Event: {type: union, catalog: event}
  Options: {type: structure, props: options/upload.options}
  Invalid:
    type: structure
    error: true
    members:
      reason: {type: enum, enum: [missing, extra], required: true}
"""


def load(root: Path):
    inputs, diagnostics = load_inputs(Project.at(root))
    return inputs.specs, diagnostics


def errors_of(diagnostics) -> list[str]:
    return [d.format() for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)) if d.is_error]


def test_yaml_operations_become_one_service(make_project) -> None:
    root = make_project({"specs/event.yml": EVENTS, "specs/options.yml": OPTIONS, "specs/shop.yml": API})
    specs, diagnostics = load(root)
    assert not errors_of(diagnostics)
    service = specs.shop
    assert isinstance(service, Service)
    assert service.title == "Shop API"
    assert service.naming.js_call == "client.api"
    op = service.operation("orders.upload")
    assert op.summary == "Send orders."
    assert op.errors == ("Invalid",)
    params = service.shape(op.input)
    assert [(m.name, m.required) for m in params.members] == [
        ("events", True),
        ("options", False),
        ("note", False),
    ]
    note = service.shape(params.members[2].shape)
    assert (note.kind, note.max, note.pattern, note.sensitive) == ("string", 1024, "^[a-z]+$", True)
    assert service.shape("Events").min == 1 and service.shape("Event").catalog == "event"
    assert service.shape("Options").props == ("options", "upload.options")
    reason = service.shape(service.shape("Invalid").members[0].shape)
    assert reason.kind == "enum" and reason.enum == ("missing", "extra")


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "shapes:\n  Events: {type: list, member: Evnet}\n  Event: {type: string}\n",
            "specs/shop.yml:{line}:{col}: error: unknown shape 'Evnet' in member 'Events.member' (did you mean 'Event'?)",
        ),
        (
            "shapes:\n  Events: {type: lsit, member: string}\n",
            "specs/shop.yml:{line}:{col}: error: unknown shape type 'lsit' (did you mean 'list'?)",
        ),
        (
            "shapes:\n  Events: {type: list, member: string, mx: 3}\n",
            "specs/shop.yml:{line}:{col}: error: unknown field 'mx' in shape (did you mean 'max'?)",
        ),
    ],
)
def test_yaml_mistakes_are_located(make_project, snippet: str, expected: str) -> None:
    text = "operations:\n  - name: upload\n    params:\n      events: {shape: Events}\n" + snippet
    root = make_project({"specs/shop.yml": text})
    _, diagnostics = load(root)
    found = errors_of(diagnostics)
    assert len(found) == 1, found
    line = 6
    token = expected.split("'")[1]
    col = text.splitlines()[line - 1].index(token) + 1
    assert found[0] == expected.format(line=line, col=col)


def test_operation_level_mistakes(make_project) -> None:
    text = (
        "operations:\n"
        "  - name: upload\n"
        "    errors: [Oops]\n"
        "    params:\n"
        "      a: {type: string, shape: X}\n"
        "  - name: upload\n"
        "shapes:\n"
        "  Oopss: {type: structure}\n"
    )
    root = make_project({"specs/shop.yml": text})
    _, diagnostics = load(root)
    assert errors_of(diagnostics) == [
        "specs/shop.yml:3:14: error: unknown shape 'Oops' in the errors of 'upload' (did you mean 'Oopss'?)",
        "specs/shop.yml:5:17: error: a member has either 'shape' (a name) or 'type' (inline), not both",
        "specs/shop.yml:5:32: error: unknown shape 'X' in member 'upload.params.a'",
        "specs/shop.yml:6:11: error: duplicate operation 'upload' (first defined at line 2)",
    ]


def test_references_to_other_namespaces_are_checked(make_project) -> None:
    text = API.replace("catalog: event", "catalog: evnt").replace(
        "options/upload.options", "options/upload.opts"
    )
    root = make_project({"specs/event.yml": EVENTS, "specs/options.yml": OPTIONS, "specs/shop.yml": text})
    _, diagnostics = load(root)
    found = errors_of(diagnostics)
    catalog_line = next(n for n, line in enumerate(text.splitlines(), 1) if "catalog: evnt" in line)
    props_line = next(n for n, line in enumerate(text.splitlines(), 1) if "upload.opts" in line)
    assert found == [
        f"specs/shop.yml:{catalog_line}:33: error: shape 'Event': unknown spec namespace 'evnt' (did you mean 'event'?)",
        f"specs/shop.yml:{props_line}:37: error: shape 'Options': unknown group 'upload.opts' in 'options' "
        "(did you mean 'upload.options'?)",
    ]


# --- JSON service models -------------------------------------------------------------------

MODEL = {
    "metadata": {"apiVersion": "2024-01-01", "serviceFullName": "Amazon Widgets", "serviceId": "Widgets"},
    "documentation": "<p>Widgets as a service.</p>",
    "operations": {
        "MakeWidget": {
            "name": "MakeWidget",
            "input": {"shape": "MakeWidgetRequest"},
            "output": {"shape": "Widget"},
            "errors": [{"shape": "Broken"}],
            "documentation": "<p>Makes a <b>widget</b>. See <a href='guide/widgets.html'>the guide</a>.</p>",
        }
    },
    "shapes": {
        "MakeWidgetRequest": {
            "type": "structure",
            "required": ["name"],
            "members": {"name": {"shape": "Name", "documentation": "<p>Its name.</p>"}},
        },
        "Widget": {"type": "structure", "members": {"name": {"shape": "Name"}, "parts": {"shape": "Parts"}}},
        "Parts": {"type": "list", "member": {"shape": "Widget"}},
        "Name": {"type": "string", "min": 1, "max": 64},
        "Broken": {"type": "structure", "members": {}, "exception": True},
    },
}


@pytest.mark.parametrize("name", ["widgets.json", "widgets.json.gz"])
def test_json_service_models_are_read_as_they_are(make_project, name: str) -> None:
    data = json.dumps(MODEL, indent=1).encode()
    root = make_project({f"specs/{name}": gzip.compress(data) if name.endswith(".gz") else data})
    specs, diagnostics = load(root)
    assert not diagnostics, diagnostics
    service = specs.widgets
    assert (service.title, service.api_version, service.naming.python_class) == (
        "Amazon Widgets",
        "2024-01-01",
        "Widgets",
    )
    request = service.shape("MakeWidgetRequest")
    assert [(m.name, m.required) for m in request.members] == [("name", True)]
    assert service.shape("Parts").item.shape == "Widget"
    assert service.operation("MakeWidget").doc.format == "html"


def test_json_mistakes_are_located(make_project) -> None:
    broken = json.loads(json.dumps(MODEL))
    broken["shapes"]["Widget"]["members"]["parts"]["shape"] = "Part"
    text = json.dumps(broken, indent=1)
    root = make_project({"specs/widgets.json": text, "specs/bad.json": '{"metadata": {},\n  "shapes": [}'})
    _, diagnostics = load(root)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"parts"' in row)
    assert errors_of(diagnostics) == [
        "specs/bad.json:2:14: error: JSON syntax: Expecting value",
        f"specs/widgets.json:{line}:5: error: 'Widget.parts' refers to unknown shape 'Part' (did you mean 'Parts'?)",
    ]


def test_other_files_are_still_ignored_with_a_warning(make_project) -> None:
    root = make_project({"specs/notes.txt": "hello"})
    _, diagnostics = load(root)
    assert [d.format() for d in diagnostics] == [
        "specs/notes.txt: warning: ignored: spec files end in .yml, .yaml, .json.gz, .json"
    ]
