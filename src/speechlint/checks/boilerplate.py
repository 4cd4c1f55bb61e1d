"""Boilerplate left by document-sharing sites: whole lines (download prompts, 温馨提示, widgets, web
stamps), tags glued to a paragraph (公务员之家版权所有, —1—, 第8页 共8页) and the chunk markers "1、"
a site put at the start of each fixed-size line.

Every check reads the simplified view from checks.typo, so a traditional or pinyin-annotated copy
("相關(guān)熱詞搜索") is matched like a simplified one; offsets are mapped back to doc.text."""
from __future__ import annotations

import bisect
import re
from itertools import chain, islice

from ..diagnostics import Fix
from ..registry import Hit, check
from ..plainview import plain_view
from ..scan import starts_pattern

_SPACE = " \t\u3000\u00a0"
_COMPILED: dict = {}


def _patterns(rule, key, flags=0) -> list:
    cache_key = (rule.id, rule.source, rule.line, key)
    found = _COMPILED.get(cache_key)
    if found is None:
        raw = rule.options.get(key) or []
        if isinstance(raw, str):
            raw = [raw]
        found = _COMPILED[cache_key] = [re.compile(p, flags) for p in raw]
    return found


def _snippet(text: str, limit: int = 24) -> str:
    text = text.strip(_SPACE)
    return text if len(text) <= limit else text[:limit] + "…"


def _candidate_lines(view, rule):
    """(start, end) in view.text of the lines worth trying: the first options.first_lines non-empty
    lines; or those holding one of options.triggers (plain words, found by one regex pass shared by all
    the rules); or, with neither, every line no longer than options.max_line."""
    text = view.text
    starts = view.line_starts
    triggers = rule.options.get("triggers")
    first = rule.options.get("first_lines")
    if first:
        shown = 0
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
            if text[start:end].strip(_SPACE):
                yield start, end
                shown += 1
                if shown >= int(first):
                    return
        return
    if not triggers:
        limit = int(rule.options.get("max_line", 200))
        # pairs (line start, next line start) rather than indexing: this runs over every line
        nexts = chain(islice(starts, 1, None), (len(text) + 1,))
        yield from [(start, nxt - 1) for start, nxt in zip(starts, nexts) if 0 < nxt - 1 - start <= limit]
        return
    index_of = _trigger_index(view)
    found = set()
    for word in triggers:
        lines = index_of.get(word)
        if lines is None:               # a trigger only a user's rule has: look it up alone
            lines = index_of[word] = _lines_holding(view, re.compile(re.escape(word)))
        found.update(lines)
    for index in sorted(found):
        start = starts[index]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        yield start, end


def _all_triggers() -> tuple:
    from ..ruleset import builtin_rules
    words = {w for r in builtin_rules() if r.check and r.check.startswith("boilerplate.")
             for w in (r.options.get("triggers") or [])}
    # longest first; ties by text, so the regex is the same string in every run (the regex cache keys on it)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


_TRIGGER_RE = []


def _trigger_index(view) -> dict:
    """{trigger word: line indices} for every trigger of every built-in boilerplate rule, from one
    regex pass over the text shared by all the rules (cached on the view)."""
    index = view.__dict__.get("_trigger_index")
    if index is None:
        if not _TRIGGER_RE:
            words = _all_triggers()
            _TRIGGER_RE.append(starts_pattern(words) if words else None)
        index = {w: set() for w in _all_triggers()}
        trigger_re = _TRIGGER_RE[0]
        if trigger_re is not None:
            # the longest trigger at every place one starts, also inside another ("本文档为" holds 文档为)
            starts = view.line_starts
            for m in trigger_re.finditer(view.text):
                index[m.group(1)].add(bisect.bisect_right(starts, m.start()) - 1)
        view._trigger_index = index
    return index


def _lines_holding(view, pattern) -> set:
    starts = view.line_starts
    return {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(view.text)}


def _line_hit(doc, view, plain_start, safe=True) -> Hit:
    """The whole physical line holding plain offset plain_start, with a fix that empties it."""
    index = doc.line_of(view.start(plain_start))
    start, end = doc.line_span(index)
    text = doc.text[start:end]
    return Hit(start, end, {"snippet": _snippet(text), "match": text.strip(_SPACE)}, Fix("", safe=safe))


def _tag_hit(doc, view, s, e, safe=True) -> Hit:
    start, end = view.span(s, e)
    text = doc.text[start:end]
    return Hit(start, end, {"snippet": _snippet(text)}, Fix("", safe=safe))


@check("boilerplate.lines")
def whole_lines(doc, rule):
    """options.lines: regexes that must cover a whole line (leading/trailing spaces allowed)."""
    view = plain_view(doc)
    patterns = _patterns(rule, "lines", re.M)
    for start, end in _candidate_lines(view, rule):
        for pattern in patterns:
            if pattern.match(view.text, start, end):
                yield _line_hit(doc, view, start)
                break


