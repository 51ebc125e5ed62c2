// Package ode integrates stiff systems of ordinary differential equations dy/dt = f(t, y)
// with an analytic Jacobian, one accepted step at a time.
//
// The Integrator uses the numerical differentiation formulas (NDF) of orders 1 to 5 with
// variable order and step size, in the quasi-constant step-size form of Shampine and
// Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18(1):1-22, 1997 (the method of
// MATLAB's ode15s and of SciPy's solve_ivp(method="BDF")). The solution is carried as
// backward differences D_0..D_k on a grid of constant step h; a change of h rewrites them for
// the new grid (an exact change of basis of the interpolating polynomial). Each step solves
//
//	(1 - kappa_k) gamma_k d + sum_{j=1..k} gamma_j D_j = h f(t+h, y_pred + d),  gamma_j = sum_{i<=j} 1/i,
//
// by a modified Newton iteration with the matrix I - (h/alpha_k) J, J = df/dy. The Jacobian
// is reused across steps. I - c J is refactorised when c = h/alpha_k has moved by more than
// 30% since the last factorisation, and in between the Newton corrections are scaled by
// 2/(1 + c/c_LU) (the device of CVODE: Hindmarsh et al., ACM TOMS 31(3):363-396, 2005). When
// the iteration fails, the remedies are tried in order of cost: factorise for the current c,
// evaluate a fresh Jacobian, halve the step.
//
// The iteration stops when its estimated remaining error, as it enters the error estimate,
// is below 1% of the error tolerance. As in CVODE, the contraction rate measured in recent
// steps is remembered, so a first correction that is already that small ends it after one
// evaluation of f. While it still contracts, the iteration also goes on until its error is
// small next to the step's own correction: near a steady state that correction is far below
// the tolerance, and stopping at the tolerance would leave f(y) stalled at about
// |J| RTol |y| instead of letting it decay to rounding level.
//
// The local error estimate is (kappa_k gamma_k + 1/(k+1)) d, measured like SciPy's
// solve_ivp in the weighted RMS norm with weights ATol + RTol |y|. Order and step size are
// chosen after k+1 steps at constant h from the error estimates of orders k-1, k and k+1; the
// step is not lengthened by less than 20%, which would only cost a refactorisation.
//
// The Func may report that y lies outside its domain (false); the step attempt is then
// treated like a failed Newton iteration. So f is never evaluated outside a region it
// refuses (such as |u| < 1), and an f that overflows gives a shorter step or, if the solution
// itself blows up, an error, never a NaN. (The last Newton correction of a step is not
// evaluated: an accepted point can lie outside the region by less than the Newton tolerance.)
//
// The linear algebra is a small dense LU with partial pivoting written out here: n is meant
// to be at most a few hundred, and gonum/mat would add about half a megabyte to a wasm binary.
package ode
