"""The numpy peer of `cargo bench --bench ops`: the same cases, the same
inputs bit for bit and the same timing protocol, printed as the same
tab-separated lines `op dtype shape impl median_ns` with impl `numpy`.

Usage:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \\
        python3 benches/numpy_peer.py [FILTER] [--check]

FILTER keeps the cases whose op name contains it. `--check` prints the f64
sum of all elements of each result instead of the time, to compare with
`cargo bench --bench ops -- --check`.

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE may be set on this machine to work
around bugs of old OpenBLAS releases. They make a current numpy slower, so
the command above removes them for this one run only. The script warns on
a line starting with `#` when either is still set.

numpy and its BLAS are pinned to one thread, as the Rust code runs on one.
The thread counts are checked with threadpoolctl when it is installed; the
result of the check is printed on lines starting with `#`.
"""

import os

# The BLAS reads these when numpy is imported, so they must come first.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

# Timing protocol, the same as benches/timing/mod.rs.
MIN_BATCH_NS = 2_000_000
MIN_SAMPLES = 15
MIN_TOTAL_NS = 300_000_000

GOLDEN_GAMMA = 0x9E3779B97F4A7C15
MIX_1 = 0xBF58476D1CE4E5B9
MIX_2 = 0x94D049BB133111EB


def median_ns(function):
    """Returns the median time of one call of `function`, in nanoseconds.

    Two warm-up calls; then the batch size doubles until one batch lasts at
    least 2 ms; then batches are timed until there are at least 15 of them
    and 0.3 s in all. The median of the per-call times is returned.
    """
    function()
    function()

    def run_batch(calls):
        start = time.perf_counter_ns()
        for _ in range(calls):
            function()
        return time.perf_counter_ns() - start

    calls = 1
    while run_batch(calls) < MIN_BATCH_NS:
        calls *= 2

    per_call = []
    total = 0
    while len(per_call) < MIN_SAMPLES or total < MIN_TOTAL_NS:
        elapsed = run_batch(calls)
        total += elapsed
        per_call.append(elapsed / calls)
    per_call.sort()
    # The upper median, as the Rust side takes element len / 2.
    return per_call[len(per_call) // 2]


def splitmix64(seed, count):
    """Returns outputs 1..=count of splitmix64 started at `seed`, as uint64.

    The state `seed + i * 0x9E3779B97F4A7C15` goes through the finaliser.
    uint64 array arithmetic wraps around, as the Rust code's does.
    """
    with np.errstate(over="ignore"):
        i = np.arange(1, count + 1, dtype=np.uint64)
        z = np.uint64(seed) + i * np.uint64(GOLDEN_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(MIX_1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(MIX_2)
        return z ^ (z >> np.uint64(31))


def operand(index, shape, dtype):
    """Returns operand `index` (0-based) of a case, filled in row-major order.

    The seed is `index + 1`. float32 takes the top 24 bits u and float64
    the top 53; both return u * 2 / 2^bits - 1. Every step is exact in
    float64, so the float32 values equal the Rust ones after the cast.
    """
    count = int(np.prod(shape))
    bits = 24 if dtype == np.float32 else 53
    top = splitmix64(index + 1, count) >> np.uint64(64 - bits)
    values = top.astype(np.float64) * 2.0 / float(2**bits) - 1.0
    return values.astype(dtype).reshape(shape)


def sigmoid(x):
    """Returns the logistic function of every element."""
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    """Returns s * (1 - s) with s the sigmoid of every element."""
    s = sigmoid(x)
    return s * (1 - s)


def softmax(x):
    """Returns the softmax of every row, with the row maximum subtracted."""
    exponentials = np.exp(x - np.max(x, axis=1, keepdims=True))
    return exponentials / np.sum(exponentials, axis=1, keepdims=True)


def normalize_rows(x):
    """Returns every row divided by its Euclidean norm."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def l1(yhat, y):
    """Returns the L1 loss, the sum of absolute differences."""
    return np.sum(np.abs(y - yhat))


def l2(yhat, y):
    """Returns the L2 loss, the sum of squared differences."""
    return np.sum((y - yhat) ** 2)


def vector_cases(dtype):
    """Yields (op, shape label, function) for the cases on vectors."""
    for length in (1000, 1_000_000):
        x = operand(0, (length,), dtype)
        y = operand(1, (length,), dtype)
        label = str(length)
        yield "sigmoid", label, lambda x=x: sigmoid(x)
        yield "sigmoid_derivative", label, lambda x=x: sigmoid_derivative(x)
        yield "l1", label, lambda x=x, y=y: l1(x, y)
        yield "l2", label, lambda x=x, y=y: l2(x, y)
        yield "dot", label, lambda x=x, y=y: np.dot(x, y)
        yield "multiply", label, lambda x=x, y=y: x * y


def matrix_cases(dtype):
    """Yields (op, shape label, function) for the cases on 1000x1000 matrices."""
    matrix = operand(0, (1000, 1000), dtype)
    other = operand(1, (1000, 1000), dtype)
    x = operand(0, (1000,), dtype)
    y = operand(1, (1000,), dtype)
    column = operand(0, (1000, 1), dtype)
    row = operand(1, (1, 1000), dtype)
    flat = operand(0, (1_000_000,), dtype)
    yield "softmax", "1000x1000", lambda: softmax(matrix)
    yield "normalize_rows", "1000x1000", lambda: normalize_rows(matrix)
    yield "outer", "1000", lambda: np.outer(x, y)
    yield "matvec", "1000x1000", lambda: matrix @ y
    yield "add_row", "1000x1000", lambda: matrix + y
    yield "add_outer", "1000x1000", lambda: column + row
    yield "sum_axis0", "1000x1000", lambda: matrix.sum(axis=0, keepdims=True)
    yield "sum_axis1", "1000x1000", lambda: matrix.sum(axis=1, keepdims=True)
    yield "sum_all", "1000000", lambda: flat.sum()
    yield "transpose_add", "1000x1000", lambda: matrix.T + other


def matmul_cases(dtype):
    """Yields (op, shape label, function) for the matrix products."""
    for size in (256, 1024):
        a = operand(0, (size, size), dtype)
        b = operand(1, (size, size), dtype)
        yield "matmul", f"{size}x{size}", lambda a=a, b=b: a @ b


def checksum(result):
    """Returns the sum of all elements of a result as one float64."""
    return float(np.sum(np.asarray(result, dtype=np.float64)))


def report_threads():
    """Prints the thread count of every thread pool numpy loaded, or that
    it could not be checked, on lines starting with `#`."""
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if variable in os.environ:
            print(f"# warning: {variable} is set; it slows numpy, see the usage text")
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        print("# threadpoolctl is not installed: thread counts not checked")
        return
    for pool in threadpool_info():
        name = pool.get("internal_api", "?")
        threads = pool.get("num_threads")
        print(f"# thread pool {name} {pool.get('version', '')}: {threads} thread(s)")
        if threads != 1:
            print(f"# warning: {name} uses {threads} threads, not 1")


def main(arguments):
    """Runs the cases selected by the command-line arguments."""
    check = "--check" in arguments
    filters = [argument for argument in arguments if not argument.startswith("--")]
    op_filter = filters[0] if filters else None

    print(f"# numpy {np.__version__}")
    report_threads()
    print("op\tdtype\tshape\timpl\tmedian_ns")
    for dtype in (np.float32, np.float64):
        dtype_name = np.dtype(dtype).name
        for group in (vector_cases, matrix_cases, matmul_cases):
            for op, shape, function in group(dtype):
                if op_filter is not None and op_filter not in op:
                    continue
                if check:
                    value = repr(checksum(function()))
                else:
                    value = f"{median_ns(function):.0f}"
                print(f"{op}\t{dtype_name}\t{shape}\tnumpy\t{value}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
