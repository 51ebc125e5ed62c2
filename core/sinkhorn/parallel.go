package sinkhorn

import (
	"runtime"
	"sync"
)

// minParallelWork is the kernel size (entries) from which a pass over it is split across
// cores: below it the cost of starting goroutines is not repaid. Under js/wasm there is one
// thread and passes always run inline.
const minParallelWork = 1 << 17

// workers is how many row blocks a pass over an n x m kernel is split into.
func workers(n, m int) int {
	w := runtime.GOMAXPROCS(0)
	if n*m < minParallelWork || w < 2 {
		return 1
	}
	return min(w, n)
}

// parallelRows calls fn on contiguous row blocks [lo, hi), one per worker, and waits.
func parallelRows(n, nw int, fn func(lo, hi, worker int)) {
	if nw <= 1 {
		fn(0, n, 0)
		return
	}
	var wg sync.WaitGroup
	for k := 0; k < nw; k++ {
		lo, hi := k*n/nw, (k+1)*n/nw
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi, k)
		}()
	}
	wg.Wait()
}
