#!/usr/bin/env python3
"""make bench: zvm against ocamlrun on the same OCaml programs.

Run through tests/bench/run.sh (which checks the tools first):

    tests/bench/run.sh ZVM_BINARY

Every program of tests/bench is compiled twice by the same ocamlc 4.13:
to a bytecode executable run by `ocamlrun`, and to a `-dinstr` listing
assembled by `zvm asm` and run by `zvm run`. Both runs must print the same
output (a checksum): the harness compares every run's output and fails
loudly when they differ. Timed runs alternate between the two VMs.

Then the unloading costs: the load experiment (examples/unload/churn.ml on
zvm, Dynlink.loadfile_private of the same plugin on ocamlrun), the
CLOSUREDYN overhead (closures.ml pinned against collectable), and an SVG
plot of peak RSS against the number of loads.

Environment (all optional):
  BENCH_RUNS=5          timed runs of each program on each VM
  BENCH_CALLGRIND=1     0: skip the callgrind instruction counts
  BENCH_FILTER=REGEX    only the benchmarks whose name matches (re.search);
                        the unloading parts are named `unload` and `closuredyn`
  BENCH_LOADS=1000000   loads on the zvm side of the load experiment
  BENCH_OCAML_LOADS=100000  loads on the ocamlrun side
  BENCH_QUICK=1         time the small (callgrind) sizes; 20,000 loads
  BENCH_OUT=build/bench where results.tsv, runs.tsv and the work files go
  BENCH_SVG=docs/img/rss_vs_loads.svg  the plot (its data: same name, .tsv)
  BENCH_TIMEOUT=600     seconds allowed for any one run
"""

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# name, kind, timed size, callgrind size, what it exercises.
# Timed sizes run about 1-1.4 s on ocamlrun (on the machine of docs/bench.md);
# callgrind sizes do about 1/20 of that work (300M-1G instructions).
BENCHMARKS = [
    ("fib", "compute", 38, 32, "naive Fibonacci: calls, returns, integer arithmetic"),
    ("tak", "compute", 1500, 80, "Takeuchi's function, repeated: deep non-tail recursion"),
    ("nqueens", "compute", 12, 10, "all solutions of N queens, backtracking over lists"),
    ("closures", "compute", 3000000, 150000,
     "closures, partial and over-application, composition, let rec closures"),
    ("lists", "alloc", 400, 20, "build, map, filter, append, reverse, fold, merge sort"),
    ("binary_trees", "alloc", 17, 13, "binary trees of the benchmarks game: allocation, GC"),
    ("nbody", "compute", 500000, 25000, "n-body: float records, boxed float arithmetic, sqrt"),
    ("spectral_norm", "compute", 800, 180, "spectral norm: float arrays, float arithmetic"),
    ("strings", "compute", 300000, 15000,
     "integer formatting/parsing, concatenation, byte access, blits, comparisons"),
    ("exceptions", "compute", 6000000, 300000,
     "raise/catch at several depths, re-raise, raise_notrace"),
]

TARGET_COMPUTE = 1.0     # each compute benchmark: zvm/ocamlrun time ratio
TARGET_GEOMEAN = 0.85    # geometric mean over the compute benchmarks
TARGET_ALLOC = 1.2       # allocation-heavy benchmarks: time ratio
TARGET_ALLOC_RSS = 1.5   # allocation-heavy benchmarks: peak RSS ratio
TARGET_CLOSUREDYN = 1.02  # collectable/pinned instruction-count ratio
TARGET_LOAD_SPEEDUP = 20.0  # zvm loads/s over ocamlrun's
TARGET_RETAINED = 1.0    # bytes retained per load, strictly under


def env_int(name, default):
    v = os.environ.get(name, "")
    if v == "":
        return default
    try:
        return int(v)
    except ValueError:
        die(f"{name}={v!r} is not an integer")


def die(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(2)


# ---- Running programs ----------------------------------------------------------

# Both VMs get the same small, fixed environment: no OCAMLRUNPARAM, no
# ZVM_RUNPARAM, no ZVM_GC_STRESS: default settings on both sides.
RUN_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}


class Result:
    def __init__(self, status, cpu, wall, maxrss_kb, out, err):
        self.status, self.cpu, self.wall, self.maxrss_kb = status, cpu, wall, maxrss_kb
        self.out, self.err = out, err


MEASURE = None   # the tests/bench/measure.c helper, built by build_measure()


def build_measure(out_dir):
    global MEASURE
    MEASURE = os.path.join(out_dir, "measure")
    cc = os.environ.get("CC") or "cc"
    sh([cc, "-O2", "-std=c11", "-Wall", "-Wextra", "-o", MEASURE,
        os.path.join(HERE, "measure.c")], out_dir, "compiling tests/bench/measure.c")


