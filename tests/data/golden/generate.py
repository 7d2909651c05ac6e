#!/usr/bin/env python3
"""Generate baretensor's golden corpus: inputs and numpy's results.

Usage:
    python tests/data/golden/generate.py [--out DIR]

The corpus is written next to this script unless --out names another
directory. A fixed seed makes every run with the same numpy version write
the same bytes, and the header of every manifest names that version.
tests/golden.rs reads the files at compile time and checks baretensor
against them.

File format
-----------
Each group NAME has two files:

    NAME.bin       .npy records, one after another: each is a complete
                   .npy file (format 1.0, little-endian, C order) written
                   by np.save on the one open file.
    NAME.manifest  text, one line per case.

In a manifest, a line that starts with '#' is a comment. The header
comments name the numpy version on a line of the form '# numpy 2.4.6'.
Every other line is a case:

    ID OP KEY=VALUE KEY=VALUE ...

The fields are separated by single spaces, and no value contains a space.
A value of the form @OFFSET+LENGTH names a record: the bytes
[OFFSET, OFFSET + LENGTH) of NAME.bin. The keys are:

    dtype      float64, float32, int32, int64 or uint8 (numpy's names)
    a, b       operands of add, sub, mul and div (records)
    x, x1, x2, w, yhat, y
               inputs of reductions, slicing and the exercises (records)
    out        numpy's result (a record; 0-d for a scalar result)
    view_K     how to get input K's logical view from its contiguous
               record: steps separated by '|', applied left to right:
                 T                 reverse all axes (x.T)
                 permute(2,0,1)    x.transpose((2, 0, 1))
                 flip(1)           reverse axis 1 (np.flip(x, 1))
                 slice[1:3,::-1]   x[1:3, ::-1], Python slice syntax;
                                   an integer entry drops its axis
                 broadcast(3,4)    np.broadcast_to(x, (3, 4))
    axes       reduced axes as a tuple, such as (0,-1), (2,) or () for
               none; None reduces the whole tensor to a scalar
    keepdims   True or False
    expect     the error numpy raises instead of a result:
                 Broadcast        shapes that cannot be broadcast
                 EmptyReduction   max or min over an axis of length 0
                 IndexError       an integer index outside its axis
    shape_a, shape_b, axis, lengths
               the shapes of a broadcast error case (which has no
               records), the first axis from the end whose lengths
               differ with neither being 1, and those two lengths
    signed_zero=unordered
               marks a max or min whose zero result met both 0.0 and
               -0.0. numpy returns whichever it meets first, so the sign
               of that zero depends on the order of the walk. Without
               this key, the sign of every zero result is defined.

Rules behind the expected values
--------------------------------
* Integer add, sub and mul wrap around, as numpy's fixed-width arrays do.
* Integer div is baretensor's rule, not numpy's '/', which returns floats:
  the quotient truncated toward zero, and 0 where the divisor is 0. It is
  computed here in integer arithmetic from numpy's floor division plus a
  correction where the remainder is not 0 and the signs differ.
* Integer sum and prod use np.sum(x, dtype=x.dtype) and
  np.prod(x, dtype=x.dtype), so they wrap around in the element type as
  baretensor's do. numpy's default would accumulate int32 and uint8 in
  int64.
* norm_l2 is np.sqrt(np.sum(x * x, axis, keepdims=keepdims)).
* The exercises follow the course's numpy code: sigmoid is
  1 / (1 + np.exp(-x)), sigmoid_derivative is s * (1 - s), image2vector is
  x.reshape(-1, 1), l1 is np.sum(np.abs(y - yhat)), l2 is
  np.sum((y - yhat) ** 2), softmax subtracts the row maximum before np.exp,
  dot is np.dot, outer is np.outer, multiply is np.multiply and matvec is
  w @ x. normalize_rows is x / np.linalg.norm(x, axis=1, keepdims=True),
  except that a row whose norm is 0 stays zeros where numpy gives NaN or
  infinity: this is a documented difference of baretensor.
"""

import argparse
import decimal
import io
import sys
import warnings
from pathlib import Path

import numpy as np

SEED = 20250612

# check_numpy_exp asserts this bound on numpy's exp for every input this
# script feeds it, and tests/golden.rs relies on it. numpy 2.4.6 on x86-64
# with AVX-512 measured 0.70 ULP for float64 and 2.28 ULP for float32 on
# 100000 uniform inputs in [-30, 30].
NUMPY_EXP_MAX_ULP = 3
EXACT_CONTEXT = decimal.Context(prec=40)

FLOAT_DTYPES = (np.float64, np.float32)
INT_DTYPES = (np.int32, np.int64)

# Broadcast cases are capped at this many output elements to keep the
# corpus small; the ranks and side lengths still span the whole range.
MAX_BROADCAST_ELEMENTS = 120


# ---------------------------------------------------------------------------
# Writing the files


