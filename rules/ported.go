package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/poollint/poollint/nodepool"
)

// A fieldCheck is one row of a ported validator's table: a setting of one
// schema (nodepool.Pool.Settings) and the enum, range or pattern the
// validator holds it to. A row fires only on a known value of the right
// type: an unresolved or differently typed value is left alone (the
// validator's own type check is not ours to repeat).
type fieldCheck struct {
	// path is the setting in the schema's spelling; "[]" stands for any
	// index ("taint[].effect"). Paths of the AKS schema are matched
	// ignoring case, as ARM reads property names.
	path string
	// enum lists the allowed strings; fold compares them ignoring case.
	enum []string
	fold bool
	// min and max bound an integer (hasMin/hasMax say which apply).
	min, max       int64
	hasMin, hasMax bool
	// pattern must match a string; patternDoc says in words what it wants.
	pattern    *regexp.Regexp
	patternDoc string
	// maxLen bounds a string's length; minItems a list's.
	maxLen   int
	minItems int
	// skipEmpty leaves "" alone (Terraform plans write unset strings so).
	skipEmpty bool
}

func between(path string, lo, hi int64) fieldCheck {
	return fieldCheck{path: path, min: lo, max: hi, hasMin: true, hasMax: true}
}

func atLeast(path string, lo int64) fieldCheck {
	return fieldCheck{path: path, min: lo, hasMin: true}
}

func oneOf(path string, values ...string) fieldCheck {
	return fieldCheck{path: path, enum: values, skipEmpty: true}
}

func oneOfFold(path string, values ...string) fieldCheck {
	return fieldCheck{path: path, enum: values, fold: true, skipEmpty: true}
}

func matching(path, pattern, doc string) fieldCheck {
	return fieldCheck{path: path, pattern: regexp.MustCompile(pattern), patternDoc: doc}
}

// settingsAt returns the settings a path names, sorted by path: one for a
// plain path, every index for a path with "[]".
func settingsAt(s nodepool.Settings, path string, fold bool) []string {
	if !strings.Contains(path, "[]") {
		if fold {
			path = strings.ToLower(path)
		}
		if _, ok := s[path]; ok {
			return []string{path}
		}
		return nil
	}
	re := wildcard(path, fold)
	var out []string
	for k := range s {
		if re.MatchString(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

var wildcards sync.Map // path and fold -> *regexp.Regexp

// wildcard compiles a path with "[]" into a pattern matching any index,
// once per path.
func wildcard(path string, fold bool) *regexp.Regexp {
	key := fmt.Sprint(fold, path)
	if re, ok := wildcards.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	pat := "^" + strings.ReplaceAll(regexp.QuoteMeta(path), `\[\]`, `\[\d+\]`) + "$"
	if fold {
		pat = "(?i)" + pat
	}
	re := regexp.MustCompile(pat)
	wildcards.Store(key, re)
	return re
}

var (
	indexRE      = regexp.MustCompile(`\[\d+\]`)
	emptyIndexRE = regexp.MustCompile(`\[\]`)
)

// problem returns what is wrong with a known value, or "".
func (fc fieldCheck) problem(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" && fc.skipEmpty {
			return ""
		}
		if fc.enum != nil {
			for _, e := range fc.enum {
				if x == e || (fc.fold && strings.EqualFold(x, e)) {
					return ""
				}
			}
			for _, e := range fc.enum {
				if strings.EqualFold(x, e) {
					return fmt.Sprintf("%q is not one of the allowed values (spelled exactly); did you mean %q?", x, e)
				}
			}
			if len(fc.enum) > 8 {
				return fmt.Sprintf("%q is not one of the %d allowed values (%s, …)", x, len(fc.enum), strings.Join(fc.enum[:4], ", "))
			}
			return fmt.Sprintf("%q is not one of %s", x, strings.Join(fc.enum, ", "))
		}
		if fc.pattern != nil && !fc.pattern.MatchString(x) {
			return fmt.Sprintf("%q %s", x, fc.patternDoc)
		}
		if fc.maxLen > 0 && len(x) > fc.maxLen {
			return fmt.Sprintf("%q is longer than %d characters", x, fc.maxLen)
		}
	case int64:
		switch {
		case fc.hasMin && fc.hasMax && (x < fc.min || x > fc.max):
			return fmt.Sprintf("%d is outside %d–%d", x, fc.min, fc.max)
		case fc.hasMin && !fc.hasMax && x < fc.min:
			return fmt.Sprintf("%d is below the minimum %d", x, fc.min)
		case fc.hasMax && !fc.hasMin && x > fc.max:
			return fmt.Sprintf("%d is above the maximum %d", x, fc.max)
		}
	case []any:
		if fc.minItems > 0 && len(x) < fc.minItems {
			return fmt.Sprintf("has %d entries; at least %d are required", len(x), fc.minItems)
		}
	}
	return ""
}

// checkTable applies rows to the pools whose settings use schema; source
// names the validator in messages.
func checkTable(p *Pass, schema, source string, rows []fieldCheck) {
	c := p.Cluster
	fold := schema == nodepool.SchemaAKS
	for _, pool := range c.Pools {
		if pool.Schema != schema || pool.Settings == nil {
			continue
		}
		for _, fc := range rows {
			for _, key := range settingsAt(pool.Settings, fc.path, fold) {
				f := pool.Settings[key]
				if !f.Known || (fromPlan(c) && zeroValue(f.Value)) {
					continue
				}
				if why := fc.problem(f.Value); why != "" {
					p.Report(at(f, pool), pool, key, "%s: %s %s (%s)", poolRef(c, pool), displayPath(key, fc.path, fold), why+sourceOf(f), source)
				}
			}
		}
	}
}

// fromPlan reports a cluster read from `terraform show -json`: its planned
// values passed the provider's validation already, and they hold state
// the user did not write (an Optional+Computed argument read back from the
// API, 0 and "" for unset arguments of nested blocks).
func fromPlan(c *nodepool.Cluster) bool { return c.Format == "terraform-plan" }

// zeroValue reports 0 or "", which a plan writes for an unset argument.
func zeroValue(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case int64:
		return x == 0
	case float64:
		return x == 0
	}
	return false
}

