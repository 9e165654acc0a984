"""The bad-input suite: small broken projects, each refused with exact located errors.

Every case starts from a good project whose site was already built, breaks
one thing, and builds again. It must exit 1, print exactly the expected
``path:line:col: error: ...`` lines, show no traceback, and leave the previous
site byte for byte as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import run_cli, tree, write_files

SITE_YML = """\
title: Shop docs
nav:
  - title: Guide
    pages: [index.md, guide.md]
"""
EVENT_GROUPS = """\
- title: Cart
  events:
    - value: add_to_cart
      desc: Items were added to the cart.
    - value: checkout
      desc: The checkout started.
    - value: purchase
      desc: An order was paid for.
"""
EVENT_PROPS = """\
- name: type
  type: string
  required: true
  desc: The event type.
- name: quantity
  type: integer
  used_by: [add_to_cart, checkout]
  desc: How many items.
- name: revenue
  type: number
  used_by: [purchase]
  desc: The amount paid.
"""
OPTION_PROPS = """\
- key: dry_run
  name: dryRun
  type: boolean
  default: false
  desc: Check without storing.
- key: timeout
  type: number
  default: 3000
  desc: Milliseconds to wait.
"""
OPTION_GROUPS = """\
- key: _request
  props: [timeout]
- key: upload.options
  props: [dry_run, _request]
"""
INDEX_MD = """\
---
title: Home
---
Send events of these types:
{% for event in specs.event.events %}
- `{{ event.value }}`
{%- endfor %}

See the [guide]({{ '/guide/' | url }}).

