"""Markdown: which spans of the original text no rule may look at, and the suppression comments.

Positions stay those of the original file: nothing is removed, the code blocks, front matter, HTML
comments and markup prefixes (# heading marks, > quote marks, list bullets, ** around a whole line)
inline code, link destinations and HTML tags become Document.ignored spans. The paragraph splitter steps over an ignored span at the start or end
of a line, so "## 一、总体要求" still takes part in the numbering checks.
"""
from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"(?: {4}|\t)")
_BLANK = re.compile(r"[ \t]*$")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_PREFIX = re.compile(r" {0,3}(?:#{1,6}(?=[ \t]|$)[ \t]*|(?:>[ \t]?)+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_STRONG = re.compile(r"(\*\*|__)(?=\S).*?(?<=\S)\1[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Not rendered as prose: inline code, link and image destinations, HTML tags.
_INLINE = re.compile(r"(`+)[^`\n].*?\1|(?<=\])\([^()\s]*(?:\s+\"[^\"\n]*\")?\)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")


def ignored_spans(text: str) -> list:
    """(start, end) spans of text in a Markdown file that are not prose."""
    spans = _block_spans(text)
    spans.extend(m.span() for m in _COMMENT.finditer(text))
    return _merge(spans)


def comments(text: str):
    """(start, end, body) of every HTML comment outside code blocks and front matter."""
    blocks = _merge(s for s in _block_spans(text) if text[s[1] - 1:s[1]] == "\n")
    for m in _COMMENT.finditer(text):
        if not any(a <= m.start() < b for a, b in blocks):
            yield m.start(), m.end(), m.group(0)[4:-3]


def _block_spans(text: str) -> list:
    """Front matter and code blocks (whole lines, newline included) and markup prefixes."""
    spans = []
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = _front_matter(lines, spans, starts)
    fence = None                 # (char, length) of the open fence
    prev_blank, in_code, in_list = True, False, False
    while i < len(lines):
        line, s = lines[i], starts[i]
        end = s + len(line)
        if fence is not None:
            spans.append((s, end + 1))
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and _BLANK.match(line, m.end()):
                fence = None
            i += 1
            continue
        m = _FENCE.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in line[m.end():]):
            fence = (m.group(1)[0], len(m.group(1)))
            spans.append((s, end + 1))
            prev_blank = in_code = False
            i += 1
            continue
        blank = _BLANK.match(line) is not None
        if blank:
            prev_blank = True
            i += 1
            continue
        # An indented code block cannot interrupt a paragraph, and inside a list it is a continuation.
        if _INDENTED.match(line) and (in_code or (prev_blank and not in_list)) and not _chinese_prose(line):
            spans.append((s, end + 1))
            in_code, prev_blank = True, False
            i += 1
            continue
        in_code = False
        if _LIST_ITEM.match(line):
            in_list = True
        elif prev_blank and not _INDENTED.match(line):
            in_list = False
        _markup(line, s, spans)
        if "`" in line or "](" in line or "<" in line:
            spans.extend((s + m.start(), s + m.end()) for m in _INLINE.finditer(line))
        prev_blank = False
        i += 1
    return spans


def _chinese_prose(line: str) -> bool:
    """Chinese drafts often indent paragraphs with four ASCII spaces; Markdown would make that a code
    block, but a line that is mostly Chinese characters is prose to lint (fence real code with ```)."""
    body = "".join(line.split())
    cjk = sum(1 for ch in body if "\u3400" <= ch <= "\u9fff")
    return cjk >= 2 and cjk * 10 >= len(body) * 3


def _front_matter(lines, spans, starts) -> int:
    """YAML front matter: '---' on the first line up to the next '---' or '...'."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for j in range(1, len(lines)):
        if lines[j].rstrip() in ("---", "..."):
            spans.append((0, starts[j] + len(lines[j]) + 1))
            return j + 1
    return 0


def _markup(line, start, spans):
    m = _PREFIX.match(line)
    if m and m.end() > 0:
        spans.append((start, start + m.end()))
        head = line.startswith("#", len(line) - len(line.lstrip(" ")))
        if head:
            c = _CLOSING_HASHES.search(line, m.end())
            if c:
                spans.append((start + c.start(), start + len(line)))
    body = m.end() if m else 0
    s = _STRONG.match(line, body)
    if s:
        mark = len(s.group(1))
        close = line.rstrip(" \t")
        spans.append((start + body, start + body + mark))
        spans.append((start + len(close) - mark, start + len(line)))


def _merge(spans):
    out = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] and b <= out[-1][1]:
            continue
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
