package sinkhornview

import (
	"math"

	"solvable/render"
	"solvable/render/plot"
)

// drawErrorPlot draws the L1 marginal error after each projection on a log axis, with the
// stopping tolerance as a dashed line.
func drawErrorPlot(c render.Canvas, g Geometry, v View) {
	r := g.ErrPlot
	if r.W < 40 || r.H < 40 {
		return
	}
	n := len(v.ErrorHistory)
	// ErrorHistory[k] is the error after projection (k+1)*stride: the simulator thins long
	// runs by doubling the stride.
	stride := float64(max(v.HistoryStride, 1))
	xa := plot.Linear("projection (half-step)").Include(0, float64(n)*stride)
	if n < 10 {
		xa = xa.Include(10) // room for the first few steps instead of a zoom on one point
	}
	ya := plot.Log("", v.ErrorHistory).Include(v.Tol)
	st := plot.DefaultStyle(g.FS * 0.9)
	f := plot.NewFrame(c, r, titleFor(c, r.W, st), xa.Nice(6), ya.Nice(6), st)
	f.Draw(c)
	if render.Finite(v.Tol) && v.Tol > 0 && f.HLine(c, v.Tol, 1.25, render.Green, true) {
		c.Text("tol "+render.Num(v.Tol, 2), f.Plot.Right()-3, f.PY(v.Tol)-4, st.FontSize, render.Green, render.AlignRight)
	}
	if n == 0 {
		// Above the middle, where the tolerance line (mid-axis when there is no data) is not.
		c.Text("no projections yet", f.Plot.CenterX(), render.Baseline(f.Plot.Y+f.Plot.H*0.25, st.FontSize), st.FontSize,
			render.Muted, render.AlignCenter)
		return
	}
	f.LineFunc(c, n, func(k int) (float64, float64) { return float64(k+1) * stride, v.ErrorHistory[k] }, 1.5, render.Blue)
	last := v.ErrorHistory[n-1]
	if px, py := f.PX(float64(n)*stride), f.PY(last); !math.IsNaN(px) && !math.IsNaN(py) && f.Plot.Contains(px, py) {
		c.FillCircle(px, py, 3, render.Blue)
	}
}

// titleFor picks the longest title that fits. (The formula ||P1-p||_1 + ||P^T 1-q||_1 would
// be nicer, but Go Regular has no double bar or superscript T; the readout names it.)
func titleFor(c render.Canvas, w float64, st plot.Style) string {
	for _, t := range []string{
		"L1 marginal error after each projection (log scale)",
		"L1 marginal error per projection",
		"marginal error",
	} {
		if c.TextWidth(t, st.TitleSize) <= w {
			return t
		}
	}
	return "error"
}
