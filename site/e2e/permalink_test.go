//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// permalinkCases are the five models, each with parameters that differ from its defaults, the
// seed where the model draws anything at random, and a speed. steps is how many units of work
// the test asks for: few enough that no model settles (a settled run starts background work,
// like the debiased divergence, whose progress per frame depends on the machine's speed), and
// counter is the state() field that counts them, where the model has one.
var permalinkCases = []struct {
	model, query string
	steps        int
	counter      string
}{
	{"sinkhorn", "n=30&pshape=random&qshape=random&seed=7&lambda=0.003&cost=abs&speed=5", 25, "projections"},
	{"ot2x2", "p1=0.6&q1=0.3&c=-0.5&lambda=0.05&yaw=0.4&speed=1", 12, "projections"},
	{"otsweep", "n=24&pshape=random&seed=11&points=9&lmin=0.001&lmax=10&speed=5", 40, ""},
	{"otcloud", "shapea=moons&shapeb=blobs&na=17&nb=23&seed=42&lambda=0.004&speed=100", 20, "projections"},
	{"dln", "n=12&d=40&k=3&noise=0.1&seed=9&alpha=0.01&depth=3&algo=sgd&eta=0.02&batch=2&speed=5", 30, "steps"},
}

// TestPermalinkReproduces opens each model's simulator twice from the same URL, paused, asks
// both for the same number of steps and compares every field of state() (with the plan). No
// field is left out: with paused=1 nothing in state() depends on the time that passes, and a
// difference would mean that stepping reads a clock, a map's iteration order or an unseeded
// random source.
func TestPermalinkReproduces(t *testing.T) {
	for _, tc := range permalinkCases {
		t.Run(tc.model, func(t *testing.T) {
			query := "model=" + tc.model + "&" + tc.query + "&paused=1"
			var states [2]map[string]any
			for i := range states {
				p := openSim(t, query)
				waitState(t, p, "!s.playing", loadTimeout)
				if s := state(t, p); s["error"] != "" {
					t.Fatalf("%s: state().error = %q", query, s["error"])
				}
				call(t, p, fmt.Sprintf("step(%d)", tc.steps))
				states[i] = settledState(t, p, tc.counter, tc.steps)
			}
			if states[0]["settled"] == true || states[0]["converged"] == true {
				t.Errorf("%s: the run settled within %d steps; pick fewer, so no background work is compared", query, tc.steps)
			}
			for _, d := range diff("state()", states[0], states[1]) {
				t.Errorf("%s: two loads differ after step(%d): %s", query, tc.steps, d)
			}
			// Every parameter of the URL is in state().params, speed included.
			params, _ := states[0]["params"].(map[string]any)
			for kv := range strings.SplitSeq(tc.query, "&") {
				k, v, _ := strings.Cut(kv, "=")
				if got, ok := params[k]; !ok {
					t.Errorf("%s: state().params has no %s (want %q): %v", query, k, v, params)
				} else if got != v {
					t.Errorf("%s: state().params.%s = %v, want %q", query, k, got, v)
				}
			}
			if params["paused"] != "1" {
				t.Errorf("%s: state().params.paused = %v, want \"1\"", query, params["paused"])
			}
		})
	}
}

// settledState waits until the steps asked for are all done, and returns state(). A step(n)
// call does what fits in its time budget and leaves the rest to the next frames, so a model
// with a step counter is waited for until it reads want; the others until state() stays the
// same over three frames.
func settledState(t *testing.T, p *page, counter string, want int) map[string]any {
	t.Helper()
	if counter != "" {
		waitState(t, p, fmt.Sprintf("s[%q] === %d", counter, want), solveTimeout)
		return state(t, p)
	}
	deadline := time.Now().Add(solveTimeout)
	prev := ""
	for time.Now().Before(deadline) {
		ctx, done := contextFor(p, actionTimeout)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`new Promise((resolve) => {
			const w = %s;
			let n = 3;
			const frame = () => (--n > 0) ? w.requestAnimationFrame(frame) : resolve(JSON.stringify(w.solvable.state()));
			w.requestAnimationFrame(frame);
		})`, p.win), chromedp.EvalAsValue, awaitPromise))
		done()
		if err != nil {
			t.Fatalf("state() after three frames: %v", err)
		}
		if s == prev {
			return state(t, p)
		}
		prev = s
	}
	t.Fatalf("state() kept changing for %v after the steps were asked for", solveTimeout)
	return nil
}

