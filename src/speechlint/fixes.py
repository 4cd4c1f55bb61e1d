"""--fix and --diff: apply the fixes findings carry, re-lint and repeat, then write the file atomically
in its own encoding, BOM and line endings. .docx files are never rewritten.

Like ruff: fixes are applied in position order; a fix that overlaps one already taken waits for the next
pass (the text is re-linted in between, so its finding may be gone or positioned anew); a Fix with
several edits (a document-level fix) is applied whole or not at all; passes are bounded."""
from __future__ import annotations

import bisect
import codecs
import difflib
import os
import sys
from dataclasses import dataclass, field

from .atomic import write_atomic  # noqa: F401  (re-exported: tests and callers use fixes.write_atomic)
from .document import Document

MAX_PASSES = 10

_BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DEFAULT_BOM = {name: bom for bom, name in _BOMS}


# ---- applying fixes to a text -----------------------------------------------------------------------
def fix_edits(d, ignored=()) -> list:
    """The (start, end, replacement) edits of a finding's fix, in order. Edits inside spans no rule may
    touch (Markdown code blocks, front matter) are dropped: a document-wide fix must not reach into them."""
    if d.fix.edits:
        edits = sorted((int(s), int(e), str(r)) for s, e, r in d.fix.edits)
    else:
        edits = [(d.start, d.end, d.fix.replacement)]
    if ignored:
        edits = [e for e in edits if not any(a <= e[0] < b or a < e[1] <= b for a, b in ignored)]
    return edits


def _clash(a, b) -> bool:
    if a[0] < b[1] and b[0] < a[1]:
        return True
    # an insertion at the edge of (or inside) another edit: which goes first would be a guess
    return (a[0] == a[1] and b[0] <= a[0] <= b[1]) or (b[0] == b[1] and a[0] <= b[0] <= a[1])


class _Taken:
    """Edits accepted in this pass, sorted and pairwise clash-free, so a new edit only needs
    checking against its neighbours."""

    def __init__(self):
        self.starts, self.edits = [], []

    def clashes(self, edit) -> bool:
        lo = max(0, bisect.bisect_left(self.starts, edit[0]) - 1)
        hi = bisect.bisect_right(self.starts, edit[1]) + 1
        return any(_clash(edit, other) for other in self.edits[lo:hi])

    def add(self, edit):
        i = bisect.bisect_right(self.starts, edit[0])
        self.starts.insert(i, edit[0])
        self.edits.insert(i, edit)


def apply_fixes(text: str, diagnostics, *, unsafe: bool = False, ignored=()) -> tuple:
    """(new text, applied diagnostics, applied edits) for one pass."""
    taken, applied = _Taken(), []
    for d in sorted(diagnostics, key=lambda d: (d.start, d.end, d.rule)):
        if d.fix is None or not (d.fix.safe or unsafe):
            continue
        edits = fix_edits(d, ignored)
        if not edits or any(not (0 <= s <= e <= len(text)) for s, e, _ in edits):
            continue
        if any(_clash(a, b) for a, b in zip(edits, edits[1:])):
            continue                      # a fix that contradicts itself is a bug in its rule; leave it
        if all(text[s:e] == r for s, e, r in edits):
            continue                      # changes nothing
        if any(taken.clashes(edit) for edit in edits):
            continue                      # overlaps a fix taken earlier: next pass
        for edit in edits:
            taken.add(edit)
        applied.append(d)
    if not applied:
        return text, [], []
    parts, pos = [], 0
    for s, e, r in taken.edits:
        parts.append(text[pos:s])
        parts.append(r)
        pos = e
    parts.append(text[pos:])
    return "".join(parts), applied, taken.edits


def rebuild(doc: Document, text: str) -> Document:
    """The same file with new text, loaded afresh the way the loader loads it (Markdown's ignored spans
    are found again; caches that checks keep on a Document must not carry over), in the file's own
    encoding, BOM and line endings."""
    from .loader import load_text
    new = load_text(text, doc.path, encoding=doc.encoding, bom=doc.bom)
    new.newline = doc.newline
    if doc.kind != new.kind:          # a kind the loader does not derive from the name (e.g. stdin)
        new.kind = doc.kind
    return new


@dataclass
class FixOutcome:
    doc: Document            # the fixed document (the original one when nothing changed)
    diagnostics: list        # what is left after fixing
    fixed: int               # fixes applied over all passes
    converged: bool = True


def fix_document(doc: Document, lint, *, unsafe: bool = False, diagnostics=None,
                 max_passes: int = MAX_PASSES, fixable=None) -> FixOutcome:
    """Fix, re-lint, repeat until nothing changes (at most max_passes). lint(doc) -> diagnostics is the
    caller's own, so its settings and suppression comments apply to every pass. fixable(doc, diagnostics)
    picks those whose fixes may be applied (a baseline leaves its known findings alone); the outcome
    keeps them all."""
    if diagnostics is None:
        diagnostics = lint(doc)
    if fixable is None:
        def fixable(_, found):
            return found
    fixed, seen = 0, {doc.text}
    for _ in range(max_passes):
        text, applied, _ = apply_fixes(doc.text, fixable(doc, diagnostics), unsafe=unsafe, ignored=doc.ignored)
        if not applied:
            return FixOutcome(doc, diagnostics, fixed)
        doc = rebuild(doc, text)
        diagnostics = lint(doc)
        fixed += len(applied)
        if text in seen:          # two rules undo each other: stop instead of cycling
            return FixOutcome(doc, diagnostics, fixed, converged=False)
        seen.add(text)
    _, applied, _ = apply_fixes(doc.text, fixable(doc, diagnostics), unsafe=unsafe, ignored=doc.ignored)
    return FixOutcome(doc, diagnostics, fixed, converged=not applied)


