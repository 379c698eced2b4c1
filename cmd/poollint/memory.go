package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// fallbackMemory is the machine's memory assumed when it cannot be read.
const fallbackMemory = 8 << 30

// setMemoryLimit gives the Go runtime a soft memory limit of three
// quarters of the memory available (the cgroup's limit on a CI runner or
// container, else the machine's), unless GOMEMLIMIT sets one: near it the
// collector works harder, so garbage never takes the process over the edge.
// The hard guarantees are the parsers' and rules' own budgets (sizes, time,
// a user policy's heap growth): a limit cannot stop live data from growing.
//
// It also lets the heap grow to 2.5 times the live data between
// collections (GOGC=150) unless GOGC says otherwise: a scan allocates much
// short-lived garbage. On the shared corpus (2-core Linux machine, paired
// runs of the release binary) GOGC=150 cost about 12% less CPU than 100,
// for a peak RSS of 131–133 MB (GOGC=200: 7% less CPU again, 138–144 MB;
// 300: 163–165 MB), inside issue 19's 150 MiB with room for the monorepos
// users scan. The memory limit above still bounds it.
func setMemoryLimit() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(150)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryCeiling())
}

// memoryCeiling is three quarters of the memory available to the process.
func memoryCeiling() int64 {
	total := int64(fallbackMemory)
	if n := meminfoTotal(); n > 0 {
		total = n
	}
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && n > 0 && n < total {
			total = n // "max" and v1's huge "no limit" value are not limits
		}
	}
	return total / 4 * 3
}

// meminfoTotal is MemTotal from /proc/meminfo in bytes, or 0.
func meminfoTotal() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			if kb, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
