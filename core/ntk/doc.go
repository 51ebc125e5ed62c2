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
