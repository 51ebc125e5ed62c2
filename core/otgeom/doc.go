// Package otgeom is the information geometry of entropic optimal transport on 2x2 plans, the
// smallest case in which the whole picture can be drawn (Amari, Karakida & Oizumi, Information
// Geometry 1:13-37, 2018; spec science-diag-sinkhorn.md §2.3 and §2.6).
//
// The problem: marginals p = (p1, 1-p1) and q = (q1, 1-q1) with 0 < p1, q1 < 1, the cost
// C = [[0, c], [c, 0]] (c may be any real number: c > 0 makes staying on the diagonal cheap,
// c < 0 makes swapping cheap, c = 0 makes every plan cost the same) and the entropy weight
// lambda > 0 (the spec's eps): P* = argmin over U(p,q) of <C,P> - lambda H(P).
//
// What it computes:
//
//   - The closed form of P*. U(p,q) is the segment P11 = a, P12 = p1 - a, P21 = q1 - a,
//     P22 = 1 - p1 - q1 + a, and every plan diag(u) K diag(v) with K = exp(-C/lambda) has the
//     cross ratio P11 P22 / (P12 P21) = K11 K22 / (K12 K21) = exp(2c/lambda). P* is the one
//     point of the segment with that cross ratio: a root of a quadratic, taken for the entry
//     that vanishes in the lambda -> 0 limit and in the form free of cancellation, and returned
//     as logarithms too, so lambda can run from 1e-6 |c| to 1e6 |c| with nothing underflowing
//     to a wrong answer (OptimalLogPlan). It is the independent oracle the simulator is tested
//     against.
//   - The LP plan, the lambda -> 0 limit (LPPlan): for c > 0 the diagonal vertex
//     P11 = min(p1, q1), P22 = min(p2, q2); for c < 0 the anti-diagonal vertex
//     P12 = min(p1, q2), P21 = min(p2, q1); for c = 0 every coupling is optimal, and the limit
//     (the most spread-out one) is p q^T.
//   - Sinkhorn's iterates as e-projections (Run, built on core/sinkhorn's Solver), the
//     generalised KL computed from log-plans (KLLog), and the Pythagorean relation
//     KL(P*||P_k) = KL(P*||P_{k+1}) + KL(P_{k+1}||P_k) with its rounding gap per step.
//   - The 3-D picture: plans are points of the tetrahedron with one vertex per cell (Embed).
//     The vertices are corners of the cube [-1,1]^3 chosen so that x = 2 (P11 + P12) - 1 is
//     the row marginal, y = 2 (P11 + P21) - 1 the column marginal and z = 2 (P11 + P22) - 1
//     the mass on the diagonal (so <C,P> = c (1 - z)/2). The plane M_p of plans with row sums
//     p is then x = 2 p1 - 1, M_q is y = 2 q1 - 1, U(p,q) is the vertical segment where they
//     cross, and the normalised exponential family E_K is a surface z = f(x, y) (EKMesh), on
//     which each projection travels along an e-geodesic (EGeodesic). Camera projects it
//     orthographically for drawing.
//
// The two limits (spec §2.6), with the rates this package's tests measure:
//
//   - lambda -> 0 (c != 0, p1 != q1 for c > 0): the entry of P* that vanishes in the LP plan is
//     x = exp(-2|c|/lambda) a b / s (1 + O(exp(-2|c|/lambda))) with a, b the two marginals
//     that bound it and s > 0 the fourth entry's LP value, so ||P* - P_LP||_1 = 4x falls
//     exponentially in 1/lambda. When s = 0 (p1 = q1 for c > 0, p1 + q1 = 1 for c < 0) the LP
//     vertex is degenerate and x = exp(-|c|/lambda) sqrt(a b) (1 + O(exp(-|c|/lambda))):
//     half the exponent.
//   - lambda -> infinity: P* = p q^T + O(1/lambda), with
//     lambda ||P* - p q^T||_1 -> 8 |c| p1 p2 q1 q2.
package otgeom
