"""Rule files (rules/*.yaml) → validated, compiled Rule objects. Compiled once per process."""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .diagnostics import CATEGORIES, SEVERITIES
from .errors import RuleFileError
from .resources import data_dir

RULE_KEYS = {
    "id", "name", "category", "severity", "message", "description", "rationale", "examples",
    # what to match: exactly one of these
    "pattern", "patterns", "phrases", "check",
    # refinements
    "group", "fix", "fix_safe", "before", "not_before", "after", "not_after", "word_boundary",
    "stale_from", "options", "enabled",
}
MATCH_KEYS = ("pattern", "patterns", "phrases", "check")
FILE_KEYS = {"rules", "category", "description"}
_ID = re.compile(r"^[A-Z]{2,4}\d{3,4}$")
_WINDOW = 40


@dataclass
class Rule:
    id: str
    name: str
    category: str
    severity: str
    message: str
    description: str
    rationale: str = ""
    examples: dict = field(default_factory=dict)
    patterns: list = field(default_factory=list)      # compiled regexes
    phrases: dict = field(default_factory=dict)       # phrase -> replacement (or None)
    check: Optional[str] = None
    group: int = 0
    fix: Optional[str] = None
    fix_safe: bool = True
    before: Optional[re.Pattern] = None
    not_before: Optional[re.Pattern] = None
    after: Optional[re.Pattern] = None
    not_after: Optional[re.Pattern] = None
    word_boundary: bool = False
    stale_from: Optional[_dt.date] = None
    options: dict = field(default_factory=dict)
    enabled: bool = True     # false: off unless selected by its exact id (noisy, house-style rules)
    builtin: bool = False    # shipped rules are trusted; a user's regexes run under a time limit (engine)
    source: str = ""
    line: int = 0

    def context_ok(self, text: str, start: int, end: int) -> bool:
        """before/after must match right next to the hit, not_before/not_after must not."""
        if self.before or self.not_before:
            left = text[max(0, start - _WINDOW):start]
            if self.before and not self.before.search(left):
                return False
            if self.not_before and self.not_before.search(left):
                return False
        if self.after or self.not_after:
            right = text[end:end + _WINDOW]
            if self.after and not self.after.match(right):
                return False
            if self.not_after and self.not_after.match(right):
                return False
        return True


# libyaml's parser (CSafeLoader) reads the rule files ~8x faster than the pure-Python one: 0.15 s of
# every run's start-up. Same marks, same errors; the pure-Python loader stays as the fallback.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Keeps the line of every mapping so errors can name it."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = key_node.value
        if key in seen:
            raise RuleFileError(loader.name, key_node.start_mark.line + 1, f"duplicate key '{key}'")
        seen.add(key)
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _compile(path, line, pattern, what, *, anchor=""):
    if not isinstance(pattern, str) or not pattern:
        raise RuleFileError(path, line, f"{what} must be a non-empty string")
    with warnings.catch_warnings():
        # re warns about a pattern whose meaning later Pythons change ("possible nested set" for [[…);
        # a user must see that as an error with the rule file's line, not as a Python warning
        warnings.simplefilter("error", FutureWarning)
        try:
            return re.compile(pattern + anchor)
        except re.error as exc:
            raise RuleFileError(path, line, f"invalid regular expression in {what}: {exc}") from None
        except FutureWarning as exc:
            raise RuleFileError(path, line, f"ambiguous regular expression in {what}: {exc}; "
                                "escape '[' (and '--', '&&', '~~', '||') inside [...]") from None


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def parse_rule(raw: dict, path: str, file_category: Optional[str] = None) -> Rule:
    line = raw.get("__line__", 0)
    if not isinstance(raw, dict):
        raise RuleFileError(path, line, "a rule must be a mapping")
    unknown = sorted(set(raw) - RULE_KEYS - {"__line__"})
    if unknown:
        raise RuleFileError(path, line, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(RULE_KEYS))})")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleFileError(path, line, f"rule id {rid!r} must look like SL101")
    category = raw.get("category", file_category)
    if category not in CATEGORIES:
        raise RuleFileError(path, line, f"{rid}: category {category!r} is not one of {', '.join(CATEGORIES)}")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleFileError(path, line, f"{rid}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    for key in ("message", "description"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleFileError(path, line, f"{rid}: '{key}' is required")
    matchers = [k for k in MATCH_KEYS if k in raw]
    if len(matchers) != 1:
        raise RuleFileError(path, line, f"{rid}: give exactly one of {', '.join(MATCH_KEYS)}")
    examples = _clean(raw.get("examples") or {})
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise RuleFileError(path, line, f"{rid}: examples must be a mapping with 'bad' and 'good' lists")
    rule = Rule(
        id=rid, name=str(raw.get("name") or rid), category=category, severity=severity,
        message=raw["message"].strip(), description=raw["description"].strip(),
        rationale=str(raw.get("rationale") or "").strip(), examples=examples,
        group=int(raw.get("group", 0)), fix=raw.get("fix"), fix_safe=bool(raw.get("fix_safe", True)),
        word_boundary=bool(raw.get("word_boundary", False)), enabled=bool(raw.get("enabled", True)), options=_clean(raw.get("options") or {}),
        source=str(path), line=line,
    )
    if "pattern" in raw or "patterns" in raw:
        pats = raw.get("patterns") or [raw.get("pattern")]
        if not isinstance(pats, list):
            raise RuleFileError(path, line, f"{rid}: patterns must be a list")
        rule.patterns = [_compile(path, line, p, f"{rid} pattern") for p in pats]
        for p in rule.patterns:
            if rule.group > p.groups:
                raise RuleFileError(path, line, f"{rid}: group {rule.group} but the pattern has {p.groups}")
            if isinstance(rule.fix, str) and rule.group == 0:
                try:    # sub() parses the template even on an empty string: a bad \3 fails here, not mid-run
                    p.sub(rule.fix, "")
                except (re.error, IndexError) as exc:
                    raise RuleFileError(path, line, f"{rid}: invalid fix template {rule.fix!r}: {exc}") from None
    elif "phrases" in raw:
        phrases = _clean(raw["phrases"])
        if isinstance(phrases, list):
            phrases = {p: None for p in phrases}
        if not isinstance(phrases, dict) or not phrases or not all(isinstance(k, str) and k for k in phrases):
            raise RuleFileError(path, line, f"{rid}: phrases must be a non-empty list or a mapping wrong → right")
        rule.phrases = {k: (None if v is None else str(v)) for k, v in phrases.items()}
    else:
        rule.check = str(raw["check"])
    for key, anchor in (("before", r"\Z"), ("not_before", r"\Z"), ("after", ""), ("not_after", "")):
        if raw.get(key) is not None:
            setattr(rule, key, _compile(path, line, raw[key], f"{rid} {key}", anchor=anchor))
    if raw.get("stale_from") is not None:
        value = raw["stale_from"]
        try:
            rule.stale_from = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        except ValueError:
            raise RuleFileError(path, line, f"{rid}: stale_from must be a date YYYY-MM-DD") from None
    return rule


def load_rule_file(path, *, cache: bool = False) -> list:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, 0, f"cannot read rule file: {exc}") from None
    return load_rule_text(text, str(path), cache=cache)


