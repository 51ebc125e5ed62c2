package site

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"solvable/core/dln"
)

// The tests of dln.html, the diagonal-linear-network page, alongside the Sinkhorn ones in
// site_test.go.

func TestDLNControlIDs(t *testing.T) {
	doc := checkPanel(t, "dln.html", map[string]string{
		"preset": "select", "depth": "select", "algo": "select", "view": "select", "speed": "select",
		"alpha-slider": "input", "alpha": "input", "alpha-value": "output",
		"eta": "input", "batch": "input", "gamma": "input",
		"sim-note": "p",
	})
	slider := byID(doc, "alpha-slider")
	if typ := attr0(slider, "type"); typ != "range" {
		t.Errorf("alpha slider type %q", typ)
	}
	if _, ok := attr(slider, "data-log"); !ok {
		t.Errorf("alpha slider is not a log slider (data-log)")
	}
	// Decades of alpha itself (no data-scale): 1e-6 to 1e2, the simulator's range.
	if lo, hi := attr0(slider, "min"), attr0(slider, "max"); lo != "-6" || hi != "2" {
		t.Errorf("alpha slider spans 10^%s..10^%s, want 10^-6..10^2", lo, hi)
	}
	if s := attr0(slider, "data-scale"); s != "" {
		t.Errorf("alpha slider data-scale=%q; alpha is absolute", s)
	}
	if dln.MinAlpha != 1e-6 || dln.MaxAlpha != 1e2 {
		t.Errorf("core/dln accepts alpha in [%g, %g]; the slider assumes [1e-6, 1e2]", dln.MinAlpha, dln.MaxAlpha)
	}
	if v := attr0(slider, "value"); v != "-1" {
		t.Errorf("alpha slider starts at %s, want -1 (alpha = 0.1, the simulator's default)", v)
	}
	for id, typ := range map[string]string{"alpha": "number", "eta": "number", "batch": "number", "gamma": "number"} {
		if got := attr0(byID(doc, id), "type"); got != typ {
			t.Errorf("#%s type %q, want %q", id, got, typ)
		}
	}
	for id, check := range map[string]string{"alpha": "positive", "eta": "positive", "batch": "count", "gamma": "nonnegative"} {
		if got := attr0(byID(doc, id), "data-check"); got != check {
			t.Errorf("#%s data-check=%q, want %q", id, got, check)
		}
	}
	if v := attr0(byID(doc, "alpha"), "value"); v != "0.1" {
		t.Errorf("#alpha starts at %q, want 0.1", v)
	}
	if s := attr0(byID(doc, "alpha-value"), "data-shows"); s != "alpha" {
		t.Errorf("#alpha-value data-shows=%q, want alpha", s)
	}
	// The note under the readouts shows state().note.
	note := byID(doc, "sim-note")
	if attr0(note, "data-field") != "note" || attr0(note, "data-format") != "note" || text(note) != "" {
		t.Errorf("#sim-note: want an empty <p data-field=note data-format=note>")
	}
	if !strings.Contains(pageJS(t), `case "note"`) && !strings.Contains(pageJS(t), `kind === "note"`) {
		t.Errorf("page.js does not know the note format")
	}
}

