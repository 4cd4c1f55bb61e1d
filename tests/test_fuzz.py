"""Property tests with hypothesis, bounded so the whole file stays well under a minute.

Properties over random input: no exception escapes; every diagnostic lies inside the text with
start <= end and line/column agreeing with its offsets; the output is deterministic; the JSON output
keeps its contract; applying the safe fixes a second time changes nothing. Each test prints how many
examples ran (pytest -s)."""
import io
import json
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.diagnostics import CATEGORIES, SEVERITIES
from speechlint.engine import Linter, default_linter
from speechlint.errors import InputError, RuleFileError, SpeechlintError
from speechlint.formatters import FileResult
from speechlint.formatters.json_format import format_json
from speechlint.loader import load_text
from speechlint.ruleset import RULE_KEYS, load_rule_text

ROOT = Path(__file__).resolve().parent.parent

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow], database=None)
SLOW = settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow], database=None)

# ---- alphabets -----------------------------------------------------------------------------------
HANZI = "的一是在了不和有大这主中人上为们地个用工时要动国产以我到他会作来分生对于学下级就年阶义发成部民可出能方进同行面说种过命度革而多子后自社加小机也经力线本电高量长党得实家定深法表着水理化争现所二起政三好十战无农使性前等反体合斗路图把结第里正新开论之物从当两些还天资事队批如应形想制心样干都向变关点育重其思与间内去因件日利相由压员气业代全组数果期导平各基或月毛然问比展那它最及外没看治提五解系林者米群头意只明四道马认次文通但条较克又公孔领军流入接席位情运器并飞原油放立题质指建区验活众很教决特此常石强极土少已根共直团统式转别造切九你取西持总料连任志观调七么山程百报更见必真保热委手改管处己将修支识病象几先老光专什六型具示复安带每东增则完风回南广劳轮科北打积车计给节做务被整联步类集号列温装即毫知轴研单色坚据速防史拉世设达尔场织历花受求传口断况采精金界品判参层止边清至万确究书术状厂须离再目海交权且儿青才证低越际八试规斯近注办布门铁需走议县兵固除般引齿千胜细影济白格效置推空配刀叶率述今选养德话查差半敌始片施响收华觉备名红续均药标记难存测士身紧液派准斤角降维板许破述技消底床田势端感往神便贺村构照容非搞亚磨族火段算适讲按值美态黄易彪服早班麦削信排台声该击素张密害侯草何树肥继右属市严径螺检左页抗苏显苦英快称坏移约巴材省黑武培著河帝仅针怎植京助升王眼她抓含苗副杂普谈围食射源例致酸旧却充足短划剂宣环落首尺波承粉践府鱼随考刻靠够满夫失包住促枝局菌杆周护岩师举曲春元超负砂封换太模贫减阳扬江析亩木言球朝医校古呢稻宋听唯输滑站另卫字鼓刚写刘微略范供阿块某功套友限项余倒卷创律雨让骨远帮初皮播优占死毒圈伟季训控激找叫云互跟裂粮粒母练塞钢顶策双留误础吸阻故寸盾晚丝女散焊功株亲院冷彻弹错散商视艺灭版烈零室轻血倍缺厘泵察绝富城冲喷壤简否柱李望盘磁雄似困巩益洲脱投送奴侧润盖挥距触星松送获兴独官混纪依未突架宽冬章湿偏纹吃执阀矿寨责熟稳夺硬价努翻奇甲预职评读背协损棉侵灰虽矛厚罗泥辟告卵箱掌氧恩爱停曾溶营终纲孟钱待尽俄缩沙退陈讨奋械载胞幼哪剥迫旋征槽倒握担仍呀鲜吧卡粗介钻逐弱脚怕盐末阴丰雾冠丙街莱贝辐肠付吉渗瑞惊顿挤秒悬姆烂森糖圣凹陶词迟蚕亿矩"
TRADITIONAL = "國會發經際與產動學後為這時實現點體關進開當問們來對應說從長義還無議書過車門東區業"
FULL_PUNCT = "，。、；：？！“”‘’（）《》【】—…·"
HALF_PUNCT = ",.;:?!\"'()<>[]-_/%~"
SPACES = " \u3000\t\n\n\n\u00a0\r"
DIGITS = "0123456789０１２３"
PLACEHOLDERS = ["×××", "XXX", "**", "○○", "某某", "（待补充）", "{姓名}", "[此处插入]"]
MARKERS_ONE = ["一、", "二、", "三、", "四、", "五、", "六、", "十、", "十一、"]
MARKERS_TWO = ["（一）", "（二）", "（三）", "(一)", "(二)", "(四)", "（十）"]
MARKERS_THREE = ["1.", "2.", "3.", "1．", "2．", "4.", "1、", "2、", "10."]
MARKERS_FOUR = ["（1）", "（2）", "(3)", "①", "②", "③", "⑩"]
OTHER_STARTS = ["第一，", "第二，", "第三，", "首先，", "其次，", "最后，", "第一部分", "第二章", "附件：", "同志们："]

