"""--format sarif / github / html: valid SARIF 2.1.0 with rule metadata, escaped GitHub workflow commands,
and an HTML report that holds the draft unchanged with every finding marked in place."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from speechlint.config import Settings
from speechlint.diagnostics import Diagnostic, Fix
from speechlint.engine import Linter
from speechlint.formatters import FileResult
from speechlint.formatters.github import command, escape_data, escape_property
from speechlint.formatters.html import render
from speechlint.formatters.sarif import as_sarif
from speechlint.loader import load_text
from speechlint.ruleset import builtin_rules, load_rule_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

RULES = load_rule_text("""
category: typo
rules:
  - id: SL891
    name: test-phrase
    message: 应为“{replacement}”
    description: 测试用的短语规则
    rationale: 只用于测试。
    phrases: {假设干: 若干}
    examples: {bad: [有假设干问题], good: [有若干问题]}
  - id: SL892
    name: test-comma
    category: punctuation
    severity: info
    message: 应为全角逗号
    description: 测试用的标点规则
    pattern: '(?<=[\\u4e00-\\u9fff]),(?=[\\u4e00-\\u9fff])'
    fix: '\uFF0C'
  - id: SL893
    name: test-span
    category: placeholder
    severity: error
    message: 占位符 <b>“{match}”</b> & 50% 未替换
    description: 测试用的跨越多字的规则
    pattern: '×+[^\\n]{0,3}'
""", "test-rules.yaml")
LINTER = Linter(Settings(), rules=RULES)


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "speechlint", *map(str, args)], cwd=cwd,
                          capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def seeds_json():
    """--format json of every seed, once for the module: {path: diagnostics}."""
    proc = run("--format", "json", *SEEDS)
    return {f["path"]: f["diagnostics"] for f in json.loads(proc.stdout)["files"]}


def result_for(text, path="草稿 1,a.txt"):
    doc = load_text(text, path)
    return FileResult(doc.path, LINTER.lint(doc), doc.encoding, doc.kind, lines=doc.lines)


DRAFT = "有假设干问题,要解决。<script>alert('x')</script>\n×××同志,讲话\n\n第三行,完\n"


# ---- SARIF ------------------------------------------------------------------------------------------
def validator(shared):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_of_a_small_draft_is_valid_and_positions_are_characters(shared):
    result = result_for(DRAFT)
    result.diagnostics.append(Diagnostic("SL404", "punctuation", "warning", "全文半角", 6, 7,
                                         fix=Fix("，", True, ((6, 7, "，"), (27, 28, "，"))),
                                         extra={"edits": [
                                             {"line": 1, "column": 7, "end_line": 1, "end_column": 8, "replacement": "，"},
                                             {"line": 2, "column": 6, "end_line": 2, "end_column": 7, "replacement": "，"}]}))
    sarif = as_sarif([result], RULES)
    validator(shared).validate(sarif)
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["artifacts"][0]["location"]["uri"] == "%E8%8D%89%E7%A8%BF%201%2Ca.txt"
    by_rule = {}
    for r in run_["results"]:
        by_rule.setdefault(r["ruleId"], r)            # the first finding of each rule
    region = by_rule["SL891"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 2, "endLine": 1, "endColumn": 5}     # 假设干
    assert by_rule["SL893"]["level"] == "error" and by_rule["SL892"]["level"] == "note"
    fix = by_rule["SL892"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"]["text"] == "\uFF0C" and fix["deletedRegion"]["startColumn"] == 7
    doc_fix = by_rule["SL404"]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [r["deletedRegion"]["startLine"] for r in doc_fix] == [1, 2]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["SL891", "SL892", "SL893"]
    assert all(by_rule[r]["ruleIndex"] == [x["id"] for x in rules].index(r) for r in ("SL891", "SL893"))
    assert "有假设干问题" in rules[0]["help"]["text"] and "只用于测试" in rules[0]["help"]["markdown"]
    assert rules[2]["defaultConfiguration"]["level"] == "error"


def test_cli_sarif_of_the_seeds_is_valid_and_matches_json(shared, tmp_path, seeds_json):
    proc = run("--format", "sarif", "-o", tmp_path / "out.sarif", *SEEDS)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    validator(shared).validate(sarif)
    want = [(d["rule"], d["line"], d["column"], d["end_line"], d["end_column"])
            for ds in seeds_json.values() for d in ds]
    got = []
    for r in sarif["runs"][0]["results"]:
        reg = r["locations"][0]["physicalLocation"]["region"]
        got.append((r["ruleId"], reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]))
    assert got == want
    driver = sarif["runs"][0]["tool"]["driver"]
    assert {r["id"] for r in driver["rules"]} == {r.id for r in builtin_rules() if r.enabled}
    with_fixes = sum(1 for r in sarif["runs"][0]["results"] if "fixes" in r)
    print(f"\nsarif: {len(got)} results over {len(SEEDS)} seeds, {with_fixes} with fixes, "
          f"{len(driver['rules'])} rules described")


# ---- GitHub -----------------------------------------------------------------------------------------
def test_github_escaping_follows_the_actions_runner():
    assert escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    d = Diagnostic("SL201", "placeholder", "error", "占位符“×××”,未替换\n:第二行", 0, 3,
                   line=2, column=5, end_line=2, end_column=8)
    assert command("dir, x/a:b.txt", d) == ("::error file=dir%2C x/a%3Ab.txt,line=2,col=5,endLine=2,endColumn=8,"
                                             "title=SL201::[placeholder] 占位符“×××”,未替换%0A:第二行")
    d.severity = "info"
    assert command("a.txt", d).startswith("::notice file=a.txt,")


def test_cli_github_gives_one_command_per_finding(tmp_path, seeds_json):
    seed = SEEDS[0]
    lines = run("--format", "github", seed).stdout.decode().splitlines()
    plain = seeds_json[str(seed)]
    assert len(lines) == len(plain)
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,"
                         r"title=(SL\d{3})::\[\w+\] .+$")
    for line, d in zip(lines, plain):
        m = pattern.match(line)
        assert m, line
        assert (m.group(4), int(m.group(2)), int(m.group(3))) == (d["rule"], d["line"], d["column"])


# ---- HTML -------------------------------------------------------------------------------------------
class _Page(HTMLParser):
    """The text of each draft line (marks included, insertion carets and line numbers left out),
    the marks and the sidebar items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.marks, self.items, self.external = [], [], [], []
        self._stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag == "span" and cls == "tx":
            self.lines.append("")
        if tag == "mark":
            self.marks.append(a)
        if tag == "li" and "item" in cls.split():
            self.items.append(a)
        self._stack.append((tag, cls))

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        classes = [c for _, c in self._stack]
        if "tx" in classes and not any("ins" in c.split() for c in classes):
            self.lines[-1] += data


