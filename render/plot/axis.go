package plot

import (
	"math"

	"solvable/render"
)

// Axis is a data range shown along one side of a plot, linear or log10. Min > Max means
// "no data yet"; every method first applies Sane, so an empty or degenerate axis still draws
// with a sensible default range.
type Axis struct {
	Label string
	Log   bool
	Min   float64
	Max   float64
}

// Linear returns a linear axis spanning the finite values in data.
func Linear(label string, data ...[]float64) Axis {
	a := Axis{Label: label, Min: math.Inf(1), Max: math.Inf(-1)}
	for _, d := range data {
		a = a.Include(d...)
	}
	return a
}

// Log returns a log10 axis spanning the positive finite values in data (zeros and negatives
// cannot be shown on a log axis and are left out).
func Log(label string, data ...[]float64) Axis {
	a := Axis{Label: label, Log: true, Min: math.Inf(1), Max: math.Inf(-1)}
	for _, d := range data {
		a = a.Include(d...)
	}
	return a
}

// Include widens the range to contain every usable value in vs.
func (a Axis) Include(vs ...float64) Axis {
	// A plain loop: this runs over every entry of a 400x400 plan each frame.
	lo, hi := a.Min, a.Max
	for _, v := range vs {
		if v != v || v > math.MaxFloat64 || v < -math.MaxFloat64 || (a.Log && v <= 0) {
			continue // NaN, infinite, or not placeable on a log axis
		}
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	a.Min, a.Max = lo, hi
	return a
}

// Sane returns the axis with a usable range: finite, Min < Max, and Min > 0 on a log axis.
// No data gives [0, 1] (linear) or [0.1, 10] (log); a single value v gives a range around it:
// [0, 1] for v = 0, v +- 10% otherwise (linear), or a decade each side (log).
func (a Axis) Sane() Axis {
	if a.Log {
		if !render.Finite(a.Min) || !render.Finite(a.Max) || !(a.Min > 0) || a.Min > a.Max {
			a.Min, a.Max = 0.1, 10
		}
		if a.Max <= a.Min*(1+1e-9) {
			a.Min, a.Max = a.Min/10, a.Min*10
		}
		// Keep both ends representable after the decade padding above.
		a.Min = math.Max(a.Min, math.SmallestNonzeroFloat64*1e10)
		a.Max = math.Min(a.Max, math.MaxFloat64/1e10)
		if !(a.Max > a.Min) {
			a.Min, a.Max = 0.1, 10
		}
		return a
	}
	if !render.Finite(a.Min) || !render.Finite(a.Max) || a.Min > a.Max {
		a.Min, a.Max = 0, 1
	}
	if a.Max-a.Min <= 1e-12*math.Max(math.Abs(a.Min), math.Abs(a.Max)) {
		v := (a.Min + a.Max) / 2
		if v == 0 {
			a.Min, a.Max = 0, 1
		} else {
			d := math.Abs(v) * 0.1
			a.Min, a.Max = v-d, v+d
		}
	}
	if !render.Finite(a.Max - a.Min) {
		// Spanning nearly the whole float range: halve so that the width is finite.
		a.Min, a.Max = a.Min/2, a.Max/2
	}
	return a
}

// Nice widens the range outwards to whole tick steps (linear) or whole decades (log), so the
// ends of the axis carry labels.
func (a Axis) Nice(maxTicks int) Axis {
	a = a.Sane()
	if a.Log {
		lo := math.Pow(10, math.Floor(math.Log10(a.Min)+1e-9))
		hi := math.Pow(10, math.Ceil(math.Log10(a.Max)-1e-9))
		if lo > 0 && render.Finite(hi) && hi > lo {
			a.Min, a.Max = lo, hi
		}
		return a
	}
	step := LinearStep(a.Min, a.Max, maxTicks)
	lo, hi := math.Floor(a.Min/step+1e-9)*step, math.Ceil(a.Max/step-1e-9)*step
	if render.Finite(lo) && render.Finite(hi) && hi > lo {
		a.Min, a.Max = lo, hi
	}
	return a
}

// Ticks returns the axis's ticks with at most maxTicks labelled ones.
func (a Axis) Ticks(maxTicks int) []Tick {
	a = a.Sane()
	if a.Log {
		return LogTicks(a.Min, a.Max, maxTicks)
	}
	return LinearTicks(a.Min, a.Max, maxTicks)
}

// Frac maps v to its position along the axis, 0 at Min and 1 at Max. Values outside the
// range map outside [0, 1]; values that cannot be placed (non-finite, or not positive on a
// log axis) give NaN.
func (a Axis) Frac(v float64) float64 {
	a = a.Sane()
	if !render.Finite(v) {
		return math.NaN()
	}
	if a.Log {
		if !(v > 0) {
			return math.NaN()
		}
		return (math.Log10(v) - math.Log10(a.Min)) / (math.Log10(a.Max) - math.Log10(a.Min))
	}
	return (v - a.Min) / (a.Max - a.Min)
}
