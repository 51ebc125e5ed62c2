package sinkhornview

import (
	"math"

	"solvable/render"
	"solvable/render/plot"
)

// drawPlan draws the heatmap of P, its colour bar, and the support values along rows and
// columns.
func drawPlan(c render.Canvas, g Geometry, v View) {
	heat := g.Heat
	norm := plot.LinearNorm(v.Plan)
	plot.Heatmap(c, heat, g.N, g.M, v.Plan, norm, render.Sequential)
	// Thin paper-coloured lines between large cells make "one cell = one pair (x_i, y_j)"
	// visible; with small cells they would only dim the picture.
	if g.CellW >= 12 && g.CellH >= 12 {
		for i := 1; i < g.N; i++ {
			y := heat.Y + float64(i)*g.CellH
			c.StrokeLine(heat.X, y, heat.Right(), y, 1, render.WithAlpha(render.White, 0.7))
		}
		for j := 1; j < g.M; j++ {
			x := heat.X + float64(j)*g.CellW
			c.StrokeLine(x, heat.Y, x, heat.Bottom(), 1, render.WithAlpha(render.White, 0.7))
		}
	}
	c.StrokeRect(heat.X, heat.Y, heat.W, heat.H, 1, render.Frame)

	st := plot.DefaultStyle(g.FS * 0.9)
	plot.ColorBar(c, g.Colour, norm, render.Sequential, st)
	c.Text("P", g.Colour.CenterX(), g.Colour.Y-4, g.FS, render.Muted, render.AlignCenter)

	drawSupportLabels(c, g, v)
}

// supportTick is a label at a fractional cell index (0 is the centre of the first cell).
type supportTick struct {
	at    float64
	label string
}

// supportTicks places at most maxLabels labels along n cells with support values vals. When
// there are more cells than labels and the values increase strictly (a grid, or sorted
// points), the labels sit at round values,
// interpolated between cell centres, as on any numeric axis; otherwise every stride-th cell
// is labelled with its own value.
func supportTicks(vals []float64, maxLabels int) []supportTick {
	n := len(vals)
	if n == 0 || maxLabels < 1 {
		return nil
	}
	// When every cell has room for its own label, each cell shows its own value: round
	// values between cells would suggest points that are not there.
	increasing := n > maxLabels && n > 2
	for i := 1; i < n && increasing; i++ {
		increasing = vals[i] > vals[i-1]
	}
	var out []supportTick
	if increasing && maxLabels >= 2 {
		i := 0
		for _, t := range plot.LinearTicks(vals[0], vals[n-1], maxLabels) {
			for i < n-2 && vals[i+1] < t.Value {
				i++
			}
			at := float64(i) + (t.Value-vals[i])/(vals[i+1]-vals[i])
			out = append(out, supportTick{at, t.Label})
		}
		if len(out) >= 2 {
			return out
		}
		out = out[:0]
	}
	stride := int(math.Ceil(float64(n) / float64(maxLabels)))
	if stride > 1 {
		stride = int(plot.NiceStep(float64(stride)))
	}
	for i := 0; i < n; i += stride {
		out = append(out, supportTick{float64(i), supportLabel(vals[i])})
	}
	return out
}

// drawSupportLabels writes the x values beside rows and the y values below columns, spaced
// so they do not collide, and names the two axes.
func drawSupportLabels(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 0.9
	heat := g.Heat
	// Rows: right-aligned in the label column.
	for _, t := range supportTicks(v.X[:min(len(v.X), g.N)], int(heat.H/(fs*1.8))) {
		y := heat.Y + (t.at+0.5)*g.CellH
		c.Text(t.label, g.XLabels.Right()-3, render.Baseline(y, fs), fs, render.Muted, render.AlignRight)
	}
	// Columns: below the heatmap.
	widest := 0.0
	for _, y := range v.Y {
		widest = math.Max(widest, c.TextWidth(supportLabel(y), fs))
	}
	base := heat.Bottom() + fs*1.25
	for _, t := range supportTicks(v.Y[:min(len(v.Y), g.M)], int(heat.W/(widest+fs*1.5))) {
		x := heat.X + (t.at+0.5)*g.CellW
		c.Text(t.label, x, base, fs, render.Muted, render.AlignCenter)
	}
	// Axis names: the row one under the row labels and p bars (left-aligned), the column one
	// centred under the heatmap; short forms when the long ones would collide.
	lineY := base + render.LineHeight(g.FS)
	names := [][2]string{{"rows: source points x", "columns: target points y"}, {"rows: x", "columns: y"}}
	for k, nm := range names {
		rowEnd := g.XLabels.X + c.TextWidth(nm[0], g.FS)
		colStart := heat.CenterX() - c.TextWidth(nm[1], g.FS)/2
		if rowEnd+g.FS <= colStart || k == len(names)-1 {
			c.Text(nm[0], g.XLabels.X, lineY, g.FS, render.Ink, render.AlignLeft)
			c.Text(nm[1], heat.CenterX(), lineY, g.FS, render.Ink, render.AlignCenter)
			break
		}
	}
}

// supportLabel formats a support point with three significant digits.
func supportLabel(x float64) string { return render.Num(x, 3) }
