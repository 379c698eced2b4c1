package yaml

import (
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// Karpenter's EC2NodeClass validation, ported from
// github.com/aws/karpenter-provider-aws v1.14.1 (pkg/apis/crds
// karpenter.k8s.aws_ec2nodeclasses.yaml: OpenAPI schema and CEL rules;
// pkg/apis/v1/ec2nodeclass_validation_cel_test.go is the test table). An
// EC2NodeClass is not a pool: what it fails is reported on the first
// NodePool of the file that uses it, at the EC2NodeClass's lines.

var (
	ec2AMIFamilies   = []string{"AL2", "AL2023", "Bottlerocket", "Custom", "Windows2019", "Windows2022", "Windows2025"}
	ec2AliasFamilies = map[string]string{"al2": "AL2", "al2023": "AL2023", "bottlerocket": "Bottlerocket", "windows2019": "Windows2019", "windows2022": "Windows2022", "windows2025": "Windows2025"}
	ec2AliasRE       = regexp.MustCompile(`^[a-zA-Z0-9]+@.+$`)
	ec2EvictionKeys  = []string{"memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"}
	ec2ReservedKeys  = []string{"cpu", "memory", "ephemeral-storage", "pid"}
	ec2VolumeTypes   = []string{"standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"}
	ec2AMIID         = regexp.MustCompile(`ami-[0-9a-z]+`) // unanchored, as the CRD's pattern
	ec2ReservationID = regexp.MustCompile(`^cr-[0-9a-z]+$`)
	ec2OwnerID       = regexp.MustCompile(`^[0-9]{12}$`)
)

// ec2NodeClass checks a karpenter.k8s.aws/v1 EC2NodeClass and keeps what
// it fails for the NodePools that use it.
func (g *grouper) ec2NodeClass(n *node) {
	name, rs, ok := checkEC2NodeClass(n)
	if !ok {
		return
	}
	// Kept even when it fails nothing: the class is declared here, so no
	// other file's class of that name is looked for.
	if g.nodeClassRejections == nil {
		g.nodeClassRejections = map[string][]nodepool.Rejection{}
	}
	g.nodeClassRejections[name] = rs
}

// checkEC2NodeClass runs the checks on a karpenter.k8s.aws/v1
// EC2NodeClass and returns its name and what it fails; ok is false for
// another version, a class without a known name, or a spec not read.
func checkEC2NodeClass(n *node) (name string, rs []nodepool.Rejection, ok bool) {
	if s, _ := vstr(n.get("apiVersion")); s != "karpenter.k8s.aws/v1" {
		return "", nil, false
	}
	name, ok = vstr(n.path("metadata", "name"))
	spec := n.get("spec")
	if !ok || !present(spec) || spec.kind != yamlv3.MappingNode || spec.unknown {
		return "", nil, false
	}
	holder := &nodepool.Pool{Pos: n.pos}
	v := newVcheck(holder, nodepool.ValidatorKarpenter, "EC2NodeClass/"+name+".spec")
	// A class with fewer than two of its three selector lists is likely a
	// kustomize patch: what it leaves out is not reported.
	lists := 0
	for _, f := range []string{"amiSelectorTerms", "securityGroupSelectorTerms", "subnetSelectorTerms"} {
		if spec.get(f) != nil {
			lists++
		}
	}
	whole := lists >= 2
	for _, f := range []string{"amiSelectorTerms", "securityGroupSelectorTerms", "subnetSelectorTerms"} {
		if whole && spec.get(f) == nil {
			v.reject(n.get("spec"), f, "spec.%s is required", f)
		}
	}
	role, profile := spec.get("role"), spec.get("instanceProfile")
	switch {
	case whole && role == nil && profile == nil:
		v.reject(n.get("spec"), "role", "an EC2NodeClass needs exactly one of role and instanceProfile, and has neither")
	case role != nil && profile != nil:
		v.reject(profile, "instanceProfile", "an EC2NodeClass takes exactly one of role and instanceProfile, not both")
	}
	for _, f := range []*node{role, profile} {
		if isEmptyStr(f) {
			v.reject(f, f.name, "%s cannot be empty", f.name)
		}
	}
	ec2AMITerms(v, spec, whole)
	ec2SelectorTerms(v, spec.get("subnetSelectorTerms"), "subnetSelectorTerms", []string{"tags", "id"})
	ec2SelectorTerms(v, spec.get("securityGroupSelectorTerms"), "securityGroupSelectorTerms", []string{"tags", "id", "name"})
	ec2CapacityReservations(v, spec.get("capacityReservationSelectorTerms"))
	ec2MetadataOptions(v, spec.get("metadataOptions"))
	ec2Tags(v, spec.get("tags"))
	ec2BlockDevices(v, spec.get("blockDeviceMappings"))
	ec2Kubelet(v, spec.get("kubelet"))
	ec2More(v, spec)
	return name, holder.Rejections, true
}

// ec2AMITerms: amiSelectorTerms (1–30 terms, each with one of tags, id,
// name, alias, ssmParameter; id and alias alone; an alias family@version of
// a known family, Windows only @latest) and amiFamily with them.
func ec2AMITerms(v *vcheck, spec *node, whole bool) {
	terms := spec.get("amiSelectorTerms")
	famNode := spec.get("amiFamily")
	family, famOK := vstr(famNode)
	if famOK && !oneOf(family, ec2AMIFamilies) {
		v.reject(famNode, "amiFamily", "amiFamily %q is not one of %s", family, strings.Join(ec2AMIFamilies, ", "))
	}
	if !present(terms) || terms.kind != yamlv3.SequenceNode || terms.unknown {
		return
	}
	if len(terms.items) == 0 || len(terms.items) > 30 {
		v.reject(terms, "amiSelectorTerms", "amiSelectorTerms takes 1 to 30 terms, not %d", len(terms.items))
	}
	hasAlias, allKnown := false, true
	for i, t := range terms.items {
		if t.kind != yamlv3.MappingNode || t.unknown {
			allKnown = false
			continue
		}
		path := "amiSelectorTerms[" + strconv.Itoa(i) + "]"
		has := func(k string) bool { return present(t.get(k)) }
		if !has("tags") && !has("id") && !has("name") && !has("alias") && !has("ssmParameter") {
			v.reject(t, path, "an AMI selector term needs one of tags, id, name, alias or ssmParameter")
		}
		if has("id") && (has("alias") || has("tags") || has("name") || has("owner")) {
			v.reject(t, path+".id", "'id' is mutually exclusive with the other fields of an AMI selector term")
		}
		if has("alias") && (has("id") || has("tags") || has("name") || has("owner")) {
			v.reject(t, path+".alias", "'alias' is mutually exclusive with the other fields of an AMI selector term")
		}
		if id, ok := vstr(t.get("id")); ok && !ec2AMIID.MatchString(id) {
			v.reject(t.get("id"), path+".id", "AMI id %q is not like ami-0123456789abcdef0", id)
		}
		ec2TagValues(v, t.get("tags"), path+".tags")
		alias := t.get("alias")
		if !present(alias) {
			continue
		}
		hasAlias = true
		s, ok := vstr(alias)
		if !ok {
			allKnown = false
			continue
		}
		fam, ver, _ := strings.Cut(s, "@")
		switch {
		case !ec2AliasRE.MatchString(s):
			v.reject(alias, path+".alias", "alias %q is not of the form family@version (al2023@latest)", s)
		case ec2AliasFamilies[fam] == "":
			v.reject(alias, path+".alias", "alias family %q is not one of al2, al2023, bottlerocket, windows2019, windows2022, windows2025", fam)
		case strings.HasPrefix(fam, "windows") && ver != "latest":
			v.reject(alias, path+".alias", "Windows aliases may only use the version latest, not %q", ver)
		case famOK && family != "Custom" && family != ec2AliasFamilies[fam]:
			v.reject(famNode, "amiFamily", "amiFamily %s does not match the alias %s: use %s or Custom, or leave it unset", family, s, ec2AliasFamilies[fam])
		}
	}
	if hasAlias && len(terms.items) != 1 {
		v.reject(terms, "amiSelectorTerms", "an alias must be the only AMI selector term")
	}
	if whole && !hasAlias && allKnown && famNode == nil {
		v.reject(terms, "amiFamily", "amiFamily is required when amiSelectorTerms has no alias")
	}
}

// ec2SelectorTerms: subnet and security group selector terms (1–30, each
// with one of fields, id alone, name alone).
func ec2SelectorTerms(v *vcheck, terms *node, field string, fields []string) {
	if !present(terms) || terms.kind != yamlv3.SequenceNode || terms.unknown {
		return
	}
	if len(terms.items) == 0 {
		v.reject(terms, field, "%s cannot be empty", field)
	}
	if len(terms.items) > 30 {
		v.reject(terms, field, "%s takes at most 30 terms, not %d", field, len(terms.items))
	}
	// The CRD's CEL rules reject id (or name) with other fields only when
	// every term combines them: !self.all(x, has(x.id) && …).
	allID, allName, known := true, true, true
	for i, t := range terms.items {
		if t.kind != yamlv3.MappingNode || t.unknown {
			known = false
			continue
		}
		path := field + "[" + strconv.Itoa(i) + "]"
		n := 0
		for _, f := range fields {
			if present(t.get(f)) {
				n++
			}
		}
		if n == 0 {
			v.reject(t, path, "a selector term needs one of %s", strings.Join(fields, ", "))
		}
		others := n
		if field == "capacityReservationSelectorTerms" && present(t.get("ownerID")) {
			others++
		}
		allID = allID && present(t.get("id")) && others > 1
		allName = allName && present(t.get("name")) && n > 1
		ec2TagValues(v, t.get("tags"), path+".tags")
	}
	if known && len(terms.items) > 0 {
		switch {
		case allID:
			v.reject(terms, field, "'id' is mutually exclusive with the other fields of a selector term")
		case allName && field == "securityGroupSelectorTerms":
			v.reject(terms, field, "'name' is mutually exclusive with the other fields of a selector term")
		}
	}
}

// ec2CapacityReservations: capacity reservation selector terms (ids like
// cr-…, owner ids of 12 digits, instanceMatchCriteria open or targeted).
func ec2CapacityReservations(v *vcheck, terms *node) {
	if !present(terms) || terms.kind != yamlv3.SequenceNode || terms.unknown {
		return
	}
	if len(terms.items) > 30 {
		v.reject(terms, "capacityReservationSelectorTerms", "capacityReservationSelectorTerms takes at most 30 terms, not %d", len(terms.items))
	}
	ec2SelectorTerms(v, terms, "capacityReservationSelectorTerms", []string{"tags", "id", "instanceMatchCriteria"})
	for i, t := range terms.items {
		path := "capacityReservationSelectorTerms[" + strconv.Itoa(i) + "]"
		if s, ok := vstr(t.get("id")); ok && !ec2ReservationID.MatchString(s) {
			v.reject(t.get("id"), path+".id", "capacity reservation id %q is not like cr-0123456789abcdef0", s)
		}
		if s, ok := vstr(t.get("ownerID")); ok && !ec2OwnerID.MatchString(s) {
			v.reject(t.get("ownerID"), path+".ownerID", "ownerID %q is not a 12-digit account id", s)
		}
		if s, ok := vstr(t.get("instanceMatchCriteria")); ok && s != "open" && s != "targeted" {
			v.reject(t.get("instanceMatchCriteria"), path+".instanceMatchCriteria", "instanceMatchCriteria %q is not open or targeted", s)
		}
	}
}

// ec2MetadataOptions: the instance metadata service options' enums and
// hop limit.
func ec2MetadataOptions(v *vcheck, m *node) {
	if !present(m) || m.kind != yamlv3.MappingNode || m.unknown {
		return
	}
	for f, allowed := range map[string][]string{"httpEndpoint": {"enabled", "disabled"}, "httpProtocolIPv6": {"enabled", "disabled"}, "httpTokens": {"required", "optional"}} {
		if s, ok := vstr(m.get(f)); ok && !oneOf(s, allowed) {
			v.reject(m.get(f), "metadataOptions."+f, "metadataOptions.%s %q is not %s", f, s, strings.Join(allowed, " or "))
		}
	}
	if n, ok := vint(m.get("httpPutResponseHopLimit")); ok && (n < 1 || n > 64) {
		v.reject(m.get("httpPutResponseHopLimit"), "metadataOptions.httpPutResponseHopLimit", "metadataOptions.httpPutResponseHopLimit must be between 1 and 64, not %d", n)
	}
}

// ec2TagValues: selector tags have no empty key or value.
func ec2TagValues(v *vcheck, tags *node, path string) {
	if !present(tags) || tags.kind != yamlv3.MappingNode || tags.unknown {
		return
	}
	for i, k := range tags.keys {
		if k == "" || isEmptyStr(tags.vals[i]) {
			v.reject(&node{pos: tags.keyPos[i]}, path, "empty tag keys or values aren't supported in selector terms")
		}
	}
}

// ec2Tags: the tags Karpenter sets itself cannot be set.
func ec2Tags(v *vcheck, tags *node) {
	if !present(tags) || tags.kind != yamlv3.MappingNode || tags.unknown {
		return
	}
	for i, k := range tags.keys {
		at := &node{pos: tags.keyPos[i]}
		switch {
		case k == "":
			v.reject(at, "tags", "empty tag keys aren't supported")
		case k == "eks:eks-cluster-name" || strings.HasPrefix(k, "kubernetes.io/cluster") || k == "karpenter.sh/nodepool" ||
			k == "karpenter.sh/nodeclaim" || k == "karpenter.k8s.aws/ec2nodeclass":
			v.reject(at, "tags", "tag %q is restricted: Karpenter sets it", k)
		}
	}
}

// ec2BlockDevices: at most one root volume, each EBS volume with a size or
// a snapshot, a known volume type.
func ec2BlockDevices(v *vcheck, bdm *node) {
	roots := 0
	for i, b := range itemsOf(bdm) {
		path := "blockDeviceMappings[" + strconv.Itoa(i) + "]"
		if isTrue(b.get("rootVolume")) {
			roots++
		}
		ebs := b.get("ebs")
		if !present(ebs) || ebs.kind != yamlv3.MappingNode || ebs.unknown {
			continue
		}
		if ebs.get("snapshotID") == nil && ebs.get("volumeSize") == nil {
			v.reject(ebs, path+".ebs", "an EBS block device needs snapshotID or volumeSize")
		}
		if s, ok := vstr(ebs.get("volumeType")); ok && !oneOf(s, ec2VolumeTypes) {
			v.reject(ebs.get("volumeType"), path+".ebs.volumeType", "volumeType %q is not one of %s", s, strings.Join(ec2VolumeTypes, ", "))
		}
	}
	if roots > 1 {
		v.reject(bdm, "blockDeviceMappings", "only one block device mapping may be the rootVolume, not %d", roots)
	}
}

// ec2Kubelet: eviction signals, reserved resources and image GC thresholds.
func ec2Kubelet(v *vcheck, k *node) {
	if !present(k) || k.kind != yamlv3.MappingNode || k.unknown {
		return
	}
	keysOf := func(field string, allowed []string) []string {
		m := k.get(field)
		if !present(m) || m.kind != yamlv3.MappingNode || m.unknown {
			return nil
		}
		for i, key := range m.keys {
			if !oneOf(key, allowed) {
				v.reject(&node{pos: m.keyPos[i]}, "kubelet."+field, "%q is not a valid key of kubelet.%s (%s)", key, field, strings.Join(allowed, ", "))
			}
			if field == "kubeReserved" || field == "systemReserved" {
				if s, ok := vstr(m.vals[i]); ok && strings.HasPrefix(s, "-") {
					v.reject(m.vals[i], "kubelet."+field, "kubelet.%s.%s cannot be negative", field, key)
				}
			}
		}
		return m.keys
	}
	keysOf("evictionHard", ec2EvictionKeys)
	soft := keysOf("evictionSoft", ec2EvictionKeys)
	grace := keysOf("evictionSoftGracePeriod", ec2EvictionKeys)
	keysOf("kubeReserved", ec2ReservedKeys)
	keysOf("systemReserved", ec2ReservedKeys)
	if present(k.get("evictionSoft")) && k.get("evictionSoft").kind == yamlv3.MappingNode && !k.get("evictionSoft").unknown {
		for _, s := range soft {
			if !oneOf(s, grace) {
				v.reject(k.get("evictionSoft"), "kubelet.evictionSoft", "evictionSoft %s has no matching evictionSoftGracePeriod", s)
			}
		}
	}
	if present(k.get("evictionSoftGracePeriod")) && k.get("evictionSoftGracePeriod").kind == yamlv3.MappingNode && !k.get("evictionSoftGracePeriod").unknown {
		for _, s := range grace {
			if !oneOf(s, soft) {
				v.reject(k.get("evictionSoftGracePeriod"), "kubelet.evictionSoftGracePeriod", "evictionSoftGracePeriod %s has no matching evictionSoft", s)
			}
		}
	}
	hi, hiOK := vint(k.get("imageGCHighThresholdPercent"))
	lo, loOK := vint(k.get("imageGCLowThresholdPercent"))
	if hiOK && loOK && hi <= lo {
		v.reject(k.get("imageGCHighThresholdPercent"), "kubelet.imageGCHighThresholdPercent", "imageGCHighThresholdPercent (%d) must be greater than imageGCLowThresholdPercent (%d)", hi, lo)
	}
}

// attachNodeClassRejections gives what each EC2NodeClass fails to the
// first NodePool of the file that uses it. A class not declared in the
// file is looked for in the other files of its directory (ec2ClassDir).
func (g *grouper) attachNodeClassRejections() {
	var dir *ec2ClassDir
	dirLoaded := false
	done := map[string]bool{}
	for _, k := range g.order {
		c := g.byKey[k]
		if c == nil {
			continue
		}
		for _, p := range c.Pools {
			kp := p.Karpenter
			if kp == nil || !kp.NodeClassRef.Known || !kp.NodeClassKind.Known || kp.NodeClassKind.Value != "EC2NodeClass" {
				continue
			}
			name := kp.NodeClassRef.Value
			if done[name] {
				continue
			}
			done[name] = true
			if rs, ok := g.nodeClassRejections[name]; ok {
				p.Rejections = append(p.Rejections, rs...)
				continue
			}
			if !dirLoaded {
				dir, dirLoaded = loadEC2ClassDir(g.in), true
			}
			p.Rejections = append(p.Rejections, dir.rejectionsFor(g.path, name)...)
		}
	}
}
