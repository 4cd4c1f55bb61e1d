"""Suppression comments in Markdown and baseline files, end to end."""
import json
import subprocess
import sys

from speechlint import lint_text
from speechlint.config import Settings

PLACEHOLDER = Settings(select=("placeholder",))


def run(*args, cwd):
    r = subprocess.run([sys.executable, "-m", "speechlint", *args], cwd=cwd, capture_output=True, timeout=120)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def found(text, path="a.md"):
    return [(d.rule, d.line) for d in lint_text(text, path=path, config=PLACEHOLDER)]


def test_disable_enable_region():
    text = ("请XX同志发言。\n"
            "<!-- speechlint-disable SL202 -->\n"
            "请XX同志发言。×××主持。\n"
            "<!-- speechlint-enable SL202 -->\n"
            "请XX同志发言。\n")
    assert found(text) == [("SL202", 1), ("SL201", 3), ("SL202", 5)]


def test_disable_all_and_categories():
    text = "<!-- speechlint-disable -->\n请XX同志发言。\n<!-- speechlint-enable -->\n×××主持。\n"
    assert found(text) == [("SL201", 4)]
    text = "<!-- speechlint-disable placeholder -->\n请XX同志发言。×××主持。\n"
    assert found(text) == []
    text = "<!-- speechlint-disable SL2 -->\n请XX同志发言。\n"     # an id prefix
    assert found(text) == []


def test_disable_next_line():
    text = ("<!-- speechlint-disable-next-line SL202 -->\n"
            "请XX同志发言。×××主持。\n"
            "请XX同志发言。\n")
    assert found(text) == [("SL201", 2), ("SL202", 3)]


def test_comments_only_count_in_markdown_and_outside_code():
    text = "<!-- speechlint-disable -->\n请XX同志发言。\n"
    assert found(text, "a.txt") == [("SL202", 2)]
    text = "```\n<!-- speechlint-disable -->\n```\n请XX同志发言。\n"
    assert found(text) == [("SL202", 4)]


def test_unused_suppression_is_a_note_not_a_failure(tmp_path):
    (tmp_path / "a.md").write_text(
        "<!-- speechlint-disable-next-line SL202 -->\n正文没有问题。\n\n"
        "<!-- speechlint-disable SL201 -->\n请XX同志发言。\n"
        "<!-- speechlint-disable SL101 -->\n", encoding="utf-8")
    code, out, err = run("--select", "placeholder", "a.md", cwd=tmp_path)
    assert out.splitlines()[0].startswith("a.md:5:2: SL202")
    assert code == 1                    # because of the SL202 finding, not the notes
    notes = err.splitlines()
    # SL101 is not enabled in this run, so its comment is not reported as unused
    assert notes == [
        "a.md:1:1: note: 未使用的抑制注释 <!-- speechlint-disable-next-line SL202 -->：没有抑制任何问题，可以删除。",
        "a.md:4:1: note: 未使用的抑制注释 <!-- speechlint-disable SL201 -->：没有抑制任何问题，可以删除。",
    ]
    (tmp_path / "b.md").write_text("<!-- speechlint-disable SL202 -->\n请XX同志发言。\n", encoding="utf-8")
    code, out, err = run("--select", "placeholder", "b.md", cwd=tmp_path)
    assert (code, err) == (0, "")


DRAFT = "各位代表：\n请XX同志发言。\n会议由×××主持。\n请XX同志发言。\n"


def test_baseline_round_trip(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.txt").write_text(DRAFT, encoding="utf-8")
    code, out, err = run("--select", "placeholder", "--write-baseline", "baseline.json", "drafts", cwd=tmp_path)
    assert code == 0 and "3 个问题" in err
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data["entries"] == [
        {"rule": "SL201", "path": "drafts/a.txt", "line": "会议由×××主持。", "count": 1},
        {"rule": "SL202", "path": "drafts/a.txt", "line": "请XX同志发言。", "count": 2},
    ]
    code, out, err = run("--select", "placeholder", "--baseline", "baseline.json", "drafts", cwd=tmp_path)
    assert (code, err) == (0, "") and out.startswith("没有发现问题")

    # edits elsewhere move the findings to other lines: still known; a new finding is reported
    (drafts / "a.txt").write_text("标题\n\n" + DRAFT + "请XX同志讲话。\n", encoding="utf-8")
    code, out, err = run("--select", "placeholder", "--baseline", "../baseline.json", "a.txt", cwd=drafts)
    assert code == 1 and err == ""
    assert [line.split(": ")[0] for line in out.splitlines()[:-1]] == ["a.txt:7:2"]

    # a third identical line exceeds the count; a fixed finding leaves an unused entry
    (drafts / "a.txt").write_text("请XX同志发言。\n" * 3, encoding="utf-8")
    code, out, err = run("--select", "placeholder", "--baseline", "baseline.json", "drafts", cwd=tmp_path)
    assert code == 1 and len(out.splitlines()) == 2
    assert err.splitlines() == ["baseline.json: note: 基线条目已不再匹配（drafts/a.txt SL201 ×1：会议由×××主持。），"
                                "可用 --write-baseline 重新生成。"]


def test_baseline_errors(tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    code, out, err = run("--baseline", "bad.json", "a.txt", cwd=tmp_path)
    assert code == 2 and "bad.json: not a speechlint baseline" in err
    code, out, err = run("--baseline", "missing.json", "a.txt", cwd=tmp_path)
    assert code == 2 and "missing.json: cannot read the baseline" in err


def test_baseline_with_docx(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("请XX同志发言。")
    document.save(tmp_path / "a.docx")
    run("--select", "placeholder", "--write-baseline", "b.json", "a.docx", cwd=tmp_path)
    document = docx.Document(tmp_path / "a.docx")
    document.paragraphs[0].insert_paragraph_before("各位代表：")
    document.save(tmp_path / "a.docx")
    code, out, err = run("--select", "placeholder", "--baseline", "b.json", "a.docx", cwd=tmp_path)
    assert (code, err) == (0, "")


def test_fix_leaves_what_the_baseline_knows(tmp_path):
    # a baselined finding is ignored, like a suppressed one: --fix must not change it either
    draft = tmp_path / "a.txt"
    draft.write_text("一年来取得了假设干成绩。\n", encoding="utf-8")
    code, out, err = run("--write-baseline", "b.json", "a.txt", cwd=tmp_path)
    assert code == 0
    draft.write_text("一年来取得了假设干成绩。\n各项工作效劳群众。\n", encoding="utf-8")
    code, out, err = run("--baseline", "b.json", "--diff", "a.txt", cwd=tmp_path)
    assert code == 1 and "+各项工作服务群众。" in out and "若干" not in out and "可自动修正 1 处" in err
    code, out, err = run("--baseline", "b.json", "--fix", "a.txt", cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == "一年来取得了假设干成绩。\n各项工作服务群众。\n"
    assert code == 0 and "基线条目已不再匹配" not in err and out.endswith("没有剩余问题（检查了 1 个文件）。\n")
