package yaml

import (
	"cmp"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
	"github.com/poollint/poollint/parsers/internal/conv"
)

// readPool reads the settings of an infrastructure object (or of the
// object a template describes) into a pool. spec is its spec; meta its
// metadata, for a template what templateMeta returns.
func (r *capiResolver) readPool(p *nodepool.Pool, kind string, spec, meta *node) {
	switch kind {
	case "AzureManagedMachinePool", "AzureManagedMachinePoolTemplate":
		r.azureManagedPool(p, spec, meta)
	case "AzureASOManagedMachinePool", "AzureASOManagedMachinePoolTemplate":
		r.asoManagedPool(p, kind, spec)
	case "AWSManagedMachinePool", "AWSManagedMachinePoolTemplate":
		r.awsManagedPool(p, spec, meta)
	case "AzureMachinePool":
		p.Name = r.g.str(meta.get("name"))
		r.azureMachine(p, spec.get("template"))
		if ru := spec.path("strategy", "rollingUpdate"); ru != nil {
			p.MaxSurge = intOrString(ru.get("maxSurge"))
			p.MaxUnavailable = intOrString(ru.get("maxUnavailable"))
		}
	case "AzureMachineTemplate":
		r.azureMachine(p, spec)
	case "AWSMachinePool", "AWSMachinePoolTemplate":
		if meta != nil {
			p.Name = r.g.str(meta.get("name"))
		}
		r.awsMachinePool(p, spec)
	case "AWSMachineTemplate":
		r.awsMachine(p, spec)
	case "ROSAMachinePool":
		r.rosaPool(p, spec)
	}
	// The providers' create webhooks, on the object as written (or as a
	// ClusterClass patches it).
	capaChecks(p, kind, spec)
	capzChecks(p, kind, spec)
}

// templateMeta is the metadata readPool takes for template t: nil, as a
// template's own name is not its pools', except for CAPZ's
// AzureManagedMachinePoolTemplate, whose defaulting webhook sets an absent
// spec.template.spec.name to the template's name (azuremanagedmachinepooltemplate_webhook.go,
// v1.26.0), which every pool cloned from it then takes.
func templateMeta(t *capiDoc) *node {
	if t.kind == "AzureManagedMachinePoolTemplate" {
		return t.meta
	}
	return nil
}

// azureManagedPool reads CAPZ's AzureManagedMachinePool (an AKS agent
// pool).
func (r *capiResolver) azureManagedPool(p *nodepool.Pool, spec, meta *node) {
	g := r.g
	// CAPZ's defaulting webhook names the agent pool after the object (a
	// template after itself) when spec.name is absent or "".
	name := spec.get("name")
	if name == nil || isEmptyStr(name) {
		name = firstNode(meta.get("name"), name)
	}
	p.Name = g.str(name)
	p.Mode = g.str(spec.get("mode"))
	p.VMSize = g.str(spec.get("sku"))
	p.OSType = g.str(spec.get("osType"))
	p.OSDiskType = g.str(spec.get("osDiskType"))
	p.OSDiskSizeGB = g.integer(spec.get("osDiskSizeGB"))
	p.Priority = g.str(spec.get("scaleSetPriority"))
	p.SpotMaxPrice = conv.Float(literal(spec.get("spotMaxPrice"))) // a resource.Quantity: number or string
	p.Labels = g.labels(spec.get("nodeLabels"), nil)
	p.Taints = g.taints(spec.get("taints"), nil, "key", "value", "effect")
	p.Zones = g.strs(spec.get("availabilityZones"))
	p.MaxPods = g.integer(spec.get("maxPods"))
	p.MinCount = g.integer(spec.path("scaling", "minSize"))
	p.MaxCount = g.integer(spec.path("scaling", "maxSize"))
	if spec.get("scaling") != nil {
		p.AutoScaling = nodepool.Known(true, spec.get("scaling").pos, nodepool.OriginLiteral)
	}
	p.Schema, p.Settings = nodepool.SchemaCAPZ, settings(spec, nil, false)
}

// asoManagedPool reads CAPZ's AzureASOManagedMachinePool: the first
// ManagedClustersAgentPool of spec.resources, read as ASO's.
func (r *capiResolver) asoManagedPool(p *nodepool.Pool, kind string, spec *node) {
	ap := embedded(spec, "ManagedClustersAgentPool")
	if ap == nil {
		// A template's resources may come from its ClusterClass's
		// patches; an object without one is rejected by CAPZ.
		if !strings.HasSuffix(kind, "Template") && !isUnknown(spec.get("resources")) {
			r.g.note(p.Pos, "%s has no containerservice.azure.com ManagedClustersAgentPool in spec.resources, which CAPZ requires: its settings are unknown", kind)
		}
		unknownInfra(p, p.Pos, "spec.resources has no ManagedClustersAgentPool")
		return
	}
	apSpec := ap.get("spec")
	q := r.g.azurePool(apSpec, p.ID, firstNode(apSpec.get("azureName"), ap.path("metadata", "name")), p.Pos)
	*p = *q
}

