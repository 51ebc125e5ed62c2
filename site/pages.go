package site

import (
	"context"
	"html"
	"io"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Page is one file the generator writes: its name in the output folder and what renders it.
type Page struct {
	File      string // e.g. "index.html"
	Component templ.Component
}

// Pages lists every HTML page of the site. site/gen writes them; the tests render them.
func Pages() []Page {
	return []Page{
		{File: "index.html", Component: Home()},
		{File: "sinkhorn.html", Component: SinkhornPage()},
		{File: "dln.html", Component: DLNPage()},
		{File: "ntk.html", Component: NTKPage()},
		{File: "curves.html", Component: CurvesPage()},
		{File: "continual.html", Component: ContinualPage()},
		{File: "clouds.html", Component: CloudsPage()},
		{File: "geometry.html", Component: GeometryPage()},
		{File: "lambda.html", Component: LambdaPage()},
		{File: "sim.html", Component: Sim()},
		{File: "embed.html", Component: Embed()},
	}
}

// SimPageScripts are the scripts of a page with a simulator panel, in the order they run:
// page.js wires the controls to the simulator; share.js, export.js and polite.js add the Share
// and Export tools and the pausing of a simulator nobody is looking at.
func SimPageScripts() []string {
	return []string{"assets/page.js", "assets/share.js", "assets/export.js", "assets/polite.js"}
}

// SimSrc is the iframe address of a model's simulator. query holds extra URL parameters
// (already encoded, without a leading "?" or "&"); the page's own query string is added by
// assets/page.js at run time, since a static file cannot know it.
func SimSrc(model, query string) templ.SafeURL {
	s := "sim.html?model=" + url.QueryEscape(model)
	if query != "" {
		s += "&" + query
	}
	return templ.SafeURL(s)
}

// blurbOf is the description shown under a preset select for the named preset.
func blurbOf(presets []ModelPreset, name string) string {
	for _, p := range presets {
		if p.Name == name {
			return p.Blurb
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

// subscript renders s as <sub>s</sub>, or nothing when s is empty. It is a Go component so
// that it can sit inside a line of text without templ adding a space before it.
func subscript(s string) templ.Component {
	if s == "" {
		return templ.NopComponent
	}
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<sub>"+html.EscapeString(s)+"</sub>")
		return err
	})
}