class Group:
    """One group of cases: the records of NAME.bin and the lines of
    NAME.manifest."""

    def __init__(self, name, comments):
        self.name = name
        self.data = io.BytesIO()
        self.lines = []
        self.comments = comments

    def record(self, array):
        """Append one .npy record and return its '@OFFSET+LENGTH' reference."""
        array = np.array(array, order="C", copy=True)
        offset = self.data.tell()
        np.save(self.data, array, allow_pickle=False)
        return f"@{offset}+{self.data.tell() - offset}"

    def case(self, case_id, op, **params):
        fields = [case_id, op]
        for key, value in params.items():
            text = str(value)
            if " " in text or not text:
                raise ValueError(f"{case_id}: value of {key} is {text!r}")
            fields.append(f"{key}={text}")
        self.lines.append(" ".join(fields))

    def write(self, directory):
        header = [
            f"# baretensor golden corpus, group {self.name}: {len(self.lines)} cases",
            f"# numpy {np.__version__}",
            f"# generated by tests/data/golden/generate.py with seed {SEED};"
            f" records are @OFFSET+LENGTH in {self.name}.bin",
        ]
        header += [f"# {line}" if line else "#" for line in self.comments]
        text = "\n".join(header + self.lines) + "\n"
        (directory / f"{self.name}.manifest").write_text(text)
        (directory / f"{self.name}.bin").write_bytes(self.data.getvalue())


def dtype_name(dtype):
    return np.dtype(dtype).name


def tuple_text(values):
    """Format a tuple as numpy prints it, without spaces: (), (3,), (2,3)."""
    values = [int(v) for v in values]
    if len(values) == 1:
        return f"({values[0]},)"
    return "(" + ",".join(str(v) for v in values) + ")"


def args_text(values):
    return "(" + ",".join(str(int(v)) for v in values) + ")"


# ---------------------------------------------------------------------------
# Random inputs


def random_floats(rng, shape, dtype, zero_fraction=0.05):
    """Values of mixed sign spread over six decades, some small integers,
    and some exact zeros (so that division meets x / 0 and 0 / 0)."""
    size = int(np.prod(shape, dtype=np.int64))
    magnitude = 10.0 ** rng.uniform(-3, 3, size) * rng.uniform(1, 2, size)
    values = np.where(rng.random(size) < 0.5, -magnitude, magnitude)
    small_integers = rng.integers(-4, 5, size).astype(np.float64)
    values = np.where(rng.random(size) < 0.15, small_integers, values)
    values = np.where(rng.random(size) < zero_fraction, 0.0, values)
    return values.reshape(shape).astype(dtype)


def random_unit_floats(rng, shape, dtype, low=-1.0, high=1.0):
    size = int(np.prod(shape, dtype=np.int64))
    return rng.uniform(low, high, size).reshape(shape).astype(dtype)


def random_ints(rng, shape, dtype, low=-50, high=51):
    return rng.integers(low, high, size=shape).astype(dtype)


def random_full_range_ints(rng, shape, dtype):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


def random_shape(rng, rank, max_side, zero_probability=0.08):
    sides = []
    for _ in range(rank):
        if rng.random() < zero_probability:
            sides.append(0)
        else:
            sides.append(int(rng.integers(1, max_side + 1)))
    return tuple(sides)


# ---------------------------------------------------------------------------
# numpy's results under baretensor's documented rules


def truncating_div(a, b):
    """Integer quotient truncated toward zero, 0 where b is 0, computed
    exactly in the element type. floor_divide gives 0 for b == 0 and MIN
    for MIN // -1 (wrapping), which is baretensor's rule too."""
    with np.errstate(all="ignore"):
        floor = np.floor_divide(a, b)
        remainder = np.remainder(a, b)
    rounded_down = (remainder != 0) & ((a < 0) != (b < 0))
    quotient = np.where(rounded_down, floor + 1, floor).astype(a.dtype)
    return np.where(b == 0, np.zeros_like(quotient), quotient)


def binary(op, a, b):
    with np.errstate(all="ignore"):
        if op == "add":
            return a + b
        if op == "sub":
            return a - b
        if op == "mul":
            return a * b
        if op == "div":
            if np.issubdtype(a.dtype, np.integer):
                a, b = np.broadcast_arrays(a, b)
                return truncating_div(a, b)
            return a / b
    raise ValueError(op)


def reduce(op, x, axes, keepdims):
    """numpy's reduction, or None where numpy raises ValueError."""
    axis = None if axes is None else tuple(axes)
    integer = np.issubdtype(x.dtype, np.integer)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            if op == "sum":
                return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
            if op == "prod":
                return np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
            if op == "max":
                return np.max(x, axis=axis, keepdims=keepdims)
            if op == "min":
                return np.min(x, axis=axis, keepdims=keepdims)
            if op == "mean":
                assert not integer
                return np.mean(x, axis=axis, keepdims=keepdims)
            if op == "norm_l2":
                assert not integer
                return np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims))
        except ValueError:
            return None
    raise ValueError(op)


