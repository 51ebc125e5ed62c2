// Package ntk computes what an infinitely wide fully connected ReLU network learns under
// gradient descent in the NTK parameterisation: the network stays close to its linearisation
// around the random initialisation, its function follows a linear ODE driven by the neural
// tangent kernel Theta, and training ends at kernel (ridgeless) regression with Theta
// (Jacot, Gabriel & Hongler, NeurIPS 2018, arXiv:1806.07572; Lee et al., NeurIPS 2019,
// arXiv:1902.06720). The conventions, formulas and reference values are those of the project's
// spec, ../shared/spec/science-ntk-continual.md §1, which follows the code of Karakida & Osawa
// (NeurIPS 2020, github.com/kazukiosawa/ngd_in_wide_nn).
//
// What is here:
//   - Arch (kernel.go): depth L (weight layers), sigma_w^2, sigma_b^2. Kernels gives the
//     analytic NTK Theta^L(x,y) and NNGP Sigma^L(x,y) by the layer recursion of spec §1.2 with
//     the arc-cosine kernels of degree 1 and 0 (Cho & Saul, NeurIPS 2009) for the ReLU
//     expectations; LayerKernels gives the per-layer forward and backward factors Q_l and B_l
//     with Theta = sum_l Q_l B_l; Gram and LayerGram give the same as matrices between two
//     point sets.
//   - KernelRegression (linear.go): K(x,X)(K(X,X) + ridge I)^{-1} y by Cholesky.
//   - Linearized (linear.go): the closed-form trajectory of the linearised network for the
//     sum loss (1/2) sum_i (f(x_i) - y_i)^2 (spec §1.3), in continuous time,
//     f_t(X) = y + e^{-eta Theta t}(f_0(X) - y), and for discrete gradient descent,
//     f_k(X) - y = (I - eta Theta)^k (f_0(X) - y), on the training set and on test points.
//     SetEta moves the learning rate without a new eigendecomposition. StableStep gives the
//     largest stable learning rate 2/lambda_max(Theta).
//   - Net (net.go): a finite network of width M in the NTK parameterisation (spec §1.1), all
//     weights and biases N(0,1) from a seeded PCG source; forward and backward passes, the
//     Jacobian when asked, the empirical NTK by the layer formula of spec §1.5 without forming
//     the Jacobian, and the laziness measures ||theta_t - theta_0|| / ||theta_0|| and
//     ||Theta_t - Theta_0||_F / ||Theta_0||_F. SetCentred reports f_theta - f_theta_0, the
//     remedy of spec §1.6.3 for the initial function.
//   - Trainer (train.go, ngd.go): full-batch training on the mean loss (1/2N)||f - y||^2 with
//     F = J^T J / N (so a GD step eta here is eta/N for Linearized, which uses the sum loss):
//     GD, exact NGD, and the approximate natural gradients of Karakida & Osawa (NeurIPS 2020,
//     arXiv:2010.00879): layer-wise block-diagonal, K-FAC (Kronecker factors of layer inputs and
//     backpropagated gradients, damping split by the factors' traces as in the authors' code) and
//     unit-wise, each damped by rho and solved in the N x N kernel (Woodbury) form or the direct
//     block, whichever is smaller. On the training set K-FAC's function-space gradient is
//     ((L-1)N + 1) I here, not N L I: the output layer, whose gradient factor is the scalar 1,
//     contributes 1 rather than N (KFACAlpha gives the step that lands in one iteration; the
//     paper's 1/(N L) leaves a quarter of the residual at L = 3). Unit-wise NGD on ReLU moves
//     training point i by 1 + (active hidden units at x_i): isotropic only on average.
//
// Numerics: the cosine of the arc-cosine kernels is clamped to [-1, 1], so x = y and x = -y give
// their limits (spec §1.6.5). The symmetric eigendecomposition (Householder reduction to
// tridiagonal form, then implicit QL with Wilkinson shifts; Golub & Van Loan, Matrix
// Computations, §8.3) and the Cholesky factorisation are written out here instead of taken from
// gonum/mat, which would add about half a megabyte to the wasm download; the tests check them
// against gonum/mat. Eigenvalues of Theta at or below n eps lambda_max are treated as zero: those
// directions of the training residual never move, and they add nothing to the test predictions
// (the pseudo-inverse, which is the minimum-norm interpolant when Theta is singular).
package ntk
