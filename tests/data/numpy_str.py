"""Write the golden outputs of numpy's str() that src/fmt.rs is tested against.

Usage, from the repository root, with a Python that has numpy 2.x installed:

    python tests/data/numpy_str.py

The script builds a fixed, seeded list of arrays and writes numpy_str.txt next
to itself. Rerunning it with the same numpy version gives the same file.

File format. The file is ASCII and every line ends with a single "\\n".
It starts with three header lines:

    numpy_str 1
    numpy <version of numpy that produced the file>
    cases <number of cases>

Each case follows as three lines and a text block:

    case <dtype> <ndim> <dim 0> ... <dim ndim-1>
    values <hex> <hex> ...
    str <length>
    <the output of str(array): exactly <length> bytes, may contain newlines>

and the block is closed by one "\\n". <dtype> is one of float64, float32,
int32, int64, uint8, bool. A 0-d array has ndim 0 and no dims. The values are
the elements in row-major order, each written as the bit pattern of the element
in lowercase hex with two digits per byte (bool: 00 or 01), so that NaN
payloads, -0.0 and subnormals survive exactly. An empty array has a bare
"values" line.
"""

import pathlib

import numpy as np

SEED = 20240607
DTYPES = ["float64", "float32", "int32", "int64", "uint8", "bool"]
FLOAT_DTYPES = ["float64", "float32"]
INT_DTYPES = ["int32", "int64", "uint8"]


def bit_pattern_hex(array):
    """Return the elements of `array` as hex bit patterns, in row-major order."""
    flat = np.ascontiguousarray(array).reshape(-1)
    if flat.dtype == np.bool_:
        unsigned = flat.view(np.uint8)
    else:
        unsigned = flat.view(np.dtype(f"u{flat.dtype.itemsize}"))
    digits = 2 * flat.dtype.itemsize
    return [format(int(value), f"0{digits}x") for value in unsigned]


def encode_case(array):
    """Return the text block of one case, in the format of the module docstring."""
    text = str(array)
    shape = " ".join(str(dim) for dim in array.shape)
    header = f"case {array.dtype.name} {array.ndim}" + (f" {shape}" if shape else "")
    values = " ".join(["values"] + bit_pattern_hex(array))
    return f"{header}\n{values}\nstr {len(text)}\n{text}\n"


def to_dtype(values, dtype):
    """Convert float64 `values` to `dtype`, saturating at the type's range."""
    values = np.asarray(values, dtype=np.float64)
    if dtype in FLOAT_DTYPES:
        with np.errstate(over="ignore"):
            return values.astype(dtype)
    info = np.iinfo(dtype)
    finite = np.nan_to_num(values, nan=0.0, posinf=info.max, neginf=info.min)
    return np.clip(np.round(finite), info.min, info.max).astype(dtype)


# Float value generators. Each takes (rng, count, dtype) and returns float64
# values that `to_dtype` then rounds to the array's type.


def unit_interval(rng, count, dtype):
    return rng.random(count)


def scaled_normal(rng, count, dtype):
    return rng.normal(size=count) * 10.0 ** rng.integers(-6, 10)


def small_integers(rng, count, dtype):
    return rng.integers(-1000, 1000, count).astype(np.float64)


def large_integers(rng, count, dtype):
    digits = int(rng.integers(6, 17))
    return rng.integers(-(10**digits), 10**digits, count).astype(np.float64)


def mixed_magnitudes(rng, count, dtype):
    signs = rng.choice([-1.0, 1.0], count)
    return signs * 10.0 ** rng.uniform(-12, 12, count)


def narrow_band(rng, count, dtype):
    # Magnitudes within a factor of 1000 around a random power of ten, so
    # both positional and scientific outputs occur.
    center = rng.uniform(-6, 9)
    return rng.choice([-1.0, 1.0], count) * 10.0 ** rng.uniform(center - 1.4, center + 1.4, count)


def tiny_values(rng, count, dtype):
    info = np.finfo(dtype)
    low = np.log10(float(info.smallest_subnormal))
    high = np.log10(float(info.smallest_normal)) + 3
    return rng.choice([-1.0, 1.0], count) * 10.0 ** rng.uniform(low, high, count)


def huge_values(rng, count, dtype):
    high = np.log10(float(np.finfo(dtype).max))
    return rng.choice([-1.0, 1.0], count) * 10.0 ** rng.uniform(5, high, count)


def eight_digit_fractions(rng, count, dtype):
    # Values whose shortest decimal form has up to eight digits after the
    # point, the most that numpy shows.
    return rng.integers(-(10**9), 10**9, count) / 1e8


def eighth_digit_rounding(rng, count, dtype):
    # Halfway cases at the ninth fractional digit, and dyadic fractions
    # (k / 2**m) whose exact decimal value can end in a tie at that digit.
    halfway = (rng.integers(0, 10**8, count) + 0.5) / 1e8
    dyadic = rng.integers(1, 2**12, count) / 2.0 ** rng.integers(9, 14, count)
    return np.where(rng.random(count) < 0.5, halfway, dyadic)


