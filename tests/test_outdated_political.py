"""outdated (date-aware) and political rules: recall on the seeds, silence on the clean corpus,
and the behaviours that depend on the date of each speech."""
import datetime as dt

import pytest

from measure import by_rule, false_alarms, recall, report, seed_diagnostics
from speechlint.config import Settings
from speechlint.engine import Linter
from speechlint.loader import load_text

D = dt.date


def lint(text, select, date=None):
    return Linter(Settings(select=select, date=date)).lint(load_text(text, "t.txt"))


@pytest.mark.parametrize("category", ["outdated", "political"])
def test_seed_recall(shared, category):
    found, total, missing = recall(category)
    report(f"{category} recall on seeds-expected.jsonl", found, total, missing)
    assert found == total


def test_clean_corpus_false_alarms(shared):
    hits, rate = false_alarms({"outdated", "political"})
    print(f"\noutdated+political false alarms on the clean corpus: {len(hits)} "
          f"({rate:.3f} per 10,000 characters) {by_rule(hits)}")
    for name, d in hits:
        print(f"  {name}:{d.line}:{d.column} {d.rule} {d.message}")
    assert rate <= 0.1


def test_seed_findings_positions(shared):
    got = {(name[:3], d.line, d.column, d.end_column, d.rule) for name, ds in seed_diagnostics().items()
           for d in ds if d.category in ("outdated", "political")}
    # 000 第一篇 is dated 2020 by its title year: 地税 was merged into 税务 in 2018
    assert ("000", 50, 224, 228, "SL606") in got
    # 000 第三篇 (2005): 树立和落实科学发展观 lost its 观
    assert ("000", 130, 144, 148, "SL653") in got
    # 002: “三个代表”思想 twice
    assert {("002", 19, 479, 486, "SL654"), ("002", 19, 669, 676, "SL654")} <= got
    # 004: traditional text with pinyin garbage, dated not before 2018 by its content
    assert ("004", 13, 362, 379, "SL614") in got


def test_no_date_no_date_bound_finding():
    text = "县环保局要加强监管，要继续做好新冠肺炎疫情防控工作，坚决打赢脱贫攻坚战。"
    assert not [d for d in lint(text, ("outdated",)) if d.rule != "SL616"]
    assert {d.rule for d in lint(text, ("outdated",), D(2023, 3, 1))} == {"SL605", "SL607", "SL612"}


def test_retrospective_covid_is_info_only():
    found = lint("三年来，我们抗击新冠肺炎疫情取得重大决定性胜利。", ("SL607",), D(2023, 3, 1))
    assert [d.severity for d in found] == ["info"]


def test_title_year_caps_severity_at_warning():
    text = "2024年在全县市场监管工作会议上的讲话\n同志们：\n国家工商总局近日印发通知。"
    found = lint(text, ("SL600",))
    assert [(d.line, d.severity) for d in found] == [(3, "warning")]
    dated = "在全县市场监管工作会议上的讲话\n（2024年3月1日）\n同志们：\n国家工商总局近日印发通知。"
    assert [d.severity for d in lint(dated, ("SL600",))] == ["error"]


def test_campaign_only_when_described_as_current():
    good = "五年来，我们扎实开展党史学习教育、党纪学习教育。"
    bad = "当前正在开展的党史学习教育，是全党政治生活中的一件大事。"
    assert not lint(good, ("SL608",), D(2026, 1, 1))
    found = lint(bad, ("SL608",), D(2026, 1, 1))
    assert [(d.column, d.end_column) for d in found] == [(8, 14)]
    assert "2022年2月1日" in found[0].message


def test_anachronism():
    text = "深刻领悟“两个确立”的决定性意义。"
    assert [d.rule for d in lint(text, ("SL615",), D(2020, 5, 1))] == ["SL615"]
    assert not lint(text, ("SL615",), D(2022, 5, 1))


def test_political_rules_are_date_free_and_errors():
    text = ("紧密团结在以习近平总书记为核心的党中央周围，主动融入“一带一路”战略，"
            "深化两岸三地交流，中共河北省省委书记出席会议。")
    found = lint(text, ("political",))
    assert [(d.rule, d.severity, d.column) for d in found] == [
        ("SL650", "error", 6), ("SL658", "error", 28), ("SL661", "error", 38), ("SL664", "error", 49)]
    assert (found[0].fix.replacement, found[0].fix.safe) == ("以习近平同志为核心", True)
