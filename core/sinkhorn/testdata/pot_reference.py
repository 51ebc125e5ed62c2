"""Time POT's Sinkhorn on the problem of BenchmarkSinkhornIteration and
BenchmarkSinkhornLogIteration, for the ratios the project's issue asks for.

    python3 core/sinkhorn/testdata/pot_reference.py [n]

Needs Debian's python3-pot (POT 0.8.2 here). The problem has the same law as
sinkhorn.GaussianClouds (two standard 2-D Gaussian clouds of n points, the second
shifted by (1, 1), squared Euclidean cost over its maximum), not the same draws.
Each figure is the time of a fixed number of iterations divided by that number
(stopThr=0 so POT never stops early), best of five runs.
"""
import sys
import time

import numpy as np
import ot

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = np.random.default_rng(1)
a = rng.standard_normal((n, 2))
b = rng.standard_normal((n, 2)) + 1
M = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
M /= M.max()
w = np.ones(n) / n


def per_iteration(method, reg, iters):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        ot.sinkhorn(w, w, M, reg, method=method, numItermax=iters, stopThr=0, warn=False)
        best = min(best, (time.perf_counter() - t) / iters)
    return best


print("n=%d POT %s" % (n, ot.__version__))
print("ot.sinkhorn reg=0.05:                    %.3f ms/iteration" % (1e3 * per_iteration("sinkhorn", 0.05, 400)))
print("ot.sinkhorn method=sinkhorn_log reg=1e-3: %.3f ms/iteration" % (1e3 * per_iteration("sinkhorn_log", 1e-3, 40)))
