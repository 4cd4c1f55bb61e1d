"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff.

Escaping follows the Actions runner: the message escapes % CR LF; property values also escape : and ,
(otherwise a path or title with a comma would cut the property list)."""
from __future__ import annotations

from . import formatter

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(path: str, d) -> str:
    props = [("file", path.replace("\\", "/")), ("line", d.line), ("col", d.column)]
    if d.end_line:
        props += [("endLine", d.end_line), ("endColumn", d.end_column)]
    props.append(("title", d.rule))
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{LEVELS.get(d.severity, 'warning')} {joined}::{escape_data(f'[{d.category}] {d.message}')}"


@formatter("github")
def format_github(results, out, **_):
    for r in results:
        if r.error:
            out.write(f"::error file={escape_property(r.path)},title=speechlint::{escape_data(r.error)}\n")
        for d in r.diagnostics:
            out.write(command(r.path, d) + "\n")
