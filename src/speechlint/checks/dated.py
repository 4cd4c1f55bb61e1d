"""Date-aware term checks for the outdated rules (rules/outdated.yaml).

One check, `dated.term`, serves every rule: the rule's `options.terms` maps an old form to the
current one, `options.since` is the day the old form went stale (`options.since_by_term` sets it per term).  Each hit is judged against the
date of the speech it sits in (dates.date_range_at: a compilation's 篇 each have their own), so a
rule never fires when no date is known.  `options.mode: before` turns the test round: the term did
not exist yet (anachronism), so it fires when the speech is known to be older than `since`.

All rules' terms share one regex, run once per document over the simplified view of the text
(plainview.plain_view), so traditional-character copies and pinyin-garbled copies match too.

Clause options (regexes, searched in the sentence around the hit):
  ongoing_before / ongoing_after  at least one must match before / right after the hit when given
                                  (campaigns and slogans are stale only when described as current)
  skip_if                         the sentence is retrospective: report nothing
  info_if                         the sentence may be retrospective: report at info only
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from ..dates import date_kind_at, date_range_at
from ..plainview import plain_view
from ..document import per_document
from ..registry import Hit, check
from ..scan import starts_pattern

_CLAUSE_END = re.compile(r"[。！？；!?;\n]")
_MAX_CLAUSE = 120


def _date(value):
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def _terms(rule) -> dict:
    terms = rule.options.get("terms") or {}
    if isinstance(terms, list):
        terms = {t: rule.options.get("current", "") for t in terms}
    return {str(k): ("" if v is None else str(v)) for k, v in terms.items() if k}


@lru_cache(maxsize=None)
def _compiled(rule_id: str, source: str, line: int, pattern: str):
    return re.compile(pattern)


def _regex(rule, key):
    value = rule.options.get(key)
    return _compiled(rule.id, rule.source, rule.line, value) if value else None


_MATCHERS: dict = {}


def _matcher(rules: tuple):
    # Rule objects are not hashable: cache by where the rules come from
    key = tuple((r.id, r.source, r.line) for r in rules)
    if key not in _MATCHERS:
        _MATCHERS[key] = _build(rules)
    return _MATCHERS[key]


def _build(rules: tuple):
    """(pattern of every term's start, {term: ((rule id, current), …)}), or None without terms."""
    table = {}
    for rule in rules:
        for term, current in _terms(rule).items():
            table.setdefault(term, []).append((rule.id, current))
    if not table:
        return None
    return starts_pattern(table), {term: tuple(entries) for term, entries in table.items()}


@lru_cache(maxsize=1)
def _builtin_dated() -> tuple:
    from ..ruleset import builtin_rules
    return tuple(r for r in builtin_rules() if r.check == "dated.term")


def _scan(doc, rules: tuple) -> dict:
    """{rule id: [(view start, view end, term, current)]}: hits of every rule, a hit that lies inside a
    longer hit dropped (国家卫计委 is one name, not also 卫计委). Only the longest term starting at
    a place can count: a shorter one there lies inside it."""
    view = plain_view(doc).text
    matcher = _matcher(rules)
    out, reach = {}, -1
    if matcher is None:
        return out
    pattern, table = matcher
    for m in pattern.finditer(view):
        start, end = m.span(1)
        if end <= reach:          # inside the previous longer hit
            continue
        reach = end
        term = m.group(1)
        for rule_id, current in table[term]:
            out.setdefault(rule_id, []).append((start, end, term, current))
    return out


def _name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _builtin_keys() -> frozenset:
    return frozenset((r.id, r.line, _name(r.source)) for r in _builtin_dated())


@per_document
def _builtin_hits(doc) -> dict:
    return _scan(doc, _builtin_dated())


def _hits_for(doc, rule):
    if (rule.id, rule.line, _name(rule.source)) in _builtin_keys():
        return _builtin_hits(doc).get(rule.id, [])
    return _scan(doc, (rule,)).get(rule.id, [])


def _clause(view: str, start: int, end: int) -> tuple:
    lo = max(0, start - _MAX_CLAUSE)
    for m in _CLAUSE_END.finditer(view, lo, start):
        lo = m.end()
    m = _CLAUSE_END.search(view, end, min(len(view), end + _MAX_CLAUSE))
    hi = m.start() if m else min(len(view), end + _MAX_CLAUSE)
    return lo, hi


def _cn_date(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@check("dated.term")
def dated_term(doc, rule):
    hits = _hits_for(doc, rule)
    if not hits:
        return
    opts = rule.options
    since_default = _date(opts["since"])
    since_by_term = {k: _date(v) for k, v in (opts.get("since_by_term") or {}).items()}
    before_mode = opts.get("mode") == "before"
    ongoing_before, ongoing_after = _regex(rule, "ongoing_before"), _regex(rule, "ongoing_after")
    skip_if, info_if = _regex(rule, "skip_if"), _regex(rule, "info_if")
    plain = plain_view(doc)
    view = plain.text
    for start, end, term, current in hits:
        doc_start, doc_end = plain.span(start, end)
        since = since_by_term.get(term, since_default)
        earliest, latest = date_range_at(doc, doc_start)
        if before_mode:
            if latest is None or latest >= since:
                continue
        elif earliest is None or earliest < since:
            continue
        if not rule.context_ok(view, start, end):
            continue
        lo, hi = _clause(view, start, end)
        if ongoing_before or ongoing_after:
            ok = bool(ongoing_before and ongoing_before.search(view, lo, start))
            ok = ok or bool(ongoing_after and ongoing_after.match(view, end, hi))
            if not ok:
                continue
        if skip_if and skip_if.search(view, lo, hi):
            continue
        severity = "info" if info_if and info_if.search(view, lo, hi) else None
        if severity is None and rule.severity == "error" and date_kind_at(doc, doc_start) == "title":
            severity = "warning"    # only a title year dates the speech: weak evidence, no error
        params = {"current": current, "since": _cn_date(since), "term": term,
                  "date": _cn_date(earliest if not before_mode else latest)}
        yield Hit(doc_start, doc_end, params, None, severity)
