package ntk

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"solvable/core/rowmat"
)

// MaxWidth is the largest hidden width NewNet accepts.
const MaxWidth = 1 << 14

// Net is a finite fully connected ReLU network in the NTK parameterisation of spec §1.1:
//
//	u^l = (sigma_w/sqrt(n_{l-1})) W^l h^{l-1} + sigma_b b^l,  h^0 = x,  h^l = relu(u^l) (l < L),  f(x) = u^L,
//
// with n_0 inputs, Depth-1 hidden layers of the same width and one output unit. All parameters
// live in one flat slice, layer after layer, each layer its weights (row-major, n_l x n_{l-1})
// then its biases; Weights and Biases are views into it. The network keeps its initial
// parameters, so that it can report how far training has moved them and how far its empirical
// NTK has drifted (the lazy regime of Jacot et al. 2018 and Lee et al. 2019, where both fall
// like 1/sqrt(width)).
//
// Layers are indexed k = 0..Depth-1 here; layer k is the spec's weight layer l = k+1.
type Net struct {
	arch    Arch
	widths  []int // n_0, n_1, ..., n_L = 1
	offW    []int // start of layer k's weights in params
	offB    []int // start of layer k's biases
	params  []float64
	init    []float64
	sw, sb  float64 // sigma_w, sigma_b
	centred bool

	// cache of the initial network's NTK and outputs on one point set (the training set, usually)
	refX    [][]float64
	refNTK  []float64
	refF0   []float64
	refNorm float64
}

// NewNet draws a network of the given architecture with n0 inputs and hidden layers of the
// given width; every weight and bias is an independent N(0,1) number from a PCG source seeded
// with seed, so the same arguments give the same network on every platform.
func NewNet(arch Arch, n0, width int, seed uint64) (*Net, error) {
	if err := arch.Check(); err != nil {
		return nil, err
	}
	if n0 < 1 {
		return nil, fmt.Errorf("the network needs at least one input; it was given %d", n0)
	}
	if arch.Depth > 1 && (width < 1 || width > MaxWidth) {
		return nil, fmt.Errorf("the width must be between 1 and %d units; it is %d", MaxWidth, width)
	}
	L := arch.Depth
	widths := make([]int, L+1)
	widths[0] = n0
	for k := 1; k < L; k++ {
		widths[k] = width
	}
	widths[L] = 1
	n := &Net{arch: arch, widths: widths, offW: make([]int, L), offB: make([]int, L),
		sw: math.Sqrt(arch.SigmaW2), sb: math.Sqrt(arch.SigmaB2)}
	p := 0
	for k := 0; k < L; k++ {
		n.offW[k] = p
		p += widths[k+1] * widths[k]
		n.offB[k] = p
		p += widths[k+1]
	}
	n.params = make([]float64, p)
	rng := rand.New(rand.NewPCG(seed, 0x6e746b)) // second word: "ntk"
	for i := range n.params {
		n.params[i] = rng.NormFloat64()
	}
	n.init = append([]float64(nil), n.params...)
	return n, nil
}

// Arch returns the network's architecture.
func (n *Net) Arch() Arch { return n.arch }

// Widths returns n_0, n_1, ..., n_L (n_L = 1).
func (n *Net) Widths() []int { return append([]int(nil), n.widths...) }

// NumParams returns the number P of weights and biases.
func (n *Net) NumParams() int { return len(n.params) }

// Params returns the flat parameter vector itself (not a copy); writing to it changes the network.
func (n *Net) Params() []float64 { return n.params }

// InitialParams returns a copy of the parameters the network was drawn with.
func (n *Net) InitialParams() []float64 { return append([]float64(nil), n.init...) }

// Weights returns the view of layer k's weights W^{k+1} in Params, row-major n_{k+1} x n_k.
func (n *Net) Weights(k int) []float64 {
	return n.params[n.offW[k]:n.offB[k]:n.offB[k]]
}

// Biases returns the view of layer k's biases b^{k+1} in Params.
func (n *Net) Biases(k int) []float64 {
	return n.params[n.offB[k] : n.offB[k]+n.widths[k+1] : n.offB[k]+n.widths[k+1]]
}

// SetCentred chooses whether Forward reports f_theta(x) - f_theta0(x), the network minus its
// initial function. Training a centred network is the cure for the f_0 != 0 pitfall of spec
// §1.6.3: the gradients are the same (f_theta0 does not depend on theta), and the trained function
// is kernel regression from zero instead of from the random f_0.
func (n *Net) SetCentred(c bool) { n.centred = c }