def unordered_zero_sign(op, x, axes, result):
    """Whether a zero result of max or min met both 0.0 and -0.0, whose
    order decides numpy's sign."""
    if op not in ("max", "min") or not np.issubdtype(x.dtype, np.floating):
        return False
    axis = None if axes is None else tuple(axes)
    positive = (x == 0) & ~np.signbit(x)
    negative = (x == 0) & np.signbit(x)
    both = np.any(positive, axis=axis) & np.any(negative, axis=axis)
    zero = np.asarray(result) == 0
    return bool(np.any(both & zero.reshape(both.shape)))


def check_numpy_exp(t):
    """Assert that np.exp is within NUMPY_EXP_MAX_ULP of e^t for every
    input that gives a finite nonzero result. The exact value comes from
    the decimal module at 40 significant digits, and the ULP is the
    spacing of the float next to numpy's result."""
    t = np.asarray(t).ravel()
    with np.errstate(all="ignore"):
        computed = np.exp(t)
    for value, result in zip(t, computed):
        if not np.isfinite(result) or result == 0:
            continue
        exact = decimal.Decimal(float(value)).exp(EXACT_CONTEXT)
        error = abs(decimal.Decimal(float(result)) - exact) / decimal.Decimal(float(np.spacing(result)))
        assert error <= NUMPY_EXP_MAX_ULP, f"np.exp({value!r}) is {error:.3f} ULP from e^x"


def sigmoid(x):
    with np.errstate(all="ignore"):
        check_numpy_exp(-x)
        return 1 / (1 + np.exp(-x))


def exercise(op, inputs):
    """numpy's result of the course's exercise `op` on the logical views."""
    with np.errstate(all="ignore"):
        if op == "sigmoid":
            return sigmoid(inputs["x"])
        if op == "sigmoid_derivative":
            s = sigmoid(inputs["x"])
            return s * (1 - s)
        if op == "image2vector":
            return inputs["x"].reshape(-1, 1)
        if op == "normalize_rows":
            x = inputs["x"]
            norm = np.linalg.norm(x, axis=1, keepdims=True)
            return np.where(norm == 0, np.zeros_like(x), x / norm)
        if op == "softmax":
            x = inputs["x"]
            shifted = x - x.max(axis=-1, keepdims=True)
            check_numpy_exp(shifted)
            e = np.exp(shifted)
            return e / e.sum(axis=-1, keepdims=True)
        if op == "l1":
            return np.sum(np.abs(inputs["y"] - inputs["yhat"]))
        if op == "l2":
            return np.sum((inputs["y"] - inputs["yhat"]) ** 2)
        if op == "dot":
            return np.dot(inputs["x1"], inputs["x2"])
        if op == "outer":
            return np.outer(inputs["x1"], inputs["x2"])
        if op == "multiply":
            return np.multiply(inputs["x1"], inputs["x2"])
        if op == "matvec":
            return inputs["w"] @ inputs["x"]
    raise ValueError(op)


# ---------------------------------------------------------------------------
# Views: a contiguous record plus the steps that give the logical view


def parse_slice_entries(text):
    """Parse '1:3,::-1,2' into slice objects and integers."""
    entries = []
    for part in text.split(",") if text else []:
        if ":" in part:
            fields = [int(f) if f else None for f in part.split(":")]
            entries.append(slice(*fields))
        else:
            entries.append(int(part))
    return tuple(entries)


def slice_entry_text(entry):
    if isinstance(entry, slice):
        start = "" if entry.start is None else str(entry.start)
        stop = "" if entry.stop is None else str(entry.stop)
        if entry.step is None:
            return f"{start}:{stop}"
        return f"{start}:{stop}:{entry.step}"
    return str(entry)


def slice_text(entries):
    return "slice[" + ",".join(slice_entry_text(e) for e in entries) + "]"


def apply_step(x, step):
    if step == "T":
        return x.T
    name, _, rest = step.partition("(")
    if step.startswith("slice["):
        return x[parse_slice_entries(step[len("slice[") : -1])]
    numbers = tuple(int(v) for v in rest.rstrip(")").split(",") if v)
    if name == "permute":
        return x.transpose(numbers)
    if name == "flip":
        return np.flip(x, numbers[0])
    if name == "broadcast":
        return np.broadcast_to(x, numbers)
    raise ValueError(step)


def apply_view(base, view):
    x = base
    for step in view.split("|") if view else []:
        x = apply_step(x, step)
    return x


