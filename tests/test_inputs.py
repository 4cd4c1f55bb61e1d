"""Inputs: .docx (with Word list numbering rendered), Markdown, legacy encodings, stdin, folders."""
import copy
import json
import subprocess
import sys

import pytest

from speechlint import lint_file, lint_text
from speechlint.config import Settings
from speechlint.errors import InputError
from speechlint.loader import load_bytes, load_path, load_text

NUMBERING = Settings(select=("numbering",))
PLACEHOLDER = Settings(select=("placeholder",))


def run(*args, cwd, stdin=None):
    return subprocess.run([sys.executable, "-m", "speechlint", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120)


# ---- .docx ------------------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _lvl(ilvl, fmt, text, start=1, suff=None):
    suff_xml = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{suff_xml}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def _add_list(document, abstract_id, num_id, levels, start_override=None):
    """Add a multilevel list definition (w:abstractNum + w:num) to the document's numbering part."""
    from docx.oxml import parse_xml
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override else "")
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                    f'{override}</w:num>')
    # schema order: every abstractNum before the first num
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _numbered(paragraph, num_id, ilvl):
    from docx.oxml import parse_xml
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


CHINESE_LEVELS = [_lvl(0, "chineseCounting", "%1、"), _lvl(1, "chineseCounting", "（%2）"),
                  _lvl(2, "decimal", "%3."), _lvl(3, "decimal", "（%4）")]


def build_docx(path, paragraphs, *, levels=CHINESE_LEVELS, start_override=None, style_heading=False):
    """paragraphs: (text, level or None). Level headings get Word's automatic numbering, not typed text."""
    import docx
    document = docx.Document()
    _add_list(document, 90, 91, levels, start_override)
    if style_heading:   # Heading 1 linked to the list: the paragraph itself has no numPr
        from docx.oxml import parse_xml
        style = document.styles["Heading 1"]
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    for text, level in paragraphs:
        if level == "h1":
            document.add_paragraph(text, style="Heading 1")
            continue
        p = document.add_paragraph(text)
        if level is not None:
            _numbered(p, 91, level)
    document.save(path)
    return path


def test_docx_renders_word_list_numbering(tmp_path):
    path = build_docx(tmp_path / "draft.docx", [
        ("总体要求", 0), ("工作目标", 1), ("具体指标", 2), ("分项", 3), ("分项", 3), ("工作原则", 1),
        ("主要任务", 0), ("重点工作", 1),
    ])
    doc = load_path(path)
    assert doc.kind == "docx"
    assert doc.lines == ["一、总体要求", "（一）工作目标", "1.具体指标", "（1）分项", "（2）分项", "（二）工作原则",
                         "二、主要任务", "（一）重点工作"]
    assert [(m.kind, m.value) for m in (p.marker for p in doc.paragraphs)] == [
        ("cn_item", 1), ("paren_cn", 1), ("arabic_item", 1), ("paren_arabic", 1), ("paren_arabic", 2),
        ("paren_cn", 2), ("cn_item", 2), ("paren_cn", 1)]


def test_docx_list_headings_take_part_in_numbering_checks(tmp_path):
    # Word numbers the first two headings; the third was typed by hand and skips 三.
    path = build_docx(tmp_path / "draft.docx", [
        ("总体要求", 0), ("正文。", None), ("主要任务", 0), ("正文。", None), ("四、保障措施", None), ("正文。", None)])
    found = [(d.rule, d.line, d.column) for d in lint_file(path, config=NUMBERING)]
    assert ("SL101", 5, 1) in found            # line = paragraph number in the .docx
    # the same draft with every number typed gives the same finding at the same place
    typed = "一、总体要求\n正文。\n二、主要任务\n正文。\n四、保障措施\n正文。\n"
    assert [(d.rule, d.line, d.column) for d in lint_text(typed, config=NUMBERING)] == found


def test_docx_style_linked_numbering_and_start_override(tmp_path):
    path = build_docx(tmp_path / "styled.docx", [("总体要求", "h1"), ("正文。", None), ("主要任务", "h1")],
                      start_override=3, style_heading=True)
    assert load_path(path).lines == ["三、总体要求", "正文。", "四、主要任务"]


def test_docx_other_formats_and_tables(tmp_path):
    import docx
    levels = [_lvl(0, "decimalEnclosedCircle", "%1", suff="nothing"), _lvl(1, "ideographTraditional", "%2、"),
              _lvl(2, "upperRoman", "%3.", suff="space")]
    path = build_docx(tmp_path / "f.docx", [("甲项", 0), ("子项", 1), ("子项", 1), ("罗马", 2), ("乙项", 0)], levels=levels)
    document = docx.Document(path)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "单元格一"
    table.cell(0, 1).text = "单元格二"
    document.save(path)
    assert load_path(path).lines == ["①甲项", "甲、子项", "乙、子项", "I. 罗马", "②乙项", "单元格一", "单元格二"]


