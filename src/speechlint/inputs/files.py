"""Which files a run lints: folders are walked recursively for .txt/.md/.docx, honouring .gitignore
files (git's own matching rules, through the pathspec library) and --exclude globs.

Files named on the command line are always linted unless an --exclude glob matches them (so that a
pre-commit hook, which passes file names, still honours --exclude); .gitignore only prunes folder walks,
as in ruff and ripgrep.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..loader import LINTABLE_SUFFIXES


def _spec(lines):
    import pathspec      # only when there are globs to match: it costs a short run 30 ms of imports
    return pathspec.GitIgnoreSpec.from_lines(lines)


def glob_spec(patterns):
    """Globs with .gitignore syntax: '*.bak.md' matches anywhere, 'drafts/old/' a folder, '/x' the top."""
    patterns = [p for p in patterns if p and p.strip()]
    return _spec(patterns) if patterns else None


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def excluded(path, spec, bases=(), is_dir=False) -> bool:
    """True when path (or one of its folders) matches spec, relative to the cwd or to one of bases."""
    if spec is None:
        return False
    path = Path(os.path.abspath(path))
    tail = "/" if is_dir else ""
    for base in (Path.cwd(), *bases):
        rel = _relative(path, Path(os.path.abspath(base)))
        if rel is not None and rel != "." and spec.match_file(rel + tail):
            return True
    return spec.match_file(path.name + tail)


class _GitIgnores:
    """The .gitignore files that apply in one folder: its ancestors' (up to the repository root) and its own."""

    def __init__(self, root: Path):
        self.layers = []            # (folder, spec), shallowest first
        ancestors = []
        for folder in [root, *root.parents]:
            ancestors.append(folder)
            if (folder / ".git").exists():
                break
        else:
            ancestors = [root]      # not in a repository: only the .gitignore files of the tree itself
        for folder in reversed(ancestors[1:]):
            self._add(folder, self.layers)

    @staticmethod
    def _add(folder: Path, layers):
        try:
            lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        layers.append((folder, _spec(lines)))

    def for_folder(self, folder: Path, parent_layers):
        layers = list(parent_layers)
        self._add(folder, layers)
        return layers

    @staticmethod
    def ignored(path: Path, is_dir: bool, layers) -> bool:
        verdict = False
        for base, spec in layers:      # a deeper .gitignore overrides a shallower one, as in git
            rel = _relative(path, base)
            if rel is None:
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def iter_files(paths, exclude=(), gitignore: bool = True):
    """Expand folders into the lintable files inside them, in a stable (sorted) order."""
    spec = glob_spec(exclude)
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield raw
            continue
        if not path.is_dir():
            if not excluded(path, spec):
                yield raw
            continue
        yield from _walk(Path(raw), spec, gitignore)


def _walk(root: Path, spec, gitignore):
    ignores = _GitIgnores(Path(os.path.abspath(root))) if gitignore else None
    layers_of = {}
    for folder, dirs, files in os.walk(root):
        here = Path(os.path.abspath(folder))
        parent = layers_of.get(str(here.parent), ignores.layers if ignores else [])
        layers = ignores.for_folder(here, parent) if ignores else []
        layers_of[str(here)] = layers
        keep = []
        for d in sorted(dirs):
            full = here / d
            if d.startswith(".") or (ignores and ignores.ignored(full, True, layers)):
                continue
            if excluded(Path(folder) / d, spec, (root,), is_dir=True):
                continue
            keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            if Path(name).suffix.lower() not in LINTABLE_SUFFIXES or name.startswith("~$"):
                continue       # ~$name.docx is Word's lock file
            full = here / name
            if ignores and ignores.ignored(full, False, layers):
                continue
            if excluded(Path(folder) / name, spec, (root,)):
                continue
            yield str(Path(folder) / name)
