// Package linalg holds the small dense linear algebra the solvers share, on row-major
// []float64 matrices, written out in plain Go so that the WebAssembly binary need not link
// gonum/mat (about half a megabyte of download): the Cholesky factorisation of a symmetric
// positive definite matrix, the solve with its factor, and the product of the factor with a
// vector (which turns independent standard normals into a Gaussian vector with that
// covariance).
//
// The factorisation is the row-by-row (Cholesky–Crout, "dot product") form of Golub & Van
// Loan, Matrix Computations, 4th ed., §4.2: row i of L is found from the rows above it by dot
// products over contiguous memory. It refuses, rather than clamps, a pivot at or below a
// relative tolerance times the largest diagonal entry, so a singular or indefinite matrix is
// reported, never patched. The tests check it against gonum/mat.
//
// Used by core/krsim (the simulation's kernel and teacher matrices) and core/ntk (kernel
// regression), which had its own copy until it switched here.
package linalg
