"""Command line: `speechlint [options] PATH…`, `speechlint rules [ID]`, `speechlint outline FILE`."""
from __future__ import annotations

import argparse
import datetime as _dt
import gc
import os
import sys
from pathlib import Path

from . import __version__
from .diagnostics import SEVERITY_RANK
from .errors import SpeechlintError
from .formatters import FileResult

BUG_URL = "https://github.com/speechlint/speechlint/issues"
FORMATS = ("text", "json", "sarif", "github", "html")


def _csv(value):
    return tuple(s.strip() for s in value.split(",") if s.strip())


def _date(value):
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2024-03-15") from None


def build_parser():
    p = argparse.ArgumentParser(
        prog="speechlint",
        description="检查讲话稿、公文中的序号、占位符、残缺句、过时提法、洗稿痕迹、网站残留等问题。",
        epilog="Other commands: `speechlint rules [ID]` lists or explains rules; "
               "`speechlint outline FILE` prints the numbering outline.",
    )
    p.add_argument("paths", nargs="*", help="files or folders (.txt, .md, .docx); '-' reads standard input")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format: text (default), json, sarif (code scanning), "
                        "github (Actions annotations), html (one offline page for reviewers)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--select", type=_csv, default=(), metavar="IDS",
                   help="only these rules: ids, id prefixes (SL1) or categories, comma-separated")
    p.add_argument("--ignore", type=_csv, default=(), metavar="IDS", help="skip these rules (same forms as --select)")
    p.add_argument("--fail-on", choices=("info", "warning", "error", "never"), default=None,
                   help="lowest severity that makes the exit code 1 (default: warning, or the config's fail-on)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the date the speech is given (overrides detection)")
    p.add_argument("--show-date", action="store_true", help="print the document date used and why, then stop")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="path to report for standard input (its suffix picks .md/.docx; its folder the config)")
    p.add_argument("--exclude", type=_csv, action="append", default=[], metavar="GLOBS",
                   help="skip files and folders matching these .gitignore-style globs, comma-separated")
    p.add_argument("--no-respect-gitignore", action="store_true", help="also lint files that .gitignore lists")
    p.add_argument("--config", metavar="FILE",
                   help="use this speechlint.yaml / pyproject.toml for every file instead of searching")
    p.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    p.add_argument("--show-settings", action="store_true",
                   help="print the settings resolved for each file given, then stop")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="say for each file its kind, encoding and configuration (on standard error)")
    p.add_argument("--baseline", metavar="FILE", help="do not report findings recorded in this baseline file")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="record every finding of this run in a baseline file, then stop (exit 0)")
    p.add_argument("--statistics", action="store_true", help="print counts per rule instead of each finding")
    p.add_argument("--no-color", action="store_true", help="never colour the text output")
    p.add_argument("--fix", action="store_true",
                   help="apply the safe fixes to the files (never to .docx), then report what is left")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="with --fix or --diff, also apply fixes that need a human look (joining broken "
                        "paragraphs, deleting boilerplate lines)")
    p.add_argument("--diff", action="store_true",
                   help="print the fixes as a unified diff and change nothing; exit 1 if there are any")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="lint files in N worker processes (default: one per core when there are many files)")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    p.add_argument("--version", action="version", version=f"speechlint {__version__}")
    return p


def iter_files(paths, exclude=(), gitignore=True):
    from .inputs.files import iter_files as walk   # .txt/.md/.docx, .gitignore and --exclude honoured
    return walk(paths, exclude, gitignore)


def _load(raw, args):
    from .loader import load_path, load_text
    if raw == "-":
        from .loader import load_bytes   # the --stdin-filename suffix decides Markdown / .docx / text
        from .limits import read_stream_limited
        return load_bytes(read_stream_limited(sys.stdin.buffer, "-"), args.stdin_filename or "-")
    return load_path(raw)


