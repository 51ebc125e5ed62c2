package site

import (
	"context"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// render renders c and parses the result, so the tests look at the document a browser builds
// rather than at substrings of the markup.
func render(t *testing.T, c templ.Component) (string, *html.Node) {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return b.String(), doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// all returns the elements below n (n included) for which match is true, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// inTemplate reports whether n is inside a <template> element.
func inTemplate(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "template" {
			return true
		}
	}
	return false
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func byID(doc *html.Node, id string) *html.Node {
	found := all(doc, func(n *html.Node) bool { v, ok := attr(n, "id"); return ok && v == id })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func page(t *testing.T, file string) (string, *html.Node) {
	t.Helper()
	for _, p := range Pages() {
		if p.File == file {
			return render(t, p.Component)
		}
	}
	t.Fatalf("no page %s in Pages()", file)
	return "", nil
}

func TestPagesListed(t *testing.T) {
	var files []string
	for _, p := range Pages() {
		files = append(files, p.File)
	}
	for _, want := range []string{"index.html", "sinkhorn.html", "dln.html", "sim.html"} {
		if !slices.Contains(files, want) {
			t.Errorf("Pages() lacks %s (has %v)", want, files)
		}
	}
}

func TestDocumentBasics(t *testing.T) {
	for _, p := range Pages() {
		t.Run(p.File, func(t *testing.T) {
			raw, doc := render(t, p.Component)
			if !strings.HasPrefix(strings.ToLower(raw), "<!doctype html>") {
				t.Errorf("does not start with a doctype: %.40q", raw)
			}
			htmlEl := all(doc, tag("html"))[0]
			if lang, _ := attr(htmlEl, "lang"); lang != "en" {
				t.Errorf(`<html lang=%q>, want "en"`, lang)
			}
			vp := all(doc, func(n *html.Node) bool { v, _ := attr(n, "name"); return n.Data == "meta" && v == "viewport" })
			if len(vp) != 1 {
				t.Errorf("%d viewport metas, want 1", len(vp))
			}
			titles := all(doc, tag("title"))
			if len(titles) != 1 || !strings.Contains(text(titles[0]), SiteName) {
				t.Errorf("title missing or without the site name")
			}
			// Duplicate ids break labels, aria references and page.js lookups. A <template>'s
			// content is inert until a script puts it into the page (embed.html holds one panel
			// per model and shows one), so each template is checked with the page outside them.
			hasID := func(n *html.Node) bool { _, ok := attr(n, "id"); return ok }
			outside := map[string]bool{}
			for _, n := range all(doc, hasID) {
				if inTemplate(n) {
					continue
				}
				id, _ := attr(n, "id")
				if outside[id] {
					t.Errorf("duplicate id %q", id)
				}
				outside[id] = true
			}
			seen := maps.Clone(outside)
			for _, tp := range all(doc, tag("template")) {
				mine := map[string]bool{}
				for _, n := range all(tp, hasID) {
					if n == tp {
						continue
					}
					id, _ := attr(n, "id")
					if outside[id] || mine[id] {
						t.Errorf("duplicate id %q in a <template>", id)
					}
					mine[id], seen[id] = true, true
				}
			}
			// Every aria reference points at an element on the page.
			for _, n := range all(doc, func(*html.Node) bool { return true }) {
				for _, key := range []string{"aria-describedby", "aria-labelledby", "for"} {
					v, ok := attr(n, key)
					if !ok {
						continue
					}
					for _, id := range strings.Fields(v) {
						if !seen[id] {
							t.Errorf("<%s %s=%q>: no element with id %q", n.Data, key, v, id)
						}
					}
				}
			}
		})
	}
}

func TestSitePagesHaveChrome(t *testing.T) {
	for _, file := range []string{"index.html", "sinkhorn.html", "dln.html"} {
		_, doc := page(t, file)
		if len(all(doc, tag("header"))) == 0 || len(all(doc, tag("nav"))) == 0 || len(all(doc, tag("footer"))) == 0 {
			t.Errorf("%s: missing header, nav or footer", file)
		}
		css := all(doc, func(n *html.Node) bool { v, _ := attr(n, "href"); return n.Data == "link" && v == "assets/style.css" })
		if len(css) != 1 {
			t.Errorf("%s: no link to assets/style.css", file)
		}
		brand := byID(doc, "main")
		if brand == nil {
			t.Errorf("%s: no <main id=main> for the skip link", file)
		}
		if !strings.Contains(text(all(doc, tag("header"))[0]), SiteName) {
			t.Errorf("%s: header does not name the site", file)
		}
	}
}

// No page may load anything from another host: src and href stay on this site. The only
// exception allowed would be plain citation links, and the references are text, so none.
func TestNoExternalURLs(t *testing.T) {
	for _, p := range Pages() {
		_, doc := render(t, p.Component)
		for _, n := range all(doc, func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				switch a.Key {
				case "src", "href", "action", "poster", "data", "srcset", "formaction":
				default:
					continue
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.Contains(v, "http://") || strings.Contains(v, "https://") || strings.HasPrefix(v, "//") {
					t.Errorf("%s: <%s %s=%q> points at another host", p.File, n.Data, a.Key, a.Val)
				}
			}
		}
	}
}

// The assets must not fetch from other hosts either: no remote fonts, imports or scripts.
func TestAssetsStayLocal(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "assets", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no assets found: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		// An SVG names its XML namespace with a URL; that is an identifier, not a fetch.
		s = strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, "")
		for _, bad := range []string{"http://", "https://", "@import", "fonts.googleapis", "cdn."} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", f, bad)
			}
		}
	}
}

