//go:build !js

package e2e

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"solvable/wasm/simd/benchcase"
)

// BenchmarkSIMDReport measures, in one run on one machine, every number issue 7 asks for:
//
//	Sinkhorn, one full iteration at n = 1000 on BenchmarkSinkhornIteration's problem
//	  POT's ot.sinkhorn natively (wasm/simd/testdata/pot_sinkhorn.py, Debian's python3-pot;
//	    numpy's two matrix-vector products as a labelled stand-in if POT is missing)
//	  Go natively (gonum's BLAS), on all cores and on one
//	  Go in headless Chromium, bench.html?model=sinkhorn&n=1000, with the plain Go loops
//	    (kernel=go) and with the SIMD kernels, on the simulator's path (sim: two passes) and
//	    on Solver.Iterate's fused pass (iterate)
//	NTK network, one GD step (M = 512, L = 3, N = 64)
//	  Go natively, and in Chromium with the plain Go loops, plain SIMD and SIMD with fused
//	  multiply-adds
//
// Run it after a build, alone (it times things; other load on the machine skews it):
//
//	go test ./site/e2e/ -run '^$' -bench SIMDReport -benchtime 1x -dist=$PWD/dist
//
// It reports each time as a metric (ms/iteration) and logs a table; it asserts nothing about
// speed. Each case is timed reportRounds times (interleaved in the browser) and the fastest
// kept, which is what a shared machine lets through least distorted; POT's script keeps its
// best of five itself. The browser runs use their own Chromium instance, since the package's shared one
// belongs to tests.
func BenchmarkSIMDReport(b *testing.B) {
	if skipReason != "" {
		b.Skip(skipReason)
	}
	const n = 1000
	var rows [][2]string
	got := map[string]float64{}
	report := func(name string, ms float64, note string) {
		b.ReportMetric(ms, name+"-ms")
		got[name] = ms
		rows = append(rows, [2]string{name, fmt.Sprintf("%9.3f ms  %s", ms, note)})
	}

	// POT on the same cost matrix.
	pot, err := potTime(b, n)
	if err != nil {
		b.Logf("POT: %v", err)
	} else {
		report("pot", pot.MsPerIteration, fmt.Sprintf("%s (POT %v, numpy %s, stand-in %v)", pot.What, pot.POT, pot.Numpy, pot.StandIn))
	}

	// Go natively, timed like bench.html times the browser (testing.Benchmark cannot run inside
	// a benchmark).
	for _, path := range []string{"sim", "iterate"} {
		for _, procs := range []int{runtime.GOMAXPROCS(0), 1} {
			old := runtime.GOMAXPROCS(procs) // the solver splits its passes by GOMAXPROCS when built
			_, step, err := benchcase.Sinkhorn(n, benchcase.SinkhornLambda, path)
			if err != nil {
				b.Fatal(err)
			}
			ns, iters := timeNative(2, step)
			for round := 1; round < reportRounds; round++ {
				if ns2, iters2 := timeNative(2, step); ns2 < ns {
					ns, iters = ns2, iters2
				}
			}
			runtime.GOMAXPROCS(old)
			report(fmt.Sprintf("sinkhorn-native-%s-%dcpu", path, procs), ns/1e6,
				fmt.Sprintf("Go natively, BLAS, %d thread(s), %d iterations", procs, iters))
		}
	}
	tr, err := benchcase.NTKTrainer()
	if err != nil {
		b.Fatal(err)
	}
	ntkStep := func() {
		if err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	ns, iters := timeNative(2, ntkStep)
	for round := 1; round < reportRounds; round++ {
		if ns2, iters2 := timeNative(2, ntkStep); ns2 < ns {
			ns, iters = ns2, iters2
		}
	}
	report("ntk-native", ns/1e6, fmt.Sprintf("Go natively, %d steps", iters))

	// The browser: each page reportRounds times, the rounds interleaved, the fastest kept (the
	// machine may be shared; the other rounds are logged).
	ctx, cancel := benchBrowser(b)
	defer cancel()
	queries := []struct{ name, query string }{
		{"sinkhorn-wasm-go-sim", "model=sinkhorn&n=1000&path=sim&kernel=go"},
		{"sinkhorn-wasm-simd-sim", "model=sinkhorn&n=1000&path=sim"},
		{"sinkhorn-wasm-go-iterate", "model=sinkhorn&n=1000&path=iterate&kernel=go"},
		{"sinkhorn-wasm-simd-iterate", "model=sinkhorn&n=1000&path=iterate"},
		{"sinkhorn-log-wasm-go-iterate", "model=sinkhorn&n=1000&lambda=0.001&path=iterate&kernel=go"},
		{"sinkhorn-log-wasm-simd-iterate", "model=sinkhorn&n=1000&lambda=0.001&path=iterate"},
		{"ntk-wasm-go", "model=ntk&kernel=go"},
		{"ntk-wasm-simd-plain", "model=ntk&simd=plain"},
		{"ntk-wasm-simd", "model=ntk"},
	}
	best := make([]map[string]any, len(queries))
	all := make([][]string, len(queries))
	for round := 0; round < reportRounds; round++ {
		for i, q := range queries {
			res, err := benchPage(ctx, q.query)
			if err != nil {
				b.Fatalf("bench.html?%s: %v", q.query, err)
			}
			ns, _ := res["nsPerIteration"].(float64)
			all[i] = append(all[i], fmt.Sprintf("%.3f", ns/1e6))
			if old, ok := best[i]["nsPerIteration"].(float64); !ok || ns < old {
				best[i] = res
			}
		}
	}
	for i, q := range queries {
		res := best[i]
		ns, _ := res["nsPerIteration"].(float64)
		chunk, _ := res["bestChunkNsPerIteration"].(float64)
		report(q.name, ns/1e6, fmt.Sprintf("Chromium, kernel %v, best of %s ms (%v iterations in %.2f s; its fastest 100 ms: %.3f ms)",
			res["kernel"], strings.Join(all[i], ", "), res["iterations"], res["seconds"], chunk/1e6))
	}

	// What a call costs, in the same browser.
	if res, err := benchPage(ctx, "model=calls"); err != nil {
		b.Errorf("bench.html?model=calls: %v", err)
	} else {
		for _, k := range []string{"wasmimportNs", "syscallJSNs", "dot8GoNs", "dot8SIMDNs", "dot1000GoNs", "dot1000SIMDNs", "dot100000GoNs", "dot100000SIMDNs"} {
			v, _ := res[k].(float64)
			b.ReportMetric(v, "calls-"+k)
			rows = append(rows, [2]string{"calls-" + k, fmt.Sprintf("%9.1f ns  Chromium, per call", v)})
		}
	}

	// The targets, as ratios (reported, not asserted).
	ratio := func(name, num, den, note string) {
		if got[num] > 0 && got[den] > 0 {
			r := got[num] / got[den]
			b.ReportMetric(r, name)
			rows = append(rows, [2]string{name, fmt.Sprintf("%9.2f     %s / %s  (%s)", r, num, den, note)})
		}
	}
	ratio("sinkhorn-simd-over-pot", "sinkhorn-wasm-simd-sim", "pot", "target at most 1.5")
	ratio("sinkhorn-simd-iterate-over-pot", "sinkhorn-wasm-simd-iterate", "pot", "target at most 1.5")
	ratio("ntk-go-over-simd", "ntk-wasm-go", "ntk-wasm-simd", "target at least 5")
	ratio("ntk-go-over-simd-plain", "ntk-wasm-go", "ntk-wasm-simd-plain", "browsers without relaxed SIMD")

	var sb strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&sb, "\n\t%-30s %s", r[0], r[1])
	}
	b.Logf("one run, %s/%s, %d CPUs:%s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), sb.String())
}