def _lint_one(raw, *, args, resolver, baseline=None, render=None):
    """("result", FileResult) | ("date", line) | ("error", one-line message) for one file.

    render (a -j worker of a streamed text report: colour or not) sends the report's lines and the
    counts instead of the diagnostics, which cost more to pickle and unpickle than to render."""
    from .engine import InternalError
    try:
        doc = _load(raw, args)
    except SpeechlintError as exc:
        return "error", str(exc)
    except Exception as exc:  # a loader bug on an odd file: name the file, lint the others
        if args.debug:
            raise
        return "error", (f"{raw}: internal error while loading: {exc!r}. This is a bug; please report it at "
                         f"{BUG_URL} with this file (--debug shows the traceback).")
    if args.show_date:
        forced = resolver.linter_for(doc.path).settings.date   # --date or the configuration wins
        if forced is not None:
            doc._date, doc._date_reason = forced, "set by --date or the configuration"
        return "date", f"{doc.path}: {doc.date or '未知'} ({doc.date_reason})"
    try:
        from .suppress import lint_document
        linter = resolver.linter_for(doc.path)   # the file's own configuration (speechlint.yaml …)
        diagnostics, notes = lint_document(doc, linter)
        fix_report = None
        if args.fix or args.diff:
            from .fixes import fix_file
            # what the baseline knows is not fixed, and stays in the diagnostics for its filter to match
            doc, diagnostics, fix_report = fix_file(doc, lambda d: lint_document(d, linter)[0], diagnostics,
                                                    unsafe=args.unsafe_fixes, diff=args.diff, stdin=raw == "-",
                                                    fixable=baseline.new_findings if baseline else None)
    except InternalError as exc:
        if args.debug:
            raise
        return "error", f"{exc}. This is a bug; please report it at {BUG_URL} with this file (--debug shows the traceback)."
    except SpeechlintError as exc:
        return "error", str(exc)
    except Exception as exc:  # a bug outside any rule: still name the file, still lint the others
        if args.debug:
            raise
        return "error", (f"{raw}: internal error: {exc!r}. This is a bug; please report it at {BUG_URL} "
                         f"with this file (--debug shows the traceback).")
    if args.baseline or args.write_baseline:
        from .baseline import attach_line_text
        attach_line_text(doc, diagnostics)
    lines = doc.lines if args.format == "html" else []   # only the html report shows the text
    result = FileResult(doc.path, diagnostics, doc.encoding, doc.kind, lines=lines,
                        fixed=fix_report.fixed if fix_report and not args.diff else 0,
                        fix_report=fix_report, notes=notes)
    if render is not None:
        from .formatters.text import render_file
        result = FileResult(doc.path, [], doc.encoding, doc.kind, notes=notes,
                            report=render_file(result, colour=render), tally=result.counts())
    return "result", result


def run_lint(args, out) -> int:
    from .settings_file import Resolver
    resolver = Resolver.from_args(args)
    if args.show_settings:
        return _show_settings(args, resolver, out)
    baseline = None
    if args.baseline and not args.write_baseline:
        from .baseline import Baseline
        baseline = Baseline.load(args.baseline)
    results, io_error = [], False
    from functools import partial
    from .parallel import map_ordered, resolve_jobs
    files = [f for f in iter_files(args.paths, [g for group in args.exclude for g in group],
                                   not args.no_respect_gitignore) if not resolver.excluded(f)]
    for f in files:   # a configuration error stops the run once, and -j workers inherit the built linters
        resolver.linter_for((args.stdin_filename or "-") if f == "-" else f)
    jobs = 1 if "-" in files else resolve_jobs(args.jobs, len(files))
    fixing = None
    if args.fix or args.diff:
        from .fixes import FixSummary
        fixing = FixSummary(diff=args.diff)
    if fixing and not args.diff and "-" in files and out is sys.stdout:
        out = sys.stderr   # like ruff: standard output carries the fixed text, the report goes aside
    from .formatters.text import format_file, wants_colour
    colour = wants_colour(args, out)
    streaming = args.format == "text" and not (args.statistics or fixing or args.baseline or args.write_baseline)
    render = colour if streaming and jobs > 1 else None
    # Each file is linted on its own (in a worker process with -j); its outcome comes back in order.
    lint_one = partial(_lint_one, args=args, resolver=resolver, baseline=baseline, render=render)
    for kind, value in map_ordered(lint_one, files, jobs):
        if kind == "error":
            print(f"speechlint: {value}", file=sys.stderr)
            io_error = True
        elif kind == "date":
            print(value, file=out)
        else:
            _after_lint(value, args, resolver, baseline)
            results.append(value)
            if streaming:       # the text report of each file as it comes, while the workers go on
                format_file(value, out, colour=colour)
            if fixing:
                fixing.add(value.fix_report, out, sys.stderr)
    if args.show_date:
        return 2 if io_error else 0
    if args.write_baseline:
        from .baseline import Baseline
        n = Baseline.write(args.write_baseline, results)
        print(f"speechlint: 已把 {n} 个问题写入基线 {args.write_baseline}。", file=sys.stderr)
        return 2 if io_error else 0
    if baseline is not None:
        for note in baseline.unused_notes():
            print(note, file=sys.stderr)
    if args.baseline or args.write_baseline:
        from .baseline import strip_line_text
        strip_line_text(results)
    rules = resolver.all_rules()   # rule metadata for the formatters: every rule enabled for some file
    if fixing and args.diff:   # like ruff: the diff is the whole output
        print(fixing.text(), file=sys.stderr)
        return 2 if io_error or fixing.failed else (1 if fixing.files else 0)
    if args.statistics:
        _statistics(results, out)
    else:
        from . import formatters
        if streaming:
            from .formatters.text import format_summary
            format_summary(results, out)
        else:
            formatters.get(args.format)(results, out, colour=colour, rules=rules)
    if fixing and (args.statistics or args.format != "text"):
        print(fixing.text(), file=sys.stderr)
    if io_error or (fixing and fixing.failed):
        return 2
    return 1 if any(_fails(r, resolver.settings_for(r.path).fail_on) for r in results) else 0