def slice_producing(rng, length):
    """A slice with a random step that selects exactly `length` elements
    from a longer axis. Returns (slice, base length)."""
    step = int(rng.choice([1, 2, 3, -1, -2]))
    before, after = int(rng.integers(0, 3)), int(rng.integers(0, 3))
    span = (length - 1) * abs(step) + 1 if length > 0 else 0
    base_length = before + span + after
    if step > 0:
        start = before
        stop = before + span
        entry = slice(start, stop if after > 0 or rng.random() < 0.5 else None, step)
    else:
        start = base_length - 1 - after
        stop = start + length * step
        entry = slice(start, stop if stop >= 0 else None, step)
    if length == 0:
        entry = slice(before, before, step if step > 0 else 1)
    return entry, base_length


def view_for(rng, shape):
    """Choose a view of logical shape `shape`. Returns (base shape, view
    text); the text is empty for the contiguous array itself."""
    rank = len(shape)

    choices = ["none", "none", "flip", "slice", "broadcast"]
    if rank >= 2:
        choices += ["T", "T", "permute"]
    kind = rng.choice(choices) if rank > 0 else "none"

    if kind == "none":
        base, steps = tuple(shape), []
    elif kind == "T":
        base, steps = tuple(reversed(shape)), ["T"]
    elif kind == "permute":
        order = [int(v) for v in rng.permutation(rank)]
        base = [0] * rank
        for k, axis in enumerate(order):
            base[axis] = shape[k]
        base, steps = tuple(base), ["permute" + args_text(order)]
    elif kind == "flip":
        base, steps = tuple(shape), [f"flip({int(rng.integers(0, rank))})"]
    elif kind == "slice":
        entries, base = [], []
        for length in shape:
            entry, base_length = slice_producing(rng, length)
            entries.append(entry)
            base.append(base_length)
        base, steps = tuple(base), [slice_text(entries)]
    else:
        lead = int(rng.integers(0, rank + 1))
        base = tuple(1 if rng.random() < 0.5 else n for n in shape[lead:])
        steps = ["broadcast" + args_text(shape)]

    # Sometimes add a flip of the base before the main step, so that two
    # views compose.
    if kind != "none" and len(base) > 0 and rng.random() < 0.3:
        steps.insert(0, f"flip({int(rng.integers(0, len(base)))})")

    view = "|".join(steps)
    check = apply_view(np.zeros(base), view)
    assert check.shape == tuple(shape), (shape, base, view, check.shape)
    return base, view


# ---------------------------------------------------------------------------
# Groups


def broadcast_pair_shapes(rng):
    while True:
        rank = int(rng.integers(0, 6))
        sides = [0, 1, 2, 3, 4, 5]
        weights = [0.05, 0.2, 0.25, 0.2, 0.15, 0.15]
        out = [int(rng.choice(sides, p=weights)) for _ in range(rank)]

        def operand():
            operand_rank = int(rng.integers(0, rank + 1))
            dims = out[rank - operand_rank :]
            return tuple(1 if rng.random() < 0.3 else d for d in dims)

        a, b = operand(), operand()
        if int(np.prod(np.broadcast_shapes(a, b))) <= MAX_BROADCAST_ELEMENTS:
            return a, b


def first_mismatch_from_end(a, b):
    """The axis numpy cannot broadcast, counted from the end (-1 is the
    last), and the two lengths there; None if the shapes broadcast."""
    for from_end in range(1, min(len(a), len(b)) + 1):
        x, y = a[-from_end], b[-from_end]
        if x != y and x != 1 and y != 1:
            return -from_end, (x, y)
    return None


def incompatible_pair_shapes(rng):
    while True:
        a, b = broadcast_pair_shapes(rng)
        common = min(len(a), len(b))
        if common == 0:
            continue
        from_end = int(rng.integers(1, common + 1))
        x, y = [int(v) for v in rng.choice([0, 2, 3, 4, 5], size=2, replace=False)]
        a = a[: len(a) - from_end] + (x,) + a[len(a) - from_end + 1 :]
        b = b[: len(b) - from_end] + (y,) + b[len(b) - from_end + 1 :]
        if first_mismatch_from_end(a, b) is not None:
            return a, b


def add_binary_cases(group, case_id, a, b):
    refs = {"a": group.record(a), "b": group.record(b)}
    for op in ("add", "sub", "mul", "div"):
        out = binary(op, a, b)
        assert out.dtype == a.dtype
        group.case(f"{case_id}-{op}", op, dtype=dtype_name(a.dtype), **refs, out=group.record(out))


