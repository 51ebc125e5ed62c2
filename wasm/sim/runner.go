package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"solvable/core/rowmat"
)

// Speed is how fast a runner steps: PerSecond units a second, or as many as the frame budget
// allows when Max.
type Speed struct {
	PerSecond float64
	Max       bool
}

func (s Speed) String() string {
	if s.Max {
		return "max"
	}
	return strconv.FormatFloat(s.PerSecond, 'g', -1, 64)
}

// DefaultSpeed lets a visitor follow each step land; models may choose their own.
var DefaultSpeed = Speed{PerSecond: 20}

// MaxPerSecond bounds a numeric speed; beyond it "max" says what is meant.
const MaxPerSecond = 1e6

// ParseSpeed reads the speed parameter: a number of steps per second or "max"; empty means def.
func ParseSpeed(v string, def Speed) (Speed, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	if v == "max" {
		return Speed{Max: true}, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) || f > MaxPerSecond {
		return def, &ParamError{"speed", fmt.Sprintf("speed must be a number of steps per second from above 0 to %g, or max; got %q.", MaxPerSecond, v)}
	}
	return Speed{PerSecond: f}, nil
}

// Runner owns a model and decides how much of it to step each tick.
type Runner struct {
	Model   Model
	Speed   Speed
	Playing bool
	// Err is the current error in words (empty when all is well) and ErrParam its parameter.
	Err, ErrParam string

	due     float64 // steps owed at a finite speed, carried between ticks
	pending int     // steps asked for by Step(n) and not yet done
	dirty   bool    // the picture changed since the last Draw
	clock   func() time.Time
	query   map[string]string // simulator-level parameters besides the model's
}

// NewRunner builds the runner a URL describes. It never fails: a bad URL gives a runner whose
// Err says what is wrong, and whose model draws that sentence.
func NewRunner(lookup Lookup, clock func() time.Time) *Runner {
	r := &Runner{clock: clock, Speed: DefaultSpeed, Playing: true, dirty: true, query: map[string]string{}}
	name, _ := lookup("model")
	m, err := NewModel(name)
	if err != nil {
		m, _ = NewModel("sinkhorn")
		r.Model = m
		r.setErr(err)
		return r
	}
	r.Model = m
	for k := range runnerKeys {
		// A refused value is reported by configure and kept out of the query, so that
		// state().params and every permalink built from it say what actually runs.
		if v, ok := lookup(k); ok && r.checkRunnerKey(k, v) == nil {
			r.query[k] = v
		}
	}
	r.configure(lookup)
	return r
}

func (r *Runner) configure(lookup Lookup) {
	get := func(k string) string { v, _ := lookup(k); return v }
	r.clearErr()
	// The model's own complaint comes first: it is about the problem itself.
	if err := r.Model.Configure(lookup); err != nil {
		r.setErr(err)
	}
	r.applyRunnerKeys(get)
	r.due, r.pending, r.dirty = 0, 0, true
}

// checkRunnerKey says in words what is wrong with a value of speed or paused, or nil.
func (r *Runner) checkRunnerKey(k, v string) error {
	switch k {
	case "speed":
		_, err := ParseSpeed(v, r.Model.DefaultSpeed())
		return err
	case "paused":
		if v := strings.TrimSpace(v); v != "" && v != "0" && v != "1" {
			return &ParamError{"paused", fmt.Sprintf("paused must be 0 or 1; got %q.", v)}
		}
	}
	return nil
}

// applyRunnerKeys reads speed and paused.
func (r *Runner) applyRunnerKeys(get func(string) string) {
	sp, err := ParseSpeed(get("speed"), r.Model.DefaultSpeed())
	if err != nil {
		r.firstErr(err)
	} else {
		r.Speed = sp
	}
	switch v := strings.TrimSpace(get("paused")); v {
	case "":
	case "0":
		r.Playing = true
	case "1":
		r.Playing = false
	default:
		r.firstErr(&ParamError{"paused", fmt.Sprintf("paused must be 0 or 1; got %q.", v)})
	}
	r.due, r.dirty = 0, true
}

func (r *Runner) firstErr(err error) {
	if r.Err == "" {
		r.setErr(err)
	}
}

// Set applies parameters over the current ones (a value of "" removes a parameter). A change
// of the problem restarts the model from its first iterate, so the URL reproduces the run; a
// change of speed or of paused alone leaves the run where it is.
func (r *Runner) Set(params map[string]string) {
	problem := false
	for k := range params {
		if !runnerKeys[k] {
			problem = true
		}
	}
	// A refused speed or paused keeps its last good value (and says why), like a refused
	// problem parameter keeps the last good problem.
	var refused error
	for k, v := range params {
		if runnerKeys[k] {
			switch err := r.checkRunnerKey(k, v); {
			case v == "":
				delete(r.query, k)
			case err != nil:
				if refused == nil {
					refused = err
				}
			default:
				r.query[k] = v
			}
		}
	}
	if !problem {
		r.clearErr()
		r.applyRunnerKeys(func(k string) string { return r.query[k] })
		if refused != nil {
			r.setErr(refused)
		}
		return
	}
	merged := r.Model.Params()
	if _, ok := params["preset"]; ok {
		// A preset replaces the problem, so the old problem's parameters must not override it.
		merged = map[string]string{}
	}
	for k, v := range params {
		switch {
		case runnerKeys[k]: // from r.query below, refused values left out
		case v == "":
			delete(merged, k)
		default:
			merged[k] = v
		}
	}
	for k, v := range r.query {
		merged[k] = v
	}
	if _, ok := params["paused"]; !ok {
		// Changing the problem should not flip play/pause.
		merged["paused"] = map[bool]string{true: "0", false: "1"}[r.Playing]
	}
	r.configure(func(k string) (string, bool) { v, ok := merged[k]; return v, ok })
	if refused != nil {
		r.firstErr(refused)
	}
}

