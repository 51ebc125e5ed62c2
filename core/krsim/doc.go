// Package krsim simulates kernel regression on the sphere, the sceptic's check of the replica
// theory of learning curves (Bordelon, Canatar & Pehlevan, ICML 2020, arXiv:2002.02561;
// Canatar, Bordelon & Pehlevan, Nat. Commun. 12, 2021) and of its continual-learning version
// (Karakida & Akaho, ICLR 2022, arXiv:2112.01653): real data, real teachers, real fits, no
// spectrum. The conventions and reference values are those of the project's spec,
// ../shared/spec/science-ntk-continual.md §2 and §3.
//
// One seed draws the training sets and a test set uniformly on the unit sphere S^{D-1}
// (normalised Gaussian vectors), and a teacher as a Gaussian-process sample with a given
// dot-product covariance k_s(t), t = x.x', jointly on all those points (the Cholesky factor of
// the covariance matrix times standard normals). With k_s equal to the student's kernel the
// teacher's power per spherical-harmonic mode is s_k = eta_k (the spec's default, s ∝ eta); any
// func(t) can be passed instead, e.g. a kernel rebuilt from a chosen spectrum. The student is
// kernel regression with a kernel k(t), e.g. the analytic ReLU NTK of core/ntk as core/spectrum's
// ReLUNTK gives it (L weight layers, sigma_w^2 = 2, no bias): the minimum-norm interpolant
// K(x,X) K(X,X)^{-1} y, or with a ridge K(x,X)(K(X,X) + lambda I)^{-1} y, with optional label
// noise of variance sigma^2 on the training labels. Test errors are means over the fresh test
// points of the squared difference to the clean target.
//
// Experiments (Kind):
//   - Transfer: two tasks. The teachers are f_A and f_B = rho f_A + sqrt(1-rho^2) g with g an
//     independent sample, so E v_{A,k} v_{B,k} = rho s_k (spec §3.1). Task A is fitted from
//     zero; task B fits the residual y_B - f_A(X_B) and adds it to f_A, which is where gradient
//     descent in the NTK regime ends when it starts from the task-A function (spec §3.1). It
//     reports E_A, E_B (task B from zero), the forward error E_{A->B} (tested on B), the
//     backward error E^back (tested on A), the same with a control variate of known mean
//     (BackwardCV: unbiased, a 3-7x smaller standard error), and the paired difference
//     E_{A->B} - E_B per rho. All rhos share each seed's points and teachers (common random
//     numbers, spec §3.7.4).
//   - Sequence: n tasks with the same target, each fitting the previous model's residual
//     (self-knowledge transfer and forgetting, spec §3.4); E_j after each task. One task is a
//     point of the single-task learning curve.
//
// Gaussian features (Config.Modes) replace the sphere when the spectrum is given as a list of
// eigenvalues rather than a kernel on the sphere (a power law, a finite number of modes): the
// inputs are z ~ N(0, I_M), K(z,z') = sum_k eta_k z_k z'_k, the teacher sum_k v_k z_k with
// v_k ~ N(0, s_k), and the test error is the exact sum_k (v_k - vhat_k)^2. This is the Monte
// Carlo of spec §2.3A and §3.5, whose numbers the tests reproduce. With more samples than
// modes the ridgeless fit is least squares (the far side of double descent).
//
// Sim is a stepper: StepChunk does a bounded piece of a seed (rows of a kernel matrix or of a
// Cholesky factor, or one task's fit: at most about ChunkWork multiply-adds), Step finishes a
// seed, and Result returns means with standard errors over the complete seeds, as copies. Seed
// s draws from PCG(Config.Seed, s), so every seed can be reproduced alone.
//
// What the tests found: the simulation agrees with exact finite-N oracles (the GP posterior
// variance on the same points; least squares past the interpolation threshold); with Gaussian
// features it reproduces the spec's own Monte Carlo numbers (§2.3A, §3.5); on S^9 (D = 10)
// with the L = 3 NTK it agrees with the replica theory within about 1% at N = 100 for every
// quantity, also for a teacher that is not the student's prior; on S^2 (D = 3) the theory is
// 4-9% below the simulation at N = 100, and the gap does not close with N (5% at N = 1000),
// much more than the spec's "about 1%" (which is for Gaussian features). The critical
// similarity rho = 1/2 for s ∝ eta holds exactly at every N.
//
// Linear algebra is core/linalg (plain Go, so the wasm binary does not link gonum/mat).
package krsim
