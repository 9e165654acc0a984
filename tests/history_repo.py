"""A git repository with three tagged versions of one spec, for the history tests.

v1 → v2 changes the event catalog and the option tables, v2 → v3 the
operations; together they exercise every rule of ``specsite diff``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

EVENT_GROUPS_V1 = """\
- title: Browsing
  events:
    - value: view_item
      desc: A shopper looked at a product.
    - value: search
      desc: A shopper searched the shop.
- title: Cart
  events:
    - value: add_to_cart
      desc: A product went into the cart.
    - value: wishlist
      desc: A product went onto the wishlist.
"""

EVENT_PROPS_V1 = """\
- name: type
  type: string
  required: true
  desc: The event type.
- name: quantity
  type: integer
  desc: How many items.
  used_by: [add_to_cart]
- name: price
  type: number
  desc: The unit price.
  used_by: [add_to_cart, view_item]
- name: query
  type: string
  desc: What was searched for.
  used_by: [search]
- name: coupon
  type: string
  desc: A coupon code.
  used_by: [add_to_cart]
- name: session
  type: string
  desc: The browsing session.
- name: referrer
  type: string
  desc: Where the shopper came from.
"""

EVENT_GROUPS_V2 = """\
- title: Browsing
  events:
    - value: view_item
      desc: A shopper looked at a product.
- title: Discovery
  events:
    - value: search
      desc: A shopper searched the shop.
- title: Cart and checkout
  events:
    - value: add_to_cart
      desc: A product went into the cart.
    - value: checkout
      desc: A shopper started to pay.
"""

EVENT_PROPS_V2 = """\
- name: type
  type: string
  required: true
  desc: The event type, one of the catalog's values.
- name: user_id
  type: string
  required: true
  desc: Who the shopper is.
- name: quantity
  type: number
  desc: How many items.
  used_by: [add_to_cart]
- name: price
  type: number
  desc: The unit price.
  used_by: [add_to_cart]
- name: query
  type: array of strings
  desc: What was searched for.
  used_by: [search]
- name: coupon
  type: string
  desc: A coupon code.
  used_by: [add_to_cart, view_item]
- name: session
  type: string
  desc: The browsing session.
  required_by: [add_to_cart]
- name: currency
  type: string
  desc: The currency of the price.
  used_by: [add_to_cart, checkout]
"""

OPTION_PROPS_V1 = """\
- key: dry_run
  type: boolean
  default: false
  desc: Check the events without storing them.
- key: timeout
  type: integer
  default: 30000
  desc: Milliseconds to wait.
- key: region
  type: string
  desc: Where to send the events.
- key: retries
  type: integer
  desc: How often to retry.
"""

OPTION_GROUPS_V1 = """\
- key: upload.options
  props: [dry_run, timeout, region]
- key: legacy.options
  props: [retries]
"""

OPTION_PROPS_V2 = """\
- key: dry_run
  type: boolean
  required: true
  default: false
  desc: Check the events without storing them.
- key: timeout
  type: string
  default: 30000
  desc: Milliseconds to wait.
- key: batch_size
  type: integer
  desc: Events per request.
- key: api_key
  type: string
  required: true
  desc: The key to send with every request.
- key: retries
  type: integer
  desc: How often to retry.
"""

OPTION_GROUPS_V2 = """\
- key: upload.options
  props: [dry_run, timeout, batch_size, api_key]
- key: retry.options
  props: [retries]
"""

OPS_V1 = """\
service: {title: Shop API}
operations:
  - name: orders.upload
    summary: Send orders.
    params:
      orders: {shape: Orders, required: true, documentation: The orders.}
      mode: {shape: Mode}
      legacy_flag: {type: boolean}
  - name: orders.delete
    summary: Delete orders.
    params:
      ids: {type: list, member: string, required: true}
shapes:
  Orders: {type: list, member: Order}
  Order:
    type: structure
    members:
      id: {type: string, required: true}
      count: {type: integer}
      note: {type: string}
  Mode: {type: string, enum: [fast, safe, slow]}
"""

OPS_V3 = """\
service: {title: Shop API}
operations:
  - name: orders.upload
    summary: Send orders.
    params:
      orders: {shape: Orders, required: true, documentation: The orders.}
      mode: {shape: Mode}
      priority: {type: integer}
      channel: {type: string, required: true}
  - name: orders.list
    summary: List orders.
shapes:
  Orders: {type: list, member: Order}
  Order:
    type: structure
    members:
      id: {type: integer, required: true}
      count: {type: long}
      note: {type: string, required: true}
  Mode: {type: string, enum: [fast, safe, turbo]}
"""

SITE_SRC = {
    "site_src/index.md": "---\ntitle: Shop docs\n---\n\nThe shop's events.\n\n{{ event_explorer() }}\n",
}

VERSION_FILES = {
    "v1": {
        "specs/event/groups.yml": EVENT_GROUPS_V1,
        "specs/event/props.yml": EVENT_PROPS_V1,
        "specs/data_api/props.yml": OPTION_PROPS_V1,
        "specs/data_api/groups.yml": OPTION_GROUPS_V1,
        "specs/sdk.yml": OPS_V1,
        **SITE_SRC,
    },
    "v2": {
        "specs/event/groups.yml": EVENT_GROUPS_V2,
        "specs/event/props.yml": EVENT_PROPS_V2,
        "specs/data_api/props.yml": OPTION_PROPS_V2,
        "specs/data_api/groups.yml": OPTION_GROUPS_V2,
    },
    "v3": {"specs/sdk.yml": OPS_V3},
}


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def make_history_repo(repo: Path, extra: dict[str, dict[str, str]] | None = None) -> Path:
    """Commit and tag v1, v2 and v3 in ``repo``; ``extra`` adds files to a version."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for tag, files in VERSION_FILES.items():
        write(repo, {**files, **(extra or {}).get(tag, {})})
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"spec {tag}")
        git(repo, "tag", tag)
    return repo