def test_docx_finding_positions_and_json_kind(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("各位代表：")
    document.add_paragraph("请XX同志发言。")
    document.save(tmp_path / "a.docx")
    diags = lint_file(tmp_path / "a.docx", config=PLACEHOLDER)
    assert [(d.rule, d.line, d.column, d.end_column) for d in diags] == [("SL202", 2, 2, 4)]
    r = run("--format", "json", "--select", "placeholder", "a.docx", cwd=tmp_path)
    data = json.loads(r.stdout)
    assert data["files"][0]["kind"] == "docx" and data["files"][0]["diagnostics"][0]["line"] == 2
    r = run("-v", "--select", "placeholder", "a.docx", cwd=tmp_path)
    assert "kind=docx" in r.stderr.decode() and "a paragraph is a line" in r.stderr.decode()


def test_broken_docx_is_one_error_line(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="bad.docx: not a readable .docx"):
        load_path(tmp_path / "bad.docx")


# ---- Markdown ----------------------------------------------------------------------------------------
MD = """---
title: XX同志讲话
---
# 一、总体要求

请XX同志发言。

```
XX 是代码
```

    XX = load(path)  # 缩进代码

## 三、保障措施
"""


def test_markdown_skips_code_and_front_matter_keeping_positions():
    doc = load_text(MD, "draft.md")
    assert doc.kind == "markdown"
    diags = lint_text(MD, path="draft.md", config=PLACEHOLDER)
    assert [(d.rule, d.line, d.column) for d in diags] == [("SL202", 6, 2)]   # the original file's line
    # the same text as .txt is linted everywhere
    assert len(lint_text(MD, path="draft.txt", config=PLACEHOLDER)) == 4


def test_markdown_headings_take_part_in_numbering():
    diags = lint_text(MD, path="draft.md", config=NUMBERING)
    assert [(d.rule, d.line, d.column) for d in diags] == [("SL101", 14, 4)]
    bold = "**一、总体要求**\n\n正文。\n\n**三、保障措施**\n"
    assert [(d.rule, d.line, d.column) for d in lint_text(bold, path="a.md", config=NUMBERING)] == [("SL101", 5, 3)]


def test_markdown_indented_text_inside_list_is_not_code():
    text = "- 第一项\n\n    请XX同志补充。\n"
    assert len(lint_text(text, path="a.md", config=PLACEHOLDER)) == 1


def test_markdown_inline_code_links_and_tags_are_not_prose():
    text = "请`XX`看[XX同志的讲话](https://example.com/XX)<span title=\"XX\">。</span>请XX同志发言。\n"
    diags = lint_text(text, path="a.md", config=PLACEHOLDER)
    assert [(d.rule, d.line, d.column) for d in diags] == [("SL202", 1, 8), ("SL202", 1, 66)]


def test_indented_chinese_paragraph_is_prose_but_indented_code_is_not():
    text = "正文。\n\n    请XX同志发言。\n\n    XX = load(path)\n"
    assert [(d.rule, d.line) for d in lint_text(text, path="a.md", config=PLACEHOLDER)] == [("SL202", 3)]


def test_real_texts_as_markdown_lose_nothing(shared):
    # Every seed and clean-corpus text read as Markdown: no line of it may be taken for code or markup.
    from speechlint.inputs.markdown import ignored_spans
    paths = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus" / "clean").glob("*.txt"))
    lost = {p.name: ignored_spans(p.read_text(encoding="utf-8")) for p in paths}
    print(f"\n{len(paths)} real texts read as Markdown: {sum(map(len, lost.values()))} ignored spans")
    assert not any(lost.values())


def test_seed_as_markdown_gives_the_same_findings(shared):
    # a Markdown file made of a whole seed: every line is prose, nothing may be dropped
    seed = sorted((shared / "seeds").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    as_md = lint_text(text, path="seed.md", config=PLACEHOLDER)
    as_txt = lint_text(text, path="seed.txt", config=PLACEHOLDER)
    assert [(d.rule, d.line, d.column) for d in as_md] == [(d.rule, d.line, d.column) for d in as_txt]


# ---- encodings ---------------------------------------------------------------------------------------
SIMPLIFIED = "各位代表：现在，我代表县人民政府，向大会报告政府工作，请予审议。请XX同志发言。\n"
TRADITIONAL = "各位代表：現在，我代表縣人民政府，向大會報告政府工作，請予審議。請XX同志發言。\n"


@pytest.mark.parametrize("text,encoding,bom,expected", [
    (SIMPLIFIED, "utf-8", b"", "utf-8"),
    (SIMPLIFIED, "utf-8", b"\xef\xbb\xbf", "utf-8"),
    (SIMPLIFIED, "utf-16-le", b"\xff\xfe", "utf-16-le"),
    (SIMPLIFIED, "utf-16-be", b"\xfe\xff", "utf-16-be"),
    (SIMPLIFIED, "utf-16-le", b"", "utf-16-le"),          # Windows tools that write no BOM
    (SIMPLIFIED, "gbk", b"", "gbk"),
    (SIMPLIFIED + "𠀀\n", "gb18030", b"", "gb18030"),
    (TRADITIONAL, "big5", b"", "big5"),
])
def test_encodings_detected(tmp_path, text, encoding, bom, expected):
    path = tmp_path / "draft.txt"
    path.write_bytes(bom + text.encode(encoding))
    doc = load_path(path)
    assert (doc.text, doc.encoding, doc.bom) == (text, expected, bool(bom))
    assert [(d.rule, d.line, d.column) for d in lint_file(path, config=PLACEHOLDER)] == [("SL202", 1, 34)]


def test_short_gbk_text_is_not_taken_for_big5():
    assert load_bytes("会议要求，做好工作。".encode("gbk"), "a.txt").text == "会议要求，做好工作。"
    assert load_bytes("會議要求，做好工作。".encode("big5"), "a.txt").text == "會議要求，做好工作。"


def test_encoding_in_json_and_verbose(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    r = run("--format", "json", "--select", "placeholder", "-v", "gbk.txt", cwd=tmp_path)
    assert json.loads(r.stdout)["files"][0]["encoding"] == "gbk"
    assert "gbk.txt: kind=text encoding=gbk" in r.stderr.decode()


def test_binary_and_undecodable_files_do_not_stop_the_run(tmp_path):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 4 + b"\xff\xff\x81")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50)
    r = run("--select", "placeholder", "a.txt", "image.txt", "noise.txt", "old.doc", cwd=tmp_path)
    err = r.stderr.decode().splitlines()
    assert r.returncode == 2
    assert len(err) == 3 and all(line.startswith("speechlint: ") for line in err)
    assert "image.txt" in err[0] and "noise.txt" in err[1] and "old.doc" in err[2]
    assert "a.txt:1:34: SL202" in r.stdout.decode()          # the good file was still linted


# ---- stdin -------------------------------------------------------------------------------------------
def test_stdin_with_filename(tmp_path):
    r = run("--select", "placeholder", "-", "--stdin-filename", "notes/draft.md", cwd=tmp_path,
            stdin=MD.encode("gbk"))
    assert r.stdout.decode().splitlines()[0] == "notes/draft.md:6:2: SL202 [placeholder] 占位符“XX”未替换：请填入实际的名称或数字"
    assert r.returncode == 1
    r = run("--select", "placeholder", "-", cwd=tmp_path, stdin=b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"))
    assert r.stdout.decode().startswith("-:1:34: SL202")


def test_stdin_docx(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("请XX同志发言。")
    document.save(tmp_path / "a.docx")
    r = run("--select", "placeholder", "-", "--stdin-filename", "in.docx", cwd=tmp_path,
            stdin=(tmp_path / "a.docx").read_bytes())
    assert r.stdout.decode().startswith("in.docx:1:2: SL202")


# ---- folders -----------------------------------------------------------------------------------------
def test_folder_walk_types_gitignore_and_exclude(tmp_path):
    import docx
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.md\n!keep.tmp.md\n", encoding="utf-8")
    for name in ("a.txt", "b.md", "keep.tmp.md", "drop.tmp.md", "build/c.txt", "sub/d.txt", "sub/old/e.txt",
                 "notes.rst", "sub/.hidden/f.txt"):
        p = tmp_path / "drafts" / name if name != "a.txt" else tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("请XX同志发言。\n", encoding="utf-8")
    (tmp_path / "drafts" / "sub" / ".gitignore").write_text("d.txt\n", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("请XX同志发言。")
    document.save(tmp_path / "drafts" / "w.docx")
    (tmp_path / "drafts" / "~$w.docx").write_bytes(b"lock")
    r = run("--select", "placeholder", "--format", "json", ".", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(r.stdout)["files"]]
    assert paths == ["a.txt", "drafts/b.md", "drafts/keep.tmp.md", "drafts/w.docx", "drafts/sub/old/e.txt"]
    r = run("--select", "placeholder", "--format", "json", "--exclude", "old/,*.docx", "--exclude", "b.md",
            "drafts", cwd=tmp_path)
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == ["drafts/keep.tmp.md"]
    # a file named on the command line is linted even if .gitignore lists it (only --exclude applies)
    r = run("--select", "placeholder", "--format", "json", "drafts/drop.tmp.md", cwd=tmp_path)
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == ["drafts/drop.tmp.md"]
    r = run("--select", "placeholder", "--format", "json", "--no-respect-gitignore", "drafts/sub", cwd=tmp_path)
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == ["drafts/sub/d.txt", "drafts/sub/old/e.txt"]
