"""Write the .npy fixtures that tests/npy.rs reads, and check the .npy files
that baretensor writes.

Usage, from the repository root, with a Python that has numpy 2.x installed:

    python tests/data/npy_fixtures.py
    python tests/data/npy_fixtures.py check-written DIR

The first form writes every file of FIXTURES into tests/data/npy/, replacing
what is there. The committed files were written this way with numpy 2.4.6 on
Python 3.11.7 (x86-64 Linux), and rerunning it with that numpy version gives
the same bytes. tests/npy.rs states the expected values of each file again,
so a change here needs the same change there.

The second form loads every file of WRITTEN from DIR, a directory that the
test `written_files_read_back` in tests/npy.rs fills when run with
BARETENSOR_KEEP_NPY=1 (tests/data/README.md shows the command). For each file
it checks that numpy.load returns the expected dtype, shape and element bits,
and that the file is byte for byte what numpy.save writes for the same array.
It prints one line per file and exits with status 1 if any check failed.
"""

import io
import pathlib
import sys

import numpy as np
from numpy.lib import format as npy_format

FIXTURE_DIR = pathlib.Path(__file__).resolve().parent / "npy"


def save(path, array, version=None):
    """Write `array` to `path` with numpy's writer, in the given format version.

    Only an object array is pickled, which is how numpy stores those.
    """
    allow_pickle = array.dtype.hasobject
    with open(path, "wb") as file:
        if version is None:
            np.save(file, array, allow_pickle=allow_pickle)
        else:
            npy_format.write_array(file, array, version=version, allow_pickle=allow_pickle)


# The fixtures: file name, array and format version (None lets numpy choose,
# which is 1.0 for all of these). Each is tiny: the set stays under 8 KB.
FIXTURES = [
    ("float32.npy", np.array([[0.1, -2.5, np.inf], [np.nan, -0.0, 1e-45]], dtype=np.float32), None),
    ("float64.npy", np.array([[0.1, -1e300, 5e-324], [-0.0, -np.inf, np.nan]]), None),
    ("int32.npy", np.array([[-(2**31), 2**31 - 1], [0, -1]], dtype=np.int32), None),
    ("int64.npy", np.array([-(2**63), 2**63 - 1, 0, -1], dtype=np.int64), None),
    ("uint8.npy", np.array([[0, 1, 127], [128, 254, 255]], dtype=np.uint8), None),
    ("bool.npy", np.array([[True, False, True], [False, False, True]]), None),
    ("float64_big_endian.npy", np.array([[1.5, -2.0], [1e-300, np.inf]], dtype=">f8"), None),
    ("int32_big_endian.npy", np.array([1, -2, 0x12345678], dtype=">i4"), None),
    ("float64_fortran.npy", np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)), None),
    ("uint8_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.uint8).reshape(3, 2)), None),
    ("int64_version_2.npy", np.arange(6, dtype=np.int64).reshape(2, 3) - 3, (2, 0)),
    ("float32_version_3.npy", np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), (3, 0)),
    ("float64_scalar.npy", np.array(2.5), None),
    ("int32_empty.npy", np.zeros((0, 3), dtype=np.int32), None),
    # Dtypes that baretensor rejects.
    ("complex128.npy", np.array([1 + 2j, -0.5j]), None),
    ("object.npy", np.array([1, "one"], dtype=object), None),
]


def write_fixtures():
    FIXTURE_DIR.mkdir(exist_ok=True)
    for name, array, version in FIXTURES:
        save(FIXTURE_DIR / name, array, version)
        print(f"wrote {name}: {array.dtype.str} {array.shape}")


# The files that `written_files_read_back` writes, with the arrays they must
# contain. The Rust test builds each tensor as the comment above it describes.
WRITTEN = {
    # A contiguous tensor.
    "float64_2x3.npy": np.arange(6, dtype=np.float64).reshape(2, 3) * 0.5 - 1,
    # A rank-3 tensor.
    "float32_2x3x4.npy": np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8,
    # The transpose of a (3, 4) tensor, written in row-major logical order.
    "int32_transposed.npy": (np.arange(12, dtype=np.int32).reshape(3, 4) - 5).T,
    # A (3,) tensor broadcast to (4, 3).
    "int64_broadcast.npy": np.broadcast_to(np.array([-(2**40), 0, 2**40], dtype=np.int64), (4, 3)),
    # A rank-4 tensor.
    "uint8_rank4.npy": (np.arange(24) * 11 % 256).astype(np.uint8).reshape(2, 3, 2, 2),
    # A 0-d tensor holding negative zero.
    "float64_scalar.npy": np.array(-0.0),
    # Tensors with no elements.
    "int32_empty.npy": np.zeros((0, 3), dtype=np.int32),
    "float32_empty_rank3.npy": np.zeros((2, 0, 4), dtype=np.float32),
    # NpyArray::Bool of [[1, 0], [0, 1]].
    "bool_mask.npy": np.array([[True, False], [False, True]]),
    # The fixture float64_fortran.npy, read and written back in C order.
    "float64_from_fortran.npy": np.arange(24.0).reshape(2, 3, 4),
    # Values whose bits must survive exactly.
    "float64_special.npy": np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308]),
}


def c_order(array):
    """Return a C-contiguous copy of `array`.

    np.ascontiguousarray would turn a 0-d array into shape (1,).
    """
    return np.array(array, order="C", copy=True)


def numpy_save_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, c_order(array), allow_pickle=False)
    return buffer.getvalue()


def check_file(path, expected):
    """Return a list of the checks that failed for one written file."""
    problems = []
    loaded = np.load(path, allow_pickle=False)
    if loaded.dtype != expected.dtype:
        problems.append(f"dtype {loaded.dtype}, expected {expected.dtype}")
    if loaded.shape != expected.shape:
        problems.append(f"shape {loaded.shape}, expected {expected.shape}")
    if not problems and loaded.tobytes() != c_order(expected).tobytes():
        problems.append("element bits differ")
    if path.read_bytes() != numpy_save_bytes(expected):
        problems.append("bytes differ from numpy.save")
    return problems


def check_written(directory):
    directory = pathlib.Path(directory)
    failed = 0
    for name, expected in WRITTEN.items():
        path = directory / name
        problems = ["missing"] if not path.exists() else check_file(path, expected)
        failed += bool(problems)
        print(f"{name}: {'; '.join(problems) if problems else 'ok, and byte-identical to numpy.save'}")
    print(f"numpy {np.__version__}: {len(WRITTEN) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main(arguments):
    if not arguments:
        write_fixtures()
        return 0
    if len(arguments) == 2 and arguments[0] == "check-written":
        return check_written(arguments[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
