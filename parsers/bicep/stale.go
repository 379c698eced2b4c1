package bicep

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers"
)

// A compiled main.json beside main.bicep is what poollint checks, but git
// keeps no file times: nothing tells whether it was rebuilt after the last
// change to the source. So the source is read too (poollint's own
// translation) and the two readings are compared: a pool, or a property of
// a pool or cluster, that the Bicep declares and the JSON lacks or gives
// another value means the JSON is older than its source. Only what both
// readings know is compared: the translation leaves unknown what it cannot
// follow, and that is never a disagreement.

// maxStaleNotes bounds the disagreements reported for one file; the rest
// are counted in the last note.
const maxStaleNotes = 10

// staleNotes compares the clusters read from the compiled template with
// those of the translation of the source in, and returns a note for each
// disagreement, at the Bicep line of what the source declares.
func staleNotes(in *parsers.Input, ld *loader, compiledPath string, compiled []*nodepool.Cluster) []parsers.Diagnostic {
	// Only clusters of the compiled template with a key are compared:
	// without one (a name left to a parameter, as in most modules), the
	// translation could find no disagreement and is not made.
	if !slices.ContainsFunc(compiled, func(c *nodepool.Cluster) bool { _, ok := clusterKey(c); return ok }) {
		return nil
	}
	native := translateAndParse(in, ld, "")
	if ld.cut() != nil {
		return nil
	}
	json, src := filepath.Base(compiledPath), filepath.Base(in.Path)
	var notes []parsers.Diagnostic
	add := func(pos nodepool.Pos, format string, args ...any) {
		if pos.File == "" {
			pos = nodepool.Pos{File: in.Path, Line: 1, Col: 1}
		}
		notes = append(notes, parsers.Notef(pos, "%s is older than %s or differs from it: %s; poollint checks %s (rebuild it: bicep build %s)",
			json, src, fmt.Sprintf(format, args...), json, src))
	}
	// cmp reports a property the source writes (known, not a default)
	// that the compiled template lacks or gives another known value.
	cmp := func(what string, f fieldPair) {
		n, c := f.native, f.compiled
		switch {
		case !n.known || !n.set || n.dflt:
		case !c.set || c.dflt:
			add(n.pos, "%s sets %s of %s to %s, which %s lacks", src, f.name, what, n.value, json)
		case c.known && c.value != n.value:
			add(n.pos, "%s of %s is %s in %s, %s in %s", f.name, what, n.value, src, c.value, json)
		}
	}
	byKey := map[string][]*nodepool.Cluster{}
	for _, c := range compiled {
		if k, ok := clusterKey(c); ok {
			byKey[k] = append(byKey[k], c)
		}
	}
	for _, nc := range native.Clusters {
		k, ok := clusterKey(nc)
		if !ok || len(byKey[k]) == 0 {
			continue // a cluster the JSON names otherwise (or not at all): not compared
		}
		cc := byKey[k][0]
		byKey[k] = byKey[k][1:]
		name := nc.Name.Value
		cl := fmt.Sprintf("cluster %q", name)
		cmp(cl, fieldPair{"kubernetesVersion", text(nc.KubernetesVersion), text(cc.KubernetesVersion)})
		cmp(cl, fieldPair{"networkPlugin", text(nc.NetworkPlugin), text(cc.NetworkPlugin)})
		cmp(cl, fieldPair{"loadBalancerSku", text(nc.LoadBalancerSKU), text(cc.LoadBalancerSKU)})
		pools := map[string]*nodepool.Pool{}
		for _, p := range cc.Pools {
			if p.Name.Known {
				pools[strings.ToLower(p.Name.Value)] = p
			}
		}
		for _, np := range nc.Pools {
			if !np.Name.Known {
				continue
			}
			cp := pools[strings.ToLower(np.Name.Value)]
			what := fmt.Sprintf("pool %q of cluster %q", np.Name.Value, name)
			if cp == nil {
				if !cc.PoolsUnknown {
					add(np.Pos, "%s declares %s, which %s lacks", src, what, json)
				}
				continue
			}
			for _, f := range poolFieldsOf(np, cp) {
				cmp(what, f)
			}
		}
	}
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Pos.Line < notes[j].Pos.Line })
	if len(notes) > maxStaleNotes {
		more := len(notes) - maxStaleNotes
		notes = append(notes[:maxStaleNotes], parsers.Notef(nodepool.Pos{File: in.Path, Line: 1, Col: 1},
			"%d more differences between %s and %s", more, json, src))
	}
	return notes
}

// clusterKey pairs the clusters of the two readings: by name and by the
// parameter file the deployment was read with.
func clusterKey(c *nodepool.Cluster) (string, bool) {
	if !c.Name.Known || c.Partial {
		return "", false
	}
	variant := ""
	if i := strings.LastIndex(c.ID, "@"); i >= 0 {
		variant = c.ID[i:]
	}
	return strings.ToLower(c.Name.Value) + variant, true
}

// fieldPair is one property of a pool in both readings, as text.
type fieldPair struct {
	name             string
	native, compiled textField
}

// textField is a field's value as text, with what compareField needs.
type textField struct {
	value      string
	known, set bool
	dflt       bool // the platform's default, not written
	pos        nodepool.Pos
}

func text[T any](f nodepool.Field[T]) textField {
	return textField{value: fmt.Sprint(f.Value), known: f.Known, set: f.Set, dflt: f.Origin == nodepool.OriginDefault, pos: f.Pos}
}

func poolFieldsOf(n, c *nodepool.Pool) []fieldPair {
	return []fieldPair{
		{"mode", text(n.Mode), text(c.Mode)},
		{"vmSize", text(n.VMSize), text(c.VMSize)},
		{"osType", text(n.OSType), text(c.OSType)},
		{"osSKU", text(n.OSSKU), text(c.OSSKU)},
		{"count", text(n.Count), text(c.Count)},
		{"minCount", text(n.MinCount), text(c.MinCount)},
		{"maxCount", text(n.MaxCount), text(c.MaxCount)},
		{"enableAutoScaling", text(n.AutoScaling), text(c.AutoScaling)},
		{"scaleSetPriority", text(n.Priority), text(c.Priority)},
		{"osDiskType", text(n.OSDiskType), text(c.OSDiskType)},
		{"osDiskSizeGB", text(n.OSDiskSizeGB), text(c.OSDiskSizeGB)},
		{"maxPods", text(n.MaxPods), text(c.MaxPods)},
		{"orchestratorVersion", text(n.OrchestratorVersion), text(c.OrchestratorVersion)},
		{"maxSurge", text(n.MaxSurge), text(c.MaxSurge)},
	}
}