// runnerKeys are the parameters of the runner rather than of the model.
var runnerKeys = map[string]bool{"speed": true, "paused": true}

func (r *Runner) setErr(err error) {
	r.Err, r.ErrParam = err.Error(), ""
	var pe *ParamError
	if errors.As(err, &pe) {
		r.ErrParam = pe.Param
	}
}

func (r *Runner) clearErr() { r.Err, r.ErrParam = "", "" }

// Play, Pause and Reset are the page's buttons.
func (r *Runner) Play()  { r.Playing, r.dirty = true, true }
func (r *Runner) Pause() { r.Playing, r.due, r.dirty = false, 0, true }
func (r *Runner) Reset() {
	r.Model.Reset()
	r.due, r.pending, r.dirty = 0, 0, true
}

// maxPendingSteps bounds what one step(n) call may ask for (step(Infinity) arrives as the
// largest integer).
const maxPendingSteps = 1 << 24

// StepN does n steps now, as far as budget allows, and leaves the rest to later ticks; it works
// while paused. Steps beyond a settled model are not taken.
func (r *Runner) StepN(n int, budget time.Duration) {
	if n <= 0 {
		return
	}
	r.pending = min(r.pending+min(n, maxPendingSteps), maxPendingSteps)
	r.runPending(budget)
}

func (r *Runner) runPending(budget time.Duration) {
	start := r.clock()
	for r.pending > 0 {
		if r.Model.Settled() {
			r.pending = 0
			break
		}
		r.Model.Step()
		r.pending--
		r.dirty = true
		if r.clock().Sub(start) > budget {
			break
		}
	}
}

// Tick is one Update: dt seconds have passed; spend at most budget on stepping.
func (r *Runner) Tick(dt float64, budget time.Duration) {
	start := r.clock()
	deadline := start.Add(budget)
	if r.pending > 0 {
		r.runPending(budget)
		return
	}
	if r.Model.Settled() {
		// Secondary work (the debiased divergence) is computation, not animation: it runs
		// once the main run has settled, playing or paused, within the same budget.
		r.due = 0
		if r.Model.Background(func() bool { return r.clock().Before(deadline) }) {
			r.dirty = true
		}
		return
	}
	if !r.Playing {
		return
	}
	if r.Speed.Max {
		// The clock is read after every step: a step of a large problem can take a good part
		// of the budget, and a clock read (performance.now) costs about a microsecond.
		for !r.Model.Settled() {
			r.Model.Step()
			r.dirty = true
			if r.clock().Sub(start) > budget {
				break
			}
		}
		return
	}
	r.due += r.Speed.PerSecond * dt
	n := math.Floor(r.due)
	r.due -= n
	for k := 0; k < int(n) && !r.Model.Settled(); k++ {
		r.Model.Step()
		r.dirty = true
		if r.clock().Sub(start) > budget {
			// The speed asked for more than the budget gives; do not build a backlog.
			r.due = 0
			break
		}
	}
}

// TakeDirty reports whether the picture changed since the last call.
func (r *Runner) TakeDirty() bool {
	d := r.dirty
	r.dirty = false
	return d
}

// MarkDirty asks for a redraw (resize, pointer feedback).
func (r *Runner) MarkDirty() { r.dirty = true }

// State is the JSON-ready snapshot behind window.solvable.state().
func (r *Runner) State(withPlan bool) map[string]any {
	st := map[string]any{
		"model":      r.Model.Name(),
		"playing":    r.Playing,
		"speed":      r.Speed.String(),
		"error":      r.Err,
		"errorParam": r.ErrParam,
		// Which implementation of the dense products runs (core/rowmat): "blas" natively,
		// "go" in a browser without SIMD, "wasm-simd" or "wasm-simd-fma" with the kernels.
		"kernels": rowmat.Active().Name,
	}
	params := r.Model.Params()
	for k, v := range r.query {
		params[k] = v
	}
	st["params"] = params
	r.Model.State(st, withPlan)
	if r.Err == "" {
		// A problem that arose while running (a diverging step size) is reported like a bad
		// parameter, so the page shows it next to the control that can fix it.
		if msg, param := r.Model.Issue(); msg != "" {
			st["error"], st["errorParam"] = msg, param
		}
	}
	return Sanitize(st).(map[string]any)
}

// Sanitize replaces every NaN or infinite number in a state by nil (JSON null), recursively, so
// the snapshot always encodes and nothing non-finite reaches the page.
func Sanitize(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case []float64:
		out := make([]any, len(x))
		for i, f := range x {
			out[i] = Sanitize(f)
		}
		return out
	case [][]float64:
		out := make([]any, len(x))
		for i, row := range x {
			out[i] = Sanitize(row)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Sanitize(e)
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = Sanitize(e)
		}
		return x
	case []map[string]any: // rows built for this state, sanitised in place like a map
		for _, e := range x {
			Sanitize(e)
		}
		return x
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, s := range x {
			out[k] = s
		}
		return out
	default:
		return v
	}
}