def near_cutoffs(rng, count, dtype):
    # Values around the thresholds numpy uses to choose scientific notation.
    anchors = np.array([1e-4, 1e6, 1e8, 1e3, 1.0, 1e16, 999.9999999, 0.1])
    picked = rng.choice(anchors, count)
    nudges = rng.choice([-2, -1, 0, 0, 1, 2], count)
    nudged = picked.astype(dtype)
    for _ in range(2):
        step_up = nudges > 0
        step_down = nudges < 0
        nudged = np.where(step_up, np.nextafter(nudged, np.inf, dtype=dtype), nudged)
        nudged = np.where(step_down, np.nextafter(nudged, -np.inf, dtype=dtype), nudged)
        nudges = nudges - np.sign(nudges)
    return nudged.astype(np.float64)


def ratio_edge(rng, count, dtype):
    # A minimum and a maximum whose ratio sits just below or above 1000.
    base = 10.0 ** rng.uniform(-3, 4)
    values = base * rng.uniform(1, 1000, count)
    if count == 0:
        return values
    values[0] = base
    values[-1] = base * rng.choice([999.99999, 1000.0, 1000.00001, 1000.1])
    return values


FLOAT_GENERATORS = [
    unit_interval,
    scaled_normal,
    small_integers,
    large_integers,
    mixed_magnitudes,
    narrow_band,
    tiny_values,
    huge_values,
    eight_digit_fractions,
    eighth_digit_rounding,
    near_cutoffs,
    ratio_edge,
]

SPECIAL_FLOATS = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0])


def float_values(rng, count, dtype):
    """Return `count` values of a random float style, sometimes with NaN, ±inf and ±0."""
    generator = FLOAT_GENERATORS[rng.integers(len(FLOAT_GENERATORS))]
    values = np.asarray(generator(rng, count, dtype), dtype=np.float64)
    if count and rng.random() < 0.3:
        spots = rng.random(count) < 0.25
        values = np.where(spots, rng.choice(SPECIAL_FLOATS, count), values)
    return to_dtype(values, dtype)


def int_values(rng, count, dtype):
    """Return `count` integers of a random range: small, wide or the full type range."""
    info = np.iinfo(dtype)
    style = rng.integers(4)
    if style == 0:
        low, high = max(info.min, -10), min(info.max, 10)
    elif style == 1:
        low, high = max(info.min, -100000), min(info.max, 100000)
    elif style == 2:
        low, high = 0, min(info.max, 1000)
    else:
        low, high = info.min, info.max
    values = rng.integers(low, high, count, dtype=dtype, endpoint=True)
    if count and style == 3 and rng.random() < 0.5:
        values[rng.integers(count)] = info.min
        values[rng.integers(count)] = info.max
    return values


def random_values(rng, count, dtype):
    if dtype in FLOAT_DTYPES:
        return float_values(rng, count, dtype)
    if dtype in INT_DTYPES:
        return int_values(rng, count, dtype)
    return rng.random(count) < rng.random()


def random_shape(rng, ndim):
    """Return a shape of `ndim` axes with at most 1000 elements, sometimes empty."""
    while True:
        if rng.random() < 0.07:
            dims = rng.integers(0, 4, ndim)
            dims[rng.integers(ndim)] = 0
        elif ndim == 1:
            dims = rng.integers(1, 40, 1)
        elif ndim == 2:
            dims = rng.integers(1, 14, 2)
        else:
            dims = rng.integers(1, 6, ndim)
        if np.prod(dims) <= 1000:
            return tuple(int(dim) for dim in dims)


def example_cases():
    """Return the documented examples: sigmoid, unit rows, softmax and outer products."""
    sigmoid = 1.0 / (1.0 + np.exp(-np.array([1.0, 2.0, 3.0])))
    unit_rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])
    unit_rows = unit_rows / np.linalg.norm(unit_rows, axis=1, keepdims=True)
    logits = np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]])
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return [
        sigmoid,
        unit_rows,
        softmax,
        np.outer(np.arange(1, 5), np.arange(1, 6)).astype(np.int32),
        np.outer(np.arange(-3, 4), np.arange(0, 120, 11)).astype(np.int64),
        np.outer(np.arange(1, 13), np.arange(1, 13)).astype(np.int32),
        np.arange(24, dtype=np.int64).reshape(2, 3, 4),
        np.arange(48, dtype=np.int32).reshape(2, 2, 3, 4),
    ]