def run(argv, cwd, tag, timeout):
    """Run argv in cwd (through the measure helper), stdout and stderr to
    files; return its status ("timeout" or the exit status, 128+N for a
    signal), CPU time (user + system), wall time, peak RSS (KB) and output."""
    out_path = os.path.join(cwd, f"{tag}.out")
    err_path = os.path.join(cwd, f"{tag}.err")
    rep_path = os.path.join(cwd, f"{tag}.rusage")
    fa = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    if os.path.exists(rep_path):
        os.remove(rep_path)
    old_cwd = os.getcwd()
    os.chdir(cwd)
    try:
        pid = os.posix_spawnp(MEASURE, [MEASURE, rep_path, str(int(timeout))] + argv, RUN_ENV,
                              file_actions=fa)
    finally:
        os.chdir(old_cwd)
    _, wstatus, _ = os.wait4(pid, 0)
    with open(out_path, "rb") as f:
        out = f.read()
    with open(err_path, "rb") as f:
        err = f.read()
    try:
        with open(rep_path) as f:
            kv = dict(x.split("=") for x in f.read().split())
    except OSError:
        die(f"the measure helper failed (exit status {os.waitstatus_to_exitcode(wstatus)}) "
            f"running {' '.join(argv)}: {err.decode(errors='replace')[-300:]}")
    status = int(kv["status"])
    return Result("timeout" if status == -1 else status,
                  float(kv["user_s"]) + float(kv["sys_s"]), float(kv["wall_s"]),
                  int(kv["maxrss_kb"]), out, err)


def callgrind(argv, cwd, tag, timeout):
    """Instructions executed by argv (valgrind --tool=callgrind), whole
    process; returns (count, Result)."""
    cg_out = os.path.join(cwd, f"{tag}.callgrind")
    r = run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg_out}"] + argv,
            cwd, tag, timeout)
    count = None
    try:
        with open(cg_out) as f:
            for line in f:
                m = re.match(r"(summary|totals):\s*(\d+)", line)
                if m:
                    count = int(m.group(2))
                    break
        os.remove(cg_out)
    except OSError:
        pass
    return count, r


def sh(argv, cwd, what):
    """A build step: must succeed and print nothing (a warning would land in
    a -dinstr listing)."""
    p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        die(f"{what} failed: {' '.join(argv)}")
    return p


# ---- Statistics and formatting ---------------------------------------------------

def med(xs):
    return statistics.median(xs) if xs else None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def fmt_int(x):
    return "-" if x is None else f"{int(round(x)):,}"


def fmt_range(xs):
    if not xs:
        return "-"
    return f"{med(xs):.3f} [{min(xs):.3f}-{max(xs):.3f}]"


# ---- The benchmark suite ------------------------------------------------------

class Bench:
    def __init__(self, name, kind, size, cg_size, desc):
        self.name, self.kind, self.size, self.cg_size, self.desc = name, kind, size, cg_size, desc
        self.ref_cpu, self.zvm_cpu, self.ref_wall, self.zvm_wall = [], [], [], []
        self.ref_rss, self.zvm_rss = [], []
        self.ref_instr = self.zvm_instr = None
        self.problems = []


def compile_program(work, zvm, name, src_dir=HERE, bytecode=True):
    """prog.byte (ocamlc, for ocamlrun) and prog.zbc (ocamlc -dinstr, zvm asm)."""
    shutil.copy(os.path.join(src_dir, f"{name}.ml"), work)
    if bytecode:
        sh(["ocamlc", "-nopervasives", "-w", "-a", f"{name}.ml", "-o", f"{name}.byte"],
           work, f"ocamlc {name}.ml")
    with open(os.path.join(work, f"{name}.zs"), "w") as listing:
        p = subprocess.run(["ocamlc", "-nopervasives", "-w", "-a", "-dinstr", "-c", f"{name}.ml"],
                           cwd=work, stderr=listing)
    if p.returncode != 0:
        with open(os.path.join(work, f"{name}.zs")) as f:
            sys.stderr.write(f.read())
        die(f"ocamlc -dinstr {name}.ml failed")
    sh([zvm, "asm", f"{name}.zs", "-o", f"{name}.zbc"], work, f"zvm asm {name}.zs")


def describe_difference(a, b, label_a, label_b):
    import difflib
    la = a.decode(errors="replace").splitlines()
    lb = b.decode(errors="replace").splitlines()
    d = list(difflib.unified_diff(la, lb, label_a, label_b, lineterm="", n=1))
    return "\n".join("    " + x for x in d[:20])


def check_run(b, r, vm, reference, size):
    """A run must exit 0 and print the reference output."""
    if r.status == "timeout":
        b.problems.append(f"{vm} timed out (size {size})")
        return False
    if r.status != 0:
        err = r.err.decode(errors="replace").strip().splitlines()
        b.problems.append(f"{vm} exited with status {r.status} (size {size})"
                          + (f": {err[-1]}" if err else ""))
        return False
    if reference is not None and r.out != reference:
        b.problems.append(f"OUTPUT DIFFERS: {vm} vs the reference, size {size}\n"
                          + describe_difference(reference, r.out, "ocamlrun", vm))
        return False
    return True


