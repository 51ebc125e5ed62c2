package ntk

import (
	"errors"
	"fmt"
	"math"

	"solvable/core/rowmat"
)

// Method is the optimiser of a Trainer.
type Method int

const (
	GD        Method = iota // full-batch gradient descent
	NGD                     // exact natural gradient (function-space form, N < P)
	BlockDiag               // layer-wise block-diagonal Fisher
	KFAC                    // Kronecker-factored Fisher (Martens & Grosse 2015), one pair of factors per layer
	UnitWise                // block-diagonal Fisher with one block per unit (its incoming weights and bias)
)

var methodNames = [...]string{"gd", "ngd", "blockdiag", "kfac", "unitwise"}

// String returns the method's name as the simulator's URL spells it.
func (m Method) String() string {
	if m >= 0 && int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ParseMethod reads a method name (gd, ngd, blockdiag, kfac, unitwise).
func ParseMethod(s string) (Method, error) {
	for i, name := range methodNames {
		if s == name {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("the optimiser must be one of gd, ngd, blockdiag, kfac or unitwise; it is %q", s)
}

// Trainer trains a Net on a fixed training set, one full-batch step per call to Step.
//
// Loss normalisation: everything here uses the mean squared loss of Karakida & Osawa (spec
// §1.4),
//
//	Loss = (1/2N) sum_i (f(x_i) - y_i)^2,  grad Loss = J^T (f - y) / N,  Fisher F = J^T J / N,
//
// so that the NGD learning rates eta* = 1/alpha of the paper apply unchanged. For GD this
// means f_{k+1}(X) - y ≈ (I - (eta/N) Theta)(f_k(X) - y): a step eta here is the step eta/N of
// the sum loss of spec §1.3 (and of NewLinearized), and GD is stable for eta < 2N/lambda_max(Theta).
//
// If the net is centred (Net.SetCentred), the trained function is f_theta - f_theta0.
//
// The trainer keeps the forward and backward pass at the current parameters from one step to
// the next (one pass per step); call Refresh after changing the network's parameters or its
// centring from outside.
type Trainer struct {
	net     *Net
	X       [][]float64
	y       []float64
	method  Method
	eta     float64
	damping float64

	steps int
	loss0 float64   // loss at the start
	tp    *tape     // forward and backward pass at the current parameters
	f0    []float64 // initial outputs on X, subtracted if the net is centred
	f     []float64 // outputs on X before the next step
	last  []float64 // the last parameter update
	spare []float64 // the update before it, whose array the next step reuses
	err   error
}

// NewTrainer sets up training of net on (X, y) by method with learning rate eta and damping rho
// (ignored by GD). The damped natural-gradient update is theta <- theta - eta (F + rho I)^{-1}
// grad Loss with F the method's Fisher matrix (see ngd.go).
func NewTrainer(net *Net, X [][]float64, y []float64, method Method, eta, rho float64) (*Trainer, error) {
	if err := net.checkBatch(X); err != nil {
		return nil, errors.New("training set: " + err.Error())
	}
	if len(y) != len(X) {
		return nil, fmt.Errorf("there are %d training inputs but %d targets", len(X), len(y))
	}
	for i, v := range y {
		if !isFinite(v) {
			return nil, fmt.Errorf("target %d is not a finite number", i+1)
		}
	}
	if method < GD || method > UnitWise {
		return nil, fmt.Errorf("unknown optimiser %d", int(method))
	}
	if !(eta > 0) || math.IsInf(eta, 0) {
		return nil, fmt.Errorf("the learning rate must be a positive finite number; it is %g", eta)
	}
	if method != GD && (!(rho > 0) || math.IsInf(rho, 0)) {
		return nil, fmt.Errorf("the damping of %s must be a positive finite number; it is %g", method, rho)
	}
	t := &Trainer{net: net, X: X, y: append([]float64(nil), y...), method: method, eta: eta, damping: rho}
	if net.centred {
		t.f0 = net.run(net.init, X, false).f
	}
	t.refresh()
	t.loss0 = t.Loss()
	return t, nil
}

// Net returns the network being trained.
func (t *Trainer) Net() *Net { return t.net }

// Steps returns the number of steps taken.
func (t *Trainer) Steps() int { return t.steps }

// Outputs returns the current outputs on the training inputs.
func (t *Trainer) Outputs() []float64 { return append([]float64(nil), t.f...) }

// Residual returns f(X) - y.
func (t *Trainer) Residual() []float64 {
	r := make([]float64, len(t.y))
	for i, v := range t.f {
		r[i] = v - t.y[i]
	}
	return r
}

// Loss returns the mean squared loss (1/2N) ||f(X) - y||^2.
func (t *Trainer) Loss() float64 {
	s := 0.0
	for i, v := range t.f {
		e := v - t.y[i]
		s += e * e
	}
	return s / (2 * float64(len(t.y)))
}

// Err returns the error that stopped training, or nil.
func (t *Trainer) Err() error { return t.err }

// LastUpdate returns the parameter change of the last natural-gradient step (nil before the
// first step, and for GD, which adds its gradient into the parameters directly). Its array is
// reused two steps later: copy it to keep it.
func (t *Trainer) LastUpdate() []float64 { return t.last }

// Step takes one full-batch step. It returns, and keeps returning, an error in words if the
// loss is no longer finite or has grown a millionfold above its starting value (a learning
// rate above the stability limit, usually).
func (t *Trainer) Step() error {
	if t.err != nil {
		return t.err
	}
	n := t.net
	tp := t.tp
	r := t.Residual()
	if t.method == GD {
		// The gradient goes straight into the parameters (the tape holds everything it is
		// computed from): no update vector to clear, fill and add, 2 MB each on the benchmark
		// network. LastUpdate has nothing to return for GD.
		N := float64(len(t.X))
		for k := 0; k < n.arch.Depth; k++ {
			n.addJT(tp, k, r, -t.eta/N, n.params)
		}
		t.last = nil
	} else {
		delta := resize(t.spare, len(n.params))
		clear(delta) // the updates accumulate into it
		if err := n.ngdUpdate(tp, t.method, r, t.eta, t.damping, delta); err != nil {
			t.err = err
			return err
		}
		rowmat.Axpy(1, delta, n.params)
		t.last, t.spare = delta, t.last
	}
	t.steps++
	t.refresh()
	if l := t.Loss(); !isFinite(l) || l > 1e6*t.loss0 {
		t.err = fmt.Errorf("training diverged at step %d (loss %.3g from %.3g): the learning rate %g is too large", t.steps, l, t.loss0, t.eta)
		if t.method == GD {
			t.err = fmt.Errorf("training diverged at step %d (loss %.3g from %.3g): the learning rate %g is above the stability limit 2N/lambda_max(Theta)", t.steps, l, t.loss0, t.eta)
		}
	}
	return t.err
}

// Refresh recomputes the trainer's pass and outputs from the network's current parameters.
func (t *Trainer) Refresh() {
	if t.net.centred && t.f0 == nil {
		t.f0 = t.net.run(t.net.init, t.X, false).f
	}
	t.refresh()
}

func (t *Trainer) refresh() {
	t.tp = t.net.runInto(t.tp, t.net.params, t.X, true)
	t.f = append(t.f[:0], t.tp.f...)
	if t.net.centred {
		for i := range t.f {
			t.f[i] -= t.f0[i]
		}
	}
}
