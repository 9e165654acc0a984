"""Eleventy's cascade reaches the plan: directory data tags pages, permalinks use every filter,
pagination sees hook globals (found by the differential test against Eleventy 3)."""

from __future__ import annotations

from pathlib import Path

HOME = """\
---
title: Home
---
{% for item in collections.guide %}[{{ item.data.title }} ({{ item.data.owner }}, {{ item.data.tags.join('+') }})]{% endfor %}
"""


def test_directory_data_tags_its_pages_and_gives_them_data_in_collections(make_project, cli) -> None:
    root = make_project(
        {
            "site_src/index.md": HOME,
            "site_src/guide/guide.yml": "tags: guide\nowner: docs team\n",
            "site_src/guide/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\nA\n",
            "site_src/guide/b.md": "---\ntitle: B\ndate: 2026-01-02\ntags: [extra]\nowner: B's own\n---\nB\n",
            "site_src/other.md": "---\ntitle: Other\n---\nnot in the guide\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    html = (root / "_site" / "index.html").read_text()
    assert "[A (docs team, guide)][B (B&#39;s own, guide+extra)]" in html


def test_permalinks_use_every_filter_and_pagination_sees_hook_globals(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": "hooks: [hooks.py]\n",
            "hooks.py": (
                "def setup(site):\n"
                "    site.add_filter('reverse_text', lambda text: str(text)[::-1])\n"
                "    site.add_global('regions', ['EU West', 'US East'])\n"
            ),
            "site_src/index.md": "---\ntitle: Home\n---\nhome\n",
            "site_src/region.njk": (
                "---\ntitle: Region\npagination: {data: regions, size: 1, alias: region}\n"
                'permalink: "regions/{{ region | slugify }}/{{ region | reverse_text | slugify }}/"\n---\n'
                "<p>{{ region }}</p>\n"
            ),
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    site = root / "_site"
    assert "<p>EU West</p>" in (site / "regions/eu-west/tsew-ue/index.html").read_text()
    assert "<p>US East</p>" in (site / "regions/us-east/tsae-su/index.html").read_text()
    assert not Path(site / "region").exists()
