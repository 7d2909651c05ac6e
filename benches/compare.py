"""Joins the output of `cargo bench --bench ops` and of benches/numpy_peer.py
into one markdown table.

Usage:

    python benches/compare.py RUST_OUTPUT NUMPY_OUTPUT
    python benches/compare.py --run [FILTER]
    python benches/compare.py --check RUST_CHECK_OUTPUT NUMPY_CHECK_OUTPUT
    python benches/compare.py --check --run [FILTER]

The outputs are the tab-separated lines `op dtype shape impl value` that
both programs print; a header line and lines starting with `#` are skipped.
`--run` runs both programs itself, one after the other so that they do not
share the CPU: cargo as configured by the environment, and the numpy peer
with python3 unless NUMPY_PYTHON names another interpreter, without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
in its environment (they slow a current numpy; see numpy_peer.py).

How each figure is computed:

- numpy ns, loops ns, vectorized ns: the median time of one call, as
  printed by the programs.
- vectorized / numpy: vectorized ns divided by numpy ns. Below 1.0 the
  crate is faster than numpy.
- bandwidth columns, for the cases limited by memory at 1000000 elements
  (dot, l1, l2, multiply, sum_all, sum_axis0, sum_axis1): the bandwidth of
  the case divided by the bandwidth of the reference line of the same
  dtype from the Rust run. The bandwidth of a case is the fewest bytes the
  operation must move divided by its time: `inputs * n * itemsize` for the
  reductions and, for multiply, `3 * n * itemsize` (two inputs read, the
  result written). Each case is compared with a reference that moves as
  many bytes: the sums over one array with `read` of 1000000 elements,
  dot, l1 and l2 with `read` of 2000000 elements, and multiply with
  `triad`. numpy's l1 and l2 also write and read
  temporaries, which these bytes do not count, so its fractions show the
  cost of those temporaries. A fraction near 1.0 means the case runs at the
  speed memory delivers data, and far below 1.0 means it is limited by
  something else. A FILTER that leaves out `read` and `triad` leaves these
  columns empty.
- matmul table: GFLOP/s is `2 * m * k * n` floating-point operations
  divided by the time, and the peak is the `matmul_peak` reference line of
  the Rust run: fused multiply-adds on registers only, which no product
  can beat. "of peak" is the vectorized GFLOP/s divided by it.

With `--check`, the values are the checksums (the sum of all output
elements), and the table gives their relative difference. Summation order
differs between the programs, so they agree only within rounding; a
difference above 1e-3 for float32 or 1e-9 for float64 is flagged.
"""

import os
import subprocess
import sys

# Bytes per element of each dtype.
ITEMSIZE = {"float32": 4, "float64": 8}

# For each bandwidth-bound op: (arrays moved per element, reference op,
# elements of the reference line). The reference has the same working set
# as the case: `read` of 2000000 elements for the two inputs of dot, l1 and
# l2, and `triad`, which moves three arrays as multiply does.
BANDWIDTH_CASES = {
    "dot": (2, "read", 2_000_000),
    "l1": (2, "read", 2_000_000),
    "l2": (2, "read", 2_000_000),
    "multiply": (3, "triad", 1_000_000),
    "sum_all": (1, "read", 1_000_000),
    "sum_axis0": (1, "read", 1_000_000),
    "sum_axis1": (1, "read", 1_000_000),
}

# The reference lines give arrays moved per element too, so that their
# bandwidth is computed by the same formula.
REFERENCE_ARRAYS = {"read": 1, "triad": 3}

# The only shapes at which the bandwidth columns are filled in: large
# enough that the data comes from the L3 cache or memory, not L1 or L2.
LARGE_SHAPES = {"1000000", "1000x1000"}

# The reference line of the peak arithmetic rate, whose shape column is
# its number of floating-point operations.
PEAK = "matmul_peak"

# Checksum tolerances, relative to the larger magnitude of the two.
CHECK_TOLERANCE = {"float32": 1e-3, "float64": 1e-9}


