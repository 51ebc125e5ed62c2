package continualview

import "math"

// transferFixture looks like the talk's preset: forward 2.25 - 0.5 rho, backward from 9.2 to
// 1.75, E_A = E_B = 2, with done of 64 seeds simulated.
func transferFixture(done int) View {
	v := View{Kind: "transfer", NA: 100, NB: 100, Tasks: 5, D: 10, L: 3, Sexp: 1, Rho: 0.9, Seeds: 64, SeedsDone: done}
	v.Running, v.Converged = done < 64, done == 64
	t := &v.Transfer
	t.EA, t.EB, t.CritF, t.CritB, t.HasF, t.HasB = 2, 2, 0.5, 0.9667, true, true
	fwd := func(r float64) float64 { return 2.249 - 0.498*r }
	back := func(r float64) float64 { return 9.213 - 7.462*r }
	for i := range 101 {
		r := float64(i) / 100
		t.Rho, t.Forward, t.Backward = append(t.Rho, r), append(t.Forward, fwd(r)), append(t.Backward, back(r))
	}
	t.AtRho = [2]float64{fwd(0.9), back(0.9)}
	se := 0.3 / math.Sqrt(float64(max(done, 1)))
	for i := range 11 {
		r := float64(i) / 10
		t.SimForward = append(t.SimForward, Point{X: r, Mean: fwd(r) * 1.01, SE: se, Seeds: done, Theory: fwd(r)})
		t.SimBackward = append(t.SimBackward, Point{X: r, Mean: back(r) * 0.99, SE: 3 * se, Seeds: done, Theory: back(r)})
	}
	t.SimEA = Point{Mean: 2.03, SE: se, Seeds: done, Theory: 2}
	return v
}

// selfFixture: E_2 above E_A for small N_B, below from about 50.
func selfFixture() View {
	v := View{Kind: "self", NA: 100, NB: 100, D: 10, L: 3, Seeds: 32, SeedsDone: 32, Converged: true}
	s := &v.Self
	s.EA = 2
	for i := range 60 {
		n := math.Pow(400, float64(i)/59)
		s.NB = append(s.NB, n)
		s.E2 = append(s.E2, 2+0.25*math.Exp(-n/60)-0.6*n/(n+200))
		s.Single = append(s.Single, 6/(1+n/40))
		s.Joint = append(s.Joint, 2*100/(100+n*0.8))
	}
	for _, n := range []float64{2, 5, 10, 20, 50, 100, 200} {
		e := 2 + 0.25*math.Exp(-n/60) - 0.6*n/(n+200)
		s.Sim = append(s.Sim, Point{X: n, Mean: e + 0.02, SE: 0.04, Seeds: 32, Theory: e})
	}
	return v
}

// multiFixture: one large task then small ones, and the equal split.
func multiFixture() View {
	v := View{Kind: "multi", NA: 400, NB: 20, Tasks: 5, D: 10, L: 3, Seeds: 32, SeedsDone: 10, Running: true}
	split := Split{Title: "N_A = 400, then N_B = 20 each", ShortTitle: "With 400 then 20 each", Tag: "400 → 20"}
	equal := Split{Title: "Equal sizes: N = 20 each", ShortTitle: "With 20 each", Tag: "20 each"}
	for n := 1; n <= 5; n++ {
		x := float64(n)
		split.Sizes = append(split.Sizes, map[bool]float64{true: 400, false: 20}[n == 1])
		e := 1.3 + 0.4*(1-math.Exp(-(x-1)))
		split.E, split.Bias, split.Variance = append(split.E, e), append(split.Bias, 1.3), append(split.Variance, e-1.3)
		split.Sim = append(split.Sim, Point{X: x, Mean: e, SE: 0.05, Seeds: 10, Theory: e})
		equal.Sizes = append(equal.Sizes, 20)
		f := 3.4 - 0.9*math.Log(x)
		equal.E, equal.Bias, equal.Variance = append(equal.E, f), append(equal.Bias, f-0.1*(x-1)), append(equal.Variance, 0.1*(x-1))
		equal.Sim = append(equal.Sim, Point{X: x, Mean: f - 0.05, SE: 0.08, Seeds: 10, Theory: f})
	}
	v.Multi = []Split{split, equal}
	return v
}
