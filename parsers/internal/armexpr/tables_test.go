package armexpr

import "testing"

// TestFunctionTables: init builds both tables with the functions of every
// file (eval.go, ids.go, lambda.go), whatever order Go initialises files in.
func TestFunctionTables(t *testing.T) {
	for _, name := range []string{"concat", "tolower", "resourceid", "uniquestring", "guid", "filter", "map", "reduce", "copyindex"} {
		if funcs[name] == nil {
			t.Errorf("%s missing from funcs", name)
		}
	}
	for _, name := range []string{"if", "lambda"} {
		if lazyFuncs[name] == nil {
			t.Errorf("%s missing from lazyFuncs", name)
		}
	}
}