func TestHomeListsModels(t *testing.T) {
	_, doc := page(t, "index.html")
	cards := all(doc, func(n *html.Node) bool {
		c, _ := attr(n, "class")
		return n.Data == "li" && strings.Contains(c, "model-card")
	})
	if len(cards) != len(Models()) {
		t.Fatalf("%d model cards, want %d", len(cards), len(Models()))
	}
	if len(cards) < 6 {
		t.Errorf("%d models listed; the talk has six", len(cards))
	}
	live := 0
	for i, m := range Models() {
		card := cards[i]
		if !strings.Contains(text(card), m.Title) || !strings.Contains(text(card), m.Summary) {
			t.Errorf("card %d lacks the title or summary of %q", i, m.Title)
		}
		links := all(card, tag("a"))
		if m.Live() {
			live++
			// The title links the model's page; a model told over several pages also
			// links the others, in the order of its tabs.
			want := []string{m.Href}
			for _, v := range familyOf(m.Href)[min(1, len(familyOf(m.Href))):] {
				want = append(want, v.File)
			}
			if len(links) != len(want) {
				t.Errorf("%s: %d links, want %d (%v)", m.Slug, len(links), len(want), want)
			} else {
				for k, l := range links {
					if href, _ := attr(l, "href"); href != want[k] {
						t.Errorf("%s: link %d is %q, want %q", m.Slug, k, href, want[k])
					}
				}
			}
		} else {
			if len(links) != 0 {
				t.Errorf("%s: a coming model must not link anywhere", m.Slug)
			}
			if !strings.Contains(text(card), "Coming") {
				t.Errorf("%s: not marked coming", m.Slug)
			}
		}
	}
	liveHrefs := map[string]string{}
	for _, m := range Models() {
		if m.Live() {
			liveHrefs[m.Href] = m.Title
		}
	}
	want := map[string]string{
		"sinkhorn.html": "Sinkhorn as alternating e-projections",
		"dln.html":      "Diagonal linear networks: lazy versus rich",
		"ntk.html":      "The neural tangent kernel regime",
		"curves.html":   "Replica learning curves of continual learning",
	}
	if live != len(want) || len(liveHrefs) != len(want) {
		t.Errorf("%d live models %v, want exactly %v", live, liveHrefs, want)
	}
	for href, title := range want {
		if liveHrefs[href] != title {
			t.Errorf("live model at %s is titled %q, want %q", href, liveHrefs[href], title)
		}
	}
}

