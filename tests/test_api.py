"""The Python API: speechlint.lint_text and speechlint.lint_file with every form of config."""
import pytest

import speechlint
from speechlint import Diagnostic, lint_file, lint_text
from speechlint.config import Settings
from speechlint.errors import InputError
from speechlint.settings_file import ConfigError

TEXT = "请XX同志发言。\n会议由×××主持。\n"


def summary(diags):
    return [(d.rule, d.severity, d.line, d.column) for d in diags]


def test_config_forms_agree(tmp_path):
    (tmp_path / "speechlint.yaml").write_text("select: [placeholder]\nseverity: {SL202: warning}\n", encoding="utf-8")
    expected = [("SL202", "warning", 1, 2), ("SL201", "error", 2, 4)]
    as_settings = Settings(select=("placeholder",), severity={"SL202": "warning"})
    as_dict = {"select": ["placeholder"], "severity": {"SL202": "warning"}}
    for config in (as_settings, as_dict, tmp_path / "speechlint.yaml", str(tmp_path / "speechlint.yaml")):
        diags = lint_text(TEXT, config=config)
        assert summary(diags) == expected
        assert all(isinstance(d, Diagnostic) for d in diags)


def test_dict_config_is_validated():
    with pytest.raises(ConfigError, match="unknown top-level key 'selekt'"):
        lint_text(TEXT, config={"selekt": ["SL2"]})
    with pytest.raises(TypeError):
        lint_text(TEXT, config=42)


def test_allow_list_and_per_path(tmp_path):
    (tmp_path / "speechlint.yaml").write_text(
        "select: [placeholder]\nper-path:\n  'notes/':\n    allow: [XX同志]\n", encoding="utf-8")
    config = tmp_path / "speechlint.yaml"
    assert summary(lint_text(TEXT, path=tmp_path / "notes" / "a.txt", config=config)) == [("SL201", "error", 2, 4)]
    assert len(lint_text(TEXT, path=tmp_path / "a.txt", config=config)) == 2
    assert len(lint_text(TEXT, config={"select": ["placeholder"], "allow": ["XX同志"]})) == 1


def test_lint_file_handles_formats_and_discovers_config_on_request(tmp_path):
    (tmp_path / "speechlint.yaml").write_text("select: [SL201]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "a.md").write_text("```\n×××\n```\n" + TEXT, encoding="utf-8")
    import docx
    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "a.docx")
    placeholder = {"select": ["placeholder"]}
    assert summary(lint_file(tmp_path / "a.txt", config=placeholder)) == [("SL202", "error", 1, 2), ("SL201", "error", 2, 4)]
    assert summary(lint_file(tmp_path / "a.md", config=placeholder)) == [("SL202", "error", 4, 2), ("SL201", "error", 5, 4)]
    assert summary(lint_file(tmp_path / "a.docx", config=placeholder)) == [("SL202", "error", 1, 2), ("SL201", "error", 2, 4)]
    assert [d.rule for d in lint_file(tmp_path / "a.txt", discover=True)] == ["SL201"]
    assert lint_file(tmp_path / "a.txt", discover=True)[0].path == str(tmp_path / "a.txt")


def test_markdown_suppression_through_api():
    text = "<!-- speechlint-disable-next-line SL202 -->\n请XX同志发言。\n"
    assert lint_text(text, path="a.md", config={"select": ["placeholder"]}) == []
    assert len(lint_text(text, config={"select": ["placeholder"]})) == 1


def test_unreadable_file_raises_input_error(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match="x.txt"):
        lint_file(tmp_path / "x.txt")


def test_exported():
    assert {"lint_text", "lint_file", "Diagnostic"} <= set(speechlint.__all__)