def parse(lines):
    """Returns {(op, dtype, shape, impl): float} from the programs' lines."""
    values = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("op\t"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            continue
        op, dtype, shape, implementation, value = fields
        values[(op, dtype, shape, implementation)] = float(value)
    return values


def read_file(path):
    """Returns the parsed values of one output file."""
    with open(path, encoding="utf-8") as file:
        return parse(file.readlines())


def run_rust(arguments):
    """Runs the Rust benchmark and returns its output lines."""
    environment = dict(os.environ)
    command = ["cargo", "bench", "--bench", "ops", "--", *arguments]
    print("# running: " + " ".join(command), file=sys.stderr)
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def run_numpy(arguments):
    """Runs the numpy peer without the OpenBLAS workaround variables and
    returns its output lines."""
    environment = dict(os.environ)
    environment.pop("OPENBLAS_CORETYPE", None)
    environment.pop("OPENBLAS_L2_SIZE", None)
    python = environment.get("NUMPY_PYTHON", "python3")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_peer.py")
    command = [python, script, *arguments]
    print("# running: " + " ".join(command), file=sys.stderr)
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("#"):
            print(line, file=sys.stderr)
    return result.stdout.splitlines()


def case_keys(values):
    """Returns the (op, dtype, shape) of every case, in first-seen order."""
    keys = []
    for op, dtype, shape, _ in values:
        key = (op, dtype, shape)
        if key not in keys:
            keys.append(key)
    return keys


def format_ns(value):
    """Formats a time in nanoseconds, or a dash when it is missing."""
    if value is None:
        return "-"
    return f"{value:,.0f}"


def reference_bandwidth(values, reference, dtype, elements):
    """Returns the bandwidth in bytes per ns (GB/s) of a reference line of
    `elements` elements, or None when it was not run."""
    time = values.get((reference, dtype, str(elements), "reference"))
    if time is None:
        return None
    return REFERENCE_ARRAYS[reference] * elements * ITEMSIZE[dtype] / time


def bandwidth_fraction(values, op, dtype, shape, time):
    """Returns the case's bandwidth as a fraction of its reference's, or
    None when the case is not bandwidth-bound at this shape."""
    if op not in BANDWIDTH_CASES or shape not in LARGE_SHAPES or time is None:
        return None
    arrays, reference, elements = BANDWIDTH_CASES[op]
    available = reference_bandwidth(values, reference, dtype, elements)
    if available is None:
        return None
    achieved = arrays * 1_000_000 * ITEMSIZE[dtype] / time
    return achieved / available


def format_fraction(value):
    """Formats a ratio with two decimals, or an empty cell when missing."""
    return "" if value is None else f"{value:.2f}"


def reference_table(values):
    """Returns the markdown lines of the bandwidth reference lines."""
    lines = [
        "| reference | dtype | elements | ns | GB/s |",
        "|---|---|---:|---:|---:|",
    ]
    for (op, dtype, shape, implementation), time in values.items():
        if implementation != "reference" or op == PEAK:
            continue
        gigabytes_per_second = REFERENCE_ARRAYS[op] * int(shape) * ITEMSIZE[dtype] / time
        lines.append(
            f"| {op} | {dtype} | {shape} | {format_ns(time)} | {gigabytes_per_second:.1f} |"
        )
    return lines


def timing_table(values):
    """Returns the markdown lines of the comparison of the times."""
    lines = [
        "| op | dtype | shape | numpy ns | loops ns | vectorized ns "
        "| vectorized / numpy | numpy bandwidth | vectorized bandwidth |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for op, dtype, shape in case_keys(values):
        if op in REFERENCE_ARRAYS or op == PEAK:
            continue
        numpy = values.get((op, dtype, shape, "numpy"))
        loops = values.get((op, dtype, shape, "loops"))
        vectorized = values.get((op, dtype, shape, "vectorized"))
        ratio = vectorized / numpy if numpy and vectorized else None
        numpy_fraction = bandwidth_fraction(values, op, dtype, shape, numpy)
        vectorized_fraction = bandwidth_fraction(values, op, dtype, shape, vectorized)
        lines.append(
            f"| {op} | {dtype} | {shape} | {format_ns(numpy)} | {format_ns(loops)} "
            f"| {format_ns(vectorized)} | {format_fraction(ratio)} "
            f"| {format_fraction(numpy_fraction)} | {format_fraction(vectorized_fraction)} |"
        )
    return lines


def gigaflops(shape, time):
    """Returns the GFLOP/s of a square product of `shape` ("NxN") taking
    `time` ns, or None when the time is missing."""
    if time is None:
        return None
    size = int(shape.split("x")[0])
    return 2 * size**3 / time


def format_rate(value):
    """Formats a rate with one decimal, or a dash when it is missing."""
    return "-" if value is None else f"{value:.1f}"


def matmul_table(values):
    """Returns the markdown lines of the matrix products in GFLOP/s, beside
    the peak rate of the same run."""
    lines = [
        "| dtype | shape | numpy ns | vectorized ns | vectorized / numpy "
        "| numpy GFLOP/s | vectorized GFLOP/s | peak GFLOP/s | vectorized of peak |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    peaks = {
        dtype: int(shape) / time
        for (op, dtype, shape, _), time in values.items()
        if op == PEAK
    }
    for op, dtype, shape in case_keys(values):
        if op != "matmul":
            continue
        numpy = values.get((op, dtype, shape, "numpy"))
        vectorized = values.get((op, dtype, shape, "vectorized"))
        ratio = vectorized / numpy if numpy and vectorized else None
        rate = gigaflops(shape, vectorized)
        peak = peaks.get(dtype)
        of_peak = rate / peak if rate and peak else None
        lines.append(
            f"| {dtype} | {shape} | {format_ns(numpy)} | {format_ns(vectorized)} "
            f"| {format_fraction(ratio)} | {format_rate(gigaflops(shape, numpy))} "
            f"| {format_rate(rate)} | {format_rate(peak)} | {format_fraction(of_peak)} |"
        )
    return lines


def relative_difference(a, b):
    """Returns |a - b| relative to the larger magnitude of the two."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def check_table(values):
    """Returns the markdown lines comparing the checksums of numpy with
    those of both Rust implementations, and the number of flagged rows."""
    lines = [
        "| op | dtype | shape | numpy | loops | vectorized | largest relative difference | |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    flagged = 0
    for op, dtype, shape in case_keys(values):
        numpy = values.get((op, dtype, shape, "numpy"))
        if numpy is None:
            continue
        rust = [values.get((op, dtype, shape, name)) for name in ("loops", "vectorized")]
        differences = [relative_difference(numpy, value) for value in rust if value is not None]
        largest = max(differences, default=0.0)
        flag = "**differs**" if largest > CHECK_TOLERANCE[dtype] else ""
        flagged += bool(flag)
        cells = " | ".join("-" if value is None else repr(value) for value in rust)
        lines.append(f"| {op} | {dtype} | {shape} | {numpy!r} | {cells} | {largest:.1e} | {flag} |")
    return lines, flagged


def main(arguments):
    """Reads or runs both programs and prints the markdown tables."""
    check = "--check" in arguments
    positional = [argument for argument in arguments if not argument.startswith("--")]
    if "--run" in arguments:
        passed = positional + (["--check"] if check else [])
        values = parse(run_rust(passed))
        values.update(parse(run_numpy(passed)))
    elif len(positional) == 2:
        values = read_file(positional[0])
        values.update(read_file(positional[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2

    if check:
        lines, flagged = check_table(values)
        print("\n".join(lines))
        print(f"\n{flagged} row(s) differ by more than the tolerance.")
        return 1 if flagged else 0
    print("\n".join(reference_table(values)))
    print()
    print("\n".join(timing_table(values)))
    print()
    print("\n".join(matmul_table(values)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