// Centred reports whether Forward subtracts the initial function.
func (n *Net) Centred() bool { return n.centred }

// WeightChange returns ||theta - theta_0|| / ||theta_0||.
func (n *Net) WeightChange() float64 {
	var d, z float64
	for i, v := range n.params {
		e := v - n.init[i]
		d += e * e
		z += n.init[i] * n.init[i]
	}
	return math.Sqrt(d / z)
}

// tape holds one forward and backward pass on a batch of N inputs: h[k] (N x n_k, row per
// sample) is the input of layer k (h[0] = x), d[k] (N x n_{k+1}) is df/du^{k+1}, f the outputs.
type tape struct {
	N   int
	h   [][]float64
	d   [][]float64
	f   []float64
	out []float64 // the output layer's pre-copy buffer, kept for reuse
	// coef is addJT's scratch, kept for reuse.
	coef []float64
}

// checkBatch reports why X is not a batch of inputs of the network, or nil.
func (n *Net) checkBatch(X [][]float64) error {
	if len(X) == 0 {
		return errors.New("the batch has no inputs")
	}
	for i, x := range X {
		if len(x) != n.widths[0] {
			return fmt.Errorf("input %d has %d coordinates but the network has %d inputs", i+1, len(x), n.widths[0])
		}
	}
	return nil
}

// run does the forward pass with the parameters theta and, if back, the backward pass
// (delta^L = 1, delta^l = relu'(u^l) * (sigma_w/sqrt(n_l)) W^{l+1 T} delta^{l+1}, per sample).
func (n *Net) run(theta []float64, X [][]float64, back bool) *tape {
	return n.runInto(nil, theta, X, back)
}

// runInto is run writing into t's buffers where they have the right sizes (a trainer's tape,
// reused from step to step: a GD step of the benchmark network would otherwise allocate about
// 1.5 MB of activations, which the browser's garbage collector then has to clear), or into new
// ones when t is nil.
func (n *Net) runInto(t *tape, theta []float64, X [][]float64, back bool) *tape {
	L := n.arch.Depth
	N := len(X)
	if t == nil || t.N != N || len(t.h) != L {
		t = &tape{N: N, h: make([][]float64, L), f: make([]float64, N)}
	}
	n0 := n.widths[0]
	t.h[0] = resize(t.h[0], N*n0)
	for i, x := range X {
		copy(t.h[0][i*n0:], x)
	}
	for k := 0; k < L; k++ {
		wi, wo := n.widths[k], n.widths[k+1]
		W := theta[n.offW[k]:n.offB[k]]
		b := theta[n.offB[k] : n.offB[k]+wo]
		s := n.sw / math.Sqrt(float64(wi))
		var out []float64
		if k < L-1 {
			out = resize(t.h[k+1], N*wo)
		} else {
			out = resize(t.out, N*wo)
			t.out = out
		}
		mulNT(t.h[k], W, N, wo, wi, out)
		for i := 0; i < N; i++ {
			u := out[i*wo : (i+1)*wo]
			b := b[:len(u)]
			if k == L-1 {
				for a := range u {
					u[a] = s*u[a] + n.sb*b[a]
				}
				continue
			}
			for a := range u { // the pre-activation and the ReLU in one pass
				v := s*u[a] + n.sb*b[a]
				if !(v > 0) {
					v = 0
				}
				u[a] = v
			}
		}
		if k < L-1 {
			t.h[k+1] = out
		} else {
			copy(t.f, out)
		}
	}
	if !back {
		return t
	}
	if len(t.d) != L {
		t.d = make([][]float64, L)
	}
	t.d[L-1] = resize(t.d[L-1], N)
	for i := range t.d[L-1] {
		t.d[L-1][i] = 1
	}
	for k := L - 1; k >= 1; k-- {
		wi, wo := n.widths[k], n.widths[k+1]
		W := theta[n.offW[k]:n.offB[k]]
		s := n.sw / math.Sqrt(float64(wi))
		dk := resize(t.d[k-1], N*wi)
		clear(dk) // mulNNAdd accumulates
		mulNNAdd(t.d[k], W, N, wi, wo, dk)
		for i := 0; i < N; i++ {
			acc := dk[i*wi : (i+1)*wi]
			h := t.h[k][i*wi : (i+1)*wi]
			for a := range acc {
				if h[a] > 0 {
					acc[a] *= s
				} else {
					acc[a] = 0
				}
			}
		}
		t.d[k-1] = dk
	}
	return t
}

