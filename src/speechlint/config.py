"""Resolved settings for one file. Where they come from (speechlint.yaml, [tool.speechlint] in
pyproject.toml, per-path overrides, the command line) is settings_file.py's business."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Settings:
    select: tuple = ()                 # rule ids, id prefixes or categories; empty = all
    ignore: tuple = ()
    severity: dict = field(default_factory=dict)    # id / prefix / category -> severity
    fail_on: str = "warning"
    date: Optional[_dt.date] = None
    allow: tuple = ()                  # words no rule may touch
    extra_rules: tuple = ()            # Rule objects from user rule files
    # where the values came from, for --show-settings and --verbose (not used by the engine)
    source: str = ""                   # the configuration file ('' = built-in defaults)
    rule_files: tuple = ()             # the user rule files extra_rules came from
    exclude: tuple = ()                # globs of files not to lint (relative to the config file)
    overrides: tuple = ()              # the per-path globs that applied to this file

    def linter_key(self) -> tuple:
        """Equal keys give the same Linter, so files sharing a configuration share compiled rules."""
        return (self.select, self.ignore, tuple(sorted(self.severity.items())), self.date, self.allow,
                tuple(id(r) for r in self.extra_rules))


def selector_matches(selector: str, rule) -> bool:
    return selector == rule.category or rule.id.startswith(selector)


def is_selected(rule, settings: Settings) -> bool:
    if not rule.enabled and rule.id not in settings.select:
        return False
    if settings.select and not any(selector_matches(s, rule) for s in settings.select):
        return False
    return not any(selector_matches(s, rule) for s in settings.ignore)


def severity_for(rule, settings: Settings) -> str:
    best, best_len = rule.severity, -1
    for selector, sev in settings.severity.items():
        if selector_matches(selector, rule):
            # the most specific selector wins: a full id over a prefix over a category
            weight = 100 if selector == rule.id else len(selector) if selector != rule.category else 0
            if weight > best_len:
                best, best_len = sev, weight
    return best
