"""Document date detection (speechlint.dates): date lines, speaker lines, end dates, web stamps,
corrupted years, title years, content lower bounds, compilations with a date per 篇, --date."""
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint.config import Settings
from speechlint.dates import date_at, date_info, date_kind_at, date_range_at
from speechlint.engine import Linter
from speechlint.loader import load_path, load_text

D = dt.date
ROOT = Path(__file__).resolve().parent.parent


def info(text):
    return date_info(load_text(text, "t.txt"))


@pytest.mark.parametrize("text,date,latest,reason", [
    ("在全市工作会议上的讲话\n市委书记 张三\n（2024年3月15日）\n同志们：\n今天召开会议。",
     D(2024, 3, 15), D(2024, 3, 15), "第3行开头日期行“（2024年3月15日）”"),
    ("政府工作报告\n——2015年3月5日在第十二届全国人民代表大会第三次会议上\n各位代表：",
     D(2015, 3, 5), D(2015, 3, 5), "第2行开头日期行"),
    ("在全县干部大会上的讲话\n李明\n二〇二四年三月\n同志们：",
     D(2024, 3, 1), D(2024, 3, 31), "第3行开头日期行“二〇二四年三月”"),
    ("在全县干部大会上的讲话 王和涛 2010年6月5日 同志们: 今天我们召开大会。",
     D(2010, 6, 5), D(2010, 6, 5), "第1行开头日期行“2010年6月5日”"),
    ("在全县干部大会上的讲话 王和涛2010年6月5日 同志们: 今天我们召开大会。",
     D(2010, 6, 5), D(2010, 6, 5), "第1行开头署名下的日期“王和涛2010年6月5日”"),
    ("在全县干部大会上的讲话\n2023年3月15日（星期三）上午\n同志们：",
     D(2023, 3, 15), D(2023, 3, 15), "第2行开头日期行“2023年3月15日（星期三）上午”"),
    ("同志们：\n" + "今年的工作任务很重。\n" * 100 + "谢谢大家。\n中共某某县委办公室\n2023年12月1日",
     D(2023, 12, 1), D(2023, 12, 1), "第104行文末日期行“2023年12月1日”"),
])
def test_date_lines(text, date, latest, reason):
    got = info(text)
    assert (got.date, got.latest, got.kind) == (date, latest, "line")
    assert reason in got.reason


@pytest.mark.parametrize("text", [
    "某街道党工委书记的讲话\n时间:2022-09-24 09:25:00\n同志们：",
    "模范机关领导发言材料\n發布時間:2020-11-20 來源: 黨課講稿\n同志們：",
    "讲话稿\n发布时间：2021年2月5日\n同志们：",
    "讲话稿\n2021-02-05\n同志们：",                 # numeric dates date uploads, not speeches
])
def test_web_stamps_are_ignored(text):
    got = info(text)
    assert got.date is None and got.kind == "none", got.reason


def test_corrupted_year_is_not_a_date_and_vetoes_the_title_year():
    got = info("2023年在全区创建工作动员大会上的讲话\n王和涛202223年6月5日\n同志们：")
    assert got.date is None
    assert "第2行的日期“王和涛202223年6月5日”年份“202223”已损坏" in got.reason
    assert "标题年份不采用" in got.reason


def test_title_year_is_weak_evidence():
    got = info("2020年在全县机关党建工作会议上的讲话\n\n同志们：\n下面讲三点意见。")
    assert (got.date, got.latest, got.kind) == (D(2020, 1, 1), D(2020, 12, 31), "title")
    assert "证据较弱" in got.reason
    # a year inside a sentence is not a title
    assert info("2020年我们完成了各项任务，下面讲三点意见。").date is None


@pytest.mark.parametrize("sentence,year", [
    ("今年是党的十七大召开之年", 2007), ("今年是建党一百周年", 2021), ("今年是新中国成立70周年", 2019),
    ("今年是改革开放四十周年", 2018), ("今年是实施“十二五”规划的开局之年", 2011), ("今年是“十四五”收官之年", 2025),
])
def test_year_stated_by_an_event(sentence, year):
    got = info(f"同志们：\n{sentence}，做好今年工作意义重大。")
    assert (got.kind, got.date, got.latest) == ("year", D(year, 1, 1), D(year, 12, 31))


def test_stated_year_beats_a_rewritten_title_year():
    got = info("2023年在全县工作会议上的讲话\n同志们：\n今年是“十二五”开局之年。")
    assert got.date == D(2011, 1, 1) and "不符" in got.reason


def test_content_gives_a_lower_bound_only():
    got = info("同志们：\n要坚持以习近平新时代中国特色社会主义思想为指导。")
    assert (got.date, got.latest, got.kind) == (D(2017, 10, 18), None, "floor")
    assert "不早于" in got.reason


def test_new_year_address_and_work_review():
    assert info("大家好！2022年即将到来。我在北京向大家致以新年祝福！").date == D(2021, 12, 1)
    assert info("各位代表：\n现在我代表县政府报告工作。\n一、2015年工作回顾\n过去一年……").date == D(2016, 1, 1)


@pytest.mark.parametrize("text", ["", "年", "2024年", "\n\n\n", "（）年月日" * 50, "２０２４年３月", "9999年1月1日",
                                  "2024年2月30日", "第一篇\n第二篇\n", "時間" * 3000])
def test_no_crash(text):
    got = info(text)
    assert got.reason


