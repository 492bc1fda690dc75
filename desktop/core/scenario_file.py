"""Reading and writing `.defplan` scenario files: versioned JSON, written atomically."""

from __future__ import annotations

import json
import math
from contextlib import contextmanager
from pathlib import Path

from .atomic_write import write_atomically
from .budget_lines import resolved
from .dataset import Dataset, default_dataset
from .plausible import as_finite
from .financing_mix import DEFAULT_GROWTH_BAND_PTS, SOURCES, Financing, Mix
from .scenario import BudgetLine, Milestone, Override, Scenario, Target
from .validation import Refusal, clean_json_text, escaped, milestone_fault, screen_scenario

FORMAT = "defence-planner-scenario"
SCHEMA_VERSION = 2  # 2: milestones may be objects (amounts, definitions, sources); 1 files read as they are
EXTENSION = ".defplan"
MAX_FILE_BYTES = 200_000_000
_INDENTED_UP_TO = 200  # overrides + budget lines; beyond that the file is written compactly
_KNOWN = {"format", "schema_version", "name", "description", "horizon", "target", "milestones", "overrides", "budget_lines", "import_mappings",
          "financing", "growth_band_pts"}


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read; the message names the file and the offending key."""


_TARGET_KEYS = ("core_pct", "related_pct", "target_year", "shape", "step_year", "no_cuts", "scope", "related_baseline_pct")
_OVERRIDE_KEYS = ("iso3", "indicator", "year", "value", "source", "imported", "edition")
_LINE_KEYS = ("label", "iso3", "currency", "amounts", "source")
# Added to budget lines without a schema change: a line from an older file gets their defaults.
_LINE_PLAN_KEYS = ("category", "profile", "first_year", "last_year", "total_m", "unit_cost", "quantity", "in_baseline")


def scenario_to_dict(scenario: Scenario) -> dict:
    t = scenario.target
    data = dict(scenario.extra)
    data.update(
        {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "name": scenario.name,
            "description": scenario.description,
            "horizon": scenario.horizon,
            "target": None if t is None else {**t.extra, **{key: getattr(t, key) for key in _TARGET_KEYS}},
            "milestones": {iso: [_milestone_to_json(p) for p in pts] for iso, pts in scenario.milestones.items()},
            "overrides": [
                {**o.extra, "iso3": o.iso3, "indicator": o.indicator, "year": o.year, "value": o.value, "source": o.source,
                 **({"imported": True, "edition": o.edition} if o.imported else {})}
                for o in scenario.overrides
            ],
            "budget_lines": [
                {**b.extra, "label": b.label, "iso3": b.iso3, "currency": b.currency, "amounts": [[y, a] for y, a in b.amounts], "source": b.source,
                 **{key: getattr(b, key) for key in _LINE_PLAN_KEYS}}
                for b in scenario.budget_lines
            ],
            "import_mappings": [dict(m) for m in scenario.import_mappings],
            "financing": _financing_to_json(scenario.financing),
            "growth_band_pts": scenario.growth_band_pts,
        }
    )
    return data


def _financing_to_json(financing: Financing) -> dict:
    return {
        "default_mix": financing.default_mix.as_dict(),
        "mixes": {iso: mix.as_dict() for iso, mix in financing.mixes.items()},
        "default_rate_pct": financing.default_rate_pct,
        "rates": dict(financing.rates),
    }


_MIX_EXPECTED = "an object with " + ", ".join(f"{s}_pct" for s in SOURCES) + " (% of the extra spending)"


def _mix_from_json(raw, where: str, key: str) -> Mix:
    ok = isinstance(raw, dict) and all(_number(raw.get(f"{s}_pct", 0.0)) for s in SOURCES)
    _expect(ok, where, key, _MIX_EXPECTED)
    return Mix(**{f"{s}_pct": float(raw.get(f"{s}_pct", 0.0)) for s in SOURCES})


def _financing_from_json(raw, where: str) -> Financing:
    """Files from before financing existed carry none: everything borrowed at the implied rates."""
    if raw is None:
        return Financing()
    _expect(isinstance(raw, dict), where, "financing", "an object with default_mix, mixes, default_rate_pct and rates")
    default_mix = _mix_from_json(raw["default_mix"], where, "financing.default_mix") if "default_mix" in raw else Mix()
    mixes = raw.get("mixes", {})
    _expect(isinstance(mixes, dict), where, "financing.mixes", "an object of ISO3 code -> mix")
    rates = raw.get("rates", {})
    _expect(isinstance(rates, dict) and all(_number(v) for v in rates.values()), where, "financing.rates", "an object of ISO3 code -> rate (% a year)")
    default_rate = raw.get("default_rate_pct")
    _expect(default_rate is None or _number(default_rate), where, "financing.default_rate_pct", "a rate (% a year) or null")
    return Financing(
        default_mix=default_mix,
        mixes={iso: _mix_from_json(m, where, f"financing.mixes.{iso}") for iso, m in mixes.items()},
        default_rate_pct=None if default_rate is None else float(default_rate),
        rates={iso: float(v) for iso, v in rates.items()},
    )


def _expect(cond: bool, where: str, key: str, expected: str):
    if not cond:
        raise ScenarioFileError(f"{where}: key '{escaped(key)}' must be {expected}")


def _number(value) -> bool:
    return as_finite(value) is not None


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown(raw: dict, known) -> dict:
    return {k: v for k, v in raw.items() if k not in known}


_MILESTONE_KEYS = ("year", "share_pct", "amount_m", "currency", "definition", "national_base_m", "follows", "source", "confidence")
_OPTIONAL_NUMBERS = ("share_pct", "amount_m", "national_base_m")
_TEXTS = ("currency", "definition", "follows", "source", "confidence")


def _milestone_to_json(point: Milestone):
    """A plain share stays a [year, share] pair, as files have always held it; anything more is an object."""
    if point.is_plain_share:
        return [point.year, point.share_pct]
    return {key: getattr(point, key) for key in _MILESTONE_KEYS}


def _milestone_from_json(raw, where: str, key: str) -> Milestone:
    if isinstance(raw, list):
        _expect(len(raw) == 2 and _integer(raw[0]) and _number(raw[1]), where, key, "a [year, share] pair or an object with year and share_pct or amount_m")
        return Milestone(raw[0], float(raw[1]))
    ok = isinstance(raw, dict) and _integer(raw.get("year"))
    ok = ok and all(raw.get(k) is None or _number(raw[k]) for k in _OPTIONAL_NUMBERS)
    ok = ok and all(isinstance(raw.get(k, ""), str) for k in _TEXTS)
    _expect(ok, where, key, "a [year, share] pair or an object with year and share_pct or amount_m")
    defaults = Milestone(raw["year"])
    numbers = {k: None if raw.get(k) is None else float(raw[k]) for k in _OPTIONAL_NUMBERS}
    texts = {k: raw.get(k, getattr(defaults, k)) for k in _TEXTS}
    return Milestone(raw["year"], **numbers, **texts)


def _screened_milestones(raw: dict, where: str, dataset: Dataset, refused: list) -> dict:
    """The milestones the validation gate lets in; each point it refuses is named in `refused`."""
    kept = {}
    for iso, points in raw.items():
        for n, item in enumerate(points):
            point = _milestone_from_json(item, where, f"milestones.{iso}[{n}]")
            fault = milestone_fault(dataset, iso, point)
            if fault:
                refused.append(Refusal(f"{where}: milestones.{escaped(iso)} {point.year}", fault))
            else:
                kept.setdefault(iso, []).append(point)
    return kept


def scenario_from_dict(data, where: str = "scenario", dataset: Dataset | None = None) -> Scenario:
    """Build a Scenario from a file's JSON, refusing anything out of shape or range with the key at fault."""
    scenario, refused = screened_scenario_from_dict(data, where, dataset)
    if refused:
        raise ScenarioFileError(refused[0].line() + (f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""))
    return scenario


