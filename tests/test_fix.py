"""--fix / --diff: overlapping fixes, whole document-level fixes, bounded passes, atomic writes that keep
encoding, BOM and line endings, idempotence on every seed, and the CLI end to end."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint.config import Settings
from speechlint.diagnostics import Diagnostic, Fix
from speechlint.document import Document
from speechlint.engine import Linter
from speechlint.fixes import (apply_fixes, encode_text, fix_document, same_content, unified_diff,
                              write_atomic)
from speechlint.loader import load_text
from speechlint.ruleset import builtin_rules, load_rule_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# Rules of our own, so the mechanics are tested whatever the built-in rules do.
RULES = load_rule_text("""
category: typo
rules:
  - id: SL891
    name: test-phrase
    message: 应为“{replacement}”
    description: test
    phrases: {假设干: 若干, 不加思索: 不假思索}
  - id: SL892
    name: test-comma
    category: punctuation
    message: 应为全角逗号
    description: test
    pattern: '(?<=[\\u4e00-\\u9fff]),(?=[\\u4e00-\\u9fff])'
    fix: '\uFF0C'
  - id: SL893
    name: test-unsafe
    category: boilerplate
    message: 删除网站残留
    description: test
    pattern: '本文来源于网络[^\\n]*\\n?'
    fix: ''
    fix_safe: false
""", "test-rules.yaml")
LINTER = Linter(Settings(), rules=RULES)


def diag(start, end, replacement, rule="SL999", safe=True, edits=()):
    return Diagnostic(rule, "typo", "warning", "m", start, end, fix=Fix(replacement, safe, tuple(edits)))


def run(*args, cwd=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "speechlint", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, timeout=300)


# ---- one pass ----------------------------------------------------------------------------------------
def test_overlapping_fix_waits_for_the_next_pass():
    text, applied, _ = apply_fixes("abcdef", [diag(2, 5, "Y"), diag(0, 3, "X")])
    assert text == "Xdef" and [d.start for d in applied] == [0]


def test_touching_fixes_both_apply_but_an_insertion_at_an_edge_waits():
    text, applied, _ = apply_fixes("abcdef", [diag(0, 2, "X"), diag(2, 4, "Y")])
    assert text == "XYef" and len(applied) == 2
    text, applied, _ = apply_fixes("abcdef", [diag(0, 2, "X"), diag(2, 2, "+")])
    assert text == "Xcdef" and len(applied) == 1


def test_a_document_level_fix_is_applied_whole_or_not_at_all():
    whole = diag(11, 12, "，", rule="SL401", edits=[(1, 2, "，"), (5, 6, "，"), (11, 12, "，")])
    first = diag(4, 6, "Z")            # clashes with the edit at 5 and comes first
    text, applied, _ = apply_fixes("a,b,c,d,e,f,g", [whole, first])
    assert applied == [first] and text == "a,b,Zd,e,f,g"   # none of whole's edits went in
    text, applied, _ = apply_fixes("a,b,c,d,e,f,g", [whole])
    assert applied == [whole] and text == "a，b,c，d,e,f，g"


def test_unsafe_fixes_only_on_request_and_no_op_fixes_do_not_count():
    unsafe = diag(0, 1, "X", safe=False)
    assert apply_fixes("abc", [unsafe])[0] == "abc"
    assert apply_fixes("abc", [unsafe], unsafe=True)[0] == "Xbc"
    assert apply_fixes("abc", [diag(0, 1, "a")])[1] == []


def test_fixes_stay_out_of_ignored_spans():
    whole = diag(1, 2, "，", edits=[(1, 2, "，"), (6, 7, "，")])
    assert apply_fixes("a,bc d,e", [whole], ignored=[(4, 8)])[0] == "a，bc d,e"


# ---- passes -----------------------------------------------------------------------------------------
def test_fix_document_repeats_until_nothing_changes():
    doc = load_text("我们有假设干问题,要不加思索地解决,本文来源于网络 请勿转载\n第二段。\n", "a.txt")
    out = fix_document(doc, LINTER.lint)
    assert out.doc.text == "我们有若干问题\uFF0C要不假思索地解决\uFF0C本文来源于网络 请勿转载\n第二段。\n"
    assert out.fixed == 4 and out.converged
    assert [d.rule for d in out.diagnostics] == ["SL893"]          # the unsafe one is left and reported
    out = fix_document(doc, LINTER.lint, unsafe=True)
    assert out.doc.text == "我们有若干问题\uFF0C要不假思索地解决\uFF0C第二段。\n" and out.diagnostics == []


def test_fixes_that_undo_each_other_stop_after_bounded_passes():
    flip = load_rule_text("""
category: typo
rules:
  - {id: SL897, name: a, message: m, description: d, phrases: {甲: 乙}}
  - {id: SL898, name: b, message: m, description: d, phrases: {乙: 甲}}
