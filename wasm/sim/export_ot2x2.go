package sim

import (
	"math"

	"strconv"

	"solvable/core/otgeom"
	"solvable/core/sinkhorn"
)

// ot2x2ExportRows is about how many rows the 2x2 export writes: every iterate up to it, then
// evenly thinned (always keeping the first ot2x2ExportHead and the current one).
const (
	ot2x2ExportRows = 10000
	ot2x2ExportHead = 1000
)

// Series implements Exporter: the iterates P_k with the numbers of the Pythagorean relation.
// The model keeps only the last step, so the run is replayed from P_0 = K (the same
// deterministic computation, so the same iterates); a long run is thinned to about
// ot2x2ExportRows rows. For row k: the projection that made P_k (1 rows, 2 columns, empty
// for P_0), the entries of P_k, KL(P*||P_k), and for the step that made P_k the KLs before,
// after and moved, and the gap |before - after - move|.
func (m *ot2x2Model) Series() (string, []string, [][]float64) {
	header := []string{"projection", "made_by", "p11", "p12", "p21", "p22", "kl_to_optimum",
		"kl_before", "kl_after", "kl_move", "pythagoras_gap", "marginal_error"}
	title := "iterates P_k of Sinkhorn on the 2x2 problem with KL(P*||P_k), and for the projection that made P_k: " +
		"KL(P*||P_k-1), KL(P*||P_k), KL(P_k||P_k-1) and the gap |before - after - move|; made_by 1 = rows, 2 = columns"
	if m.run == nil {
		return title, header, nil
	}
	n := m.run.Projections()
	stride := 1
	if n > ot2x2ExportRows {
		stride = (n - ot2x2ExportHead + ot2x2ExportRows - 1) / (ot2x2ExportRows - ot2x2ExportHead)
	}
	if stride > 1 {
		title += "; rows thinned: every projection up to " + strconv.Itoa(ot2x2ExportHead) + ", then every " + strconv.Itoa(stride) + "th, and the last"
	}
	run, err := otgeom.NewRun(m.params.Problem)
	if err != nil {
		return title, header, nil
	}
	nan := math.NaN()
	row := func(k int, made sinkhorn.Projection, st otgeom.Step, has bool) []float64 {
		P := run.Plan()
		r := []float64{float64(k), nan, P[0], P[1], P[2], P[3], run.KLToOptimum(), nan, nan, nan, nan, run.MarginalError()}
		if has {
			r[1] = float64(made)
			r[7], r[8], r[9], r[10] = st.Before, st.After, st.Move, st.Gap
		}
		return r
	}
	rows := [][]float64{row(0, sinkhorn.ProjectionNone, otgeom.Step{}, false)}
	for k := 1; k <= n; k++ {
		st := run.Step()
		if k <= ot2x2ExportHead || (k-ot2x2ExportHead)%stride == 0 || k == n {
			rows = append(rows, row(k, st.Projection, st, true))
		}
	}
	return title, header, rows
}
