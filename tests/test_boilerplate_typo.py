"""Boilerplate (SL750–SL799) and typo (SL800–SL899): recall on the seeds, false alarms on the clean
corpus, exact positions and fixes on small fixtures."""
import pytest

from measure import by_rule, false_alarms, recall, report
from speechlint.config import Settings
from speechlint.engine import Linter
from speechlint.loader import load_text
from speechlint.ruleset import builtin_rules
from speechlint.plainview import plain_view

CATEGORIES = ("boilerplate", "typo")


def lint(text, *ids):
    ids = ids or tuple(r.id for r in builtin_rules() if r.category in CATEGORIES)
    return Linter(Settings(select=ids)).lint(load_text(text, "fixture.txt"))


def only(found, rule):
    return [d for d in found if d.rule == rule]


# ---- measured on ../shared ----------------------------------------------------------------------
def test_recall_boilerplate(shared):
    found, total, missing = recall("boilerplate")
    report("boilerplate recall", found, total, missing)
    assert total == 78
    assert found >= 76


def test_recall_typo(shared):
    found, total, missing = recall("typo")
    report("typo recall", found, total, missing)
    # not reachable by rule: a dropped character (党建地), a wrong measure word (8人), "上了上墙"
    assert found >= 12


def test_clean_corpus_false_alarms(shared):
    hits, rate = false_alarms(CATEGORIES)
    print(f"\nboilerplate+typo false alarms on the clean corpus: {len(hits)} ({rate:.3f} per 10k chars) {by_rule(hits)}")
    for name, d in hits[:10]:
        print(f"  {name}:{d.line}:{d.column} {d.rule} {d.message}")
    assert rate <= 0.1


# ---- the typo list ----------------------------------------------------------------------------------
def test_typo_list_has_at_least_150_pairs():
    pairs = {(wrong, right) for r in builtin_rules() if r.category == "typo" and r.severity != "info"
             for wrong, right in r.phrases.items() if right and right != wrong}
    print(f"\ntypo pairs (warning/error): {len(pairs)}")
    assert len(pairs) >= 150


def test_no_typo_pair_maps_a_word_to_itself_or_twice():
    seen = {}
    for r in builtin_rules():
        if r.category != "typo":
            continue
        for wrong, right in r.phrases.items():
            assert wrong != right, f"{r.id}: {wrong} maps to itself"
            assert wrong not in seen, f"{wrong} in {seen.get(wrong)} and {r.id}"
            seen[wrong] = r.id


def test_disputed_pairs_stay_info():
    for r in builtin_rules():
        if "好象" in r.phrases or "陷井" in r.phrases:
            assert r.severity == "info"


# ---- boilerplate fixtures: positions and fixes --------------------------------------------------------
def test_whole_line_download_prompt_is_deleted_safely():
    found = only(lint("同志们：\n点此处下载文档\n今天召开会议。", "SL751"), "SL751")
    assert len(found) == 1
    d = found[0]
    assert (d.line, d.column, d.end_line, d.end_column) == (2, 1, 2, 8)
    assert d.fix.replacement == "" and d.fix.safe
    assert d.severity == "error"


def test_glued_copyright_tag_is_deleted_alone():
    text = "形成党建工作的强大合力。公务员之家版权所有\n下一段。"
    d, = only(lint(text, "SL760"), "SL760")
    assert text[d.start:d.end] == "公务员之家版权所有"
    assert (d.line, d.column, d.end_column) == (1, 13, 22)
    assert d.fix.replacement == ""


def test_page_marks_inside_a_paragraph():
    text = "激发基层活力、提高党员素质， —1—加强党的建设。 —7— 第8页 共8页"
    marks = only(lint(text, "SL759"), "SL759")
    assert [text[d.start:d.end] for d in marks] == ["—1—", "—7—"]
    assert marks[0].column == 16
    footer, = only(lint(text, "SL758"), "SL758")
    assert text[footer.start:footer.end] == "第8页 共8页"


def test_dates_and_ranges_are_not_page_marks():
    text = "2021—2025年，第1—3项任务，2024-03-15完成，编号A-1-B。"
    assert not only(lint(text, "SL759"), "SL759")


