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
COMMANDS = ("compute", "presets", "import", "export")
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
    try:
        return dataset, preset_scenario(args.preset, dataset)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None


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
    result = compute(dataset, _with_horizon(scenario, args.horizon))
    if args.json:
        json.dump(result_to_dict(result), sys.stdout, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result_to_text(result))
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
    result = compute(dataset, _with_horizon(scenario, args.horizon))
    out = args.output
    try:
        if out.lower().endswith(".csv"):
            export_csv(result, out)
        elif out.lower().endswith(".xlsx"):
            export_workbook(result, out)
        else:
            raise UserError(f"{out}: the output must end in .xlsx or .csv")
    except ExportFailure as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {out}")
    return 0


def _scenario_options(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--preset", metavar="NAME", help="a built-in scenario (see `defence-planner presets`)")
    src.add_argument("--scenario", metavar="FILE", help="a .defplan scenario file, or a workbook the planner exported")
    p.add_argument("--horizon", type=int, metavar="YEAR", help="last projected year (2026..2060; default: the scenario's)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="defence-planner",
        description="Defence Spending Planner: what NATO's spending targets cost each ally, year by year. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"defence-planner {__version__}")
    parser.add_argument("--screenshot", metavar="PATH", help="render the main window offscreen at 1440x900 to PATH (PNG) and exit")
    parser.add_argument("--tab", metavar="NAME", help="with --screenshot: the tab to show")
    parser.add_argument("--preset", metavar="NAME", dest="window_preset", help="the window's starting scenario (default hague-2035)")
    parser.add_argument("--smoke-test", action="store_true", help="check that the installed app works end to end, then exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("compute", help="compute a scenario and print the table (or JSON)", description="Compute a scenario for all allies.")
    _scenario_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
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
    p.set_defaults(func=cmd_export)
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

    return run(preset=args.window_preset, screenshot=args.screenshot, tab=args.tab, open_file=args.open_file)


def _split_open_file(argv: list[str]) -> tuple[list[str], str | None]:
    """A bare file path (a double-clicked .defplan or spreadsheet) opens in the window."""
    if not argv or any(a in COMMANDS for a in argv):
        return argv, None
    last = argv[-1]
    takes_value = len(argv) > 1 and argv[-2] in ("--preset", "--tab", "--screenshot")
    if last.startswith("-") or takes_value:
        return argv, None
    if os.path.exists(last) or last.lower().endswith(OPENABLE):
        return argv[:-1], last
    return argv, None


def main(argv=None) -> int:
    parser = build_parser()
    argv, open_file = _split_open_file(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    args.open_file = open_file
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
    sys.exit(main())
