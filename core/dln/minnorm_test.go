package dln

import (
	"math"
	"testing"
)

func TestMinL2Spec(t *testing.T) {
	// Spec §1.6: Example A min-L2 = (3/7, 6/7, 9/7) (closed form); Example B to 10 digits.
	if d := vecDist(MinL2(specA(t)), []float64{3.0 / 7, 6.0 / 7, 9.0 / 7}); d > 1e-15 {
		t.Errorf("Example A min-L2 off by %g", d)
	}
	b := MinL2(specB(t))
	if d := vecDist(b, []float64{0.2948082442, 0.8716410123, 0.4294286460, 0.2274980433, 0.8126793634}); d > 1e-10 {
		t.Errorf("Example B min-L2 %v off by %g", b, d)
	}
	// Spec §1.6: ||min-L2||_1 = 2.6360553092.
	if l1 := l1Norm(b); math.Abs(l1-2.6360553092) > 1e-10 {
		t.Errorf("Example B ||min-L2||_1 = %.10f", l1)
	}
}

func TestMinL1Spec(t *testing.T) {
	// Spec §1.6: Example A min-L1 = (0, 0, 2); Example B min-L1 = (0, 2, 0, 0, 0) (unique).
	for _, tc := range []struct {
		p    *Problem
		want []float64
	}{{specA(t), []float64{0, 0, 2}}, {specB(t), []float64{0, 2, 0, 0, 0}}} {
		b, err := MinL1(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if d := vecDist(b, tc.want); d > 1e-12 {
			t.Errorf("min-L1 %v, spec §1.6 %v", b, tc.want)
		}
	}
	// The dual certificate of spec §1.6: nu = (0.2, 0.9) has |X^T nu| <= 1 and y·nu = 2, so no
	// interpolator has ||beta||_1 < 2 (weak LP duality).
	p := specB(t)
	z := p.MulXT(nil, []float64{0.2, 0.9})
	if maxAbs(z) > 1+1e-15 || math.Abs(0.2*p.Y[0]+0.9*p.Y[1]-2) > 1e-15 {
		t.Errorf("certificate X^T nu = %v", z)
	}
}

func TestMinL1ZeroColumnAndTies(t *testing.T) {
	// x2 + 2 x4 = 1, x3 + x4 = 2 with an all-zero first column: the optimum (0, 0, 1.5, 0.5) has
	// ||beta||_1 = 2 (by hand: ||beta||_1 = |1 - 2t| + |2 - t| + |t| is smallest at t = 1/2).
	p, err := NewProblem([][]float64{{0, 1, 0, 2}, {0, 0, 1, 1}}, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := MinL1(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := vecDist(b, []float64{0, 0, 1.5, 0.5}); d > 1e-12 {
		t.Errorf("min-L1 %v", b)
	}
}

// A noise-free sparse teacher with k << n is the textbook case where basis pursuit recovers the
// teacher exactly; in any case the LP optimum is feasible and no larger than ||teacher||_1.
func TestMinL1SparseTeacher(t *testing.T) {
	p, err := SparseTeacher(20, 100, 3, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MinL1(p)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Residual(b); r > 1e-12 {
		t.Errorf("residual %g", r)
	}
	if l1Norm(b) > l1Norm(p.Teacher)+1e-12 {
		t.Errorf("||min-L1||_1 = %g > ||teacher||_1 = %g", l1Norm(b), l1Norm(p.Teacher))
	}
	if d := vecDist(b, p.Teacher); d > 1e-10 {
		t.Errorf("teacher not recovered: max diff %g", d)
	}
}
