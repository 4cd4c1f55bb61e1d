"""check stage: run the selected rules over a Document and return positioned Diagnostics."""
from __future__ import annotations

import string
from functools import lru_cache

from .config import Settings, is_selected, severity_for
from .diagnostics import Diagnostic, Fix
from .errors import SpeechlintError
from .registry import Hit, load_checks
from .ruleset import builtin_rules, check_unique
from .words import on_word_boundary


class InternalError(SpeechlintError):
    """A bug in speechlint itself, raised with the rule and file it happened in."""


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def format_message(template: str, params: dict) -> str:
    return string.Formatter().vformat(template, (), _Params(params))


class _PhraseIndex:
    """One Aho–Corasick automaton for every phrase of every phrase rule."""

    def __init__(self, rules):
        import ahocorasick
        self.automaton = ahocorasick.Automaton()
        table = {}
        for rule in rules:
            for phrase, replacement in rule.phrases.items():
                table.setdefault(phrase, []).append((rule, replacement))
        for phrase, entries in table.items():
            self.automaton.add_word(phrase, (len(phrase), entries))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text):
        if self.empty:
            return
        for end, (length, entries) in self.automaton.iter(text):
            for rule, replacement in entries:
                yield rule, end + 1 - length, end + 1, replacement


class Linter:
    def __init__(self, settings: Settings | None = None, rules=None):
        self.settings = settings or Settings()
        all_rules = list(builtin_rules() if rules is None else rules) + list(self.settings.extra_rules)
        check_unique(all_rules)
        self.rules = [r for r in all_rules if is_selected(r, self.settings)]
        checks = load_checks()
        for rule in self.rules:
            if rule.check and rule.check not in checks:
                raise SpeechlintError(f"{rule.source}:{rule.line}: {rule.id}: unknown check '{rule.check}'")
        self._checks = checks
        self._phrases = _PhraseIndex([r for r in self.rules if r.phrases])
        self._severity = {r.id: severity_for(r, self.settings) for r in self.rules}

    # ------------------------------------------------------------------------------------
    def lint(self, doc) -> list:
        if self.settings.date is not None:
            doc._date, doc._date_reason = self.settings.date, "set by --date or the configuration"
        text = doc.text
        hits = []
        for rule in self.rules:
            if rule.stale_from is not None and (doc.date is None or doc.date < rule.stale_from):
                continue
            try:
                if rule.check:
                    hits.extend((rule, h) for h in self._checks[rule.check](doc, rule))
                elif rule.patterns:
                    hits.extend((rule, h) for h in self._regex_hits(rule, text))
            except SpeechlintError:
                raise
            except Exception as exc:  # a bug in a check must name where it happened
                raise InternalError(f"{doc.path}: internal error in rule {rule.id}: {exc!r}") from exc
        for rule, start, end, replacement in self._phrases.find(text):
            if rule.stale_from is not None and (doc.date is None or doc.date < rule.stale_from):
                continue
            if not rule.context_ok(text, start, end):
                continue
            if rule.word_boundary and not on_word_boundary(text, start, end):
                continue
            fix = None
            if replacement is not None and rule.fix is not False:
                fix = Fix(replacement, rule.fix_safe)
            hits.append((rule, Hit(start, end, {"replacement": replacement or ""}, fix)))
        return self._finish(doc, hits)

    def _regex_hits(self, rule, text):
        for pattern in rule.patterns:
            for m in pattern.finditer(text):
                start, end = m.span(rule.group)
                if start == end or not rule.context_ok(text, start, end):
                    continue
                if rule.word_boundary and not on_word_boundary(text, start, end):
                    continue
                fix = None
                params = {k: v or "" for k, v in m.groupdict().items()}
                if rule.fix is not None:
                    replacement = m.expand(rule.fix) if rule.group == 0 else rule.fix
                    fix = Fix(replacement, rule.fix_safe)
                    params["replacement"] = replacement
                yield Hit(start, end, params, fix)

    def _finish(self, doc, hits) -> list:
        text = doc.text
        ignored = doc.ignored
        allowed = _allowed_spans(text, self.settings.allow) if self.settings.allow else []
        out, seen = [], set()
        for rule, hit in hits:
            key = (rule.id, hit.start, hit.end)
            if key in seen:
                continue
            seen.add(key)
            if ignored and any(a <= hit.start < b for a, b in ignored):
                continue
            if allowed and any(a <= hit.start and hit.end <= b for a, b in allowed):
                continue
            params = dict(hit.params)
            params.setdefault("match", text[hit.start:hit.end])
            severity = self._severity[rule.id]
            if hit.severity and hit.severity != rule.severity:
                severity = hit.severity
            d = Diagnostic(rule.id, rule.category, severity, format_message(rule.message, params),
                           hit.start, hit.end, fix=hit.fix, path=doc.path)
            d.line, d.column = doc.position(hit.start)
            d.end_line, d.end_column = doc.position(hit.end)
            if hit.fix is not None and hit.fix.edits:
                d.extra["edits"] = [_edit_dict(doc, *edit) for edit in hit.fix.edits]
            out.append(d)
        out.sort(key=Diagnostic.sort_key)
        return out


def _edit_dict(doc, start, end, replacement):
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column,
            "replacement": replacement}


def _allowed_spans(text, words):
    spans = []
    for word in words:
        i = text.find(word)
        while i != -1:
            spans.append((i, i + len(word)))
            i = text.find(word, i + 1)
    return spans


@lru_cache(maxsize=8)
def default_linter() -> Linter:
    return Linter()
