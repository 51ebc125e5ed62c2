// Package learncurve is the replica theory of kernel regression's learning curves and of
// continual learning in the NTK regime: from a kernel's eigenvalues and a target's power on them,
// the generalisation error as a function of the sample sizes. It follows Bordelon, Canatar &
// Pehlevan (ICML 2020, arXiv:2002.02561) and Canatar, Bordelon & Pehlevan (Nat. Commun. 12, 2021)
// for one task, and Karakida & Akaho (ICLR 2022, arXiv:2112.01653) for sequences of tasks, in the
// form written out and checked by Monte Carlo in the project's spec,
// ../shared/spec/science-ntk-continual.md §2 and §3 (the paper's own text could not be read; see
// /work/notes/karakida-akaho.md for what could).
//
// What is here:
//   - Modes (modes.go): eigenvalue levels eta with degeneracies d and target power s per mode (the
//     orthonormal-basis power E v_k^2, spec §0), plus a lumped tail of modes with N eta << kappa
//     (trace and target power). PowerLaw builds eta_k = k^-alpha; Sphere builds the degree-by-degree
//     spectrum of a dot-product kernel on S^{D-1} (core/spectrum) with the target s_k ∝ eta_k^r,
//     r = 1 the target drawn from the kernel's own prior; TargetKernel is that target's covariance
//     function for a simulation's teacher.
//   - Single task (single.go): Kappa solves kappa = lambda + T + kappa sum d eta/(N eta + kappa)
//     to machine precision (bracket, then Halley steps guarded by bisection in log kappa); Solve
//     gives gamma = sum d L^2/N with L = N eta/(N eta + kappa), and
//     E_g = [sum d (1-L)^2 s + tail + sigma^2 gamma]/(1-gamma), split into bias and noise parts;
//     Residual is the per-mode residual m_k = (1-L)^2 s + (L^2/N)(E_g + sigma^2) that sequential
//     training needs (spec §2.1, §3.7.1); Curve solves many N with warm starts.
//   - Continual (continual.go): TwoTask, the forward error E_{A->B} and backward error
//     E^back_{A->B} as straight lines in the target similarity rho (spec §3.2), the critical
//     similarities where they cross E_B and E_A (rho*_F = 1/2 exactly when s ∝ eta without noise,
//     §3.3), and the comparators of §3.4 (joint training on N_A + N_B samples, the average of two
//     independent fits); SameTarget, the recursion over n tasks with the same target and its
//     bias / variance split (§3.4).
//   - Parameters (params.go, views.go): the `curves` and `continual` simulators' URL parameters,
//     limits, presets and the arrays their views draw.
//
// Edge cases, said out loud:
//   - No root. Without ridge or a lumped tail, kappa > 0 exists only when the kernel has more
//     modes with eta > 0 than samples. Otherwise Kappa returns 0 with interpolates = true: every
//     such mode is learned (L = 1), modes with eta = 0 never are, and E_g is the noise term
//     sigma^2 P/(N-P) plus the unreachable target power.
//   - Double descent. Where 1 - gamma < GammaGuard (1e-9) with anything left to divide, Solve
//     returns an error wrapping ErrDoubleDescent instead of an enormous number; curves list such
//     sample sizes as skipped. This happens only at the interpolation threshold N ≈ P without
//     ridge and with noise (or a target outside the kernel's span).
//   - The lumped tail is valid while its modes are not learned: Solve refuses N with
//     N TailEta > TailGuard kappa (TailGuard = 0.01; ErrTail), where TailEta bounds the lumped
//     eigenvalues. With 1000 degrees kept this allows N up to 5.6e4 on S^2 (L = 2) and beyond 1e7
//     from S^3 on, but only about 160 on the circle, which the parameters therefore exclude.
//   - Eigenvalues of exactly 0 (the odd degrees of the two-layer ReLU NTK, clamped in
//     core/spectrum) have L = 0: they are never learned and keep their target power.
//   - The bias of Stage is the spec's split (§3.4): 1/(1-gamma_n) sum d (1-L_n)^2 prod_{j<n}
//     (1-L_j)^2 s. Its sum part falls with every task; with the factor 1/(1-gamma_n) it falls
//     for equal sizes but rises when a small task follows a large one (TestRawBiasFalls).
//
// Continual learning here is ridgeless (the NTK dynamics run to convergence); the per-mode
// residual formula was derived and Monte-Carlo-checked for that case only.
package learncurve
