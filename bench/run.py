#!/usr/bin/env python3
"""The benchmark harness behind `make bench` (bench/README.md).

Runs each benchmark in the emulator (`ia32emu run --stats`), natively and
under qemu-i386, best of --runs wall-clock times each, checks the three
print the same output, and prints and writes (DIR/results.csv) per
benchmark: retired guest instructions, guest MIPS, ns per system call where
it applies, peak RSS, and the emulator's time relative to native and qemu.
"""
import argparse
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# name, kind, full size, quick size, system calls per repetition. Sizes
# are repetition counts (argv[1]); full sizes give ~1e9 guest instructions
# for the CPU-bound set.
BENCHES = [
    ("sieve", "cpu", 60, 1, 0),
    ("crc32", "cpu", 2000, 20, 0),
    ("quicksort", "cpu", 80, 1, 0),
    ("matmul", "cpu", 550, 6, 0),
    ("sha256", "cpu", 750, 8, 0),
    ("bytecode", "cpu", 400, 4, 0),
    ("wcount", "cpu", 12000, 120, 0),           # ld -N: code and data share pages
    ("mixed", "cpu", 5300, 53, 0),              # lists, 16-bit matrices, a state machine, CRC-16
    ("bcrypt", "cpu", 200, 2, 0),               # Debian's libxcrypt: code nobody here tuned for
    ("getpid", "syscall", 2000000, 20000, 1),
    ("pipe", "syscall", 200000, 2000, 2),       # write + read of 64 bytes
    ("forkwait", "process", 2000, 50, 3),       # fork, the child's exit, wait
    ("hello", "startup", 1, 1, 0),
    ("dmatmul", "fpu", 2500, 25, 0),            # double precision, x87 (not in the CPU mean)
]

# Not timed under qemu-i386 (its column shows "-").
QEMU_SKIP = {"wcount"}

COLUMNS = ["benchmark", "kind", "size", "guest_insns", "emu_s", "guest_mips", "cpu_mips",
           "ns_per_syscall", "emu_rss_kib", "native_s", "native_rss_kib",
           "qemu_s", "qemu_rss_kib", "emu_vs_native", "emu_vs_qemu",
           "ir_per_insn", "ir_per_call"]

MEASURE = None  # DIR/measure, built from bench/host/measure.c
STATS_RE = re.compile(r"ia32emu: stats: (\d+) instructions, ([0-9.]+) s")


