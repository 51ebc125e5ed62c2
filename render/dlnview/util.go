package dlnview

import (
	"image/color"
	"math"

	"solvable/render"
)

// at is s[i], or NaN when s is too short: a View whose slices disagree with N and D draws
// what it has instead of panicking.
func at(s []float64, i int) float64 {
	if i < 0 || i >= len(s) {
		return math.NaN()
	}
	return s[i]
}

// l1 is the L1 norm of the finite entries of b, NaN for an empty or all non-finite b.
func l1(b []float64) float64 {
	s, n := 0.0, 0
	for _, x := range b {
		if render.Finite(x) {
			s += math.Abs(x)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s
}

// dist is the L2 (p = 2) or max (p = 0) distance between a and b over their common
// coordinates, NaN when either is missing or a coordinate is not finite.
func dist(a, b []float64, p int) float64 {
	if len(a) == 0 || len(b) == 0 || len(a) != len(b) {
		return math.NaN()
	}
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		if !render.Finite(d) {
			return math.NaN()
		}
		if p == 2 {
			s += d * d
		} else {
			s = math.Max(s, math.Abs(d))
		}
	}
	if p == 2 {
		return math.Sqrt(s)
	}
	return s
}

// minFinite is the smallest finite entry of s (NaN if none).
func minFinite(s []float64) float64 {
	m := math.NaN()
	for _, x := range s {
		if render.Finite(x) && !(x >= m) {
			m = x
		}
	}
	return m
}

// positive reports whether v is a finite number above zero: norms and scales that are zero,
// negative or NaN are treated as "not known".
func positive(v float64) bool { return render.Finite(v) && v > 0 }

// isFlow reports whether the run is exact gradient flow (the default when Algo is empty).
func isFlow(v View) bool { return v.Algo == "" || v.Algo == "flow" }

// ring draws a hollow marker: a coloured disc with a paper-coloured centre.
func ring(c render.Canvas, x, y, r, width float64, col color.RGBA) {
	if !render.Finite(x) || !render.Finite(y) {
		return
	}
	c.FillCircle(x, y, r, col)
	c.FillCircle(x, y, math.Max(r-width, 0.5), render.Panel)
}

// dot draws a filled marker with a thin paper-coloured halo so it stands out on lines.
func dot(c render.Canvas, x, y, r float64, col color.RGBA) {
	if !render.Finite(x) || !render.Finite(y) {
		return
	}
	c.FillCircle(x, y, r+1.25, render.Panel)
	c.FillCircle(x, y, r, col)
}

// backedText draws s on a translucent paper-coloured box so lines behind it do not run
// through the letters.
func backedText(c render.Canvas, s string, x, y, size float64, col color.RGBA, align render.Align) {
	if s == "" || !render.Finite(x) || !render.Finite(y) {
		return
	}
	w := c.TextWidth(s, size)
	x0 := render.AlignedStart(x, w, align)
	c.FillRect(x0-2, y-size*0.95, w+4, size*1.25, render.WithAlpha(render.Panel, 0.85))
	c.Text(s, x, y, size, col, align)
}
