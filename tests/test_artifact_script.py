"""Artifact (洗稿 residue, pinyin garbage, mojibake, HTML entities) and script (traditional characters)
rules on real text: the seeds, the clean corpus and small fixtures with exact positions and fixes."""
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from speechlint import lint_text
from speechlint.config import Settings

import measure

SEED_004 = "004_ad9f86e9fccc6bc8.txt"


def lint(text, select):
    return lint_text(text, config=Settings(select=tuple(select.split(","))))


def spans(text, select):
    return [(d.rule, d.line, d.column, d.end_column, d.fix.replacement if d.fix else None)
            for d in lint(text, select)]


# ---- measured on the shared material --------------------------------------------------------------
def test_recall_on_seeds(shared):
    floors = {"artifact": 320, "script": 22}
    for category, floor in floors.items():
        hit, total, missing = measure.recall(category)
        measure.report(f"seeds-expected {category}", hit, total, missing)
        assert hit >= floor, f"{category}: only {hit}/{total}"


def test_false_alarms_on_clean_corpus(shared):
    hits, rate = measure.false_alarms({"artifact", "script"})
    print(f"\nclean corpus artifact+script warnings/errors: {len(hits)} ({rate:.3f} per 10k chars)",
          measure.by_rule(hits))
    assert rate <= 0.1


def test_seed_004_traditional_document(shared):
    text = (measure.SEEDS / SEED_004).read_text(encoding="utf-8")
    found = lint(text, "script")
    document = [d for d in found if d.rule == "SL901"]
    lines = [d for d in found if d.rule == "SL902"]
    assert [(d.line, d.column, d.severity) for d in document] == [(1, 3, "warning")]
    assert len(lines) == 22 and {d.severity for d in lines} == {"info"}
    assert [(d.line, d.column) for d in lines[:3]] == [(1, 3), (2, 1), (3, 3)]
    assert not [d for d in found if d.rule in ("SL903", "SL904")]
    # the document-level fix converts every line; applied, nothing traditional is left
    fixed = text
    for start, end, new in sorted(document[0].fix.edits, reverse=True):
        fixed = fixed[:start] + new + fixed[end:]
    assert fixed.splitlines()[0] == "模范机关(guān)领(lǐng)导(dǎo)发(fā)言材料"
    assert not lint(fixed, "script")


def test_seed_004_pinyin_and_mojibake(shared):
    text = (measure.SEEDS / SEED_004).read_text(encoding="utf-8")
    found = lint(text, "SL740,SL741")
    pinyin = [d for d in found if d.rule == "SL740"]
    assert len(pinyin) == 414          # every annotation but "M(jìn)", which sits inside the mojibake
    first = pinyin[0]
    assert (first.line, first.column, first.end_column, first.fix.replacement) == (1, 4, 11, "關")
    assert [(d.line, d.column) for d in found if d.rule == "SL741"] == [(17, 89)]


# ---- fixtures with exact positions and fixes ------------------------------------------------------
def test_impossible_swaps_have_safe_fixes():
    text = "关于假设干重大问题的决定，否那么还有什么作用，贯彻法治原那么，论述了相干要求，甚么事都要管。"
    got = spans(text, "artifact")
    assert got == [("SL702", 1, 3, 6, "若干"), ("SL703", 1, 14, 17, "否则"), ("SL704", 1, 28, 31, "原则"),
                   ("SL705", 1, 35, 37, "相关"), ("SL701", 1, 40, 42, "什么")]
    assert all(d.fix.safe and d.severity == "error" for d in lint(text, "artifact"))


def test_context_swaps_only_where_certain():
    bad = "推动经济社会开展，坚持科学开展观，让广阔党员干部受教育，夯实根底工作，稳固和拓展成果，召开发动大会。"
    got = [(d.rule, text_at(bad, d)) for d in lint(bad, "artifact")]
    assert got == [("SL707", "开展"), ("SL707", "开展"), ("SL708", "广阔"), ("SL709", "根底"),
                   ("SL710", "稳固"), ("SL712", "发动")]
    good = ("深入开展主题教育，各项活动扎实开展。农村是广阔天地，前景广阔。安全屏障更加稳固，实现稳固脱贫。"
            "我们创立了新理论。救援队伍到达现场。广泛宣传发动群众。电台播送新闻。打个比方，头重脚轻根底浅。")
    assert lint(good, "artifact") == []


def text_at(text, d):
    return text[d.start:d.end]


