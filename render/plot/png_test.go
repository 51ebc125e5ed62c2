package plot_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/rastercanvas"
)

// TestChartPNG draws the kind of charts later models need (learning curves on log-log
// axes with a legend, a spectrum on a linear axis, a log-scaled heatmap) so that the plot
// package can be judged by eye. Set SOLVABLE_SAVE_PNG to a directory to keep the files.
func TestChartPNG(t *testing.T) {
	c := rastercanvas.New(900, 360, 1)
	st := plot.DefaultStyle(11)

	// Learning curves: loss ~ t^-a with noise, and a NaN gap in one of them.
	n := 2000
	ts := make([]float64, n)
	curves := make([][]float64, 3)
	for i := range ts {
		ts[i] = float64(i + 1)
	}
	for k := range curves {
		curves[k] = make([]float64, n)
		for i, x := range ts {
			curves[k][i] = math.Pow(x, -0.5*float64(k+1)) * (1 + 0.2*math.Sin(float64(i)*0.7))
		}
	}
	curves[1][300] = math.NaN()
	x := plot.Log("step", ts).Nice(6)
	y := plot.Log("loss", curves...).Nice(6)
	f := plot.NewFrame(c, render.Rect{X: 10, Y: 10, W: 420, H: 340}, "learning curves (log-log)", x, y, st)
	f.Draw(c)
	var legend []plot.LegendEntry
	for k, cv := range curves {
		f.Line(c, ts, cv, 1.5, render.SeriesColor(k))
		legend = append(legend, plot.LegendEntry{Label: []string{"a = 0.5", "a = 1", "a = 1.5"}[k], Color: render.SeriesColor(k), Mark: plot.MarkLine})
	}
	f.HLine(c, 1e-3, 1, render.Grey, true)
	legend = append(legend, plot.LegendEntry{Label: "target 1e-3", Color: render.Grey, Mark: plot.MarkDashed})
	plot.Legend(c, f.Plot.Right()-110, f.Plot.Y+8, legend, st)

	// A spectrum on linear axes with points.
	ev := make([]float64, 30)
	idx := make([]float64, 30)
	for i := range ev {
		idx[i] = float64(i + 1)
		ev[i] = 2.5 * math.Exp(-float64(i)/6)
	}
	g := plot.NewFrame(c, render.Rect{X: 450, Y: 10, W: 260, H: 340}, "spectrum", plot.Linear("index", idx).Include(0).Nice(6), plot.Linear("eigenvalue", ev).Include(0).Nice(6), st)
	g.Draw(c)
	g.Line(c, idx, ev, 1, render.Blue)
	g.Points(c, idx, ev, 2.5, render.Blue)

	// A log-normed heatmap with a colour bar.
	const m = 50
	vals := make([]float64, m*m)
	for i := range m {
		for j := range m {
			d := float64(i-j) / 8
			vals[i*m+j] = math.Exp(-d * d)
		}
	}
	norm := plot.LogNorm(vals, 6)
	plot.Heatmap(c, render.Rect{X: 730, Y: 40, W: 110, H: 110}, m, m, vals, norm, render.Sequential)
	plot.ColorBar(c, render.Rect{X: 848, Y: 40, W: 10, H: 110}, norm, render.Sequential, st)
	c.Text("log colour scale", 730, 30, 11, render.Ink, render.AlignLeft)

	dirs := []string{t.TempDir()}
	if d := os.Getenv("SOLVABLE_SAVE_PNG"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := c.SavePNG(filepath.Join(d, "plot-charts.png")); err != nil {
			t.Fatal(err)
		}
	}
}
