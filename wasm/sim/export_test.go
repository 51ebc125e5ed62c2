package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"solvable/core/otgeom"
	"solvable/render"
	"solvable/render/rastercanvas"
	"solvable/render/recorder"
	"solvable/render/svgcanvas"
)

var exportNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// exportCases are a runner per model, stepped part of the way (so the sweep has λ not yet
// solved and the runs have history).
var exportCases = []struct{ query string }{
	{"model=sinkhorn&preset=spec"},
	{"model=sinkhorn&n=300&m=300&lambda=0.02"},
	{"model=ot2x2"},
	{"model=ot2x2&preset=sharp"},
	{"model=otsweep"},
	{"model=otcloud"},
	{"model=dln"},
	{"model=dln&view=coef"},
	{"model=dln&n=5&d=12&k=2&seed=3&alpha=0.01&view=sweep"},
}

func steppedRunner(t *testing.T, query string, steps int) *Runner {
	t.Helper()
	r := newRunner(t, query+"&paused=1")
	if r.Err != "" {
		t.Fatalf("%s: %s", query, r.Err)
	}
	r.StepN(steps, time.Hour)
	return r
}

// parsedCSV splits an export into its comment lines and its records.
func parsedCSV(t *testing.T, text string) (comments []string, header []string, rows [][]string) {
	t.Helper()
	rest := text
	for strings.HasPrefix(rest, "#") {
		line, after, _ := strings.Cut(rest, "\n")
		comments = append(comments, strings.TrimPrefix(line, "# "))
		rest = after
	}
	recs, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, text)
	}
	if len(recs) == 0 {
		t.Fatalf("the CSV has no header:\n%s", text)
	}
	return comments, recs[0], recs[1:]
}

// field reads a CSV field back: empty is NaN.
func field(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("field %q is not a number", s)
	}
	return v
}

// same compares a CSV value with a state value (nil in the state is an empty field).
func same(t *testing.T, what string, got float64, want any) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		if !math.IsNaN(got) {
			t.Errorf("%s = %v in the CSV, null in state()", what, got)
		}
	case float64:
		if got != w {
			t.Errorf("%s = %v in the CSV, %v in state()", what, got, w)
		}
	case int:
		if got != float64(w) {
			t.Errorf("%s = %v in the CSV, %v in state()", what, got, w)
		}
	default:
		t.Errorf("%s: state() holds %T", what, want)
	}
}

func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

func TestCSVExportMatchesState(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.query, func(t *testing.T) {
			r := steppedRunner(t, tc.query, 300)
			text, err := CSV(r, exportNow)
			if err != nil {
				t.Fatal(err)
			}
			comments, header, rows := parsedCSV(t, text)
			st := r.State(true)
			if comments[0] != "Solvable "+r.Model.Name() || comments[2] != "exported: 2026-11-27T09:30:00Z" {
				t.Errorf("comments %q", comments)
			}
			q, ok := strings.CutPrefix(comments[1], "parameters: ")
			if !ok {
				t.Fatalf("second comment %q", comments[1])
			}
			vals, err := url.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			params := st["params"].(map[string]any)
			if len(vals) != len(params) {
				t.Errorf("parameters line %q has %d keys, state().params %d: %v", q, len(vals), len(params), params)
			}
			for k, v := range params {
				if vals.Get(k) != v {
					t.Errorf("parameter %s = %q in the CSV, %q in state()", k, vals.Get(k), v)
				}
			}
			// The permalink in the file rebuilds the same problem.
			if r2 := newRunner(t, q); fmt.Sprint(r2.State(false)["params"]) != fmt.Sprint(params) {
				t.Errorf("the parameters line does not reproduce the problem: %v vs %v", r2.State(false)["params"], params)
			}
			for i, row := range rows {
				if len(row) != len(header) {
					t.Fatalf("row %d has %d fields, header %d", i, len(row), len(header))
				}
			}
			if strings.Contains(text, "NaN") {
				t.Error("NaN written into the CSV")
			}
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
			last := rows[len(rows)-1]
			get := func(row []string, name string) float64 {
				t.Helper()
				c := column(header, name)
				if c < 0 {
					t.Fatalf("no column %s in %q", name, header)
				}
				return field(t, row[c])
			}
			switch r.Model.Name() {
			case "sinkhorn":
				same(t, "projection", get(last, "projection"), st["projections"])
				same(t, "marginal_error", get(last, "marginal_error"), st["marginalError"])
			case "ot2x2":
				same(t, "projection", get(last, "projection"), st["projections"])
				plan := st["plan"].([]any)
				for k, name := range []string{"p11", "p12", "p21", "p22"} {
					same(t, name, get(last, name), plan[k/2].([]any)[k%2])
				}
				same(t, "kl_to_optimum", get(last, "kl_to_optimum"), st["klToOptimum"])
				same(t, "pythagoras_gap", get(last, "pythagoras_gap"), st["pythagorasGap"])
				same(t, "kl_move", get(last, "kl_move"), st["klStep"])
				if len(rows) != int(get(last, "projection"))+1 {
					t.Errorf("%d rows for %v projections", len(rows), get(last, "projection"))
				}
			case "otsweep":
				lambdas := st["lambdas"].([]any)
				if len(rows) != len(lambdas) {
					t.Fatalf("%d rows for %d lambdas", len(rows), len(lambdas))
				}
				empty := 0
				for k, row := range rows {
					same(t, "lambda", get(row, "lambda"), lambdas[k])
					same(t, "transport_cost", get(row, "transport_cost"), st["transportCost"].([]any)[k])
					same(t, "sinkhorn_divergence", get(row, "sinkhorn_divergence"), st["sinkhornDivergence"].([]any)[k])
					if math.IsNaN(get(row, "objective")) {
						empty++
					}
				}
				if empty == 0 || empty == len(rows) {
					t.Errorf("%d of %d lambdas unsolved after a partial run; want some of each", empty, len(rows))
				}
			case "otcloud":
				plan := st["plan"].([]any)
				a := st["a"].([]any)
				for _, row := range rows {
					i, j := int(get(row, "i")), int(get(row, "j"))
					same(t, "mass", get(row, "mass"), plan[i].([]any)[j])
					same(t, "a_x", get(row, "a_x"), a[i].([]any)[0])
				}
			case "dln":
				if st["view"] == "sweep" {
					if header[0] != "alpha" || len(rows) < 2 {
						t.Fatalf("sweep export %q with %d rows", header, len(rows))
					}
					for k := 1; k < len(rows); k++ {
						if get(rows[k], "alpha") < get(rows[k-1], "alpha") {
							t.Errorf("alpha not in order at row %d", k)
						}
					}
					break
				}
				same(t, "t", get(last, "t"), st["t"])
				same(t, "loss", get(last, "loss"), st["loss"])
				beta := st["beta"].([]any)
				for k := range beta {
					same(t, "beta", get(last, "beta_"+strconv.Itoa(k+1)), beta[k])
				}
				if len(rows) < 2 {
					t.Errorf("only %d rows of path", len(rows))
				}
			}
		})
	}
}

