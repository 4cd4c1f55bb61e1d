"""check stage: run the selected rules over a Document and return positioned Diagnostics."""
from __future__ import annotations

import string
from array import array
from bisect import bisect_right
from functools import lru_cache
from operator import attrgetter

from .config import Settings, is_selected, severity_for
from .diagnostics import Diagnostic, Fix
from .errors import SpeechlintError
from .registry import Hit, load_checks
from .ruleset import builtin_rules, check_unique
from . import scan
from .prefilter import TextChars
from .prefilter import finditer as prefilter_finditer
from .timelimit import budget, time_limit
from .words import on_word_boundary


PREFILTER_MIN_CHARS = 20_000    # see prefilter.py


class InternalError(SpeechlintError):
    """A bug in speechlint itself, raised with the rule and file it happened in."""


class _Params(dict):
    """Message values; {match} is the matched text, cut only when a message asks for it."""

    def __init__(self, params, text="", start=0, end=0):
        super().__init__(params)
        self._span = (text, start, end)

    def __missing__(self, key):
        if key == "match":
            text, start, end = self._span
            return text[start:end]
        return "{" + key + "}"


def format_message(template: str, params: dict, text: str = "", start: int = 0, end: int = 0) -> str:
    # str.format_map is C code, ten times faster than string.Formatter on documents with many findings;
    # the Formatter stays as the fallback for templates format_map refuses ({0}, {a.b} on a str …).
    if "{" not in template:
        return template
    values = _Params(params, text, start, end)
    try:
        return template.format_map(values)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        try:
            return string.Formatter().vformat(template, (), values)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError):
            return template


@lru_cache(maxsize=1024)
def _fields(template: str) -> tuple:
    """The field names of a message template, () when it has none. A template that format_map cannot
    fill from a hit's params fails there and gets format_message's careful path."""
    if "{" not in template:
        return ()
    try:
        return tuple({name for _, name, _, _ in string.Formatter().parse(template) if name is not None}) or ("",)
    except ValueError:
        return ("",)


class _PhraseIndex:
    """One Aho–Corasick automaton for every phrase of every phrase rule (scanned as scan.py explains)."""

    def __init__(self, rules):
        self.table = {}
        for rule in rules:
            for phrase, replacement in rule.phrases.items():
                self.table.setdefault(phrase, []).append((rule, replacement))
        self.empty = not self.table
        self._built = None

    def _automaton(self):
        if self._built is None:
            import ahocorasick
            automaton = ahocorasick.Automaton()
            for phrase, entries in self.table.items():
                automaton.add_word(scan.key(phrase), (len(phrase), entries))
            automaton.make_automaton()
            self._built = automaton
        return self._built

    def find(self, text):
        if self.empty:
            return
        for end, (length, entries) in scan.iter_utf8(self._automaton(), text):
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
        found = _Collector(doc, self._severity, self.settings.allow)
        for rule in self.rules:
            if rule.stale_from is not None and (doc.date is None or doc.date < rule.stale_from):
                continue
            try:
                if rule.check:
                    found.add(rule, self._checks[rule.check](doc, rule))
                elif rule.patterns and rule.builtin:
                    found.add(rule, self._regex_hits(rule, text))
                elif rule.patterns:
                    with self._guard(rule, doc):
                        found.add(rule, self._regex_hits(rule, text))
            except SpeechlintError:
                raise
            except Exception as exc:  # a bug in a check must name where it happened
                raise InternalError(f"{doc.path}: internal error in rule {rule.id}: {exc!r}") from exc
        for rule, start, end, replacement in self._phrases.find(text):
            if rule.stale_from is not None and (doc.date is None or doc.date < rule.stale_from):
                continue
            if rule.builtin:
                if not rule.context_ok(text, start, end):
                    continue
            else:
                with self._guard(rule, doc):
                    if not rule.context_ok(text, start, end):
                        continue
            if rule.word_boundary and not on_word_boundary(text, start, end):
                continue
            fix = None
            if replacement is not None and rule.fix is not False:
                fix = Fix(replacement, rule.fix_safe)
            found.add(rule, (Hit(start, end, {"replacement": replacement or ""}, fix),))
        return found.sorted()

    def _guard(self, rule, doc):
        """A user's regex gets a time limit: catastrophic backtracking becomes a one-line error."""
        return time_limit(budget(doc.text), f"{doc.path}: rule {rule.id} ({rule.source}:{rule.line}) took too long: "
                          "its regular expression backtracks catastrophically (nested quantifiers such as "
                          "(a+)+ or (.*)*); simplify it")

    def _text_chars(self, text):
        if len(text) < PREFILTER_MIN_CHARS:     # a short draft scans fast; skip parsing the patterns
            return None
        cached = self.__dict__.get("_chars")
        if cached is None or cached.text is not text:
            cached = self._chars = TextChars(text)
        return cached

    def _regex_hits(self, rule, text):
        chars = self._text_chars(text)
        for pattern in rule.patterns:
            # on a long text, prefilter.finditer skips the pattern when no character a match can start
            # with occurs, and tries it only at those characters when they are rare (same matches)
            for m in pattern.finditer(text) if chars is None else prefilter_finditer(pattern, text, chars):
                start, end = m.span(rule.group)
                if start == end or not rule.context_ok(text, start, end):
                    continue
                if rule.word_boundary and not on_word_boundary(text, start, end):
                    continue
                fix = None
                params = {k: v or "" for k, v in m.groupdict().items()}
                if rule.fix is not None:
                    # expand() parses the template on every call: only when it has references
                    replacement = m.expand(rule.fix) if rule.group == 0 and "\\" in rule.fix else rule.fix
                    fix = Fix(replacement, rule.fix_safe)
                    params["replacement"] = replacement
                yield Hit(start, end, params, fix)