// modelPages are the pages with a simulator, its controls and its readouts.
var modelPages = []string{"sinkhorn.html", "dln.html", "geometry.html", "lambda.html", "clouds.html", "ntk.html", "curves.html", "continual.html"}

// Every form control needs an accessible name: a <label for>, a wrapping label, aria-label
// or aria-labelledby; buttons may be named by their text.
func TestControlsHaveLabels(t *testing.T) {
	for _, file := range modelPages {
		t.Run(file, func(t *testing.T) {
			_, doc := page(t, file)
			labelFor := map[string]bool{}
			for _, l := range all(doc, tag("label")) {
				if v, ok := attr(l, "for"); ok && text(l) != "" {
					labelFor[v] = true
				}
			}
			controls := all(doc, func(n *html.Node) bool {
				switch n.Data {
				case "input", "select", "textarea", "button":
					return true
				}
				return false
			})
			if len(controls) < 8 {
				t.Fatalf("only %d controls on %s", len(controls), file)
			}
			for _, c := range controls {
				id, _ := attr(c, "id")
				_, aria := attr(c, "aria-label")
				_, ariaBy := attr(c, "aria-labelledby")
				named := labelFor[id] || aria || ariaBy
				if c.Data == "button" && text(c) != "" {
					named = true
				}
				for p := c.Parent; p != nil && !named; p = p.Parent {
					named = p.Data == "label"
				}
				if !named {
					t.Errorf("<%s id=%q> has no label", c.Data, id)
				}
				if id == "" {
					t.Errorf("<%s> without an id: page.js cannot find it", c.Data)
				}
			}
		})
	}
}

// pageJS is assets/page.js.
func pageJS(t *testing.T) string {
	t.Helper()
	js, err := os.ReadFile(filepath.Join("..", "assets", "page.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func attr0(n *html.Node, key string) string { v, _ := attr(n, key); return v }

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr0(n, "class")), class)
}

