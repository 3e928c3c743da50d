// Package tally counts a fuzz target's executions in the process that runs
// them. go test's progress line counts only what a fuzzing worker has
// reported back, and a worker that finds nothing new may not report for the
// whole run, so the line can stay at a handful of executions while millions
// ran. With NEWSROOM_FUZZ_TALLY set to a directory, Count writes the running
// total to a file named after the process id there, at most every 100 ms;
// bench/fuzz/run.sh adds the files up. Without it, Count does nothing.
package tally

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

var (
	n, last atomic.Int64
	dir     = sync.OnceValue(func() string { return os.Getenv("NEWSROOM_FUZZ_TALLY") })
	mu      sync.Mutex
)

// Count adds one execution.
func Count() {
	d := dir()
	if d == "" {
		return
	}
	c := n.Add(1)
	now := time.Now().UnixNano()
	if l := last.Load(); now-l < int64(100*time.Millisecond) || !last.CompareAndSwap(l, now) {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	name := filepath.Join(d, strconv.Itoa(os.Getpid()))
	tmp := name + ".tmp"
	if os.WriteFile(tmp, []byte(strconv.FormatInt(c, 10)), 0o644) == nil {
		os.Rename(tmp, name)
	}
}