// awsManagedPool reads CAPA's AWSManagedMachinePool (an EKS managed node
// group).
func (r *capiResolver) awsManagedPool(p *nodepool.Pool, spec, meta *node) {
	g := r.g
	p.Name = g.str(firstNode(spec.get("eksNodegroupName"), meta.get("name")))
	p.Labels = g.labels(spec.get("labels"), nil)
	p.Taints = r.capaTaints(spec.get("taints"))
	p.OSSKU = g.str(spec.get("amiType"))
	p.OSDiskSizeGB = g.integer(spec.get("diskSize"))
	p.MinCount = g.integer(spec.path("scaling", "minSize"))
	p.MaxCount = g.integer(spec.path("scaling", "maxSize"))
	if it := firstNode(spec.get("instanceType"), spec.path("awsLaunchTemplate", "instanceType")); it != nil {
		p.InstanceTypes = g.one(it)
	}
	if az := spec.get("availabilityZones"); present(az) {
		p.Zones = g.strs(az)
	}
	if ct := g.str(spec.get("capacityType")); ct.Set {
		p.Priority = ct
		if ct.Known {
			p.Priority.Value = map[string]string{"spot": nodepool.PrioritySpot, "onDemand": nodepool.PriorityRegular}[ct.Value]
			if p.Priority.Value == "" {
				p.Priority.Value = ct.Value
			}
		}
	}
	p.MaxUnavailable, p.UnavailableBoth = g.updateConfig(spec.get("updateConfig"))
}

// capaEffects are the taint effects of CAPA's managed machine pools (its
// CRD takes only these) in Kubernetes' spelling.
var capaEffects = map[string]string{"no-schedule": "NoSchedule", "no-execute": "NoExecute", "prefer-no-schedule": "PreferNoSchedule"}

// capaTaints reads an AWSManagedMachinePool's taints, whose effects CAPA
// spells no-schedule, no-execute and prefer-no-schedule.
func (r *capiResolver) capaTaints(n *node) nodepool.Field[[]nodepool.Taint] {
	f := r.g.taints(n, nil, "key", "value", "effect")
	if f.Value == nil {
		return f
	}
	f.Value = append([]nodepool.Taint{}, f.Value...)
	for i, t := range f.Value {
		if e, ok := capaEffects[t.Effect]; ok {
			f.Value[i].Effect = e
			continue
		}
		if t.Effect != "" {
			r.g.errorf(t.Pos, "taint effect %q: CAPA's AWSManagedMachinePool takes no-schedule, no-execute or prefer-no-schedule, and the API server rejects anything else", t.Effect)
		}
	}
	return f
}

// azureMachine reads CAPZ's machine spec (AzureMachineTemplate's
// spec.template.spec, AzureMachinePool's spec.template): a self-managed
// node's VM.
func (r *capiResolver) azureMachine(p *nodepool.Pool, s *node) {
	g := r.g
	if s == nil {
		return
	}
	p.VMSize = g.str(s.get("vmSize"))
	osd := s.get("osDisk")
	p.OSType = g.str(osd.get("osType"))
	p.OSDiskSizeGB = g.integer(osd.get("diskSizeGB"))
	if opt := osd.path("diffDiskSettings", "option"); present(opt) {
		p.OSDiskType = g.str(opt)
		if p.OSDiskType.Known {
			// Local is the only option: an ephemeral OS disk.
			p.OSDiskType.Known = p.OSDiskType.Value == "Local"
			p.OSDiskType.Value = map[bool]string{true: "Ephemeral"}[p.OSDiskType.Known]
		}
	}
	if spot := s.get("spotVMOptions"); present(spot) {
		p.Priority = nodepool.Known(nodepool.PrioritySpot, spot.pos, nodepool.OriginLiteral)
		p.SpotMaxPrice = conv.Float(literal(spot.get("maxPrice")))
		p.EvictionPolicy = g.str(spot.get("evictionPolicy"))
	}
	if fd := s.get("failureDomain"); present(fd) {
		p.Zones = g.one(fd)
	}
}

