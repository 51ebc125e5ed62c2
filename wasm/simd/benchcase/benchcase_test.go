package benchcase

import (
	"math"
	"testing"
)

func TestSinkhornPaths(t *testing.T) {
	// Both paths are full iterations of the same solver: after the same number of them they
	// reach the same plan, so their marginal errors agree (to rounding: 1e-12 relative), and
	// an unknown path is refused in words. n = 50 keeps it quick.
	errs := map[string]float64{}
	for _, path := range []string{"sim", "iterate"} {
		s, step, err := Sinkhorn(50, SinkhornLambda, path)
		if err != nil {
			t.Fatal(err)
		}
		e0 := s.MarginalError()
		for k := 0; k < 20; k++ {
			step()
		}
		if s.Iterations() != 20 {
			t.Errorf("%s: %d iterations after 20 steps", path, s.Iterations())
		}
		errs[path] = s.MarginalError()
		if !(errs[path] < e0) {
			t.Errorf("%s: marginal error %g after 20 iterations, %g before", path, errs[path], e0)
		}
	}
	if d := math.Abs(errs["sim"] - errs["iterate"]); d > 1e-12*errs["sim"]+1e-300 {
		t.Errorf("marginal errors differ: sim %g, iterate %g", errs["sim"], errs["iterate"])
	}
	if _, _, err := Sinkhorn(50, SinkhornLambda, "fused"); err == nil {
		t.Error("path \"fused\" was accepted")
	}
}

func TestNTKTrainer(t *testing.T) {
	// BenchmarkNTKGDStep's setting: the centred network starts at zero output, so the loss is
	// the targets' mean square over two, (1/2)(1/2 + 1/8) = 0.3125 for sin + cos(2 th)/2 on
	// 64 equally spaced angles; GD at step 0.5 lowers it.
	tr, err := NTKTrainer()
	if err != nil {
		t.Fatal(err)
	}
	if l := tr.Loss(); math.Abs(l-0.3125) > 1e-12 {
		t.Errorf("initial loss %.15g, want 0.3125", l)
	}
	for k := 0; k < 3; k++ {
		if err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if l := tr.Loss(); !(l < 0.3125) {
		t.Errorf("loss %g after 3 steps", l)
	}
}
