#!/usr/bin/env python3
"""Measure the wizard beside dialog, in one run, and print the ratios.

  scripts/measure.py latency [--runs N] [--sizes 100x30,200x60]
      ../shared/tools/tui_latency.py on dialog's ten-field form, Textual's (when
      installed), and the wizard's profile (new draft) and questionnaire (example
      draft); one table per size.
  scripts/measure.py instructions [--keys N]
      valgrind --tool=callgrind in tmux: each program run twice (no key, then N letters,
      the same waits), the difference of the totals divided by N is one key's cost.
  scripts/measure.py idle [--seconds S]
      the wizard left alone: frames drawn (bytes written) and CPU used while idle.
  scripts/measure.py hot-functions
      the functions a few keyboard sessions run (callgrind), added to
      link/hot-functions.txt, which build.rs gives the linker to lay them out together
      (run after changes to the wizard's code, then rebuild).

Needs: pyte (pip), dialog, tmux, valgrind. Build first: cargo build --release.
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
HARNESS = os.path.join(ROOT, "..", "shared", "tools", "tui_latency.py")
BIN = os.environ.get("CLEC_WIZARD_BIN", os.path.join(ROOT, "target", "release", "clec-wizard"))
# The peer: dialog's form of ten fields, the first labelled like the profile's first field.
FIELDS = ["Legal name", "Doing business as", "Entity type", "State of formation", "EIN",
          "Business type", "Web site", "Main phone", "Street", "City"]
DIALOG = ["dialog", "--title", "Company profile", "--form", "Company facts", "20", "70", "10"]
for i, label in enumerate(FIELDS, 1):
    DIALOG += [label, str(i), "1", "", str(i), "24", "40", "80"]
TYPED = "abcdefghijklmnopqrstuvwxyz0123456789"


def programs(tmp: str) -> list[tuple[str, str, str, list[str]]]:
    """(label, text to wait for, quit key, argv) of each program measured. With
    CLEC_WIZARD_BEFORE=BIN (and CLEC_WIZARD_BEFORE_EXAMPLE=FILE, the example draft that
    binary reads), the same rows for an earlier build too."""
    rows = [("dialog --form", "Legal name", "\\x1b", DIALOG)]
    # The Python peer, when Textual is installed (pip install textual).
    textual = os.path.join(ROOT, "..", "shared", "tools", "peer_textual_form.py")
    if os.path.exists(textual) and subprocess.run([sys.executable, "-c", "import textual"],
                                                  capture_output=True).returncode == 0:
        rows.append(("Textual form", "Company name", "\\x1b", [sys.executable, textual]))
    builds = [("", BIN, os.path.join(ROOT, "saves", "example.ron"))]
    if os.environ.get("CLEC_WIZARD_BEFORE"):
        builds.append(("before: ", os.environ["CLEC_WIZARD_BEFORE"],
                       os.environ.get("CLEC_WIZARD_BEFORE_EXAMPLE", builds[0][2])))
    for n, (prefix, binary, example) in enumerate(builds):
        saves = os.path.join(tmp, f"saves{n}")
        os.makedirs(saves, exist_ok=True)
        shutil.copy(example, os.path.join(saves, "example.ron"))
        rows += [
            (f"{prefix}clec-wizard profile", "Legal name", "\\x11",
             [binary, "--saves", saves, "open", "lat", "--form", "profile"]),
            (f"{prefix}clec-wizard questionnaire", "Years in business", "\\x11",
             [binary, "--saves", saves, "open", "example", "--form", "questionnaire"]),
        ]
    return rows


def harness_run(label: str, expect: str, quit_key: str, argv: list[str], cols: str, rows: str) -> dict:
    """One run of tui_latency.py (a fresh draft folder each time, so every run types into
    an empty field)."""
    cmd = [sys.executable, HARNESS, "--cols", cols, "--rows", rows, "--type", TYPED,
           "--runs", "1", "--warmup", "0", "--expect", expect, "--quit", quit_key, "--"] + argv
    out = subprocess.run(cmd, capture_output=True, text=True)
    runs = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    run = next((r for r in runs if r.get("type") == "run"), None)
    if run is None or not run.get("ok"):
        sys.exit(f"{label}: the run failed\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return run


def percentile(samples: list[float], p: float) -> float:
    samples = sorted(samples)
    k = (len(samples) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(samples) - 1)
    return samples[lo] + (samples[hi] - samples[lo]) * (k - lo)


def latency(args) -> None:
    for size in args.sizes.split(","):
        cols, rows = size.split("x")
        runs: dict[str, list[dict]] = {}
        for n in range(args.runs + 1):
            # Programs take turns, so a busy moment of the machine falls on all of them.
            with tempfile.TemporaryDirectory() as tmp:
                for label, expect, quit_key, argv in programs(tmp):
                    run = harness_run(label, expect, quit_key, argv, cols, rows)
                    if n > 0:  # the first round warms the caches up
                        runs.setdefault(label, []).append(run)
        results = []
        for label, rs in runs.items():
            keys = [k for r in rs for k in r["key_samples_ms"]]
            med = lambda f: statistics.median(f(r) for r in rs)
            results.append((label, {
                "startup_ms": med(lambda r: r["startup_ms"]),
                "key_ms_pooled": {"p50": percentile(keys, 0.5), "p99": percentile(keys, 0.99)},
                "cpu_ms_per_key": med(lambda r: r["cpu_ms_per_key"]),
                "bytes_per_key_mean": med(lambda r: r["bytes_per_key_mean"]),
                "peak_rss_mb": med(lambda r: r["peak_rss_mb"]),
            }))
        table(size, results)


def table(size: str, results) -> None:
    base = results[0][1]
    print(f"\n{size}: figure (ratio to {results[0][0]})")
    print("| program | first paint ms | key p50 ms | key p99 ms | CPU ms/key | bytes/key | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for label, s in results:
        figures = [
            s["startup_ms"], s["key_ms_pooled"]["p50"], s["key_ms_pooled"]["p99"],
            s["cpu_ms_per_key"], s["bytes_per_key_mean"], s["peak_rss_mb"],
        ]
        bases = [
            base["startup_ms"], base["key_ms_pooled"]["p50"], base["key_ms_pooled"]["p99"],
            base["cpu_ms_per_key"], base["bytes_per_key_mean"], base["peak_rss_mb"],
        ]
        cells = [f"{f:.3g} ({f / b:.2f}x)" if b else f"{f:.3g}" for f, b in zip(figures, bases)]
        print(f"| {label} | " + " | ".join(cells) + " |")


def tmux(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", "clec-measure", *args], capture_output=True, text=True)


def wait_screen(text: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if text in tmux("capture-pane", "-p", "-t", "m").stdout:
            return
        time.sleep(0.2)
    sys.exit(f"never showed {text!r}")


def callgrind_total(argv: list[str], expect: str, quit_keys: list[str], keys: int, out: str) -> int:
    command = " ".join(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + [f"'{a}'" for a in argv])
    tmux("kill-server")
    tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", command)
    wait_screen(expect)
    time.sleep(1.0)
    for c in TYPED[:keys]:
        tmux("send-keys", "-t", "m", "-l", c)
        time.sleep(0.1)
    time.sleep(1.0)
    tmux("send-keys", "-t", "m", *quit_keys)
    end = time.time() + 60
    while tmux("has-session", "-t", "m").returncode == 0 and time.time() < end:
        time.sleep(0.2)
    tmux("kill-server")
    text = subprocess.run(["callgrind_annotate", out], capture_output=True, text=True).stdout
    for line in text.splitlines():
        if "PROGRAM TOTALS" in line:
            return int(line.split()[0].replace(",", ""))
    sys.exit(f"no totals in {out}")


def instructions(args) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, expect, quit_key, argv in programs(tmp):
            if label.startswith("Textual"):
                continue  # Python under valgrind: minutes per run, and not the comparison
            quit_keys = ["Escape"] if quit_key == "\\x1b" else ["C-q"]
            counts = []
            for n in (0, args.keys):
                # A fresh draft each time, so both runs start alike.
                for saves in [d for d in os.listdir(tmp) if d.startswith("saves")]:
                    for f in os.listdir(os.path.join(tmp, saves)):
                        if f.startswith("lat") or f.startswith(".lat"):
                            os.remove(os.path.join(tmp, saves, f))
                counts.append(callgrind_total(argv, expect, quit_keys, n, os.path.join(tmp, f"cg-{n}.out")))
            rows.append((label, counts[0], (counts[1] - counts[0]) / args.keys))
    base = rows[0][2]
    print("| program | instructions to start and quit | per key | ratio to dialog |")
    print("|---|---|---|---|")
    for label, start, per_key in rows:
        print(f"| {label} | {start / 1e6:.1f} M | {per_key / 1e3:.0f} k | {per_key / base:.2f}x |")


def idle(args) -> None:
    # Idle: start in tmux, wait, read /proc for CPU and count the bytes tmux receives.
    with tempfile.TemporaryDirectory() as tmp:
        label, expect, _, argv = programs(tmp)[1]
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
        print(f"idle {args.seconds} s: CPU {1000 * (c1 - c0):.0f} ms, bytes written {w1 - w0}")


# Sessions whose functions make the hot list: (form opened, draft, text to wait for, keys).
HOT_SESSIONS = [
    ("questionnaire", "example", "Years in business",
     ["abcdef", "Tab", "Tab", "Tab", "12", "Tab", "C-r", "Escape", "F1", "Escape", "Escape",
      "d", "Escape", "Down", "Up", "C-q"]),
    ("profile", "lat", "Legal name",
     ["Acme Fiber", "Tab", "x", "Tab", "Escape", "Escape", "Down", "Up", "C-q"]),
]


def hot_functions(args) -> None:
    """Every function the release binary runs in a few keyboard sessions (callgrind,
    mangled names), added to link/hot-functions.txt: build.rs lays them out together."""
    path = os.path.join(ROOT, "link", "hot-functions.txt")
    names = set(open(path).read().split()) if os.path.exists(path) else set()
    before = len(names)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(ROOT, "saves", "example.ron"), os.path.join(tmp, "example.ron"))
        for n, (form, draft, expect, keys) in enumerate(HOT_SESSIONS):
            out = os.path.join(tmp, f"cg-{n}.out")
            argv = [BIN, "--saves", tmp, "open", draft, "--form", form]
            command = " ".join(["valgrind", "--tool=callgrind", "--demangle=no",
                                f"--callgrind-out-file={out}"] + [f"'{a}'" for a in argv])
            tmux("kill-server")
            tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", command)
            wait_screen(expect)
            for key in keys:
                tmux("send-keys", "-t", "m", key)
                time.sleep(1.0)
            end = time.time() + 60
            while tmux("has-session", "-t", "m").returncode == 0 and time.time() < end:
                time.sleep(0.2)
            tmux("kill-server")
            for line in open(out):
                if line.startswith(("fn=(", "cfn=(")) and ") " in line:
                    name = line.split(") ", 1)[1].strip()
                    if name.startswith(("_ZN", "_R")):
                        names.add(name)
    with open(path, "w") as f:
        f.write("\n".join(sorted(names)) + "\n")
    print(f"{path}: {before} -> {len(names)} functions; rebuild with cargo build --release")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("latency")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--sizes", default="100x30,200x60")
    p = sub.add_parser("instructions")
    p.add_argument("--keys", type=int, default=20)
    p = sub.add_parser("idle")
    p.add_argument("--seconds", type=float, default=5)
    sub.add_parser("hot-functions")
    args = parser.parse_args()
    {"latency": latency, "instructions": instructions, "idle": idle,
     "hot-functions": hot_functions}[args.what](args)


if __name__ == "__main__":
    main()