def build_broadcast(rng):
    group = Group(
        "broadcast",
        [
            "add, sub, mul and div of broadcast-compatible pairs (ranks 0 to 5, sides 0 to 5),",
            "in float64 and float32 for every pair and int32 and int64 for some. Integer",
            "div is truncating division with 0 where the divisor is 0 (baretensor's rule),",
            "computed by numpy in integer arithmetic. Cases with expect=Broadcast are shape",
            "pairs numpy rejects; axis is the first axis from the end whose lengths differ",
            "with neither being 1.",
        ],
    )
    for pair in range(200):
        a_shape, b_shape = broadcast_pair_shapes(rng)
        for dtype in FLOAT_DTYPES:
            a = random_floats(rng, a_shape, dtype)
            b = random_floats(rng, b_shape, dtype)
            add_binary_cases(group, f"pair{pair:03d}-{dtype_name(dtype)}", a, b)
        if pair % 4 == 0:
            for dtype in INT_DTYPES:
                a = random_ints(rng, a_shape, dtype)
                b = random_ints(rng, b_shape, dtype, low=-9, high=10)
                add_binary_cases(group, f"pair{pair:03d}-{dtype_name(dtype)}", a, b)

    for pair in range(50):
        a_shape, b_shape = incompatible_pair_shapes(rng)
        try:
            np.broadcast_shapes(a_shape, b_shape)
        except ValueError:
            pass
        else:
            raise AssertionError(f"numpy broadcasts {a_shape} with {b_shape}")
        axis, lengths = first_mismatch_from_end(a_shape, b_shape)
        op = ("add", "sub", "mul", "div")[pair % 4]
        dtype = ("float64", "float32", "int32", "int64")[pair % 4]
        group.case(
            f"mismatch{pair:02d}",
            op,
            dtype=dtype,
            shape_a=tuple_text(a_shape),
            shape_b=tuple_text(b_shape),
            expect="Broadcast",
            axis=axis,
            lengths=tuple_text(lengths),
        )
    return group


def all_axis_subsets(rank):
    for mask in range(1 << rank):
        yield [axis for axis in range(rank) if mask >> axis & 1]


def spell_axes(rng, axes, rank):
    """Write some axes as negative numbers and shuffle their order, both of
    which numpy accepts."""
    spelled = [axis - rank if rng.random() < 0.4 else axis for axis in axes]
    return [int(v) for v in rng.permutation(spelled)] if spelled else []


def add_reduction_cases(group, rng, case_id, x, ops, with_whole=True):
    ref = group.record(x)
    rank = x.ndim
    subsets = [(axes, keepdims) for axes in all_axis_subsets(rank) for keepdims in (False, True)]
    if with_whole:
        subsets.append((None, False))
    for op in ops:
        for axes, keepdims in subsets:
            spelled = None if axes is None else spell_axes(rng, axes, rank)
            result = reduce(op, x, spelled, keepdims)
            axes_name = "all" if axes is None else "".join(str(a) for a in axes) or "none"
            params = {
                "dtype": dtype_name(x.dtype),
                "x": ref,
                "axes": "None" if spelled is None else tuple_text(spelled),
                "keepdims": keepdims,
            }
            full_id = f"{case_id}-{op}-{axes_name}-{'k' if keepdims else 'd'}"
            if result is None:
                group.case(full_id, op, **params, expect="EmptyReduction")
                continue
            result = np.asarray(result)
            assert result.dtype == x.dtype, (op, result.dtype)
            if op == "prod" and np.issubdtype(x.dtype, np.floating):
                # The test's relative bounds for products assume no
                # underflow into the subnormal range.
                tiny = (result != 0) & (np.abs(result) < np.finfo(x.dtype).smallest_normal)
                assert not tiny.any(), f"{full_id}: a product underflowed"
            if unordered_zero_sign(op, x, spelled, result):
                params["signed_zero"] = "unordered"
            group.case(full_id, op, **params, out=group.record(result))


FLOAT_REDUCTIONS = ("sum", "mean", "max", "min", "prod", "norm_l2")
INT_REDUCTIONS = ("sum", "prod", "max", "min")


def reduction_floats(rng, shape, dtype):
    """Magnitudes in [0.5, 2] with random signs keep products of many terms
    in the normal range (add_reduction_cases asserts it), and the signs
    make sums cancel. A few exact zeros of either sign test the sign of
    zero results."""
    size = int(np.prod(shape, dtype=np.int64))
    magnitude = rng.uniform(0.5, 2.0, size)
    values = np.where(rng.random(size) < 0.5, -magnitude, magnitude)
    values = np.where(rng.random(size) < 0.04, 0.0, values)
    values = np.where(rng.random(size) < 0.03, -0.0, values)
    return values.reshape(shape).astype(dtype)


