package sim

import (
	"math"
	"strconv"
)

// The 2x2 export keeps every iterate up to ot2x2ExportHead, then a tail thinned as it grows: once
// it holds ot2x2ExportTail rows, every other one is dropped and the stride doubles, so a run of
// any length exports a bounded table recorded as it went (no replay with the simulator held).
const (
	ot2x2ExportHead = 1000
	ot2x2ExportTail = 9000
)

// ot2x2Rows records the iterates for Series.
type ot2x2Rows struct {
	head, tail [][]float64
	stride     int
}

func (e *ot2x2Rows) reset() { e.head, e.tail, e.stride = e.head[:0], e.tail[:0], 1 }

// add records the row of projection k (k = 0 is P_0).
func (e *ot2x2Rows) add(k int, row func() []float64) {
	if k <= ot2x2ExportHead {
		e.head = append(e.head, row())
		return
	}
	if (k-ot2x2ExportHead)%e.stride != 0 {
		return
	}
	e.tail = append(e.tail, row())
	if len(e.tail) >= ot2x2ExportTail {
		for i := 0; i < len(e.tail)/2; i++ {
			e.tail[i] = e.tail[2*i+1]
		}
		e.tail = e.tail[:len(e.tail)/2]
		e.stride *= 2
	}
}

// row is the export row of the current iterate: the projection that made it (1 rows,
// 2 columns, NaN for P_0), its entries, KL(P*||P_k), the step's KLs and gap, the marginal error.
func (m *ot2x2Model) exportRow() []float64 {
	nan := math.NaN()
	r := m.run
	P := r.Plan()
	out := []float64{float64(r.Projections()), nan, P[0], P[1], P[2], P[3], r.KLToOptimum(), nan, nan, nan, nan, r.MarginalError()}
	if st, ok := r.Last(); ok {
		out[1] = float64(st.Projection)
		out[7], out[8], out[9], out[10] = st.Before, st.After, st.Move, st.Gap
	}
	return out
}

// Series implements Exporter: the iterates P_k with the numbers of the Pythagorean relation,
// as recorded by Step (every projection up to ot2x2ExportHead, then thinned), and the current one.
func (m *ot2x2Model) Series() (string, []string, [][]float64) {
	header := []string{"projection", "made_by", "p11", "p12", "p21", "p22", "kl_to_optimum",
		"kl_before", "kl_after", "kl_move", "pythagoras_gap", "marginal_error"}
	title := "iterates P_k of Sinkhorn on the 2x2 problem with KL(P*||P_k), and for the projection that made P_k: " +
		"KL(P*||P_k-1), KL(P*||P_k), KL(P_k||P_k-1) and the gap |before - after - move|; made_by 1 = rows, 2 = columns"
	if m.run == nil {
		return title, header, nil
	}
	e := &m.export
	if e.stride > 1 || len(e.tail) > 0 {
		title += "; rows thinned: every projection up to " + strconv.Itoa(ot2x2ExportHead) + ", then every " +
			strconv.Itoa(e.stride) + "th, and the last"
	}
	rows := append(append([][]float64(nil), e.head...), e.tail...)
	if last := rows[len(rows)-1]; int(last[0]) != m.run.Projections() {
		rows = append(rows, m.exportRow())
	}
	return title, header, rows
}