def run_benchmark(b, work, zvm, runs, use_cg, quick, timeout, raw):
    size = b.cg_size if quick else b.size
    ref_cmd = ["ocamlrun", f"{b.name}.byte"]
    zvm_cmd = [zvm, "run", f"{b.name}.zbc"]

    # Check at the small size first (it also warms the caches): the two
    # outputs must agree.
    r0 = run(ref_cmd + [str(b.cg_size)], work, f"{b.name}.check.ocamlrun", timeout)
    if not check_run(b, r0, "ocamlrun", None, b.cg_size):
        return
    small_ref = r0.out
    z0 = run(zvm_cmd + [str(b.cg_size)], work, f"{b.name}.check.zvm", timeout)
    if not check_run(b, z0, "zvm", small_ref, b.cg_size):
        return

    reference = None
    for i in range(runs):
        # ABBA order: neither VM always runs first (round 0 starts with
        # ocamlrun, whose output is the reference for every later run).
        order = [("ocamlrun", ref_cmd), ("zvm", zvm_cmd)]
        if i % 2:
            order.reverse()
        for vm, cmd in order:
            r = run(cmd + [str(size)], work, f"{b.name}.{vm}", timeout)
            if not check_run(b, r, vm, reference, size):
                return
            if reference is None:
                reference = r.out
            if vm == "ocamlrun":
                b.ref_cpu.append(r.cpu); b.ref_wall.append(r.wall); b.ref_rss.append(r.maxrss_kb)
            else:
                b.zvm_cpu.append(r.cpu); b.zvm_wall.append(r.wall); b.zvm_rss.append(r.maxrss_kb)
            raw.append((b.name, vm, size, i + 1, r.cpu, r.wall, r.maxrss_kb))

    if use_cg:
        n, r = callgrind(ref_cmd + [str(b.cg_size)], work, f"{b.name}.cg.ocamlrun", timeout * 4)
        if check_run(b, r, "ocamlrun under callgrind", small_ref, b.cg_size):
            b.ref_instr = n
        n, r = callgrind(zvm_cmd + [str(b.cg_size)], work, f"{b.name}.cg.zvm", timeout * 4)
        if check_run(b, r, "zvm under callgrind", small_ref, b.cg_size):
            b.zvm_instr = n


# ---- The load experiment ---------------------------------------------------------

def parse_kv(text, key):
    m = re.search(rf"^{re.escape(key)}:?\s*(-?[0-9.]+)\s*$", text, re.M)
    return float(m.group(1)) if m else None


def load_experiment(work, zvm, zvm_loads, ocaml_loads, timeout, problems):
    """Returns a dict of measurements, and the samples for the plot."""
    d = os.path.join(work, "unload")
    os.makedirs(d, exist_ok=True)
    ex = os.path.join(ROOT, "examples", "unload")
    # zvm: churn.zbc loads plugin.zbc.
    compile_program(d, zvm, "plugin", src_dir=ex, bytecode=False)
    compile_program(d, zvm, "churn", src_dir=ex, bytecode=False)
    # ocamlrun: the same plugin.ml to a .cmo, loaded by Dynlink.
    sh(["ocamlc", "-nopervasives", "-w", "-a", "-c", "plugin.ml"], d, "ocamlc -c plugin.ml")
    shutil.copy(os.path.join(HERE, "dl_loader.ml"), d)
    sh(["ocamlc", "-w", "-a", "dynlink.cma", "dl_loader.ml", "-o", "dl_loader.byte"], d,
       "ocamlc dynlink.cma dl_loader.ml")

    res = {"zvm_samples": [], "ocaml_samples": []}

    # zvm: one process per sample (peak RSS of the whole run, --stats).
    points = sorted({n for n in (0, 1000, 3000, 10000, 30000, 100000, 300000, 1000000)
                     if n <= zvm_loads} | {10000, zvm_loads})
    live0 = None
    for n in points:
        reps = 3 if n <= 10000 else 1   # cheap ones: median of 3 (RSS varies ~0.2 MB)
        rss, rates = [], []
        for _ in range(reps):
            r = run([zvm, "run", "--stats", "churn.zbc", str(n), "plugin.zbc"], d,
                    f"churn{n}", timeout)
            if r.status != 0:
                problems.append(f"unload: zvm churn {n} exited with {r.status}: "
                                + r.err.decode(errors='replace')[-300:])
                return None
            out, err = r.out.decode(), r.err.decode()
            rss.append(r.maxrss_kb)
            rate = parse_kv(out, "loads per second")
            if rate is not None:
                rates.append(rate)
            live = parse_kv(out, "segments live after a full collection")
            if live0 is None:
                live0 = live
            elif live != live0:
                problems.append(f"unload: after {n} loads {live} segments live, {live0} after "
                                f"{points[0]}: loaded code is not all freed")
        res["zvm_samples"].append((n, med(rss)))
        res.setdefault("zvm_heap", {})[n] = (parse_kv(err, "heap_words_peak"),
                                             parse_kv(err, "global_slots_peak"))
        if n == zvm_loads:
            res["zvm_rate"] = med(rates)
            res["zvm_rss_end"] = med(rss)
            res["zvm_cpu"] = r.cpu
        if n == 10000:
            res["zvm_rss_10k"] = med(rss)
            res["zvm_rate_10k"] = med(rates)
    res["zvm_loads"] = zvm_loads
    if zvm_loads > 10000:
        res["zvm_retained"] = ((res["zvm_rss_end"] - res["zvm_rss_10k"]) * 1024
                               / (zvm_loads - 10000))

    # ocamlrun: one process, checkpoints inside it.
    cps = sorted({n for n in (0, 1000, 2000, 5000, 10000, 20000, 50000, 100000)
                  if n <= ocaml_loads} | {10000, ocaml_loads})
    r = run(["ocamlrun", "dl_loader.byte", "plugin.cmo"] + [str(n) for n in cps], d,
            "dl_loader", timeout)
    if r.status != 0:
        problems.append(f"unload: ocamlrun dl_loader exited with {r.status}: "
                        + r.err.decode(errors='replace')[-300:])
        return res
    cp = {}
    for line in r.out.decode().splitlines():
        kv = dict(x.split("=") for x in line.split())
        cp[int(kv["loads"])] = (float(kv["cpu_s"]), int(kv["hwm_kb"]), int(kv["rss_kb"]))
    res["ocaml_samples"] = [(n, cp[n][1]) for n in cps]
    res["ocaml_loads"] = ocaml_loads
    res["ocaml_rate_10k"] = 10000 / cp[10000][0] if cp[10000][0] > 0 else None
    res["ocaml_rate"] = ocaml_loads / cp[ocaml_loads][0] if cp[ocaml_loads][0] > 0 else None
    # The rate over the last stretch (it slows down as loads accumulate).
    prev = max(n for n in cps if n < ocaml_loads)
    dt = cp[ocaml_loads][0] - cp[prev][0]
    res["ocaml_rate_last"] = (ocaml_loads - prev) / dt if dt > 0 else None
    res["ocaml_rate_last_from"] = prev
    if ocaml_loads > 10000:
        res["ocaml_retained"] = ((cp[ocaml_loads][1] - cp[10000][1]) * 1024
                                 / (ocaml_loads - 10000))
    res["ocaml_rss_end"] = cp[ocaml_loads][1]
    return res