def parse(page):
    p = _Page()
    p.feed(page)
    return p


def test_html_keeps_the_draft_and_marks_every_finding():
    result = result_for(DRAFT)
    result.diagnostics.append(Diagnostic("SL301", "unfinished", "warning", "这里缺了内容", 41, 41,
                                         line=3, column=1, end_line=3, end_column=1))   # an insertion point
    page = render([result])
    p = parse(page)
    assert p.lines == DRAFT.split("\n")               # the text is all there, unchanged, in order
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    assert "<b>“" not in page and "&lt;b&gt;“×××同志,”&lt;/b&gt; &amp; 50%" in page
    assert not p.external and "<link" not in page and "@import" not in page
    ids = {item["data-f"] for item in p.items}
    assert len(p.items) == len(result.diagnostics) == len(ids)
    marked = {i for m in p.marks for i in m["data-f"].split()}
    assert marked == ids                               # every finding is highlighted somewhere
    for item in p.items:                               # and each has an anchor to jump to
        assert f'id="{item["data-f"]}"' in page
    # the 假设干 hit is a mark of its own with its message as the tooltip
    fid = next(i["data-f"] for i in p.items if i["data-cat"] == "typo")
    mark = next(m for m in p.marks if m["data-f"] == fid)
    assert "SL891" in mark["title"] and "应为“若干”" in mark["title"]


def test_html_splits_overlapping_findings_into_segments():
    doc = load_text("甲乙丙丁戊\n", "a.txt")
    mk = lambda rule, s, e, sev: Diagnostic(rule, "typo", sev, rule, s, e, line=1, column=s + 1, end_line=1,
                                            end_column=e + 1)
    page = render([FileResult("a.txt", [mk("SL801", 0, 3, "warning"), mk("SL802", 2, 5, "error")], lines=doc.lines)])
    segments = re.findall(r'<mark class="hl sev-(\w+)" data-f="([^"]*)"[^>]*>([^<]*)</mark>', page)
    assert segments == [("warning", "f0", "甲乙"), ("error", "f0 f1", "丙"), ("error", "f1", "丁戊")]
    assert page.count('id="f0"') == 1 and page.count('id="f1"') == 1


def test_html_of_a_finding_across_lines_and_of_a_file_without_text():
    d = Diagnostic("SL303", "unfinished", "warning", "断开的段落", 2, 6, line=1, column=3, end_line=2, end_column=3)
    p = parse(render([FileResult("a.txt", [d], lines=["一二三", "四五六"])]))
    assert p.lines == ["一二三", "四五六"]
    assert [m["data-f"] for m in p.marks] == ["f0", "f0"]
    page = render([FileResult("b.txt", [d])])           # e.g. from the API without lines
    assert "没有原文可显示" in page and len(parse(page).items) == 1


def test_cli_html_report_of_a_seed(tmp_path, seeds_json):
    seed = SEEDS[0]
    out = tmp_path / "report.html"
    proc = run("--format", "html", "-o", out, seed)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    page = out.read_text(encoding="utf-8")
    p = parse(page)
    assert p.lines == seed.read_text(encoding="utf-8").split("\n")
    plain = seeds_json[str(seed)]
    assert len(p.items) == len(plain)
    print(f"\nhtml: {seed.name}: {len(plain)} findings, {len(p.marks)} marked segments, {len(page)} characters")


def test_statistics_and_output_file_still_work(tmp_path):
    out = tmp_path / "stats.txt"
    proc = run("--statistics", "-o", out, SEEDS[0])
    assert proc.returncode in (0, 1) and proc.stdout == b""
    assert out.read_text(encoding="utf-8").rstrip().endswith("合计")


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text("甲<&\"'\n,", max_size=40),
       st.lists(st.tuples(st.integers(-1, 8), st.integers(-1, 12), st.integers(-1, 8), st.integers(-1, 12)), max_size=8))
def test_html_never_crashes_and_keeps_the_text(text, spans):
    lines = text.split("\n")
    ds = [Diagnostic("SL801", "typo", "warning", "<m>", 0, 0, line=a, column=b, end_line=c, end_column=d)
          for a, b, c, d in spans]
    p = parse(render([FileResult("a.txt", ds, lines=lines)]))
    assert p.lines == lines and len(p.items) == len(ds)
    json.dumps(as_sarif([FileResult("a.txt", ds, lines=lines)], RULES))
    for d in ds:
        command("a.txt", d)
