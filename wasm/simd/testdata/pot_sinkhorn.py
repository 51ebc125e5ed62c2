"""Time POT's ot.sinkhorn per iteration on the exact problem the browser benchmark solves.

    python3 wasm/simd/testdata/pot_sinkhorn.py COST.bin

COST.bin holds the n x n cost matrix of sinkhorn.GaussianClouds(n, 1) (already divided by its
maximum) as little-endian float64 values, row-major, as site/e2e's BenchmarkSIMDReport writes
it; the marginals are uniform, the entropy weight 0.05 (BenchmarkSinkhornIteration's problem).
The time is that of a fixed number of iterations divided by that number (stopThr=0, so POT never
stops early; it still measures its error every 10 iterations, as it does in use), best of five.

If POT cannot be imported, the script times numpy's two matrix-vector products and two
divisions per iteration instead (u = a / (K v), v = b / (K^T u)) and says it is a stand-in.
It prints one line of JSON: {"n", "msPerIteration", "what", "numpy", "pot", "standIn"}.
"""
import json
import sys
import time

import numpy as np

ITERS = 400

C = np.fromfile(sys.argv[1], dtype="<f8")
n = int(round(len(C) ** 0.5))
if n * n != len(C):
    sys.exit("%s: %d values is not a square matrix" % (sys.argv[1], len(C)))
M = C.reshape(n, n)
w = np.ones(n) / n
reg = 0.05

try:
    import ot

    def once():
        ot.sinkhorn(w, w, M, reg, method="sinkhorn", numItermax=ITERS, stopThr=0, warn=False)

    what, pot, stand_in = "ot.sinkhorn(method='sinkhorn', reg=0.05)", ot.__version__, False
except ImportError:
    K = np.exp(-M / reg)

    def once():
        u, v = np.ones(n), np.ones(n)
        for _ in range(ITERS):
            u = w / (K @ v)
            v = w / (K.T @ u)

    what, pot, stand_in = "numpy stand-in: u = a / (K v), v = b / (K^T u)", None, True

best = float("inf")
for _ in range(5):
    t = time.perf_counter()
    once()
    best = min(best, (time.perf_counter() - t) / ITERS)
print(json.dumps({"n": n, "msPerIteration": best * 1e3, "what": what, "numpy": np.__version__,
                  "pot": pot, "standIn": stand_in}))
