package armexpr

import (
	"reflect"
	"testing"

	"github.com/poollint/poollint/parsers/internal/conv"
)

// TestContainsKeyOfPartlyUnknownObject: whether an object has a key depends
// on its keys only, so contains() answers even when another property of the
// object is unknown (a pool object whose subnet is a module output, passed
// through a module that reads each property with contains(pool, 'x') ?
// pool.x : default). Arrays answer true when a known element matches and stay
// unknown when no known element does but some element is unknown.
func TestContainsKeyOfPartlyUnknownObject(t *testing.T) {
	pool := map[string]any{"name": "user1", "vmSize": "Standard_D4s_v5", "vnetSubnetID": Unknown}
	ev := &Evaluator{Scope: mapScope{params: map[string]any{
		"pool":  pool,
		"zones": []any{"1", Unknown},
	}}}
	cases := []struct {
		src  string
		want any
	}{
		{"[contains(parameters('pool'), 'vmSize')]", true},
		{"[contains(parameters('pool'), 'VMSIZE')]", true},
		{"[contains(parameters('pool'), 'osSku')]", false},
		{"[contains(parameters('pool'), 'vnetSubnetID')]", true},
		{"[if(contains(parameters('pool'), 'vmSize'), parameters('pool').vmSize, 'Standard_D2s_v3')]", "Standard_D4s_v5"},
		{"[if(contains(parameters('pool'), 'osSku'), parameters('pool').osSku, 'Ubuntu')]", "Ubuntu"},
		{"[contains(parameters('pool'), reference('x').key)]", Unknown},
		{"[contains(parameters('zones'), '1')]", true},
		{"[contains(parameters('zones'), '2')]", Unknown},
		{"[contains(parameters('missing'), 'vmSize')]", Unknown},
		{"[contains('abc', reference('x').s)]", Unknown},
	}
	for _, c := range cases {
		got, err := ev.EvalString(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if c.want == Unknown {
			// Unknown for whatever reason the operands carry.
			if !conv.IsUnknown(got) {
				t.Errorf("%s = %#v, want unknown", c.src, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.src, got, c.want)
		}
	}
}
