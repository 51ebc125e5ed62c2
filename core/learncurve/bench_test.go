package learncurve

import (
	"fmt"
	"testing"
)

// BenchmarkCurve is one full learning curve as the page redraws it when a slider moves: 30
// values of N from 1 to 1e4 on a spectrum of 1e4 modes (eta_k = k^-2, s = eta), with noise and
// ridge, every point solved from scratch.
func BenchmarkCurve(b *testing.B) {
	m := PowerLaw(2, 10000, 2)
	Ns := LogSpaced(1, 1e4, 30)
	for b.Loop() {
		_, errs := m.Curve(Ns, 1e-4, 0.01)
		for _, e := range errs {
			if e != nil {
				b.Fatal(e)
			}
		}
	}
}

// BenchmarkTwoTaskSphere is the continual page's redraw: the two-task coefficients (three
// single-task solves and one pass) on the D = 3, L = 3 sphere spectrum to degree 1000.
func BenchmarkTwoTaskSphere(b *testing.B) {
	m := Sphere(sphere(b, 3, 3, 1000), 1, true)
	for b.Loop() {
		if _, err := m.TwoTask(100, 100, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContinualViews is each continual view's full redraw (ContinualParams.Theory) at the
// talk's setting, the sphere spectrum already cached: transfer (one TwoTask and a 101-point
// grid), self (60 two-task solves over N_B), multi (two five-task recursions).
func BenchmarkContinualViews(b *testing.B) {
	for _, view := range Views {
		pr := DefaultContinual()
		pr.View = view
		if _, err := pr.Theory(); err != nil {
			b.Fatal(err)
		}
		b.Run(view, func(b *testing.B) {
			for b.Loop() {
				if _, err := pr.Theory(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTargetKernel is one evaluation of a teacher covariance with s ∝ eta^1.5 (what the
// simulation calls for every pair of points when sexp != 1): on S^9 the explicit sum stops at the
// last unclamped degree (about 60), on S^2 it runs to degree 1000.
func BenchmarkTargetKernel(b *testing.B) {
	for _, D := range []int{3, 10} {
		k := TargetKernel(sphere(b, D, 3, 1000), 1.5)
		b.Run(fmt.Sprintf("D=%d", D), func(b *testing.B) {
			t := 0.3
			for b.Loop() {
				t = 0.3 + 1e-9*k(t)
			}
		})
	}
}

// BenchmarkTargetKernelTable is the tabulated teacher covariance Kernel.TargetKernel hands to
// the simulation when sexp != 1 (S^2, L = 3, sexp = 1.5).
func BenchmarkTargetKernelTable(b *testing.B) {
	kern := DefaultKernel()
	kern.D, kern.Sexp = 3, 1.5
	k, err := kern.TargetKernel()
	if err != nil {
		b.Fatal(err)
	}
	t := 0.3
	for b.Loop() {
		t = 0.3 + 1e-9*k(t)
	}
}
