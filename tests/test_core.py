"""Loading, positions, the JSON contract, exit codes, selection and rule-file errors."""
import json
import subprocess
import sys

import pytest

from speechlint import lint_text
from speechlint.config import Settings
from speechlint.engine import Linter
from speechlint.errors import RuleFileError
from speechlint.loader import load_path, load_text
from speechlint.ruleset import load_rule_text


def run(*args, input=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "speechlint", *args], capture_output=True, text=True,
                          input=input, cwd=cwd)


def test_positions_count_characters_not_bytes(tmp_path):
    # CRLF, a BOM and an astral character before the placeholder must not shift the column
    path = tmp_path / "d.txt"
    path.write_bytes("\ufeff同志们：\r\n𠀀县委书记×××同志讲话。\r\n".encode("utf-8"))
    doc = load_path(path)
    assert doc.bom and doc.newline == "\r\n" and doc.lines[1] == "𠀀县委书记×××同志讲话。"
    found = [d for d in Linter().lint(doc) if d.rule == "SL201"]
    assert [(d.line, d.column, d.end_line, d.end_column) for d in found] == [(2, 6, 2, 9)]


def test_position_mapping():
    doc = load_text("ab\ncd\n\nef")
    assert [doc.position(i) for i in (0, 1, 2, 3, 5, 6, 7, 9)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (4, 1), (4, 3)]