cjk_text = st.text(alphabet=HANZI + TRADITIONAL + FULL_PUNCT + HALF_PUNCT + SPACES + DIGITS + "abcXYZ×○", max_size=400)
any_text = st.text(max_size=300)
line_body = st.text(alphabet=HANZI + "，。；：" + ",.;:" + " ", min_size=0, max_size=30)
marker = st.sampled_from(MARKERS_ONE + MARKERS_TWO + MARKERS_THREE + MARKERS_FOUR + OTHER_STARTS + PLACEHOLDERS + [""])
numbered_doc = st.lists(st.tuples(st.sampled_from(["", " ", "\u3000\u3000", "  "]), marker, line_body,
                                  st.sampled_from(["\n", "\n\n", "  ", "\r\n", "。"])), max_size=25).map(
    lambda lines: "".join(indent + m + body + end for indent, m, body, end in lines))


@pytest.fixture(scope="module")
def linter():
    lint = default_linter()
    # warm up jieba and opencc once, so an example's deadline measures the linter, not a dictionary load
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    lint.lint(load_text(seeds[0].read_text(encoding="utf-8") if seeds else "同志们：一、总体要求", "warm.txt"))
    lint.lint(load_text("國家發展與改革委員會關於進一步加強經濟工作的通知" * 3, "warm.txt"))
    return lint


# ---- the properties ------------------------------------------------------------------------------
def check_diagnostics(doc, diagnostics):
    n = len(doc.text)
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= n, (d.rule, d.start, d.end, n)
        assert (d.line, d.column) == doc.position(d.start), d.rule
        assert (d.end_line, d.end_column) == doc.position(d.end), d.rule
        assert (d.line, d.column) <= (d.end_line, d.end_column)
        assert d.severity in SEVERITIES and d.category in CATEGORIES, d.rule
        assert isinstance(d.message, str) and d.message.strip(), d.rule
        if d.fix is not None:
            assert isinstance(d.fix.replacement, str)
            for s, e, r in d.fix.edits:
                assert 0 <= s <= e <= n and isinstance(r, str), d.rule
    assert diagnostics == sorted(diagnostics, key=lambda d: d.sort_key())


def check_json(results):
    out = io.StringIO()
    format_json(results, out)
    data = json.loads(out.getvalue())
    assert isinstance(data["version"], str) and isinstance(data["files"], list)
    for entry in data["files"]:
        assert isinstance(entry["path"], str) and isinstance(entry["encoding"], str)
        for d in entry["diagnostics"]:
            for key in ("line", "column", "end_line", "end_column"):
                assert isinstance(d[key], int) and d[key] >= 1, key
            for key in ("rule", "category", "severity", "message"):
                assert isinstance(d[key], str) and d[key], key
            assert d["fix"] is None or (isinstance(d["fix"]["replacement"], str) and isinstance(d["fix"]["safe"], bool))


def lint_all_properties(linter, text, path="fuzz.txt"):
    doc = load_text(text, path)
    first = linter.lint(doc)
    check_diagnostics(doc, first)
    again = linter.lint(load_text(text, path))
    assert [d.to_dict() for d in first] == [d.to_dict() for d in again], "not deterministic"
    check_json([FileResult(doc.path, first, doc.encoding, doc.kind)])
    return doc, first


def _counted(strategy, cfg, body):
    count = [0]

    @cfg
    @given(strategy)
    def prop(value):
        count[0] += 1
        body(value)

    prop()
    return count[0]


def test_random_unicode(linter):
    n = _counted(any_text, FAST, lambda t: lint_all_properties(linter, t))
    print(f"\nrandom Unicode: {n} examples")


def test_random_cjk_with_punctuation(linter):
    n = _counted(cjk_text, FAST, lambda t: lint_all_properties(linter, t))
    print(f"\nrandom CJK + punctuation: {n} examples")


