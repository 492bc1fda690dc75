"""The command line: `defence-planner compute|presets|import|export`, and the window when run bare.

Heavy modules (Qt, openpyxl, calamine) are imported inside the commands that use
them, so `compute` starts about as fast as numpy does.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

from . import __version__

EXIT_BAD_INPUT = 2
COMMANDS = ("compute", "presets", "import", "export", "brief")
# Commands that need no Qt: the process may end as soon as their output is flushed.
_ONE_SHOT = frozenset({"compute", "presets", "import", "export"})
OPENABLE = (".defplan", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".txt")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line, not a usage block."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


class UserError(Exception):
    """A problem with the user's input; its text is the whole message shown."""


def _load_scenario(args):
    from .core.dataset import DatasetError, default_dataset
    from .core.presets import preset_scenario
    from .core.scenario_file import ScenarioFileError
    from .spreadsheets.scenario_sources import open_scenario

    try:
        dataset = default_dataset()
    except DatasetError as exc:
        raise UserError(f"the embedded dataset is damaged: {exc}") from None
    if args.scenario:
        try:
            return dataset, open_scenario(args.scenario, dataset)
        except ScenarioFileError as exc:
            raise UserError(str(exc)) from None
    plan_switches = getattr(args, "include_low_confidence", False) or getattr(args, "others_follow_hague", False)
    if plan_switches and args.preset != "national-plans":
        raise UserError("--include-low-confidence and --others-follow-hague go with --preset national-plans")
    if plan_switches:
        from .core.presets import national_plans_scenario

        return dataset, national_plans_scenario(dataset, args.include_low_confidence, args.others_follow_hague)
    try:
        return dataset, preset_scenario(args.preset, dataset)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None


def _load_reference(dataset, name: str):
    """--reference: a preset's key, or a scenario file (.defplan or a planner workbook)."""
    from .core.presets import PRESETS, preset_scenario
    from .core.scenario_file import ScenarioFileError
    from .spreadsheets.scenario_sources import open_scenario

    if name in PRESETS:
        return preset_scenario(name, dataset)
    if not os.path.exists(name):
        raise UserError(f"--reference: {name!r} is neither a preset ({', '.join(PRESETS)}) nor an existing file")
    try:
        return open_scenario(name, dataset)
    except ScenarioFileError as exc:
        raise UserError(f"--reference: {exc}") from None


def _with_growth_band(scenario, points):
    if points is None:
        return scenario
    from dataclasses import replace

    from .core.validation import growth_band_fault

    fault = growth_band_fault(points)
    if fault:
        raise UserError(f"--growth-band: {fault}")
    return replace(scenario, growth_band_pts=points)


def _with_horizon(scenario, horizon):
    if horizon is None:
        return scenario
    from dataclasses import replace

    try:
        return replace(scenario, horizon=horizon)
    except ValueError as exc:
        raise UserError(f"--horizon: {exc}") from None


def cmd_compute(args) -> int:
    from .core.projection import compute
    from .core.report import result_to_dict, result_to_text

    dataset, scenario = _load_scenario(args)
    scenario = _with_growth_band(_with_horizon(scenario, args.horizon), args.growth_band)
    result = compute(dataset, scenario)
    gap = None
    if args.reference:
        from .core.reference_gap import gap_to_reference, reference_on_same_years

        gap = gap_to_reference(result, reference_on_same_years(dataset, scenario, _load_reference(dataset, args.reference)))
    if args.json:
        json.dump(result_to_dict(result, gap), sys.stdout, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result_to_text(result))
        if gap is not None:
            from .core.report import reference_text

            sys.stdout.write(reference_text(gap))
    return 0


def cmd_presets(args) -> int:
    from .core.presets import PRESETS

    width = max(len(k) for k in PRESETS)
    for key, preset in PRESETS.items():
        print(f"{key.ljust(width)}  {preset.title}: {preset.source_note}")
    return 0


