"""Every example of every rule: a bad example yields that rule id, a good one does not."""
import datetime as dt

import pytest

from speechlint.config import Settings
from speechlint.engine import Linter
from speechlint.loader import load_text
from speechlint.ruleset import builtin_rules

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}-{kind}-{i}")
    for rule in builtin_rules()
    for kind in ("bad", "good")
    for i, example in enumerate(rule.examples.get(kind) or [])
]


def test_every_rule_has_examples():
    missing = [r.id for r in builtin_rules() if not r.examples.get("bad") or not r.examples.get("good")]
    assert not missing, f"rules without bad and good examples: {missing}"


@pytest.mark.parametrize("rule,kind,example", CASES)
def test_rule_example(rule, kind, example):
    text, date = (example["text"], example.get("date")) if isinstance(example, dict) else (example, None)
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    linter = Linter(Settings(select=(rule.id,), date=date))
    found = [d for d in linter.lint(load_text(text, "example.txt")) if d.rule == rule.id]
    if kind == "bad":
        assert found, f"{rule.id} should flag: {text!r}"
    else:
        assert not found, f"{rule.id} should not flag {text!r}: {[d.message for d in found]}"
