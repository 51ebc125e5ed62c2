package dln

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// benchProblem is the problem of the benchmark: sparse teacher, n = 100, d = 1000,
// k = 5 non-zeros drawn N(0, 4), X standard normal, no noise.
func benchProblem(tb testing.TB) *Problem {
	p, err := SparseTeacher(100, 1000, 5, 0, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkDLNFlow integrates the depth-2 reduced flow (spec §1.2) of the benchmark problem at
// alpha = 1e-3 from t = 0 until max|X beta - y| < 1e-6, testing after every accepted step.
// testdata/scipy_reference.py times SciPy's solve_ivp(method="BDF", rtol=1e-8, atol=1e-12) —
// the tolerances of the flow here — on a problem of the same law with the same stopping rule.
func BenchmarkDLNFlow(b *testing.B) {
	p := benchProblem(b)
	var fl *reducedFlow
	for b.Loop() {
		s, err := NewFlow(p, 1e-3, 2)
		if err != nil {
			b.Fatal(err)
		}
		fl = s.(*reducedFlow)
		for !fl.Converged(1e-6) {
			fl.Step()
			if err := fl.Err(); err != nil {
				b.Fatal(err)
			}
		}
	}
	st := fl.Stats()
	b.ReportMetric(float64(st.FEvals), "f-evals/op")
	b.ReportMetric(float64(st.JacEvals), "jac-evals/op")
	b.ReportMetric(float64(st.LUs), "LUs/op")
	b.ReportMetric(float64(st.Steps), "steps/op")
	b.ReportMetric(fl.Time(), "t-end")
}

// TestWriteBenchProblem writes the benchmark problem as text (a line "n d", a line with y,
// then the rows of X) to the file named by $DLN_BENCH_PROBLEM, so that
// testdata/scipy_reference.py --problem FILE can time SciPy on the very same numbers. It is
// skipped unless that variable is set.
func TestWriteBenchProblem(t *testing.T) {
	path := os.Getenv("DLN_BENCH_PROBLEM")
	if path == "" {
		t.Skip("set DLN_BENCH_PROBLEM=file to write the benchmark problem")
	}
	p := benchProblem(t)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "%d %d\n", p.N, p.D)
	for k := 0; k <= p.N; k++ {
		row := p.Y
		if k > 0 {
			row = p.Row(k - 1)
		}
		for i, v := range row {
			if i > 0 {
				w.WriteByte(' ')
			}
			fmt.Fprintf(w, "%.17g", v)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
