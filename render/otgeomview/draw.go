package otgeomview

import (
	"image/color"
	"math"
	"sort"

	"solvable/core/otgeom"
	"solvable/render"
	"solvable/render/scene"
)

// Colours: each projection has the colour of the plane it lands on.
var (
	RowColour  = render.Blue   // M_p and the row projections
	ColColour  = render.Orange // M_q and the column projections
	MeshColour = render.Purple // E_K
	OptColour  = render.Green  // P*
	LPColour   = render.Red    // the LP plan
	SegColour  = render.Ink    // U(p,q)
)

// Draw paints the scene for v over the whole canvas; with an error it shows the sentence.
func Draw(c render.Canvas, v View) {
	w, h, ok := scene.Begin(c)
	if !ok {
		return
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This problem cannot be shown", v.Error)
		return
	}
	drawHeader(c, g, v)
	drawScene(c, g, v)
	drawLegend(c, g, v)
	drawReadout(c, g, v)
	drawCells(c, g, v)
}

// pt is a projected point.
type pt struct{ x, y, d float64 }

func (g Geometry) proj(v View, p otgeom.Vec3) pt {
	x, y, d := g.ToScreen(v.Camera, p)
	return pt{x, y, d}
}

// depthAlpha fades what lies behind: depth runs over [-sqrt3, sqrt3].
func depthAlpha(d, near, far float64) float64 {
	t := render.Clamp((d/radius+1)/2, 0, 1)
	return far + (near-far)*t
}

func drawScene(c render.Canvas, g Geometry, v View) {
	s := g.Scene
	c.FillRect(s.X, s.Y, s.W, s.H, render.Panel)
	fs := g.FS
	var verts [4]pt
	for k, p := range otgeom.Vertices {
		verts[k] = g.proj(v, p)
	}
	// Edges behind the centre first, thin and dashed.
	type edge struct {
		a, b pt
		d    float64
	}
	var edges []edge
	for _, e := range otgeom.Edges {
		a, b := verts[e[0]], verts[e[1]]
		edges = append(edges, edge{a, b, (a.d + b.d) / 2})
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].d < edges[j].d })
	for _, e := range edges {
		if e.d < 0 {
			render.DashedLine(c, e.a.x, e.a.y, e.b.x, e.b.y, 1, 4, 3, render.Frame)
		}
	}
	// The two planes, the farther first.
	planes := []struct {
		corners [4]otgeom.Vec3
		col     color.RGBA
	}{{v.RowPlane, RowColour}, {v.ColPlane, ColColour}}
	depthOf := func(cs [4]otgeom.Vec3) float64 {
		t := 0.0
		for _, p := range cs {
			t += g.proj(v, p).d
		}
		return t
	}
	if depthOf(planes[0].corners) > depthOf(planes[1].corners) {
		planes[0], planes[1] = planes[1], planes[0]
	}
	for _, pl := range planes {
		xs, ys := make([]float64, 5), make([]float64, 5)
		for k := 0; k < 5; k++ {
			q := g.proj(v, pl.corners[k%4])
			xs[k], ys[k] = q.x, q.y
		}
		c.FillPolygon(xs[:4], ys[:4], render.WithAlpha(pl.col, 0.13))
		c.Polyline(xs, ys, 1.2, render.WithAlpha(pl.col, 0.75))
	}
	drawMesh(c, g, v)
	// U(p,q): bold, with its two ends.
	lo, hi := g.proj(v, v.SegLo), g.proj(v, v.SegHi)
	c.StrokeLine(lo.x, lo.y, hi.x, hi.y, 3.5, SegColour)
	c.FillCircle(lo.x, lo.y, 3, SegColour)
	c.FillCircle(hi.x, hi.y, 3, SegColour)
	drawPath(c, g, v)
	// Markers: p q^T, the LP plan, P*, the start and the current iterate.
	ind := g.proj(v, v.Independent)
	c.FillCircle(ind.x, ind.y, 4.5, render.Grey)
	c.FillCircle(ind.x, ind.y, 2.5, render.Panel)
	lp := g.proj(v, v.LP)
	c.FillRect(lp.x-4.5, lp.y-4.5, 9, 9, LPColour)
	st := g.proj(v, v.Start)
	c.FillCircle(st.x, st.y, 4.5, render.Ink)
	c.FillCircle(st.x, st.y, 3, render.Panel)
	opt := g.proj(v, v.Optimal)
	c.FillCircle(opt.x, opt.y, 7, render.WithAlpha(OptColour, 0.35))
	c.FillCircle(opt.x, opt.y, 4, OptColour)
	cur := g.proj(v, v.Current)
	curCol := render.Ink
	switch v.Last {
	case ProjectionRows:
		curCol = RowColour
	case ProjectionCols:
		curCol = ColColour
	}
	c.FillCircle(cur.x, cur.y, 4, render.Panel)
	c.FillCircle(cur.x, cur.y, 3, curCol)
	// Marker labels, placed to the right unless that leaves the panel.
	label := func(p pt, s string, col color.RGBA, dy float64) {
		x, al := p.x+8, render.AlignLeft
		if x+c.TextWidth(s, fs*0.9) > g.Scene.Right()-2 {
			x, al = p.x-8, render.AlignRight
		}
		c.Text(s, x, render.Baseline(p.y+dy, fs*0.9), fs*0.9, col, al)
	}
	label(opt, "P*", OptColour, -fs*0.6)
	if math.Hypot(opt.x-lp.x, opt.y-lp.y) < 2*fs {
		// Too close to share a side: the LP label goes to the left.
		c.Text("LP", lp.x-8, render.Baseline(lp.y, fs*0.9), fs*0.9, LPColour, render.AlignRight)
	} else {
		label(lp, "LP", LPColour, fs*0.6)
	}
	if st.x != opt.x || st.y != opt.y {
		label(st, "K", render.Ink, 0)
	}
	// Edges in front, solid, then the vertex labels outside the tetrahedron.
	for _, e := range edges {
		if e.d >= 0 {
			c.StrokeLine(e.a.x, e.a.y, e.b.x, e.b.y, 1.3, render.Mix(render.Ink, render.White, 0.35))
		}
	}
	for k, p := range verts {
		dx, dy := p.x-g.CX, p.y-g.CY
		l := math.Max(math.Hypot(dx, dy), 1)
		lx, ly := p.x+dx/l*fs*1.3, p.y+dy/l*fs*1.3
		name := "P" + sub(otgeom.CellNames[k])
		c.FillCircle(p.x, p.y, 2.5, render.Ink)
		c.Text(name, lx, render.Baseline(ly, fs*1.05), fs*1.05, render.Ink, render.AlignCenter)
	}
	hint := "Drag to turn the view"
	c.Text(hint, s.X+fs*0.5, s.Bottom()-fs*0.5, fs*0.85, render.Muted, render.AlignLeft)
}

