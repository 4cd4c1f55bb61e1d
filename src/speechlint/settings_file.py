"""Configuration files: speechlint.yaml (or .speechlint.yaml, speechlint.yml) or [tool.speechlint] in
pyproject.toml, found by walking up from each linted file; the closest one wins, as in ruff (files are
not merged). Command-line options win over the file.

    select: [numbering, SL2]          # ids, id prefixes or categories; default: all rules
    ignore: [SL305]
    severity: {SL201: error, outdated: info, SL402: off}     # off = ignore
    fail-on: error                    # info | warning | error | never
    date: 2024-03-05                  # the date the speech is given (date-aware rules)
    allow: [张三, 某某科技有限公司]      # words no rule may touch
    rule-files: [rules/house.yaml]    # extra rules in the rules/ format, relative to this file
    exclude: [archive/, "*.bak.md"]   # .gitignore-style globs, relative to this file
    per-path:                         # .gitignore-style globs, relative to this file; all that match apply
      "notes/*.md": {ignore: [unfinished], date: 2023-01-01}

Unknown keys and wrong values stop the run with file:line (exit 2).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .config import Settings
from .diagnostics import CATEGORIES, SEVERITIES
from .errors import SpeechlintError
from .ruleset import parse_yaml

CONFIG_NAMES = ("speechlint.yaml", ".speechlint.yaml", "speechlint.yml", ".speechlint.yml")
TOP_KEYS = ("select", "ignore", "severity", "fail-on", "date", "allow", "rule-files", "exclude", "per-path")
PATH_KEYS = ("select", "ignore", "severity", "fail-on", "date", "allow")
FAIL_ON = ("info", "warning", "error", "never")
_SELECTOR = re.compile(r"^[A-Z]{2,4}\d{0,4}$")


class ConfigError(SpeechlintError):
    def __init__(self, path, line, what):
        self.path, self.line, self.what = str(path), line, what
        super().__init__(f"{path}:{line or 1}: {what}")


# ---- reading a file, keeping the line of every key ----------------------------------------------
class _Map(dict):
    """A mapping that remembers the line of each key (and its own)."""
    line = 1

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines = {}

    def line_of(self, key):
        return self.lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader, node):
    out = _Map()
    out.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool, _dt.date)):
            raise ConfigError(loader.name, key_node.start_mark.line + 1, "a key must be a plain value")
        if key in out:
            raise ConfigError(loader.name, key_node.start_mark.line + 1, f"duplicate key '{key}'")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def _read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, 0, f"cannot read the configuration: {exc}") from None
    data = parse_yaml(text, str(path), _Loader, ConfigError)
    if data is None:
        return _Map()
    if not isinstance(data, _Map):
        raise ConfigError(path, 1, "the configuration must be a mapping of keys (select, ignore, …)")
    return data


def _toml():
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    return tomllib


def _read_pyproject(path: Path):
    """[tool.speechlint] of a pyproject.toml as a _Map, or None when it has no such table."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if "tool.speechlint" not in text and "[tool]" not in text:
        return None
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, int(m.group(1)) if m else 0, f"invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("speechlint")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(path, _toml_line(text.splitlines(), "speechlint", 0), "tool.speechlint must be a table")
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if re.match(r"\s*\[\s*tool\s*\.\s*speechlint\b", ln)), 0)
    return _toml_map(table, lines, start)


def _toml_map(table, lines, after):
    """TOML does not give lines: find each key's line by scanning forward from its table's line."""
    out = _Map()
    out.line = after + 1
    for key, value in table.items():
        line = _toml_line(lines, key, after)
        out.lines[key] = line
        out[key] = _toml_map(value, lines, line - 1) if isinstance(value, dict) else value
    return out


def _toml_line(lines, key, after) -> int:
    pattern = re.compile(r"""^\s*(?:\[+[^\]]*)?(?:^|[\s.\[])?["']?%s["']?\s*(?:=|\]|\.)""" % re.escape(str(key)))
    for i in range(after, len(lines)):
        if pattern.search(lines[i]):
            return i + 1
    return after + 1