def build_reductions(rng):
    group = Group(
        "reductions",
        [
            "sum, mean, max, min, prod and norm_l2 over every subset of the axes of random",
            "inputs of rank 1 to 4 (sides 0 to 4), with and without keepdims, and over the",
            "whole tensor (axes=None). norm_l2 is np.sqrt(np.sum(x * x, axis, keepdims)).",
            "Integer sum and prod are np.sum(x, dtype=x.dtype) and np.prod(x, dtype=x.dtype):",
            "they wrap around in the element type, which is baretensor's documented rule;",
            "numpy's default accumulates int32 and uint8 in int64. expect=EmptyReduction",
            "marks max and min over an axis of length 0, where numpy raises ValueError.",
        ],
    )
    for rank in range(1, 5):
        for dtype in FLOAT_DTYPES:
            for sample in range(3):
                shape = random_shape(rng, rank, 4, zero_probability=0.12)
                x = reduction_floats(rng, shape, dtype)
                case_id = f"r{rank}-{dtype_name(dtype)}-{sample}"
                add_reduction_cases(group, rng, case_id, x, FLOAT_REDUCTIONS)
        for dtype in (np.int32, np.int64, np.uint8):
            shape = random_shape(rng, rank, 4, zero_probability=0.12)
            if dtype == np.uint8:
                x = random_ints(rng, shape, dtype, low=0, high=256)
            else:
                x = random_ints(rng, shape, dtype, low=-9, high=10)
            case_id = f"r{rank}-{dtype_name(dtype)}"
            add_reduction_cases(group, rng, case_id, x, INT_REDUCTIONS)
    return group


EXERCISE_INPUTS = {
    "sigmoid": ("x",),
    "sigmoid_derivative": ("x",),
    "image2vector": ("x",),
    "normalize_rows": ("x",),
    "softmax": ("x",),
    "l1": ("yhat", "y"),
    "l2": ("yhat", "y"),
    "dot": ("x1", "x2"),
    "outer": ("x1", "x2"),
    "multiply": ("x1", "x2"),
    "matvec": ("w", "x"),
}


def exercise_shapes(rng, op):
    """Logical input shapes for one case of `op`."""
    if op in ("sigmoid", "sigmoid_derivative"):
        return {"x": random_shape(rng, int(rng.integers(0, 4)), 5)}
    if op == "image2vector":
        return {"x": random_shape(rng, 3, 5)}
    if op == "normalize_rows":
        return {"x": (int(rng.integers(0, 6)), int(rng.integers(1, 7)))}
    if op == "softmax":
        shape = random_shape(rng, int(rng.integers(0, 3)), 4)
        return {"x": shape + (int(rng.integers(1, 7)),)}
    if op in ("l1", "l2", "multiply"):
        a, b = broadcast_pair_shapes(rng)
        if op == "multiply":
            return {"x1": a, "x2": b}
        return {"yhat": a, "y": b}
    if op == "dot":
        n = int(rng.integers(0, 20))
        return {"x1": (n,), "x2": (n,)}
    if op == "outer":
        return {
            "x1": random_shape(rng, int(rng.integers(1, 3)), 4),
            "x2": random_shape(rng, int(rng.integers(1, 3)), 4),
        }
    if op == "matvec":
        m, n = int(rng.integers(0, 7)), int(rng.integers(0, 7))
        return {"w": (m, n), "x": (n,)}
    raise ValueError(op)


def exercise_values(rng, op, name, shape, dtype):
    if np.issubdtype(dtype, np.integer):
        if dtype == np.uint8:
            return random_ints(rng, shape, dtype, low=0, high=256)
        # About a third of the integer cases use the whole range, so that
        # sums and products wrap around.
        if rng.random() < 0.33:
            return random_full_range_ints(rng, shape, dtype)
        return random_ints(rng, shape, dtype)
    if op in ("sigmoid", "sigmoid_derivative"):
        return random_unit_floats(rng, shape, dtype, -20.0, 20.0)
    if op == "softmax":
        x = random_unit_floats(rng, shape, dtype, -10.0, 10.0)
        if x.size and rng.random() < 0.2:
            # Large inputs: np.exp would overflow without the shift.
            x = (x + np.asarray(1000.0, dtype)).astype(dtype)
        return x
    if op == "normalize_rows":
        x = random_floats(rng, shape, dtype, zero_fraction=0.1)
        # A zero row of the stored input stays a zero row under flips,
        # slices and broadcasts, and a transpose makes it a zero column.
        if len(shape) == 2 and shape[0] > 0 and rng.random() < 0.4:
            x[int(rng.integers(0, shape[0]))] = 0.0
        return x
    if op in ("l1", "l2"):
        return random_unit_floats(rng, shape, dtype, -2.0, 2.0)
    return random_floats(rng, shape, dtype)


def add_exercise_case(group, rng, case_id, op, dtype):
    shapes = exercise_shapes(rng, op)
    params = {"dtype": dtype_name(dtype)}
    views = {}
    for name, shape in shapes.items():
        base_shape, view = view_for(rng, shape)
        base = exercise_values(rng, op, name, base_shape, dtype)
        params[name] = group.record(base)
        if view:
            params[f"view_{name}"] = view
        views[name] = apply_view(base, view)
    result = np.asarray(exercise(op, views))
    assert result.dtype == np.dtype(dtype), (op, result.dtype)
    group.case(case_id, op, **params, out=group.record(result))