@check("boilerplate.tags")
def glued_tags(doc, rule):
    """options.tags: regexes for site text inside a line; the named group `tag` (or the whole match)
    is what to delete. A match that fills its whole line is reported as a line."""
    view = plain_view(doc)
    text = view.text
    safe = bool(rule.options.get("fix_safe", True))
    patterns = _patterns(rule, "tags", re.M)
    if rule.options.get("triggers") or rule.options.get("first_lines"):
        spans = list(_candidate_lines(view, rule))
    else:
        spans = [(0, len(text))]       # no triggers: one pass over the whole text
    for span_start, span_end in spans:
        for pattern in patterns:
            for m in pattern.finditer(text, span_start, span_end):
                s, e = m.span("tag") if "tag" in pattern.groupindex else m.span()
                if s == e:
                    continue
                line_start = text.rfind("\n", 0, s) + 1
                line_end = text.find("\n", e)
                line_end = len(text) if line_end == -1 else line_end
                if not text[line_start:s].strip(_SPACE) and not text[e:line_end].strip(_SPACE):
                    yield _line_hit(doc, view, s)
                else:
                    yield _tag_hit(doc, view, s, e, safe)


_SENTENCE_END = re.compile(r"[。！？!?；;]")


@check("boilerplate.site_terms")
def site_terms(doc, rule):
    """options.terms: words only a sharing site writes (本站, 网友上传, 下载收益 …). A short line holding
    one is site text as a whole; inside a long paragraph only its sentence is."""
    view = plain_view(doc)
    text = view.text
    max_line = int(rule.options.get("max_line", 200))
    patterns = _patterns(rule, "terms")
    deferred = _deferred_line_patterns(rule)
    for line_start, line_end in _candidate_lines(view, rule):
        for pattern in patterns:
            for m in pattern.finditer(text, line_start, line_end):
                if line_end - line_start <= max_line:
                    # a line a more specific line rule reports (下载文档, 网站客服…) is not reported twice
                    if not any(p.match(text, line_start, line_end) for p in deferred):
                        yield _line_hit(doc, view, m.start())
                    break
                s = line_start
                for end_mark in _SENTENCE_END.finditer(text, line_start, m.start()):
                    s = end_mark.end()
                stop = _SENTENCE_END.search(text, m.end(), line_end)
                e = stop.end() if stop else line_end
                s += len(text[s:e]) - len(text[s:e].lstrip(_SPACE))
                yield _tag_hit(doc, view, s, e, safe=False)
            else:
                continue
            break


def _deferred_line_patterns(rule) -> list:
    """The whole-line patterns of the built-in rules named in options.defer_to."""
    key = (rule.id, rule.source, rule.line, "defer_to")
    found = _COMPILED.get(key)
    if found is None:
        from ..ruleset import builtin_rules
        names = set(rule.options.get("defer_to") or ())
        found = _COMPILED[key] = [p for r in builtin_rules() if r.id in names
                                  for p in _patterns(r, "lines", re.M)]
    return found


@check("boilerplate.related_list")
def related_list(doc, rule):
    """After a "相关范文推荐" header the site lists other documents: titles and teasers, one a line,
    to the end of the page. Each entry line is reported; the header has its own rule."""
    view = plain_view(doc)
    text = view.text
    headers = _patterns(rule, "headers", re.M)
    if not headers:
        return
    m = None
    for pattern in headers:
        m = pattern.search(text)
        if m:
            break
    if not m:
        return
    max_entry = int(rule.options.get("max_entry", 160))
    min_entry = int(rule.options.get("min_entry", 6))
    pos = text.find("\n", m.end())
    count = 0
    while pos != -1 and count < 60:
        start = pos + 1
        pos = text.find("\n", start)
        line = text[start:] if pos == -1 else text[start:pos]
        body = line.strip(_SPACE)
        if not body:
            continue
        indented = line[:1] in _SPACE
        if not indented and len(body) > max_entry:
            break                      # ordinary text again: the list is over
        count += 1
        if len(body) < min_entry:
            continue                   # 收起 / 展开: widgets, reported by their own rule
        yield _line_hit(doc, view, start)


@check("boilerplate.repeated_title")
def repeated_title(doc, rule):
    """The page title printed above the document's own identical title: the first non-empty line
    comes back verbatim within the next few lines, with site text in between."""
    lines = plain_view(doc).text.split("\n")
    window = int(rule.options.get("window", 12))
    first = None
    for index, line in enumerate(lines[:window]):
        body = line.strip(_SPACE)
        if not body:
            continue
        if first is None:
            if len(body) > 80 or _SENTENCE_END.search(body):
                return
            first = (index, body)
            continue
        if body == first[1] and index - first[0] >= 2:
            start, end = doc.line_span(first[0])
            yield Hit(start, end, {"snippet": _snippet(doc.text[start:end]), "line": index + 1}, Fix("", safe=True))
            return


@check("boilerplate.chunk_markers")
def chunk_markers(doc, rule):
    """The parse stage found "1、" "2、" … numbering the site's fixed-size lines (doc.chunk_markers)."""
    for start, end in doc.chunk_markers:
        yield Hit(start, end, {"snippet": doc.text[start:end]}, Fix("", safe=True))
