from __future__ import annotations

import json

from . import formatter


def as_json(results) -> dict:
    files = []
    for r in results:
        # kind: text | markdown | docx (in a docx, "line" counts paragraphs: a paragraph is a line)
        entry = {"path": r.path, "encoding": r.encoding, "kind": r.kind,
                 "diagnostics": [d.to_dict() for d in r.diagnostics]}
        if r.error:
            entry["error"] = r.error
        files.append(entry)
    return {"version": "1", "files": files}


@formatter("json")
def format_json(results, out, **_):
    json.dump(as_json(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
