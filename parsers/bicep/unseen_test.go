package bicep

import "testing"

// Bicep's any() only changes a value's type for the compiler (bicep build
// writes its argument unchanged): the value passes through, as in the CARML
// agent pool module's `osDiskType: !empty(osDiskType) ? any(osDiskType) : null`.
func TestAnyPassesItsValue(t *testing.T) {
	res := translateSource(t, `
param priority string = 'Spot'
param diskType string = 'Ephemeral'
`+cluster(`        scaleSetPriority: !empty(priority) ? any(priority) : null
        osDiskType: any(diskType)
        vmSize: any(reference('x').size)`))
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pools) != 1 {
		t.Fatalf("clusters %+v diags %+v", res.Clusters, res.Diags)
	}
	p := res.Clusters[0].Pools[0]
	if !p.Priority.Known || p.Priority.Value != "Spot" {
		t.Errorf("priority %+v, want Spot", p.Priority)
	}
	if !p.OSDiskType.Known || p.OSDiskType.Value != "Ephemeral" {
		t.Errorf("osDiskType %+v, want Ephemeral", p.OSDiskType)
	}
	if p.VMSize.Known {
		t.Errorf("vmSize %+v: any() of an unknown value must stay unknown", p.VMSize)
	}
}
