//go:build js && wasm

// Command bench is the program of bench.html: it times the browser's hot loops on the problems
// of the Go benchmarks, with the kernels the simulator would use, and checks the SIMD kernels
// against the plain Go loops.
//
//	bench.html?model=sinkhorn&n=1000   one full Sinkhorn iteration on BenchmarkSinkhornIteration's
//	                                   problem (sinkhorn.GaussianClouds(n, 1), lambda 0.05)
//	bench.html?model=ntk               one GD step of BenchmarkNTKGDStep's network (M = 512,
//	                                   L = 3, N = 64)
//	bench.html?model=selftest          the SIMD kernels against rowmat.PureGo on random sizes
//	bench.html?model=calls             what a call costs: a kernel through //go:wasmimport
//	                                   against a syscall/js call, and dot products of a few sizes
//
// Both problems come from wasm/simd/benchcase, which the native side of the measurement
// (site/e2e's BenchmarkSIMDReport) uses too.
//
// Other parameters: kernel=auto|simd|go (auto: SIMD when the page provides it), seconds=2 (the
// timed run, after a warm-up of a quarter of it, at least 0.25 s), and for sinkhorn lambda=0.05
// (1e-3 is BenchmarkSinkhornLogIteration's, where some projections take the log domain) and
// path=sim|iterate: sim (the default) is what the simulator's sinkhorn model does per iteration
// (Step and MarginalError, twice: two passes over the kernel), iterate is Solver.Iterate (one
// fused pass, what BenchmarkSinkhornIteration times natively). The result goes to
// window.benchResult = {model, n, nsPerIteration, kernel, ...} and into the page; nsPerIteration
// is the mean over the timed run, bestChunkNsPerIteration that of its fastest 100 ms.
package main

import (
	"fmt"
	"math"
	"strconv"
	"syscall/js"
	"time"

	"solvable/core/rowmat"
	"solvable/wasm/simd"
	"solvable/wasm/simd/benchcase"
)

func main() {
	q := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
	get := func(k, def string) string {
		if v := q.Call("get", k); v.Type() == js.TypeString && v.String() != "" {
			return v.String()
		}
		return def
	}
	res, err := run(get)
	if err != nil {
		res = map[string]any{"error": err.Error()}
	}
	publish(res)
}

func run(get func(k, def string) string) (map[string]any, error) {
	kernel := get("kernel", "auto")
	switch kernel {
	case "auto":
		simd.Install()
	case "simd":
		if !simd.Install() {
			return nil, fmt.Errorf("kernel=simd, but the page has no SIMD kernels (%s)", reason())
		}
	case "go":
	default:
		return nil, fmt.Errorf("kernel must be auto, simd or go; it is %q", kernel)
	}
	seconds, err := strconv.ParseFloat(get("seconds", "2"), 64)
	if err != nil || !(seconds > 0 && seconds <= 60) {
		return nil, fmt.Errorf("seconds must be a number in (0, 60]; it is %q", get("seconds", "2"))
	}
	var prof *profiler
	if get("profile", "") == "1" {
		prof = newProfiler()
	}
	var res map[string]any
	switch model := get("model", "sinkhorn"); model {
	case "sinkhorn":
		n, err := strconv.Atoi(get("n", "1000"))
		if err != nil || n < 2 || n > 4000 {
			return nil, fmt.Errorf("n must be a whole number from 2 to 4000; it is %q", get("n", "1000"))
		}
		lambda, err := strconv.ParseFloat(get("lambda", "0.05"), 64)
		if err != nil {
			return nil, fmt.Errorf("lambda must be a number; it is %q", get("lambda", "0.05"))
		}
		res, err = benchSinkhorn(n, lambda, get("path", "sim"), seconds)
		if err != nil {
			return nil, err
		}
	case "ntk":
		res, err = benchNTK(seconds)
		if err != nil {
			return nil, err
		}
	case "calls":
		if !simd.Available() {
			return nil, fmt.Errorf("the call timing needs the SIMD kernels, and the page has none (%s)", reason())
		}
		res = benchCalls(seconds)
	case "selftest":
		if !simd.Available() {
			return nil, fmt.Errorf("the self-test needs the SIMD kernels, and the page has none (%s)", reason())
		}
		res = selfTest()
	default:
		return nil, fmt.Errorf("model must be sinkhorn, ntk, selftest or calls; it is %q", model)
	}
	if it, ok := res["iterations"].(int); ok && prof != nil {
		res["profile"] = prof.report(it)
	}
	if _, ok := res["iterations"]; ok {
		res["warmupIterations"] = warmCalls
		res["bestChunkNsPerIteration"] = bestChunk
	}
	res["kernel"] = rowmat.Active().Name
	res["simdAvailable"] = simd.Available()
	return res, nil
}

