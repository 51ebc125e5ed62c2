// Package dln computes what a diagonal linear network learns: the model
//
//	beta = w_+^D - w_-^D  (elementwise, depth D = 2 by default),  w_+(0) = w_-(0) = alpha,
//
// trained on the squared loss L(beta) = ||X beta - y||^2 / (2n) of an underdetermined problem
// (X is n x d with d > n). The setting and the kernel/rich dichotomy are those of Woodworth,
// Gunasekar, Lee, Moroshko, Savarese, Golan, Soudry and Srebro, "Kernel and Rich Regimes in
// Overparametrized Models", COLT 2020 (arXiv:1906.05827): the initialisation scale alpha decides
// whether gradient flow ends at the minimum-L2 interpolator (alpha -> ∞, the kernel or lazy regime)
// or at the minimum-L1 one (alpha -> 0, the rich regime), and in between at
//
//	argmin Q_alpha(beta) s.t. X beta = y,   Q_alpha(beta) = alpha^2 Σ_i q(beta_i/alpha^2),
//	q(z) = 2 - sqrt(4 + z^2) + z asinh(z/2),
//
// with the depth-D analogue Q^D_alpha for D >= 3. The project's spec (science-diag-sinkhorn.md,
// Part 1) restates that theorem and proves it (§1.3); the reduced n-dimensional flow (§1.2), the
// dual Newton oracle (§1.5), the limits (§1.4) and the u⊙v mapping alpha = c/2 (§1.1) are the
// spec's own derivations, and the tests check this package against the spec's tables (§1.6).
//
// What is here:
//   - Problem, NewProblem, SparseTeacher: the data, checked (ragged rows, d <= n, singular X X^T).
//   - Oracle / OracleDual: argmin Q_alpha (depth 2) by Newton on the dual
//     G(nu) = 2 alpha^2 Σ cosh((X^T nu)_i) - y·nu with the trust region of §1.5, carrying
//     ln(2 alpha^2) so that tiny alpha does not underflow (§1.8.5); at depth D >= 3, Newton on nu
//     for X alpha^D h_D(X^T nu) = y, kept inside |X^T nu| < 1. OracleEff takes one alpha per
//     coordinate. MinL2 (X^T (X X^T)^-1 y) and MinL1 (a linear programme, by the two-phase simplex of lp.go).
//   - NewGD: gradient descent, SGD (batches without replacement) and gradient regularisation on
//     (w_+, w_-), reporting alpha_eff,i = sqrt(w_+,i w_-,i) and stopping with a message naming the
//     stability bound 2/lambda_max when the step is too large (§1.7c).
//   - NewFlow (flow.go): the exact gradient flow through the reduced n-dimensional ODE.
//   - Params, Parse, Presets: the simulator's URL parameters, validated in words.
//
// Section §1.7 of the spec collects what lowers the effective alpha. Gradient regularisation
// follows Karakida, Takase, Hayase and Osawa, "Understanding Gradient Regularization in Deep
// Learning: Efficient Finite-Difference Computation and Implicit Bias" (arXiv:2210.02720), who
// report a bias of GR towards the rich regime on diagonal linear networks; the GR update used
// here, the law d/dt ln(w_+ w_-) = -8 gamma g^2 and the weighted-L1 caution are the spec's
// derivations, not the paper's theorem. SGD's shrinking of alpha follows the picture of Pesme,
// Pillaud-Vivien and Flammarion, "Implicit Bias of SGD for Diagonal Linear Networks: a Provable
// Benefit of Stochasticity", NeurIPS 2021 (arXiv:2106.09524); the per-sample update
// m <- m (1 - 4 eta^2 (x_ki r_k)^2) is the spec's. Large GD steps follow Nacson, Ravichandran,
// Srebro and Soudry, "Implicit Bias of the Step Size in Linear Diagonal Neural Networks",
// ICML 2022 (PMLR 162:16270-16295); the update m <- m (1 - 4 eta^2 g^2), the stability bound
// eta < 2/lambda_max with lambda_max = (4/n) lambda_max(X diag(sqrt(beta^2 + 4 m^2)) X^T) and
// the table of GD limits are the spec's derivations.
//
// Numerics: the n x n systems are solved by a small hand-written Cholesky (linalg.go) rather than
// gonum/mat, to keep the wasm binary small (gonum/mat costs about 0.5 MB brotli there, because
// Ebiten keeps every exported method alive); MinL1 uses the dense two-phase simplex of lp.go, on a
// slightly perturbed right-hand side because the exact minimum-L1 vertex is degenerate, and then
// recomputes the optimal basis's solution for the exact y. gonum's lp is its reference in tests.
package dln