def edge_cases():
    """Return arrays at the edges of numpy's formatting rules."""
    f32 = np.float32
    float_edges = [
        np.array([1.0, 2.0, 3.0]),
        np.array([0.0, 1.0]),
        np.array([-0.0, 0.0]),
        np.array([1e-5, 1.0]),
        np.array([1e8, 1.0]),
        np.array([1e10, -1e-10]),
        np.array([1e100, 1e-100, 1.0]),
        np.array([np.nan, np.inf, -np.inf]),
        np.array([np.nan, 1.5]),
        np.array([np.inf, -1e-20]),
        np.array([np.nan, np.nan], dtype=f32),
        np.array([0.001953125, 0.005859375]),
        np.array([1234567885.0, 1234567875.0]),
        np.array([0.1, 0.2, 0.3], dtype=f32),
        np.array([0.1, 1.2345678e-5], dtype=f32),
        np.array([0.1, 1.19097386e-07], dtype=f32),
        np.array([57327.8125, 0.5], dtype=f32),
        np.array([1e6, 1.0], dtype=f32),
        np.array([999999.0, 1.0], dtype=f32),
        np.array([1e-4], dtype=f32),
        np.array([1e-4]),
        np.zeros((2, 3)),
        np.zeros((3,), dtype=f32),
        np.full((2, 2), -0.0),
        np.ones((30,)) / 3.0,
    ]
    other_edges = [
        np.array([True, False, True]),
        np.array([[True, True], [True, True]]),
        np.arange(40, dtype=np.int64) * 10**12,
        np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max]),
        np.array([np.iinfo(np.int32).min, 0, np.iinfo(np.int32).max], dtype=np.int32),
        np.array([0, 255], dtype=np.uint8),
    ]
    summarised = [
        np.arange(1001, dtype=np.float64),
        np.arange(1001, dtype=np.uint8),
        np.linspace(0, 1, 2000).reshape(40, 50),
        np.arange(7 * 7 * 7 * 7, dtype=np.int64).reshape(7, 7, 7, 7),
        np.arange(1002, dtype=f32).reshape(1, 1002) * f32(1e-3),
    ]
    return float_edges + other_edges + summarised


def empty_cases():
    """Return arrays with a zero-length axis, in every dtype."""
    shapes = [(0,), (2, 0), (0, 3), (2, 0, 3), (0, 0), (1, 0, 1, 1)]
    return [np.zeros(shape, dtype=dtype) for shape in shapes for dtype in DTYPES]


def scalar_cases():
    """Return 0-d arrays, whose str() is the str() of their scalar."""
    scalars = [
        (np.float64, [0.0, -0.0, 1.0, 1.5, -2.25, 1e-5, 1e-4, 9.99e-5, 1e15, 1e16,
                      123456789.0, 0.1, 1 / 3, 2.5e-300, 5e-324, 1.7976931348623157e308,
                      np.nan, np.inf, -np.inf]),
        (np.float32, [0.0, -0.0, 1.0, 0.1, 1 / 3, 1e-4, 1e5, 999999.0, 1e6, 1e7,
                      123456789.0, 3e38, 1e-45, np.nan, -np.inf]),
        (np.int32, [0, -1, 2147483647, -2147483648]),
        (np.int64, [0, 42, -9223372036854775808]),
        (np.uint8, [0, 7, 255]),
        (np.bool_, [True, False]),
    ]
    return [np.array(value, dtype=dtype) for dtype, values in scalars for value in values]


def random_cases(rng, count):
    """Return `count` arrays of random dtype, rank (0 to 4), shape and values."""
    cases = []
    for _ in range(count):
        dtype = DTYPES[rng.integers(len(DTYPES))]
        ndim = int(rng.integers(0, 5))
        shape = random_shape(rng, ndim) if ndim else ()
        size = int(np.prod(shape))
        cases.append(random_values(rng, size, dtype).reshape(shape))
    return cases


def wrapping_cases(rng, count):
    """Return arrays whose rows are long enough that numpy wraps them."""
    cases = []
    for _ in range(count):
        dtype = DTYPES[rng.integers(len(DTYPES))]
        row = int(rng.integers(12, 60))
        shape = [(row,), (2, row), (2, 2, row)][rng.integers(3)]
        size = int(np.prod(shape))
        cases.append(random_values(rng, size, dtype).reshape(shape))
    return cases


def summarised_cases(rng, count):
    """Return arrays of more than 1000 elements, which numpy prints with '...'."""
    shapes = [(1001,), (1500,), (40, 30), (3, 400), (400, 3), (11, 11, 11),
              (2, 3, 200), (7, 7, 7, 7), (1, 1, 1001), (5, 5, 5, 10), (1001, 1)]
    cases = []
    for index in range(count):
        dtype = DTYPES[index % len(DTYPES)]
        shape = shapes[rng.integers(len(shapes))]
        size = int(np.prod(shape))
        cases.append(random_values(rng, size, dtype).reshape(shape))
    return cases


def main():
    rng = np.random.default_rng(SEED)
    cases = example_cases() + edge_cases() + empty_cases() + scalar_cases()
    cases += random_cases(rng, 320)
    cases += wrapping_cases(rng, 40)
    cases += summarised_cases(rng, 24)
    header = f"numpy_str 1\nnumpy {np.__version__}\ncases {len(cases)}\n"
    body = "".join(encode_case(np.asarray(case)) for case in cases)
    path = pathlib.Path(__file__).with_name("numpy_str.txt")
    path.write_bytes((header + body).encode("ascii"))
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
