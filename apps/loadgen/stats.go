package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"
)

// recorder collects one worker's outcomes; workers never share one, so recording takes no lock.
type recorder struct {
	latencies []time.Duration
	statuses  map[int]int
	transport int // requests that got no HTTP answer
}

func newRecorder() *recorder {
	return &recorder{latencies: make([]time.Duration, 0, 1<<16), statuses: map[int]int{}}
}

func (r *recorder) record(d time.Duration, status int, err error) {
	if err != nil {
		r.transport++
		return
	}
	r.latencies = append(r.latencies, d)
	r.statuses[status]++
}

// Result is one workload's figures, as printed and as written to JSON.
type Result struct {
	Workload   string         `json:"workload"`
	Requests   int            `json:"requests"`
	Duration   float64        `json:"duration_seconds"`
	RPS        float64        `json:"requests_per_second"`
	Errors     map[string]int `json:"errors_by_status"`
	P50        float64        `json:"p50_ms"`
	P95        float64        `json:"p95_ms"`
	P99        float64        `json:"p99_ms"`
	Max        float64        `json:"max_ms"`
	OfCeiling  float64        `json:"ratio_to_healthz,omitempty"`
	Concurrent int            `json:"concurrency"`
	Extra      map[string]any `json:"extra,omitempty"`
}

func merge(name string, elapsed time.Duration, concurrency int, recs []*recorder, isError func(int) bool) Result {
	var all []time.Duration
	errors := map[string]int{}
	for _, r := range recs {
		all = append(all, r.latencies...)
		for st, n := range r.statuses {
			if isError(st) {
				errors[strconv.Itoa(st)] += n
			}
		}
		if r.transport > 0 {
			errors["transport"] += r.transport
		}
	}
	slices.Sort(all)
	res := Result{Workload: name, Requests: len(all), Duration: elapsed.Seconds(), Errors: errors, Concurrent: concurrency}
	if elapsed > 0 {
		res.RPS = float64(len(all)) / elapsed.Seconds()
	}
	if len(all) > 0 {
		res.P50, res.P95, res.P99 = ms(pct(all, 50)), ms(pct(all, 95)), ms(pct(all, 99))
		res.Max = ms(all[len(all)-1])
	}
	return res
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func printResults(w io.Writer, results []Result) {
	fmt.Fprintf(w, "\n%-14s %9s %10s %8s %8s %8s %8s %9s  %s\n", "workload", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "x healthz", "errors")
	for _, r := range results {
		ratio := "-"
		if r.OfCeiling > 0 {
			ratio = fmt.Sprintf("%.3f", r.OfCeiling)
		}
		fmt.Fprintf(w, "%-14s %9d %10.0f %8.2f %8.2f %8.2f %8.2f %9s  %s\n", r.Workload, r.Requests, r.RPS, r.P50, r.P95, r.P99, r.Max, ratio, errorsText(r.Errors))
	}
	for _, r := range results {
		if n, ok := r.Extra["orders"].(int64); ok && r.Duration > 0 {
			fmt.Fprintf(w, "%-14s %d orders (%.0f orders/s), %v sold out", r.Workload+":", n, float64(n)/r.Duration, r.Extra["sold_out"])
			if p99, ok := r.Extra["checkout_p99_ms"]; ok {
				fmt.Fprintf(w, "; checkout requests alone p50 %v ms, p95 %v ms, p99 %v ms", r.Extra["checkout_p50_ms"], r.Extra["checkout_p95_ms"], p99)
			}
			fmt.Fprintln(w)
		}
	}
}

func errorsText(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		s += fmt.Sprintf("%s×%d ", k, m[k])
	}
	return s
}