func TestFormatCSV(t *testing.T) {
	got := FormatCSV("m", "model=m&a=1", "what, \"rows\"", []string{"x", "y"},
		[][]float64{{0.1, math.NaN()}, {1e-300, math.Inf(1)}, {-2, math.Inf(-1)}}, exportNow)
	want := "# Solvable m\n# parameters: model=m&a=1\n# exported: 2026-11-27T09:30:00Z\n# what, \"rows\"\nx,y\n0.1,\n1e-300,inf\n-2,-inf\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// glyphRecorder records like recorder.Canvas but measures text like svgcanvas and
// rastercanvas, so a scene lays out identically on it.
type glyphRecorder struct {
	*recorder.Canvas
	m *svgcanvas.Canvas
}

func (g glyphRecorder) TextWidth(s string, size float64) float64 { return g.m.TextWidth(s, size) }

// svgElements counts the elements of an SVG document by name, failing when it is not XML.
func svgElements(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	out := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			out[se.Name.Local]++
		}
	}
}

var svgElementOf = map[recorder.Kind]string{
	recorder.FillRect: "rect", recorder.StrokeRect: "rect", recorder.StrokeLine: "line", recorder.Polyline: "path",
	recorder.FillCircle: "circle", recorder.FillPolygon: "polygon", recorder.Text: "text", recorder.Image: "image",
}

func TestSVGExportHasOneElementPerCall(t *testing.T) {
	const w, h = 760, 520
	for _, tc := range exportCases {
		t.Run(tc.query, func(t *testing.T) {
			r := steppedRunner(t, tc.query, 300)
			doc := SVG(r, w, h, exportNow)
			got := svgElements(t, doc)
			rec := glyphRecorder{recorder.New(w, h), svgcanvas.New(w, h)}
			r.Model.Draw(rec, r.Err)
			want := map[string]int{"rect": 1} // the background
			for _, op := range rec.Ops {
				want[svgElementOf[op.Kind]]++
			}
			for k, n := range want {
				if got[k] != n {
					t.Errorf("%d <%s> in the SVG, %d calls recorded", got[k], k, n)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok && !map[string]bool{"svg": true, "title": true, "desc": true, "metadata": true}[k] {
					t.Errorf("%d <%s> in the SVG and no call recorded for it", got[k], k)
				}
			}
			if got["text"] == 0 || got["svg"] != 1 || got["desc"] != 1 {
				t.Errorf("elements %v", got)
			}
			if !bytes.Contains(doc, []byte(xmlText(r.Permalink()))) {
				t.Errorf("the SVG does not hold the permalink %q", r.Permalink())
			}
		})
	}
}

func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "&#34;", "&quot;")
}