// checkPanel checks a model page's side of the contract with assets/page.js: the fixed ids
// page.js looks up; the ids in want with their element names; and that every control wired by
// data-param has the parameter as its name and id (a log slider: "<param>-slider"), sits in a
// .field of the same parameter (where page.js shows an error about it), and names a check and
// a format page.js knows.
func checkPanel(t *testing.T, file string, want map[string]string) *html.Node {
	t.Helper()
	_, doc := page(t, file)
	js := pageJS(t)
	fixed := map[string]string{
		"play": "button", "step": "button", "reset": "button",
		"sim-error": "p", "controls": "form", "sim": "iframe",
	}
	for id, el := range fixed {
		if !strings.Contains(js, `$("`+id+`")`) {
			t.Errorf("assets/page.js does not look up #%s", id)
		}
		want[id] = el
	}
	for id, el := range want {
		n := byID(doc, id)
		if n == nil {
			t.Errorf("no element #%s", id)
			continue
		}
		if n.Data != el {
			t.Errorf("#%s is <%s>, want <%s>", id, n.Data, el)
		}
	}
	controls := all(doc, func(n *html.Node) bool { return n.Data == "input" || n.Data == "select" })
	for _, c := range controls {
		id := attr0(c, "id")
		param, ok := attr(c, "data-param")
		if !ok {
			t.Errorf("<%s id=%q> has no data-param: page.js cannot wire it", c.Data, id)
			continue
		}
		_, log := attr(c, "data-log")
		switch {
		case log:
			if id != param+"-slider" {
				t.Errorf("the log slider of %s has id %q, want %q", param, id, param+"-slider")
			}
			if c.Data != "input" || attr0(c, "type") != "range" {
				t.Errorf("#%s has data-log but is not <input type=range>", id)
			}
		default:
			if id != param {
				t.Errorf("the control of %s has id %q, want %q", param, id, param)
			}
			if name := attr0(c, "name"); name != param {
				t.Errorf("#%s: name=%q, want %q (the form's query without JavaScript)", id, name, param)
			}
		}
		field := c.Parent
		for field != nil && !(hasClass(field, "field") && attr0(field, "data-param") == param) {
			field = field.Parent
		}
		if field == nil {
			t.Errorf("#%s (data-param %s) is not inside a .field[data-param=%q]", id, param, param)
		}
		if chk, ok := attr(c, "data-check"); ok {
			if !strings.Contains(js, "\n    "+chk+": (x) =>") {
				t.Errorf("#%s: data-check=%q is unknown to page.js", id, chk)
			}
			if msg := attr0(c, "data-check-message"); len(msg) < 15 {
				t.Errorf("#%s: data-check without a sentence in data-check-message", id)
			}
		}
	}
	// Every output that shows a parameter's value shows one that has a control.
	for _, o := range all(doc, func(n *html.Node) bool { _, ok := attr(n, "data-shows"); return ok }) {
		p := attr0(o, "data-shows")
		if len(all(doc, func(n *html.Node) bool {
			return (n.Data == "input" || n.Data == "select") && attr0(n, "data-param") == p
		})) == 0 {
			t.Errorf("<output data-shows=%q>: no control of that parameter", p)
		}
	}
	// The preset select: data-preset, the parameters it clears, a blurb.
	pre := byID(doc, "preset")
	if _, ok := attr(pre, "data-preset"); !ok || attr0(pre, "data-param") != "preset" {
		t.Errorf("#preset lacks data-preset or data-param=preset")
	}
	if len(strings.Fields(attr0(pre, "data-clears"))) < 3 {
		t.Errorf("#preset data-clears=%q: list the problem's parameters", attr0(pre, "data-clears"))
	}
	if b := byID(doc, "preset-blurb"); b == nil || text(b) == "" {
		t.Errorf("no #preset-blurb with the default preset's description")
	} else if _, ok := attr(b, "data-preset-blurb"); !ok {
		t.Errorf("#preset-blurb lacks data-preset-blurb")
	}
	// The error area must be announced and must start empty.
	e := byID(doc, "sim-error")
	if role, _ := attr(e, "role"); role != "alert" {
		t.Errorf(`#sim-error role=%q, want "alert"`, role)
	}
	if live, ok := attr(e, "aria-live"); !ok || live == "off" {
		t.Errorf("#sim-error is not a live region")
	}
	if text(e) != "" {
		t.Errorf("#sim-error starts with text %q", text(e))
	}
	return doc
}

// The control and readout ids are the contract with assets/page.js and the e2e tests.
func TestSinkhornControlIDs(t *testing.T) {
	doc := checkPanel(t, "sinkhorn.html", map[string]string{
		"preset": "select", "cost": "select", "speed": "select",
		"lambda-slider": "input", "lambda": "input", "lambda-value": "output",
	})
	if typ, _ := attr(byID(doc, "lambda-slider"), "type"); typ != "range" {
		t.Errorf("lambda slider type %q", typ)
	}
	if typ, _ := attr(byID(doc, "lambda"), "type"); typ != "number" {
		t.Errorf("lambda input type %q", typ)
	}
	lo, _ := attr(byID(doc, "lambda-slider"), "min")
	hi, _ := attr(byID(doc, "lambda-slider"), "max")
	if lo != "-4" || hi != "3" {
		t.Errorf("lambda slider spans 10^%s..10^%s times max cost, want 10^-4..10^3", lo, hi)
	}
	// The slider is relative to the largest cost, which state() reports as maxCost.
	if s := attr0(byID(doc, "lambda-slider"), "data-scale"); s != "maxCost" {
		t.Errorf("lambda slider data-scale=%q, want maxCost", s)
	}
	if s := attr0(byID(doc, "lambda-value"), "data-shows"); s != "lambda" {
		t.Errorf("#lambda-value data-shows=%q, want lambda", s)
	}
}