// reason is why simd.js has no kernels, as it says.
func reason() string {
	if r := js.Global().Get("solvableSIMDReason"); r.Type() == js.TypeString && r.String() != "" {
		return r.String()
	}
	return "simd.js did not say why"
}

// warmCalls is the number of calls of the last timeLoop's warm-up (reported as warmupIterations).
var warmCalls int

// timeLoop calls step repeatedly: a warm-up, then at least seconds of timed calls, in chunks of
// about 100 ms with a pause between them so the page stays responsive. It returns the calls
// and the time spent in them.
func timeLoop(seconds float64, step func()) (int, time.Duration) {
	warm := time.Duration(math.Max(0.25, seconds/4) * float64(time.Second))
	warmCalls = 0
	for t0 := time.Now(); time.Since(t0) < warm; warmCalls++ {
		step()
	}
	var total time.Duration
	calls := 0
	bestChunk = math.Inf(1)
	for total < time.Duration(seconds*float64(time.Second)) {
		t0 := time.Now()
		k := 0
		for ; time.Since(t0) < 100*time.Millisecond; k++ {
			step()
		}
		d := time.Since(t0)
		total += d
		calls += k
		bestChunk = min(bestChunk, float64(d.Nanoseconds())/float64(k))
		time.Sleep(time.Millisecond) // back to the event loop
	}
	return calls, total
}

// bestChunk is the time per call of the fastest 100 ms chunk of the last timeLoop (reported as
// bestChunkNsPerIteration): on a machine shared with other work it is the least disturbed.
var bestChunk float64

func benchSinkhorn(n int, lambda float64, path string, seconds float64) (map[string]any, error) {
	s, step, err := benchcase.Sinkhorn(n, lambda, path)
	if err != nil {
		return nil, err
	}
	calls, total := timeLoop(seconds, step)
	return map[string]any{"model": "sinkhorn", "n": n, "path": path, "lambda": lambda,
		"nsPerIteration": float64(total.Nanoseconds()) / float64(calls), "iterations": calls,
		"seconds": total.Seconds(), "logSteps": s.LogSteps(), "marginalError": s.MarginalError()}, nil
}

// benchNTK times benchcase.NTKTrainer's GD steps.
func benchNTK(seconds float64) (map[string]any, error) {
	tr, err := benchcase.NTKTrainer()
	if err != nil {
		return nil, err
	}
	var stepErr error
	calls, total := timeLoop(seconds, func() {
		if err := tr.Step(); err != nil && stepErr == nil {
			stepErr = err
		}
	})
	if stepErr != nil {
		return nil, stepErr
	}
	return map[string]any{"model": "ntk", "n": benchcase.NTKWidth, "depth": benchcase.NTKDepth,
		"points": benchcase.NTKPoints, "nsPerIteration": float64(total.Nanoseconds()) / float64(calls),
		"iterations": calls, "seconds": total.Seconds(), "loss": tr.Loss()}, nil
}

// benchCalls times the ways Go reaches code outside its module: the kernels' import
// available() (a //go:wasmimport call through simd.js's forwarding function and back, doing
// nothing), a syscall/js call of a JavaScript function doing next to nothing (Math.abs), and
// dot products of 8, 1000 and 100000 values with the SIMD kernel and with the Go loop.
func benchCalls(seconds float64) map[string]any {
	each := seconds / 8
	per := func(f func()) float64 {
		calls, total := timeLoop(each, func() {
			for k := 0; k < 100; k++ {
				f()
			}
		})
		return float64(total.Nanoseconds()) / float64(100*calls)
	}
	res := map[string]any{"model": "calls"}
	res["wasmimportNs"] = per(func() { simd.Available() })
	abs, arg := js.Global().Get("Math").Get("abs"), js.ValueOf(-1.5)
	res["syscallJSNs"] = per(func() { abs.Invoke(arg) })
	goK, sK := rowmat.PureGo(), simd.Kernels()
	for _, n := range []int{8, 1000, 100000} {
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = float64(i%7)+0.5, 1/float64(i+1)
		}
		res[fmt.Sprintf("dot%dGoNs", n)] = per(func() { goK.Dot(x, y) })
		res[fmt.Sprintf("dot%dSIMDNs", n)] = per(func() { sK.Dot(x, y) })
	}
	return res
}

// publish sets window.benchResult and shows the result in the page.
func publish(res map[string]any) {
	js.Global().Set("benchResult", js.ValueOf(toJS(res)))
	doc := js.Global().Get("document")
	if el := doc.Call("getElementById", "bench-result"); el.Truthy() {
		text := js.Global().Get("JSON").Call("stringify", js.Global().Get("benchResult"), nil, 2).String()
		el.Set("textContent", text)
	}
}

// toJS converts the result to what js.ValueOf takes.
func toJS(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = toJS(x)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	case int:
		return float64(v)
	}
	return v
}
