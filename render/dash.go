package render

import (
	"image/color"
	"math"
)

// DashedLine strokes a dashed segment from (x0, y0) to (x1, y1) with dashes of length dash
// separated by gaps of length gap, starting with a dash. Non-finite input draws nothing.
func DashedLine(c Canvas, x0, y0, x1, y1, width, dash, gap float64, col color.RGBA) {
	if !Finite(x0) || !Finite(y0) || !Finite(x1) || !Finite(y1) || !(dash > 0) || !(gap >= 0) {
		return
	}
	length := math.Hypot(x1-x0, y1-y0)
	if length == 0 || !Finite(length) {
		return
	}
	ux, uy := (x1-x0)/length, (y1-y0)/length
	// A very long line with tiny dashes would issue thousands of calls: widen the pattern so
	// there are at most a few hundred dashes.
	if n := length / (dash + gap); n > 400 {
		s := n / 400
		dash, gap = dash*s, gap*s
	}
	// Horizontal and vertical dashes stay separate strokes (a canvas may snap those to
	// pixels); slanted ones go out as one polyline with NaN gaps, one draw call for all.
	if x0 == x1 || y0 == y1 {
		for s := 0.0; s < length; s += dash + gap {
			e := math.Min(s+dash, length)
			c.StrokeLine(x0+ux*s, y0+uy*s, x0+ux*e, y0+uy*e, width, col)
		}
		return
	}
	var xs, ys []float64
	for s := 0.0; s < length; s += dash + gap {
		e := math.Min(s+dash, length)
		xs = append(xs, x0+ux*s, x0+ux*e, math.NaN())
		ys = append(ys, y0+uy*s, y0+uy*e, math.NaN())
	}
	c.Polyline(xs, ys, width, col)
}