def test_compilation_dates_each_part():
    text = ("讲话汇编\n\n第一篇：在全县工作会议上的讲话\n（2024年3月1日）\n同志们：要做好新冠肺炎疫情防控工作。\n\n"
            "第二篇：在全县卫生工作会议上的讲话\n（2020年3月1日）\n同志们：要做好新冠肺炎疫情防控工作。\n\n"
            "第三篇：在全县干部大会上的讲话\n同志们：要做好新冠肺炎疫情防控工作。\n")
    doc = load_text(text, "t.txt")
    got = date_info(doc)
    assert got.date is None and "汇编共3篇" in got.reason
    offsets = [m.start() for m in re.finditer("新冠肺炎", text)]
    assert [date_at(doc, o) for o in offsets] == [D(2024, 3, 1), D(2020, 3, 1), None]
    # only the first speech is past the 2022-12-26 rename
    found = Linter(Settings(select=("SL607",))).lint(doc)
    assert [(d.line, d.column, d.end_column) for d in found] == [(5, 8, 12)]


def test_date_option_overrides_detection():
    doc = load_text("在全县会议上的讲话\n（2019年4月12日）\n同志们：要做好新冠肺炎疫情防控工作。", "t.txt")
    assert doc.date == D(2019, 4, 12)
    found = Linter(Settings(date=D(2023, 5, 1), select=("SL607",))).lint(doc)
    assert [d.rule for d in found] == ["SL607"]
    assert date_range_at(doc, 20) == (D(2023, 5, 1), D(2023, 5, 1)) and date_kind_at(doc, 20) == "set"


def test_plain_view_maps_traditional_and_pinyin_back():
    doc = load_text("提高黨內(nèi)生活的政治性、原則性、戰(zhàn)斗性。", "t.txt")
    from speechlint.plainview import plain_view
    view = plain_view(doc)
    assert view.text == "提高党内生活的政治性、原则性、战斗性。"
    pos = view.text.find("战斗性")
    start, end = view.span(pos, pos + 3)
    assert doc.text[start:end] == "戰(zhàn)斗性"
    assert (view.to_view(start), view.to_view(end)) == (pos, pos + 3)
    assert view.to_view(doc.text.index("(zhàn)") + 2) == pos + 1     # inside an annotation: its end


def test_show_date_prints_date_and_reason(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("在全县会议上的讲话\n（2019年4月12日）\n同志们：", encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "speechlint", *a], capture_output=True, text=True)
    proc = run("--show-date", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "2019-04-12 (第2行开头日期行“（2019年4月12日）”)" in proc.stdout
    proc = run("--show-date", "--date", "2024-01-02", str(path))
    assert "2024-01-02 (set by --date" in proc.stdout


# ---- the five seeds, dated by reading them ------------------------------------------------------
def test_seed_dates():
    seeds = ROOT / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds/ not present")
    got = {p.name[:3]: date_info(load_path(p)) for p in sorted(seeds.glob("*.txt"))}
    # 000: a compilation of five speeches; 第一篇 has only its title year, 第四篇 a date line
    parts = [(p.kind, p.date) for _, _, p in got["000"].parts]
    assert parts == [("title", D(2020, 1, 1)), ("none", None), ("none", None), ("line", D(2012, 3, 9)), ("none", None)]
    assert got["000"].date is None
    # 001: its years are corrupted ("202223年"), but it says "今年是党的十七大召开之年" (2007)
    assert (got["001"].kind, got["001"].date, got["001"].latest) == ("year", D(2007, 1, 1), D(2007, 12, 31))
    # 002: only the upload stamp "时间:2022-09-24"
    assert got["002"].date is None and got["002"].reason == "未找到日期"
    # 003: the date under the speaker's name is corrupted, so the site's "2023年" title is not trusted
    assert got["003"].date is None and "王和涛202223年6月5日" in got["003"].reason
    # 004: traditional text with an upload stamp (2020-11-20, ignored); “两个维护” says 2018 or later
    assert (got["004"].kind, got["004"].date) == ("floor", D(2018, 1, 1))


def test_clean_corpus_dates_match_file_names(shared):
    files = sorted((shared / "corpus" / "clean").glob("*.txt"))
    agree, lines = 0, []
    for path in files:
        got = date_info(load_path(path))
        year = int(path.name[:4])
        ok = got.date is not None and got.date.year == year
        agree += ok
        lines.append(f"  {'ok ' if ok else 'NO '}{path.name[:28]:30} {got.date} {got.kind}")
    share = agree / len(files)
    print(f"\nclean corpus: detected year = file-name year for {agree}/{len(files)} ({share:.0%})")
    print("\n".join(lines))
    assert share >= 0.9
    # a date line was found in every file that has one in its first lines
    assert all(date_info(load_path(p)).kind == "line" for p in files if re.search(r"^[—（(]*\d{4}年\d", p.read_text(encoding="utf-8")[:200], re.M))


def test_date_line_naming_the_meeting():
    got = info("（2023年3月15日在全县工作会议上的讲话）\n同志们：")
    assert (got.date, got.kind) == (D(2023, 3, 15), "line")


def test_parts_of_one_text_are_not_a_compilation():
    doc = load_text("工作报告\n（2024年3月1日）\n第一部分 回顾\n新冠肺炎疫情防控。\n第二部分 任务\n继续做好新冠肺炎疫情防控。", "t.txt")
    assert date_info(doc).parts == []
    assert date_at(doc, doc.text.rfind("新冠")) == D(2024, 3, 1)


def test_undated_part_inherits_a_dated_head():
    doc = load_text("讲话汇编\n（2024年3月1日）\n第一篇：开幕讲话\n内容一\n第二篇：闭幕讲话\n（2024年3月3日）\n内容二", "t.txt")
    assert date_at(doc, doc.text.find("内容一")) == D(2024, 3, 1)
    assert date_at(doc, doc.text.find("内容二")) == D(2024, 3, 3)