def test_pinyin_annotated_traditional_widget_line():
    text = "同志們，謝謝大家。\n相關(guān)熱詞搜索:模范 發(fā)言 機關(guān)\n熱點文章閱讀\n"
    found = only(lint(text, "SL756"), "SL756")
    assert [(d.line, d.column) for d in found] == [(2, 1), (3, 1)]
    assert found[0].end_column == len("相關(guān)熱詞搜索:模范 發(fā)言 機關(guān)") + 1


def test_plain_view_maps_back_through_annotations():
    doc = load_text("發(fā)布時間:2020-11-20\n正文")
    view = plain_view(doc)
    assert view.text.startswith("发布时间:2020-11-20")
    assert view.span(0, 2) == (0, 6)          # 發(fā)布 → the annotation is inside the span
    assert view.start(view.text.index("正")) == doc.text.index("正")


def test_web_stamp_and_blurb_lines():
    text = ("在全区工作会议上的讲话[大全5篇]\n\n时间:2021-02-05 15:20:15下载本文作者:会员上传\n"
            "简介:写写帮文库小编为你整理了多篇相关的《讲话》，但愿对你工作学习有帮助。\n\n第一篇:在全区工作会议上的讲话\n")
    found = lint(text)
    rules = {(d.rule, d.line) for d in found}
    assert ("SL761", 1) in rules and ("SL754", 3) in rules and ("SL755", 4) in rules and ("SL762", 6) in rules
    header, = only(found, "SL762")
    assert text[header.start:header.end] == "第一篇:" and header.severity == "warning" and not header.fix.safe


def test_related_list_entries_to_the_end():
    text = ("谢谢大家。\n\n相关范文推荐\n\n    在全区党建工作会议上的讲话\n\n"
            "    同志们：当前，全区正在扎实有效地开展……\n")
    found = lint(text)
    assert ("SL756", 3) in {(d.rule, d.line) for d in found}
    assert [d.line for d in only(found, "SL757")] == [5, 7]


def test_repeated_page_title_and_doubled_title():
    text = "某街道党工委书记在庆七一座谈会上的讲话\n\n时间:2022-09-24 09:25:00\n\n某街道党工委书记在庆七一座谈会上的讲话\n\n同志们："
    d, = only(lint(text, "SL764"), "SL764")
    assert d.line == 1 and d.fix.replacement == ""
    line = "在文明城市创建动员大会上的讲话1 在文明城市创建动员大会上的讲话 王和涛"
    d, = only(lint(line, "SL765"), "SL765")
    assert line[d.start:d.end] == "1 在文明城市创建动员大会上的讲话"


def test_chunk_markers_each_reported_with_a_delete_fix():
    body = "同志们，今天召开全区组织工作会议，主要任务是总结工作、分析形势、部署任务。" * 4
    text = "\n".join(f"{i}、{body}" for i in range(1, 5))
    found = only(lint(text, "SL766"), "SL766")
    assert [(d.line, d.column, d.end_column) for d in found] == [(1, 1, 3), (2, 1, 3), (3, 1, 3), (4, 1, 3)]
    assert all(d.fix.replacement == "" and d.fix.safe for d in found)


def test_ordinary_speech_lines_are_not_boilerplate():
    text = ("同志们：\n\n一、坚持更高标准 提高机关党建质量\n\n要推动政务服务应用下载安装。会议时间另行通知。\n"
            "展开调查研究，推荐阅读经典原著。\n依法保护著作权人的版权。\n全年共发表理论文章（5篇）以上。\n"
            "要防范来自网络的风险，为人民创造更多精彩。\n推广政务APP，下载后即可办理。\n"
            "依法查处涉嫌侵权商品，如有侵权行为依法追究。\n社会各界都在关注我们的工作。\n"
            "王建国 李明 张晓华 刘洋 陈静\n2021—2025年是关键时期。\n")
    assert not [d for d in lint(text) if d.category == "boilerplate"]


OTHER_SITE = """在全市安全生产工作会议上的讲话【精选3篇】
发布时间：2023/05/12 来源：某某范文网
浏览次数：1234
本文由第一范文网整理发布，转载请注明出处。
同志们：
今天召开全市安全生产工作会议，主要任务是贯彻落实上级部署。 - 2 - 下面我讲三点意见。
（此文档为word格式，可任意编辑修改）
上一篇：在全县工作会议上的讲话
下一篇：在全区工作会议上的讲话
标签：安全生产 讲话
内容来自淘豆网www.taodocs.com转载请标明出处.
第 2 页 共 5 页
返回首页
"""