def _cached_yaml(text: str, name: str):
    """The parsed YAML of a rule file, kept between runs in the cache folder keyed by its content:
    parsing the shipped rule files is a fifth of a short run. Only files that parsed are cached."""
    import hashlib
    import os
    import pickle
    from .atomic import write_atomic
    from .recache import cache_dir
    path = os.path.join(cache_dir(), "rules-" + hashlib.sha1(text.encode("utf-8")).hexdigest() + ".pickle")
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:        # absent, unreadable or from another version: parse again
        pass
    data = _parse_yaml(text, name)
    try:
        write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return data


def load_rule_text(text: str, name: str, *, cache: bool = False) -> list:
    data = _cached_yaml(text, name) if cache else _parse_yaml(text, name)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RuleFileError(name, 1, "a rule file is a mapping with a 'rules' list")
    unknown = sorted(set(data) - FILE_KEYS - {"__line__"})
    if unknown:
        raise RuleFileError(name, data["__line__"], f"unknown top-level key '{unknown[0]}' (allowed: rules, category, description)")
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        raise RuleFileError(name, data["__line__"], "'rules' must be a list")
    return [parse_rule(r if isinstance(r, dict) else {"__line__": 0}, name, data.get("category")) for r in rules]


def _parse_yaml(text: str, name: str):
    return parse_yaml(text, name, _LineLoader, RuleFileError)


def parse_yaml(text: str, name: str, loader_class, error_class):
    """YAML through a line-keeping loader; any YAML error becomes error_class(name, line, message)."""
    try:
        loader = loader_class(text)      # the reader already rejects control characters here
    except yaml.YAMLError as exc:
        raise error_class(name, 0, f"invalid YAML: {' '.join(str(exc).split())}") from None
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error_class(name, mark.line + 1 if mark else 0, f"invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise error_class(name, 0, f"invalid YAML: {' '.join(str(exc).split())}") from None
    finally:
        loader.dispose()


def check_unique(rules) -> None:
    seen = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(rule.source, rule.line, f"duplicate rule id {rule.id} (first defined in {seen[rule.id]})")
        seen[rule.id] = f"{rule.source}:{rule.line}"


@lru_cache(maxsize=1)
def builtin_rules() -> tuple:
    rules = []
    for path in sorted(data_dir("rules").glob("*.yaml")):
        rules.extend(load_rule_file(path, cache=True))
    for rule in rules:
        rule.builtin = True
    check_unique(rules)
    return tuple(rules)
