"""Configuration files: discovery, keys, per-path overrides, user rules, allow-list, errors, CLI precedence."""
import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest

from speechlint.settings_file import ConfigError, Resolver, load_config, settings_from

DRAFT = "请XX同志发言。\n会议由×××主持。\n"      # SL202 at 1:2, SL201 at 2:5


def run(*args, cwd, stdin=None):
    r = subprocess.run([sys.executable, "-m", "speechlint", *args], cwd=cwd, input=stdin,
                       capture_output=True, timeout=120)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def rules_of(stdout):
    return [(f["path"], d["rule"], d["line"], d["severity"]) for f in json.loads(stdout)["files"] for d in f["diagnostics"]]


def test_config_found_by_walking_up_and_closest_wins(tmp_path):
    write(tmp_path / "speechlint.yaml", "select: [placeholder]\nignore: [SL201]\n")
    write(tmp_path / "a" / "b" / "x.txt", DRAFT)
    write(tmp_path / "a" / "c" / "speechlint.yaml", "select: [SL201]\n")
    write(tmp_path / "a" / "c" / "y.txt", DRAFT)
    code, out, err = run("--format", "json", "a", cwd=tmp_path)
    assert rules_of(out) == [("a/b/x.txt", "SL202", 1, "error"), ("a/c/y.txt", "SL201", 2, "error")], err
    assert code == 1


