package sinkhornview

import "math"

// fixture runs a plain scaling-form Sinkhorn for a few half-steps to get a realistic
// iterate to draw. It is a picture generator for these tests, not an oracle: the solver and
// its tests live in core/sinkhorn.
func fixture(x, y, p, q []float64, lambda float64, halfSteps int, abs bool) View {
	n, m := len(x), len(y)
	cost := make([]float64, n*m)
	maxC := 0.0
	for i := range n {
		for j := range m {
			d := x[i] - y[j]
			c := d * d
			if abs {
				c = math.Abs(d)
			}
			cost[i*m+j] = c
			maxC = math.Max(maxC, c)
		}
	}
	plan := make([]float64, n*m)
	for k := range plan {
		plan[k] = math.Exp(-cost[k] / lambda)
	}
	v := View{N: n, M: m, X: x, Y: y, P: p, Q: q, Tol: 1e-9, Lambda: lambda, MaxCost: maxC, CostName: "sq"}
	if abs {
		v.CostName = "abs"
	}
	rows, cols := sums(plan, n, m)
	for s := 1; s <= halfSteps; s++ {
		if s%2 == 1 {
			for i := range n {
				for j := range m {
					plan[i*m+j] *= p[i] / rows[i]
				}
			}
			v.Last = ProjectionRows
		} else {
			for i := range n {
				for j := range m {
					plan[i*m+j] *= q[j] / cols[j]
				}
			}
			v.Last = ProjectionCols
		}
		rows, cols = sums(plan, n, m)
		e := 0.0
		for i := range n {
			e += math.Abs(rows[i] - p[i])
		}
		for j := range m {
			e += math.Abs(cols[j] - q[j])
		}
		v.ErrorHistory = append(v.ErrorHistory, e)
	}
	v.Plan, v.RowSums, v.ColSums = plan, rows, cols
	v.Projections, v.Iter = halfSteps, halfSteps/2
	if k := len(v.ErrorHistory); k > 0 {
		v.MarginalError = v.ErrorHistory[k-1]
		v.Converged = v.MarginalError < v.Tol
	}
	ent := 0.0
	for k, pk := range plan {
		v.TransportCost += cost[k] * pk
		if pk > 0 {
			ent -= pk * math.Log(pk)
		}
	}
	v.Objective = v.TransportCost - lambda*ent
	return v
}

func sums(plan []float64, n, m int) (rows, cols []float64) {
	rows, cols = make([]float64, n), make([]float64, m)
	for i := range n {
		for j := range m {
			rows[i] += plan[i*m+j]
			cols[j] += plan[i*m+j]
		}
	}
	return rows, cols
}

// specExample is the six-bin worked example of the spec (science-diag-sinkhorn.md §2.9).
func specExample(halfSteps int) View {
	x := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	p := []float64{0.3, 0.25, 0.2, 0.1, 0.1, 0.05}
	q := []float64{0.05, 0.1, 0.1, 0.15, 0.25, 0.35}
	v := fixture(x, x, p, q, 0.1, halfSteps, false)
	v.Wasserstein, v.HasWasserstein = 0.18, true // W_2^2 from the spec's table
	return v
}

// bumps is a 40-point grid with p one bump and q two bumps, like the default preset.
func bumps(n, halfSteps int, lambda float64) View {
	x := make([]float64, n)
	p := make([]float64, n)
	q := make([]float64, n)
	sp, sq := 0.0, 0.0
	for i := range n {
		x[i] = float64(i) / float64(max(n-1, 1))
		p[i] = math.Exp(-math.Pow((x[i]-0.3)/0.12, 2)) + 1e-3
		q[i] = 0.6*math.Exp(-math.Pow((x[i]-0.25)/0.07, 2)) + math.Exp(-math.Pow((x[i]-0.75)/0.1, 2)) + 1e-3
		sp += p[i]
		sq += q[i]
	}
	for i := range n {
		p[i] /= sp
		q[i] /= sq
	}
	return fixture(x, x, p, q, lambda, halfSteps, false)
}