def test_wechat_article_residue():
    text = "点击上方蓝字关注我们\n同志们：\n今天开会。\n编辑：张三\n审核：李四\n阅读原文\n往期推荐\n"
    found = [d for d in lint(text) if d.category == "boilerplate"]
    assert sorted(d.line for d in found) == [1, 4, 5, 6, 7]


def test_another_sites_page_is_recognised_by_shape():
    """Site names and wording that the seeds do not have: every site line is found, the speech is not."""
    found = [d for d in lint(OTHER_SITE) if d.category == "boilerplate"]
    lines = {d.line for d in found}
    assert lines == {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13}
    mark, = [d for d in found if d.line == 6]
    assert OTHER_SITE.split("\n")[5][mark.column - 1:mark.end_column - 1] == "- 2 -"


# ---- typo fixtures ------------------------------------------------------------------------------------
def test_typo_positions_and_replacements():
    text = "认真贯切落实，一如继往，再接再励，四中会全，工作布署。"
    found = {text[d.start:d.end]: d for d in lint(text) if d.category == "typo"}
    assert found["贯切"].fix.replacement == "贯彻" and found["贯切"].column == 3
    assert found["一如继往"].fix.replacement == "一如既往"
    assert found["再接再励"].fix.replacement == "再接再厉"
    assert found["四中会全"].fix.replacement == "四中全会"
    assert found["布署"].fix.replacement == "部署"


def test_typo_context_exclusions():
    text = ("一贯切实履行职责。在报纸上发布署名文章。形势严峻工作艰巨。毕竟争取到了资金。"
            "既将经济搞上去，又将生态保护好。做好预防犯罪工作。完善应急物资基础数据库。将一些列入计划。")
    assert not [d for d in lint(text) if d.category == "typo" and d.severity != "info"]


def test_doubled_word_and_its_fix():
    text = "认真开展开展主题党日活动。"
    d, = only(lint(text, "SL820"), "SL820")
    assert (d.column, d.end_column) == (3, 7)
    assert d.fix.replacement == "开展" and d.fix.safe


def test_real_reduplication_is_not_doubled():
    text = ("我们常常研究研究工作，天天看看进展，一个一个地解决，人人参与，年年都有新变化，"
            "大家讨论讨论。的的确确要抓紧，实实在在办事，不能不了了之。现在在全县推广，关键是是否落实。")
    assert not only(lint(text, "SL820", "SL824"), "SL820") and not only(lint(text, "SL820", "SL824"), "SL824")


def test_typos_in_traditional_and_annotated_text():
    text = "認真貫切落實中央八項規定。開展創(chuàng)建活動，更好的促進(jìn)發(fā)展。"
    found = only(lint(text), "SL890")
    spans = [text[d.start:d.end] for d in found]
    assert "貫切" in spans and "的" in spans
    assert "贯彻" in found[spans.index("貫切")].message


@pytest.mark.parametrize("text", ["", "\n\n\n", "\u3000\u3000", "(ā)", "關(", "第一篇:", "—", "[1]",
                                  "1、" * 50, "下载\n" * 3, "關(guān)" * 100, "\ufffd" * 10])
def test_no_crash_on_odd_input(text):
    lint(text)


def test_a_trigger_inside_another_trigger_is_still_seen():
    found = lint("本文档为doc格式\n")
    assert [d.rule for d in found if d.category == "boilerplate"] == ["SL751"]


def test_fallback_table_covers_the_site_words():
    from speechlint.plainview import _FALLBACK_T2S
    assert "相關熱詞搜索熱點文章閱讀發布時間來源點擊".translate(_FALLBACK_T2S) == "相关热词搜索热点文章阅读发布时间来源点击"


def test_random_mixed_text_never_crashes_and_spans_stay_inside():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings, strategies as st
    alphabet = st.sampled_from(list("關機發時間相热詞搜索下载文档页共第篇：:—-1２ 　\n的开展(guān)（ā）[]【】版权所有。，"))
    linter = Linter(Settings(select=tuple(r.id for r in builtin_rules() if r.category in CATEGORIES)))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(alphabet, max_size=80).map("".join))
    def run(text):
        doc = load_text(text, "random.txt")
        for d in linter.lint(doc):
            assert 0 <= d.start <= d.end <= len(doc.text)
        view = plain_view(doc)
        for i in range(len(view.text)):
            assert 0 <= view.start(i) < len(doc.text)

    run()
