package ignore

import (
	"reflect"
	"testing"

	"github.com/poollint/poollint/nodepool"
)

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		want      []nodepool.IgnoreComment
	}{
		{"main.tf", "a = 1 # poollint:ignore PL002 legacy, planned\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.tf", Line: 1, Col: 9}, Rules: []string{"PL002"}, Reason: "legacy, planned"}}},
		{"main.tf", "x = 1\n  // poollint:ignore PL001,reserved-label-prefix\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.tf", Line: 2, Col: 6}, Rules: []string{"PL001", "reserved-label-prefix"}, Alone: true}}},
		{"p.yaml", "  # poollint:ignore all vendor\r\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "p.yaml", Line: 1, Col: 5}, Rules: []string{"all"}, Reason: "vendor", Alone: true}}},
		{"main.bicep", "  count: 1 // poollint:ignore PL006 one is enough\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.bicep", Line: 1, Col: 15}, Rules: []string{"PL006"}, Reason: "one is enough"}}},
		{"a.json", `  "x": 1 // poollint:ignore PL001 r` + "\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "a.json", Line: 1, Col: 13}, Rules: []string{"PL001"}, Reason: "r"}}},
		// Not comments in their syntax, or not comments at all.
		{"p.yaml", "a: 1 // poollint:ignore PL001\n", nil},
		{"a.json", `  "poollint:ignore": {"PL001": "metadata is read by the ARM parser"}` + "\n", nil},
		{"main.bicep", "x: 1 # poollint:ignore PL001\n", nil},
		// Malformed: kept, with the problem.
		{"main.tf", "# poollint:ignore\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.tf", Line: 1, Col: 3}, Alone: true, Problem: "bare poollint:ignore: name the rules it silences (poollint:ignore PL001[,PL002] reason, or all)"}}},
		{"main.tf", "# poollint:ignore:PL001\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.tf", Line: 1, Col: 3}, Alone: true, Problem: "malformed poollint:ignore: write poollint:ignore RULE[,RULE] reason, with a space after poollint:ignore"}}},
		{"main.tf", "# poollint:ignore PL001,,PL002\n", []nodepool.IgnoreComment{{Pos: nodepool.Pos{File: "main.tf", Line: 1, Col: 3}, Alone: true, Problem: `malformed poollint:ignore: "PL001,,PL002" is not a comma-separated list of rule IDs or names`}}},
	} {
		if got := Scan(tc.file, []byte(tc.src)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %q:\n got %+v\nwant %+v", tc.file, tc.src, got, tc.want)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add("main.tf", "# poollint:ignore PL001 r\n")
	f.Add("a.yaml", "#poollint:ignore")
	f.Fuzz(func(t *testing.T, file, src string) {
		for _, c := range Scan(file, []byte(src)) {
			if c.Pos.Line < 1 || (c.Problem == "") == (len(c.Rules) == 0) {
				t.Fatalf("%+v", c)
			}
		}
	})
}