// timeNative calls step for a warm-up of a quarter of seconds (at least 0.25 s), then for at
// least seconds more, and returns the time per call of the second part: the method of
// wasm/simd/bench's timeLoop.
func timeNative(seconds float64, step func()) (nsPerCall float64, calls int) {
	warm := time.Duration(math.Max(0.25, seconds/4) * float64(time.Second))
	for t0 := time.Now(); time.Since(t0) < warm; {
		step()
	}
	t0 := time.Now()
	for time.Since(t0) < time.Duration(seconds*float64(time.Second)) {
		step()
		calls++
	}
	return float64(time.Since(t0).Nanoseconds()) / float64(calls), calls
}

// reportRounds is how many times BenchmarkSIMDReport times each case; it keeps the fastest.
const reportRounds = 3

type potResult struct {
	N              int     `json:"n"`
	MsPerIteration float64 `json:"msPerIteration"`
	What           string  `json:"what"`
	Numpy          string  `json:"numpy"`
	POT            any     `json:"pot"`
	StandIn        bool    `json:"standIn"`
}

// potTime writes the problem's cost matrix to a file and times POT on it.
func potTime(b *testing.B, n int) (potResult, error) {
	var res potResult
	pr := benchcase.SinkhornProblem(n)
	buf := make([]byte, 8*len(pr.C))
	for i, c := range pr.C {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(c))
	}
	file := filepath.Join(b.TempDir(), "cost.bin")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		return res, err
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "wasm", "simd", "testdata", "pot_sinkhorn.py"))
	if err != nil {
		return res, err
	}
	// Debian's python3 has python3-pot and numpy; a python3 earlier on PATH may have neither.
	var lastErr error
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		out, err := exec.Command(py, script, file).Output()
		if err != nil {
			lastErr = fmt.Errorf("%s %s: %v", py, script, err)
			continue
		}
		if err := json.Unmarshal(out, &res); err != nil {
			return res, fmt.Errorf("%s printed %q: %v", py, out, err)
		}
		return res, nil
	}
	return res, lastErr
}

// benchBrowser starts a Chromium of its own with the harness's flags.
func benchBrowser(b *testing.B) (context.Context, context.CancelFunc) {
	exe, err := chromiumPath()
	if err != nil {
		b.Fatal(err)
	}
	profile := b.TempDir()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile), chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(900, 700))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		b.Fatalf("starting %s: %v", exe, err)
	}
	return bctx, func() { cancelBrowser(); cancelAlloc() }
}

// benchPage runs bench.html?query in a new tab and returns window.benchResult.
func benchPage(bctx context.Context, query string) (map[string]any, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	if err := chromedp.Do(tab); err != nil {
		return nil, err
	}
	ctx, done := context.WithTimeout(tab, benchTimeout+10*time.Second)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+"/bench.html?"+query)); err != nil {
		return nil, err
	}
	res, err := chromedp.Run(ctx, chromedp.Poll[map[string]any](`window.benchResult`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(benchTimeout)))
	if err != nil {
		return nil, err
	}
	if e, ok := res["error"]; ok {
		return nil, fmt.Errorf("%v", e)
	}
	return res, nil
}
