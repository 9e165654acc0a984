"""What the Nunjucks compatibility layer costs: template compiling and printing, with and without it.

    python bench/bench_nunjucks.py              # 200 rounds
    python bench/bench_nunjucks.py --rounds 1000

Compiling: every built-in template, lexed, rewritten and compiled
(``env.compile``), with the token rules on and off.
Printing: a loop that prints 10,000 values, with Nunjucks' printing rules
(``true``, nothing for ``none``) on and off. Figures are the best of
``--runs`` timings (the machine may be shared).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from specsite import features  # noqa: E402
from specsite.engine.templating import BUILTIN_TEMPLATES, make_environment  # noqa: E402
from specsite.engine.views import REGISTRARS, register_views  # noqa: E402

PRINTING = "{% for item in items %}{{ item.name }} {{ item.tier }} {{ item.flag }}\n{% endfor %}"


def environment(compat: bool):
    env = make_environment(None, {})
    if compat:
        register_views(env)
    else:
        for register in REGISTRARS:
            if register.__module__ != "specsite.compat.nunjucks":
                register(env)
    return env


def best_seconds(action, runs: int) -> float:
    """The fastest of ``runs`` timings: the least disturbed by other work on the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    features.load()
    texts = [p.read_text() for p in sorted(BUILTIN_TEMPLATES.rglob("*")) if p.is_file()]
    items = [
        {"name": f"Item {i}", "tier": i % 4, "flag": i % 2 == 0, "tags": ["a", "b"]} for i in range(10_000)
    ]
    print(f"compiling {len(texts)} templates x {args.rounds} rounds; printing {len(items):,} rows x 3 values")
    for compat in (False, True):
        env = environment(compat)

        def compile_all(env=env) -> None:
            for _ in range(args.rounds):
                for text in texts:
                    env.compile(text)

        template = env.from_string(PRINTING)
        compiled = best_seconds(compile_all, args.runs)
        printed = best_seconds(lambda template=template: template.render(items=items), args.runs)
        per_template = compiled / (args.rounds * len(texts)) * 1e6
        label = "with the Nunjucks rules   " if compat else "without the Nunjucks rules"
        per_value = printed / (3 * len(items)) * 1e6
        print(f"{label}  compile {per_template:8.1f} us/template  print {per_value:5.2f} us/value")
    rewrite_cost(texts, args.rounds, args.runs)


def rewrite_cost(texts: list[str], rounds: int, runs: int) -> None:
    """The token rules alone, on tokens lexed beforehand: the part of compiling they add."""
    from specsite.compat.nunjucks import shortcode_tags, translate

    env = environment(compat=True)
    lexed = [list(env.lexer.tokenize(text)) for text in texts]
    count = sum(len(tokens) for tokens in lexed)

    def rewrite_all() -> None:
        for _ in range(rounds):
            for tokens in lexed:
                list(translate(shortcode_tags(tokens, env)))

    seconds = best_seconds(rewrite_all, runs)
    print(f"the token rules alone: {seconds / (rounds * count) * 1e6:.2f} us/token ({count:,} tokens)")


if __name__ == "__main__":
    main()