# ---- CLOSUREDYN ------------------------------------------------------------------

def closuredyn(work, zvm, size, cg_size, runs, use_cg, timeout, problems, raw):
    d = os.path.join(work, "closuredyn")
    os.makedirs(d, exist_ok=True)
    compile_program(d, zvm, "closures", bytecode=False)
    compile_program(d, zvm, "cdyn_host", bytecode=False)
    pinned = [zvm, "run", "closures.zbc"]
    coll = [zvm, "run", "cdyn_host.zbc"]
    res = {"pinned_cpu": [], "coll_cpu": [], "size": size, "cg_size": cg_size}
    reference = None
    for i in range(runs):
        order = [("pinned", pinned), ("collectable", coll)]
        if i % 2:
            order.reverse()
        for kind, cmd in order:
            r = run(cmd + [str(size)], d, f"cdyn.{kind}", timeout)
            if r.status != 0:
                problems.append(f"closuredyn: {kind} run exited with {r.status}: "
                                + r.err.decode(errors='replace')[-300:])
                return None
            if reference is None:
                reference = r.out
            elif r.out != reference:
                problems.append("closuredyn: OUTPUT DIFFERS between pinned and collectable\n"
                                + describe_difference(reference, r.out, "first run", kind))
                return None
            res["pinned_cpu" if kind == "pinned" else "coll_cpu"].append(r.cpu)
            raw.append(("closuredyn", f"zvm {kind}", size, i + 1, r.cpu, r.wall, r.maxrss_kb))
    if use_cg:
        # Whole-run counts minus the same run with 0 iterations (start-up,
        # loading): what remains is the work itself.
        counts = {}
        for kind, cmd in (("pinned", pinned), ("collectable", coll)):
            for n in (0, cg_size):
                c, r = callgrind(cmd + [str(n)], d, f"cdyn.cg.{kind}.{n}", timeout * 4)
                if r.status != 0 or c is None:
                    problems.append(f"closuredyn: callgrind of the {kind} run failed")
                    return res
                counts[(kind, n)] = c
        res["pinned_instr"] = counts[("pinned", cg_size)] - counts[("pinned", 0)]
        res["coll_instr"] = counts[("collectable", cg_size)] - counts[("collectable", 0)]
        res["instr_ratio"] = ratio(res["coll_instr"], res["pinned_instr"])
    res["time_ratio"] = ratio(med(res["coll_cpu"]), med(res["pinned_cpu"]))
    return res


# ---- The plot -------------------------------------------------------------------

