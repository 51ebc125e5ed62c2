#!/usr/bin/python3
"""SciPy reference timing for BenchmarkDLNFlow (core/dln/bench_test.go).

Builds a problem of the same law as dln.SparseTeacher(100, 1000, 5, 0, seed): X is n x d with
standard normal entries, the teacher has k = 5 non-zeros drawn N(0, 4) at random coordinates,
y = X beta_teacher, no noise. NumPy's generator cannot reproduce Go's PCG draws, so these are
problems of the same kind, not the same problem; --problem FILE reads the very problem of the
Go benchmark instead, as written by
    DLN_BENCH_PROBLEM=FILE go test -run TestWriteBenchProblem ./core/dln/

It integrates the reduced depth-2 flow of spec §1.2,
    ds/dt = y - X beta(s),  beta(s) = 2 alpha^2 sinh((4/n) X^T s),  s(0) = 0,
with solve_ivp(method="BDF", rtol=1e-8, atol=1e-12), alpha = 1e-3, from t = 0 until the
terminal event max|X beta - y| < 1e-6, and prints nfev, njev, nlu, the wall time and the CPU
time of the process (all threads; medians of the repeats), once with the analytic Jacobian J = -(4/n) X diag(2 alpha^2 cosh(z)) X^T and once
with SciPy's finite-difference Jacobian (the solve_ivp default).

Run from the repository root:
    /usr/bin/python3 core/dln/testdata/scipy_reference.py [--repeats 5] [--seeds 1,2,3] [--problem FILE]
"""
import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

N, D, K, ALPHA, TOL = 100, 1000, 5, 1e-3, 1e-6


def problem(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    teacher = np.zeros(D)
    teacher[rng.permutation(D)[:K]] = 2.0 * rng.standard_normal(K)
    return X, X @ teacher


def read_problem(path):
    with open(path) as fh:
        n, d = map(int, fh.readline().split())
        y = np.array(fh.readline().split(), dtype=float)
        X = np.loadtxt(fh)
    assert X.shape == (n, d) and y.shape == (n,)
    return X, y


def run(X, y, analytic_jac):
    n = X.shape[0]
    a2 = 2.0 * ALPHA ** 2

    def beta(s):
        return a2 * np.sinh((4.0 / n) * (X.T @ s))

    def rhs(t, s):
        return y - X @ beta(s)

    def jac(t, s):
        c = (4.0 / n) * a2 * np.cosh((4.0 / n) * (X.T @ s))
        return -(X * c) @ X.T

    def event(t, s):
        return np.max(np.abs(X @ beta(s) - y)) - TOL

    event.terminal = True
    event.direction = -1
    t0, c0 = time.perf_counter(), time.process_time()
    sol = solve_ivp(rhs, (0.0, 1e9), np.zeros(n), method="BDF", rtol=1e-8, atol=1e-12,
                    jac=jac if analytic_jac else None, events=event)
    sec, cpu = time.perf_counter() - t0, time.process_time() - c0
    res = np.max(np.abs(X @ beta(sol.y[:, -1]) - y))
    return sol, sec, cpu, res


def report(name, X, y, repeats):
    for analytic in (True, False):
        secs, cpus = [], []
        for _ in range(repeats):
            sol, sec, cpu, res = run(X, y, analytic)
            secs.append(sec)
            cpus.append(cpu)
        print(f"{name} jac={'analytic' if analytic else 'finite-diff'}: status {sol.status}, "
              f"t_end {sol.t[-1]:.6g}, steps {len(sol.t) - 1}, nfev {sol.nfev}, njev {sol.njev}, "
              f"nlu {sol.nlu}, max|X beta - y| {res:.3g}, seconds median {np.median(secs):.4f} "
              f"(min {min(secs):.4f}, max {max(secs):.4f}, {repeats} runs), CPU seconds median "
              f"{np.median(cpus):.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seeds", default="1", help="comma-separated NumPy seeds")
    ap.add_argument("--problem", help="read X and y written by TestWriteBenchProblem instead")
    args = ap.parse_args()
    if args.problem:
        X, y = read_problem(args.problem)
        report(f"problem {args.problem}", X, y, args.repeats)
        return
    for seed in (int(s) for s in args.seeds.split(",")):
        X, y = problem(seed)
        report(f"seed {seed}", X, y, args.repeats)


if __name__ == "__main__":
    main()