// checkReadouts checks that every readout is an <output> with its field and a format page.js
// knows, not a live region, labelled by the <dt> of its row, and that the fields in want have
// a readout.
func checkReadouts(t *testing.T, file string, readouts []Readout, want []string) {
	t.Helper()
	_, doc := page(t, file)
	js := pageJS(t)
	fields := map[string]bool{}
	for _, r := range readouts {
		n := byID(doc, r.ID)
		if n == nil || n.Data != "output" {
			t.Errorf("readout %s: no <output id=%q>", r.Field, r.ID)
			continue
		}
		if f, _ := attr(n, "data-field"); f != r.Field {
			t.Errorf("#%s data-field %q, want %q", r.ID, f, r.Field)
		}
		switch r.Format {
		case "int", "cost", "sci", "num", "text", "status":
			if r.Format != "text" && r.Format != "status" && !strings.Contains(js, `case "`+r.Format+`":`) {
				t.Errorf("#%s: format %q not handled in page.js", r.ID, r.Format)
			}
		default:
			t.Errorf("#%s: format %q unknown to page.js", r.ID, r.Format)
		}
		// A readout updated ten times a second must not be a live region.
		if live, _ := attr(n, "aria-live"); live != "off" {
			t.Errorf("#%s aria-live=%q, want off", r.ID, live)
		}
		// The visible name sits in the <dt> of the same row.
		if row := n.Parent.Parent; row != nil {
			dts := all(row, tag("dt"))
			want := strings.Join(strings.Fields(r.Label+r.Sub+r.After), " ")
			if len(dts) != 1 {
				t.Errorf("#%s: %d <dt> in its row, want 1", r.ID, len(dts))
			} else if text(dts[0]) != want {
				t.Errorf("#%s: label %q, want %q", r.ID, text(dts[0]), want)
			}
		}
		fields[r.Field] = true
	}
	for _, f := range want {
		if !fields[f] {
			t.Errorf("no readout for %s", f)
		}
	}
}

func TestReadouts(t *testing.T) {
	// The brief's list: iteration, projections, marginal error, <C,P>, objective, exact W,
	// gap to W, S_lambda, path.
	checkReadouts(t, "sinkhorn.html", SinkhornReadouts(),
		[]string{"iter", "projections", "marginalError", "transportCost", "objective", "wasserstein", "gap", "divergence", "path"})
}

// checkIframe checks the one iframe of a model page: id sim, a title, sim.html?model=<model>.
func checkIframe(t *testing.T, file, model, title string) {
	t.Helper()
	_, doc := page(t, file)
	frames := all(doc, tag("iframe"))
	if len(frames) != 1 {
		t.Fatalf("%d iframes, want 1", len(frames))
	}
	f := frames[0]
	if id, _ := attr(f, "id"); id != "sim" {
		t.Errorf("iframe id %q, want sim", id)
	}
	if got, _ := attr(f, "title"); got != title {
		t.Errorf("iframe title %q, want %q", got, title)
	}
	src, _ := attr(f, "src")
	u, err := url.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "sim.html" || u.Query().Get("model") != model || src != "sim.html?model="+model {
		t.Errorf("iframe src %q, want sim.html?model=%s", src, model)
	}
}

func TestIframe(t *testing.T) {
	checkIframe(t, "sinkhorn.html", "sinkhorn", "Sinkhorn simulator")
}