""", "flip.yaml")
    out = fix_document(load_text("甲", "x.txt"), Linter(Settings(), rules=flip).lint)
    assert not out.converged and out.fixed <= 10


def test_fixed_document_is_loaded_afresh_in_the_same_encoding_and_line_endings():
    doc = load_text("```\n甲,乙\n```\n甲,乙\n", "a.md", encoding="gb18030")
    doc.newline = "\r\n"
    doc.__dict__["_check_cache"] = "stale"        # what a check caches on a Document must not survive
    out = fix_document(doc, LINTER.lint)
    assert out.doc.text == "```\n甲,乙\n```\n甲\uFF0C乙\n"   # the code block is left alone
    assert (out.doc.encoding, out.doc.newline, out.doc.kind) == ("gb18030", "\r\n", "markdown")
    assert out.doc.ignored == doc.ignored and "_check_cache" not in out.doc.__dict__


# ---- bytes ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding,bom,original_bom", [
    ("utf-8", False, b""), ("utf-8", True, b"\xef\xbb\xbf"), ("gb18030", False, b""), ("gbk", False, b""),
    ("big5", False, b""), ("utf-16", True, b"\xfe\xff"), ("utf-16", True, b"\xff\xfe"),
    ("utf-16-le", True, b"\xff\xfe"),
])
def test_encode_text_keeps_encoding_bom_and_byte_order(encoding, bom, original_bom):
    text = "第一行：測試\n第二行\n" if encoding == "big5" else "第一行：测试\n第二行\n"
    body_codec = {b"\xfe\xff": "utf-16-be", b"\xff\xfe": "utf-16-le"}.get(original_bom, encoding)
    original = original_bom + text.replace("\n", "\r\n").encode(body_codec)
    assert encode_text(text, encoding, "\r\n", bom, original) == original
    doc = Document(original.decode("utf-16" if encoding == "utf-16" else body_codec).lstrip("\ufeff"),
                   encoding=encoding, newline="\r\n", bom=bom)
    assert same_content(doc, original)
    assert not same_content(doc, original + b"x\x00" if "16" in encoding else original + b"x")


def test_write_atomic_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "draft.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(str(link), "新".encode())
    assert target.read_bytes() == "新".encode() and link.is_symlink()
    assert (target.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "link.txt"]   # no temp file left


def test_unified_diff_marks_a_missing_final_newline():
    out = unified_diff("a.txt", "甲,乙", "甲，乙")
    assert out.splitlines() == ["--- a.txt", "+++ a.txt", "@@ -1 +1 @@", "-甲,乙", "\\ No newline at end of file",
                                "+甲，乙", "\\ No newline at end of file"]


# ---- the command line --------------------------------------------------------------------------------
def _fixable_example():
    """A bad example of a built-in rule with a safe fix, so the CLI tests follow the real rules."""
    for rule in sorted(builtin_rules(), key=lambda r: r.id):
        if rule.stale_from is not None:
            continue
        for example in rule.examples.get("bad") or []:
            if not isinstance(example, str):
                continue
            found = Linter(Settings()).lint(load_text(example, "x.txt"))
            if any(d.rule == rule.id and d.fix and d.fix.safe for d in found):
                return example
    pytest.skip("no built-in rule has a safe fix with a plain bad example yet")


def _expected_fixed(text, unsafe=False):
    return fix_document(load_text(text, "x.txt"), Linter(Settings()).lint, unsafe=unsafe).doc.text


def test_cli_fix_writes_the_fixes_and_reports_what_is_left(tmp_path):
    text = _fixable_example() + "\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    proc = run("--fix", draft.name, cwd=tmp_path)
    out = proc.stdout.decode()
    fixed = draft.read_text(encoding="utf-8")
    print(f"\n--fix: {text!r} → {fixed!r}\n{out}")
    assert fixed == _expected_fixed(text) != text
    assert "已自动修正" in out and proc.returncode in (0, 1) and not proc.stderr
    remaining = Linter(Settings()).lint(load_text(fixed, "draft.txt"))
    assert proc.returncode == (1 if any(d.severity != "info" for d in remaining) else 0)
    for d in remaining:                     # what is left is listed with its position in the fixed file
        assert f"draft.txt:{d.line}:{d.column}: {d.rule}" in out
    again = run("--fix", draft.name, cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == fixed and "已自动修正" not in again.stdout.decode()


def test_cli_fix_keeps_bom_crlf_and_gb18030(tmp_path):
    text = _fixable_example() + "\n第二段。\n"
    want = _expected_fixed(text)
    cases = {"bom.txt": ("utf-8", b"\xef\xbb\xbf"), "crlf.txt": ("utf-8", b""), "gb.txt": ("gb18030", b""),
             "utf16.txt": ("utf-16-le", b"\xff\xfe"), "utf16be.txt": ("utf-16-be", b"\xfe\xff")}
    for name, (encoding, bom) in cases.items():
        (tmp_path / name).write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    proc = run("--fix", *cases, cwd=tmp_path)
    for name, (encoding, bom) in cases.items():
        data = (tmp_path / name).read_bytes()
        if name == "gb.txt" and data == bom + text.replace("\n", "\r\n").encode(encoding) and b"gb" in proc.stderr:
            pytest.skip(f"the loader does not read GB18030 yet: {proc.stderr.decode()}")
        assert data == bom + want.replace("\n", "\r\n").encode(encoding), name


def test_a_fix_the_encoding_cannot_hold_leaves_the_file_alone(tmp_path):
    from speechlint.fixes import fix_file
    from speechlint.loader import load_path
    rules = load_rule_text("""