// awsMachine reads CAPA's AWSMachineTemplate spec.template.spec: a
// self-managed node's EC2 instance.
func (r *capiResolver) awsMachine(p *nodepool.Pool, s *node) {
	g := r.g
	if s == nil {
		return
	}
	if it := s.get("instanceType"); it != nil {
		p.InstanceTypes = g.one(it)
	}
	p.OSDiskSizeGB = g.integer(s.path("rootVolume", "size"))
	r.awsMarket(p, s)
	if fd := s.get("failureDomain"); present(fd) { // v1alpha3
		p.Zones = g.one(fd)
	}
}

// awsMarket reads an instance's market: Spot with spotMarketOptions or
// marketType Spot.
func (r *capiResolver) awsMarket(p *nodepool.Pool, s *node) {
	if spot := s.get("spotMarketOptions"); present(spot) {
		p.Priority = nodepool.Known(nodepool.PrioritySpot, spot.pos, nodepool.OriginLiteral)
		return
	}
	if mt := r.g.str(s.get("marketType")); mt.Set {
		p.Priority = mt
		if mt.Known {
			p.Priority.Value = map[string]string{"Spot": nodepool.PrioritySpot, "OnDemand": nodepool.PriorityRegular, "CapacityBlock": nodepool.PriorityRegular}[mt.Value]
			p.Priority.Known = p.Priority.Value != ""
		}
	}
}

// awsMachinePool reads CAPA's AWSMachinePool (a self-managed Auto Scaling
// group).
func (r *capiResolver) awsMachinePool(p *nodepool.Pool, spec *node) {
	g := r.g
	p.MinCount = g.integer(spec.get("minSize"))
	p.MaxCount = g.integer(spec.get("maxSize"))
	if az := spec.get("availabilityZones"); present(az) {
		p.Zones = g.strs(az)
	}
	lt := spec.get("awsLaunchTemplate")
	if it := lt.get("instanceType"); it != nil {
		p.InstanceTypes = g.one(it)
	}
	p.OSDiskSizeGB = g.integer(lt.path("rootVolume", "size"))
	r.awsMarket(p, lt)
	mip := spec.get("mixedInstancesPolicy")
	if !present(mip) {
		return
	}
	if ov := mip.get("overrides"); present(ov) {
		// The overrides' types replace the launch template's.
		f := nodepool.Field[[]string]{Set: true, Known: ov.kind == yamlv3.SequenceNode, Pos: ov.pos, Origin: nodepool.OriginLiteral, Value: []string{}}
		if !f.Known {
			f.SetWhy("the overrides are not a list", nodepool.Pos{})
		}
		for _, o := range itemsOf(ov) {
			if s := g.str(o.get("instanceType")); s.Known {
				f.Value = append(f.Value, s.Value)
			} else {
				if f.Known {
					f.SetWhy(cmp.Or(s.Why, "an override has no instance type"), s.WhyPos)
				}
				f.Known = false
			}
		}
		p.InstanceTypes = f
	}
	if od := g.integer(mip.path("instancesDistribution", "onDemandPercentageAboveBaseCapacity")); od.Known {
		p.Priority = nodepool.Known(nodepool.PriorityMixed, od.Pos, nodepool.OriginLiteral)
		switch od.Value {
		case 0:
			p.Priority.Value = nodepool.PrioritySpot
		case 100:
			p.Priority.Value = nodepool.PriorityRegular
		}
	}
}

// rosaPool reads CAPA's ROSAMachinePool (an OpenShift node pool).
func (r *capiResolver) rosaPool(p *nodepool.Pool, spec *node) {
	g := r.g
	p.Name = g.str(spec.get("nodePoolName"))
	if it := spec.get("instanceType"); it != nil {
		p.InstanceTypes = g.one(it)
	}
	p.Labels = g.labels(spec.get("labels"), nil)
	p.Taints = g.taints(spec.get("taints"), nil, "key", "value", "effect")
	if az := spec.get("availabilityZone"); present(az) {
		p.Zones = g.one(az)
	}
	if as := spec.get("autoscaling"); present(as) {
		p.MinCount = g.integer(as.get("minReplicas"))
		p.MaxCount = g.integer(as.get("maxReplicas"))
		p.AutoScaling = nodepool.Known(true, as.pos, nodepool.OriginLiteral)
	}
	p.OSDiskSizeGB = g.integer(spec.get("volumeSize"))
}

// intOrString reads a Kubernetes IntOrString (2 or "25%").
func intOrString(n *node) nodepool.Field[string] { return conv.Str(literal(n)) }

