package yaml

import (
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/poollint/poollint/nodepool"
)

// eksctl's cluster-wide checks on node groups, ported from eksctl v0.230.0
// (pkg/apis/eksctl.io/v1alpha5/validation.go: ValidateClusterConfig's node
// group loop, and the parts of ValidateNodeGroup and validateNodeGroupBase
// that read the ClusterConfig: a control plane on AWS Outposts). The test
// tables are validation_test.go ("nodeGroups[*].name") and
// outposts_validation_test.go. eksctl names a node group left without a
// name only when it comes from command-line flags (names.ForNodeGroup in
// pkg/ctl/cmdutils/configfile.go); in a config file the name must be set.

// tristate is a condition that may be unknown.
type tristate int

const (
	no tristate = iota
	yes
	unknownState
)

// eksctlControlPlaneOutpost is outpost.controlPlaneOutpostARN, and whether
// the control plane is on an Outpost (unknownState when the ARN cannot be
// read).
func eksctlControlPlaneOutpost(doc *node) (string, tristate) {
	op := doc.get("outpost")
	if !present(op) {
		return "", no
	}
	if op.kind != yamlv3.MappingNode || op.unknown {
		return "", unknownState
	}
	arnNode := op.get("controlPlaneOutpostARN")
	if !present(arnNode) {
		return "", no
	}
	arn, ok := vstr(arnNode)
	switch {
	case !ok:
		return "", unknownState
	case arn == "":
		return "", no
	}
	return arn, yes
}

// eksctlCluster runs the cluster-wide checks; groups holds the pools by
// their path ("nodeGroups[0]").
func eksctlCluster(doc *node, groups map[string]*nodepool.Pool) {
	check := func(path string) *vcheck {
		p := groups[path]
		if p == nil {
			return nil
		}
		return newVcheck(p, nodepool.ValidatorEksctl, path)
	}
	private := isTrue(doc.path("privateCluster", "enabled"))
	cpARN, cpOutposts := eksctlControlPlaneOutpost(doc)

	// Names are unique across nodeGroups and managedNodeGroups (eksctl
	// reads nodeGroups first); a fully-private cluster needs private
	// networking on every group.
	seen := map[string]string{}
	for _, list := range []string{"nodeGroups", "managedNodeGroups"} {
		for i, ng := range itemsOf(doc.get(list)) {
			path := list + "[" + strconv.Itoa(i) + "]"
			v := check(path)
			if v == nil || ng.kind != yamlv3.MappingNode {
				continue
			}
			if nn := ng.get("name"); !present(nn) || isEmptyStr(nn) {
				at := nn
				if at == nil {
					at = ng
				}
				v.reject(at, "name", "%s.name must be set: eksctl names only the node groups it creates from flags", path)
			}
			if name, ok := vstr(ng.get("name")); ok && name != "" {
				if first, dup := seen[name]; dup {
					v.reject(ng.get("name"), "name", "node group name %q is not unique: %s has it too (names are unique across nodeGroups and managedNodeGroups)", name, first)
				} else {
					seen[name] = path
				}
			}
			if pn := ng.get("privateNetworking"); private && (!present(pn) || isFalse(pn)) {
				at := pn
				if at == nil {
					at = ng
				}
				v.reject(at, "privateNetworking", "privateNetworking must be enabled for a fully-private cluster (privateCluster.enabled)")
			}
		}
	}

	// Managed groups on a local cluster: both eksctl create cluster
	// (pkg/ctl/cmdutils/configfile.go, the config-file checks) and eksctl
	// create nodegroup (pkg/actions/nodegroup/create.go, Create) refuse them.
	if cpOutposts == yes {
		for i, ng := range itemsOf(doc.get("managedNodeGroups")) {
			if v := check("managedNodeGroups[" + strconv.Itoa(i) + "]"); v != nil && present(ng) {
				v.reject(ng, "", "managed node groups are not supported on Outposts (outpost.controlPlaneOutpostARN); use a self-managed group under nodeGroups")
			}
		}
	}

	// Self-managed groups and Outposts.
	firstOutpost := ""
	for i, ng := range itemsOf(doc.get("nodeGroups")) {
		path := "nodeGroups[" + strconv.Itoa(i) + "]"
		v := check(path)
		if v == nil || ng.kind != yamlv3.MappingNode {
			continue
		}
		opNode := ng.get("outpostARN")
		op, opKnown := vstr(opNode)
		if op != "" {
			switch {
			case firstOutpost == "":
				firstOutpost = op
			case op != firstOutpost:
				v.reject(opNode, "outpostARN", "cannot create node groups in two different Outposts: %q and %q", firstOutpost, op)
			}
			if !present(doc.get("outpost")) && private {
				v.reject(opNode, "outpostARN", "outpostARN is not supported on a fully-private cluster (privateCluster.enabled)")
			}
		}
		if cpOutposts != yes {
			continue
		}
		if op != "" && op != cpARN {
			v.reject(opNode, "outpostARN", "outpostARN must either be empty or match the control plane's Outpost ARN (%q != %q)", op, cpARN)
		}
		if present(opNode) && !opKnown {
			continue // the group's own Outpost checks run when its ARN is known
		}
		if op == "" {
			// What the group's own outpostARN would forbid (checked with
			// the group), the control plane's Outpost forbids too.
			if is := ng.get("instanceSelector"); mapNonZero(is) {
				v.reject(is, "instanceSelector", "cannot specify instanceSelector for a node group on Outposts")
			}
			for _, f := range []string{"availabilityZones", "localZones"} {
				if nonEmptyList(ng.get(f)) {
					v.reject(ng.get(f), f, "%s cannot be specified for a node group on Outposts; the zone is the Outpost's", f)
				}
			}
		}
		if fam, ok := vstr(ng.get("amiFamily")); ok && fam != "" && !strings.EqualFold(fam, "AmazonLinux2") && !strings.EqualFold(fam, "AmazonLinux2023") {
			v.reject(ng.get("amiFamily"), "amiFamily", "only AmazonLinux2 and AmazonLinux2023 are supported on local clusters (a control plane on Outposts), not %s", fam)
		}
	}
}
