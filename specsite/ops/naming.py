"""Names in each view: ``PutActionInteractions`` is ``put-action-interactions`` on the
command line, ``put_action_interactions`` in Python and ``putActionInteractions`` in JavaScript.

The transformation is botocore's (``xform_name``), so pages name calls exactly
as the SDKs do; botocore's own function is used when it is installed, since
it knows a few irregular names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")
_PLURAL_ACRONYM = re.compile("[A-Z]{2,}s$")
_WORD_SPLIT = re.compile(r"[.\s]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@cache
def _botocore_xform() -> Callable[[str, str], str] | None:
    """botocore's function, imported when first needed: a site without operations never loads botocore."""
    try:
        from botocore import xform_name
    except ImportError:  # botocore is an optional extra
        return None
    return xform_name


@lru_cache(maxsize=65536)
def xform(name: str, sep: str = "_") -> str:
    """``DescribeDBInstances`` → ``describe_db_instances`` (or with ``-``)."""
    botocore_xform = _botocore_xform()
    if botocore_xform is not None:
        return botocore_xform(name, sep)
    if sep in name:
        return name
    special = _PLURAL_ACRONYM.search(name)
    if special is not None:
        matched = special.group()
        name = f"{name[: -len(matched)]}{sep}{matched.lower()}"
    first = _FIRST_CAP.sub(r"\1" + sep + r"\2", name)
    return _END_CAP.sub(r"\1" + sep + r"\2", first).lower()


def kebab(name: str) -> str:
    """A command or option name: dotted YAML names become words (``interactions.upload`` → two)."""
    return "-".join(xform(part, "-") for part in _WORD_SPLIT.split(name) if part)


def snake(name: str) -> str:
    return "_".join(xform(part, "_") for part in _WORD_SPLIT.split(name) if part)


def lower_camel(name: str) -> str:
    """``PutEvents`` → ``putEvents``; names that already start in lower case are kept."""
    return name[:1].lower() + name[1:] if name[:1].isupper() else name


def slug(name: str) -> str:
    """A fragment safe in URLs and HTML ids."""
    return _UNSAFE.sub("-", name).strip("-") or "x"


def python_class(full_name: str) -> str:
    """botocore's client class name: ``Amazon Personalize Events`` → ``PersonalizeEvents``."""
    name = full_name.replace("Amazon", "").replace("AWS", "")
    return re.sub(r"\W+", "", name)