class _Collector:
    """Turns hits into Diagnostics as each rule yields them, so that a draft with a hundred thousand
    findings never holds every Hit (and its params) alongside every Diagnostic."""

    def __init__(self, doc, severities: dict, allow):
        self.doc, self.text, self.severities = doc, doc.text, severities
        self.ignored = _merged(doc.ignored) if doc.ignored else None
        self.allowed = _allowed_spans(self.text, allow) if allow else []
        self.out, self.seen, self.messages, self.fixes = [], {}, {}, {}

    def add(self, rule, hits):
        doc, text, out, messages, fixes = self.doc, self.text, self.out, self.messages, self.fixes
        ignored, allowed, path, line_starts, size = self.ignored, self.allowed, doc.path, doc.line_starts, len(text)
        base_severity = self.severities[rule.id]
        # only a phrase rule is added to more than once: the rest keep their keys only briefly
        seen = self.seen.setdefault(rule.id, set()) if rule.phrases else set()
        template = rule.message
        fields = _fields(template)
        for hit in hits:
            start, end = hit.start, hit.end
            if (start, end) in seen:
                continue
            seen.add((start, end))
            if ignored and _inside(ignored, start):
                continue
            if allowed and any(a <= start and end <= b for a, b in allowed):
                continue
            severity = base_severity
            if hit.severity and hit.severity != rule.severity:
                severity = hit.severity
            if not fields:
                message = template
            else:
                params = hit.params
                if "match" in fields and "match" not in params:
                    params = {**params, "match": text[start:end]}
                try:
                    message = template.format_map(params)
                except Exception:   # a missing value or an odd template: the careful path
                    message = format_message(template, hit.params, text, start, end)
            # one copy of a message or a fix said many times: a pinyin-stuffed draft repeats them by the thousand
            message = messages.setdefault(message, message)
            fix = hit.fix
            if fix is not None and not fix.edits:
                fix = fixes.setdefault((fix.replacement, fix.safe), fix)
            if 0 <= start <= end <= size:
                d = Diagnostic(rule.id, rule.category, severity, message, start, end, 0, 0, 0, 0, fix, path, None,
                               line_starts=line_starts)
            else:   # a check's offset outside the text: positions clamped to it
                d = Diagnostic(rule.id, rule.category, severity, message, start, end, *doc.position(start),
                               *doc.position(end), fix, path)
            if fix is not None and fix.edits:
                d.extra["edits"] = _LazyEdits(line_starts, size, fix.edits)
            out.append(d)

    def sorted(self) -> list:
        self.out.sort(key=attrgetter("start", "end", "rule"))      # Diagnostic.sort_key, without a call each
        return self.out


class _LazyEdits:
    """The line/column form of a document-level fix's edits, worked out each time a report reads them
    and never held: the text report never does, and a half-width 20 MB draft carries a million edits.
    A worker process sends the offsets and the line starts, not dicts or the document."""

    def __init__(self, line_starts, size, edits):
        self._starts, self._size, self._edits = line_starts, size, edits

    def __iter__(self):
        return _iter_edit_dicts(self._starts, self._size, self._edits)

    def __getitem__(self, index):
        return list(self)[index]

    def __len__(self):
        return len(self._edits)

    def __reduce__(self):
        return _LazyEdits, (self._starts, self._size, tuple(self._edits))


def _iter_edit_dicts(line_starts, size, edits):
    """{line, column, end_line, end_column, replacement} for each (start, end, replacement), in order;
    offsets outside the text are clamped to it. Edits come in text order: one walk over the line starts
    instead of a binary search per offset."""
    starts = array("q", line_starts)
    starts.append(size + 1)        # a sentinel ends every walk
    i, last = 0, size + 1          # the first edit finds its line by a binary search, not a walk from line 1
    for start, end, replacement in edits:
        start, end = max(0, min(start, size)), max(0, min(end, size))
        if start < last:
            i = bisect_right(line_starts, start) - 1      # the first edit, or one out of order
        last = start
        while starts[i + 1] <= start:
            i += 1
        j = i if end >= start else bisect_right(line_starts, end) - 1
        while starts[j + 1] <= end:
            j += 1
        yield {"line": i + 1, "column": start - starts[i] + 1, "end_line": j + 1,
               "end_column": end - starts[j] + 1, "replacement": replacement}


def _merged(spans) -> tuple:
    """Sorted, non-overlapping (starts, ends) so that a lookup is one bisect, not a scan per finding."""
    starts, ends = [], []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _inside(merged, pos) -> bool:
    import bisect
    starts, ends = merged
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


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
