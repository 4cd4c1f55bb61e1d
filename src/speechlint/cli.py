"""Command line: `speechlint [options] PATH…`, `speechlint rules [ID]`, `speechlint outline FILE`."""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from pathlib import Path

from . import __version__
from .config import Settings
from .diagnostics import SEVERITY_RANK
from .errors import SpeechlintError
from .formatters import FileResult

BUG_URL = "https://github.com/speechlint/speechlint/issues"
FORMATS = ("text", "json")


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
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--select", type=_csv, default=(), metavar="IDS",
                   help="only these rules: ids, id prefixes (SL1) or categories, comma-separated")
    p.add_argument("--ignore", type=_csv, default=(), metavar="IDS", help="skip these rules (same forms as --select)")
    p.add_argument("--fail-on", choices=("info", "warning", "error", "never"), default="warning",
                   help="lowest severity that makes the exit code 1 (default: warning)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the date the speech is given (overrides detection)")
    p.add_argument("--show-date", action="store_true", help="print the document date used and why, then stop")
    p.add_argument("--stdin-filename", metavar="NAME", help="path to report for standard input")
    p.add_argument("--statistics", action="store_true", help="print counts per rule instead of each finding")
    p.add_argument("--no-color", action="store_true", help="never colour the text output")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    p.add_argument("--version", action="version", version=f"speechlint {__version__}")
    return p


def iter_files(paths):
    from .loader import TEXT_SUFFIXES
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_dir():
            yield raw
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if Path(name).suffix.lower() in TEXT_SUFFIXES:
                    yield str(Path(root) / name)


def _load(raw, args):
    from .loader import load_path, load_text
    if raw == "-":
        data = sys.stdin.buffer.read()
        from .loader import decode
        text, _, _ = decode(data, "<stdin>")
        return load_text(text, args.stdin_filename or "-")
    return load_path(raw)


def run_lint(args, out) -> int:
    from .engine import Linter
    settings = Settings(select=args.select, ignore=args.ignore, fail_on=args.fail_on, date=args.date)
    linter = Linter(settings)
    results, io_error = [], False
    for raw in iter_files(args.paths):
        try:
            doc = _load(raw, args)
        except SpeechlintError as exc:
            print(f"speechlint: {exc}", file=sys.stderr)
            io_error = True
            continue
        if args.show_date:
            print(f"{doc.path}: {doc.date or '未知'} ({doc.date_reason})", file=out)
            continue
        diagnostics = linter.lint(doc)
        results.append(FileResult(doc.path, diagnostics, doc.encoding, doc.kind))
    if args.show_date:
        return 2 if io_error else 0
    if args.statistics:
        _statistics(results, out)
    else:
        from . import formatters
        colour = args.format == "text" and not args.no_color and out.isatty() and "NO_COLOR" not in os.environ
        formatters.get(args.format)(results, out, colour=colour)
    if io_error:
        return 2
    if args.fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[args.fail_on]
    failed = any(SEVERITY_RANK[d.severity] >= threshold for r in results for d in r.diagnostics)
    return 1 if failed else 0


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