def test_json_contract(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("县委书记×××同志讲话。\n1、加强领导。\n2、完善机制。\n", encoding="utf-8")
    proc = run("--format", "json", str(path))
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["version"] == "1" and data["files"][0]["path"] == str(path)
    diags = data["files"][0]["diagnostics"]
    keys = {"rule", "category", "severity", "line", "column", "end_line", "end_column", "message", "fix"}
    assert all(keys <= set(d) for d in diags)
    placeholder = next(d for d in diags if d["rule"] == "SL201")
    assert (placeholder["line"], placeholder["column"], placeholder["end_column"]) == (1, 5, 8)
    marker = next(d for d in diags if d["rule"] == "SL107")
    assert marker["fix"] == {"replacement": "1.", "safe": True} and marker["category"] == "numbering"


def test_text_output_and_summary(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("一、总体要求\n二、主要任务\n四、保障措施\n", encoding="utf-8")
    proc = run("--select", "numbering", str(path))
    lines = proc.stdout.splitlines()
    assert lines[0] == f"{path}:3:1: SL101 [numbering] 序号跳号：“二、”之后是“四、”，应为“三、”"
    assert lines[-1].startswith("发现 1 个问题")
    assert proc.returncode == 1


def test_exit_codes_and_fail_on(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("同志们：\n今天召开全县工作会议。\n", encoding="utf-8")
    assert run(str(clean)).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("（一）加强领导。\n（二）完善机制。\n（一）强化保障。\n", encoding="utf-8")  # SL104 is a warning
    assert run("--select", "SL104", str(bad)).returncode == 1
    assert run("--select", "SL104", "--fail-on", "error", str(bad)).returncode == 0
    assert run(str(tmp_path / "missing.txt")).returncode == 2
    assert run("--format", "nonsense", str(clean)).returncode == 2
    assert run().returncode == 2


def test_select_and_ignore_by_id_prefix_and_category():
    text = "县委书记×××同志讲话。\n1、加强领导。\n"
    rules = lambda **kw: {d.rule for d in lint_text(text, config=Settings(**kw))}
    assert rules(select=("SL201",)) == {"SL201"}
    assert rules(select=("SL1",)) == {"SL107"}
    assert rules(select=("placeholder",)) == {"SL201"}
    assert "SL201" not in rules(ignore=("placeholder",))


def test_stdin(tmp_path):
    proc = run("-", "--stdin-filename", "draft.txt", input="县委书记×××同志讲话。\n")
    assert proc.stdout.startswith("draft.txt:1:5: SL201")


def test_rules_command():
    proc = run("rules")
    assert proc.returncode == 0
    ids = [line.split()[0] for line in proc.stdout.splitlines()]
    assert "SL101" in ids and "SL201" in ids and ids == sorted(ids)
    explained = run("rules", "SL101").stdout
    assert "skipped-number" in explained and "错误示例 bad" in explained and "正确示例 good" in explained
    assert run("rules", "SL999999").returncode == 2


@pytest.mark.parametrize("text,line,what", [
    ("rules:\n  - id: SL1\n", 2, "must look like SL101"),
    ("rules:\n  - id: SX001\n    category: numbering\n    message: m\n    description: d\n    pattern: a\n    colour: red\n",
     2, "unknown key 'colour'"),
    ("rules:\n  - id: SX001\n    category: numbering\n    message: m\n    description: d\n    pattern: '(a'\n", 2,
     "invalid regular expression"),
    ("rules:\n  - id: SX001\n    category: numbering\n    message: m\n    description: d\n    pattern: '[[a]'\n", 2,
     "ambiguous regular expression in SX001 pattern: Possible nested set"),
    ("rules:\n  - id: SX001\n    category: nope\n    message: m\n    description: d\n    pattern: a\n", 2, "category"),
    ("rules: [\n", 2, "invalid YAML"),
    ("bogus: 1\n", 1, "unknown top-level key"),
])
def test_broken_rule_files(text, line, what):
    with pytest.raises(RuleFileError) as exc:
        load_rule_text(text, "user.yaml")
    assert str(exc.value).startswith(f"user.yaml:{line}: ") and what in str(exc.value)


def test_duplicate_rule_id_is_an_error():
    rule = "  - id: SX001\n    category: typo\n    message: m\n    description: d\n    pattern: a\n"
    rules = load_rule_text("rules:\n" + rule + rule, "user.yaml")
    with pytest.raises(Exception) as exc:
        Linter(Settings(extra_rules=tuple(rules)))
    assert "duplicate rule id SX001" in str(exc.value)


def test_python_m_and_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("speechlint ")


def test_rules_doc_is_current():
    """docs/rules.md is `speechlint rules --format markdown`: regenerate it when a rule changes."""
    from pathlib import Path
    doc = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == run("rules", "--format", "markdown").stdout, \
        "run: speechlint rules --format markdown > docs/rules.md"


def test_phrase_windows_find_the_same_matches_as_one_pass(monkeypatch):
    # the phrase automaton scans long texts in overlapping windows; a match across a window edge
    # must be found once, not twice or never
    from pathlib import Path
    from speechlint import engine, scan
    from speechlint.ruleset import builtin_rules
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
    index = engine._PhraseIndex([r for r in builtin_rules() if r.phrases])
    whole = [(rule, start, end) for rule, start, end, _ in index.find(text)]
    assert len(whole) > 20 and all(text[s:e] in rule.phrases for rule, s, e in whole)
    monkeypatch.setattr(scan, "WINDOW", 7)       # shorter than many phrases
    assert [(rule, start, end) for rule, start, end, _ in index.find(text)] == whole


def test_automaton_windows_give_exactly_one_pass():
    # the phrase automata scan the UTF-8 bytes in windows; matches across an edge, overlapping
    # matches and several matches ending at one character must all come out once, at the same
    # character offsets and in the same order as one pass over the str; the regex word finder must
    # find every occurrence the automaton finds
    import ahocorasick
    from speechlint.scan import find_words, iter_utf8, key, prefix_table, starts_pattern
    words = ("科学发展观", "发展", "发展观", "展观", "观", "三个代表重要思想", "代表", "𠀀代", "a观")
    plain, utf8 = ahocorasick.Automaton(), ahocorasick.Automaton()
    for word in words:
        plain.add_word(word, word)
        utf8.add_word(key(word), word)
    plain.make_automaton()
    utf8.make_automaton()
    text = "坚持科学发展观和三个代表重要思想，发展观代表观 𠀀代表a观" * 5
    whole = list(plain.iter(text))
    assert len(whole) > 40
    for window in (1, 2, 3, 7, 8, 64, None):
        assert list(iter_utf8(utf8, text, window)) == whole
    found = sorted(find_words(starts_pattern(words), prefix_table(words), text))
    assert found == sorted((end + 1 - len(word), word) for end, word in whole)
