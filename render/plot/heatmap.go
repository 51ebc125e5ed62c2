package plot

import (
	"image/color"
	"math"
	"sync"

	"solvable/render"
)

// Norm maps data values to [0, 1] for a colour map: linearly on [Lo, Hi], or by log10 when
// Log is set (then values at or below Lo map to 0).
type Norm struct {
	Lo, Hi float64
	Log    bool
}

// LinearNorm spans 0 (or the smallest value, if negative) to the largest finite value;
// all-zero or empty data give [0, 1].
func LinearNorm(vals []float64) Norm {
	a := Linear("", vals).Include(0).Sane()
	return Norm{Lo: a.Min, Hi: a.Max}
}

// LogNorm spans the positive finite values, but no more than decades decades below the
// largest, so one tiny entry does not wash out the picture.
func LogNorm(vals []float64, decades float64) Norm {
	a := Log("", vals).Sane()
	if decades > 0 && a.Max/a.Min > math.Pow(10, decades) {
		a.Min = a.Max / math.Pow(10, decades)
	}
	return Norm{Lo: a.Min, Hi: a.Max, Log: true}
}

// Frac is v's position in [0, 1] (clamped); NaN for values with no colour.
func (n Norm) Frac(v float64) float64 {
	if !render.Finite(v) {
		return math.NaN()
	}
	if n.Log {
		if !(n.Lo > 0) || !(n.Hi > n.Lo) {
			return math.NaN()
		}
		if v <= n.Lo {
			return 0
		}
		return render.Clamp(math.Log10(v/n.Lo)/math.Log10(n.Hi/n.Lo), 0, 1)
	}
	if !(n.Hi > n.Lo) {
		return 0
	}
	return render.Clamp((v-n.Lo)/(n.Hi-n.Lo), 0, 1)
}

// Axis is the norm's range as an axis, for colour-bar ticks.
func (n Norm) Axis(label string) Axis {
	return Axis{Label: label, Log: n.Log, Min: n.Lo, Max: n.Hi}.Sane()
}

// heatBuf is the pixel buffer Heatmap reuses: a 400x400 plan is 640 kB a frame, too much
// to allocate every frame on wasm, where a sync.Pool is emptied by each collection.
var heatBuf struct {
	sync.Mutex
	pix []byte
}

// Heatmap draws a rows x cols matrix (row-major vals; missing entries count as NaN) into r,
// row 0 at the top, each cell coloured by cm at norm.Frac of its value. It goes through
// render.DrawPixels, so a canvas that can draw images does it in one call.
func Heatmap(c render.Canvas, r render.Rect, rows, cols int, vals []float64, norm Norm, cm *render.Colormap) {
	if rows <= 0 || cols <= 0 || !r.Valid() || rows*cols > 1<<26 {
		return
	}
	heatBuf.Lock()
	defer heatBuf.Unlock()
	need := 4 * rows * cols
	if cap(heatBuf.pix) < need {
		heatBuf.pix = make([]byte, need)
	}
	pix := heatBuf.pix[:need]
	// The linear case, by far the common one, maps straight to a table index: this loop runs
	// 160,000 times a frame for the largest plan.
	lin := !norm.Log && norm.Hi > norm.Lo && render.Finite(norm.Hi-norm.Lo) && render.Finite(norm.Lo)
	lo, k255 := norm.Lo, 255/(norm.Hi-norm.Lo)
	for k := range rows * cols {
		v := math.NaN()
		if k < len(vals) {
			v = vals[k]
		}
		var col color.RGBA
		switch {
		case v != v:
			col = cm.NaN
		case lin:
			t := (v-lo)*k255 + 0.5
			switch { // also catches +-Inf before the int conversion
			case t < 0:
				t = 0
			case t > 255:
				t = 255
			}
			col = cm.Entry(int(t))
		default:
			col = cm.At(norm.Frac(v))
		}
		p := pix[4*k : 4*k+4 : 4*k+4] // one bounds check for the four stores
		p[0], p[1], p[2], p[3] = col.R, col.G, col.B, col.A
	}
	render.DrawPixels(c, r.X, r.Y, r.W, r.H, pix, cols, rows)
}

// ColorBar draws the colour map in r with the norm's ticks: vertical (high at the top,
// labels to the right) when r is taller than wide, horizontal (labels below) otherwise.
// Reserve ColorBarLabelWidth beside a vertical bar, or one text line below a horizontal one.
func ColorBar(c render.Canvas, r render.Rect, norm Norm, cm *render.Colormap, st Style) {
	if !r.Valid() || r.W <= 0 || r.H <= 0 {
		return
	}
	const steps = 128
	var pix [4 * steps]byte
	vertical := r.H >= r.W
	for k := range steps {
		t := float64(k) / (steps - 1)
		if vertical {
			t = 1 - t // the top row is the high end
		}
		col := cm.At(t)
		pix[4*k], pix[4*k+1], pix[4*k+2], pix[4*k+3] = col.R, col.G, col.B, col.A
	}
	if vertical {
		render.DrawPixels(c, r.X, r.Y, r.W, r.H, pix[:], 1, steps)
	} else {
		render.DrawPixels(c, r.X, r.Y, r.W, r.H, pix[:], steps, 1)
	}
	c.StrokeRect(r.X, r.Y, r.W, r.H, st.LineWidth, st.Frame)
	a := norm.Axis("")
	fs := st.FontSize
	if vertical {
		for _, t := range a.Ticks(max(2, int(r.H/(2.4*fs))+1)) {
			if !t.Major {
				continue
			}
			y := r.Bottom() - a.Frac(t.Value)*r.H
			c.StrokeLine(r.Right(), y, r.Right()+st.TickLen, y, st.LineWidth, st.Frame)
			c.Text(t.Label, r.Right()+st.TickLen+2, render.Baseline(y, fs), fs, st.Muted, render.AlignLeft)
		}
		return
	}
	for _, t := range fitXTicks(c, a, r.W, fs) {
		if !t.Major {
			continue
		}
		x := r.X + a.Frac(t.Value)*r.W
		c.StrokeLine(x, r.Bottom(), x, r.Bottom()+st.TickLen, st.LineWidth, st.Frame)
		c.Text(t.Label, x, r.Bottom()+st.TickLen+fs, fs, st.Muted, render.AlignCenter)
	}
}

// ColorBarLabelWidth is the room the tick labels of a vertical colour bar of height h need.
func ColorBarLabelWidth(c render.Canvas, norm Norm, h float64, st Style) float64 {
	a := norm.Axis("")
	w := 0.0
	for _, t := range a.Ticks(max(2, int(h/(2.4*st.FontSize))+1)) {
		w = math.Max(w, c.TextWidth(t.Label, st.FontSize))
	}
	return w + st.TickLen + 4
}