// drawMesh draws E_K's curves, fainter behind.
func drawMesh(c render.Canvas, g Geometry, v View) {
	for _, set := range [][][]otgeom.Vec3{v.MeshRows, v.MeshCols} {
		for _, line := range set {
			for k := 0; k+1 < len(line); k++ {
				a, b := g.proj(v, line[k]), g.proj(v, line[k+1])
				al := depthAlpha((a.d+b.d)/2, 0.55, 0.18)
				c.StrokeLine(a.x, a.y, b.x, b.y, 0.9, render.WithAlpha(MeshColour, al))
			}
		}
	}
}

// drawPath draws the zig-zag: each projection's e-geodesic in its plane's colour, then the
// thinned trail.
func drawPath(c render.Canvas, g Geometry, v View) {
	for _, arc := range v.Arcs {
		col := RowColour
		if arc.Kind == ProjectionCols {
			col = ColColour
		}
		xs, ys := make([]float64, len(arc.Points)), make([]float64, len(arc.Points))
		for k, p := range arc.Points {
			q := g.proj(v, p)
			xs[k], ys[k] = q.x, q.y
		}
		c.Polyline(xs, ys, 2.2, col)
	}
	if len(v.Trail) > 1 {
		xs, ys := make([]float64, len(v.Trail)), make([]float64, len(v.Trail))
		for k, p := range v.Trail {
			q := g.proj(v, p)
			xs[k], ys[k] = q.x, q.y
		}
		c.Polyline(xs, ys, 1.6, render.Grey)
	}
}

// sub writes the digits of s as Unicode subscripts (Go Regular has ₀ to ₉).
func sub(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = '₀' + (r - '0')
		}
		out = append(out, r)
	}
	return string(out)
}
