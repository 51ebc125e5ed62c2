package plot

import (
	"image/color"
	"math"

	"solvable/render"
)

// Mark is how a legend entry's swatch is drawn.
type Mark int

const (
	MarkLine    Mark = iota // a short solid line
	MarkDashed              // a short dashed line
	MarkFill                // a filled square
	MarkOutline             // an outlined square
	MarkDot                 // a dot
	MarkRing                // a hollow circle (Fill inside when set, else the panel colour)
)

// LegendEntry is one line of a legend.
type LegendEntry struct {
	Label string
	Color color.RGBA
	Mark  Mark
	Fill  color.RGBA // for MarkOutline: the fill inside the outline (A = 0 for none)
}

// Legend draws the entries one per line with the top-left corner at (x, y) on a
// translucent panel (so lines behind it do not run through the words) and returns the size
// it used.
func Legend(c render.Canvas, x, y float64, entries []LegendEntry, st Style) (w, h float64) {
	fs := st.FontSize
	lh := render.LineHeight(fs)
	sw := fs * 1.6 // swatch width
	pad := fs * 0.3
	w, h = LegendSize(c, entries, st)
	if len(entries) == 0 {
		return 0, 0
	}
	back := st.Back
	if back.A == 0 {
		back = render.Panel
	}
	c.FillRect(x, y, w, h, render.WithAlpha(back, 0.85))
	for i, e := range entries {
		cy := y + pad + lh*(float64(i)+0.5)
		Swatch(c, render.Rect{X: x + pad, Y: cy - fs*0.4, W: sw, H: fs * 0.8}, e)
		c.Text(e.Label, x+pad+sw+fs*0.4, render.Baseline(cy, fs), fs, st.Ink, render.AlignLeft)
	}
	return w, h
}

// Swatch draws the mark of e inside r.
func Swatch(c render.Canvas, r render.Rect, e LegendEntry) {
	cy := r.CenterY()
	switch e.Mark {
	case MarkLine:
		c.StrokeLine(r.X, cy, r.Right(), cy, 2, e.Color)
	case MarkDashed:
		render.DashedLine(c, r.X, cy, r.Right(), cy, 1.5, 4, 3, e.Color)
	case MarkFill:
		c.FillRect(r.X, r.Y, r.W, r.H, e.Color)
	case MarkOutline:
		if e.Fill.A != 0 {
			c.FillRect(r.X, r.Y, r.W, r.H, e.Fill)
		}
		c.StrokeRect(r.X, r.Y, r.W, r.H, 1.5, e.Color)
	case MarkDot:
		c.FillCircle(r.CenterX(), cy, math.Min(r.W, r.H)/2.5, e.Color)
	case MarkRing:
		rad := math.Min(r.W, r.H) / 2
		inner := e.Fill
		if inner.A == 0 {
			inner = render.Panel
		}
		c.FillCircle(r.CenterX(), cy, rad, e.Color)
		c.FillCircle(r.CenterX(), cy, math.Max(rad-2, 0.5), inner)
	}
}

// LegendSize is the size Legend will use for the entries, so a caller can place the legend
// (in a corner, beside a plot) before drawing it.
func LegendSize(c render.Canvas, entries []LegendEntry, st Style) (w, h float64) {
	if len(entries) == 0 {
		return 0, 0
	}
	fs := st.FontSize
	sw, pad := fs*1.6, fs*0.3
	for _, e := range entries {
		w = math.Max(w, sw+fs*0.4+c.TextWidth(e.Label, fs))
	}
	return w + 2*pad, render.LineHeight(fs)*float64(len(entries)) + 2*pad
}
