"""The pre-commit hook, run by the real pre-commit in a throwaway repository of drafts."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so pre-commit cannot try it")
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extras: pip install -e '.[test]'")
    repo = tmp_path_factory.mktemp("drafts")
    git("init", "-q", cwd=repo)
    (repo / "bad.txt").write_text("同志们：\n\n县委书记×××同志作了重要讲话。\n", encoding="utf-8")
    (repo / "clean.txt").write_text("同志们：\n\n今天召开全县工作会议。\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    return repo


def try_repo(repo, name):
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"))
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "speechlint", "--files", name],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_hook_fails_on_bad_draft(drafts):
    proc = try_repo(drafts, "bad.txt")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad.txt:3:5: SL201 [placeholder]" in proc.stdout


def test_hook_passes_on_clean_draft(drafts):
    proc = try_repo(drafts, "clean.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