def build_exercises(rng):
    group = Group(
        "exercises",
        [
            "The course's exercises on random inputs, contiguous and strided. Each input is",
            "stored contiguous, and view_NAME gives the steps to its logical view; numpy",
            "computed the result from that view. normalize_rows leaves rows whose norm is 0",
            "as zeros (baretensor's documented difference; numpy gives NaN there). softmax",
            "subtracts the row maximum before np.exp. Integer dot, outer, multiply and",
            "matvec wrap around, as numpy's fixed-width integers do.",
        ],
    )
    integer_ops = ("image2vector", "dot", "outer", "multiply", "matvec")
    for op in EXERCISE_INPUTS:
        for dtype in FLOAT_DTYPES:
            for sample in range(25):
                add_exercise_case(group, rng, f"{op}-{dtype_name(dtype)}-{sample:02d}", op, dtype)
        if op in integer_ops:
            dtypes = INT_DTYPES + ((np.uint8,) if op == "image2vector" else ())
            for dtype in dtypes:
                for sample in range(12):
                    case_id = f"{op}-{dtype_name(dtype)}-{sample:02d}"
                    add_exercise_case(group, rng, case_id, op, dtype)
    return group


def random_slice_entry(rng, length):
    """One entry of an index: a full slice, a slice with random bounds
    (possibly negative or past the end) and step, or an integer."""
    kind = rng.choice(["full", "range", "range", "range", "index"])
    if kind == "index" and length > 0:
        return int(rng.integers(-length, length))
    if kind == "full":
        return slice(None, None, None)

    def bound():
        if rng.random() < 0.25:
            return None
        return int(rng.integers(-length - 3, length + 4))

    step = None if rng.random() < 0.2 else int(rng.choice([1, 2, 3, 5, -1, -2, -3]))
    return slice(bound(), bound(), step)


def build_slicing(rng):
    group = Group(
        "slicing",
        [
            "Basic indexing x[entries] with random starts, stops and steps (negative steps,",
            "bounds outside the axis) and integer indices, on inputs of rank 1 to 4 (sides",
            "0 to 5). The view_x steps are applied in order; each slice step is numpy's",
            "x[tuple], with fewer entries than axes leaving the last axes whole.",
            "expect=IndexError marks an integer index outside its axis.",
        ],
    )
    for sample in range(300):
        rank = int(rng.integers(1, 5))
        shape = random_shape(rng, rank, 5, zero_probability=0.1)
        dtype = np.int64 if sample % 3 else np.float32
        # Distinct values, so that any misplaced element shows.
        x = np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)
        steps = []
        current = x
        step_count = 1 if sample < 200 else 2
        if sample % 10 == 9 and rank >= 2:
            steps.append("T")
            current = current.T
        for _ in range(step_count):
            if current.ndim == 0:
                break
            count = current.ndim if rng.random() < 0.8 else int(rng.integers(0, current.ndim + 1))
            entries = [random_slice_entry(rng, current.shape[k]) for k in range(count)]
            steps.append(slice_text(entries))
            current = current[tuple(entries)]
        view = "|".join(steps)
        result = np.asarray(apply_view(x, view))
        assert np.array_equal(result, current)
        group.case(
            f"slice{sample:03d}",
            "slice",
            dtype=dtype_name(dtype),
            x=group.record(x),
            view_x=view,
            out=group.record(result),
        )

    for sample in range(20):
        rank = int(rng.integers(1, 4))
        shape = random_shape(rng, rank, 4, zero_probability=0.0)
        x = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
        entries = [random_slice_entry(rng, n) for n in shape]
        axis = int(rng.integers(0, rank))
        length = shape[axis]
        entries[axis] = length + int(rng.integers(0, 3)) if sample % 2 else -length - 1 - int(rng.integers(0, 3))
        try:
            x[tuple(entries)]
        except IndexError:
            pass
        else:
            raise AssertionError(f"numpy accepted {entries} for shape {shape}")
        group.case(
            f"out-of-range{sample:02d}",
            "slice",
            dtype="int64",
            x=group.record(x),
            view_x=slice_text(entries),
            expect="IndexError",
        )
    return group


def special_values(dtype):
    info = np.finfo(dtype)
    values = [
        np.nan,
        np.inf,
        -np.inf,
        0.0,
        -0.0,
        1.0,
        -1.0,
        2.5,
        -3.0,
        info.max,
        -info.max,
        info.smallest_normal,
        info.smallest_subnormal,
        -info.smallest_subnormal,
        info.eps,
        1 / 3,
    ]
    return np.array(values, dtype=dtype)