def write_plot(svg_path, res):
    """Peak RSS against the number of loads, log-log, as a standalone SVG."""
    zs = [(n, kb) for n, kb in res["zvm_samples"] if n >= 1000 and kb]
    os_ = [(n, kb) for n, kb in res["ocaml_samples"] if n >= 1000 and kb]
    if not zs or not os_:
        return False
    xmax_n = max(res["zvm_loads"], res["ocaml_loads"])
    extra = []
    if res.get("ocaml_retained") is not None and xmax_n > res["ocaml_loads"]:
        last_n, last_kb = os_[-1]
        extra = [(last_n, last_kb),
                 (xmax_n, last_kb + res["ocaml_retained"] * (xmax_n - last_n) / 1024)]
    W, H = 720, 500
    L, R, T, B = 80, 30, 50, 110
    pw, ph = W - L - R, H - T - B
    x0, x1 = 3.0, math.ceil(math.log10(xmax_n) - 1e-9)  # 10^3 .. 10^6
    all_mb = [kb / 1024 for _, kb in zs + os_ + extra]
    y0 = math.floor(math.log10(min(all_mb)))
    y1 = math.ceil(math.log10(max(all_mb)))

    def px(n):
        return L + (math.log10(n) - x0) / (x1 - x0) * pw

    def py(kb):
        return T + ph - (math.log10(kb / 1024) - y0) / (y1 - y0) * ph

    def path(pts):
        return " ".join(f"{'M' if i == 0 else 'L'}{px(n):.1f},{py(kb):.1f}"
                        for i, (n, kb) in enumerate(pts))

    def human(n):
        return f"{n // 1000000}M" if n >= 1000000 else (f"{n // 1000}k" if n >= 1000 else str(n))

    def mb(v):
        return f"{v:,.0f} MB" if v >= 1 else f"{v:g} MB"

    o = []
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
             f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">')
    o.append(f'<rect width="{W}" height="{H}" fill="white"/>')
    o.append(f'<text x="{W / 2}" y="24" text-anchor="middle" font-size="15">'
             'Peak resident memory against loads of the same plugin (log-log)</text>')
    for e in range(int(x0), int(x1) + 1):
        x = px(10 ** e)
        o.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{T + ph}" stroke="#ddd"/>')
        o.append(f'<text x="{x:.1f}" y="{T + ph + 18}" text-anchor="middle">{human(10 ** e)}</text>')
    for e in range(int(y0), int(y1) + 1):
        y = T + ph - (e - y0) / (y1 - y0) * ph
        o.append(f'<line x1="{L}" y1="{y:.1f}" x2="{L + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        o.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{mb(10 ** e)}</text>')
    o.append(f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    o.append(f'<text x="{L + pw / 2}" y="{T + ph + 38}" text-anchor="middle">'
             'loads (Dynlink.loadfile_private / zvm_dynlink_loadfile_private)</text>')
    o.append(f'<text x="18" y="{T + ph / 2}" text-anchor="middle" '
             f'transform="rotate(-90 18 {T + ph / 2})">peak RSS</text>')
    red, blue = "#c0392b", "#1f5fa8"
    o.append(f'<path d="{path(os_)}" fill="none" stroke="{red}" stroke-width="2"/>')
    if extra:
        o.append(f'<path d="{path(extra)}" fill="none" stroke="{red}" stroke-width="1.5" '
                 'stroke-dasharray="6,4"/>')
        n, kb = extra[-1]
        o.append(f'<text x="{px(n) - 6:.1f}" y="{py(kb) + 16:.1f}" text-anchor="end" fill="{red}">'
                 f'extrapolated: {kb / 1024:,.0f} MB</text>')
    o.append(f'<path d="{path(zs)}" fill="none" stroke="{blue}" stroke-width="2"/>')
    for pts, c in ((os_, red), (zs, blue)):
        for n, kb in pts:
            o.append(f'<circle cx="{px(n):.1f}" cy="{py(kb):.1f}" r="3.5" fill="{c}"/>')
    n, kb = os_[-1]
    o.append(f'<text x="{px(n) + 8:.1f}" y="{py(kb) + 4:.1f}" fill="{red}">'
             f'{kb / 1024:,.0f} MB</text>')
    n, kb = zs[-1]
    o.append(f'<text x="{px(n) - 6:.1f}" y="{py(kb) - 8:.1f}" text-anchor="end" fill="{blue}">'
             f'{kb / 1024:,.1f} MB</text>')
    lx, ly = L, T + ph + 66
    o.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{red}" stroke-width="2"/>')
    o.append(f'<text x="{lx + 30}" y="{ly + 4}">ocamlrun 4.13, Dynlink.loadfile_private '
             f'(measured to {human(res["ocaml_loads"])}, then extrapolated)</text>')
    ly += 20
    o.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{blue}" stroke-width="2"/>')
    o.append(f'<text x="{lx + 30}" y="{ly + 4}">zvm, loadfile_private, loaded code freed by the GC '
             f'(churn.ml)</text>')
    o.append('</svg>')
    os.makedirs(os.path.dirname(svg_path), exist_ok=True)
    with open(svg_path, "w") as f:
        f.write("\n".join(o) + "\n")
    data = os.path.splitext(svg_path)[0] + ".tsv"
    with open(data, "w") as f:
        f.write("# peak RSS (KB) against loads of examples/unload/plugin.ml; written by make bench\n")
        f.write("vm\tloads\tpeak_rss_kb\tkind\n")
        for n, kb in res["ocaml_samples"]:
            f.write(f"ocamlrun\t{n}\t{kb}\tmeasured\n")
        if extra:
            f.write(f"ocamlrun\t{extra[-1][0]}\t{extra[-1][1]:.0f}\textrapolated\n")
        for n, kb in res["zvm_samples"]:
            f.write(f"zvm\t{n}\t{kb:.0f}\tmeasured\n")
    return True


def git_state():
    """The commit the tree is at, and whether it has uncommitted changes
    (read-only git commands)."""
    try:
        head = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %cs"],
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True).stdout
        return f"commit {head}" + (" + uncommitted changes" if dirty.strip() else "") \
            if head else "(not a git tree)"
    except OSError:
        return "(git not available)"


# ---- Main -----------------------------------------------------------------------