// eta, batch and gamma apply to GD and SGD only: they sit in a group that page.js disables
// for the flow, with a hint that says why; batch applies to SGD only.
func TestDLNConditionalControls(t *testing.T) {
	_, doc := page(t, "dln.html")
	group := all(doc, func(n *html.Node) bool { return attr0(n, "data-when") == "algo:gd,sgd" })
	if len(group) != 1 {
		t.Fatalf("%d elements with data-when=algo:gd,sgd, want 1 (the discrete-steps group)", len(group))
	}
	for _, id := range []string{"eta", "batch", "gamma"} {
		inside := false
		for p := byID(doc, id); p != nil; p = p.Parent {
			inside = inside || p == group[0]
		}
		if !inside {
			t.Errorf("#%s is not inside the data-when=algo:gd,sgd group", id)
		}
	}
	for _, id := range []string{"alpha", "alpha-slider", "depth", "algo", "view", "speed", "preset"} {
		for p := byID(doc, id); p != nil; p = p.Parent {
			if _, ok := attr(p, "data-when"); ok {
				t.Errorf("#%s applies to every algorithm but sits in a data-when element", id)
			}
		}
	}
	batchField := byID(doc, "batch").Parent
	if attr0(batchField, "data-when") != "algo:sgd" {
		t.Errorf("the batch field has data-when=%q, want algo:sgd", attr0(batchField, "data-when"))
	}
	hint := byID(doc, "steps-hint")
	if hint == nil || attr0(hint, "data-hint-by") != "algo" {
		t.Fatalf("no #steps-hint with data-hint-by=algo")
	}
	for _, algo := range []string{"flow", "gd", "sgd"} {
		if len(attr0(hint, "data-hint-"+algo)) < 20 {
			t.Errorf("#steps-hint has no sentence for algo=%s", algo)
		}
	}
	if !strings.Contains(attr0(hint, "data-hint-flow"), "Only for") {
		t.Errorf("the flow's hint %q does not say the fields are only for GD and SGD", attr0(hint, "data-hint-flow"))
	}
	// Without JavaScript the hint reads as for the default algorithm, the flow.
	if text(hint) != attr0(hint, "data-hint-flow") {
		t.Errorf("#steps-hint starts as %q, want the flow's hint", text(hint))
	}
	js := pageJS(t)
	for _, want := range []string{"data-when", "dataset.when", "hintBy", ".disabled"} {
		if !strings.Contains(js, want) {
			t.Errorf("page.js lacks %q: who disables the controls?", want)
		}
	}
}

func TestDLNSelectOptions(t *testing.T) {
	_, doc := page(t, "dln.html")
	check := func(id string, want []string, sel string) {
		t.Helper()
		if v, s := selectValues(doc, id); !slices.Equal(v, want) || s != sel {
			t.Errorf("#%s options %v (selected %q), want %v with %q", id, v, s, want, sel)
		}
	}
	check("depth", []string{"2", "3", "4", "5", "6"}, "2")
	check("algo", dln.Algos, "flow")
	check("view", dln.Views, "auto")
	check("speed", []string{"10", "30", "100", "600", "3000", "max"}, "30")
	if _, ok := attr(byID(doc, "view"), "data-params-only"); !ok {
		t.Errorf("#view lacks data-params-only: state().view is the resolved view, not the parameter")
	}
}

// The preset select offers dln.Presets() in order, with the one equal to the simulator's
// default problem selected.
func TestDLNPresets(t *testing.T) {
	checkPresetSelect(t, "dln.html", DLNPresets(), DLNDefaultPreset)
	p, ok := dln.PresetByName(DLNDefaultPreset)
	if !ok {
		t.Fatalf("no preset %q", DLNDefaultPreset)
	}
	// The default preset must be the simulator's default problem, or the select would lie on
	// a page opened without parameters.
	pr, err := dln.Parse(dln.LookupQuery("preset=" + p.Name))
	if err != nil {
		t.Fatal(err)
	}
	def, err := dln.Parse(dln.LookupQuery(""))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Encode() != def.Encode() {
		t.Errorf("preset %q is %q, but the simulator's default is %q", p.Name, pr.Encode(), def.Encode())
	}
	// Every parameter a preset sets is one it clears, so the URL holds no stale values.
	clears := strings.Fields(DLNProblemParams)
	for _, p := range dln.Presets() {
		for _, kv := range strings.Split(p.Query, "&") {
			k, _, _ := strings.Cut(kv, "=")
			if !slices.Contains(clears, k) {
				t.Errorf("preset %s sets %s, which DLNProblemParams does not clear", p.Name, k)
			}
		}
	}
	for _, k := range dln.Keys {
		if !slices.Contains(clears, k) {
			t.Errorf("dln parameter %s is not cleared by a preset (DLNProblemParams)", k)
		}
	}
}