// awaitPromise makes an evaluation wait for the promise it returns.
func awaitPromise(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }

// diff lists the differences between two decoded JSON values, by path; at most 10.
func diff(path string, a, b any) []string {
	var out []string
	var walk func(path string, a, b any)
	walk = func(path string, a, b any) {
		if len(out) >= 10 {
			return
		}
		switch x := a.(type) {
		case map[string]any:
			y, ok := b.(map[string]any)
			if !ok {
				out = append(out, fmt.Sprintf("%s: %s vs %s", path, short(a), short(b)))
				return
			}
			keys := map[string]bool{}
			for k := range x {
				keys[k] = true
			}
			for k := range y {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			for _, k := range sorted {
				walk(path+"."+k, x[k], y[k])
			}
		case []any:
			y, ok := b.([]any)
			if !ok || len(x) != len(y) {
				out = append(out, fmt.Sprintf("%s: %s vs %s", path, short(a), short(b)))
				return
			}
			for i := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), x[i], y[i])
			}
		default:
			if !reflect.DeepEqual(a, b) {
				out = append(out, fmt.Sprintf("%s: %s vs %s", path, short(a), short(b)))
			}
		}
	}
	walk(path, a, b)
	return out
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:117]) + "..."
	}
	return string(b)
}

// permalinkPages are the five model pages, with controls to change (element id -> value) and
// the URL parameter each sets. The value "*" picks the first option of a select other than
// the one it shows (the pages offer different speeds).
var permalinkPages = []struct {
	path     string
	controls [][2]string // id, value; the id is also the URL parameter
}{
	{"/sinkhorn.html", [][2]string{{"lambda", "0.03"}, {"cost", "abs"}, {"speed", "*"}}},
	{"/geometry.html", [][2]string{{"lambda", "0.2"}, {"speed", "*"}}},
	{"/lambda.html", [][2]string{{"points", "13"}, {"speed", "*"}}},
	{"/clouds.html", [][2]string{{"seed", "9"}, {"lambda", "0.02"}, {"speed", "*"}}},
	{"/dln.html", [][2]string{{"alpha", "0.05"}, {"algo", "gd"}, {"speed", "*"}}},
}

// TestPermalinkPageURL changes controls on each model page as a visitor would: the page URL
// then carries them (the speed and the seed too), and reopening that URL gives the same
// state().params.
func TestPermalinkPageURL(t *testing.T) {
	for _, pc := range permalinkPages {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(pc.path, "/"), ".html"), func(t *testing.T) {
			p := openPage(t, pc.path, 1200, 900)
			p.win = iframeWin
			p.waitReady()
			var want []string
			set := map[string]string{}
			for _, c := range pc.controls {
				id := c[0]
				v := eval[string](t, p, fmt.Sprintf(`(() => {
					const el = document.getElementById(%q);
					if (!el) return "";
					let v = %q;
					if (v === "*") v = [...el.options].map((o) => o.value).find((x) => x !== el.value) || "";
					el.value = v;
					el.dispatchEvent(new Event("change", {bubbles: true}));
					return el.value;
				})()`, id, c[1]))
				if v == "" {
					t.Fatalf("%s has no control #%s with the value %s", pc.path, id, c[1])
				}
				set[id] = v
				want = append(want, regexp.QuoteMeta(id+"="+v))
			}
			// The page writes its URL a little after the last change.
			var search string
			for _, w := range want {
				search = waitSearch(t, p, "[?&]"+w+"(&|$)")
			}
			search = waitSearch(t, p, ".") // the last write, once all are there
			conds := make([]string, 0, len(pc.controls))
			for id, v := range set {
				conds = append(conds, fmt.Sprintf("s.params[%q] === %q", id, v))
			}
			waitState(t, p, strings.Join(conds, " && "), actionTimeout)
			before := state(t, p)["params"]

			q := openPage(t, pc.path+search, 1200, 900)
			q.win = iframeWin
			q.waitReady()
			waitState(t, q, strings.Join(conds, " && "), actionTimeout)
			after := state(t, q)["params"]
			for _, d := range diff("state().params", before, after) {
				t.Errorf("reopening %s%s: %s", pc.path, search, d)
			}
			if got := eval[string](t, q, "location.search"); got != search {
				t.Errorf("reopening %s%s: the URL became %q", pc.path, search, got)
			}
		})
	}
}
