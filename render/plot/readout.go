package plot

import (
	"math"

	"solvable/render"
)

// ReadoutRow is one name-value pair of a readout; Highlight draws the value in green (a
// converged status, say).
type ReadoutRow struct {
	Name, Value string
	Highlight   bool
}

// Readout draws rows as name-value pairs on a panel in r, in two columns when one would not fit
// the height and the width allows, shrinking the text down to 8 px before dropping rows.
func Readout(c render.Canvas, r render.Rect, rows []ReadoutRow, fs float64) {
	lh := render.LineHeight(fs)
	if r.W < 60 || r.H < lh {
		return
	}
	cols := 1
	if float64(len(rows))*lh > r.H && r.W >= 320 {
		cols = 2
	}
	// Shrink the text until the rows fit; a phone in landscape is the tight case.
	for fs > 8 && float64((len(rows)+cols-1)/cols)*render.LineHeight(fs) > r.H {
		fs -= 0.5
	}
	lh = render.LineHeight(fs)
	perCol := (len(rows) + cols - 1) / cols
	colW := r.W / float64(cols)
	c.FillRect(r.X, r.Y, r.W, math.Min(r.H, float64(perCol)*lh+lh*0.5), render.Panel)
	for k, rw := range rows {
		col, line := k/perCol, k%perCol
		x := r.X + float64(col)*colW
		y := r.Y + lh*(float64(line)+0.75)
		if y+lh*0.5 > r.Bottom()+0.5 {
			continue
		}
		value := render.Ellipsize(c, rw.Value, fs, colW*0.6)
		valueW := c.TextWidth(value, fs)
		name := render.Ellipsize(c, rw.Name, fs, colW-valueW-fs*1.5)
		c.Text(name, x+fs*0.4, render.Baseline(y, fs), fs, render.Muted, render.AlignLeft)
		ink := render.Ink
		if rw.Highlight {
			ink = render.Green
		}
		c.Text(value, x+colW-fs*0.6, render.Baseline(y, fs), fs, ink, render.AlignRight)
	}
}
