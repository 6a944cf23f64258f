"""Read a web page's main text without navigation, menus or scripts (selectolax).

selectolax rather than trafilatura: one small compiled dependency with no others, fast, and the
rule for what is dropped is ours and short (the page's <main> or <article>, less nav, header,
footer, aside, forms and scripts); trafilatura brings lxml and a dozen packages, and guesses the
main text with scores tuned on Western news sites.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_DROPPED = (
    "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button,"
    " [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]"
)
_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, td, th, dt, dd, figcaption"


class HtmlProblem(Exception):
    """A web page that cannot be indexed; the message is the reason."""


def decode_html(data: bytes) -> str:
    """UTF-8 (BOM allowed), else windows-1256, the older Arabic web encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def html_text(data: bytes) -> tuple[str, str]:
    """The page's title and its main text, one line per heading, paragraph, item or cell."""
    tree = LexborHTMLParser(decode_html(data))
    title_node = tree.css_first("title") or tree.css_first("h1")
    title = " ".join(title_node.text().split()) if title_node else ""
    for node in tree.css(_DROPPED):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body
    if root is None:
        raise HtmlProblem("web page without a body")
    blocks = root.css(_BLOCKS)
    lines = []
    for node in blocks:
        # a paragraph inside a list item (or a cell) is read with its container
        parent, nested = node.parent, False
        while parent is not None and not nested:
            nested = parent.tag in _BLOCK_TAGS
            parent = parent.parent
        if not nested:
            lines.append(" ".join(node.text(separator=" ").split()))
    if not blocks:
        lines = [" ".join(root.text(separator=" ").split())]
    text = "\n".join(line for line in lines if line)
    if not text:
        raise HtmlProblem("web page without text")
    return title, text


_BLOCK_TAGS = frozenset(tag.strip() for tag in _BLOCKS.split(","))