def cmd_import(args) -> int:
    from .spreadsheets.reading.importer import ImportFailure, format_summary, import_file

    if args.apply_to is None and (args.output or args.mode != "auto" or args.ally or args.replace_newer):
        raise UserError("-o, --as, --ally and --replace-newer need --apply-to (PRESET or SCENARIO_FILE)")
    if args.json:
        if args.format not in (None, "json"):
            raise UserError(f"--json and --format {args.format} ask for two outputs: give one")
        args.format = "json"
    if args.apply_to is not None and args.format == "csv":
        raise UserError("--apply-to reports the merge as text or --json, not --format csv")
    if args.apply_to is not None:
        args.json = args.format == "json"
    args.format = args.format or "summary"
    if args.apply_to is not None and not args.output:
        raise UserError("--apply-to needs -o OUT.defplan to write the new scenario to")
    # A one-shot process: the cyclic collector would only walk the import's millions of cells and records
    # again and again (a third of a million-row CSV's import); everything is freed at exit.
    gc.disable()
    try:
        report = import_file(args.file, sheet=args.sheet)
    except ImportFailure as exc:
        raise UserError(str(exc)) from None
    # Held until main() ends: after a hard exit (_exit_now) its million objects are never freed one by one.
    args.report = report
    if args.apply_to is not None:
        return _apply_import(args, report)
    if args.format == "summary":
        sys.stdout.write(format_summary(report).rstrip("\n") + "\n")
        return 0
    from .spreadsheets.reading.import_output import write_csv, write_json

    if args.format == "json":
        write_json(report, sys.stdout)
        sys.stdout.write("\n")
    else:
        write_csv(report, sys.stdout)
    sys.stdout.flush()
    return 0


def _apply_import(args, report) -> int:
    """`import FILE --apply-to ...`: the dialog's defaults, applied headless, the new scenario written atomically."""
    from .core.merge import MergeError
    from .core.scenario_file import write_scenario
    from .spreadsheets.import_plan import apply_planned, plan_import, summary_dict, summary_text

    if not args.output.lower().endswith(".defplan"):
        raise UserError(f"{args.output}: the output must end in .defplan")
    source = argparse.Namespace(scenario=None, preset=None)
    if os.path.exists(args.apply_to) or args.apply_to.lower().endswith((".defplan", ".xlsx")):
        source.scenario = args.apply_to
    else:
        source.preset = args.apply_to
    dataset, scenario = _load_scenario(source)
    if args.ally is not None:
        try:
            dataset.ally(args.ally.upper())
        except KeyError:
            raise UserError(f"--ally: {args.ally!r} is not an ally's ISO3 code") from None
    name = os.path.basename(args.file)
    try:
        plan = plan_import(report, dataset, args.mode, args.ally.upper() if args.ally else None)
        new, result = apply_planned(dataset, scenario, plan, replace_newer=args.replace_newer)
    except MergeError as exc:
        raise UserError(f"{name}: {exc}") from None
    write_scenario(new, args.output)
    if args.json:
        json.dump(summary_dict(plan, result, args.output), sys.stdout, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary_text(plan, result, dataset, args.output).rstrip("\n") + "\n")
    return 0


def cmd_export(args) -> int:
    from .core.projection import compute
    from .spreadsheets.workbook.export import ExportFailure, export_csv, export_workbook

    dataset, scenario = _load_scenario(args)
    result = compute(dataset, _with_growth_band(_with_horizon(scenario, args.horizon), args.growth_band))
    out = args.output
    if args.reference and out.lower().endswith(".csv"):
        raise UserError("--reference: the CSV table has no gap columns; export to .xlsx for the gap sheet")
    reference = _load_reference(dataset, args.reference) if args.reference else None
    try:
        if out.lower().endswith(".csv"):
            export_csv(result, out)
        elif out.lower().endswith(".xlsx"):
            export_workbook(result, out, reference=reference)
        else:
            raise UserError(f"{out}: the output must end in .xlsx or .csv")
    except ExportFailure as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {out}")
    return 0