def test_random_numbering_sequences(linter):
    def body(text):
        doc, _ = lint_all_properties(linter, text)
        doc.outline                      # the outline parse itself must not raise either
    n = _counted(numbered_doc, FAST, body)
    print(f"\nrandom numbering sequences: {n} examples")


def test_random_markdown(linter):
    md = st.lists(st.one_of(st.sampled_from(["```\n", "---\n", "# ", "> ", "- ", "`", "[a](b)", "<!-- x -->", "\n"]),
                            cjk_text.map(lambda t: t[:60])), max_size=20).map("".join)
    n = _counted(md, FAST, lambda t: lint_all_properties(linter, t, "fuzz.md"))
    print(f"\nrandom Markdown: {n} examples")


# ---- fixes ------------------------------------------------------------------------------------------
def test_safe_fixes_are_idempotent(linter):
    fixes = pytest.importorskip("speechlint.fixes", reason="src/speechlint/fixes.py (--fix) not written yet")
    if not hasattr(fixes, "fix_document"):
        pytest.skip("speechlint.fixes has no fix_document(doc, lint) yet")

    def body(text):
        once = fixes.fix_document(load_text(text, "fuzz.txt"), linter.lint)
        check_diagnostics(once.doc, once.diagnostics)
        if not once.converged:      # two rules undoing each other is a rule bug, reported by fix_document
            return
        twice = fixes.fix_document(fixes.rebuild(once.doc, once.doc.text), linter.lint)
        assert twice.fixed == 0 and twice.doc.text == once.doc.text, [d.rule for d in once.diagnostics if d.fix]

    n = _counted(st.one_of(cjk_text, numbered_doc), SLOW, body)
    print(f"\nsafe fixes applied twice == once: {n} examples")


# ---- bytes as files ---------------------------------------------------------------------------------
def _docx_like():
    import io
    import zipfile

    def build(parts):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in dict(parts).items():
                z.writestr(name, data)
        return buf.getvalue()
    names = st.sampled_from(["[Content_Types].xml", "word/document.xml", "_rels/.rels", "word/numbering.xml", "x"])
    return st.lists(st.tuples(names, st.binary(max_size=200)), max_size=4).map(build)


def test_random_bytes_through_the_loader(linter):
    from speechlint.loader import load_bytes

    def body(args):
        data, suffix = args
        try:
            doc = load_bytes(data, "fuzz" + suffix)
        except InputError as exc:
            assert "\n" not in str(exc) and str(exc).startswith("fuzz"), str(exc)
            return
        check_diagnostics(doc, linter.lint(doc))

    blobs = st.one_of(st.binary(max_size=400), cjk_text.map(lambda t: t.encode("utf-8")),
                      cjk_text.map(lambda t: t.encode("gb18030", "replace")),
                      cjk_text.map(lambda t: t.encode("utf-16")), _docx_like())
    n = _counted(st.tuples(blobs, st.sampled_from([".txt", ".md", ".docx", ".doc", ""])), FAST, body)
    print(f"\nrandom bytes through the loader: {n} examples")


def test_random_bytes_through_the_cli(tmp_path):
    """Slower (a process per example), so fewer examples: the CLI prints one line per bad file, never a traceback."""
    def body(data):
        path = tmp_path / "f.txt"
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "speechlint", "--format", "json", str(path)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode in (0, 1, 2), proc.stderr
        assert "Traceback" not in proc.stderr
        if proc.returncode == 2:
            assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("speechlint: "), proc.stderr
        check_json_text(proc.stdout)

    cfg = settings(max_examples=8, deadline=None, database=None)
    n = _counted(st.one_of(st.binary(max_size=300), cjk_text.map(lambda t: t.encode("utf-8"))), cfg, body)
    print(f"\nrandom bytes through the CLI: {n} examples")


def check_json_text(out):
    data = json.loads(out)
    assert set(data) >= {"version", "files"}


# ---- rule files -------------------------------------------------------------------------------------
_scalar = st.one_of(st.none(), st.booleans(), st.integers(-3, 300), st.text(max_size=12),
                    st.sampled_from(["SL999", "ZZ101", "error", "warning", "info", "typo", "numbering",
                                     "(a+)+$", "[", "\\1", "x(?P<n>y)", "2024-01-01", "numbering.skipped"]))