# ---- writing ------------------------------------------------------------------------------------------
def encode_text(text: str, encoding: str, newline: str = "\n", bom: bool = False, original: bytes = b"") -> bytes:
    """Bytes of text in the file's own encoding, BOM and line endings. original (the file's old bytes)
    decides the byte order of UTF-16/32 and keeps their exact mark."""
    if newline != "\n":
        text = text.replace("\n", newline)
    name = codecs.lookup(encoding).name
    if name == "utf-8-sig":
        name, bom = "utf-8", True
    lead = next(((mark, n) for mark, n in _BOMS if original.startswith(mark)), None)
    if name in ("utf-16", "utf-32"):   # the bare codecs write a BOM in machine order: pick the file's order
        if lead and lead[1].startswith(name):
            name, bom = lead[1], True
        else:
            name += "-le"
    prefix = _DEFAULT_BOM.get(name, b"") if bom else b""
    return prefix + text.encode(name)


def unified_diff(path: str, old: str, new: str) -> str:
    out = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=path, tofile=path):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def same_content(doc, original: bytes) -> bool:
    """Do the file's bytes still hold doc's text? Mixed line endings are allowed (they become the
    file's main style); anything else means the file changed since it was read or does not round-trip."""
    try:
        if encode_text(doc.text, doc.encoding, doc.newline, doc.bom, original) == original:
            return True
        name = codecs.lookup(doc.encoding).name
        text = original.decode("utf-8-sig" if name == "utf-8" else name)
    except (LookupError, UnicodeError):
        return False
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text == doc.text


def is_docx(doc) -> bool:
    return doc.kind == "docx" or str(doc.path).lower().endswith(".docx")


# ---- the command line's side ----------------------------------------------------------------------------
@dataclass
class FixReport:
    """What fixing one file did; made where the file is linted (maybe a worker process) and printed by
    the main process, so diffs and messages come out in file order."""
    fixed: int = 0               # fixes applied (with --diff: that would be applied)
    changed: bool = False
    diff: str = ""
    stdout: bytes = b""          # standard input's fixed text, for --fix with '-'
    messages: list = field(default_factory=list)   # lines for standard error
    failed: bool = False         # the file could not be written


def fix_file(doc, lint, diagnostics=None, *, unsafe=False, diff=False, stdin=False, fixable=None):
    """--fix / --diff for one loaded file → (document, remaining diagnostics, FixReport).
    With --diff (or when writing fails) the document and diagnostics are the original ones."""
    report = FixReport()
    if diagnostics is None:
        diagnostics = lint(doc)
    if is_docx(doc):
        report.messages.append(f"speechlint: {doc.path}: .docx 文件不会被改写，请在 Word 中按提示手动修改"
                               f"（--fix/--diff 只处理 .txt 和 .md; a .docx file is never rewritten）")
        return doc, diagnostics, report
    outcome = fix_document(doc, lint, unsafe=unsafe, diagnostics=diagnostics, fixable=fixable)
    if not outcome.converged:
        report.messages.append(f"speechlint: {doc.path}: 修正在 {MAX_PASSES} 轮内未能收敛（规则的修正互相抵触），"
                               f"请检查结果；这是 speechlint 的缺陷，请报告")
    if stdin and not diff:   # like ruff: the fixed text (changed or not) goes to standard output
        report.stdout = encode_text(outcome.doc.text, doc.encoding, doc.newline, doc.bom)
    if outcome.doc.text == doc.text:
        return doc, outcome.diagnostics, report
    report.changed, report.fixed = True, outcome.fixed
    if diff:
        report.diff = unified_diff(doc.path, doc.text, outcome.doc.text)
        return doc, diagnostics, report
    if not stdin:
        problem = _write(doc, outcome.doc)
        if problem:
            report.messages.append(f"speechlint: {doc.path}: {problem}")
            report.failed, report.changed, report.fixed = True, False, 0
            return doc, diagnostics, report
    return outcome.doc, outcome.diagnostics, report


def _write(old, new) -> str:
    """Write new over old's file; '' or what went wrong."""
    try:
        with open(old.path, "rb") as fh:
            original = fh.read()
        if not same_content(old, original):
            return "文件在检查期间被改动，或无法按原编码原样写回，未修改（not rewritten）"
        write_atomic(old.path, encode_text(new.text, new.encoding, new.newline, new.bom, original))
        return ""
    except UnicodeEncodeError as exc:
        return (f"修正后的文字含有 {old.encoding} 无法表示的字符 {exc.object[exc.start:exc.end]!r}，"
                f"未修改（not rewritten）")
    except OSError as exc:
        return f"cannot write the fixes: {exc.strerror or exc}"


class FixSummary:
    """Collects the FixReports of a run in the main process and prints them."""

    def __init__(self, *, diff=False):
        self.diff = diff
        self.fixed = self.files = 0
        self.failed = False

    def add(self, report, out, err):
        if report is None:
            return
        for line in report.messages:
            err.write(line + "\n")
        if report.stdout:
            out.flush()
            sys.stdout.flush()
            sys.stdout.buffer.write(report.stdout)
            sys.stdout.buffer.flush()
        if report.diff:
            out.write(report.diff)
        self.fixed += report.fixed
        self.files += report.changed
        self.failed = self.failed or report.failed

    def text(self) -> str:
        if self.diff:
            if not self.fixed:
                return "没有可自动修正的问题。"
            return f"可自动修正 {self.fixed} 处（{self.files} 个文件）；用 --fix 写入。"
        return f"已自动修正 {self.fixed} 处（{self.files} 个文件）。"
