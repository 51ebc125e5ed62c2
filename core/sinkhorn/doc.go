// Package sinkhorn solves the entropy-relaxed optimal transport problem
//
//	minimise <C,P> - lambda H(P)  over couplings P of p and q,  H(P) = -sum P ln P,
//
// by Sinkhorn's algorithm read as alternating e-projections (Amari, Karakida & Oizumi,
// Information Geometry 1:13-37, 2018; Cuturi, NeurIPS 2013; Peyré & Cuturi, Computational
// Optimal Transport, 2019). lambda is the entropy weight of the talk the project follows: it is
// the eps of Peyré and Cuturi and of POT's reg, and 1/lambda in Cuturi 2013.
//
// The optimum is P* = diag(u) K diag(v) with K = exp(-C/lambda). Starting from P_0 = K, a row
// projection rescales rows so that P1 = p and a column projection rescales columns so that
// P^T 1 = q; each is the KL projection onto an m-flat set of plans, every iterate stays on the
// exponential family through K, and KL(P*||P_k) falls by KL(P_{k+1}||P_k) at every step (the
// Pythagorean relation). The Solver steps one projection at a time so a viewer can watch each
// one land, and reports what a researcher checks: both marginal errors, <C,P>, the primal and
// dual objectives and the KL of each step.
//
// Numerics: the solver keeps absorbed dual potentials (f, g) beside the scalings (u, v) and a
// stabilised kernel exp((f_i + g_j - C_ij)/lambda), after Schmitzer (SIAM J. Sci. Comput. 41(3),
// 2019, arXiv:1610.06519). While the scalings stay within [1e-50, 1e50] a projection is one
// matrix-vector product (the scaling form, using gonum's assembly kernels); when they leave that
// range, or a row or column of the kernel underflows, the projection is done exactly in the log
// domain and folded into the potentials. Both forms give the same iterates up to rounding, so the
// choice is automatic and lambda can go from 1e3 down to 1e-6 times the largest cost with no NaN.
// Bins of zero weight carry no mass in any coupling; they are removed before solving and appear as
// zero rows or columns of the plan.
//
// For 1-D supports the package also gives the exact unregularised cost by the monotone (quantile)
// coupling, and the debiased Sinkhorn divergence S_lambda in the full-objective form of Feydy et
// al. (AISTATS 2019).
package sinkhorn
