package plot

import (
	"math"

	"solvable/render"
)

// Frame is a laid-out chart: the outer rectangle it was given, the plot area left after
// room for the title, tick labels and axis labels, and the two axes with their ticks.
// Build it with NewFrame, draw the decorations with Draw, then the data with Line, Points,
// HLine and friends, which map data coordinates into Plot.
type Frame struct {
	Outer render.Rect
	Plot  render.Rect
	X, Y  Axis
	Title string
	Style Style

	xTicks, yTicks []Tick
	// Cached logs of the ends, so mapping a long series does not redo them per point.
	x0, x1, y0, y1 float64
}

// NewFrame lays out a chart in outer. The axes are used as given (call Nice first for
// round ends). Tick counts follow the room available: about one label per 2.5 text lines
// vertically and labels never overlapping horizontally.
func NewFrame(c render.Canvas, outer render.Rect, title string, x, y Axis, st Style) *Frame {
	f := &Frame{Outer: outer, X: x.Sane(), Y: y.Sane(), Title: title, Style: st}
	fs := st.FontSize
	top := 0.0
	if title != "" {
		top += render.LineHeight(st.TitleSize) + fs*0.3
	}
	if f.Y.Label != "" {
		top += render.LineHeight(fs)
	}
	top += fs * 0.6 // head room: the top tick label is centred on the plot's top edge
	bottom := st.TickLen + render.LineHeight(fs) + 2
	if f.X.Label != "" {
		bottom += render.LineHeight(fs)
	}
	plotH := math.Max(outer.H-top-bottom, 0)
	f.yTicks = f.Y.Ticks(max(2, int(plotH/(2.4*fs))+1))
	labelW := 0.0
	for _, t := range f.yTicks {
		labelW = math.Max(labelW, c.TextWidth(t.Label, fs))
	}
	left := labelW + st.TickLen + 4
	right := fs * 1.2 // half of a typical last x label sticks out past the plot edge
	f.Plot = outer.Inset(left, top, right, bottom)
	f.xTicks = fitXTicks(c, f.X, f.Plot.W, fs)
	f.x0, f.x1 = endsOf(f.X)
	f.y0, f.y1 = endsOf(f.Y)
	return f
}

// fitXTicks asks for fewer ticks until the labels fit side by side with a gap of one em.
func fitXTicks(c render.Canvas, a Axis, width, fs float64) []Tick {
	for n := max(2, int(width/(3*fs))); ; n-- {
		ticks := a.Ticks(n)
		used := 0.0
		for _, t := range ticks {
			if t.Major {
				used += c.TextWidth(t.Label, fs) + fs
			}
		}
		if used <= width || n <= 2 {
			return ticks
		}
	}
}

func endsOf(a Axis) (lo, hi float64) {
	if a.Log {
		return math.Log10(a.Min), math.Log10(a.Max)
	}
	return a.Min, a.Max
}

// PX maps a data x to a canvas x (NaN if it cannot be placed).
func (f *Frame) PX(v float64) float64 {
	t := mapEnds(v, f.X.Log, f.x0, f.x1)
	return f.Plot.X + t*f.Plot.W
}

// PY maps a data y to a canvas y (NaN if it cannot be placed).
func (f *Frame) PY(v float64) float64 {
	t := mapEnds(v, f.Y.Log, f.y0, f.y1)
	return f.Plot.Bottom() - t*f.Plot.H
}

func mapEnds(v float64, log bool, lo, hi float64) float64 {
	if !render.Finite(v) {
		return math.NaN()
	}
	if log {
		if !(v > 0) {
			return math.NaN()
		}
		v = math.Log10(v)
	}
	return (v - lo) / (hi - lo)
}

// SetXTicks replaces the x ticks NewFrame chose, for an axis labelled its own way (angles in
// units of π, say). Grid lines and labels follow the new ticks.
func (f *Frame) SetXTicks(ticks []Tick) { f.xTicks = ticks }

// Draw draws the plot background, grid, frame, ticks, tick labels, axis labels and title.
func (f *Frame) Draw(c render.Canvas) {
	st := f.Style
	fs := st.FontSize
	p := f.Plot
	if st.Back.A != 0 {
		c.FillRect(p.X, p.Y, p.W, p.H, st.Back)
	}
	if st.GridLines {
		for _, t := range f.yTicks {
			if y := f.PY(t.Value); t.Major && inside(y, p.Y, p.Bottom()) {
				c.StrokeLine(p.X, y, p.Right(), y, st.LineWidth, st.Grid)
			}
		}
		for _, t := range f.xTicks {
			if x := f.PX(t.Value); t.Major && inside(x, p.X, p.Right()) {
				c.StrokeLine(x, p.Y, x, p.Bottom(), st.LineWidth, st.Grid)
			}
		}
	}
	c.StrokeRect(p.X, p.Y, p.W, p.H, st.LineWidth, st.Frame)
	for _, t := range f.yTicks {
		y := f.PY(t.Value)
		if !inside(y, p.Y, p.Bottom()) || (!t.Major && !st.MinorTicks) {
			continue
		}
		l := st.TickLen
		if !t.Major {
			l /= 2
		}
		c.StrokeLine(p.X-l, y, p.X, y, st.LineWidth, st.Frame)
		if t.Label != "" {
			c.Text(t.Label, p.X-st.TickLen-3, render.Baseline(y, fs), fs, st.Muted, render.AlignRight)
		}
	}
	for _, t := range f.xTicks {
		x := f.PX(t.Value)
		if !inside(x, p.X, p.Right()) || (!t.Major && !st.MinorTicks) {
			continue
		}
		l := st.TickLen
		if !t.Major {
			l /= 2
		}
		c.StrokeLine(x, p.Bottom(), x, p.Bottom()+l, st.LineWidth, st.Frame)
		if t.Label != "" {
			c.Text(t.Label, x, p.Bottom()+st.TickLen+fs*1.05, fs, st.Muted, render.AlignCenter)
		}
	}
	y := f.Outer.Y
	if f.Title != "" {
		y += st.TitleSize * 1.05
		c.Text(render.Ellipsize(c, f.Title, st.TitleSize, f.Outer.W), f.Outer.X, y, st.TitleSize, st.Ink, render.AlignLeft)
		y += fs * 0.3
	}
	if f.Y.Label != "" {
		c.Text(render.Ellipsize(c, f.Y.Label, fs, f.Outer.W), f.Outer.X, y+fs*1.1, fs, st.Muted, render.AlignLeft)
	}
	if f.X.Label != "" {
		c.Text(render.Ellipsize(c, f.X.Label, fs, f.Outer.W), p.CenterX(), p.Bottom()+st.TickLen+fs*1.05+render.LineHeight(fs),
			fs, st.Muted, render.AlignCenter)
	}
}

// inside reports whether v is within [lo, hi] with half a pixel of slack for rounding.
func inside(v, lo, hi float64) bool { return v >= lo-0.5 && v <= hi+0.5 }
