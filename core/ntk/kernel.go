package ntk

import (
	"fmt"
	"math"
)

// MaxDepth is the largest number of weight layers Check accepts.
const MaxDepth = 10

// Arch is a fully connected ReLU network in the NTK parameterisation (spec §1.1): Depth weight
// layers (Depth-1 hidden layers of ReLU units and one linear output unit), all weights and biases
// drawn N(0,1), the weights of a layer scaled by sqrt(SigmaW2/fan-in) and the biases by
// sqrt(SigmaB2):
//
//	u^l = sqrt(SigmaW2/n_{l-1}) W^l h^{l-1} + sqrt(SigmaB2) b^l,  h^0 = x,  h^l = relu(u^l),  f = u^Depth.
type Arch struct {
	Depth   int     // weight layers L, 1..MaxDepth; L = 1 is the linear model
	SigmaW2 float64 // weight variance sigma_w^2 > 0 (2 keeps the kernel's diagonal at 2L without bias)
	SigmaB2 float64 // bias variance sigma_b^2 >= 0
}

// Check reports, in a sentence naming the parameter, why a is not a network this package can
// describe, or nil.
func (a Arch) Check() error {
	if a.Depth < 1 || a.Depth > MaxDepth {
		return fmt.Errorf("the depth must be between 1 and %d weight layers; it is %d", MaxDepth, a.Depth)
	}
	if !(a.SigmaW2 > 0) || math.IsInf(a.SigmaW2, 0) {
		return fmt.Errorf("the weight variance sigma_w^2 must be a positive finite number; it is %g", a.SigmaW2)
	}
	if !(a.SigmaB2 >= 0) || math.IsInf(a.SigmaB2, 0) {
		return fmt.Errorf("the bias variance sigma_b^2 must be a finite number >= 0; it is %g", a.SigmaB2)
	}
	return nil
}

// Kernels returns the analytic neural tangent kernel Theta^L(x,y) and the NNGP kernel
// Sigma^L(x,y) of the infinitely wide network (spec §1.2). x and y may have any norm; the first
// layer sees Sigma^1 = SigmaW2 x.y/n0 + SigmaB2 with n0 = len(x). It panics if len(x) != len(y)
// or the inputs are empty.
func (a Arch) Kernels(x, y []float64) (ntk, nngp float64) {
	xx, yy, xy := dots(x, y)
	return a.fromDots(xx, yy, xy)
}

// LayerKernels returns the terms of Theta^L = sum_l Q[l] B[l], l = 0..L-1 (spec §1.2, the sum
// form). Q[l] = Sigma^{l+1}(x,y) = SigmaW2 E[h^l(x).h^l(y)]/n_l + SigmaB2 is the forward kernel
// of the activations h^l that weight layer l+1 reads (h^0 = x), and
// B[l] = prod_{k=l+2}^{L} dSigma^k(x,y) is the backward kernel of that layer (B[L-1] = 1).
// Q[l] B[l] is the part of the NTK carried by the weights and bias of layer l+1 (layers counted
// from 1, as in the spec).
func (a Arch) LayerKernels(x, y []float64) (Q, B []float64) {
	xx, yy, xy := dots(x, y)
	L := a.Depth
	Q = make([]float64, L)
	dS := make([]float64, L) // dS[l] = dSigma^{l+1}; dS[0] unused
	a.chain(xx, yy, xy, Q, dS)
	B = make([]float64, L)
	B[L-1] = 1
	for l := L - 2; l >= 0; l-- {
		B[l] = B[l+1] * dS[l+1]
	}
	return Q, B
}

// Gram returns the matrices ntk[i][j] = Theta^L(X[i], Y[j]) and nngp[i][j] = Sigma^L(X[i], Y[j]).
// All points must have the same dimension; it panics otherwise.
func (a Arch) Gram(X, Y [][]float64) (ntk, nngp [][]float64) {
	nx := make([]float64, len(X))
	for i, x := range X {
		nx[i], _, _ = dots(x, x)
	}
	ny := make([]float64, len(Y))
	for j, y := range Y {
		ny[j], _, _ = dots(y, y)
	}
	ntk = make([][]float64, len(X))
	nngp = make([][]float64, len(X))
	kb := make([]float64, 2*len(X)*len(Y))
	// Gram(X, X) with the same slice: fill the upper triangle and mirror it (the recursion is
	// symmetric in its arguments, so nothing changes but the time).
	same := len(X) == len(Y) && len(X) > 0 && &X[0] == &Y[0]
	for i, x := range X {
		ntk[i] = kb[:len(Y):len(Y)]
		nngp[i] = kb[len(Y) : 2*len(Y) : 2*len(Y)]
		kb = kb[2*len(Y):]
		for j, y := range Y {
			if same && j < i {
				ntk[i][j], nngp[i][j] = ntk[j][i], nngp[j][i]
				continue
			}
			if len(y) != len(x) {
				panic(fmt.Sprintf("ntk: point %d of X has %d coordinates but point %d of Y has %d", i+1, len(x), j+1, len(y)))
			}
			xy := 0.0
			for k, v := range x {
				xy += v * y[k]
			}
			ntk[i][j], nngp[i][j] = a.fromDots(nx[i], ny[j], xy/float64(len(x)))
		}
	}
	return ntk, nngp
}