# ---- validating ----------------------------------------------------------------------------------
@dataclass
class ConfigFile:
    path: Path
    root: Path                            # the folder globs and rule files are relative to
    values: dict = field(default_factory=dict)         # validated top-level values (select, …)
    overrides: list = field(default_factory=list)      # (glob, PathSpec, values)
    exclude: tuple = ()
    exclude_spec: object = None
    rule_files: tuple = ()
    extra_rules: tuple = ()


def load_config(path) -> ConfigFile:
    """Read and validate one configuration file (YAML, or pyproject.toml's [tool.speechlint])."""
    path = Path(path)
    if path.name == "pyproject.toml":
        data = _read_pyproject(path)
        if data is None:
            raise ConfigError(path, 0, "has no [tool.speechlint] table")
    else:
        if not path.is_file():
            raise ConfigError(path, 0, "configuration file not found")
        data = _read_yaml(path)
    root = Path(os.path.abspath(path.parent))
    cfg = ConfigFile(path=path, root=root)
    data = _normalise_keys(data, path, TOP_KEYS, "top-level")
    if "rule-files" in data:
        cfg.rule_files = _strings(data, "rule-files", path)
        cfg.extra_rules = _load_rules(cfg.rule_files, root, path, data.line_of("rule-files"))
    rules = _all_rules(cfg.extra_rules)
    cfg.values = _values(data, path, rules)
    if "exclude" in data:
        from .inputs.files import glob_spec
        cfg.exclude = _strings(data, "exclude", path)
        cfg.exclude_spec = glob_spec(cfg.exclude)
    per_path = data.get("per-path")
    if per_path is not None:
        if not isinstance(per_path, _Map):
            raise ConfigError(path, data.line_of("per-path"), "per-path must map globs to settings")
        from .inputs.files import glob_spec
        for glob, values in per_path.items():
            line = per_path.line_of(glob)
            if not isinstance(glob, str) or not glob.strip():
                raise ConfigError(path, line, "a per-path key must be a glob such as 'notes/*.md'")
            if not isinstance(values, _Map):
                raise ConfigError(path, line, f"per-path '{glob}' must map to settings (select, ignore, …)")
            values = _normalise_keys(values, path, PATH_KEYS, f"per-path '{glob}'")
            cfg.overrides.append((glob, glob_spec([glob]), _values(values, path, rules)))
    return cfg


def _normalise_keys(data, path, allowed, where):
    out = _Map()
    out.line = data.line
    for key, value in data.items():
        name = str(key).replace("_", "-")
        if name not in allowed:
            raise ConfigError(path, data.line_of(key),
                              f"unknown {where} key '{key}' (allowed: {', '.join(allowed)})")
        if name in out:
            raise ConfigError(path, data.line_of(key), f"'{key}' given twice")
        out[name] = value
        out.lines[name] = data.line_of(key)
    return out


