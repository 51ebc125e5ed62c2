package krsim

import "math"

// Stat is a mean over seeds with its standard error.
// The JSON names are those of the simulators' state() (issue 6: points with mean and stderr).
type Stat struct {
	N      int     `json:"n"`      // seeds averaged
	Mean   float64 `json:"mean"`   // sample mean
	StdErr float64 `json:"stderr"` // sample standard deviation / sqrt(N); 0 while N < 2 (undefined: read N)
}

// acc is Welford's running mean and sum of squared deviations (Welford, Technometrics 4, 1962),
// which stays accurate when the mean is large against the spread.
type acc struct {
	n        int
	mean, m2 float64
}

func (a *acc) add(x float64) {
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

func (a acc) stat() Stat {
	s := Stat{N: a.n, Mean: a.mean}
	if a.n >= 2 {
		s.StdErr = math.Sqrt(a.m2 / float64(a.n-1) / float64(a.n))
	}
	return s
}
