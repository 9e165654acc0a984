"""Code blocks built token by token, highlighted as they are built.

Request syntax, JSON skeletons and examples are generated from the model, so
their tokens are known while writing them: each token carries its Pygments
class (the site's ``pygments.css`` colours them) and may link to the entry
that documents a shape. Running Pygments over 40,000 generated blocks would
re-discover what we already know, at a cost the whole-botocore build cannot
pay (see the benchmark notes in the README).
"""

from __future__ import annotations

from markupsafe import Markup

Token = tuple[str, str, str]  # (Pygments class, text, link target)


class Code:
    """Lines of tokens; comments are kept per line and written after its last token."""

    def __init__(self, indent_unit: str = "    "):
        self.unit = indent_unit
        self.depth = 0
        self._lines: list[list[Token]] = [[]]
        self._comments: list[list[Token]] = [[]]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def add(self, cls: str, text: str, href: str = "") -> Code:
        self._lines[-1].append((cls, text, href))
        return self

    def text(self, text: str) -> Code:
        return self.add("", text)

    def comment(self, text: str, href: str = "", marker: str = "#", line: int = -1) -> Code:
        """A comment at the end of the current line (or of ``line``); ``href`` links its text."""
        comments = self._comments[line]
        comments.append(("c1", f" {marker} " if comments else f"  {marker} ", ""))
        comments.append(("c1", text, href))
        return self

    def newline(self) -> Code:
        self._lines.append([])
        self._comments.append([])
        if self.depth:
            self.add("", self.unit * self.depth)
        return self

    def indent(self) -> Code:
        self.depth += 1
        return self

    def dedent(self) -> Code:
        self.depth -= 1
        return self

    def plain(self) -> str:
        return "\n".join(
            "".join(text for _, text, _ in line + comments)
            for line, comments in zip(self._lines, self._comments, strict=True)
        )

    def html(self) -> Markup:
        out: list[str] = []
        for number, (line, comments) in enumerate(zip(self._lines, self._comments, strict=True)):
            if number:
                out.append("\n")
            _tokens_html(line + comments, out)
        return Markup("".join(out))


def _tokens_html(tokens: list[Token], out: list[str]) -> None:
    pending_cls, pending = "", []
    for cls, text, href in tokens:
        if href or cls != pending_cls:
            _flush(pending_cls, pending, out)
            pending_cls, pending = cls, []
        if href:
            out.append(f'<a class="{cls}" href="#{_attr(href)}">{_text(text)}</a>')
            pending_cls = ""
        else:
            pending.append(text)
    _flush(pending_cls, pending, out)


def _flush(cls: str, texts: list[str], out: list[str]) -> None:
    if not texts:
        return
    text = _text("".join(texts))
    out.append(f'<span class="{cls}">{text}</span>' if cls else text)


def _text(text: str) -> str:
    """Escape element content. Quotes need no escaping there, and code is full of them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _text(text).replace('"', "&quot;")