// Forward returns the network's outputs on the batch X (f_theta - f_theta0 if centred). It
// panics if an input has the wrong dimension.
func (n *Net) Forward(X [][]float64) []float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	f := n.run(n.params, X, false).f
	if n.centred {
		f0 := n.run(n.init, X, false).f
		for i := range f {
			f[i] -= f0[i]
		}
	}
	return f
}

// InitialForward returns the outputs f_theta0 of the network as drawn.
func (n *Net) InitialForward(X [][]float64) []float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	return n.run(n.init, X, false).f
}

// Jacobian returns J[i][p] = df(X[i])/dtheta_p, an N x P matrix in the order of Params. It is
// there for tests and small networks: the training code never forms it.
func (n *Net) Jacobian(X [][]float64) [][]float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	t := n.run(n.params, X, true)
	P := len(n.params)
	J := make([][]float64, t.N)
	for i := range J {
		J[i] = make([]float64, P)
		for k := range n.arch.Depth {
			wi, wo := n.widths[k], n.widths[k+1]
			s := n.sw / math.Sqrt(float64(wi))
			h := t.h[k][i*wi : (i+1)*wi]
			for a := 0; a < wo; a++ {
				da := t.d[k][i*wo+a]
				row := J[i][n.offW[k]+a*wi : n.offW[k]+(a+1)*wi]
				for b, v := range h {
					row[b] = da * s * v
				}
				J[i][n.offB[k]+a] = da * n.sb
			}
		}
	}
	return J
}

// layerNTK adds to out[i*Ny+j] (or overwrites, if set) the layer-k NTK between the samples of
// two tapes, (delta^k(x_i).delta^k(y_j)) (sigma_w^2 h^{k}(x_i).h^{k}(y_j)/n_k + sigma_b^2):
// the layer formula of spec §1.5, which is J_k J_k^T without forming J_k.
func (n *Net) layerNTK(k int, tx, ty *tape, out []float64, set bool) {
	wi, wo := n.widths[k], n.widths[k+1]
	c := n.arch.SigmaW2 / float64(wi)
	gh := make([]float64, tx.N*ty.N)
	gd := make([]float64, tx.N*ty.N)
	mulNT(tx.h[k], ty.h[k], tx.N, ty.N, wi, gh)
	mulNT(tx.d[k], ty.d[k], tx.N, ty.N, wo, gd)
	for i, v := range gh {
		v = (n.arch.SigmaB2 + c*v) * gd[i]
		if set {
			out[i] = v
		} else {
			out[i] += v
		}
	}
}

func dot(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// NTK returns the empirical neural tangent kernel Theta(X[i], Y[j]) = J(X) J(Y)^T of the
// current parameters, computed layer by layer (spec §1.5) without forming J.
func (n *Net) NTK(X, Y [][]float64) [][]float64 {
	return toRows(n.ntkFlat(n.params, X, Y), len(X), len(Y))
}

// LayerNTKs returns the layer-wise empirical NTKs Theta_k(X[i], X[j]) = J_k J_k^T on one batch,
// k = 0..Depth-1; they sum to NTK(X, X).
func (n *Net) LayerNTKs(X [][]float64) [][][]float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	t := n.run(n.params, X, true)
	out := make([][][]float64, n.arch.Depth)
	for k := range out {
		m := make([]float64, t.N*t.N)
		n.layerNTK(k, t, t, m, true)
		out[k] = toRows(m, t.N, t.N)
	}
	return out
}

func (n *Net) ntkFlat(theta []float64, X, Y [][]float64) []float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	if err := n.checkBatch(Y); err != nil {
		panic("ntk: " + err.Error())
	}
	tx := n.run(theta, X, true)
	ty := tx
	if &Y[0] != &X[0] || len(X) != len(Y) {
		ty = n.run(theta, Y, true)
	}
	out := make([]float64, len(X)*len(Y))
	for k := 0; k < n.arch.Depth; k++ {
		n.layerNTK(k, tx, ty, out, k == 0)
	}
	return out
}

func toRows(m []float64, r, c int) [][]float64 {
	out := make([][]float64, r)
	for i := range out {
		out[i] = m[i*c : (i+1)*c : (i+1)*c]
	}
	return out
}