def run_once(argv):
    """Runs argv once through bench/host/measure (wall time and this child's
    own peak RSS); returns (wall seconds, peak RSS KiB, stdout, stderr, status)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as res:
        p = subprocess.run([MEASURE, res.name] + argv, stdin=subprocess.DEVNULL,
                           stdout=out, stderr=err)
        if p.returncode != 0:
            raise RuntimeError("measure failed (%d) for %s" % (p.returncode, argv[0]))
        ns, kib, status, cpu_ns = (int(x) for x in res.read().split())
        out.seek(0)
        err.seek(0)
        return ns / 1e9, kib, out.read(), err.read(), status, cpu_ns / 1e9


def measure(argv, runs):
    """Best wall time of `runs` runs, the largest peak RSS, the best run's
    output and the least CPU time."""
    best = None
    rss = 0
    cpu = None
    for _ in range(runs):
        wall, kib, out, err, status, cpu_s = run_once(argv)
        cpu = cpu_s if cpu is None else min(cpu, cpu_s)
        if status != 0:
            raise RuntimeError("%s exited with %d: %s" %
                               (" ".join(argv), status, err.decode(errors="replace")))
        rss = max(rss, kib)
        if best is None or wall < best[0]:
            best = (wall, out, err)
    return best[0], rss, best[1], best[2], cpu


COLLECTED_RE = re.compile(r"Collected : (\d+)")


def callgrind(emu, prog, args):
    """Host instructions (callgrind's Ir) of one `ia32emu run --stats` and the
    guest instructions it retired: (ir, insns)."""
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + os.path.join(d, "cg"),
                            emu, "run", "--stats", prog] + args,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    err = p.stderr.decode(errors="replace")
    m, s = COLLECTED_RE.search(err), STATS_RE.search(err)
    if p.returncode != 0 or not m or not s:
        raise RuntimeError("callgrind run failed (%d)" % p.returncode)
    return int(m.group(1)), int(s.group(1))


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emu", required=True)
    ap.add_argument("--dir", required=True, help="build/bench: emu/, native/, results")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--no-qemu", action="store_true")
    ap.add_argument("--ir", action="store_true",
                    help="also count host instructions per guest instruction (callgrind)")
    a = ap.parse_args()

    global MEASURE
    MEASURE = os.path.join(a.dir, "measure")
    only = set(filter(None, a.only.split(",")))
    qemu = None if a.no_qemu else shutil.which("qemu-i386")
    rows = []
    failed = 0
    if a.ir and not shutil.which("valgrind"):
        print("--ir needs valgrind (make bench-deps installs it)")
        return 2
    hdr = "%-10s %8s %14s %9s %8s %8s %9s %9s %9s %9s %9s %8s %9s" % (
        "benchmark", "size", "guest insns", "emu s", "MIPS", "cpuMIPS", "ns/call", "RSS KiB",
        "native s", "x native", "x qemu", "Ir/insn", "Ir/call")
    print(hdr)
    for name, kind, full, quick, calls in BENCHES:
        if only and name not in only:
            continue
        size = quick if a.quick else full
        emu_prog = os.path.join(a.dir, "emu", name)
        nat_prog = os.path.join(a.dir, "native", name)
        args = [str(size)] if kind != "startup" else []
        if not os.path.exists(emu_prog):
            # bcrypt: `make bench` builds it from Debian's libxcrypt-source.
            print("%-10s FAILED: %s is not built (make bench builds it)" % (name, emu_prog))
            failed += 1
            continue
        try:
            emu_s, emu_rss, emu_out, emu_err, emu_cpu = measure(
                [a.emu, "run", "--stats", emu_prog] + args, a.runs)
            m = STATS_RE.search(emu_err.decode(errors="replace"))
            if not m:
                raise RuntimeError("no --stats line from the emulator")
            insns, loop_s = int(m.group(1)), float(m.group(2))
            nat_s, nat_rss, nat_out, _, _ = measure([nat_prog] + args, a.runs)
            q_s = q_rss = None
            # qemu-i386 retranslates its code on every store into those pages:
            # at the full size it ran for more than 19 minutes (2026-12-03).
            if qemu and name not in QEMU_SKIP:
                q_s, q_rss, q_out, _, _ = measure([qemu, nat_prog] + args, a.runs)
                if q_out != nat_out:
                    raise RuntimeError("qemu-i386 output differs from native")
            if emu_out != nat_out:
                raise RuntimeError("emulator output differs from native: %r vs %r" %
                                   (emu_out[:80], nat_out[:80]))
            ir_insn = ir_call = None
            if a.ir:
                # At the quick size: callgrind runs some 50 times slower.
                qargs = [str(quick)] if kind != "startup" else []
                ir, ir_insns = callgrind(a.emu, emu_prog, qargs)
                ir_insn = ir / ir_insns if ir_insns else None
                if kind in ("cpu", "fpu"):
                    # Per instruction of the work itself: the difference from
                    # a run of twice the size, so start-up and exit (some 1.8
                    # million host instructions) are not counted.
                    ir2, insns2 = callgrind(a.emu, emu_prog, [str(2 * quick)])
                    if insns2 > ir_insns:
                        ir_insn = (ir2 - ir) / (insns2 - ir_insns)
                if calls:
                    # Per call: the difference from a run of twice the size,
                    # so start-up and exit are not counted.
                    ir2, _ = callgrind(a.emu, emu_prog, [str(2 * quick)])
                    ir_call = (ir2 - ir) / (quick * calls)
        except (RuntimeError, OSError) as e:
            print("%-10s FAILED: %s" % (name, e))
            failed += 1
            continue
        mips = insns / loop_s / 1e6 if loop_s > 0 else None
        ns_call = loop_s * 1e9 / (size * calls) if calls else None
        row = {
            "benchmark": name, "kind": kind, "size": size, "guest_insns": insns,
            "emu_s": "%.6f" % emu_s, "guest_mips": fmt(mips, ".1f"),
            "cpu_mips": fmt(insns / emu_cpu / 1e6 if emu_cpu > 0 else None, ".1f"),
            "ns_per_syscall": fmt(ns_call, ".1f"), "emu_rss_kib": emu_rss,
            "native_s": "%.6f" % nat_s, "native_rss_kib": nat_rss,
            "qemu_s": fmt(q_s, ".6f"), "qemu_rss_kib": q_rss if q_rss else "-",
            "emu_vs_native": "%.2f" % (emu_s / nat_s) if nat_s > 0 else "-",
            "emu_vs_qemu": "%.2f" % (emu_s / q_s) if q_s else "-",
            "ir_per_insn": fmt(ir_insn, ".1f"), "ir_per_call": fmt(ir_call, ".0f"),
        }
        rows.append(row)
        print("%-10s %8d %14d %9.4f %8s %8s %9s %9d %9.4f %9s %9s %8s %9s" % (
            name, size, insns, emu_s, row["guest_mips"], row["cpu_mips"], row["ns_per_syscall"],
            emu_rss,
            nat_s, row["emu_vs_native"], row["emu_vs_qemu"], row["ir_per_insn"],
            row["ir_per_call"]))
        sys.stdout.flush()

    def geomean(col):
        v = [float(r[col]) for r in rows if r["kind"] == "cpu" and r[col] != "-"]
        return math.exp(sum(math.log(x) for x in v) / len(v)) if v else None
    if geomean("guest_mips"):
        print("geometric mean over the CPU-bound set: %.1f guest MIPS (wall), %.1f (CPU time)" %
              (geomean("guest_mips"), geomean("cpu_mips")))
    if geomean("ir_per_insn"):
        print("geometric mean over the CPU-bound set: %.1f host instructions per guest"
              " instruction (callgrind)" % geomean("ir_per_insn"))
    print("emu s: whole process, best of %d; MIPS and ns/call: the interpreter loop"
          " (--stats, wall clock); cpuMIPS: over the process's user+system time (less"
          " sensitive to a loaded machine); x native, x qemu: emulator time / their time"
          "; Ir/insn, Ir/call: callgrind's host instructions per guest instruction and per"
          " system call (the difference between runs at the quick size and at twice it, for the"
          " CPU-bound and FPU rows and per call; other rows: whole process at the quick size)"
          % a.runs)
    os.makedirs(a.dir, exist_ok=True)
    path = os.path.join(a.dir, "results.csv")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print("wrote %s" % path)
    print("%d passed, %d failed" % (len(rows), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
