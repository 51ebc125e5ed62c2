//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Browser tests of the WebAssembly SIMD kernels (wasm/simd, assets/simd.js) and of the benchmark
// page that times them (bench.html, wasm/simd/bench). The kernels are checked against the plain
// Go loops of core/rowmat inside the browser, by bench.html?model=selftest: random sizes from 0
// to a few hundred, odd lengths, slices starting at unaligned offsets inside padded buffers whose
// padding must stay untouched, and a second round after the Go heap has grown by 64 MB. Its
// tolerance is 2 (n + 2) 2^-53 times the sum of the absolute products of each n-term sum (a few
// ulps times the length, for the rounding of both sides); axpy and the row accumulation add in
// the Go loops' order and must agree exactly.

// benchTimeout bounds one bench.html run: loading, a warm-up and the timed seconds.
const benchTimeout = 90 * time.Second

// benchResult opens bench.html?query and returns window.benchResult once the program has set it.
func benchResult(t *testing.T, query string) map[string]any {
	t.Helper()
	p := openPage(t, "/bench.html?"+query, 900, 700)
	v, err := p.poll(`window.benchResult ? {r: window.benchResult} : null`, benchTimeout)
	if err != nil {
		t.Fatalf("bench.html?%s: no window.benchResult: %v", query, err)
	}
	r, _ := v["r"].(map[string]any)
	if r == nil {
		t.Fatalf("bench.html?%s: window.benchResult is %v", query, v["r"])
	}
	if e, ok := r["error"]; ok {
		t.Fatalf("bench.html?%s: %v", query, e)
	}
	return r
}

func TestSIMDKernelsAgreeInBrowser(t *testing.T) {
	// Each variant of the kernels that a browser may get: with fused multiply-adds in the matrix
	// products (Chromium has relaxed SIMD), and plain SIMD (?simd=plain, what a browser without
	// relaxed SIMD runs).
	for _, c := range []struct{ query, kernel string }{
		{"model=selftest", "wasm-simd-fma"},
		{"model=selftest&simd=plain", "wasm-simd"},
	} {
		t.Run(c.kernel, func(t *testing.T) {
			r := benchResult(t, c.query)
			if r["kernel"] != c.kernel {
				t.Errorf("kernel %v, want %s", r["kernel"], c.kernel)
			}
			failures, _ := r["failures"].([]any)
			for _, f := range failures {
				t.Errorf("%v", f)
			}
			cases, _ := r["cases"].(float64)
			if cases < 600 {
				t.Errorf("only %v cases were checked", cases)
			}
			t.Logf("%s: %v cases (%v exact), worst difference %.3g of its tolerance",
				c.kernel, r["cases"], r["exact"], r["worstOverTolerance"])
		})
	}
}

func TestBenchPageReportsInBrowser(t *testing.T) {
	// The page's contract, on short runs: window.benchResult = {model, n, nsPerIteration, kernel}
	// for each model, with the SIMD kernels by default, the Go loops with kernel=go, and the Go
	// loops again, without any error, when the page turns the kernels off (simd=off).
	for _, c := range []struct {
		query, model, kernel string
		n                    float64
	}{
		{"model=sinkhorn&n=300&seconds=0.3", "sinkhorn", "wasm-simd-fma", 300},
		{"model=sinkhorn&n=300&seconds=0.3&path=iterate&kernel=go", "sinkhorn", "go", 300},
		{"model=sinkhorn&n=300&seconds=0.3&simd=off", "sinkhorn", "go", 300},
		{"model=ntk&seconds=0.3", "ntk", "wasm-simd-fma", 512},
	} {
		t.Run(strings.ReplaceAll(c.query, "&", ","), func(t *testing.T) {
			r := benchResult(t, c.query)
			ns, _ := r["nsPerIteration"].(float64)
			if r["model"] != c.model || r["n"] != c.n || r["kernel"] != c.kernel || !(ns > 0) {
				t.Errorf("benchResult %v, want model %s, n %g, kernel %s and a positive nsPerIteration",
					r, c.model, c.n, c.kernel)
			}
			t.Logf("%s: %s per iteration with %v (%v iterations)", c.query, fmtNs(ns), r["kernel"], r["iterations"])
		})
	}
}

func TestBenchPageTimesCalls(t *testing.T) {
	// bench.html?model=calls reports what a call into the kernels costs against a syscall/js call,
	// and dot products with and without SIMD; the numbers are logged, only their presence checked.
	r := benchResult(t, "model=calls&seconds=0.4")
	var parts []string
	for _, k := range []string{"wasmimportNs", "syscallJSNs", "dot8GoNs", "dot8SIMDNs", "dot1000GoNs", "dot1000SIMDNs", "dot100000GoNs", "dot100000SIMDNs"} {
		v, _ := r[k].(float64)
		if !(v > 0) {
			t.Errorf("%s = %v, want a positive time", k, r[k])
		}
		parts = append(parts, fmt.Sprintf("%s %.1f", k, v))
	}
	t.Logf("ns per call: %s", strings.Join(parts, ", "))
}

func TestBenchPageSaysWhatIsWrong(t *testing.T) {
	// A bad parameter, or asking for SIMD where the page has none, ends in a sentence in
	// benchResult.error rather than a hang.
	for _, c := range []struct{ query, want string }{
		{"model=sinkhorn&n=0", "n must be"},
		{"model=nothing", "model must be"},
		{"model=sinkhorn&kernel=simd&simd=off", "no SIMD kernels"},
	} {
		t.Run(strings.ReplaceAll(c.query, "&", ","), func(t *testing.T) {
			p := openPage(t, "/bench.html?"+c.query, 900, 700)
			v, err := p.poll(`window.benchResult ? {r: window.benchResult} : null`, benchTimeout)
			if err != nil {
				t.Fatalf("no window.benchResult: %v", err)
			}
			r, _ := v["r"].(map[string]any)
			msg, _ := r["error"].(string)
			if !strings.Contains(msg, c.want) {
				t.Errorf("error %q, want one that says %q", msg, c.want)
			}
		})
	}
}

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.3f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// TestSimulatorsUseSIMD: the simulators themselves (not only the bench page) run on the SIMD
// kernels in this browser, on the site and in the offline file, and say so in state().kernels.
func TestSimulatorsUseSIMD(t *testing.T) {
	p := openSim(t, "model=ntk&paused=1")
	st := state(t, p)
	if k, _ := st["kernels"].(string); !strings.HasPrefix(k, "wasm-simd") {
		t.Errorf("sim.html runs on kernels %q, want wasm-simd or wasm-simd-fma (simd.js reason: %q)",
			k, eval[string](t, p, `String(globalThis.solvableSIMDReason)`))
	}
	q := openSim(t, "model=ntk&paused=1&simd=off")
	if k, _ := state(t, q)["kernels"].(string); k != "go" {
		t.Errorf("with simd=off the simulator runs on %q, want the Go loops (go)", k)
	}
}