// readBootstrap reads the labels and taints a bootstrap config's spec
// gives the kubelet: kubeadm's nodeRegistration (kubeletExtraArgs
// node-labels and register-with-taints, and taints), EKSConfig's
// kubeletExtraArgs, NodeadmConfig's kubelet flags.
func (r *capiResolver) readBootstrap(p *nodepool.Pool, kind string, spec *node) {
	g := r.g
	var labels, taints *node
	switch strings.TrimSuffix(kind, "Template") {
	case "KubeadmConfig":
		nr := spec.path("joinConfiguration", "nodeRegistration")
		args := nr.get("kubeletExtraArgs")
		labels, taints = kubeletArg(args, "node-labels"), kubeletArg(args, "register-with-taints")
		if taints == nil && present(nr.get("taints")) {
			// kubeadm passes these to the kubelet as --register-with-taints.
			p.Taints = mergeTaints(p.Taints, g.taints(nr.get("taints"), nil, "key", "value", "effect"))
		}
	case "EKSConfig":
		args := spec.get("kubeletExtraArgs")
		labels, taints = kubeletArg(args, "node-labels"), kubeletArg(args, "register-with-taints")
	case "NodeadmConfig":
		kubelet := spec.get("kubelet")
		for _, f := range itemsOf(kubelet.get("flags")) {
			s := strings.TrimLeft(f.str(), "-")
			switch {
			case strings.HasPrefix(s, "node-labels="):
				labels = flagValue(f, "node-labels=")
			case strings.HasPrefix(s, "register-with-taints="):
				taints = flagValue(f, "register-with-taints=")
			}
		}
		if t := kubelet.path("config", "registerWithTaints"); taints == nil && present(t) {
			p.Taints = mergeTaints(p.Taints, g.taints(t, nil, "key", "value", "effect"))
		}
	}
	if labels != nil {
		p.Labels = r.kubeletLabels(labels)
	}
	if taints != nil {
		p.Taints = mergeTaints(p.Taints, r.kubeletTaints(taints))
	}
}

// kubeletArg finds a kubelet argument in kubeletExtraArgs: a map (up to
// Cluster API v1beta1) or a list of {name, value} (v1beta2), where the
// last of a repeated argument wins as on the kubelet's command line.
func kubeletArg(args *node, name string) *node {
	if args == nil {
		return nil
	}
	if args.kind == yamlv3.MappingNode {
		return args.get(name)
	}
	var found *node
	for _, a := range itemsOf(args) {
		if a.get("name").str() == name {
			found = a.get("value")
		}
	}
	return found
}

// flagValue is the value of a --flag=value string, as a node at the flag.
func flagValue(f *node, prefix string) *node {
	s := f.value
	i := strings.Index(s, prefix)
	v := &node{kind: yamlv3.ScalarNode, value: s[i+len(prefix):], pos: f.pos, name: strings.TrimSuffix(prefix, "="), unknown: f.unknown}
	return v
}

// kubeletLabels reads the kubelet's --node-labels: key=value pairs
// separated by commas.
func (r *capiResolver) kubeletLabels(n *node) nodepool.Field[[]nodepool.Label] {
	s := r.g.str(n)
	f := nodepool.Field[[]nodepool.Label]{Set: s.Set, Pos: s.Pos, Origin: s.Origin, From: s.From, Why: s.Why, WhyPos: s.WhyPos}
	if !s.Known {
		return f
	}
	f.Known, f.Value = true, []nodepool.Label{}
	for _, item := range strings.Split(s.Value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			r.g.note(n.pos, "node-labels: %q is not key=value, and the kubelet refuses to start with it", item)
			f.Known = false
			f.SetWhy("a node label is not key=value", nodepool.Pos{})
			continue
		}
		f.Value = append(f.Value, nodepool.Label{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v), ValueKnown: true, Pos: s.Pos})
	}
	return f
}

// kubeletTaints reads the kubelet's --register-with-taints:
// key=value:Effect items separated by commas.
func (r *capiResolver) kubeletTaints(n *node) nodepool.Field[[]nodepool.Taint] {
	s := r.g.str(n)
	f := nodepool.Field[[]nodepool.Taint]{Set: s.Set, Pos: s.Pos, Origin: s.Origin, From: s.From, Why: s.Why, WhyPos: s.WhyPos}
	if !s.Known {
		return f
	}
	f.Known, f.Value = true, []nodepool.Taint{}
	for _, item := range strings.Split(s.Value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			f.Value = append(f.Value, nodepool.ParseTaint(item, s.Pos))
		}
	}
	return f
}
