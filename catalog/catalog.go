// Package catalog holds the facts rules need about machine sizes: Azure VM
// sizes (vCPUs, memory, cache/temp/NVMe disk, ephemeral OS and accelerated
// networking support, architecture) and EC2 instance types (EKS max pods).
// The tables are generated from ../shared/data by catalog/gen and embedded;
// a fact the sources do not give is unknown, and no rule fires on it.
package catalog

//go:generate go run ./gen -data ../../shared/data -out .

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed azure_vm_sizes.tsv
var azureTSV string

//go:embed eks_max_pods.tsv
var eksTSV string

// VMSize is one Azure VM size. Pointers are nil where the sources are silent.
type VMSize struct {
	Name               string
	VCPUs              *float64
	MemoryGiB          *float64
	CacheGiB           *float64
	TempGiB            *float64
	NvmeGiB            *float64
	EphemeralOS        *bool
	AcceleratedNetwork *bool
	Arch               string // x64, Arm64 or ""
	GPUs               *float64
	// Family is the vCPU quota family the size counts against
	// (standardDSv5Family), or "".
	Family string
}

var (
	loadOnce sync.Once
	vmSizes  map[string]*VMSize // by lower-case name
	vmNames  []string
	maxPods  map[string]int
	ec2Names []string
)

func load() {
	vmSizes, maxPods = map[string]*VMSize{}, map[string]int{}
	for _, line := range strings.Split(azureTSV, "\n") {
		c := strings.Split(line, "\t")
		if len(c) != 11 || strings.HasPrefix(line, "#") {
			continue
		}
		v := &VMSize{Name: c[0], VCPUs: f(c[1]), MemoryGiB: f(c[2]), CacheGiB: f(c[3]), TempGiB: f(c[4]), NvmeGiB: f(c[5]),
			EphemeralOS: b(c[6]), AcceleratedNetwork: b(c[7]), GPUs: f(c[9])}
		if c[8] != "-" {
			v.Arch = c[8]
		}
		if c[10] != "-" {
			v.Family = c[10]
		}
		vmSizes[strings.ToLower(c[0])] = v
		vmNames = append(vmNames, c[0])
	}
	for _, line := range strings.Split(eksTSV, "\n") {
		c := strings.Split(line, "\t")
		if len(c) != 2 || strings.HasPrefix(line, "#") {
			continue
		}
		if n, err := strconv.Atoi(c[1]); err == nil {
			maxPods[c[0]] = n
			ec2Names = append(ec2Names, c[0])
		}
	}
	sort.Strings(vmNames)
	sort.Strings(ec2Names)
}

func f(s string) *float64 {
	if s == "-" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &v
}

func b(s string) *bool {
	switch s {
	case "1":
		t := true
		return &t
	case "0":
		f := false
		return &f
	}
	return nil
}

// AzureVM looks a VM size up, ignoring case as Azure does.
func AzureVM(name string) (*VMSize, bool) {
	loadOnce.Do(load)
	v, ok := vmSizes[strings.ToLower(name)]
	return v, ok
}

// AzureVMNames lists the known VM sizes.
func AzureVMNames() []string {
	loadOnce.Do(load)
	return vmNames
}

// EKSMaxPods is the ENI-based max pods of an EC2 instance type.
func EKSMaxPods(instanceType string) (int, bool) {
	loadOnce.Do(load)
	n, ok := maxPods[instanceType]
	return n, ok
}

// EC2Types lists the known EC2 instance types.
func EC2Types() []string {
	loadOnce.Do(load)
	return ec2Names
}

// Closest returns the candidate nearest to name, when it is near enough to
// be a likely typo: the one that differs only in case and separators
// (Standard_D4sv5 is Standard_D4s_v5, not Standard_D4_v5, although both are
// one edit away), else the nearest by edit distance ignoring case.
func Closest(name string, candidates []string) string {
	if bare := unseparated(name); bare != "" {
		match := ""
		for _, c := range candidates {
			if unseparated(c) == bare {
				if match != "" {
					match = ""
					break // ambiguous: let the distance decide
				}
				match = c
			}
		}
		if match != "" {
			return match
		}
	}
	best, bestD := "", len(name)/3+1
	ln := strings.ToLower(name)
	for _, c := range candidates {
		if d := distance(ln, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// unseparated is name in lower case without _ - . and spaces.
func unseparated(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', ' ':
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}

// distance is the Levenshtein distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Data is the catalogue as plain values, for Rego policies
// (data.poollint.catalog): azure_vm_sizes by lower-case name, with unknown
// facts left out, and eks_max_pods by instance type.
func Data() map[string]any {
	loadOnce.Do(load)
	vms := make(map[string]any, len(vmSizes))
	for k, v := range vmSizes {
		m := map[string]any{"name": v.Name}
		put := func(key string, f *float64) {
			if f != nil {
				m[key] = *f
			}
		}
		put("vcpus", v.VCPUs)
		put("memory_gib", v.MemoryGiB)
		put("cache_gib", v.CacheGiB)
		put("temp_gib", v.TempGiB)
		put("nvme_gib", v.NvmeGiB)
		put("gpus", v.GPUs)
		if v.EphemeralOS != nil {
			m["ephemeral_os"] = *v.EphemeralOS
		}
		if v.AcceleratedNetwork != nil {
			m["accelerated_networking"] = *v.AcceleratedNetwork
		}
		if v.Arch != "" {
			m["arch"] = v.Arch
		}
		vms[k] = m
	}
	pods := make(map[string]any, len(maxPods))
	for k, n := range maxPods {
		pods[k] = n
	}
	return map[string]any{"azure_vm_sizes": vms, "eks_max_pods": pods}
}
