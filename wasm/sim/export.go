package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"solvable/render/rastercanvas"
	"solvable/render/svgcanvas"
)

// Exporter is a Model that can give its current series as a table, for the CSV export: a title
// (what the rows are, in words), the column names and the rows. Numbers are written at full
// precision; NaN means "no value" and is written as an empty field.
type Exporter interface {
	Series() (title string, header []string, rows [][]float64)
}

// Export kinds, as window.solvable.export(kind) names them.
const (
	ExportCSV = "csv"
	ExportPNG = "png"
	ExportSVG = "svg"
)

// Export is one exported file. Data is the file's text (CSV, SVG) or its bytes base64-encoded
// (PNG), so it crosses to JavaScript as a string.
type Export struct {
	Filename string `json:"filename"`
	MIME     string `json:"mime"`
	Data     string `json:"data"`
}

// maxExportSide bounds the CSS size of an exported picture, and maxExportPixels the device
// pixels of a PNG (64 megapixels, 256 MB of RGBA).
const (
	maxExportSide   = 8192
	maxExportPixels = 1 << 26
)

// Permalink is the canonical query of what the runner shows: model first, then the model's
// parameters and the runner's (speed, paused) in key order, as state().params holds them.
func (r *Runner) Permalink() string {
	params := r.Model.Params()
	for k, v := range r.query {
		params[k] = v
	}
	delete(params, "model")
	vals := url.Values{}
	for k, v := range params {
		vals.Set(k, v)
	}
	q := "model=" + url.QueryEscape(r.Model.Name())
	// Commas (the separators of list values) stay readable, as in the page's address.
	if rest := strings.ReplaceAll(vals.Encode(), "%2C", ","); rest != "" {
		q += "&" + rest
	}
	return q
}

// exportScale is the device pixels per CSS pixel of a PNG export: the screen's (1 when it is
// not a positive number), at most 4, and at most what keeps the picture to maxExportPixels, so
// a huge canvas on a dense screen is exported at a lower resolution rather than not at all.
func exportScale(w, h, scale float64) float64 {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	return math.Min(math.Min(scale, 4), math.Sqrt(maxExportPixels/(w*h)))
}

// ExportFilename is solvable-<model>-<date>.<ext>.
func ExportFilename(model, ext string, now time.Time) string {
	return fmt.Sprintf("solvable-%s-%s.%s", model, now.UTC().Format("2006-01-02"), ext)
}

// exportDate is how the files write the date and time of the export.
func exportDate(now time.Time) string { return now.UTC().Format(time.RFC3339) }

// ExportFile builds the file of the given kind ("csv", "png" or "svg") for the runner's
// current state; w and h are the CSS size of the canvas and scale the device pixels per CSS
// pixel (PNG only). now is the date written into the file (the caller's clock, so tests are
// deterministic). Errors are sentences for the page.
func ExportFile(r *Runner, kind string, w, h, scale float64, now time.Time) (Export, error) {
	model := r.Model.Name()
	switch kind {
	case ExportCSV:
		text, err := CSV(r, now)
		if err != nil {
			return Export{}, err
		}
		return Export{ExportFilename(model, "csv", now), "text/csv;charset=utf-8", text}, nil
	case ExportSVG, ExportPNG:
		if !(w >= 1 && h >= 1) || w > maxExportSide || h > maxExportSide {
			return Export{}, fmt.Errorf("The picture cannot be exported at %g x %g CSS pixels; it needs a size from 1 to %d pixels on each side.", w, h, maxExportSide)
		}
		if kind == ExportSVG {
			return Export{ExportFilename(model, "svg", now), "image/svg+xml", string(SVG(r, w, h, now))}, nil
		}
		b, err := PNG(r, w, h, exportScale(w, h, scale), now)
		if err != nil {
			return Export{}, err
		}
		return Export{ExportFilename(model, "png", now), "image/png", base64.StdEncoding.EncodeToString(b)}, nil
	}
	return Export{}, fmt.Errorf("There is no export called %q; the exports are csv, png and svg.", kind)
}

// Describe is the one-line description written into the PNG and SVG exports.
func Describe(r *Runner, now time.Time) string {
	return fmt.Sprintf("Solvable %s; parameters: %s; exported: %s", r.Model.Name(), r.Permalink(), exportDate(now))
}

// SVG draws the runner's scene at w x h CSS pixels as an SVG document whose <title>, <desc>
// and <metadata> give the model, the permalink query and the date.
func SVG(r *Runner, w, h float64, now time.Time) []byte {
	c := svgcanvas.New(w, h)
	c.Title = "Solvable " + r.Model.Name()
	c.Desc = Describe(r, now)
	c.Metadata = "parameters: " + r.Permalink() + "\nexported: " + exportDate(now)
	r.Model.Draw(c, r.Err)
	r.MarkDirty() // a model may cache layout from the last Draw: let the screen draw again
	return c.Bytes()
}

// PNG renders the runner's scene at w x h CSS pixels and scale device pixels per CSS pixel,
// with a tEXt chunk "Solvable" holding the model, the permalink query and the date.
func PNG(r *Runner, w, h, scale float64, now time.Time) ([]byte, error) {
	c := rastercanvas.New(w, h, scale)
	r.Model.Draw(c, r.Err)
	r.MarkDirty()
	var buf bytes.Buffer
	if err := c.WritePNGText(&buf, "Solvable", Describe(r, now)); err != nil {
		return nil, fmt.Errorf("The picture could not be encoded as PNG: %v.", err)
	}
	return buf.Bytes(), nil
}

// CSV is the current series of the runner's model as CSV text: comment lines naming the model,
// the permalink query, the date and what the rows are, then a header row and the rows.
func CSV(r *Runner, now time.Time) (string, error) {
	ex, ok := r.Model.(Exporter)
	if !ok {
		return "", fmt.Errorf("The %s simulator has no series to export as CSV.", r.Model.Name())
	}
	title, header, rows := ex.Series()
	return FormatCSV(r.Model.Name(), r.Permalink(), title, header, rows, now), nil
}

// FormatCSV writes the CSV text of a series (see CSV). Numbers are written with
// strconv.FormatFloat(v, 'g', -1, 64), which reads back exactly; NaN (no value) is an empty
// field and the infinities are inf and -inf, which R, NumPy, pandas and strconv all read.
func FormatCSV(model, query, title string, header []string, rows [][]float64, now time.Time) string {
	var b strings.Builder
	comment := func(s string) {
		for _, line := range strings.Split(s, "\n") {
			b.WriteString("# ")
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	comment("Solvable " + model)
	comment("parameters: " + query)
	comment("exported: " + exportDate(now))
	if title != "" {
		comment(title)
	}
	w := csv.NewWriter(&b)
	w.Write(header)
	rec := make([]string, len(header))
	for _, row := range rows {
		rec = rec[:0]
		for _, v := range row {
			switch {
			case math.IsNaN(v):
				rec = append(rec, "")
			case math.IsInf(v, 1):
				rec = append(rec, "inf")
			case math.IsInf(v, -1):
				rec = append(rec, "-inf")
			default:
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		w.Write(rec)
	}
	w.Flush() // a strings.Builder does not fail
	return b.String()
}
