package sinkhornview

import (
	"fmt"

	"solvable/render"
	"solvable/render/scene"
)

// headline says in words what the last projection did, the one thing a newcomer should
// take from the current frame.
func headline(v View) string {
	tol := render.Num(v.Tol, 2)
	var s string
	switch v.Last {
	case ProjectionRows:
		s = fmt.Sprintf("Rows rescaled (projection %d): every row sum now equals p; the column sums do not match q yet.", v.Projections)
	case ProjectionCols:
		s = fmt.Sprintf("Columns rescaled (projection %d): every column sum now equals q; the row sums do not match p yet.", v.Projections)
	default:
		s = "Start: the plan is the kernel exp(−C/λ); neither its row sums nor its column sums match p and q yet."
	}
	if v.Converged {
		s = fmt.Sprintf("Converged after %d iterations: row sums match p and column sums match q to within %s.", v.Iter, tol)
	}
	return s
}

// sublines explain the picture's grammar in one line, longest first; the first that fits
// is drawn.
var sublines = []string{
	"Sinkhorn alternately rescales the rows of P to sum to p and its columns to sum to q.",
	"Sinkhorn rescales rows (to p) and columns (to q) in turn.",
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	if v.Converged {
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room > 0 {
		scene.Subline(c, r, y, g.FS, sublines...)
	}
}
