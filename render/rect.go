package render

import "math"

// Rect is an axis-aligned rectangle in CSS pixels: (X, Y) is the top-left corner. Layout code
// passes these around instead of four loose numbers.
type Rect struct{ X, Y, W, H float64 }

// Right is the x of the right edge.
func (r Rect) Right() float64 { return r.X + r.W }

// Bottom is the y of the bottom edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// CenterX is the x of the centre.
func (r Rect) CenterX() float64 { return r.X + r.W/2 }

// CenterY is the y of the centre.
func (r Rect) CenterY() float64 { return r.Y + r.H/2 }

// Contains reports whether (x, y) lies inside r, edges included.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Inset shrinks r by the given margins. A margin larger than the room left gives a
// zero-sized rectangle at the middle rather than a negative size, so layout arithmetic on a
// tiny canvas never produces inverted rectangles.
func (r Rect) Inset(left, top, right, bottom float64) Rect {
	out := Rect{r.X + left, r.Y + top, r.W - left - right, r.H - top - bottom}
	if out.W < 0 {
		out.X, out.W = r.X+r.W/2, 0
	}
	if out.H < 0 {
		out.Y, out.H = r.Y+r.H/2, 0
	}
	return out
}

// Valid reports whether every field is finite and the size is not negative.
func (r Rect) Valid() bool {
	return Finite(r.X) && Finite(r.Y) && Finite(r.W) && Finite(r.H) && r.W >= 0 && r.H >= 0
}

// Finite reports whether v is neither NaN nor infinite.
func Finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Clamp limits v to [lo, hi]; NaN becomes lo so that a bad number still lands somewhere drawable.
func Clamp(v, lo, hi float64) float64 {
	switch {
	case v >= hi:
		return hi
	case v >= lo:
		return v
	default: // below lo, or NaN
		return lo
	}
}
