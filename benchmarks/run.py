#!/usr/bin/env python3
"""speechlint benchmarks: start-up, throughput, peak memory, parallel speed-up, and the same figures for
peers (AutoCorrect, zhlint, textlint) installed from the package registries into benchmarks/.peers/.

    python benchmarks/run.py                  # everything; installs missing peers on first use
    python benchmarks/run.py --no-peers       # speechlint only
    python benchmarks/run.py --quick          # fewer repetitions, no 50 MB case
    python benchmarks/run.py --results benchmarks/RESULTS.md   # also write the table with machine info
    python benchmarks/run.py --profile        # also print the top of a profile of one big lint

Every figure is the wall time of the real command in a subprocess (median of several runs) unless the
row says "in-process". Peak memory is the child's maximum resident set size (os.wait4).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLEAN = ROOT.parent / "shared" / "corpus" / "clean"
PEERS = ROOT / "benchmarks" / ".peers"
NODE_PACKAGES = ["zhlint", "textlint", "textlint-rule-no-todo", "textlint-rule-sentence-length"]
NOTES = "<!-- notes: kept by run.py -->"
TARGETS = {"draft": 0.2, "throughput": 2_000_000, "memory_mb": 200, "autocorrect_ratio": 3.0, "parallel": 1.7}


# ---- running a command -------------------------------------------------------------------
class Run:
    def __init__(self, wall, rss_mb, rc, err=""):
        self.wall, self.rss_mb, self.rc, self.err = wall, rss_mb, rc, err


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(cmd, *, cwd=None, env=None, timeout=300.0) -> Run:
    """Wall time and peak RSS of one child; stdout is discarded (a linter's report is not the point).

    The peak RSS comes from GNU time when it is there: a child forked straight from this (large) process
    would report this process's size as its own peak until it execs."""
    rss_file = tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False) if GNU_TIME else None
    if rss_file:
        rss_file.close()
        cmd = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name, *cmd]
    try:
        return _run(cmd, cwd, env, timeout, rss_file.name if rss_file else None)
    finally:
        if rss_file:
            os.unlink(rss_file.name)


