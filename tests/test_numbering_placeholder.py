"""Numbering and placeholder checks on real text: the seeds, the clean corpus and small fixtures."""
from speechlint import lint_text
from speechlint.config import Settings

import measure


def found(text, select):
    return [(d.rule, d.line, d.column, d.end_column) for d in lint_text(text, config=Settings(select=(select,)))]


def test_recall_on_seeds(shared):
    for category in ("numbering", "placeholder"):
        hit, total, missing = measure.recall(category)
        measure.report(f"seeds-expected {category}", hit, total, missing)
        assert hit == total, f"{category}: {total - hit} expected defects not reported"


def test_false_alarms_on_clean_corpus(shared):
    hits, rate = measure.false_alarms({"numbering", "placeholder"})
    print(f"\nclean corpus numbering+placeholder warnings/errors: {len(hits)} ({rate:.3f} per 10k chars)",
          measure.by_rule(hits))
    assert rate <= 0.1


def test_seed_004_lost_its_first_level_headings():
    text = (measure.SEEDS / "004_ad9f86e9fccc6bc8.txt").read_text(encoding="utf-8")
    got = [(d.rule, d.line, d.column) for d in lint_text(text, config=Settings(select=("SL104", "SL105")))]
    assert got == [("SL105", 5, 1), ("SL105", 10, 1), ("SL104", 11, 1), ("SL104", 17, 1)]


def test_compilation_restarts_are_legitimate():
    text = "第一篇：讲话一\n一、总体要求\n二、主要任务\n第二篇：讲话二\n一、总体要求\n二、主要任务\n"
    assert found(text, "numbering") == []


def test_skip_duplicate_order_positions():
    assert found("一、甲\n二、乙\n四、丙\n", "SL101") == [("SL101", 3, 1, 3)]
    assert found("（一）甲\n（二）乙\n（二）丙\n", "SL102") == [("SL102", 3, 1, 4)]
    assert found("1. 甲\n3. 乙\n2. 丙\n", "SL103") == [("SL103", 3, 1, 3)]


def test_marker_punctuation_fix():
    diags = lint_text("1、加强领导。\n（一）、完善机制。\n", config=Settings(select=("SL107",)))
    assert [(d.line, d.fix.replacement, d.fix.safe) for d in diags] == [(1, "1.", True), (2, "（一）", True)]
    # 第一、第三产业 is an abbreviation, not a series marker
    assert found("第一、第三产业增加值分别增长3.1%、5.1%。", "SL107") == []


def test_inline_series():
    assert found("一是加强领导；三是强化保障。", "SL109") == [("SL109", 1, 8, 10)]
    assert found("一是加强领导。\n\n二是完善机制。\n", "SL109") == []
    assert found("一要加强领导。二要完善机制。一是统一思想；二是狠抓落实。", "SL109") == []


def test_announced_counts():
    assert found("下面，我讲四点意见。\n一、甲\n二、乙\n三、丙\n", "SL110") == [("SL110", 1, 5, 10)]
    assert found("增强“四个意识”、坚定“四个自信”，一是加强学习。", "SL110") == []
    assert found("实施“阳光校园”、“阳光基地”三大工程。", "SL110") == [("SL110", 1, 16, 20)]


def test_placeholders_are_precise():
    assert found("县委书记×××同志讲话。", "SL201") == [("SL201", 1, 5, 8)]
    assert found("对违纪干部王××给予处分。", "SL201") == []
    assert found("荣获XX市一等奖，在Linux和XXL-Job中运行。", "SL202") == [("SL202", 1, 3, 5)]
    assert found("规范率达到以上。", "SL207") == [("SL207", 1, 4, 8)]
    assert found("到二○二○年基本实现。", "SL204") == []
