// Package spectrum computes the eigenvalues of dot-product kernels K(x,x') = k(x.x') on the unit
// sphere S^{D-1} under the uniform probability measure: one eigenvalue eta_k per spherical-harmonic
// degree k, shared by the N(D,k) harmonics of that degree (Funk–Hecke theorem; Bordelon, Canatar &
// Pehlevan, ICML 2020, arXiv:2002.02561, whose code computes the same integrals by Gegenbauer
// quadrature). The formulas and reference values are those of the project's spec,
// ../shared/spec/science-ntk-continual.md §2.2, §2.3B and §2.4.
//
// What is here:
//   - Degeneracy: N(D,k) = (2k+D-2)(k+D-3)!/(k!(D-2)!), N(D,0) = 1, as a float64 (N(10,1000) is
//     about 5e19, beyond int64).
//   - Gegenbauer: the Gegenbauer polynomials normalised to P_k(1) = 1 ("Legendre polynomials in D
//     dimensions"), by the three-term recurrence P_{k+1} = [(2k+D-2) t P_k - k P_{k-1}]/(k+D-2).
//   - GaussLegendre: Gauss–Legendre nodes and weights on [-1,1] (Newton's method on the Legendre
//     recurrence), cached for the last few sizes.
//   - Compute: eta_k = c_D ∫_0^pi k(cos phi) P_k(cos phi) sin^{D-2}(phi) dphi for k = 0..kmax,
//     c_D = Gamma(D/2)/(sqrt(pi) Gamma((D-1)/2)), by Gauss–Legendre quadrature in phi (the ReLU
//     NTK is analytic in phi, so the rule converges fast; spec §2.2). The result carries the trace
//     k(1) = sum_k N(D,k) eta_k and the lumped tail Tail = k(1) - sum_{k<=kmax} N(D,k) eta_k, the
//     power of the degrees left out, which learning-curve theory must keep (spec §2.2, §2.4.3).
//   - ReLUNTK: the ReLU NTK of core/ntk as a function of t = x.x' for unit vectors.
//   - Sum and Spectrum.Remainder: the kernel rebuilt from a spectrum, t -> sum_k N(D,k) s_k P_k(t),
//     and what the truncated spectrum misses of the kernel, k(t) - sum_{k<=kmax} N(D,k) eta_k P_k(t).
//   - Tabulate: a dot-product kernel sampled in the angle and interpolated by cubics, for a
//     simulation that evaluates a 1000-degree sum at every pair of points (48 ns instead of
//     12 µs a call, within 1e-7).
//
// Conventions. L counts weight layers, as in core/ntk and spec §1.1: L = 2 is one hidden layer,
// with sigma_w^2 = 2 and sigma_b^2 = 0 the kernel's diagonal is k(1) = 2L. core/ntk's Arch.Kernels
// divides inner products by the input dimension n_0 (spec §1.1: ||x||^2 = n_0), so ReLUNTK feeds it
// the two-dimensional inputs (1, 1) and (t+s, t-s), s = sqrt(1-t^2), whose normalised inner
// product is t and whose normalised norms are 1 (exactly at t = ±1, to a rounding elsewhere).
//
// Clamping, said out loud. Quadrature returns eigenvalues that are zero in exact arithmetic (the odd
// degrees k >= 3 of the bias-free two-layer ReLU NTK) as roundoff of about ±1e-17, and the true
// eigenvalues of high degree fall below roundoff (D = 10: eta_100 is about 4e-16). Compute sets to 0
// every eta_k with |eta_k| <= ClampRel * k(1) = 1e-15 k(1) (on the circle, D = 2, the threshold
// grows as max(1, k/20), because the recurrence's rounding does), counts them in Spectrum.Clamped and records the
// largest clamped magnitude in Spectrum.MaxClamped, so a caller can show it; their power is then
// carried by the lumped tail through the trace identity, which is exact. An eigenvalue more negative
// than the threshold is an error (the function is not a positive-definite kernel on S^{D-1}, or the
// quadrature is too coarse), never clamped.
package spectrum