// checkPresetSelect checks that #preset offers exactly presets, in order, with def selected,
// each option carrying its blurb and query for page.js.
func checkPresetSelect(t *testing.T, file string, presets []ModelPreset, def string) []string {
	t.Helper()
	_, doc := page(t, file)
	opts := all(byID(doc, "preset"), tag("option"))
	var got, names []string
	for _, o := range opts {
		v, _ := attr(o, "value")
		got = append(got, v)
		if text(o) == "" {
			t.Errorf("preset %q has no visible title", v)
		}
		_, sel := attr(o, "selected")
		if sel != (v == def) {
			t.Errorf("preset %q selected=%v", v, sel)
		}
		if attr0(o, "data-blurb") == "" {
			t.Errorf("preset %q has no data-blurb", v)
		}
		if _, ok := attr(o, "data-query"); !ok {
			t.Errorf("preset %q has no data-query", v)
		}
	}
	for _, p := range presets {
		names = append(names, p.Name)
	}
	if !slices.Equal(got, names) {
		t.Errorf("select offers %v, the presets are %v", got, names)
	}
	if !slices.Contains(names, def) {
		t.Errorf("the default preset %q is not among %v", def, names)
	}
	return got
}

// The preset select offers exactly the contract's presets, bumps first and selected.
func TestPresets(t *testing.T) {
	got := checkPresetSelect(t, "sinkhorn.html", SinkhornPresets(), DefaultPreset)
	for _, want := range []string{"bumps", "spec", "sharp", "blurry", "random"} {
		if !slices.Contains(got, want) {
			t.Errorf("preset %q (from the contract) missing", want)
		}
	}
}

// selectValues returns the option values of the select with the given id, and the selected one.
func selectValues(doc *html.Node, id string) (vals []string, selected string) {
	for _, o := range all(byID(doc, id), tag("option")) {
		v, _ := attr(o, "value")
		vals = append(vals, v)
		if _, ok := attr(o, "selected"); ok {
			selected = v
		}
	}
	return
}

func TestSelectOptions(t *testing.T) {
	_, doc := page(t, "sinkhorn.html")
	values := func(id string) ([]string, string) { return selectValues(doc, id) }
	if v, sel := values("speed"); !slices.Equal(v, []string{"1", "5", "20", "100", "max"}) || sel != "20" {
		t.Errorf("speed options %v (selected %q), want 1 5 20 100 max with 20", v, sel)
	}
	if v, sel := values("cost"); !slices.Equal(v, []string{"sq", "abs"}) || sel != "sq" {
		t.Errorf("cost options %v (selected %q), want sq abs with sq", v, sel)
	}
}

// The maths is MathML in the page itself: no maths library, no script but our own.
func TestMathML(t *testing.T) {
	raw, doc := page(t, "sinkhorn.html")
	blocks := all(doc, func(n *html.Node) bool { d, _ := attr(n, "display"); return n.Data == "math" && d == "block" })
	if len(blocks) < 6 {
		t.Errorf("%d display equations, want at least 6", len(blocks))
	}
	if n := len(all(doc, tag("math"))); n < 40 {
		t.Errorf("only %d <math> elements", n)
	}
	// The key formulas, checked by their characteristic pieces.
	for _, want := range []string{"<mi>KL</mi>", "<mi>diag</mi>", "<mi>OT</mi>", "<mi>λ</mi>", "<mo>‖</mo>", "<mfrac>"} {
		if !strings.Contains(raw, want) {
			t.Errorf("MathML lacks %s", want)
		}
	}
	lower := strings.ToLower(raw)
	for _, bad := range []string{"katex", "mathjax"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page mentions %s", bad)
		}
	}
	checkScripts(t, doc)
}

// checkScripts checks that a model page loads exactly the site's own simulator-page scripts, in
// order: no maths library, no script from elsewhere, no inline script.
func checkScripts(t *testing.T, doc *html.Node) {
	t.Helper()
	scripts := all(doc, tag("script"))
	want := SimPageScripts()
	if len(scripts) != len(want) {
		t.Errorf("%d scripts, want %d (%v)", len(scripts), len(want), want)
		return
	}
	for k, s := range scripts {
		if src, _ := attr(s, "src"); src != want[k] {
			t.Errorf("script %d is %q, want %q", k, src, want[k])
		}
	}
}

