package nodepool

// ApplyDefaults fills fields the source leaves unset with the platform's
// documented default, marked with Origin "default" so rules and messages can
// tell. It is the only place defaults are decided.
func ApplyDefaults(c *Cluster) {
	if c.Pools == nil {
		c.Pools = []*Pool{} // "pools": [] rather than null for Rego and JSON readers
	}
	if c.Provider != Azure || c.Partial {
		applyPoolDefaults(c)
		return
	}
	// AKS: networkProfile.loadBalancerSku defaults to standard.
	setDefault(&c.LoadBalancerSKU, "standard", c.Pos)
	applyPoolDefaults(c)
}

func applyPoolDefaults(c *Cluster) {
	if c.Provider == AWS {
		for _, p := range c.Pools {
			setDefault(&p.Priority, PriorityRegular, p.Pos) // capacity type ON_DEMAND
		}
		return
	}
	if c.Provider != Azure {
		return
	}
	for _, p := range c.Pools {
		setDefault(&p.Priority, PriorityRegular, p.Pos)
		setDefault(&p.OSType, "Linux", p.Pos)
		setDefault(&p.VMSetType, "VirtualMachineScaleSets", p.Pos)
	}
}

func setDefault[T any](f *Field[T], v T, pos Pos) {
	if !f.Set {
		*f = Field[T]{Value: v, Known: true, Pos: pos, Origin: OriginDefault}
	}
}
