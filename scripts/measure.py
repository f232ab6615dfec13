#!/usr/bin/env python3
"""Measure the wizard beside dialog, in one run, against the budget in BENCHMARKS.md.

  scripts/measure.py [--runs N] [--keys N] [--before BIN]
      One run, programs taking turns: dialog's ten-field form (the peer), then the
      wizard's profile (a new draft) and questionnaire (the example draft).
      - first paint, CPU per key and peak RSS: scripts/tui_latency.py (in this folder)
        runs each program in a pseudo-terminal of 100x30 and types 36 characters,
        N runs after a warm-up; the medians are kept;
      - instructions per key: valgrind --tool=callgrind in tmux, counted from the first
        frame to 1.5 s after the last of --keys letters, free of the machine's noise:
        the program's own thread (the budget: what a key costs before the next is
        read), and every thread (with the autosave the typing started, which the
        wizard writes on a thread of its own).
      Then the budget: instructions per key <= 1.5x dialog's, CPU per key <= 1.4x,
      first paint <= 1.1x, peak RSS <= 10 MiB. With --before BIN (an earlier build),
      the same rows for it too (its example draft: --before-example FILE).
  scripts/measure.py idle [--seconds S]
      the wizard left alone: CPU used and bytes written while idle (nothing is drawn).

Needs: python3 with pyte (pip install pyte), dialog, tmux and valgrind (installed with
apt-get when missing and run as root). Build first: cargo build --release.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "scripts", "tui_latency.py")
BIN = os.environ.get("CLEC_WIZARD_BIN", os.path.join(ROOT, "target", "release", "clec-wizard"))
EXAMPLE = os.path.join(ROOT, "saves", "example.ron")
# The peer: dialog's form of ten fields, the first labelled like the profile's first field.
FIELDS = ["Legal name", "Doing business as", "Entity type", "State of formation", "EIN",
          "Business type", "Web site", "Main phone", "Street", "City"]
DIALOG = ["dialog", "--title", "Company profile", "--form", "Company facts", "20", "70", "10"]
for i, label in enumerate(FIELDS, 1):
    DIALOG += [label, str(i), "1", "", str(i), "24", "40", "80"]
TYPED = "abcdefghijklmnopqrstuvwxyz0123456789"
# (figure, most allowed: a ratio to dialog's, or MiB for memory)
BUDGET = {"instructions": 1.5, "cpu": 1.4, "first_paint": 1.1, "rss_mib": 10.0}


def ensure_tools() -> None:
    """dialog, tmux and valgrind (apt-get installs what is missing), and pyte."""
    missing = [p for tool, p in (("dialog", "dialog"), ("tmux", "tmux"), ("valgrind", "valgrind"))
               if shutil.which(tool) is None]
    if missing:
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            sys.exit(f"install {' '.join(missing)} first")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env,
                          capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, check=True)
    if subprocess.run([sys.executable, "-c", "import pyte"], capture_output=True).returncode:
        sys.exit("scripts/tui_latency.py needs pyte: pip install pyte")
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: cargo build --release first (or set CLEC_WIZARD_BIN)")


def programs(tmp: str, before: str | None, before_example: str | None):
    """(label, text to wait for, quit key, argv) of each program measured."""
    rows = [("dialog --form", "Legal name", "\\x1b", DIALOG)]
    builds = [("", BIN, EXAMPLE)]
    if before:
        builds.append(("before: ", before, before_example or EXAMPLE))
    for n, (prefix, binary, example) in enumerate(builds):
        saves = os.path.join(tmp, f"saves{n}")
        os.makedirs(saves, exist_ok=True)
        shutil.copy(example, os.path.join(saves, "example.ron"))
        shutil.copy(example, os.path.join(tmp, f"example{n}.ron"))
        rows += [
            (f"{prefix}clec-wizard profile", "Legal name", "\\x11",
             [binary, "--saves", saves, "open", "lat", "--form", "profile"]),
            (f"{prefix}clec-wizard questionnaire", "Years in business", "\\x11",
             [binary, "--saves", saves, "open", "example", "--form", "questionnaire"]),
        ]
    return rows


def fresh_drafts(tmp: str) -> None:
    """Removes the new draft `lat` (and its lock and backup) and puts the example back as
    it was (with no side files), so every run types into the same field, empty or as the
    example has it."""
    for saves in [d for d in os.listdir(tmp) if d.startswith("saves")]:
        for f in os.listdir(os.path.join(tmp, saves)):
            if f.startswith(("lat", ".lat", ".example.", "example.ron.")):
                os.remove(os.path.join(tmp, saves, f))
        shutil.copy(os.path.join(tmp, "example" + saves[len("saves"):] + ".ron"),
                    os.path.join(tmp, saves, "example.ron"))


def harness_run(label: str, expect: str, quit_key: str, argv: list[str]) -> dict:
    cmd = [sys.executable, HARNESS, "--cols", "100", "--rows", "30", "--type", TYPED,
           "--runs", "1", "--warmup", "0", "--expect", expect, "--quit", quit_key, "--"] + argv
    out = subprocess.run(cmd, capture_output=True, text=True)
    runs = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    run = next((r for r in runs if r.get("type") == "run"), None)
    if run is None or not run.get("ok"):
        sys.exit(f"{label}: the run failed\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return run


def latency(rows, tmp: str, runs: int) -> dict[str, dict]:
    """Medians of first paint, CPU per key and peak RSS per program; the programs take
    turns, so a busy moment of the machine falls on all of them, each round starting one
    program later (a program run just after dialog starts slower, by 1-2 ms, whichever it
    is); round 0 warms up."""
    samples: dict[str, list[dict]] = {label: [] for label, *_ in rows}
    for n in range(runs + 1):
        turn = n % len(rows)
        for label, expect, quit_key, argv in rows[turn:] + rows[:turn]:
            fresh_drafts(tmp)
            run = harness_run(label, expect, quit_key, argv)
            if n > 0:
                samples[label].append(run)
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    return {label: {"first_paint": med(rs, "startup_ms"), "cpu": med(rs, "cpu_ms_per_key"),
                    "rss_mib": med(rs, "peak_rss_mb"), "bytes": med(rs, "bytes_per_key_mean")}
            for label, rs in samples.items()}


def tmux(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", "clec-measure", *args], capture_output=True, text=True)


def wait_screen(text: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if text in tmux("capture-pane", "-p", "-t", "m").stdout:
            return
        time.sleep(0.2)
    tmux("kill-server")
    sys.exit(f"never showed {text!r}")


def callgrind_keys(argv: list[str], expect: str, quit_keys: list[str], keys: int, out: str) -> list[int]:
    """Instructions of the keys alone, per thread (the first is the program's own): the
    counts are zeroed once the first frame is up, `keys` letters typed 0.1 s apart, and
    dumped 1.5 s after the last (the autosave it starts is in the dump)."""
    command = " ".join(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                        f"--callgrind-out-file={out}"] + [f"'{a}'" for a in argv])
    tmux("kill-server")
    tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", command)
    wait_screen(expect)
    time.sleep(1.0)
    subprocess.run(["callgrind_control", "-z"], capture_output=True, check=True)
    for c in TYPED[:keys]:
        tmux("send-keys", "-t", "m", "-l", c)
        time.sleep(0.1)
    time.sleep(1.5)
    subprocess.run(["callgrind_control", "-d"], capture_output=True, check=True)
    tmux("send-keys", "-t", "m", *quit_keys)
    end = time.time() + 60
    while tmux("has-session", "-t", "m").returncode == 0 and time.time() < end:
        time.sleep(0.2)
    tmux("kill-server")
    dumps = sorted(f for f in os.listdir(os.path.dirname(out))
                   if f.startswith(os.path.basename(out) + ".1-"))
    totals = []
    for dump in dumps:
        text = subprocess.run(["callgrind_annotate", os.path.join(os.path.dirname(out), dump)],
                              capture_output=True, text=True).stdout
        totals += [int(line.split()[0].replace(",", "")) for line in text.splitlines()
                   if "PROGRAM TOTALS" in line]
    if not totals:
        sys.exit(f"no dump of the keys in {out}")
    return totals


def instructions(rows, tmp: str, keys: int) -> dict[str, tuple[float, float]]:
    """Instructions per key of each program (callgrind): the program's own thread (what a
    key costs before the next one is read), and every thread (with the autosave the
    typing started, which the wizard does on a thread of its own)."""
    per_key = {}
    for label, expect, quit_key, argv in rows:
        quit_keys = ["Escape"] if quit_key == "\\x1b" else ["C-q"]
        fresh_drafts(tmp)
        totals = callgrind_keys(argv, expect, quit_keys, keys, os.path.join(tmp, f"cg-{len(per_key)}"))
        per_key[label] = (totals[0] / keys, sum(totals) / keys)
    return per_key


def report(lat: dict[str, dict], ins: dict[str, float]) -> bool:
    """The table, ratios to dialog, and whether every wizard row is within budget."""
    peer = "dialog --form"
    base = dict(lat[peer], instructions=ins[peer][0])
    print("\n100x30, 36 keys typed; ratio to dialog in brackets; * over budget")
    print("| program | instructions per key | with the autosave | CPU ms per key | first paint ms | peak RSS MiB | bytes per key |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for label, figures in lat.items():
        figures = dict(figures, instructions=ins[label][0])
        cells = []
        for key, fmt in (("instructions", "{:.0f} k"), ("cpu", "{:.3f}"), ("first_paint", "{:.1f}")):
            ratio = figures[key] / base[key] if base[key] else 0.0
            value = figures[key] / 1e3 if key == "instructions" else figures[key]
            over = label != peer and ratio > BUDGET[key]
            ok &= not over or label.startswith("before")
            cells.append(fmt.format(value) + f" ({ratio:.2f}x){' *' if over else ''}")
            if key == "instructions":
                every = ins[label][1]
                cells.append(f"{every / 1e3:.0f} k ({every / base[key]:.2f}x)")
        over = label != peer and figures["rss_mib"] > BUDGET["rss_mib"]
        ok &= not over or label.startswith("before")
        cells.append(f"{figures['rss_mib']:.1f}{' *' if over else ''}")
        cells.append(f"{figures['bytes']:.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\nbudget: instructions <= {BUDGET['instructions']}x, CPU <= {BUDGET['cpu']}x, "
          f"first paint <= {BUDGET['first_paint']}x, peak RSS <= {BUDGET['rss_mib']:.0f} MiB: "
          + ("within" if ok else "OVER"))
    return ok


def measure(args) -> None:
    ensure_tools()
    with tempfile.TemporaryDirectory() as tmp:
        rows = programs(tmp, args.before, args.before_example)
        lat = latency(rows, tmp, args.runs)
        ins = instructions(rows, tmp, args.keys)
    sys.exit(0 if report(lat, ins) else 1)


def idle(args) -> None:
    """Starts the questionnaire in tmux, waits, and reads /proc for CPU and bytes written."""
    ensure_tools()
    with tempfile.TemporaryDirectory() as tmp:
        label, expect, _, argv = programs(tmp, None, None)[2]
        tmux("kill-server")
        tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", " ".join(f"'{a}'" for a in argv))
        wait_screen(expect)
        pid = tmux("list-panes", "-t", "m", "-F", "#{pane_pid}").stdout.strip()

        def cpu() -> float:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        def writes() -> int:
            for line in open(f"/proc/{pid}/io"):
                if line.startswith("wchar"):
                    return int(line.split()[1])
            return 0
        time.sleep(1.5)  # the first autosave and its redraw settle
        c0, w0 = cpu(), writes()
        time.sleep(args.seconds)
        c1, w1 = cpu(), writes()
        tmux("send-keys", "-t", "m", "C-q")
        time.sleep(0.5)
        tmux("kill-server")
        print(f"{label}, idle {args.seconds} s: CPU {1000 * (c1 - c0):.0f} ms, bytes written {w1 - w0}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--before", help="an earlier build of the wizard, measured beside")
    parser.add_argument("--before-example", help="the example draft the earlier build reads")
    sub = parser.add_subparsers(dest="what")
    p = sub.add_parser("idle")
    p.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    (idle if args.what == "idle" else measure)(args)


if __name__ == "__main__":
    main()