category: typo
rules:
  - {id: SL896, name: t, message: m, description: d, phrases: {甲乙: "甲\U0001F600"}}
""", "emoji.yaml")
    path = tmp_path / "gbk.txt"
    data = "第一段：甲乙丙丁，测试一下编码。\r\n".encode("gbk")
    path.write_bytes(data)
    doc = load_path(path)
    assert doc.encoding in ("gbk", "gb18030")
    out_doc, left, report = fix_file(doc, Linter(Settings(), rules=rules).lint)
    if doc.encoding == "gb18030":       # GB18030 holds every character: the fix is written
        assert path.read_bytes() == "第一段：甲\U0001F600丙丁，测试一下编码。\r\n".encode("gb18030")
        return
    assert report.failed and "无法表示" in report.messages[0] and path.read_bytes() == data
    assert out_doc is doc and [d.rule for d in left] == ["SL896"]


def test_cli_diff_prints_a_diff_and_changes_nothing(tmp_path):
    text = _fixable_example() + "\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    proc = run("--diff", draft.name, cwd=tmp_path)
    assert proc.returncode == 1 and draft.read_text(encoding="utf-8") == text
    assert proc.stdout.decode() == unified_diff("draft.txt", text, _expected_fixed(text))
    assert "可自动修正" in proc.stderr.decode()
    clean = tmp_path / "clean.txt"
    clean.write_text("第二段。\n", encoding="utf-8")
    proc = run("--diff", clean.name, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b""


def test_cli_fix_on_standard_input_prints_the_fixed_text(tmp_path):
    text = _fixable_example() + "\n"
    proc = run("--fix", "-", cwd=tmp_path, stdin=text.encode())
    assert proc.stdout.decode() == _expected_fixed(text)
    assert "已自动修正" in proc.stderr.decode()


def test_cli_never_rewrites_docx(tmp_path):
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    path = tmp_path / "draft.docx"
    d = docx.Document()
    d.add_paragraph(_fixable_example())
    d.save(path)
    before = path.read_bytes()
    for flag in ("--fix", "--diff"):
        proc = run(flag, path.name, cwd=tmp_path)
        err = proc.stderr.decode()
        if "never rewritten" not in err and proc.returncode == 2:
            pytest.skip(f"the loader does not read .docx yet: {err.strip()}")
        assert "draft.docx" in err and ".docx 文件不会被改写" in err, err
        assert path.read_bytes() == before
        if flag == "--fix":                   # its findings are still reported
            assert "draft.docx:1:" in proc.stdout.decode()
        else:
            assert proc.stdout == b""


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_second_fix_changes_nothing_on_every_seed(tmp_path, unsafe):
    assert SEEDS, "seeds/ is missing"
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    flags = ["--unsafe-fixes"] if unsafe else []
    first = run("--fix", *flags, ".", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr.decode()
    after_first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    changed = sum(after_first[s.name] != s.read_bytes() for s in SEEDS)
    summary = [line for line in first.stdout.decode().splitlines() if line.startswith("已自动修正")]
    print(f"\nseeds --fix{' --unsafe-fixes' if unsafe else ''}: {changed}/{len(SEEDS)} files changed; {summary}")
    second = run("--diff", *flags, ".", cwd=tmp_path)
    assert second.returncode == 0 and second.stdout == b"", second.stdout.decode()[:2000]
    run("--fix", *flags, ".", cwd=tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == after_first


# ---- any input ----------------------------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

_edits = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.text("，。ab\n", max_size=3),
                            st.booleans()), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.text("甲乙,.\n ab", max_size=30), _edits, st.booleans())
def test_apply_fixes_never_crashes_and_applies_disjoint_edits(text, raw, unsafe):
    diagnostics = [diag(s, s + n, r, safe=safe) for s, n, r, safe in raw]
    new, applied, edits = apply_fixes(text, diagnostics, unsafe=unsafe)
    for (s1, e1, _), (s2, e2, _) in zip(edits, edits[1:]):
        assert e1 <= s2 and not (s2 == e2 and s2 == e1)
    # applying the taken edits from the end backwards gives the same text
    expect = text
    for s, e, r in reversed(edits):
        expect = expect[:s] + r + expect[e:]
    assert new == expect
    assert all(d.fix.safe or unsafe for d in applied)
