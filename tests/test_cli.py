"""The command line as scripts call it: output shapes, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from desktop import __version__
from desktop.core.scenario_file import write_scenario
from desktop.core.scenario import Scenario, Target

from .conftest import ROOT


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, **kw)


def test_compute_json_has_the_contract_keys():
    out = run("compute", "--preset", "hague-2035", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    years = data["years"]
    assert years[0] == 2025 and years[-1] == 2040
    assert len(data["allies"]) == 32
    gbr = data["allies"]["GBR"]
    for key in ("name", "share_gdp_pct", "spend_usd_m", "extra_usd_m", "related_usd_m", "spend_nc_m", "currency"):
        assert key in gbr
    assert gbr["currency"] == "GBP" and gbr["periods"][2] == "2027/28"
    assert all(len(gbr[k]) == len(years) for k in ("share_gdp_pct", "spend_usd_m", "extra_usd_m", "related_usd_m", "spend_nc_m"))
    assert data["allies"]["ISL"]["spend_usd_m"] == [None] * len(years)
    assert set(data["aggregates"]) == {"NATO", "EUROPE_CANADA", "USA"}
    eq = data["equalise"]["2035"]
    for key in ("share_parity_pct", "absolute_parity_pct", "per_capita_parity_pct", "share_parity_extra_usd_m"):
        assert isinstance(eq[key], float)
    assert gbr["share_gdp_pct"][years.index(2035)] == pytest.approx(3.5)
    assert "baseline" in data["related_baseline_note"]


def test_compute_table_is_aligned_with_units():
    out = run("compute", "--preset", "uk-plan")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    header = next(l for l in lines if l.startswith("Ally"))
    assert "% GDP" in header and "US$ m" in header
    assert any(l.startswith("United Kingdom") and "GBP" in l for l in lines)
    assert "Equalising the US" in out.stdout


def test_compute_from_a_scenario_file_and_horizon(tmp_path):
    path = tmp_path / "mine.defplan"
    write_scenario(Scenario("Mine", target=Target(core_pct=3.0, target_year=2030)), path)
    out = run("compute", "--scenario", str(path), "--json", "--horizon", "2060")
    data = json.loads(out.stdout)
    assert data["scenario"] == "Mine" and data["years"][-1] == 2060


@pytest.mark.parametrize(
    "args,message",
    [
        (["compute", "--preset", "nope"], "unknown preset 'nope'"),
        (["compute"], "one of the arguments --preset --scenario is required"),
        (["compute", "--scenario", "/nonexistent/x.defplan"], "no such file"),
        (["compute", "--preset", "hague-2035", "--horizon", "2100"], "horizon must be between"),
        (["compute", "--preset", "hague-2035", "--horizon", "soon"], "invalid int value"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    out = run(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_a_corrupt_scenario_file_is_refused(tmp_path):
    path = tmp_path / "bad.defplan"
    path.write_text('{"format": "defence-planner-scenario", "schema_version": 1, "name": 5}')
    out = run("compute", "--scenario", str(path))
    assert out.returncode == 2 and "key 'name' must be a non-empty string" in out.stderr


def test_version_presets_and_help():
    assert run("--version").stdout.strip() == f"defence-planner {__version__}"
    presets = run("presets").stdout
    for key in ("status-quo", "nato-2pct", "uk-plan", "hague-2035", "us-5pct", "equalise-us"):
        assert key in presets
    for command in ("compute", "presets", "import", "export"):
        out = run(command, "--help")
        assert out.returncode == 0 and "usage:" in out.stdout


def test_a_bare_file_path_opens_in_the_window_and_commands_still_parse(tmp_path):
    from desktop.cli import _split_open_file

    plan = tmp_path / "plan.defplan"
    assert _split_open_file([str(plan)]) == ([], str(plan))
    assert _split_open_file(["--preset", "uk-plan", "budget.xlsx"]) == (["--preset", "uk-plan"], "budget.xlsx")
    assert _split_open_file(["import", "budget.xlsx"]) == (["import", "budget.xlsx"], None)
    assert _split_open_file(["frobnicate"]) == (["frobnicate"], None)


def test_no_display_is_a_plain_message_not_a_qt_abort():
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = run(env=env)
    assert out.returncode == 2
    assert "no display" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_a_full_disk_on_output_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "desktop", "compute", "--preset", "uk-plan", "--json"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip() == "defence-planner: cannot write the output: No space left on device"


def test_budget_lines_are_reported_in_json_and_text(tmp_path):
    from desktop.core.scenario import BudgetLine

    path = tmp_path / "lines.defplan"
    write_scenario(Scenario("Lines", target=Target(core_pct=3.0, target_year=2030), budget_lines=(BudgetLine("Drones", "GBR", "GBP", ((2030, 900.0),), "mod.xlsx"),)), path)
    data = json.loads(run("compute", "--scenario", str(path), "--json").stdout)
    (line,) = data["budget_lines"]
    assert line["label"] == "Drones" and line["years"] == [2030] and line["amounts_m"] == [900.0]
    extra_nc = data["allies"]["GBR"]["extra_nc_m"][data["years"].index(2030)]
    assert line["share_of_extra_pct"][0] == pytest.approx(900.0 / extra_nc * 100, rel=1e-4)
    text = run("compute", "--scenario", str(path)).stdout
    assert "United Kingdom 2030/31  Drones: 900.0 GBP" in text


_TEARDOWN_PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('teardown ran', file=sys.stderr))\n"
    "from desktop.cli import run\n"
    "sys.argv = ['defence-planner', *sys.argv[1:]]\n"
    "sys.exit(run())\n"
)


def _buffered_env():
    """The environment with block-buffered output, so that the last output is written by the final flush."""
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_the_import_command_ends_without_teardown_and_with_its_whole_output(tmp_path):
    import contextlib
    import io

    from desktop.cli import main

    path = tmp_path / "lines.csv"
    path.write_text("Line,2024,2025\n" + "".join(f"Budget line {n},{n},{n * 2}\n" for n in range(20_000)))
    expected = io.StringIO()
    with contextlib.redirect_stdout(expected):
        assert main(["import", str(path), "--format", "csv"]) == 0
    out = subprocess.run([sys.executable, "-c", _TEARDOWN_PROBE, "import", str(path), "--format", "csv"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, env=_buffered_env())
    assert out.returncode == 0
    assert "teardown ran" not in out.stderr
    assert out.stdout == expected.getvalue() and out.stdout.count("\n") > 40_000


def test_a_failing_command_still_ends_with_its_exit_status_and_message(tmp_path):
    out = subprocess.run([sys.executable, "-c", _TEARDOWN_PROBE, "import", str(tmp_path / "missing.xlsx")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, env=_buffered_env())
    assert out.returncode == 2
    assert out.stderr.strip() == "defence-planner: missing.xlsx: no such file"


def test_a_full_disk_found_by_the_last_flush_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "desktop", "presets"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                             text=True, timeout=60, env=_buffered_env())
    assert out.returncode == 2
    assert out.stderr.strip() == "defence-planner: cannot write the output: No space left on device"


def test_a_reader_that_stops_early_ends_the_import_quietly(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text("Line,2024,2025\n" + "".join(f"Budget line {n},{n},{n * 2}\n" for n in range(20_000)))
    child = subprocess.Popen([sys.executable, "-m", "desktop", "import", str(path), "--json"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_buffered_env())
    assert child.stdout.read(100).startswith(b'{"file": ')
    child.stdout.close()
    assert child.wait(timeout=60) == 0
    assert child.stderr.read() == b""


_ALLOCATOR_PROBE = """
import os, sys
from desktop import cli
calls = []
cli._keep_freed_memory = lambda real=cli._keep_freed_memory: calls.append(real()) or calls[-1]
real_exit = os._exit
os._exit = lambda code: (sys.stderr.write(f"kept {calls}\\n"), sys.stderr.flush(), real_exit(code))
sys.argv = ["defence-planner", *sys.argv[1:]]
cli.run()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_one_shot_import_keeps_freed_memory_and_other_commands_and_callers_do_not(tmp_path):
    from desktop import cli

    path = tmp_path / "lines.csv"
    path.write_text("Line,2024,2025\n" + "".join(f"Budget line {n},{n},{n * 2}\n" for n in range(200)))
    imported = subprocess.run([sys.executable, "-c", _ALLOCATOR_PROBE, "import", str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
    assert imported.returncode == 0 and "kept [True]" in imported.stderr  # glibc took both settings
    assert imported.stdout.startswith(str(path))
    listed = subprocess.run([sys.executable, "-c", _ALLOCATOR_PROBE, "presets"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and "kept []" in listed.stderr
    called = []
    original = cli._keep_freed_memory
    try:
        cli._keep_freed_memory = lambda: called.append(1)
        assert cli.main(["presets"]) == 0 and called == []  # a caller of main() keeps its own allocator
    finally:
        cli._keep_freed_memory = original