def _fails(result, fail_on) -> bool:
    """The fail-on of each file's own configuration decides (the command line's wins over it)."""
    if fail_on == "never":
        return False
    return any(SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on] for severity, _ in result.counts())


def _after_lint(result, args, resolver, baseline):
    """In the main process, in file order: verbose line, suppression notes, baseline filter."""
    if args.verbose:
        s = resolver.settings_for(result.path)
        extra = f", per-path {', '.join(s.overrides)}" if s.overrides else ""
        print(f"speechlint: {result.path}: kind={result.kind} encoding={result.encoding} "
              f"config={s.source or '(none)'}{extra}"
              + (" (a paragraph is a line)" if result.kind == "docx" else ""), file=sys.stderr)
    for note in getattr(result, "notes", ()):
        print(note, file=sys.stderr)
    if baseline is not None:
        result.diagnostics = baseline.filter(result.path, result.diagnostics)


def _show_settings(args, resolver, out) -> int:
    from .settings_file import describe
    for raw in args.paths:
        path = args.stdin_filename or "-" if raw == "-" else raw
        out.write(describe(path, resolver.settings_for(path)) + "\n")
    return 0


def _statistics(results, out):
    from collections import Counter
    counts = Counter()
    meta = {}
    for r in results:
        for d in r.diagnostics:
            counts[d.rule] += 1
            meta[d.rule] = d.category
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"{n:6d}  {rule}  [{meta[rule]}]\n")
    out.write(f"{sum(counts.values()):6d}  合计\n")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    from .recache import install
    install()       # compiled regexes kept between runs: a quarter of a short run's start-up
    # A lint allocates tens of thousands of objects that live until the report (paragraphs, findings):
    # a young-generation pass every 700 allocations walked them again and again, a tenth of a large
    # run. The older generations keep about their ratios, so a run over many files still frees each
    # document (measured: 200 files, 83 MB against 78 MB).
    gc.set_threshold(50_000, 20, 10)
    try:
        if argv and argv[0] == "rules":
            from .commands import rules_command
            return rules_command(argv[1:], sys.stdout)
        if argv and argv[0] == "outline":
            from .commands import outline_command
            return outline_command(argv[1:], sys.stdout)
        args = build_parser().parse_args(argv)
        if not args.paths:
            build_parser().print_usage(sys.stderr)
            print("speechlint: error: give at least one file or folder ('-' for standard input)", file=sys.stderr)
            return 2
        if args.output:
            with open(args.output, "w", encoding="utf-8") as out:
                return run_lint(args, out)
        return run_lint(args, sys.stdout)
    except SpeechlintError as exc:
        if debug and exc.__cause__ is not None:   # an internal error wrapped with its file: show the traceback
            raise
        print(f"speechlint: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a bare traceback for the user
        if debug:
            raise
        print(f"speechlint: internal error: {exc!r}. This is a bug; please report it at {BUG_URL} "
              f"with the file that triggered it (run with --debug for the traceback).", file=sys.stderr)
        return 2


def entry() -> None:
    """The `speechlint` command: main(), then a quick exit. A large run leaves tens of thousands of
    findings and paragraphs behind, and freeing them one by one as the interpreter shuts down took
    about 5 % of the run (as mypy does, os._exit skips that once everything is written)."""
    rc = main()
    from .recache import save
    save()                  # the one exit handler that matters: the compiled-regex cache
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (speechlint … | head): nothing more to write
        pass
    os._exit(rc)