def main():
    if len(sys.argv) != 2:
        die("usage: bench.py ZVM_BINARY")
    zvm = os.path.abspath(sys.argv[1])
    if not os.access(zvm, os.X_OK):
        die(f"{zvm} is not executable")
    runs = env_int("BENCH_RUNS", 5)
    use_cg = env_int("BENCH_CALLGRIND", 1) != 0
    quick = env_int("BENCH_QUICK", 0) != 0
    zvm_loads = env_int("BENCH_LOADS", 20000 if quick else 1000000)
    ocaml_loads = env_int("BENCH_OCAML_LOADS", 20000 if quick else 100000)
    timeout = env_int("BENCH_TIMEOUT", 600)
    flt = os.environ.get("BENCH_FILTER", "")
    out_dir = os.path.abspath(os.environ.get("BENCH_OUT") or os.path.join(ROOT, "build", "bench"))
    svg = os.environ.get("BENCH_SVG") or os.path.join(ROOT, "docs", "img", "rss_vs_loads.svg")
    if runs < 1:
        die("BENCH_RUNS must be at least 1")
    if zvm_loads < 10000 or ocaml_loads < 10000:
        die("BENCH_LOADS and BENCH_OCAML_LOADS must be at least 10000")
    try:
        sel = re.compile(flt)
    except re.error as e:
        die(f"BENCH_FILTER={flt!r}: {e}")

    def wanted(name):
        return sel.search(name) is not None

    names = [b[0] for b in BENCHMARKS] + ["closuredyn", "unload"]
    if not any(wanted(n) for n in names):
        die(f"BENCH_FILTER={flt!r} matches nothing; the names are: {' '.join(names)}")

    work = os.path.join(out_dir, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    build_measure(out_dir)

    t_start = time.time()
    ncpu = os.cpu_count()
    load0 = os.getloadavg()[0]
    print(f"make bench: zvm {zvm} against ocamlrun ({shutil.which('ocamlrun')}, "
          f"{subprocess.run(['ocamlc', '-version'], capture_output=True, text=True).stdout.strip()})")
    print(f"source tree: {git_state()}")
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {ncpu} CPUs, load average {load0:.2f}; "
          f"{runs} alternating runs each{', QUICK sizes' if quick else ''}; "
          f"times are CPU seconds (user+sys)")
    if load0 > 0.5:
        print(f"note: the machine is busy (load average {load0:.2f}): times are noisy; "
              "the instruction counts are not.")
    sys.stdout.flush()

    benches = [Bench(*b) for b in BENCHMARKS if wanted(b[0])]
    raw = []
    problems = []
    for b in benches:
        print(f"  {b.name} ...", end="", flush=True)
        t = time.time()
        compile_program(work, zvm, b.name)
        run_benchmark(b, work, zvm, runs, use_cg, quick, timeout, raw)
        print(f" {time.time() - t:.0f}s" + ("  FAILED" if b.problems else ""), flush=True)
        for p in b.problems:
            problems.append(f"{b.name}: {p}")

    cdyn = None
    if wanted("closuredyn"):
        print("  closuredyn ...", end="", flush=True)
        t = time.time()
        bsz = dict((x[0], x) for x in BENCHMARKS)["closures"]
        cdyn = closuredyn(work, zvm, bsz[3] if quick else bsz[2], bsz[3], runs, use_cg, timeout,
                          problems, raw)
        print(f" {time.time() - t:.0f}s", flush=True)
    unload = None
    if wanted("unload"):
        print("  unload ...", end="", flush=True)
        t = time.time()
        unload = load_experiment(work, zvm, zvm_loads, ocaml_loads, timeout, problems)
        print(f" {time.time() - t:.0f}s", flush=True)

    # ---- The table ----
    rows = []     # for the TSV
    misses = []
    hdr = (f"{'benchmark':<15} {'size':>8}  {'ocamlrun s: median [min-max]':<27} "
           f"{'zvm s: median [min-max]':<27} {'time':>6} {'instr':>6} {'cg size':>8} "
           f"{'rss':>5}  {'target':<22} result")
    if benches:
        print()
        print(hdr)
        print("-" * len(hdr))
    compute_ratios, all_ratios = [], []
    for b in benches:
        size = b.cg_size if quick else b.size
        tr = ratio(med(b.zvm_cpu), med(b.ref_cpu))
        ir = ratio(b.zvm_instr, b.ref_instr)
        rr = ratio(med(b.zvm_rss), med(b.ref_rss))
        if b.kind == "alloc":
            target = f"time<={TARGET_ALLOC} rss<={TARGET_ALLOC_RSS}"
            ok = tr is not None and tr <= TARGET_ALLOC and rr is not None and rr <= TARGET_ALLOC_RSS
        else:
            target = f"time<={TARGET_COMPUTE}"
            ok = tr is not None and tr <= TARGET_COMPUTE
        if b.problems:
            result = "FAIL"
        else:
            result = "pass" if ok else "MISS"
            if b.kind == "compute":
                compute_ratios.append(tr)
            all_ratios.append(tr)
        if result == "MISS":
            why = []
            if tr is not None and tr > (TARGET_ALLOC if b.kind == "alloc" else TARGET_COMPUTE):
                why.append(f"time ratio {tr:.3f}")
            if b.kind == "alloc" and rr is not None and rr > TARGET_ALLOC_RSS:
                why.append(f"RSS ratio {rr:.2f}")
            misses.append(f"{b.name}: {', '.join(why)} (target {target})")
        print(f"{b.name:<15} {size:>8}  {fmt_range(b.ref_cpu):<27} {fmt_range(b.zvm_cpu):<27} "
              f"{fmt(tr, 3):>6} {fmt(ir, 3):>6} {b.cg_size if use_cg else '-':>8} {fmt(rr):>5}  "
              f"{target:<22} {result}")
        rows.append(dict(section="compute" if b.kind == "compute" else "alloc", name=b.name,
                         unit="cpu_s", size=size, ref="ocamlrun", subject="zvm",
                         ref_median=med(b.ref_cpu), ref_min=min(b.ref_cpu, default=None),
                         ref_max=max(b.ref_cpu, default=None), subject_median=med(b.zvm_cpu),
                         subject_min=min(b.zvm_cpu, default=None),
                         subject_max=max(b.zvm_cpu, default=None), ratio=tr,
                         cg_size=b.cg_size if use_cg else None, ref_instr=b.ref_instr,
                         subject_instr=b.zvm_instr, instr_ratio=ir, ref_rss_kb=med(b.ref_rss),
                         subject_rss_kb=med(b.zvm_rss), rss_ratio=rr, target=target,
                         result=result))
    if benches:
        print("-" * len(hdr))
        gm = geomean(compute_ratios)
        if compute_ratios:
            ok = gm <= TARGET_GEOMEAN and len(compute_ratios) == sum(
                1 for b in benches if b.kind == "compute")
            res = "pass" if ok else "MISS"
            if not ok:
                misses.append(f"geometric mean (compute): {gm:.3f} (target <= {TARGET_GEOMEAN})")
            gi = geomean([ratio(b.zvm_instr, b.ref_instr) for b in benches
                          if b.kind == "compute" and not b.problems])
            print(f"{'geomean compute':<15} {'':>8}  {'':<27} {'':<27} {fmt(gm, 3):>6} {fmt(gi, 3):>6} "
                  f"{'':>8} {'':>5}  {'geomean<=' + str(TARGET_GEOMEAN):<22} {res}")
            rows.append(dict(section="summary", name="geomean_compute", unit="ratio", ratio=gm,
                             instr_ratio=gi, target=f"<={TARGET_GEOMEAN}", result=res))
        ga = geomean(all_ratios)
        gia = geomean([ratio(b.zvm_instr, b.ref_instr) for b in benches if not b.problems])
        print(f"{'geomean all':<15} {'':>8}  {'':<27} {'':<27} {fmt(ga, 3):>6} {fmt(gia, 3):>6} "
              f"{'':>8} {'':>5}  {'(information)':<22}")
        rows.append(dict(section="summary", name="geomean_all", unit="ratio", ratio=ga,
                         instr_ratio=gia, target="", result=""))
        print("time = zvm/ocamlrun ratio of the median CPU times; instr = zvm/ocamlrun ratio of "
              "callgrind instruction counts (whole process, at the smaller 'cg size'); "
              "rss = ratio of the median peak RSS.")

    if cdyn or unload:
        print()
        h2 = f"{'unloading costs':<46} {'reference':>16} {'zvm':>16} {'ratio':>8}  {'target':<10} result"
        print(h2)
        print("-" * len(h2))
    if cdyn:
        ir = cdyn.get("instr_ratio")
        res = "-" if ir is None else ("pass" if ir <= TARGET_CLOSUREDYN else "MISS")
        if res == "MISS":
            misses.append(f"CLOSUREDYN instruction ratio {ir:.4f} (target <= {TARGET_CLOSUREDYN})")
        print(f"{'CLOSUREDYN: instructions, pinned vs collectable':<46} "
              f"{fmt_int(cdyn.get('pinned_instr')):>16} {fmt_int(cdyn.get('coll_instr')):>16} "
              f"{fmt(ir, 4):>8}  {'<=' + str(TARGET_CLOSUREDYN):<10} {res}")
        rows.append(dict(section="closuredyn", name="closuredyn_instr", unit="instructions",
                         size=cdyn["cg_size"], ref="zvm pinned", subject="zvm collectable",
                         ref_median=cdyn.get("pinned_instr"), subject_median=cdyn.get("coll_instr"),
                         ratio=ir, target=f"<={TARGET_CLOSUREDYN}", result=res))
        print(f"{'CLOSUREDYN: CPU s, pinned vs collectable':<46} "
              f"{fmt(med(cdyn['pinned_cpu']), 3):>16} {fmt(med(cdyn['coll_cpu']), 3):>16} "
              f"{fmt(cdyn['time_ratio'], 4):>8}  {'(info)':<10}")
        rows.append(dict(section="closuredyn", name="closuredyn_time", unit="cpu_s",
                         size=cdyn["size"], ref="zvm pinned", subject="zvm collectable",
                         ref_median=med(cdyn["pinned_cpu"]), ref_min=min(cdyn["pinned_cpu"]),
                         ref_max=max(cdyn["pinned_cpu"]), subject_median=med(cdyn["coll_cpu"]),
                         subject_min=min(cdyn["coll_cpu"]), subject_max=max(cdyn["coll_cpu"]),
                         ratio=cdyn["time_ratio"], target="", result=""))
    if unload and "zvm_rate" in unload:
        u = unload
        zl, ol = u["zvm_loads"], u["ocaml_loads"]
        for label, key, n in (("first 10k loads", "ocaml_rate_10k", 10000),
                              (f"all {ol // 1000}k loads", "ocaml_rate", ol)):
            orate = u.get(key)
            sp = ratio(u["zvm_rate"], orate)
            res = "-" if sp is None else ("pass" if sp >= TARGET_LOAD_SPEEDUP else "MISS")
            if res == "MISS":
                misses.append(f"loads per second: {sp:.1f}x ocamlrun's over its {label} "
                              f"(target >= {TARGET_LOAD_SPEEDUP:g}x)")
            name = f"loads/s (zvm {zl // 1000}k; ocamlrun {label})"
            print(f"{name:<46} {fmt_int(orate):>16} {fmt_int(u['zvm_rate']):>16} "
                  f"{fmt(sp, 1) + 'x':>8}  {'>=' + format(TARGET_LOAD_SPEEDUP, 'g') + 'x':<10} {res}")
            rows.append(dict(section="unload", name=f"loads_per_s_vs_ocamlrun_{n}", unit="loads/s",
                             size=zl, ref=f"ocamlrun ({n} loads)", subject=f"zvm ({zl} loads)",
                             ref_median=orate, subject_median=u["zvm_rate"], ratio=sp,
                             target=f">={TARGET_LOAD_SPEEDUP:g}", result=res))
        zr = u.get("zvm_retained")
        res = "-" if zr is None else ("pass" if zr < TARGET_RETAINED else "MISS")
        if res == "MISS":
            misses.append(f"retained bytes per load: {zr:.2f} (target < {TARGET_RETAINED:g})")
        name = f"bytes retained per load (10k..{zl // 1000}k)"
        print(f"{name:<46} {fmt(u.get('ocaml_retained'), 1):>16} {fmt(zr, 3):>16} {'':>8}  "
              f"{'<' + format(TARGET_RETAINED, 'g'):<10} {res}")
        rows.append(dict(section="unload", name="retained_bytes_per_load", unit="bytes/load",
                         size=zl, ref=f"ocamlrun (10k..{ol} loads)",
                         subject=f"zvm (10k..{zl} loads)", ref_median=u.get("ocaml_retained"),
                         subject_median=zr, target=f"<{TARGET_RETAINED:g}", result=res))
        oext = None
        if u.get("ocaml_retained") is not None:
            oext = (u["ocaml_rss_end"] + u["ocaml_retained"] * (zl - ol) / 1024)
        name = f"peak RSS KB after {zl // 1000}k loads"
        print(f"{name:<46} {fmt_int(oext) + ('*' if zl > ol else ''):>16} "
              f"{fmt_int(u['zvm_rss_end']):>16} {'':>8}  {'(info)':<10}")
        rows.append(dict(section="unload", name=f"peak_rss_kb_{zl}", unit="KB", size=zl,
                         ref="ocamlrun (extrapolated)" if zl > ol else "ocamlrun",
                         subject="zvm", ref_median=oext, subject_median=u["zvm_rss_end"]))
        print(f"loads/s: churn.ml's own count (CPU time) on zvm, {zl:,} loads, each also calling "
              f"the plugin's run; Dynlink.loadfile_private on ocamlrun (CPU time), which slows "
              f"down as loads accumulate: {fmt_int(u.get('ocaml_rate_last'))}/s over loads "
              f"{u.get('ocaml_rate_last_from', 0):,}..{ol:,}.")
        h10, hn = u["zvm_heap"].get(10000), u["zvm_heap"].get(zl)
        if h10 and hn and None not in h10 + hn:
            same = ("the same: zvm's heap and global table do not grow" if h10 == hn
                    else "DIFFERENT: something accumulates")
            print(f"zvm's own counters (exact, unlike RSS): heap_words_peak {h10[0]:,.0f} after 10k "
                  f"loads, {hn[0]:,.0f} after {zl:,}; global_slots_peak {h10[1]:,.0f} and "
                  f"{hn[1]:,.0f}: {same}.")
            rows.append(dict(section="unload", name="heap_words_peak", unit="words", size=zl,
                             ref="zvm (10000 loads)", subject=f"zvm ({zl} loads)",
                             ref_median=h10[0], subject_median=hn[0]))
            rows.append(dict(section="unload", name="global_slots_peak", unit="slots", size=zl,
                             ref="zvm (10000 loads)", subject=f"zvm ({zl} loads)",
                             ref_median=h10[1], subject_median=hn[1]))
        if zl > ol:
            print(f"* ocamlrun extrapolated from its {ol:,} loads at "
                  f"{fmt(u.get('ocaml_retained'), 1)} bytes per load.")
        print(f"bytes retained per load = (peak RSS at N - peak RSS at 10k) / (N - 10k); RSS is "
              f"known to about 0.2 MB, i.e. {0.2 * 1024 * 1024 / max(1, zl - 10000):.2f} "
              f"bytes per load over {zl - 10000:,} loads.")
        if write_plot(os.path.abspath(svg), u):
            print(f"plot: {os.path.relpath(os.path.abspath(svg), os.getcwd())} "
                  f"(data: {os.path.relpath(os.path.splitext(os.path.abspath(svg))[0] + '.tsv')})")

    # ---- The files ----
    cols = ["section", "name", "unit", "size", "ref", "subject", "ref_median", "ref_min", "ref_max",
            "subject_median", "subject_min", "subject_max", "ratio", "cg_size", "ref_instr",
            "subject_instr", "instr_ratio", "ref_rss_kb", "subject_rss_kb", "rss_ratio",
            "target", "result"]

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.0f}" if abs(v) >= 1e5 else f"{v:.6g}"
        return str(v)

    os.makedirs(out_dir, exist_ok=True)
    tsv = os.path.join(out_dir, "results.tsv")
    with open(tsv, "w") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            r.setdefault("ref", "ocamlrun")
            r.setdefault("subject", "zvm")
            f.write("\t".join(cell(r.get(c)) for c in cols) + "\n")
    with open(os.path.join(out_dir, "runs.tsv"), "w") as f:
        f.write("benchmark\tvm\tsize\trun\tcpu_s\twall_s\tmaxrss_kb\n")
        for r in raw:
            f.write("\t".join(cell(x) for x in r) + "\n")
    print(f"\nresults: {os.path.relpath(tsv)} (every run: "
          f"{os.path.relpath(os.path.join(out_dir, 'runs.tsv'))})")

    load1 = os.getloadavg()[0]
    print(f"make bench took {time.time() - t_start:.0f} s; load average now {load1:.2f}")

    if misses:
        print("\ntargets missed:")
        for m in misses:
            print(f"  {m}")
    if problems:
        print("\nFAILED:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)
    if not misses:
        print("\nall targets met")


if __name__ == "__main__":
    main()