func TestDLNReadouts(t *testing.T) {
	// The brief's list: t, steps, loss, residual, ||beta||_1, distance to the oracle, status.
	checkReadouts(t, "dln.html", DLNReadouts(),
		[]string{"status", "t", "steps", "loss", "residual", "l1", "oracleDistance"})
	js := pageJS(t)
	for _, derived := range []string{"status", "alphaEffMin"} {
		if !strings.Contains(js, "    "+derived+"(state) {") {
			t.Errorf("page.js does not derive %s", derived)
		}
	}
}

func TestDLNIframe(t *testing.T) {
	checkIframe(t, "dln.html", "dln", "Diagonal linear network simulator")
}

// The maths is MathML in the page itself: the model, Q_alpha and q(z), the mirror flow, the
// effective alpha; no maths library and no script but our own.
func TestDLNMathML(t *testing.T) {
	raw, doc := page(t, "dln.html")
	blocks := all(doc, func(n *html.Node) bool { return n.Data == "math" && attr0(n, "display") == "block" })
	if len(blocks) < 8 {
		t.Errorf("%d display equations, want at least 8", len(blocks))
	}
	if n := len(all(doc, tag("math"))); n < 60 {
		t.Errorf("only %d <math> elements", n)
	}
	for _, want := range []string{
		"<msub><mi>Q</mi><mi>α</mi></msub>",                     // Q_alpha
		"<msqrt><mn>4</mn><mo>+</mo><msup><mi>z</mi><mn>2</mn>", // q(z) = 2 - sqrt(4 + z^2) + ...
		"<mi>asinh</mi>",
		"<msubsup><mi>w</mi><mo>+</mo><mi>D</mi></msubsup>", // w_+^D
		"<mtext>eff</mtext>",
		"<mi>artanh</mi>",
		"<mi>sinh</mi>",
		"<msub><mi>h</mi><mi>D</mi></msub>",
	} {
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

// The explanation makes the talk's points and names its sources.
func TestDLNContent(t *testing.T) {
	_, doc := page(t, "dln.html")
	body := text(byID(doc, "main"))
	for _, want := range []string{
		"infinitely many", "kernel", "lazy", "rich", "neural tangent kernel", "row space",
		"mirror flow", "strictly convex", "logarithmic", "Deeper models reach the rich regime",
		"effective scale", "stability", "not automatic", "weighted",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	// Numbers quoted from the spec's tables (§1.6, §1.7): ||beta*||_1 of Example A at several
	// alphas, the stability bounds at alpha = 0.5, the GR end point at gamma = 0.1.
	for _, want := range []string{"2.57143", "2.14131", "2.00005", "2.0074", "2.0259", "0.0714", "0.0284", "(0.74, 1.22, 0.94)", "2.90"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not quote %s", want)
		}
	}
}

func TestDLNReferences(t *testing.T) {
	_, doc := page(t, "dln.html")
	refs := byID(doc, "d-refs")
	if refs == nil {
		t.Fatal("no references section")
	}
	body := text(refs.Parent)
	for _, want := range []string{
		"Woodworth", "Kernel and rich regimes", "COLT 2020", "1906.05827",
		"Nacson", "ICML 2022", "16270–16295",
		"Pesme", "NeurIPS 2021", "2106.09524",
		"Karakida", "2210.02720",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("references lack %q", want)
		}
	}
}

func TestDLNTableOfContents(t *testing.T) {
	checkTOC(t, "dln.html", dlnSections())
}

// The prose names presets by title; each must exist.
func TestDLNPresetTitles(t *testing.T) {
	for _, name := range []string{"line", "kernel", "rich", "teacher", "sweep", "depth3", "bigstep", "gr", "sgd"} {
		if _, ok := dln.PresetByName(name); !ok {
			t.Errorf("the page refers to preset %q, which core/dln does not have", name)
		}
	}
}