// displayPath spells a matched setting as the table does (the AKS schema's
// settings are kept lower-case), keeping the indexes of the match.
func displayPath(key, path string, fold bool) string {
	if !fold {
		return key
	}
	if !strings.Contains(path, "[]") {
		return path
	}
	idx := indexRE.FindAllString(key, -1)
	i := 0
	return emptyIndexRE.ReplaceAllStringFunc(path, func(string) string {
		if i < len(idx) {
			i++
			return idx[i-1]
		}
		return "[]"
	})
}

// sourceOf says where a setting's value came from, when not written in place.
func sourceOf(f nodepool.Field[any]) string {
	if s := f.Source(); s != "" {
		return " (" + s + ")"
	}
	return ""
}

// setting returns a pool's setting at path (case-folded for the AKS schema).
func setting(pool *nodepool.Pool, path string) nodepool.Field[any] {
	if pool.Settings == nil {
		return nodepool.Field[any]{}
	}
	if pool.Schema == nodepool.SchemaAKS {
		path = strings.ToLower(path)
	}
	return pool.Settings[path]
}

// str returns a known string setting.
func str(f nodepool.Field[any]) (string, bool) {
	s, ok := f.Value.(string)
	return s, f.Known && ok
}

// integer returns a known integer setting (Terraform and YAML may write
// numbers as strings).
func integer(f nodepool.Field[any]) (int64, bool) {
	if !f.Known {
		return 0, false
	}
	switch x := f.Value.(type) {
	case int64:
		return x, true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// boolean returns a known boolean setting.
func boolean(f nodepool.Field[any]) (bool, bool) {
	b, ok := f.Value.(bool)
	return b, f.Known && ok
}

// present reports a setting written with a value that is not null, "" or
// an empty list (Terraform's "not set" for the provider's schema).
func present(f nodepool.Field[any]) bool {
	if !f.Set {
		return false
	}
	if !f.Known {
		return true
	}
	switch x := f.Value.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return true
}
