package otgeom

import "testing"

// Speed, natively and under Node: go test -bench . ./core/otgeom/ (and with GOOS=js GOARCH=wasm).

func BenchmarkOptimalLogPlan(b *testing.B) {
	pr := Problem{0.7, 0.4, 1, 0.01}
	for b.Loop() {
		_ = pr.OptimalLogPlan()
	}
}

// BenchmarkRunStep is one e-projection with the three KLs of the Pythagorean relation.
func BenchmarkRunStep(b *testing.B) {
	r, _ := NewRun(Problem{0.7, 0.4, 1, 1e-3})
	for b.Loop() {
		r.Step()
	}
}

func BenchmarkEKMesh(b *testing.B) {
	pr := Problem{0.7, 0.4, 1, 0.5}
	for b.Loop() {
		_, _, _ = pr.EKMesh(7, 48)
	}
}