func TestReferences(t *testing.T) {
	_, doc := page(t, "sinkhorn.html")
	refs := byID(doc, "s-refs")
	if refs == nil {
		t.Fatal("no references section")
	}
	body := text(refs.Parent)
	for _, want := range []string{"Cuturi", "Sinkhorn distances", "Information Geometry", "1:13–37", "Computational Optimal Transport", "Schmitzer", "SIAM Journal on Scientific Computing"} {
		if !strings.Contains(body, want) {
			t.Errorf("references lack %q", want)
		}
	}
}

// checkTOC checks that the table of contents and the headings come from one list and that
// every link lands on a heading with the same text.
func checkTOC(t *testing.T, file string, sections []Section) {
	t.Helper()
	_, doc := page(t, file)
	toc := all(doc, func(n *html.Node) bool { l, _ := attr(n, "aria-label"); return n.Data == "nav" && l == "On this page" })
	if len(toc) != 1 {
		t.Fatalf("%d tables of contents", len(toc))
	}
	links := all(toc[0], tag("a"))
	if len(links) != len(sections) {
		t.Errorf("%d links, %d sections", len(links), len(sections))
	}
	for _, a := range links {
		href, _ := attr(a, "href")
		target := byID(doc, strings.TrimPrefix(href, "#"))
		if !strings.HasPrefix(href, "#") || target == nil {
			t.Errorf("toc link %q goes nowhere", href)
			continue
		}
		if text(target) != text(a) {
			t.Errorf("toc says %q, heading says %q", text(a), text(target))
		}
	}
}

// The table of contents and the headings come from one list; check every link lands.
func TestTableOfContents(t *testing.T) {
	checkTOC(t, "sinkhorn.html", sinkhornSections())
}

func TestSimPage(t *testing.T) {
	raw, doc := page(t, "sim.html")
	var srcs []string
	for _, s := range all(doc, tag("script")) {
		src, _ := attr(s, "src")
		srcs = append(srcs, src)
	}
	if !slices.Equal(srcs, []string{"wasm_exec.js", "assets/simd.js", "assets/sim.js"}) {
		t.Errorf("scripts %v, want wasm_exec.js, assets/simd.js, then assets/sim.js", srcs)
	}
	if !strings.Contains(raw, "Loading the simulator") {
		t.Error("no loading message")
	}
	if byID(doc, "sim-status") == nil {
		t.Error("no #sim-status for sim.js to replace")
	}
	// Ebiten owns this document: no site header, nav or stylesheet that styles the body.
	for _, bad := range []string{"header", "nav", "footer", "main"} {
		if len(all(doc, tag(bad))) != 0 {
			t.Errorf("sim.html has a <%s>", bad)
		}
	}
	js, err := os.ReadFile(filepath.Join("..", "assets", "sim.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"solvable.wasm", "instantiateStreaming", "arrayBuffer", "solvableLoadError", "solvable-ready"} {
		if !strings.Contains(string(js), want) {
			t.Errorf("assets/sim.js lacks %q", want)
		}
	}
}

func TestSimSrc(t *testing.T) {
	for _, c := range []struct{ model, q, want string }{
		{"sinkhorn", "", "sim.html?model=sinkhorn"},
		{"sinkhorn", "lambda=0.1", "sim.html?model=sinkhorn&lambda=0.1"},
		{"a b", "", "sim.html?model=a+b"},
	} {
		if got := string(SimSrc(c.model, c.q)); got != c.want {
			t.Errorf("SimSrc(%q, %q) = %q, want %q", c.model, c.q, got, c.want)
		}
	}
}