def _run(cmd, cwd, env, timeout, rss_path) -> Run:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err)
        except OSError as exc:
            return Run(None, None, None, str(exc))
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                return Run(None, None, None, f"timed out after {timeout:.0f} s")
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    if rss_path:
        try:
            rss = int(Path(rss_path).read_text().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            pass
    return Run(wall, rss, proc.returncode, text.splitlines()[-1] if text else "")


def median_run(cmd, repeat, **kw) -> Run:
    runs = []
    for _ in range(repeat):
        runs.append(run(cmd, **kw))
        if runs[-1].wall is None:       # timed out or cannot start: once is enough
            break
    ok = [r for r in runs if r.wall is not None]
    if not ok:
        return runs[0]
    return Run(statistics.median(r.wall for r in ok), max(r.rss_mb for r in ok), ok[0].rc, ok[0].err)


# ---- inputs -----------------------------------------------------------------------------
def seeds_text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def make_inputs(tmp: Path, quick: bool) -> dict:
    seeds = seeds_text()
    files = {}

    def write(name, text):
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        files[name] = (path, len(text))

    write("empty.txt", "")
    draft = (seeds * (10_000 // len(seeds) + 1))[:10_000]
    write("draft10k.txt", draft)
    write("seeds40.txt", seeds * 40)
    mb = len(seeds.encode("utf-8"))
    write("big20mb.txt", seeds * (20 * 1024 * 1024 // mb + 1))
    if CLEAN.is_dir():   # the same size of professionally edited text: few findings, the usual case
        clean = "".join(p.read_text(encoding="utf-8") for p in sorted(CLEAN.glob("*.txt")))
        write("clean20mb.txt", clean * (20 * 1024 * 1024 // len(clean.encode("utf-8")) + 1))
    if not quick:
        write("big50mb.txt", seeds * (50 * 1024 * 1024 // mb + 1))
    # 200 files: the seeds 40 times over, one seed per file
    many = tmp / "files200"
    many.mkdir()
    parts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(200):
        (many / f"draft{i:03d}.txt").write_text(parts[i % len(parts)], encoding="utf-8")
    files["files200"] = (many, len(seeds) * 40)
    return files


# ---- the tools --------------------------------------------------------------------------
def speechlint_cmd():
    exe = shutil.which("speechlint")
    return [exe] if exe else [sys.executable, "-m", "speechlint"]


class Peer:
    """A peer linter: how to run it on one file or a folder, or why it is missing."""

    def __init__(self, name, missing=""):
        self.name, self.missing = name, missing

    def cmd(self, path: Path):
        raise NotImplementedError

    def cwd(self, path: Path):
        return None

    env = None


class AutoCorrect(Peer):
    SCRIPT = ("import sys, pathlib, autocorrect_py as ac\n"
              "for arg in sys.argv[1:]:\n"
              "    p = pathlib.Path(arg)\n"
              "    for f in (sorted(p.rglob('*.txt')) if p.is_dir() else [p]):\n"
              "        ac.lint_for(f.read_text(encoding='utf-8'), f.name)\n")

    def __init__(self, missing=""):
        super().__init__("AutoCorrect (autocorrect-py)", missing)
        self.env = dict(os.environ, PYTHONPATH=str(PEERS / "py"))

    def cmd(self, path):
        return [sys.executable, "-c", self.SCRIPT, str(path)]


class Zhlint(Peer):
    def __init__(self, missing=""):
        super().__init__("zhlint", missing)

    def cmd(self, path):
        # zhlint only takes paths relative to the working directory
        bin_ = PEERS / "node" / "node_modules" / ".bin" / "zhlint"
        return [str(bin_), "*.txt" if path.is_dir() else path.name]

    def cwd(self, path):
        return path if path.is_dir() else path.parent


class Textlint(Peer):
    def __init__(self, missing=""):
        super().__init__("textlint (no-todo, sentence-length)", missing)

    def cmd(self, path):
        bin_ = PEERS / "node" / "node_modules" / ".bin" / "textlint"
        return [str(bin_), "--rules-base-directory", str(PEERS / "node" / "node_modules"),
                "--rule", "no-todo", "--rule", "sentence-length", str(path)]


def setup_peers(install: bool) -> list:
    peers = []
    py = PEERS / "py"
    if not (py / "autocorrect_py").exists() and install:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(py), "autocorrect-py"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peers.append(AutoCorrect("" if (py / "autocorrect_py").exists() else "not installed (pip install autocorrect-py failed or --no-install)"))
    node_bin = PEERS / "node" / "node_modules" / ".bin"
    npm = shutil.which("npm")
    if not shutil.which("node") or not npm:
        return peers + [Zhlint("Node.js not found"), Textlint("Node.js not found")]
    if install and not all((node_bin / b).exists() for b in ("zhlint", "textlint")):
        (PEERS / "node").mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(PEERS / "node"), "--no-audit", "--no-fund", "--silent",
                        *NODE_PACKAGES], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peers.append(Zhlint("" if (node_bin / "zhlint").exists() else "npm install zhlint failed or --no-install"))
    peers.append(Textlint("" if (node_bin / "textlint").exists() else "npm install textlint failed or --no-install"))
    return peers


# ---- the table --------------------------------------------------------------------------
def fmt_time(r: Run):
    if r.wall is None:
        return f"— ({r.err})"
    if r.rc not in (0, 1):   # a linter's 1 means "found problems"; anything else is a failed run
        return f"{r.wall:.3f} s (exit {r.rc}: {r.err[:100]})"
    return f"{r.wall:.3f} s"


def fmt_rate(chars, r: Run):
    if r.wall is None:
        return "—"
    return f"{chars / r.wall / 1e6:.2f} M/s"


def check(ok: bool) -> str:
    return "✅" if ok else "❌ missed"


def in_process(text: str, repeat: int) -> float:
    """Characters per second of Linter.lint alone (no start-up, no loading, no output)."""
    sys.path.insert(0, str(ROOT / "src"))
    from speechlint.engine import Linter
    from speechlint.loader import load_text
    linter = Linter()
    times = []
    for _ in range(repeat):
        doc = load_text(text, "bench.txt")
        start = time.perf_counter()
        linter.lint(doc)
        times.append(time.perf_counter() - start)
    return len(text) / statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, no 50 MB case")
    ap.add_argument("--no-peers", action="store_true", help="measure speechlint only")
    ap.add_argument("--no-install", action="store_true", help="do not install missing peers")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a run is abandoned (default 300)")
    ap.add_argument("--profile", action="store_true", help="print the top of a profile of linting the seeds ×40")
    ap.add_argument("--results", metavar="FILE", help="also write the table and the machine to FILE (markdown)")
    args = ap.parse_args(argv)
    repeat = 3 if args.quick else 7
    lines = []

    def out(line=""):
        print(line, flush=True)
        lines.append(line)

    sl = speechlint_cmd()
    peers = [] if args.no_peers else setup_peers(not args.no_install)
    with tempfile.TemporaryDirectory(prefix="speechlint-bench-") as tmp:
        files = make_inputs(Path(tmp), args.quick)
        chars = {name: n for name, (_, n) in files.items()}

        def path(name):
            return files[name][0]

        def sl_run(name, *extra, rep=repeat):
            return median_run(sl + list(extra) + [str(path(name))], rep, timeout=args.timeout)

        sl_run("draft10k.txt", rep=1)       # first run on this machine fills the caches (regex code, jieba)
        python = median_run([sys.executable, "-c", "pass"], repeat)
        empty, draft = sl_run("empty.txt"), sl_run("draft10k.txt")
        seeds40 = sl_run("seeds40.txt", rep=max(3, repeat // 2))
        big20 = sl_run("big20mb.txt", rep=1)
        ok = {"draft": draft.wall is not None and draft.wall <= TARGETS["draft"],
              "throughput": seeds40.wall is not None and chars["seeds40.txt"] / seeds40.wall >= TARGETS["throughput"],
              "memory": big20.rss_mb is not None and big20.rss_mb <= TARGETS["memory_mb"]}

        out("## speechlint")
        out()
        out("| measure | input | wall | rate | peak RSS | target |")
        out("|---|---|---|---|---|---|")
        out(f"| baseline | `python -c pass` | {fmt_time(python)} | — | {python.rss_mb or 0:.0f} MB | |")
        out(f"| start-up | empty file | {fmt_time(empty)} | — | {empty.rss_mb or 0:.0f} MB | |")
        out(f"| start-up + lint | 10,000-character draft | {fmt_time(draft)} | {fmt_rate(10_000, draft)} | "
            f"{draft.rss_mb or 0:.0f} MB | ≤ 0.2 s {check(ok['draft'])} |")
        out(f"| throughput | seeds × 40 ({chars['seeds40.txt']:,} chars) | {fmt_time(seeds40)} | "
            f"{fmt_rate(chars['seeds40.txt'], seeds40)} | {seeds40.rss_mb or 0:.0f} MB | ≥ 2 M/s {check(ok['throughput'])} |")
        try:
            rate = f"{in_process(seeds_text() * 40, 3) / 1e6:.2f} M/s"
        except Exception as exc:  # a broken rule file must not stop the other measurements
            rate = f"failed: {exc}"[:160]
        out(f"| throughput, in-process (Linter.lint only) | seeds × 40 | — | {rate} | — | |")
        clean = None
        if CLEAN.is_dir():
            clean_chars = sum(len(p.read_text(encoding="utf-8")) for p in CLEAN.glob("*.txt"))
            clean = median_run(sl + ["-j", "1", str(CLEAN)], max(3, repeat // 2), timeout=args.timeout)
            out(f"| throughput | shared/corpus/clean ({clean_chars:,} chars, {len(list(CLEAN.glob('*.txt')))} files) | "
                f"{fmt_time(clean)} | {fmt_rate(clean_chars, clean)} | {clean.rss_mb or 0:.0f} MB | |")
        else:
            out(f"| throughput | shared/corpus/clean | skipped: {CLEAN} not found | | | |")
        size20 = path("big20mb.txt").stat().st_size / 2**20
        out(f"| peak memory | {size20:.1f} MB file ({chars['big20mb.txt']:,} chars) | {fmt_time(big20)} | "
            f"{fmt_rate(chars['big20mb.txt'], big20)} | {big20.rss_mb or 0:.0f} MB | ≤ 200 MB {check(ok['memory'])} |")
        if "clean20mb.txt" in files:
            c20 = sl_run("clean20mb.txt", rep=1)
            out(f"| peak memory | {path('clean20mb.txt').stat().st_size / 2**20:.1f} MB of clean-corpus text "
                f"({chars['clean20mb.txt']:,} chars) | {fmt_time(c20)} | {fmt_rate(chars['clean20mb.txt'], c20)} | "
                f"{c20.rss_mb or 0:.0f} MB | ≤ 200 MB {check(bool(c20.rss_mb) and c20.rss_mb <= TARGETS['memory_mb'])} |")
        if "big50mb.txt" in files:
            big50 = sl_run("big50mb.txt", rep=1)
            size50 = path("big50mb.txt").stat().st_size / 2**20
            said = big50.err.split(": ", 2)[-1][:90] if big50.err else ""
            wall = f"{big50.wall:.3f} s" if big50.wall is not None else fmt_time(big50)
            out(f"| hostile: one big file | {size50:.1f} MB file | {wall} | — | {big50.rss_mb or 0:.0f} MB | "
                f"exit {big50.rc}: “{said}” |")
        j1 = median_run(sl + ["-j", "1", str(path("files200"))], 3, timeout=args.timeout)
        j2 = median_run(sl + ["-j", "2", str(path("files200"))], 3, timeout=args.timeout)
        jauto = median_run(sl + [str(path("files200"))], 3, timeout=args.timeout)
        speedup = j1.wall / j2.wall if j1.wall and j2.wall else 0
        out(f"| parallel | 200 files, -j 1 | {fmt_time(j1)} | {fmt_rate(chars['files200'], j1)} | {j1.rss_mb or 0:.0f} MB | |")
        out(f"| parallel | 200 files, -j 2 | {fmt_time(j2)} | {fmt_rate(chars['files200'], j2)} | "
            f"{j2.rss_mb or 0:.0f} MB (parent) | ≥ 1.7× : {speedup:.2f}× {check(speedup >= TARGETS['parallel'])} |")
        out(f"| parallel | 200 files, default -j | {fmt_time(jauto)} | {fmt_rate(chars['files200'], jauto)} | "
            f"{jauto.rss_mb or 0:.0f} MB (parent) | |")

        if peers:
            out()
            out("## peers (same inputs, same run)")
            out()
            out("Ratios are peer ÷ speechlint for time (above 1 = speechlint is faster) and speechlint ÷ peer for "
                "throughput (above 1 = speechlint is faster).")
            out()
            out("| peer | empty file | 10,000-char draft | seeds × 40 | throughput | speechlint ÷ peer throughput | "
                "clean corpus | peak RSS (seeds × 40) |")
            out("|---|---|---|---|---|---|---|---|")
            for peer in peers:
                if peer.missing:
                    out(f"| {peer.name} | missing: {peer.missing} | | | | | | |")
                    continue

                def prun(p, rep):
                    return median_run(peer.cmd(p), rep, cwd=peer.cwd(p), env=peer.env, timeout=args.timeout)

                pe = prun(path("empty.txt"), repeat)
                pd = prun(path("draft10k.txt"), repeat)
                ps = prun(path("seeds40.txt"), 1 if args.quick else 3)
                pc = prun(CLEAN, 1) if CLEAN.is_dir() else None
                ratio = ps.wall / seeds40.wall if ps.wall and seeds40.wall else None
                cells = [
                    f"{fmt_time(pe)} ({pe.wall / empty.wall:.2f}×)" if pe.wall else fmt_time(pe),
                    f"{fmt_time(pd)} ({pd.wall / draft.wall:.2f}×)" if pd.wall else fmt_time(pd),
                    fmt_time(ps), fmt_rate(chars["seeds40.txt"], ps),
                    f"{ratio:.2f}×" if ratio else "— (peer did not finish)",
                    (f"{fmt_time(pc)} ({pc.wall / clean.wall:.2f}×)" if pc and pc.wall and clean and clean.wall
                     else fmt_time(pc) if pc else "skipped"),
                    f"{ps.rss_mb:.0f} MB" if ps.rss_mb else "—",
                ]
                out(f"| {peer.name} | " + " | ".join(cells) + " |")
                if isinstance(peer, AutoCorrect) and ratio:
                    out(f"|  target: within 3× of AutoCorrect | | | | | {check(ratio >= 1 / TARGETS['autocorrect_ratio'])} | | |")
                elif ratio:
                    out(f"|  target: faster than {peer.name.split()[0]} | | | | | {check(ratio > 1)} | | |")

        try:
            profile = profile_top(seeds_text() * 40) if args.profile else ""
        except Exception as exc:
            profile = f"profile failed: {exc}"
        if profile:
            out()
            out("## profile: Linter.lint on the seeds × 40 (top entries)")
            out()
            out("```")
            out(profile)
            out("```")

    if args.results:
        write_results(Path(args.results), lines)
    return 0


def profile_top(text: str, n: int = 25) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from speechlint.engine import Linter
    from speechlint.loader import load_text
    linter = Linter()
    linter.lint(load_text("热身。", "warm.txt"))
    doc = load_text(text, "bench.txt")
    import cProfile
    import io
    import pstats
    prof = cProfile.Profile()
    prof.enable()
    linter.lint(doc)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(n)
    body = buf.getvalue()
    # keep the table, drop pstats' preamble
    start = body.find("   ncalls")
    return body[start:].rstrip() if start != -1 else body.rstrip()


def machine() -> list:
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.rstrip()
        except OSError:
            return "?"
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor()
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- `nproc`: {sh('nproc').strip()}  ({cpu})",
        "- `free -h`:", "", "```", sh("free -h"), "```", "",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"- node {sh('node --version') or 'absent'}",
    ]


def write_results(path: Path, lines: list) -> None:
    body = ["# Benchmark results", "",
            "Printed by `python benchmarks/run.py --profile --results benchmarks/RESULTS.md`.", "",
            "## Machine", "", *machine(), "", *lines, ""]
    # hand-written analysis below the marker survives a re-run
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if NOTES in old:
            notes = old[old.index(NOTES):]
    path.write_text("\n".join(body) + ("\n" + notes if notes else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