def screened_scenario_from_dict(data, where: str = "scenario", dataset: Dataset | None = None) -> tuple[Scenario, tuple[Refusal, ...]]:
    """Build a Scenario from a file's JSON; figures the validation gate refuses are dropped and named.

    A file out of shape (wrong types, a newer schema) still raises ScenarioFileError.
    """
    dataset = dataset or default_dataset()
    _expect(isinstance(data, dict), where, "(top level)", "a JSON object")
    data = clean_json_text(data)
    _expect(data.get("format") == FORMAT, where, "format", f"'{FORMAT}'")
    version = data.get("schema_version")
    _expect(_integer(version) and version >= 1, where, "schema_version", f"a whole number from 1 to {SCHEMA_VERSION}")
    if version > SCHEMA_VERSION:
        raise ScenarioFileError(
            f"{where}: was written by a newer Defence Spending Planner (schema {version}; this version reads up to {SCHEMA_VERSION}): update the app to open it"
        )
    name = data.get("name")
    _expect(isinstance(name, str) and name.strip() != "", where, "name", "a non-empty string")
    horizon = data.get("horizon", 2040)
    _expect(_integer(horizon), where, "horizon", "a year (integer)")
    target = None
    raw_t = data.get("target")
    if raw_t is not None:
        _expect(isinstance(raw_t, dict), where, "target", "an object or null")
        for key in ("core_pct", "related_pct", "related_baseline_pct"):
            _expect(_number(raw_t.get(key, 0.0)), where, f"target.{key}", "a number (% of GDP)")
        _expect(_integer(raw_t.get("target_year")), where, "target.target_year", "a year (integer)")
        _expect(raw_t.get("step_year") is None or _integer(raw_t.get("step_year")), where, "target.step_year", "a year or null")
        _expect(isinstance(raw_t.get("no_cuts", True), bool), where, "target.no_cuts", "true or false")
        _expect(raw_t.get("shape", "linear") in ("linear", "step"), where, "target.shape", "'linear' or 'step'")
        _expect(raw_t.get("scope", "all") in ("all", "europe_canada"), where, "target.scope", "'all' or 'europe_canada'")
        try:
            target = Target(
                core_pct=float(raw_t["core_pct"]),
                related_pct=float(raw_t.get("related_pct", 0.0)),
                target_year=raw_t["target_year"],
                shape=raw_t.get("shape", "linear"),
                step_year=raw_t.get("step_year"),
                no_cuts=raw_t.get("no_cuts", True),
                scope=raw_t.get("scope", "all"),
                related_baseline_pct=float(raw_t.get("related_baseline_pct", 0.0)),
                extra=_unknown(raw_t, _TARGET_KEYS),
            )
        except (KeyError, ValueError) as exc:
            raise ScenarioFileError(f"{where}: key 'target': {exc}") from None
    raw_m = data.get("milestones", {})
    _expect(isinstance(raw_m, dict), where, "milestones", "an object of ISO3 code -> [[year, share], ...]")
    for iso, points in raw_m.items():
        _expect(isinstance(points, list), where, f"milestones.{iso}", "a list of [year, share] pairs or milestone objects")
    overrides = []
    raw_o = data.get("overrides", [])
    _expect(isinstance(raw_o, list), where, "overrides", "a list")
    for i, o in enumerate(raw_o):
        ok = isinstance(o, dict) and isinstance(o.get("iso3"), str) and isinstance(o.get("indicator"), str) and _integer(o.get("year")) and _number(o.get("value"))
        _expect(ok, where, f"overrides[{i}]", "an object with iso3, indicator, year (integer) and value (finite number)")
        overrides.append(Override(o["iso3"], o["indicator"], o["year"], float(o["value"]), str(o.get("source", "")),
                                  _unknown(o, _OVERRIDE_KEYS), o.get("imported") is True, str(o.get("edition") or "")))
    lines = []
    raw_b = data.get("budget_lines", [])
    _expect(isinstance(raw_b, list), where, "budget_lines", "a list")
    for i, b in enumerate(raw_b):
        ok = isinstance(b, dict) and isinstance(b.get("label"), str) and isinstance(b.get("iso3"), str) and isinstance(b.get("amounts"), list)
        ok = ok and all(isinstance(p, list) and len(p) == 2 and _integer(p[0]) and _number(p[1]) for p in b["amounts"])
        _expect(ok, where, f"budget_lines[{i}]", "an object with label, iso3, currency and amounts [[year, amount], ...]")
        lines.append(resolved(BudgetLine(
            b["label"], b["iso3"], str(b.get("currency", "")), tuple((y, float(a)) for y, a in b["amounts"]), str(b.get("source", "")),
            _unknown(b, _LINE_KEYS + _LINE_PLAN_KEYS), **_line_plan_from_json(b, where, f"budget_lines[{i}]"),
        )))
    raw_maps = data.get("import_mappings", [])
    _expect(isinstance(raw_maps, list) and all(isinstance(m, dict) for m in raw_maps), where, "import_mappings", "a list of objects")
    description = data.get("description", "")
    _expect(isinstance(description, str), where, "description", "a string")
    financing = _financing_from_json(data.get("financing"), where)
    band = data.get("growth_band_pts", DEFAULT_GROWTH_BAND_PTS)
    _expect(_number(band), where, "growth_band_pts", "a number of points of nominal growth")
    refused: list[Refusal] = []
    milestones = _screened_milestones(raw_m, where, dataset, refused)
    try:
        scenario = Scenario(
            name=name,
            description=description,
            target=target,
            milestones=milestones,
            horizon=horizon,
            overrides=tuple(overrides),
            budget_lines=tuple(lines),
            import_mappings=tuple(raw_maps),
            extra={k: v for k, v in data.items() if k not in _KNOWN},
            financing=financing,
            growth_band_pts=float(band),
        )
    except ValueError as exc:
        raise ScenarioFileError(f"{where}: {exc}") from None
    scenario, more = screen_scenario(dataset, scenario, where)
    return scenario, tuple(refused) + more