func TestPNGExportDecodesWithText(t *testing.T) {
	r := steppedRunner(t, "model=sinkhorn&preset=spec", 50)
	ex, err := ExportFile(r, ExportPNG, 300, 200, 2, exportNow)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Filename != "solvable-sinkhorn-2026-11-27.png" || ex.MIME != "image/png" {
		t.Errorf("export %q %q", ex.Filename, ex.MIME)
	}
	b, err := base64.StdEncoding.DecodeString(ex.Data)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 600 || s.Y != 400 {
		t.Errorf("PNG is %v, want 600x400", s)
	}
	txt, err := rastercanvas.PNGText(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := Describe(r, exportNow); txt["Solvable"] != want {
		t.Errorf("tEXt %q, want %q", txt["Solvable"], want)
	}
}

func TestExportFileErrorsInWords(t *testing.T) {
	r := steppedRunner(t, "model=sinkhorn", 1)
	for _, c := range []struct {
		kind string
		w, h float64
		want string
	}{{"gif", 100, 100, "no export called"}, {"png", 0, 100, "cannot be exported"}, {"svg", math.NaN(), 1, "cannot be exported"}} {
		if _, err := ExportFile(r, c.kind, c.w, c.h, 1, exportNow); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ExportFile(%s, %g x %g) = %v, want an error saying %q", c.kind, c.w, c.h, err, c.want)
		}
	}
	for _, name := range Names() {
		m, _ := NewModel(name)
		if _, ok := m.(Exporter); !ok {
			t.Errorf("model %s has no CSV series (Exporter)", name)
		}
	}
}

// benchRunner is the largest Sinkhorn problem the simulator takes (n = m = 400, a plan of
// 160,000 entries) after 1000 projections (1000 points of error history).
func benchRunner(b *testing.B) *Runner {
	v, _ := url.ParseQuery("model=sinkhorn&n=400&m=400&lambda=0.002&paused=1")
	r := NewRunner(func(k string) (string, bool) { s, ok := v[k]; return strings.Join(s, ""), ok }, time.Now)
	if r.Err != "" {
		b.Fatal(r.Err)
	}
	r.StepN(1000, time.Minute)
	return r
}

func BenchmarkExportSVG400(b *testing.B) {
	r := benchRunner(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ExportFile(r, ExportSVG, 760, 520, 1, exportNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportPNG400(b *testing.B) {
	r := benchRunner(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ExportFile(r, ExportPNG, 760, 520, 2, exportNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportCSV400(b *testing.B) {
	r := benchRunner(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ExportFile(r, ExportCSV, 0, 0, 1, exportNow); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = render.Background

func TestExportScaleBoundsPixels(t *testing.T) {
	for _, c := range []struct{ w, h, scale, want float64 }{
		{800, 600, 2, 2}, {800, 600, 0, 1}, {800, 600, math.NaN(), 1}, {800, 600, 9, 4}, {8192, 8192, 4, 1},
	} {
		got := exportScale(c.w, c.h, c.scale)
		if got != c.want {
			t.Errorf("exportScale(%g, %g, %g) = %g, want %g", c.w, c.h, c.scale, got, c.want)
		}
		if px := math.Ceil(c.w*got) * math.Ceil(c.h*got); px > maxExportPixels {
			t.Errorf("%gx%g at %g: %g pixels", c.w, c.h, got, px)
		}
	}
}

// A long 2x2 run exports a bounded table recorded as it went: every projection up to the head,
// then a thinned tail, ending with the current iterate. A thinned row equals the same
// projection of a fresh replay (otgeom.Run is deterministic), to the last bit.
func TestOT2x2ExportThinsLongRuns(t *testing.T) {
	r := newRunner(t, "model=ot2x2&p1=0.6&q1=0.6&c=1&lambda=0.1&paused=1")
	const n = 30001
	r.StepN(n, time.Minute)
	m := r.Model.(*ot2x2Model)
	if m.run.Projections() != n {
		t.Fatalf("%d projections, want %d", m.run.Projections(), n)
	}
	_, _, rows := m.Series()
	if len(rows) > ot2x2ExportHead+ot2x2ExportTail+2 {
		t.Errorf("%d rows for %d projections", len(rows), n)
	}
	for k := 0; k <= ot2x2ExportHead; k++ {
		if int(rows[k][0]) != k {
			t.Fatalf("row %d is projection %v; the head keeps every projection", k, rows[k][0])
		}
	}
	if last := rows[len(rows)-1]; int(last[0]) != n {
		t.Errorf("last row is projection %v, want %d", last[0], n)
	}
	probe := rows[len(rows)/2]
	run, _ := otgeom.NewRun(m.params.Problem)
	for k := 0; k < int(probe[0]); k++ {
		run.Step()
	}
	if P := run.Plan(); P[0] != probe[2] || P[3] != probe[5] || run.KLToOptimum() != probe[6] {
		t.Errorf("row of projection %v differs from the replay: %v vs P %v KL %v", probe[0], probe, P, run.KLToOptimum())
	}
}