def build_special(rng):
    group = Group(
        "special",
        [
            "NaN, infinities, signed zeros, subnormals and the largest finite values:",
            "every pair of them under add, sub, mul and div (float results are IEEE 754, so",
            "they must match bit for bit, NaN matching any NaN); reductions over inputs with",
            "such values sprinkled in; sigmoid, sigmoid_derivative and softmax on them.",
        ],
    )
    for dtype in FLOAT_DTYPES:
        values = special_values(dtype)
        add_binary_cases(group, f"pairs-{dtype_name(dtype)}", values.reshape(-1, 1), values)

    sprinkled = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])
    for dtype in FLOAT_DTYPES:
        for sample in range(12):
            rank = int(rng.integers(1, 4))
            shape = random_shape(rng, rank, 4, zero_probability=0.05)
            x = reduction_floats(rng, shape, np.float64)
            chosen = rng.random(x.shape) < 0.12
            x = np.where(chosen, rng.choice(sprinkled, size=x.shape), x).astype(dtype)
            case_id = f"reduce-{dtype_name(dtype)}-{sample:02d}"
            add_reduction_cases(group, rng, case_id, x, FLOAT_REDUCTIONS)

        big = 800.0 if dtype == np.float64 else 100.0
        inputs = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, big, -big, 30.0, -30.0, 1e-30], dtype=dtype)
        for op in ("sigmoid", "sigmoid_derivative"):
            result = exercise(op, {"x": inputs})
            group.case(
                f"{op}-{dtype_name(dtype)}",
                op,
                dtype=dtype_name(dtype),
                x=group.record(inputs),
                out=group.record(result),
            )
        rows = np.array(
            [
                [0.0, -np.inf, 5.0, 1.0],
                [np.inf, 0.0, 1.0, 2.0],
                [np.nan, 0.0, 1.0, 2.0],
                [-np.inf, -np.inf, 3.0, -0.0],
                [big, big, -big, 0.0],
            ],
            dtype=dtype,
        )
        result = exercise("softmax", {"x": rows})
        group.case(
            f"softmax-{dtype_name(dtype)}",
            "softmax",
            dtype=dtype_name(dtype),
            x=group.record(rows),
            out=group.record(result),
        )
    return group


def edge_integers(dtype):
    info = np.iinfo(dtype)
    if dtype == np.uint8:
        values = [0, 1, 2, 3, 7, 10, 15, 16, 17, 100, 127, 128, 200, 250, 254, 255]
    else:
        # 46341 is the smallest integer whose square exceeds the int32
        # maximum, and 3037000500 the same for int64.
        root = 46341 if dtype == np.int32 else 3037000500
        values = [
            info.min,
            info.min + 1,
            -root,
            -7,
            -2,
            -1,
            0,
            1,
            2,
            3,
            7,
            root,
            info.max // 2 + 1,
            info.max - 1,
            info.max,
        ]
    return np.array(values, dtype=dtype)


def build_integers(rng):
    group = Group(
        "integers",
        [
            "Integer add, sub, mul and div on every pair of edge values (MIN, MAX, -1, 0,",
            "roots of MAX, ...) and on full-range random values, and sum, prod, max and min",
            "of full-range inputs. add, sub and mul wrap around exactly as numpy's arrays",
            "do (numpy does not raise for array arithmetic). div is truncating division",
            "with 0 where the divisor is 0 and MIN / -1 == MIN, baretensor's rule, computed",
            "by numpy in integer arithmetic. sum and prod are np.sum(x, dtype=x.dtype) and",
            "np.prod(x, dtype=x.dtype), which wrap around in the element type as",
            "baretensor's do; numpy's default would accumulate int32 in int64.",
        ],
    )
    for dtype in INT_DTYPES + (np.uint8,):
        values = edge_integers(dtype)
        add_binary_cases(group, f"edges-{dtype_name(dtype)}", values.reshape(-1, 1), values)
        for sample in range(4):
            a = random_full_range_ints(rng, (6, 5), dtype)
            b = random_full_range_ints(rng, (5,), dtype)
            b[int(rng.integers(0, 5))] = 0
            add_binary_cases(group, f"random-{dtype_name(dtype)}-{sample}", a, b)
        for sample in range(3):
            x = random_full_range_ints(rng, random_shape(rng, 3, 4, zero_probability=0.0), dtype)
            case_id = f"reduce-{dtype_name(dtype)}-{sample}"
            add_reduction_cases(group, rng, case_id, x, INT_REDUCTIONS)
    return group


BUILDERS = {
    "broadcast": build_broadcast,
    "reductions": build_reductions,
    "exercises": build_exercises,
    "slicing": build_slicing,
    "special": build_special,
    "integers": build_integers,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="directory to write the .bin and .manifest files to (default: this script's)",
    )
    args = parser.parse_args()
    # Build every group before writing any, so that a failed check leaves
    # the corpus on disk as it was.
    groups = []
    for index, build in enumerate(BUILDERS.values()):
        # One generator per group, so that changing one group leaves the
        # others' bytes unchanged.
        groups.append(build(np.random.default_rng([SEED, index])))
    args.out.mkdir(parents=True, exist_ok=True)
    for group in groups:
        group.write(args.out)
        size = len(group.data.getvalue())
        print(f"{group.name}: {len(group.lines)} cases, {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
