package yaml

import (
	"strings"
	"testing"
)

// clusterDoc is a ClusterConfig (Kubernetes 1.32) with the cluster-level
// lines given, then the node groups given per list (each "name: x…" body
// one item, its lines separated by "\n").
func clusterDoc(cluster string, lists ...[2]string) string {
	var b strings.Builder
	b.WriteString("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: us-west-2\n  version: \"1.32\"\n")
	if cluster != "" {
		b.WriteString(strings.TrimSpace(cluster) + "\n")
	}
	last := ""
	for _, l := range lists {
		if l[0] != last {
			b.WriteString(l[0] + ":\n")
			last = l[0]
		}
		for i, line := range strings.Split(strings.TrimSpace(l[1]), "\n") {
			if i == 0 {
				b.WriteString("  - " + line + "\n")
			} else {
				b.WriteString("    " + line + "\n")
			}
		}
	}
	return b.String()
}

func ng(body string) [2]string  { return [2]string{"nodeGroups", body} }
func mng(body string) [2]string { return [2]string{"managedNodeGroups", body} }

// TestEksctlClusterValidation is eksctl v0.230.0's cluster-level node group
// cases (validation_test.go "nodeGroups[*].name", outposts_validation_test.go),
// with near misses and unknown values beside each check.
func TestEksctlClusterValidation(t *testing.T) {
	const outpost = "outpost:\n  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:1234:outpost/op-1234"
	const op1234, op5678 = "arn:aws:outposts:us-west-2:1234:outpost/op-1234", "arn:aws:outposts:us-west-2:1234:outpost/op-5678"
	runValidCases(t, []validCase{
		// nodeGroups[*].name
		{"unique names", clusterDoc("", ng("name: ng0"), ng("name: ng1")), "", 0},
		{"non-unique names", clusterDoc("", ng("name: ng"), ng("name: ng")), "nodeGroups[1].name", 9},
		{"non-unique across lists", clusterDoc("", ng("name: ng"), mng("name: ng")), "managedNodeGroups[0].name", 0},
		// Only flags get a generated name; a config file's group needs one
		// (v0.230.0 ValidateClusterConfig: "nodeGroups[0].name must be set").
		{"unnamed group in a config file", clusterDoc("", ng("minSize: 1"), ng("name: b\nminSize: 2")), "nodeGroups[0].name", 0},
		{"empty name", clusterDoc("", ng("name: \"\"\nminSize: 1")), "nodeGroups[0].name", 0},
		{"names unknown", clusterDoc("", ng("name: ${NG}"), ng("name: ${NG}")), "", 0},
		// privateCluster
		{"fully private without private networking", clusterDoc("privateCluster: {enabled: true}", ng("name: a")), "nodeGroups[0].privateNetworking", 0},
		{"fully private, managed, networking false", clusterDoc("privateCluster: {enabled: true}", mng("name: a\nprivateNetworking: false")), "managedNodeGroups[0].privateNetworking", 0},
		{"fully private with private networking", clusterDoc("privateCluster: {enabled: true}", ng("name: a\nprivateNetworking: true"), mng("name: b\nprivateNetworking: true")), "", 0},
		{"private networking unknown", clusterDoc("privateCluster: {enabled: true}", ng("name: a\nprivateNetworking: ${PRIVATE}")), "", 0},
		{"not fully private", clusterDoc("privateCluster: {enabled: false}", ng("name: a")), "", 0},
		// Outposts
		{"two Outposts", clusterDoc("", ng("name: a\noutpostARN: "+op1234), ng("name: b\noutpostARN: "+op5678)), "nodeGroups[1].outpostARN", 0},
		{"one Outpost", clusterDoc("", ng("name: a\noutpostARN: "+op1234), ng("name: b\noutpostARN: "+op1234)), "", 0},
		{"Outpost in a fully-private cluster", clusterDoc("privateCluster: {enabled: true}", ng("name: test\nprivateNetworking: true\noutpostARN: "+op1234)), "nodeGroups[0].outpostARN", 0},
		{"Outpost ARN not the control plane's", clusterDoc("outpost:\n  controlPlaneOutpostARN: "+op5678, ng("name: a\noutpostARN: "+op1234)), "nodeGroups[0].outpostARN", 0},
		{"Outpost ARN the control plane's", clusterDoc(outpost, ng("name: a\noutpostARN: "+op1234)), "", 0},
		{"control plane Outpost unknown", clusterDoc("outpost:\n  controlPlaneOutpostARN: ${OUTPOST}", ng("name: a\noutpostARN: "+op1234+"\namiFamily: Bottlerocket")), "", 0},
		{"local cluster instanceSelector", clusterDoc(outpost, ng("name: a\ninstanceSelector: {vCPUs: 4}")), "nodeGroups[0].instanceSelector", 0},
		{"local cluster availabilityZones", clusterDoc(outpost, ng("name: a\navailabilityZones: [us-west-2a, us-west-2b]")), "nodeGroups[0].availabilityZones", 0},
		{"local cluster localZones", clusterDoc(outpost, ng("name: a\nlocalZones: [us-west-2a, us-west-2b]")), "nodeGroups[0].localZones", 0},
		// support for node AMI families on a local cluster
		{"local cluster AmazonLinux2", clusterDoc(outpost, ng("name: test\namiFamily: AmazonLinux2")), "", 0},
		{"local cluster Bottlerocket", clusterDoc(outpost, ng("name: test\namiFamily: Bottlerocket")), "nodeGroups[0].amiFamily", 0},
		{"local cluster Ubuntu2004", clusterDoc(outpost, ng("name: test\namiFamily: Ubuntu2004")), "nodeGroups[0].amiFamily", 0},
		{"local cluster UbuntuPro2204", clusterDoc(outpost, ng("name: test\namiFamily: UbuntuPro2204")), "nodeGroups[0].amiFamily", 0},
		{"local cluster Windows2019Core", clusterDoc(outpost, ng("name: test\namiFamily: WindowsServer2019CoreContainer")), "nodeGroups[0].amiFamily", 0},
		{"local cluster Windows2022Full", clusterDoc(outpost, ng("name: test\namiFamily: WindowsServer2022FullContainer")), "nodeGroups[0].amiFamily", 0},
		// unsupported volumeType on a local cluster
		{"local cluster gp3", clusterDoc(outpost, ng("name: a\nvolumeType: gp3")), "nodeGroups[0].volumeType", 0},
		{"local cluster io1", clusterDoc(outpost, ng("name: a\nvolumeType: io1")), "nodeGroups[0].volumeType", 0},
		{"local cluster io2", clusterDoc(outpost, ng("name: a\nvolumeType: io2")), "nodeGroups[0].volumeType", 0},
		{"local cluster sc1", clusterDoc(outpost, ng("name: a\nvolumeType: sc1")), "nodeGroups[0].volumeType", 0},
		{"local cluster st1", clusterDoc(outpost, ng("name: a\nvolumeType: st1")), "nodeGroups[0].volumeType", 0},
		{"local cluster gp2", clusterDoc(outpost, ng("name: a\nvolumeType: gp2")), "", 0},
		// A self-managed group is validated before its volume type is
		// defaulted to gp2: unset, it is checked as gp3.
		{"local cluster unset volume type checked as gp3", clusterDoc(outpost, ng("name: a\nvolumeIOPS: 3000")), "", 0},
		{"local cluster unset volume type, gp3 range", clusterDoc(outpost, ng("name: a\nvolumeIOPS: 100")), "nodeGroups[0].volumeIOPS", 0},
		{"local cluster AmazonLinux2023", clusterDoc(outpost, ng("name: a\namiFamily: AmazonLinux2023")), "", 0},
		// Managed groups on a local cluster: configfile.go and
		// pkg/actions/nodegroup/create.go.
		{"local cluster managed group", clusterDoc(outpost, mng("name: a")), "managedNodeGroups[0]", 0},
		{"local cluster ARN unknown, managed group", clusterDoc("outpost:\n  controlPlaneOutpostARN: ${OUTPOST}", mng("name: a")), "", 0},
		{"managed group, no Outpost", clusterDoc("outpost:\n  controlPlaneInstanceType: m5d.large", mng("name: a")), "", 0},
		{"gp3 IOPS off Outposts", clusterDoc("", ng("name: a\nvolumeIOPS: 3000")), "", 0},
	})
}