def test_washer_digits_and_entities():
    assert spans("经常发现 1 些问题，认识更加1致。", "SL730") == [
        ("SL730", 1, 6, 9, "一些"), ("SL730", 1, 16, 18, "一致")]
    assert spans("全年发生1起事故，增长1.5%，第1季度。", "SL730") == []
    got = spans("如章安“9X8226;20”事件，各位领导&nbsp;同志们", "SL742")
    assert got == [("SL742", 1, 6, 12, "\u00b7"), ("SL742", 1, 22, 28, "")]
    assert spans("R&D经费增长，A&B两类。", "SL742") == []


def test_mojibake_kinds():
    text = "甲\ufffd乙\n丙\ue001丁\n新闻æ–°é—»标题\n发布时间：鍙戝竷鏃堕棿\n锟斤拷锟斤拷\n"
    assert [d.line for d in lint(text, "SL741")] == [1, 2, 3, 4, 5]
    # rare words of real prose come alone, not in clusters
    assert lint("纾困解难、砥砺奋进、赓续传承，锂电池、钛合金和铟产业，踔厉奋发、笃行不怠。", "SL741") == []
    assert lint("氢氘氚、锂铍硼、钽铌钨，稀土钕镨镝铽；龃龉、觊觎、魑魅魍魉、囹圄；犇犇、淼淼、喆、赟。", "SL741") == []


def test_mojibake_of_real_sentences_is_found():
    # clean-corpus sentences garbled the two commonest ways: UTF-8 bytes read as GBK, GBK read as Big5
    found = 0
    sentences = ["广泛开展全民健身活动", "有序化解存量债务", "协同打造成渝现代化城市群", "改革开放迈出新步伐",
                 "要进一步缩减市场准入负面清单", "推进地质灾害避险搬迁"]
    for sentence in sentences:
        for garbled in (sentence.encode("utf-8").decode("gbk", errors="ignore"),
                        sentence.encode("gbk").decode("big5", errors="ignore")):
            found += bool(lint("我们要，" + garbled + "，推动发展。", "SL741"))
    print(f"\nmojibake of {len(sentences)} sentences, two ways: {found}/{2 * len(sentences)} found")
    assert found >= 10


def test_few_traditional_characters_each_get_a_safe_fix():
    text = "要進一步提高政治站位，这是有效載体。"
    assert spans(text, "script") == [("SL903", 1, 2, 3, "进"), ("SL903", 1, 16, 17, "载")]
    assert all(d.fix.safe and d.severity == "warning" for d in lint(text, "script"))


def test_standard_characters_that_look_traditional_are_not_reported():
    # GB 2312 has 著 乾 於 瞭; 《通用规范汉字表》 keeps 昇 濛 喆 for names
    assert lint("著名学者於先生瞭望乾坤，昇腾集群、濛溪河遗址、陶喆。", "script") == []


def test_traditional_passage_in_simplified_text():
    text = "同志们：\n会议强调要抓好落实。\n會議強調，要認真學習貫徹黨的精神，紮實推進各項工作。\n下面我讲三点意见。\n"
    got = lint(text, "script")
    assert [(d.rule, d.line, d.column) for d in got] == [("SL904", 3, 1)]
    start, end, new = got[0].fix.edits[0]
    assert text[:start] + new + text[end:] == text.replace(
        "會議強調，要認真學習貫徹黨的精神，紮實推進各項工作", "会议强调，要认真学习贯彻党的精神，扎实推进各项工作")


def test_opencc_is_loaded_only_for_candidate_characters():
    code = ("import sys; from speechlint import lint_text; lint_text('{}'); "
            "print('opencc' in sys.modules)")
    simple = subprocess.run([sys.executable, "-c", code.format("同志们：要进一步提高政治站位。")],
                            capture_output=True, text=True)
    mixed = subprocess.run([sys.executable, "-c", code.format("同志們：要進一步提高政治站位。")],
                           capture_output=True, text=True)
    assert simple.stdout.strip() == "False", simple.stderr
    assert mixed.stdout.strip() == "True", mixed.stderr


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("開展发经济社会广阔党员根底稳固成果創立回忆到达1 些般(guān)關&#;X8226nbsp\ufffd顒涌焖俑咝七M，。\n")),
               max_size=80))
def test_no_crash_on_any_input(text):
    for d in lint(text, "artifact,script"):
        assert 0 <= d.start <= d.end <= len(text)
