"""-j N: worker processes give exactly the output of a sequential run, in the same order.
Speed-up is measured by benchmarks/run.py, not here."""
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint.parallel import AUTO_MIN_FILES, map_ordered, resolve_jobs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[1:]     # the four short ones keep the suite quick


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "speechlint", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def folder(tmp_path):
    """AUTO_MIN_FILES drafts (so the default runs in parallel) plus a binary file and an undecodable one."""
    d = tmp_path / "drafts"
    d.mkdir()
    for i in range(AUTO_MIN_FILES):
        shutil.copy(SEEDS[i % len(SEEDS)], d / f"d{i:02d}.txt")
    (d / "d07b.txt").write_bytes(b"\x00\x01binary")
    (d / "d13b.txt").write_bytes(b"\xff\xfe\xfd not text \x80\x81" * 3)
    return d


def test_j1_and_j2_give_identical_json_text_and_errors(folder):
    one = run("--format", "json", "-j", "1", str(folder))
    two = run("--format", "json", "-j", "2", str(folder))
    assert one.returncode == two.returncode == 2          # the bad files make it 2, the rest is linted
    assert one.stdout == two.stdout and one.stdout.count('"path"') == AUTO_MIN_FILES
    assert one.stderr == two.stderr and "d07b.txt" in one.stderr
    text1 = run("-j", "1", str(folder))
    text2 = run("-j", "3", str(folder))
    assert text1.stdout == text2.stdout and text1.stderr == text2.stderr


def test_workers_text_report_summary_and_exit_code_match_one_process(tmp_path):
    # -j workers render the text report and send counts instead of diagnostics
    for i, seed in enumerate(SEEDS[:3]):
        shutil.copy(seed, tmp_path / f"d{i}.txt")
        (tmp_path / f"c{i}.txt").write_text("同志们：\n\n今天召开全县工作会议。\n", encoding="utf-8")
    for fail_on, code in (("warning", 1), ("error", 1), ("never", 0)):
        one = run("-j", "1", "--fail-on", fail_on, str(tmp_path))
        two = run("-j", "2", "--fail-on", fail_on, str(tmp_path))
        assert (one.stdout, one.stderr, one.returncode) == (two.stdout, two.stderr, code)
        assert "涉及 3/6 个文件" in one.stdout and "可用 --fix 自动修正" in one.stdout


def test_default_jobs_uses_the_cores_for_many_files_and_keeps_order(folder):
    assert resolve_jobs(None, 3) == 1
    assert resolve_jobs(None, AUTO_MIN_FILES) >= 1
    assert resolve_jobs(8, 2) == 2 and resolve_jobs(1, 100) == 1 and resolve_jobs(0, 1) == 1
    default = run("--format", "json", str(folder))
    one = run("--format", "json", "-j", "1", str(folder))
    assert default.stdout == one.stdout


def _square_or_fail(x, *, fail_on):
    if x == fail_on:
        raise ValueError(f"item {x}")
    return x * x


def test_map_ordered_keeps_order_and_accepts_closures():
    offset = 7
    items = list(range(203))
    assert list(map_ordered(lambda x: x + offset, items, 2)) == [x + offset for x in items]
    assert list(map_ordered(functools.partial(_square_or_fail, fail_on=-1), items, 3)) == [x * x for x in items]


def test_a_worker_exception_reaches_the_parent():
    with pytest.raises(ValueError, match="item 50"):
        list(map_ordered(functools.partial(_square_or_fail, fail_on=50), range(100), 2))


def test_fix_in_workers_gives_the_same_files(tmp_path):
    results = []
    for jobs in ("1", "2"):
        d = tmp_path / f"j{jobs}"
        d.mkdir()
        for i in range(12):
            shutil.copy(SEEDS[i % len(SEEDS)], d / f"d{i:02d}.txt")
        proc = run("--fix", "-j", jobs, str(d))
        assert proc.returncode in (0, 1), proc.stderr
        results.append({p.name: p.read_bytes() for p in sorted(d.iterdir())})
        out = proc.stdout.replace(str(d), "DIR")
        results.append(out)
    assert results[0] == results[2] and results[1] == results[3]
    changed = sum(1 for i, p in enumerate(sorted(results[0])) if results[0][p] != SEEDS[i % len(SEEDS)].read_bytes())
    print(f"\n--fix -j 1 and -j 2 rewrote the same {changed} of 12 files identically")


def test_jobs_option_is_validated():
    proc = run("-j", "x", os.devnull)
    assert proc.returncode == 2 and "invalid int value" in proc.stderr