def _line_plan_from_json(raw: dict, where: str, key: str) -> dict:
    """A line's category, profile, years, envelope, unit cost, quantity and baseline flag; defaults for an older file's line."""
    defaults = BudgetLine("", "", "", ())
    ok = all(isinstance(raw.get(k, getattr(defaults, k)), str) for k in ("category", "profile"))
    ok = ok and all(raw.get(k) is None or _integer(raw[k]) for k in ("first_year", "last_year"))
    ok = ok and all(raw.get(k) is None or _number(raw[k]) for k in ("total_m", "unit_cost", "quantity"))
    ok = ok and isinstance(raw.get("in_baseline", False), bool)
    _expect(ok, where, key, "a budget line whose category and profile are text, years whole numbers, amounts numbers and in_baseline true or false")
    plan = {k: raw.get(k, getattr(defaults, k)) for k in _LINE_PLAN_KEYS}
    for k in ("total_m", "unit_cost", "quantity"):
        plan[k] = None if plan[k] is None else float(plan[k])
    return plan


@contextmanager
def reading(path: Path):
    """Turns an OS error while reading `path` into a ScenarioFileError that says what happened."""
    try:
        yield
    except FileNotFoundError:
        raise ScenarioFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ScenarioFileError(f"{path}: is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_scenario(path, dataset: Dataset | None = None) -> Scenario:
    path = Path(path)
    with reading(path):
        raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioFileError(f"{path}: is too large to be a scenario file (over {MAX_FILE_BYTES // 1_000_000} MB)")
    # Plain words, not the parser's: "line 1, column 2 (char 1): Expecting property name" helps no one.
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioFileError(f"{path}: the scenario file is damaged (not text: is it a scenario file?)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(f"{path}: the scenario file is damaged (not valid JSON at line {exc.lineno})") from None
    except RecursionError:
        raise ScenarioFileError(f"{path}: the scenario file is damaged (its JSON is nested too deeply)") from None
    except ValueError:  # Python refuses integers of over 4,300 digits
        raise ScenarioFileError(f"{path}: the scenario file is damaged (it holds a number thousands of digits long)") from None
    return scenario_from_dict(data, str(path), dataset)


def scenario_payload(scenario: Scenario) -> bytes:
    """The file's bytes: indented for people to read and diff, compact once imports make it large."""
    small = len(scenario.overrides) + len(scenario.budget_lines) <= _INDENTED_UP_TO
    text = json.dumps(scenario_to_dict(scenario), indent=2 if small else None, separators=None if small else (",", ":"), ensure_ascii=False, allow_nan=False)
    payload = text.encode("utf-8") + b"\n"
    if len(payload) > MAX_FILE_BYTES:
        raise ScenarioFileError(
            f"the scenario is too large to save ({len(payload) // 1_000_000} MB, the limit is {MAX_FILE_BYTES // 1_000_000} MB): remove some imported budget lines"
        )
    return payload


def write_scenario(scenario: Scenario, path) -> None:
    write_atomically(path, scenario_payload(scenario))