// reference computes (once per point set) the initial NTK and outputs on X.
func (n *Net) reference(X [][]float64) {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	if n.refX != nil && len(n.refX) == len(X) && &n.refX[0] == &X[0] {
		return
	}
	n.refX = X
	n.refNTK = n.ntkFlat(n.init, X, X)
	n.refF0 = n.run(n.init, X, false).f
	n.refNorm = math.Sqrt(dot(n.refNTK, n.refNTK))
}

// InitialNTK returns the empirical NTK of the initial parameters on X x X (cached for the
// last X it was asked about).
func (n *Net) InitialNTK(X [][]float64) [][]float64 {
	n.reference(X)
	return toRows(append([]float64(nil), n.refNTK...), len(X), len(X))
}

// KernelDrift returns ||Theta_t(X,X) - Theta_0(X,X)||_F / ||Theta_0(X,X)||_F, the relative
// change of the empirical NTK on X since initialisation.
func (n *Net) KernelDrift(X [][]float64) float64 {
	n.reference(X)
	cur := n.ntkFlat(n.params, X, X)
	s := 0.0
	for i, v := range cur {
		e := v - n.refNTK[i]
		s += e * e
	}
	return math.Sqrt(s) / n.refNorm
}

// JVP returns J(X) v, the first-order change of the outputs on X when the parameters move by
// v (a vector in the order of Params), without forming J.
func (n *Net) JVP(X [][]float64, v []float64) []float64 {
	if err := n.checkBatch(X); err != nil {
		panic("ntk: " + err.Error())
	}
	if len(v) != len(n.params) {
		panic(fmt.Sprintf("ntk: the direction has %d entries but the network has %d parameters", len(v), len(n.params)))
	}
	return n.jvp(n.run(n.params, X, true), v)
}

func (n *Net) jvp(t *tape, v []float64) []float64 {
	out := make([]float64, t.N)
	for k := 0; k < n.arch.Depth; k++ {
		wi, wo := n.widths[k], n.widths[k+1]
		s := n.sw / math.Sqrt(float64(wi))
		W := v[n.offW[k]:n.offB[k]]
		b := v[n.offB[k] : n.offB[k]+wo]
		u := make([]float64, wo)
		for i := 0; i < t.N; i++ {
			rowmat.MulRows(W, wi, 0, wo, t.h[k][i*wi:(i+1)*wi], u)
			d := t.d[k][i*wo : (i+1)*wo]
			acc := 0.0
			for a, da := range d {
				acc += da * (s*u[a] + n.sb*b[a])
			}
			out[i] += acc
		}
	}
	return out
}

// addJT adds scale * J_k^T c to the layer-k part of dst (a vector in the order of Params): for
// every unit a, scale * sum_i c_i delta_ia (sigma_w/sqrt(n_k) h_i, sigma_b).
func (n *Net) addJT(t *tape, k int, c []float64, scale float64, dst []float64) {
	wi, wo := n.widths[k], n.widths[k+1]
	s := n.sw / math.Sqrt(float64(wi))
	t.coef = resize(t.coef, wo*t.N) // every entry is written below
	coef := t.coef                  // coef[a][i] = scale c_i delta_ia
	for a := 0; a < wo; a++ {
		cb := 0.0
		for i := 0; i < t.N; i++ {
			v := scale * c[i] * t.d[k][i*wo+a]
			coef[a*t.N+i] = s * v
			cb += v
		}
		dst[n.offB[k]+a] += n.sb * cb
	}
	mulNNAdd(coef, t.h[k], wo, wi, t.N, dst[n.offW[k]:n.offB[k]])
}

// The batch products of the forward pass, the backward pass and J^T r (and of ngd.go) go
// through core/rowmat, whose plain Go loops (4 x 4 register blocks) run natively and whose
// WebAssembly SIMD kernels the browser build installs; see BenchmarkNTKGDStep.

// mulNT sets C[i][j] = sum_q A[i][q] B[j][q] for the m x p A, the n x p B and the m x n C
// (all row-major).
func mulNT(A, B []float64, m, n, p int, C []float64) { rowmat.MulNT(A, B, m, n, p, C) }

// mulNNAdd adds to the m x n C the product of the m x p A and the p x n B (all row-major):
// C[i][j] += sum_q A[i][q] B[q][j].
func mulNNAdd(A, B []float64, m, n, p int, C []float64) { rowmat.MulNNAdd(A, B, m, n, p, C) }

// resize returns s with length n, reusing its array when it is large enough (the contents are
// then stale: callers overwrite or clear them).
func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}