// LayerGram returns the matrices of LayerKernels between two point sets: Q[l][i][j] and
// B[l][i][j] are Q[l] and B[l] of LayerKernels(X[i], Y[j]), so the layer-l part of the NTK Gram
// matrix is the elementwise product Q[l] ∘ B[l] (the Theta_l of spec §1.4, and its factors for
// K-FAC). It panics if the points have different dimensions.
func (a Arch) LayerGram(X, Y [][]float64) (Q, B [][][]float64) {
	L := a.Depth
	Q = make([][][]float64, L)
	B = make([][][]float64, L)
	for l := range L {
		Q[l] = make([][]float64, len(X))
		B[l] = make([][]float64, len(X))
		for i := range X {
			Q[l][i] = make([]float64, len(Y))
			B[l][i] = make([]float64, len(Y))
		}
	}
	for i, x := range X {
		for j, y := range Y {
			q, b := a.LayerKernels(x, y)
			for l := range L {
				Q[l][i][j], B[l][i][j] = q[l], b[l]
			}
		}
	}
	return Q, B
}

// dots returns x.x/n0, y.y/n0 and x.y/n0.
func dots(x, y []float64) (xx, yy, xy float64) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("ntk: the inputs have %d and %d coordinates", len(x), len(y)))
	}
	if len(x) == 0 {
		panic("ntk: the inputs have no coordinates")
	}
	for i, v := range x {
		w := y[i]
		xx += v * v
		yy += w * w
		xy += v * w
	}
	n := float64(len(x))
	return xx / n, yy / n, xy / n
}

// fromDots runs the recursion Theta^{l+1} = Theta^l dSigma^{l+1} + Sigma^{l+1} from the
// normalised inner products.
func (a Arch) fromDots(xx, yy, xy float64) (ntk, nngp float64) {
	q, qp, c := a.SigmaW2*xx+a.SigmaB2, a.SigmaW2*yy+a.SigmaB2, a.SigmaW2*xy+a.SigmaB2
	theta := c
	for l := 1; l < a.Depth; l++ {
		var relu, step float64
		relu, step, q, qp = a.layer(q, qp, c)
		c = relu
		theta = theta*step + c
	}
	return theta, c
}

// chain fills Q[l] = Sigma^{l+1}(x,y) and dS[l] = dSigma^{l+1}(x,y) for l >= 1.
func (a Arch) chain(xx, yy, xy float64, Q, dS []float64) {
	q, qp, c := a.SigmaW2*xx+a.SigmaB2, a.SigmaW2*yy+a.SigmaB2, a.SigmaW2*xy+a.SigmaB2
	Q[0] = c
	for l := 1; l < a.Depth; l++ {
		var step float64
		c, step, q, qp = a.layer(q, qp, c)
		Q[l], dS[l] = c, step
	}
}

// layer maps the pre-activation covariances (q = Sigma^l(x,x), qp = Sigma^l(y,y), c =
// Sigma^l(x,y)) of one layer to the next: Sigma^{l+1}(x,y), dSigma^{l+1}(x,y) and the two new
// diagonal entries. The expectations are the arc-cosine kernels of degree 1 and 0 (Cho & Saul,
// NeurIPS 2009):
//
//	E[relu(u) relu(v)] = (sqrt(q qp) sin th + (pi - th) c) / (2 pi),  E[relu'(u) relu'(v)] = (pi - th) / (2 pi),
//
// th = arccos(c / sqrt(q qp)), with the cosine clamped to [-1, 1] so that x = y and x = -y give
// the limits th = 0 and th = pi rather than NaN (spec §1.6.5). When one input has zero variance
// (the zero input without bias) its pre-activations are exactly 0 and relu'(0) is taken as 0, so
// both expectations are 0.
func (a Arch) layer(q, qp, c float64) (sigma, dsigma, qn, qpn float64) {
	qn = a.SigmaW2*q/2 + a.SigmaB2
	qpn = a.SigmaW2*qp/2 + a.SigmaB2
	s := math.Sqrt(q * qp)
	if !(s > 0) {
		return a.SigmaB2, 0, qn, qpn
	}
	rho := c / s
	var th, sin float64
	switch {
	case rho >= 1:
		th, sin = 0, 0
	case rho <= -1:
		th, sin = math.Pi, 0
	default:
		th = math.Acos(rho)
		sin = math.Sqrt((1 - rho) * (1 + rho))
	}
	relu := (s*sin + (math.Pi-th)*c) / (2 * math.Pi)
	if rho >= 1 {
		relu = s / 2 // c may exceed s by rounding; the limit is sqrt(q qp)/2
	}
	sigma = a.SigmaW2*relu + a.SigmaB2
	dsigma = a.SigmaW2 * (math.Pi - th) / (2 * math.Pi)
	return sigma, dsigma, qn, qpn
}
