package plot

import (
	"image/color"
	"math"

	"solvable/render"
)

// Band fills the region between a lower and an upper curve, given at n points with x
// increasing: at(i) returns x_i and the two curve values there (either may be the larger).
// The band is clipped to the plot area, a point that cannot be placed breaks it, and it is
// drawn as at most one rectangle per pixel column (neighbouring columns of equal extent
// merged), so a band summarising thousands of curves over thousands of samples costs no
// more than the plot is wide. A band thinner than a pixel is drawn one pixel high, so a
// set of curves that stays at one value is still seen.
func (f *Frame) Band(c render.Canvas, n int, at func(i int) (x, lo, hi float64), col color.RGBA) {
	p := f.Plot
	cols := int(math.Ceil(p.W))
	if n <= 0 || cols <= 0 || !(p.H > 0) || !p.Valid() {
		return
	}
	top := make([]float64, cols) // smallest canvas y (highest point) per column
	bot := make([]float64, cols)
	for k := range top {
		top[k], bot[k] = math.Inf(1), math.Inf(-1)
	}
	mark := func(k int, ya, yb float64) {
		if k < 0 || k >= cols {
			return
		}
		lo, hi := math.Min(ya, yb), math.Max(ya, yb)
		top[k] = math.Min(top[k], lo)
		bot[k] = math.Max(bot[k], hi)
	}
	type pt struct{ x, ya, yb float64 }
	place := func(i int) (pt, bool) {
		x, lo, hi := at(i)
		q := pt{f.PX(x), f.PY(lo), f.PY(hi)}
		return q, !math.IsNaN(q.x) && !math.IsNaN(q.ya) && !math.IsNaN(q.yb)
	}
	prev, prevOK := pt{}, false
	for i := range n {
		q, ok := place(i)
		switch {
		case ok && prevOK:
			a, b := prev, q
			if b.x < a.x {
				a, b = b, a
			}
			k0 := int(math.Floor(math.Max(a.x, p.X) - p.X))
			k1 := int(math.Floor(math.Min(b.x, p.Right()) - p.X))
			for k := max(k0, 0); k <= min(k1, cols-1); k++ {
				// The segment at this column's centre, held to the segment's own ends.
				xc := render.Clamp(p.X+float64(k)+0.5, a.x, b.x)
				t := 0.0
				if b.x > a.x {
					t = (xc - a.x) / (b.x - a.x)
				}
				mark(k, a.ya+t*(b.ya-a.ya), a.yb+t*(b.yb-a.yb))
			}
		case ok:
			if q.x >= p.X && q.x <= p.Right() {
				mark(int(math.Floor(q.x-p.X)), q.ya, q.yb)
			}
		}
		prev, prevOK = q, ok
	}
	// Emit runs of columns with the same (rounded) extent as single rectangles.
	clip := func(k int) (float64, float64, bool) {
		if !(top[k] <= bot[k]) {
			return 0, 0, false
		}
		y0, y1 := math.Max(top[k], p.Y), math.Min(bot[k], p.Bottom())
		if y1-y0 < 1 { // at least one pixel, kept inside the plot
			m := render.Clamp((y0+y1)/2, p.Y+0.5, p.Bottom()-0.5)
			y0, y1 = m-0.5, m+0.5
		}
		if y0 > p.Bottom() || y1 < p.Y {
			return 0, 0, false
		}
		return math.Round(y0), math.Round(y1), true
	}
	for k := 0; k < cols; {
		y0, y1, ok := clip(k)
		if !ok {
			k++
			continue
		}
		j := k + 1
		for j < cols {
			a, b, ok2 := clip(j)
			if !ok2 || a != y0 || b != y1 {
				break
			}
			j++
		}
		x0, x1 := p.X+float64(k), math.Min(p.X+float64(j), p.Right())
		c.FillRect(x0, y0, x1-x0, math.Max(y1-y0, 1), col)
		k = j
	}
}
