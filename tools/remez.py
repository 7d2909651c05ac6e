"""Weighted Remez exchange for the exp and sqrt polynomials (mpmath, 60 digits)."""
import sys
from mpmath import mp, mpf, exp, sqrt, cos, pi, matrix, lu_solve, log

mp.dps = 60


def remez(f, w, a, b, n, iters=40, grid=4000):
    """Minimise max |w(x) (f(x) - p(x))| over [a, b] for p of degree n."""
    m = n + 2
    ref = [(a + b) / 2 + (b - a) / 2 * cos(pi * (m - 1 - i) / (m - 1)) for i in range(m)]
    for _ in range(iters):
        A = matrix(m, m)
        rhs = matrix(m, 1)
        for i, x in enumerate(ref):
            for j in range(n + 1):
                A[i, j] = x ** j
            A[i, n + 1] = (-1) ** i / w(x)
            rhs[i] = f(x)
        sol = lu_solve(A, rhs)
        c = [sol[j] for j in range(n + 1)]

        def err(x):
            p = mpf(0)
            for cj in reversed(c):
                p = p * x + cj
            return w(x) * (f(x) - p)

        xs = [a + (b - a) * i / grid for i in range(grid + 1)]
        es = [err(x) for x in xs]
        # The largest |error| in each run of equal sign gives alternating extrema.
        alt = []
        for x, e in zip(xs, es):
            if alt and (alt[-1][1] > 0) == (e > 0):
                if abs(e) > abs(alt[-1][1]):
                    alt[-1] = (x, e)
            else:
                alt.append((x, e))
        while len(alt) > m:
            if abs(alt[0][1]) < abs(alt[-1][1]):
                alt.pop(0)
            else:
                alt.pop()
        if len(alt) < m:
            break
        ref = [x for x, _ in alt]
        mx = max(abs(e) for _, e in alt)
        mn = min(abs(e) for _, e in alt)
        if mx / mn < 1 + mpf(10) ** -8:
            break
    return c, max(abs(e) for e in es)


def q(x):
    """(e^x - 1 - x) / x^2, by its Taylor series near 0."""
    if abs(x) < mpf(10) ** -20:
        return mpf(1) / 2 + x / 6
    return (exp(x) - 1 - x) / x ** 2


def show(name, c):
    for j, cj in enumerate(c):
        print(f"{name}{j} = {float(cj)!r}  # {mp.nstr(cj, 25)}")


if __name__ == "__main__":
    which = sys.argv[1]
    if which == "exp":
        n = int(sys.argv[2])
        a = mpf("0.3466")
        # Relative error of Q; the term r^2 Q then has error r^2 Q eps.
        c, e = remez(q, lambda x: 1 / q(x), -a, a, n)
        show("C", c)
        print("max rel err of Q:", mp.nstr(e, 5), "log2:", mp.nstr(log(e, 2), 5))
        # Error of 1 + r + r^2 P(r) with coefficients rounded to double, relative to e^r.
        cd = [mpf(float(cj)) for cj in c]
        worst = mpf(0)
        for i in range(20001):
            x = -a + 2 * a * i / 20000
            p = mpf(0)
            for cj in reversed(cd):
                p = p * x + cj
            rel = abs(1 + x + x * x * p - exp(x)) / exp(x)
            worst = max(worst, rel)
        print("max rel err of exp with double coefficients: log2", mp.nstr(log(worst, 2), 5))
    elif which == "sqrt":
        n = int(sys.argv[2])
        c, e = remez(sqrt, lambda x: 1 / sqrt(x), mpf(1), mpf(4), n)
        show("S", c)
        print("max rel err:", mp.nstr(e, 5))