_value = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                      max_leaves=6)
_rule = st.dictionaries(st.sampled_from(sorted(RULE_KEYS) + ["bogus"]), _value, max_size=8)
_base = st.fixed_dictionaries(
    {"id": st.sampled_from(["ZZ101", "ZZ102"]), "name": st.just("x"), "category": st.sampled_from(CATEGORIES),
     "message": st.text(alphabet=HANZI[:20] + "{}match" + "\\", min_size=1, max_size=8).filter(str.strip),
     "description": st.just("d")})
_regex = st.text(alphabet="()[]+*?|^$\\.ab的一{}1,<>P=!", min_size=1, max_size=10)
_matcher = st.one_of(
    st.fixed_dictionaries({"pattern": _regex}),
    st.fixed_dictionaries({"patterns": st.lists(_regex, min_size=1, max_size=2)}),
    st.fixed_dictionaries({"phrases": st.one_of(
        st.lists(st.text(alphabet=HANZI[:30], min_size=1, max_size=3), min_size=1, max_size=3),
        st.dictionaries(st.text(alphabet=HANZI[:30], min_size=1, max_size=3), st.text(max_size=3),
                        min_size=1, max_size=3))}),
    st.fixed_dictionaries({"check": st.sampled_from(["no.such.check", "numbering.skipped"])}))
_extras = st.fixed_dictionaries({}, optional={
    "severity": st.sampled_from(SEVERITIES + ("fatal",)),
    "fix": st.text(alphabet="\\0123gab<>", max_size=5), "fix_safe": st.booleans(),
    "group": st.integers(0, 3),
    "before": _regex, "after": _regex, "not_before": _regex, "not_after": _regex,
    "word_boundary": st.booleans(),
    "stale_from": st.sampled_from(["2020-01-01", "not a date", 5])})
_valid_rule = st.tuples(_base, _matcher, _extras).map(lambda t: {**t[0], **t[1], **t[2]})
_rule_file = st.one_of(
    st.fixed_dictionaries({"rules": st.lists(_valid_rule, min_size=1, max_size=2)}),
    st.fixed_dictionaries({"rules": st.lists(_valid_rule, min_size=1, max_size=2)}),
    st.text(alphabet=string.printable + "：，中", max_size=200),
    st.fixed_dictionaries({"rules": st.lists(st.one_of(_rule, _valid_rule), max_size=3)},
                          optional={"category": _scalar, "description": _scalar, "extra": _scalar}),
    _value,
)


def test_random_rule_files_raise_only_rule_file_errors(tmp_path):
    import yaml

    outcomes = {"RuleFileError": 0, "loaded": 0}

    def body(value):
        text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True)
        try:
            rules = load_rule_text(text, "fuzz.yaml")
        except RuleFileError as exc:
            assert str(exc).startswith("fuzz.yaml:"), str(exc)
            outcomes["RuleFileError"] += 1
            return
        outcomes["loaded"] += 1
        # a rule file that loads must also lint without anything but a one-line SpeechlintError
        try:
            lint = Linter(rules=rules)
            for sample in ("ab的一ab", "aaaaaaaaaaaa的的的的", "一、的\n二、一是\n"):
                doc = load_text(sample, "s.txt")
                check_diagnostics(doc, lint.lint(doc))
        except RuleFileError:
            pass
        except SpeechlintError as exc:
            assert "internal error" not in str(exc), f"a bad user rule is reported as a speechlint bug: {exc}\n{text}"

    n = _counted(_rule_file, settings(max_examples=300, deadline=3000, database=None,
                                      suppress_health_check=[HealthCheck.too_slow]), body)
    print(f"\nrandom rule files: {n} examples ({outcomes['RuleFileError']} rejected with RuleFileError, "
          f"{outcomes['loaded']} loaded and linted)")


# ---- the start-up caches must not change a single result -------------------------------------------
def test_lazy_jieba_dictionary_cuts_like_jieba():
    from speechlint.wordsdict import import_jieba, tokenizer
    jieba = import_jieba()
    ours = tokenizer()
    reference = jieba.Tokenizer()
    reference.initialize()
    sentences = st.text(alphabet=HANZI + TRADITIONAL + "，。、abc123 ", min_size=1, max_size=60)
    n = _counted(sentences, settings(max_examples=200, deadline=None, database=None),
                 lambda s: list(ours.tokenize(s)) == list(reference.tokenize(s)) or pytest.fail(s))
    print(f"\nlazy jieba dictionary == jieba.initialize(): {n} sentences")