{{ proptable('data_api', 'upload.options') }}
"""
GUIDE_MD = """\
---
title: Guide
description: How to send events.
---
Back to the [home page]({{ '/' | url }}).
"""

GOOD = {
    "site.yml": SITE_YML,
    "specs/event/groups.yml": EVENT_GROUPS,
    "specs/event/props.yml": EVENT_PROPS,
    "specs/data_api/props.yml": OPTION_PROPS,
    "specs/data_api/groups.yml": OPTION_GROUPS,
    "site_src/index.md": INDEX_MD,
    "site_src/guide.md": GUIDE_MD,
}


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
)

# (case id, files to write (None deletes one), the exact error lines, extra build arguments)
CASES: list[tuple[str, dict[str, str | bytes | None], list[str], tuple[str, ...]]] = [
    # --- YAML itself ---------------------------------------------------------------------
    (
        "yaml-unclosed-flow-list",
        {"specs/event/props.yml": "- name: type\n  type: string\n  used_by: [add_to_cart\n  desc: x\n"},
        [
            "specs/event/props.yml:4:7: error: YAML syntax: expected ',' or ']', but got ':' (in the list opened with '[' at line 3, column 12)"
        ],
        (),
    ),
    (
        "yaml-tab-indentation",
        {"specs/event/props.yml": "- name: type\n\ttype: string\n  desc: x\n"},
        ["specs/event/props.yml:2:1: error: YAML syntax: tab character in indentation; YAML needs spaces"],
        (),
    ),
    (
        "yaml-duplicate-key",
        {"specs/event/props.yml": "- name: type\n  type: string\n  desc: x\n  type: number\n"},
        ["specs/event/props.yml:4:3: error: duplicate key 'type' (first defined at line 2)"],
        (),
    ),
    (
        "yaml-unclosed-quote",
        {"specs/event/props.yml": '- name: type\n  type: "string\n  desc: x\n'},
        ["specs/event/props.yml:2:9: error: YAML syntax: this quoted text is never closed"],
        (),
    ),
    (
        "yaml-mapping-value-not-allowed",
        {"specs/event/props.yml": "- name: type: string\n  desc: x\n"},
        ["specs/event/props.yml:1:13: error: YAML syntax: mapping values are not allowed here"],
        (),
    ),
    (
        "yaml-two-documents",
        {"specs/event/props.yml": "- name: type\n  type: string\n  desc: x\n---\n- name: other\n"},
        [
            "specs/event/props.yml:4:1: error: YAML syntax: a second document starts here; a file holds one YAML document (remove this '---')"
        ],
        (),
    ),
    (
        "yaml-python-tag",
        {"specs/event/props.yml": "- name: !!python/object:os.system type\n  type: string\n  desc: x\n"},
        [
            "specs/event/props.yml:1:9: error: YAML tag '!!python/object:os.system' is not allowed; specs hold plain text, numbers, lists and mappings"
        ],
        (),
    ),
    (
        "yaml-non-text-key",
        {"specs/event/props.yml": "- name: type\n  type: string\n  desc: x\n  1: one\n"},
        ["specs/event/props.yml:4:3: error: mapping keys must be text, not 1"],
        (),
    ),
    (
        "yaml-deeply-nested",
        {
            "specs/event/props.yml": f"- name: type\n  type: string\n  desc: x\n  example: {nested_list(100)}\n"
        },
        ["specs/event/props.yml:4:75: error: nested more than 64 levels deep"],
        (),
    ),
    (
        "yaml-nested-beyond-the-parser",
        {"specs/event/props.yml": f"- name: type\n  example: {nested_list(5000)}\n"},
        ["specs/event/props.yml:1:1: error: YAML is nested too deeply to read"],
        (),
    ),
    (
        "yaml-alias-bomb",
        {"specs/event/props.yml": ALIAS_BOMB},
        ["specs/event/props.yml:1:14: error: aliases expand to more than 200,000 values (alias bomb?)"],
        (),
    ),
    # --- files that are not text, or too much of it -----------------------------------
    (
        "empty-spec-file",
        {"specs/event/props.yml": ""},
        ["specs/event/props.yml:1:1: error: file is empty; expected a list"],
        (),
    ),
    (
        "comment-only-spec-file",
        {"specs/event/props.yml": "# nothing yet\n"},
        ["specs/event/props.yml:1:1: error: file is empty; expected a list"],
        (),
    ),
    (
        "spec-not-utf8",
        {"specs/event/props.yml": "- name: type\n  type: string\n  desc: caf\xe9\n".encode("latin-1")},
        ["specs/event/props.yml:3:12: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"],
        (),
    ),
    (
        "page-not-utf8",
        {"site_src/guide.md": "---\ntitle: Guide\n---\n\nna\xefve\n".encode("latin-1")},
        ["site_src/guide.md:5:3: error: file is not valid UTF-8 (byte 0xef); save it as UTF-8"],
        (),
    ),
    (
        "site-yml-not-utf8",
        {"site.yml": "title: Caf\xe9\n".encode("latin-1")},
        ["site.yml:1:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"],
        (),
    ),
    (
        "five-megabyte-description",
        {"specs/event/props.yml": "- name: type\n  type: string\n  desc: " + "x" * (5 * 1024 * 1024) + "\n"},
        ["specs/event/props.yml:1:1: error: file is 5120 KiB, over the 4096 KiB limit for one source file"],
        (),
    ),
    # --- the spec model -------------------------------------------------------------------
    (
        "spec-list-is-a-mapping",
        {"specs/event/props.yml": "name: type\ntype: string\n"},
        ["specs/event/props.yml:1:1: error: the event properties must be a list, not a mapping"],
        (),
    ),
    (
        "prop-is-not-a-mapping",
        {"specs/event/props.yml": EVENT_PROPS + "- just a string\n"},
        ["specs/event/props.yml:13:3: error: each event property must be a mapping, not text"],
        (),
    ),
    (
        "wrong-type-required",
        {"specs/event/props.yml": EVENT_PROPS.replace("required: true", "required: yes please")},
        ["specs/event/props.yml:3:13: error: 'required' must be true or false, not text"],
        (),
    ),
    (
        "wrong-type-desc-list",
        {"specs/event/props.yml": EVENT_PROPS.replace("desc: The amount paid.", "desc: [a, b]")},
        ["specs/event/props.yml:12:9: error: 'desc' must be text, not a list"],
        (),
    ),
    (
        "missing-required-field",
        {"specs/event/props.yml": EVENT_PROPS.replace("  type: number\n", "")},
        ["specs/event/props.yml:9:3: error: event property is missing the required field 'type'"],
        (),
    ),
    (
        "unknown-field",
        {"specs/event/props.yml": EVENT_PROPS.replace("desc: How many items.", "descr: How many items.")},
        [
            "specs/event/props.yml:5:3: error: event property is missing the required field 'desc'",
            "specs/event/props.yml:8:3: error: unknown field 'descr' in event property (did you mean 'desc'?)",
        ],
        (),
    ),
    (
        "unknown-event-in-used-by",
        {"specs/event/props.yml": EVENT_PROPS.replace("[purchase]", "[purchace]")},
        [
            "specs/event/props.yml:11:13: error: unknown event type 'purchace' in 'used_by' (did you mean 'purchase'?)"
        ],
        (),
    ),
    (
        "duplicate-property",
        {"specs/event/props.yml": EVENT_PROPS + "- name: quantity\n  type: integer\n  desc: Again.\n"},
        ["specs/event/props.yml:13:9: error: duplicate property 'quantity' (first defined at line 5)"],
        (),
    ),
    (
        "duplicate-event-type",
        {
            "specs/event/groups.yml": EVENT_GROUPS
            + "- title: More\n  events:\n    - value: checkout\n      desc: x\n"
        },
        ["specs/event/groups.yml:11:14: error: duplicate event type 'checkout' (first defined at line 5)"],
        (),
    ),
    (
        "unsafe-event-identifier",
        {"specs/event/groups.yml": EVENT_GROUPS.replace("value: purchase", "value: '\"><script>'")},
        [
            "specs/event/groups.yml:7:14: error: 'value' '\"><script>' is not a safe identifier: use only letters, digits, '_', '.' and '-'",
            "specs/event/props.yml:11:13: error: unknown event type 'purchase' in 'used_by'",
        ],
        (),
    ),
    (
        "used-by-and-used-by-except",
        {
            "specs/event/props.yml": EVENT_PROPS.replace(
                "  used_by: [purchase]\n", "  used_by: [purchase]\n  used_by_except: [checkout]\n"
            )
        },
        [
            "specs/event/props.yml:12:3: error: property 'revenue' has both 'used_by' and 'used_by_except'; keep one of them"
        ],
        (),
    ),
    (
        "unknown-prop-in-group",
        {"specs/data_api/groups.yml": OPTION_GROUPS.replace("[dry_run, _request]", "[dryrun, _request]")},
        [
            "specs/data_api/groups.yml:4:11: error: unknown prop 'dryrun' in group 'upload.options' (did you mean 'dry_run'?)"
        ],
        (),
    ),
    (
        "unknown-mixin",
        {"specs/data_api/groups.yml": OPTION_GROUPS.replace("[dry_run, _request]", "[dry_run, _requests]")},
        [
            "specs/data_api/groups.yml:4:20: error: unknown mixin '_requests' in group 'upload.options' (did you mean '_request'?)"
        ],
        (),
    ),
    (
        "mixin-cycle",
        {
            "specs/data_api/groups.yml": "- key: _a\n  props: [timeout, _b]\n- key: _b\n  props: [_a]\n- key: upload.options\n  props: [dry_run, _a]\n"
        },
        ["specs/data_api/groups.yml:4:11: error: mixin cycle: _a -> _b -> _a"],
        (),
    ),
    (
        "default-is-a-mapping",
        {"specs/data_api/props.yml": OPTION_PROPS.replace("default: 3000", "default: {ms: 3000}")},
        ["specs/data_api/props.yml:8:12: error: 'default' must be a single value, not a mapping or list"],
        (),
    ),
    (
        "unknown-spec-list",
        {"specs/event/prop.yml": EVENT_PROPS},
        ["specs/event/prop.yml:1:1: error: unknown spec list 'prop' (did you mean 'props'?)"],
        (),
    ),
    (
        "namespace-without-props",
        {"specs/event/props.yml": None},
        ["specs/event: error: namespace is missing its 'props' list"],
        (),
    ),
    (
        "unsafe-namespace-name",
        {"specs/data api.yml": "props:\n  - key: a\n    type: string\n    desc: x\n"},
        [
            "specs/data api.yml: error: spec namespace 'data api' is not a safe identifier: use only letters, digits, '_', '.' and '-'"
        ],
        (),
    ),
    # --- pages ------------------------------------------------------------------------------
    (
        "front-matter-is-a-list",
        {"site_src/guide.md": "---\n- title\n- Guide\n---\nx\n"},
        ["site_src/guide.md:2:1: error: front matter must be a mapping of 'key: value' lines, not a list"],
        (),
    ),
    (
        "front-matter-is-text",
        {"site_src/guide.md": "---\njust words\n---\nx\n"},
        ["site_src/guide.md:2:1: error: front matter must be a mapping of 'key: value' lines, not text"],
        (),
    ),
    (
        "front-matter-not-closed",
        {"site_src/guide.md": "---\ntitle: Guide\n\nSome text.\n"},
        ["site_src/guide.md:1:1: error: front matter starts with '---' but has no closing '---' line"],
        (),
    ),
    (
        "front-matter-in-javascript",
        {"site_src/guide.md": "---js\nconst title = 'Guide';\n---\nx\n"},
        [
            "site_src/guide.md:1:1: error: JavaScript front matter ('---js') is not run: write its values as YAML front matter between '---' lines, and its functions in hooks.py"
        ],
        (),
    ),
    (
        "front-matter-yaml-error",
        {"site_src/guide.md": "---\ntitle: [Guide\n---\nx\n"},
        [
            "site_src/guide.md:2:14: error: YAML syntax: expected ',' or ']', but got the end of the YAML (in the list opened with '[' at line 2, column 8)"
        ],
        (),
    ),
    (
        "front-matter-empty-layout",
        {"site_src/guide.md": "---\ntitle: Guide\nlayout:\n---\nx\n"},
        ["site_src/guide.md:3:8: error: 'layout' must be text, not nothing (null)"],
        (),
    ),
    (
        "front-matter-title-is-a-list",
        {"site_src/guide.md": "---\ntitle: [a, b]\n---\nx\n"},
        ["site_src/guide.md:2:8: error: 'title' must be text, not a list"],
        (),
    ),
    (
        "front-matter-order-is-text",
        {"site_src/guide.md": "---\ntitle: Guide\norder: first\n---\nx\n"},
        ["site_src/guide.md:3:8: error: 'order' must be a number"],
        (),
    ),
    (
        "front-matter-search-not-boolean",
        {"site_src/guide.md": "---\ntitle: Guide\nsearch: hidden\n---\nx\n"},
        ["site_src/guide.md:3:9: error: 'search' must be true or false, not text"],
        (),
    ),
    (
        "front-matter-bad-url",
        {"site_src/guide.md": "---\ntitle: Guide\nurl: guide page\n---\nx\n"},
        ["site_src/guide.md:3:6: error: 'url' 'guide page' must be a site path like '/guides/setup/'"],
        (),
    ),
    (
        "page-url-claimed-twice",
        {"site_src/other.md": "---\ntitle: Other\nurl: /guide/\n---\nx\n"},
        [
            "site_src/other.md:3:6: error: URL '/guide/' is also claimed by site_src/guide.md; rename one of them"
        ],
        (),
    ),
    (
        "jinja-syntax-error-in-page",
        {
            "site_src/guide.md": "---\ntitle: Guide\n---\nText.\n\n{% for x in specs.event.events %}\n{{ x.value }\n{% endfor %}\n"
        },
        ["site_src/guide.md:7: error: template syntax: unexpected '}'"],
        (),
    ),
    (
        "jinja-syntax-error-in-template",
        {
            "templates/page.html": "{% extends 'specsite/page.html' %}\n{% block content %}\n{{ content }\n{% endblock %}\n"
        },
        ["templates/page.html:3: error: template syntax: unexpected '}'"],
        (),
    ),
    (
        "missing-layout",
        {"site_src/guide.md": "---\ntitle: Guide\nlayout: wide.html\n---\nx\n"},
        [
            "site_src/guide.md:3:9: error: layout 'wide.html' not found (looked in templates/ and the built-in templates)"
        ],
        (),
    ),
    (
        "missing-include",
        {"site_src/guide.md": "---\ntitle: Guide\n---\nx\n\n{% include 'partials/notes.html' %}\n"},
        [
            "site_src/guide.md:6: error: template 'partials/notes.html' not found (looked in templates/, the built-in templates and the project folder)"
        ],
        (),
    ),
    (
        "undefined-variable",
        {"site_src/guide.md": "---\ntitle: Guide\n---\nHi {{ user.name }}.\n"},
        ["site_src/guide.md:4: error: undefined value: 'user' is undefined"],
        (),
    ),
    (
        "undefined-attribute",
        {"site_src/guide.md": "---\ntitle: Guide\n---\n\n{{ page.titel }}\n"},
        [
            "site_src/guide.md:5: error: undefined value: Page has no attribute 'titel' (did you mean 'title'?)"
        ],
        (),
    ),
    (
        "unknown-namespace",
        {"site_src/guide.md": "---\ntitle: Guide\n---\n{{ proptable('data_apy', 'upload.options') }}\n"},
        ["site_src/guide.md:4: error: unknown spec namespace 'data_apy' (did you mean 'data_api'?)"],
        (),
    ),
    (
        "unknown-group",
        {"site_src/guide.md": "---\ntitle: Guide\n---\n{{ proptable('data_api', 'upload.option') }}\n"},
        [
            "site_src/guide.md:4: error: unknown group 'upload.option' in 'data_api' (did you mean 'upload.options'?)"
        ],
        (),
    ),
    (
        "unknown-event-type-in-page",
        {"site_src/guide.md": "---\ntitle: Guide\n---\n{{ specs.event.props_for('checkuot') | length }}\n"},
        ["site_src/guide.md:4: error: unknown event type 'checkuot' in 'event' (did you mean 'checkout'?)"],
        (),
    ),
    (
        "error-in-project-macro",
        {
            "templates/notes.html": "{% macro note(text) %}<p>{{ text.upper() }} {{ missing_thing }}</p>{% endmacro %}\n",
            "site_src/guide.md": "---\ntitle: Guide\n---\n{% from 'notes.html' import note %}\n{{ note('hi') }}\n",
        },
        [
            "templates/notes.html:1: error: undefined value: 'missing_thing' is undefined "
            "(called from site_src/guide.md:5)"
        ],
        (),
    ),
    # --- site.yml ---------------------------------------------------------------------------
    (
        "site-yml-is-a-list",
        {"site.yml": "- title: Shop docs\n"},
        ["site.yml:1:1: error: site.yml must be a mapping of settings, not a list"],
        (),
    ),
    (
        "site-yml-unknown-key",
        {"site.yml": SITE_YML + "serach: false\n"},
        ["site.yml:5:1: error: unknown field 'serach' in site.yml (did you mean 'search'?)"],
        (),
    ),
    (
        "site-yml-bad-base-url",
        {"site.yml": SITE_YML + "base_url: /docs/\n"},
        ["site.yml:5:11: error: 'base_url' must be an absolute http(s) URL, not '/docs/'"],
        (),
    ),
    (
        "site-yml-search-not-boolean",
        {"site.yml": SITE_YML + "search: no thanks\n"},
        ["site.yml:5:9: error: 'search' must be true or false, not text"],
        (),
    ),
    (
        "nav-unknown-page",
        {"site.yml": SITE_YML.replace("guide.md]", "guides.md]")},
        ["site.yml:4:23: error: nav: no page 'site_src/guides.md' (did you mean 'guide.md'?)"],
        (),
    ),
    (
        "nav-not-a-list",
        {"site.yml": "title: Shop docs\nnav: index.md\n"},
        ["site.yml:2:6: error: 'nav' must be a list, not text"],
        (),
    ),
    (
        "nav-section-without-pages",
        {"site.yml": "title: Shop docs\nnav:\n  - title: Guide\n"},
        ["site.yml:3:5: error: nav section needs 'pages', the list of its pages"],
        (),
    ),
    (
        "nav-pages-is-a-number",
        {"site.yml": "title: Shop docs\nnav:\n  - title: Guide\n    pages: 5\n"},
        ["site.yml:4:12: error: 'pages' must be a list, not an integer"],
        (),
    ),
    (
        "nav-pages-is-a-mapping",
        {"site.yml": "title: Shop docs\nnav:\n  - title: Guide\n    pages: {index: index.md}\n"},
        ["site.yml:4:12: error: 'pages' must be a list, not a mapping"],
        (),
    ),
    (
        "aws-services-is-a-number",
        {"site.yml": SITE_YML + "aws_services: 5\n"},
        ["site.yml:5:15: error: 'aws_services' (or the word all) must be a list, not an integer"],
        (),
    ),
    (
        "aws-services-is-a-mapping",
        {"site.yml": SITE_YML + "aws_services: {s3: yes}\n"},
        ["site.yml:5:15: error: 'aws_services' (or the word all) must be a list, not a mapping"],
        (),
    ),
    (
        "nav-javascript-url",
        {
            "site.yml": SITE_YML
            + "  - title: More\n    pages:\n      - {title: Home, url: 'javascript:alert(1)'}\n"
        },
        [
            "site.yml:7:9: error: nav: links to other sites start with http:, https: or mailto:, not 'javascript:alert(1)'"
        ],
        (),
    ),
    (
        "yaml-tag-on-a-mapping",
        {"site_src/guide.md": "---\ntitle: Guide\nextra: !include {file: secrets.yml}\n---\nText.\n"},
        [
            "site_src/guide.md:3:8: error: YAML tag '!include' is not allowed; specs hold plain text, numbers, lists and mappings"
        ],
        (),
    ),
    (
        "yaml-tag-on-a-list",
        {"specs/event/props.yml": "!!omap\n" + EVENT_PROPS},
        [
            "specs/event/props.yml:1:1: error: YAML tag '!!omap' is not allowed; specs hold plain text, numbers, lists and mappings"
        ],
        (),
    ),
    # --- URLs with dot segments -------------------------------------------------------------
    (
        "url-with-dot-dot-segment",
        {"site_src/zz.md": "---\ntitle: Impostor\nurl: /zz/../guide/\n---\nText.\n"},
        ["site_src/zz.md:3:6: error: 'url' '/zz/../guide/' has '.' or '..' segments; write '/guide/'"],
        (),
    ),
    (
        "url-with-dot-segment",
        {"site_src/zz.md": "---\ntitle: Dotted\nurl: /a/./b/\n---\nText.\n"},
        ["site_src/zz.md:3:6: error: 'url' '/a/./b/' has '.' or '..' segments; write '/a/b/'"],
        (),
    ),
    # --- the source folders as a whole ------------------------------------------------------
    (
        "template-not-utf8-named-once",
        {"templates/page.html": b"<main>{{ content }}</main>\n<p>\xa9 2024</p>\n"},
        [
            "templates/page.html:2:4: error: the file is not UTF-8 text (byte 0xa9 cannot be read); save it as UTF-8"
        ],
        (),
    ),
    (
        "file-in-the-search-index-folder",
        {"site_src/pagefind/pagefind.js": "window.stolen = document.cookie;\n"},
        [
            "site_src/pagefind/pagefind.js: error: the site's pagefind/ folder holds the search index, which replaces this file; move it to another folder (or set 'search: false')"
        ],
        (),
    ),
    (
        "two-pages-differ-only-in-case",
        {"site_src/Guide.md": "---\ntitle: Other guide\n---\nText.\n"},
        [
            "site_src/guide.md: error: publishes 'guide', which differs from 'Guide' (site_src/Guide.md) only in letter case; on case-insensitive file systems one replaces the other, so rename one"
        ],
        (),
    ),
    (
        "two-folders-differ-only-in-case",
        {"site_src/API/a.md": "# A\n", "site_src/api/b.md": "# B\n"},
        [
            "site_src/api/b.md: error: publishes 'api', which differs from 'API' (site_src/API/a.md) only in letter case; on case-insensitive file systems one replaces the other, so rename one"
        ],
        (),
    ),
    # --- event examples in pages: JSON as strict as validate's --------------------------------
    (
        "event-example-huge-integer",
        {
            "site_src/guide.md": GUIDE_MD
            + '\n```json event\n{"type": "add_to_cart", "quantity": '
            + "9" * 5000
            + "}\n```\n"
        },
        [
            "site_src/guide.md:8:37: error: event example: event #1: invalid JSON: an integer of more than 4,300 digits is refused"
        ],
        (),
    ),
    (
        "event-example-nested-3000-deep",
        {"site_src/guide.md": GUIDE_MD + "\n```json event\n" + "[" * 3000 + "]" * 3000 + "\n```\n"},
        [
            "site_src/guide.md:8:502: error: event example: event #1: invalid JSON: nested more than 500 levels deep"
        ],
        (),
    ),
    (
        "event-example-nan",
        {"site_src/guide.md": GUIDE_MD + '\n```json event\n{"type": "add_to_cart", "quantity": NaN}\n```\n'},
        ["site_src/guide.md:8:37: error: event example: event #1: invalid JSON: NaN is not a JSON number"],
        (),
    ),
    (
        "service-model-huge-integer",
        {"specs/svc.json": '{"metadata": {"n": ' + "9" * 5000 + '}, "operations": {}, "shapes": {}}'},
        ["specs/svc.json:1:20: error: JSON: an integer of more than 4,300 digits is refused"],
        (),
    ),
    # --- strict mode ------------------------------------------------------------------------
    (
        "strict-broken-link",
        {"site_src/guide.md": GUIDE_MD + "\nSee [the API]({{ '/api/' | url }}).\n"},
        ["site_src/guide.md:7:19: error: broken link to '/api/'"],
        ("--strict",),
    ),
    (
        "strict-untitled-page",
        {"site_src/notes.md": "Some notes without a heading.\n"},
        [
            "site_src/notes.md:1:1: error: page has no title, so its file name stands in ('Notes'); add 'title:' to its front matter or start it with a '# Heading'"
        ],
        ("--strict",),
    ),
]


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good project's site, built once; every case starts from a copy of it."""
    root = write_files(tmp_path_factory.mktemp("good"), GOOD)
    result = run_cli("build", "--root", str(root), "--base-url", "https://shop.example/docs/", "-q")
    assert result.code == 0, result.err
    assert not result.err, result.err
    return root / "_site"


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("files", "expected", "args"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_located_errors(
    tmp_path: Path, previous_site: Path, files: dict, expected: list[str], args: tuple[str, ...]
) -> None:
    root = write_files(tmp_path / "project", GOOD)
    shutil.copytree(previous_site, root / "_site")
    before = tree(root / "_site")
    for rel, content in files.items():
        if content is None:
            (root / rel).unlink()
    write_files(root, {rel: content for rel, content in files.items() if content is not None})

    result = run_cli("build", "--root", str(root), "--base-url", "https://shop.example/docs/", *args)

    assert result.code == 1, result.err
    assert result.error_lines == expected, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert tree(root / "_site") == before
    assert not [
        p.name for p in root.iterdir() if "specsite-" in p.name and p.name != ".specsite-cache"
    ]  # no staging folder left behind