def _strings(data, key, path) -> tuple:
    value = data[key]
    if isinstance(value, str):
        value = [v for v in re.split(r"[,，\s]+", value) if v] if key in ("select", "ignore") else [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, data.line_of(key), f"{key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _selectors(data, key, path, rules) -> tuple:
    out = _strings(data, key, path)
    for s in out:
        _check_selector(s, rules, path, data.line_of(key))
    return out


def _check_selector(s, rules, path, line):
    if s in CATEGORIES:
        return
    if not _SELECTOR.match(s) or not any(r.id.startswith(s) for r in rules):
        raise ConfigError(path, line, f"'{s}' is not a rule id, id prefix (SL2) or category "
                                      f"({', '.join(CATEGORIES)})")


def _values(data, path, rules) -> dict:
    out = {}
    if "select" in data:
        out["select"] = _selectors(data, "select", path, rules)
    if "ignore" in data:
        out["ignore"] = _selectors(data, "ignore", path, rules)
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(path, data.line_of("severity"), "severity must map rules to info/warning/error/off")
        levels = {}
        for selector, level in sev.items():
            line = sev.line_of(selector) if isinstance(sev, _Map) else data.line_of("severity")
            _check_selector(str(selector), rules, path, line)
            if level is False:
                level = "off"          # YAML 1.1 reads a bare off as false
            if level not in (*SEVERITIES, "off"):
                raise ConfigError(path, line, f"severity of {selector} must be info, warning, error or off, "
                                              f"not {level!r}")
            levels[str(selector)] = level
        out["severity"] = levels
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise ConfigError(path, data.line_of("fail-on"), f"fail-on must be one of {', '.join(FAIL_ON)}")
        out["fail_on"] = data["fail-on"]
    if "date" in data:
        out["date"] = _date(data["date"], path, data.line_of("date"))
    if "allow" in data:
        out["allow"] = _strings(data, "allow", path)
    return out


def _date(value, path, line):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(path, line, f"date must look like 2024-03-15, not {value!r}") from None


def _load_rules(files, root, path, line) -> tuple:
    from .ruleset import load_rule_file
    rules = []
    for name in files:
        target = root / name
        if not target.is_file():
            raise ConfigError(path, line, f"rule file {name} not found (looked for {target})")
        rules.extend(load_rule_file(target))
    return tuple(rules)


def _all_rules(extra):
    from .ruleset import builtin_rules
    return list(builtin_rules()) + list(extra)


# ---- applying ------------------------------------------------------------------------------------
def apply_values(settings: Settings, values: dict) -> Settings:
    """select replaces; ignore, allow add; severity merges (off = ignore); fail-on and date replace."""
    s = replace(settings, severity=dict(settings.severity))
    if "select" in values:
        s.select = values["select"]
    if "ignore" in values:
        s.ignore = s.ignore + values["ignore"]
    for selector, level in values.get("severity", {}).items():
        if level == "off":
            s.ignore = s.ignore + (selector,)
        else:
            s.severity[selector] = level
    if "fail_on" in values:
        s.fail_on = values["fail_on"]
    if "date" in values:
        s.date = values["date"]
    if "allow" in values:
        s.allow = s.allow + values["allow"]
    return s


def settings_from(cfg: "ConfigFile | None", path=None) -> Settings:
    """The settings a configuration gives one file (its per-path overrides included)."""
    if cfg is None:
        return Settings()
    s = Settings(source=str(cfg.path), rule_files=cfg.rule_files, extra_rules=cfg.extra_rules,
                 exclude=cfg.exclude)
    s = apply_values(s, cfg.values)
    if path is not None and cfg.overrides:
        rel = _relative(path, cfg.root)
        applied = []
        if rel is not None:
            for glob, spec, values in cfg.overrides:
                if spec.match_file(rel):
                    s = apply_values(s, values)
                    applied.append(glob)
        s.overrides = tuple(applied)
    return s


def settings_from_dict(data: dict, base_dir=".") -> Settings:
    """Settings from a dict with the configuration file's keys (for the Python API)."""
    path = Path(base_dir) / "<config dict>"
    m = _Map()
    for k, v in data.items():
        m[k] = _as_map(v)
    cfg_data = _normalise_keys(m, path, TOP_KEYS, "top-level")
    cfg = ConfigFile(path=path, root=Path(os.path.abspath(base_dir)))
    if "rule-files" in cfg_data:
        cfg.rule_files = _strings(cfg_data, "rule-files", path)
        cfg.extra_rules = _load_rules(cfg.rule_files, cfg.root, path, 0)
    cfg.values = _values(cfg_data, path, _all_rules(cfg.extra_rules))
    if "exclude" in cfg_data:
        cfg.exclude = _strings(cfg_data, "exclude", path)
    s = settings_from(cfg)
    s.source = "<dict>"
    return s


def _as_map(value):
    if isinstance(value, dict) and not isinstance(value, _Map):
        m = _Map()
        m.update({k: _as_map(v) for k, v in value.items()})
        return m
    return value


def _relative(path, root):
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def find_config(folder, cache=None):
    """The closest configuration file at or above folder, loaded; None when there is none."""
    folder = Path(os.path.abspath(folder))
    cache = {} if cache is None else cache
    visited = []
    found = None
    for current in (folder, *folder.parents):
        key = str(current)
        if key in cache:
            found = cache[key]
            break
        visited.append(key)
        found = _config_in(current)
        if found is not None:
            break
    for key in visited:
        cache[key] = found
    return found


def _config_in(folder: Path):
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return load_config(folder / name)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _read_pyproject(pyproject) is not None:
        return load_config(pyproject)
    return None


class Resolver:
    """Settings and a Linter for each file of a run; configurations and Linters are shared and cached."""

    def __init__(self, *, config=None, isolated=False, cli=None):
        self.fixed = load_config(config) if config else None
        self.isolated = isolated
        self.cli = dict(cli or {})
        self._folders = {}
        self._settings = {}
        self._linters = {}

    @classmethod
    def from_args(cls, args):
        cli = {"select": getattr(args, "select", ()) or (), "ignore": getattr(args, "ignore", ()) or (),
               "fail_on": getattr(args, "fail_on", None), "date": getattr(args, "date", None)}
        return cls(config=getattr(args, "config", None), isolated=getattr(args, "isolated", False), cli=cli)

    def config_for(self, path):
        if self.fixed is not None:
            return self.fixed
        if self.isolated:
            return None
        folder = Path(os.path.abspath(path)).parent if path not in ("-", "") else Path.cwd()
        return find_config(folder, self._folders)

    def settings_for(self, path) -> Settings:
        key = os.path.abspath(path) if path not in ("-", "") else "-"
        if key not in self._settings:
            s = settings_from(self.config_for(path), path if path not in ("-", "") else None)
            self._settings[key] = apply_cli(s, self.cli)
        return self._settings[key]

    def linter_for(self, path):
        from .engine import Linter
        settings = self.settings_for(path)
        key = settings.linter_key()
        if key not in self._linters:
            self._linters[key] = Linter(settings)
        return self._linters[key]

    def all_rules(self) -> list:
        """The rules enabled for at least one file of the run (the defaults' when no file was linted)."""
        linters = list(self._linters.values()) or [self.linter_for("-")]
        seen = {}
        for linter in linters:
            for rule in linter.rules:
                seen.setdefault(rule.id, rule)
        return [seen[k] for k in sorted(seen)]

    def excluded(self, path) -> bool:
        """True when the configuration that governs path excludes it."""
        if path == "-":
            return False
        cfg = self.config_for(path)
        if cfg is None or cfg.exclude_spec is None:
            return False
        rel = _relative(path, cfg.root)
        if rel is None:
            return False
        parts = rel.split("/")
        # the file itself, or any folder on the way down to it
        return any(cfg.exclude_spec.match_file("/".join(parts[:i]) + ("/" if i < len(parts) else ""))
                   for i in range(1, len(parts) + 1))


def apply_cli(s: Settings, cli: dict) -> Settings:
    """Command-line options win: --select replaces the selection (and the file's ignore list, as in ruff),
    --ignore adds to it, --fail-on and --date replace."""
    s = replace(s)
    if cli.get("select"):
        s.select, s.ignore = tuple(cli["select"]), tuple(cli.get("ignore") or ())
    elif cli.get("ignore"):
        s.ignore = s.ignore + tuple(cli["ignore"])
    if cli.get("fail_on"):
        s.fail_on = cli["fail_on"]
    if cli.get("date"):
        s.date = cli["date"]
    return s


def describe(path, s: Settings) -> str:
    """--show-settings: the resolved settings of one file, as YAML a user could paste into a config."""
    from .engine import Linter
    rules = Linter(s).rules
    data = {
        "file": str(path),
        "configuration": s.source or "(none: built-in defaults)",
        "per-path overrides applied": list(s.overrides),
        "select": list(s.select) or "(all rules)",
        "ignore": list(s.ignore),
        "severity": dict(s.severity),
        "fail-on": s.fail_on,
        "date": s.date.isoformat() if s.date else "(detected from the text)",
        "allow": list(s.allow),
        "rule-files": list(s.rule_files),
        "exclude": list(s.exclude),
        "enabled rules": f"{len(rules)}: " + " ".join(sorted(r.id for r in rules)),
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