def cmd_brief(args) -> int:
    """The briefing PDF, drawn by Qt offscreen: it needs no display."""
    from pathlib import Path

    from .core.projection import compute
    from .core.status_quo import status_quo_of

    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: the output must end in .pdf")
    if out.is_dir():
        raise UserError(f"cannot write {out}: it is a folder")
    if not out.parent.is_dir():
        raise UserError(f"cannot write {out}: no folder {out.parent}")
    dataset, scenario = _load_scenario(args)
    scenario = _with_horizon(scenario, args.horizon)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.app import application, quieten_offscreen_noise

    quieten_offscreen_noise()
    application()
    from .ui.briefing import write_briefing

    pages = write_briefing(compute(dataset, scenario), compute(dataset, status_quo_of(scenario)), out)
    print(f"wrote {out} ({pages} pages)")
    return 0


def _scenario_options(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--preset", metavar="NAME", help="a built-in scenario (see `defence-planner presets`)")
    src.add_argument("--scenario", metavar="FILE", help="a .defplan scenario file, or a workbook the planner exported")
    p.add_argument("--horizon", type=int, metavar="YEAR", help="last projected year (2026..2060; default: the scenario's)")
    p.add_argument("--include-low-confidence", action="store_true", help="with --preset national-plans: also follow points of low confidence")
    p.add_argument("--others-follow-hague", action="store_true", help="with --preset national-plans: allies with no published path follow the Hague path")
    p.add_argument("--growth-band", type=float, metavar="POINTS",
                   help="points of nominal GDP growth for the low and high paths (0..5; default: the scenario's, 1.0 unless set)")


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1280x800") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"{text!r} is outside 320x240..8000x8000")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="defence-planner",
        description="Defence Spending Planner: what NATO's spending targets cost each ally, year by year. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"defence-planner {__version__}")
    parser.add_argument("--screenshot", metavar="PATH", help="render the main window offscreen at 1440x900 to PATH (PNG) and exit")
    parser.add_argument("--tab", metavar="NAME", help="with --screenshot: the tab to show")
    parser.add_argument("--size", metavar="WxH", type=_window_size, help="with --screenshot: the window's size (default 1440x900)")
    parser.add_argument("--preset", metavar="NAME", dest="window_preset", help="the window's starting scenario (default hague-2035)")
    parser.add_argument("--smoke-test", action="store_true", help="check that the installed app works end to end, then exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("compute", help="compute a scenario and print the table (or JSON)", description="Compute a scenario for all allies.")
    _scenario_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--reference", metavar="PRESET|FILE", help="also give each ally's gap to this scenario (e.g. hague-2035): its spending minus this one's")
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("presets", help="list the built-in scenarios", description="List the built-in scenarios with their sources.")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("import", help="read a spending spreadsheet and report what it holds", description="Read a spreadsheet (xlsx, xlsm, xlsb, xls, ods, csv) and report its tables.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help="read only this sheet")
    p.add_argument("--json", action="store_true", help="print one JSON object (the same as --format json)")
    p.add_argument("--format", choices=("summary", "json", "csv"),
                   help="what to print: a readable summary (default), one JSON object, or one CSV row per figure")
    p.add_argument("--apply-to", metavar="PRESET|SCENARIO_FILE", help="apply the file to this scenario, as the import dialog's defaults would")
    p.add_argument("-o", "--output", metavar="OUT.defplan", help="with --apply-to: where to write the new scenario")
    p.add_argument("--as", dest="mode", default="auto", choices=("auto", "shares", "gdp", "spending", "lines", "composition"),
                   help="with --apply-to: how to apply the figures (default auto: what the dialog preselects)")
    p.add_argument("--ally", metavar="ISO3", help="with --as lines: whose budget lines these are (default: from the currency)")
    p.add_argument("--replace-newer", action="store_true", help="with --apply-to: also replace figures from a newer edition")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write a scenario workbook (.xlsx) or results table (.csv)", description="Export a scenario as a live Excel model or a CSV table.")
    _scenario_options(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.xlsx or OUT.csv")
    p.add_argument("--reference", metavar="PRESET|FILE", help="with .xlsx: the scenario the gap sheet measures this one against (default hague-2035)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("brief", help="write a briefing PDF of a scenario", description="Write an A4 landscape briefing PDF: the scenario in words and figures, its charts and tables.")
    _scenario_options(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.pdf")
    p.set_defaults(func=cmd_brief)
    return parser


def _no_display() -> bool:
    """On Linux and BSD, Qt aborts the process when it finds no display; say so plainly instead."""
    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _run_window(args) -> int:
    if args.smoke_test:
        from .smoke_test import run_smoke_test

        return run_smoke_test()
    if not args.screenshot and _no_display():
        raise UserError(
            "there is no display to open the window on (DISPLAY is not set): run it from a desktop session, "
            "or use the command line, e.g. `defence-planner compute --preset hague-2035`"
        )
    from .ui.app import run

    return run(preset=args.window_preset, screenshot=args.screenshot, tab=args.tab, open_file=args.open_file, size=args.size)


def _split_open_file(argv: list[str]) -> tuple[list[str], str | None]:
    """A bare file path (a double-clicked .defplan or spreadsheet) opens in the window."""
    if not argv or any(a in COMMANDS for a in argv):
        return argv, None
    last = argv[-1]
    takes_value = len(argv) > 1 and argv[-2] in ("--preset", "--tab", "--screenshot", "--size")
    if last.startswith("-") or takes_value:
        return argv, None
    if os.path.exists(last) or last.lower().endswith(OPENABLE):
        return argv[:-1], last
    return argv, None


def main(argv=None, *, exit_when_done: bool = False) -> int:
    """Run one command (the window when none is given); its exit status.

    With exit_when_done (the `defence-planner` command itself), a command that needs no Qt
    ends the process once its output is flushed, instead of returning (see _exit_now).
    """
    parser = build_parser()
    argv, open_file = _split_open_file(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    args.open_file = open_file
    if exit_when_done and args.command == "import":
        _keep_freed_memory()
    code = _run_command(args)
    if exit_when_done and args.command in _ONE_SHOT:
        _exit_now(code)
    return code


def _keep_freed_memory() -> bool:
    """Have glibc's allocator serve large blocks from its heap and keep what is freed for reuse; whether it took.

    An import allocates and frees blocks of megabytes (each piece's XML, its cells, the scan's arrays). By
    default each goes to and from the system with mmap, and every reuse faults fresh pages in: a quarter of a
    second of system time for a 100,000-row workbook, about a tenth of the whole process. Kept, the process
    peaks some 40 MB higher, and ends right after (only the one-shot `import` command asks for this).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt  # glibc's; musl has none
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, 64 << 20)) and bool(mallopt(m_trim_threshold, 512 << 20))


def run() -> int:
    """The `defence-planner` command: main(), ending at once after a one-shot command."""
    return main(exit_when_done=True)


def _exit_now(code: int) -> None:
    """Flush the output and end the process without the interpreter's teardown.

    A one-shot command leaves nothing to close (files are closed, worker threads joined);
    tearing down its modules and objects only costs time, a tenth of a second after an
    import of 100,000 rows.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        print(f"defence-planner: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        code = EXIT_BAD_INPUT
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)


def _run_command(args) -> int:
    try:
        if args.command is None:
            return _run_window(args)
        return args.func(args)
    except UserError as exc:
        print(f"defence-planner: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except OSError as exc:  # writing the output failed (a full disk, a closed terminal)
        print(f"defence-planner: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run())
