"""The Lark grammar recognises numbering markers, and only markers."""
import subprocess
import sys

import pytest

from speechlint.loader import load_text
from speechlint.outline import cn_value, inline_markers, match_heading
from measure import SEEDS


@pytest.mark.parametrize("text,kind,value,length", [
    ("一、总体要求", "cn_item", 1, 2),
    ("九十九、其他", "cn_item", 99, 4),
    ("十二、附则", "cn_item", 12, 3),
    ("（一）加强领导", "paren_cn", 1, 3),
    ("(三)加强领导", "paren_cn", 3, 3),
    ("（一）、加强领导", "paren_cn", 1, 4),
    ("1.加强领导", "arabic_item", 1, 2),
    ("1．加强领导", "arabic_item", 1, 2),
    ("12、加强领导", "arabic_item", 12, 3),
    ("（1）明确责任", "paren_arabic", 1, 3),
    ("(２)明确责任", "paren_arabic", 2, 3),
    ("③细化分工", "circled", 3, 1),
    ("第一篇：在某会议上的讲话", "part", 1, 3),
    ("第二部分 主要任务", "part", 2, 4),
    ("第三章 附则", "part", 3, 3),
    ("第二层意思，要突出重点。", "layer", 2, 5),
    ("二、2018年经济社会发展总体要求", "cn_item", 2, 2),
])
def test_headings(text, kind, value, length):
    m = match_heading(text)
    assert m is not None and (m.kind, m.value, m.length) == (kind, value, length)


@pytest.mark.parametrize("text", [
    "(区)实际,研究制定实施意见", "2020年在全县机关党建工作会议上的讲话", "1.5亿元", "十九大以来",
    "一些同志认为", "三严三实", "12345", "第一次会议", "（区）直部门", "十十、错",
])
def test_not_headings(text):
    assert match_heading(text) is None


def test_inline_markers():
    text = "要抓好三项工作：一是加强领导；二是完善机制；三要强化保障。第一，统一思想；第二，狠抓落实。首先要"
    found = [(off, m.kind, m.value, m.verb) for off, m in inline_markers(text)]
    assert found == [(8, "seq_verb", 1, "是"), (15, "seq_verb", 2, "是"), (22, "seq_verb", 3, "要"),
                     (29, "ordinal", 1, ""), (37, "ordinal", 2, ""), (45, "seq_word", 1, "")]
    # 统一是 and 唯一是 are words, not markers; a first item glued to 认为 counts once 二是 follows
    assert list(inline_markers("统一是前提，唯一是目标")) == []
    assert [off for off, _ in inline_markers("我认为一是要健全机制。二是要完善制度。")] == [3, 11]


def test_cn_value():
    assert [cn_value(s) for s in ("一", "十", "十一", "二十", "九十九", "二二", "十十")] == [1, 10, 11, 20, 99, None, None]


def test_collapsed_lines_yield_headings():
    """Seeds 001 and 003 put many paragraphs on one line, separated by spaces."""
    doc = load_text((SEEDS / "001_3f41271ab36d6c34.txt").read_text(encoding="utf-8"))
    heads = [(doc.position(h.start), h.marker.text) for h in doc.outline.headings]
    assert ((1, 46), "一、") in heads
    assert sum(1 for _, t in heads if t == "二、") == 1
    # the site's chunk markers "1、" "2、" … at the start of every line are not headings
    assert all(col != 1 for (line, col), _ in heads)
    doc3 = load_text((SEEDS / "003_c7e687d74acad71f.txt").read_text(encoding="utf-8"))
    assert len(doc3.outline.headings) >= 3


def test_compilation_parts_are_roots():
    doc = load_text("第一篇：甲\n一、总体要求\n（一）加强\n第二篇：乙\n一、主要任务\n")
    tree = [(depth, h.marker.text) for depth, h in doc.outline.walk()]
    assert tree == [(0, "第一篇"), (1, "一、"), (2, "（一）"), (0, "第二篇"), (1, "一、")]


def test_outline_command():
    out = subprocess.run([sys.executable, "-m", "speechlint", "outline", str(SEEDS / "000_2db0e6606ab9e04e.txt")],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].split() == ["6", "第一篇:2020年在全县(区)机关党建工作会议上的讲话"]
    assert out[1].startswith("   14    一、坚持更高标准")
    assert out[2].startswith("   16      (一)要更加坚定地")