def test_pyproject_tool_table(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "drafts"

        [tool.speechlint]
        select = ["placeholder"]
        fail-on = "never"

        [tool.speechlint.severity]
        SL202 = "info"
        """)
    write(tmp_path / "d.txt", DRAFT)
    code, out, _ = run("--format", "json", "d.txt", cwd=tmp_path)
    assert rules_of(out) == [("d.txt", "SL202", 1, "info"), ("d.txt", "SL201", 2, "error")]
    assert code == 0                                    # fail-on: never
    assert run("--fail-on", "error", "d.txt", cwd=tmp_path)[0] == 1     # the command line wins


def test_pyproject_without_table_is_not_a_config(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert settings_from(Resolver().config_for(tmp_path / "x.txt")).source == ""


@pytest.mark.parametrize("name,text,line,what", [
    ("speechlint.yaml", "select: [placeholder]\n\nselct: [SL1]\n", 3, "unknown top-level key 'selct'"),
    ("speechlint.yaml", "per-path:\n  '*.md':\n    ignore: [SL201]\n    rule-files: [x.yaml]\n", 4,
     "unknown per-path '*.md' key 'rule-files'"),
    ("speechlint.yaml", "severity:\n  SL201: loud\n", 2, "severity of SL201 must be info, warning, error or off"),
    ("speechlint.yaml", "select: [SL999]\n", 1, "'SL999' is not a rule id"),
    ("speechlint.yaml", "date: last week\n", 1, "date must look like 2024-03-15"),
    ("speechlint.yaml", "fail-on: sometimes\n", 1, "fail-on must be one of"),
    ("speechlint.yaml", "select: [a\n", 2, "invalid YAML"),
    ("pyproject.toml", "[tool.speechlint]\nselect = ['SL2']\nexclud = ['x']\n", 3, "unknown top-level key 'exclud'"),
])
def test_bad_configuration_is_an_error_with_file_and_line(tmp_path, name, text, line, what):
    write(tmp_path / name, text)
    write(tmp_path / "d.txt", DRAFT)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / name)
    assert info.value.line == line and what in info.value.what
    code, out, err = run("d.txt", cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.startswith(f"speechlint: {tmp_path / name}:{line}: ")


def test_per_path_overrides_allow_list_and_date(tmp_path):
    write(tmp_path / "speechlint.yaml", """
        select: [placeholder]
        allow: [XX科技]
        date: 2024-03-05
        per-path:
          "notes/*.md":
            ignore: [SL202]
          "archive/":
            severity: {placeholder: info}
            date: 2019-01-01
        """)
    text = "XX科技有限公司的XX同志发言。\n"
    for name in ("a.txt", "notes/b.md", "notes/deeper/c.md", "archive/d.txt"):
        write(tmp_path / name, text)
    code, out, _ = run("--format", "json", ".", cwd=tmp_path)
    assert rules_of(out) == [("a.txt", "SL202", 1, "error"), ("archive/d.txt", "SL202", 1, "info"),
                             ("notes/deeper/c.md", "SL202", 1, "error")]
    s = Resolver().settings_for(tmp_path / "archive" / "d.txt")
    assert (s.date, s.overrides, s.allow) == (dt.date(2019, 1, 1), ("archive/",), ("XX科技",))
    assert Resolver().settings_for(tmp_path / "a.txt").date == dt.date(2024, 3, 5)


def test_user_rule_files_and_date_aware_rules(tmp_path):
    write(tmp_path / "house" / "rules.yaml", """
        category: outdated
        rules:
          - id: SL649
            name: house-old-unit
            severity: warning
            message: 机构已更名：“{match}”应为“{replacement}”
            description: 本单位的旧名称。
            phrases: {县广电局: 县文化广电旅游局}
            stale_from: 2019-03-01
            examples:
              bad: [{text: 县广电局负责。, date: 2020-01-01}]
              good: [县文化广电旅游局负责。]
        """)
    write(tmp_path / "speechlint.yaml", "select: [SL649]\nrule-files: [house/rules.yaml]\ndate: 2020-06-01\n")
    write(tmp_path / "d.txt", "县广电局负责。\n")
    code, out, err = run("d.txt", cwd=tmp_path)
    assert out.splitlines()[0] == "d.txt:1:1: SL649 [outdated] 机构已更名：“县广电局”应为“县文化广电旅游局”", err
    code, out, _ = run("--date", "2018-01-01", "d.txt", cwd=tmp_path)    # --date wins: not stale yet
    assert code == 0 and "SL649" not in out


def test_bad_user_rule_file_names_its_line(tmp_path):
    write(tmp_path / "r.yaml", "rules:\n  - id: SL648\n    category: outdated\n    severty: warning\n")
    write(tmp_path / "speechlint.yaml", "rule-files: [r.yaml]\n")
    write(tmp_path / "d.txt", DRAFT)
    code, _, err = run("d.txt", cwd=tmp_path)
    assert code == 2 and f"{tmp_path / 'r.yaml'}:2: unknown key 'severty'" in err


def test_command_line_wins_over_file(tmp_path):
    write(tmp_path / "speechlint.yaml", "select: [SL201]\nignore: [SL202]\n")
    write(tmp_path / "d.txt", DRAFT)
    _, out, _ = run("--format", "json", "--select", "SL202", "d.txt", cwd=tmp_path)
    assert [r[1] for r in rules_of(out)] == ["SL202"]       # --select replaces the file's select and ignore
    _, out, _ = run("--format", "json", "--ignore", "SL201", "d.txt", cwd=tmp_path)
    assert rules_of(out) == []                              # --ignore adds to the file's
    _, out, _ = run("--format", "json", "--isolated", "--select", "placeholder", "d.txt", cwd=tmp_path)
    assert [r[1] for r in rules_of(out)] == ["SL202", "SL201"]
    write(tmp_path / "other.yaml", "select: [SL202]\n")
    _, out, _ = run("--format", "json", "--config", "other.yaml", "d.txt", cwd=tmp_path)
    assert [r[1] for r in rules_of(out)] == ["SL202"]


def test_exclude_in_config(tmp_path):
    write(tmp_path / "speechlint.yaml", "select: [placeholder]\nexclude: [archive/, '*.bak.md']\n")
    for name in ("a.txt", "archive/b.txt", "c.bak.md", "sub/d.md"):
        write(tmp_path / name, DRAFT)
    _, out, _ = run("--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(out)["files"]] == ["a.txt", "sub/d.md"]


def test_show_settings(tmp_path):
    write(tmp_path / "speechlint.yaml", """
        select: [placeholder, SL1]
        severity: {SL202: warning, SL201: off}
        fail-on: error
        allow: [张三]
        per-path:
          "*.md": {date: 2023-01-01}
        """)
    write(tmp_path / "d.md", DRAFT)
    code, out, _ = run("--show-settings", "--ignore", "SL203", "d.md", cwd=tmp_path)
    import yaml
    shown = yaml.safe_load(out)
    assert code == 0
    assert shown["configuration"] == str(tmp_path / "speechlint.yaml")
    assert shown["per-path overrides applied"] == ["*.md"]
    assert shown["select"] == ["placeholder", "SL1"] and shown["ignore"] == ["SL201", "SL203"]
    assert shown["severity"] == {"SL202": "warning"} and shown["fail-on"] == "error"
    assert shown["date"] == "2023-01-01" and shown["allow"] == ["张三"]
    assert "SL202" in shown["enabled rules"] and "SL201" not in shown["enabled rules"]


def test_parallel_run_uses_each_files_configuration(tmp_path):
    write(tmp_path / "speechlint.yaml", "select: [placeholder]\nignore: [SL201]\n")
    write(tmp_path / "b" / "speechlint.yaml", "select: [SL201]\n")
    for i in range(6):
        write(tmp_path / f"a{i}.txt", DRAFT)
        write(tmp_path / "b" / f"b{i}.md", "<!-- speechlint-disable-next-line -->\n" + DRAFT)
    serial = run("--format", "json", "-j", "1", ".", cwd=tmp_path)
    parallel = run("--format", "json", "-j", "3", ".", cwd=tmp_path)
    assert serial == parallel
    assert {r[1] for r in rules_of(serial[1]) if r[0].startswith("a")} == {"SL202"}
    assert {r[1:3] for r in rules_of(serial[1]) if r[0].startswith("b/")} == {("SL201", 3)}
