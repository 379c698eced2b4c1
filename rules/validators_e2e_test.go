package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/poollint/poollint/parsers"
	"github.com/poollint/poollint/parsers/yaml"
	"github.com/poollint/poollint/rules"
)

// e2eCase is a manifest a platform's validator rejects (reject) or accepts.
type e2eCase struct {
	name   string
	doc    string
	reject bool
}

func eksctlGroup(list, body string) string {
	var b strings.Builder
	b.WriteString("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: us-west-2, version: \"1.32\"}\n" + list + ":\n  - name: ng0\n")
	for _, l := range strings.Split(body, "\n") {
		if l != "" {
			b.WriteString("    " + l + "\n")
		}
	}
	return b.String()
}

func nodePool(spec, tmpl string) string {
	var b strings.Builder
	b.WriteString("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: np}\nspec:\n")
	for _, l := range strings.Split(spec, "\n") {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	b.WriteString("  limits: {cpu: '100'}\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n")
	if !strings.Contains(tmpl, "requirements") {
		b.WriteString("      requirements:\n        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}\n")
	}
	for _, l := range strings.Split(tmpl, "\n") {
		if l != "" {
			b.WriteString("      " + l + "\n")
		}
	}
	return b.String()
}

func capaPool(kind, spec string) string {
	var b strings.Builder
	b.WriteString("apiVersion: infrastructure.cluster.x-k8s.io/v1beta2\nkind: " + kind + "\nmetadata:\n  name: mp\n  labels: {cluster.x-k8s.io/cluster-name: eks}\nspec:\n")
	for _, l := range strings.Split(spec, "\n") {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	return b.String()
}

// TestValidatorCasesEndToEnd reads validator test cases (eksctl, Karpenter,
// Cluster API AWS) as files and runs every built-in rule on them: each case
// the validator rejects gets an error, none it accepts does — whichever
// rule owns the check (labels, taints and sizes are older rules').
func TestValidatorCasesEndToEnd(t *testing.T) {
	ng, mng := "nodeGroups", "managedNodeGroups"
	mmp, amp := "AWSManagedMachinePool", "AWSMachinePool"
	cases := []e2eCase{
		// eksctl
		{"eksctl gp3 iops", eksctlGroup(ng, "volumeIOPS: 20000"), true},
		{"eksctl gp2 throughput", eksctlGroup(ng, "volumeType: gp2\nvolumeThroughput: 200"), true},
		{"eksctl name", strings.Replace(eksctlGroup(ng, ""), "ng0", "ng_0", 1), true},
		{"eksctl family", eksctlGroup(ng, "amiFamily: CentOS"), true},
		{"eksctl docker runtime", eksctlGroup(ng, "containerRuntime: dockerd"), true},
		{"eksctl distribution", eksctlGroup(ng, "instanceType: m5.large\ninstancesDistribution: {instanceTypes: [m5.large]}"), true},
		{"eksctl reserved label", eksctlGroup(mng, "labels: {kubernetes.io/role: x}"), true},
		{"eksctl taint without effect", eksctlGroup(mng, "taints:\n  - {key: a, value: b}"), true},
		{"eksctl taint without key", eksctlGroup(mng, "taints:\n  - {value: b, effect: NoSchedule}"), true},
		{"eksctl taint EKS spelling", eksctlGroup(mng, "taints:\n  - {key: a, value: b, effect: NO_SCHEDULE}"), true},
		{"eksctl min above max", eksctlGroup(mng, "minSize: 3\nmaxSize: 2"), true},
		{"eksctl empty updateConfig", eksctlGroup(mng, "updateConfig: {}"), true},
		{"eksctl launch template volume", eksctlGroup(mng, "volumeSize: 50\nlaunchTemplate: {id: lt-1}"), true},
		{"eksctl managed instance profile", eksctlGroup(mng, "iam: {instanceProfileARN: 'arn:aws:iam::1:instance-profile/p'}"), true},
		{"eksctl duplicate name", eksctlGroup(ng, "") + "  - name: ng0\n", true},
		{"eksctl fully private", "privateCluster: {enabled: true}\n" + eksctlGroup(mng, ""), true},
		{"eksctl local cluster family", "outpost: {controlPlaneOutpostARN: 'arn:aws:outposts:us-west-2:1234:outpost/op-1'}\n" + eksctlGroup(ng, "amiFamily: Bottlerocket"), true},
		{"eksctl ok", eksctlGroup(ng, "instanceType: m5.large\nvolumeType: gp3\nvolumeIOPS: 4000\nminSize: 1\nmaxSize: 3"), false},
		{"eksctl managed ok", eksctlGroup(mng, "instanceTypes: [m5.large, m5a.large]\nspot: true\ntaints:\n  - {key: a, value: b, effect: NoSchedule}\nupdateConfig: {maxUnavailable: 1}"), false},
		{"eksctl mixed ok", eksctlGroup(ng, "instancesDistribution:\n  instanceTypes: [t3.large, t3a.large]\n  onDemandPercentageAboveBaseCapacity: 0\n  spotAllocationStrategy: price-capacity-optimized"), false},
		// Karpenter
		{"karpenter operator", nodePool("", "requirements:\n  - {key: kubernetes.io/arch, operator: Equals, values: [amd64]}"), true},
		{"karpenter Gt word", nodePool("", "requirements:\n  - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: [four]}"), true},
		{"karpenter minValues", nodePool("", "requirements:\n  - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large], minValues: 2}"), true},
		{"karpenter restricted key", nodePool("", "requirements:\n  - {key: karpenter.sh/team, operator: Exists}"), true},
		{"karpenter static with cpu limit", strings.Replace(nodePool("replicas: 3", ""), "limits: {cpu: '100'}", "limits: {cpu: '10'}", 1), true},
		{"karpenter static weight", strings.Replace(nodePool("replicas: 3\nweight: 5", ""), "  limits: {cpu: '100'}\n", "", 1), true},
		{"karpenter tgp", nodePool("", "terminationGracePeriod: Never"), true},
		{"karpenter cron", nodePool("disruption:\n  consolidateAfter: 0s\n  budgets:\n    - {nodes: '1', schedule: 'daily', duration: 1h}", ""), true},
		{"karpenter empty nodeClassRef name", strings.Replace(nodePool("", ""), "name: default", "name: ''", 1), true},
		{"karpenter taint without effect", nodePool("", "taints:\n  - {key: a}"), true},
		{"karpenter consolidation policy", nodePool("disruption:\n  consolidationPolicy: WhenUnderutilized\n  consolidateAfter: 1m", ""), true},
		{"karpenter ok", nodePool("disruption:\n  consolidationPolicy: WhenEmptyOrUnderutilized\n  consolidateAfter: 1m\n  budgets:\n    - {nodes: 10%, schedule: '0 9 * * mon-fri', duration: 8h}", "requirements:\n  - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['4']}\n  - {key: node.kubernetes.io/instance-type, operator: Exists, minValues: 2}\nterminationGracePeriod: 24h\ntaints:\n  - {key: gpu, value: 'true', effect: NoSchedule}"), false},
		{"karpenter static ok", strings.Replace(nodePool("replicas: 3", ""), "limits: {cpu: '100'}", "limits: {nodes: '5'}", 1), false},
		{"karpenter EC2NodeClass role and profile", nodePool("", "") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n  instanceProfile: p\n  amiSelectorTerms: [{alias: al2023@latest}]\n  subnetSelectorTerms: [{tags: {a: b}}]\n  securityGroupSelectorTerms: [{tags: {a: b}}]\n", true},
		{"karpenter EC2NodeClass ok", nodePool("", "") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n  amiSelectorTerms: [{alias: al2023@latest}]\n  subnetSelectorTerms: [{tags: {a: b}}]\n  securityGroupSelectorTerms: [{tags: {a: b}}]\n  metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1}\n", false},
		{"karpenter EC2NodeClass no primary interface", nodePool("", "") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n  amiSelectorTerms: [{alias: al2023@latest}]\n  subnetSelectorTerms: [{tags: {a: b}}]\n  securityGroupSelectorTerms: [{tags: {a: b}}]\n  networkInterfaces:\n    - {networkCardIndex: 0, deviceIndex: 0, interfaceType: efa-only}\n", true},
		{"karpenter EC2NodeClass interfaces ok", nodePool("", "") + "---\napiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n  amiSelectorTerms: [{alias: al2023@latest}]\n  subnetSelectorTerms: [{tags: {a: b}}]\n  securityGroupSelectorTerms: [{tags: {a: b}}]\n  networkInterfaces:\n    - {networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}\n    - {networkCardIndex: 0, deviceIndex: 1, interfaceType: efa-only}\n  connectionTracking: {udpTimeout: 30}\n", false},
		{"eksctl bottlerocket settings", eksctlGroup(mng, "amiFamily: Bottlerocket\nbottlerocket:\n  settings:\n    kubernetes: {node-taints: {a: 'b:NoSchedule'}}"), false},
		// Cluster API AWS
		{"capa capacity type", capaPool(mmp, "capacityType: SPOT"), true},
		{"capa public remote access", capaPool(mmp, "remoteAccess: {public: true, sourceSecurityGroups: [sg-1]}"), true},
		{"capa disk with launch template", capaPool(mmp, "diskSize: 50\nawsLaunchTemplate: {name: lt}"), true},
		{"capa empty updateConfig", capaPool(mmp, "updateConfig: {}"), true},
		{"capa tags", capaPool(mmp, "additionalTags: {'aws:team': x}"), true},
		{"capa io1 root volume", capaPool(amp, "minSize: 1\nmaxSize: 2\nawsLaunchTemplate:\n  rootVolume: {size: 20, type: io1}"), true},
		{"capa capacity block", capaPool(amp, "minSize: 1\nmaxSize: 2\nawsLaunchTemplate: {marketType: CapacityBlock}"), true},
		{"capa managed ok", capaPool(mmp, "capacityType: onDemand\namiType: AL2023_x86_64_STANDARD\nscaling: {minSize: 1, maxSize: 3}\nupdateConfig: {maxUnavailable: 1}\nadditionalTags: {team: a}"), false},
		{"capa pool ok", capaPool(amp, "minSize: 1\nmaxSize: 3\nawsLaunchTemplate:\n  instanceType: m5.large\n  rootVolume: {size: 20, type: gp3, throughput: 250}"), false},
	}
	e, err := rules.NewEngineWith(context.Background(), rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	caught, rejects := 0, 0
	for _, tc := range cases {
		res := yaml.Parser{}.Parse(&parsers.Input{Path: "case.yaml", Data: []byte(tc.doc), Ctx: context.Background()})
		var errs []string
		for _, c := range res.Clusters {
			fs, ferrs := e.Check(context.Background(), c)
			if len(ferrs) > 0 {
				t.Fatal(ferrs)
			}
			for _, f := range fs {
				if f.Severity == rules.Error {
					errs = append(errs, f.RuleID+": "+f.Message)
				}
			}
		}
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError {
				errs = append(errs, "diagnostic: "+d.Message)
			}
		}
		if tc.reject {
			rejects++
			if len(errs) > 0 {
				caught++
			} else {
				t.Errorf("%s: rejected by its validator, no error\n%s", tc.name, tc.doc)
			}
		} else if len(errs) > 0 {
			t.Errorf("%s: accepted by its validator, but %q\n%s", tc.name, errs, tc.doc)
		}
	}
	t.Logf("%d of %d rejected cases caught at error level", caught, rejects)
}