def test_cached_regex_code_matches_like_re(tmp_path, monkeypatch):
    import re
    from speechlint import recache
    monkeypatch.setenv("SPEECHLINT_CACHE_DIR", str(tmp_path))
    rx = st.text(alphabet="()[]+*?|^$\\.ab的一{}1,<>P=!-wdsS", min_size=1, max_size=12)
    subjects = st.text(alphabet="ab的一1 ,\n-", max_size=30)
    checked = [0]

    def body(args):
        pattern, subject = args
        try:
            expected = re._compiler.compile(pattern, 0)
        except (re.error, RecursionError, OverflowError):
            return
        cached = compile_cached(pattern, 0)          # the first call stores the code …
        again = compile_cached(pattern, 0)           # … the second one rebuilds from it
        for c in (cached, again):
            assert c.groups == expected.groups and c.groupindex == expected.groupindex
            assert [m.span() for m in c.finditer(subject)] == [m.span() for m in expected.finditer(subject)]
        checked[0] += 1

    import warnings
    original = re._compiler.compile
    saved = dict(recache._table), dict(recache._state)
    try:
        recache._state.update(installed=False, dirty=False)
        recache.install()
        compile_cached = re._compiler.compile
        re._compiler.compile = original           # the rest of the process keeps re's own compiler
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = _counted(st.tuples(rx, subjects), settings(max_examples=300, deadline=None, database=None), body)
    finally:
        re._compiler.compile = original
        recache._table.clear()
        recache._table.update(saved[0])
        recache._state.clear()
        recache._state.update(saved[1])
    print(f"\ncached regex code == re's: {n} examples, {checked[0]} valid patterns compared")


def test_prefilter_finds_exactly_what_finditer_finds():
    import re
    import warnings
    from speechlint.prefilter import TextChars, _guided, finditer, first_chars
    rx = st.text(alphabet="()[]+*?|^$\\.ab的一{}1,<>P=!-wdsS", min_size=1, max_size=12)
    subjects = st.text(alphabet="ab的一1 ,\n-xyz国家", max_size=60)
    guided = [0]

    def body(args):
        pattern, subject = args
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compiled = re.compile(pattern)
        except (re.error, RecursionError, OverflowError):
            return
        want = [(m.span(), m.groups()) for m in compiled.finditer(subject)]
        got = [(m.span(), m.groups()) for m in finditer(compiled, subject, TextChars(subject))]
        assert got == want, pattern
        need = first_chars(compiled.pattern, compiled.flags)
        if need is not None:            # the guided scan itself, whatever the character counts
            guided[0] += 1
            present = [ch for ch in need if ch in subject]
            assert [(m.span(), m.groups()) for m in _guided(compiled, subject, present)] == want, pattern

    n = _counted(st.tuples(rx, subjects), settings(max_examples=400, deadline=None, database=None), body)
    print(f"\nprefilter == finditer: {n} examples, {guided[0]} through the guided scan")


def test_words_pattern_finds_what_the_longest_first_alternation_finds():
    import re
    from speechlint.scan import words_pattern
    words = st.lists(st.text(alphabet="ab的下载.", min_size=1, max_size=4), min_size=1, max_size=10, unique=True)
    subjects = st.text(alphabet="ab的下载.c\n", max_size=60)

    def body(args):
        word_list, subject = args
        ordered = sorted(word_list, key=lambda w: (-len(w), w))
        flat = re.compile("|".join(map(re.escape, ordered)))
        trie = re.compile(words_pattern(word_list))
        assert [m.span() for m in trie.finditer(subject)] == [m.span() for m in flat.finditer(subject)]

    n = _counted(st.tuples(words, subjects), settings(max_examples=300, deadline=None, database=None), body)
    print(f"\nwords_pattern == longest-first alternation: {n} examples")


def test_find_words_finds_every_occurrence_an_automaton_finds():
    import ahocorasick
    from speechlint.scan import find_words, prefix_table, starts_pattern
    words = st.lists(st.text(alphabet="ab的下载.[\n", min_size=1, max_size=4), min_size=1, max_size=8, unique=True)
    subjects = st.text(alphabet="ab的下载.[c\n", max_size=60)

    def body(args):
        word_list, subject = args
        auto = ahocorasick.Automaton()
        for word in word_list:
            auto.add_word(word, word)
        auto.make_automaton()
        want = sorted((end + 1 - len(word), word) for end, word in auto.iter(subject))
        got = sorted(find_words(starts_pattern(word_list), prefix_table(word_list), subject))
        assert got == want

    n = _counted(st.tuples(words, subjects), settings(max_examples=300, deadline=None, database=None), body)
    print(f"\nfind_words == Aho–Corasick: {n} examples")
