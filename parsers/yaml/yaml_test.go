package yaml

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/poollint/poollint/parsers"
)

func parse(path string, data []byte) parsers.Result {
	return Parser{}.Parse(&parsers.Input{Path: path, Data: data})
}

// aliasBomb is the billion-laughs document: nine levels of nine aliases.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\na: &a [\"lol\"]\n")
	prev := "a"
	for i := 0; i < 9; i++ {
		name := string(rune('b' + i))
		b.WriteString(name + ": &" + name + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	return []byte(b.String())
}

func TestBadInput(t *testing.T) {
	deep := "apiVersion: karpenter.sh/v1\nkind: NodePool\nspec: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	cases := map[string]struct {
		data []byte
		want string
	}{
		"alias bomb":   {aliasBomb(), "too many nodes after expanding aliases"},
		"deep nesting": {[]byte(deep), "nesting deeper than"},
		"non-UTF-8":    {[]byte("apiVersion: v1\nkind: \xff\xfe\n"), "1:1: file is not valid UTF-8"},
		"syntax error": {[]byte("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: [unclosed\n"), "invalid YAML"},
		"tab indent":   {[]byte("apiVersion: v1\nkind: ClusterConfig\nmetadata:\n\tname: x\n"), "x.yaml:4:1: invalid YAML"},
	}
	for name, c := range cases {
		start := time.Now()
		res := parse("x.yaml", c.data)
		if len(res.Diags) != 1 || res.Diags[0].Level != parsers.LevelError {
			t.Errorf("%s: diags %+v", name, res.Diags)
			continue
		}
		d := res.Diags[0]
		if got := d.Pos.String() + ": " + d.Message; !strings.Contains(got, c.want) || d.Pos.Line < 1 {
			t.Errorf("%s: %q, want it to contain %q", name, got, c.want)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("%s took %s", name, elapsed) // a hang, not a timing assertion
		}
	}
}

func TestNotANodePool(t *testing.T) {
	res := parse("deploy.yaml", []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\nplain: yaml\n"))
	if len(res.Clusters) != 0 || len(res.Diags) != 0 {
		t.Errorf("clusters %v diags %v", res.Clusters, res.Diags)
	}
}

func TestPlaceholdersAreUnknown(t *testing.T) {
	res := parse("c.yaml", []byte("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: ${CLUSTER}\n  version: \"$VERSION\"\nmanagedNodeGroups:\n  - name: a\n    labels:\n      team: ${TEAM}\n"))
	c := res.Clusters[0]
	if c.Name.Known || c.KubernetesVersion.Known || !c.Name.Set {
		t.Errorf("placeholders must be set and unknown: %+v %+v", c.Name, c.KubernetesVersion)
	}
	if l := c.Pools[0].Labels.Value[0]; l.Key != "team" || l.ValueKnown {
		t.Errorf("label %+v", l)
	}
}

func TestMergeKeys(t *testing.T) {
	res := parse("m.yaml", []byte("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: m\ndefaults: &d\n  minSize: 1\n  maxSize: 9\nmanagedNodeGroups:\n  - <<: *d\n    name: a\n    maxSize: 3\n"))
	p := res.Clusters[0].Pools[0]
	if p.MinCount.Value != 1 || p.MaxCount.Value != 3 || p.MaxCount.Pos.Line != 11 {
		t.Errorf("min %+v max %+v", p.MinCount, p.MaxCount)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"eksctl.yaml", "karpenter.yaml", "capi/pools.yaml", "aso/cluster.yaml", "cloudformation.yaml",
		"capi-eks/cluster.yaml", "capi-clusterclass/class.yaml", "capi-class-templates/class.yaml", "capi-machinepools/pools.yaml"} {
		data, err := os.ReadFile("../../fixtures/yaml/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(aliasBomb()[:200])
	f.Add([]byte(karpenterEmptyOS))
	f.Add([]byte(capzRenamedControlPlane))
	f.Add([]byte(topology))
	f.Add([]byte(capzASO))
	f.Add([]byte(cfnASGSeed))
	f.Add([]byte(`{"apiVersion": "eksctl.io/v1alpha4", "kind": "ClusterConfig", "metadata": {"name": "c"}, "nodeGroups": [{"name": "ng", "volumeIOPS": 1}]}`))
	// The validators' checks (eksctl, Karpenter, Cluster API AWS and Azure).
	f.Add([]byte(capzMachinePoolDoc("v1.25.6", capzPoolDoc("location: westeurope\norchestrationMode: Flexible\nidentity: SystemAssigned\nroleAssignmentName: x\nstrategy:\n  rollingUpdate: {maxSurge: 0}\ntemplate:\n  vmSize: Standard_D2s_v3\n  sshPublicKey: "+testSSHKey()+"\n  osDisk: {osType: Linux, diskSizeGB: 4096, diffDiskSettings: {placement: ResourceDisk}}\n  image: {id: '', marketplace: {publisher: ''}}"))))
	f.Add([]byte(capzTemplateDoc("vmSize: Standard_D2s_v3\nosDisk:\n  osType: ''\n  managedDisk: {storageAccountType: UltraSSD_LRS, securityProfile: {securityEncryptionType: DiskWithVMGuestState}}\nsecurityProfile: {encryptionAtHost: true}\ndataDisks:\n  - {nameSuffix: d, diskSizeGB: 2, lun: 70, cachingType: ReadWrite, managedDisk: {storageAccountType: UltraSSD_LRS}}\n  - {nameSuffix: d, diskSizeGB: 64, lun: 70}\nidentity: UserAssigned\nuserAssignedIdentities: [{providerID: x}]")))
	f.Add([]byte(capaTemplateDoc("instanceType: t\nproviderID: x\ncloudInit: {secretPrefix: p, insecureSkipSecretsManager: true}\nignition: {version: '3.0', proxy: {httpProxy: '*:80', noProxy: ['&', '.a.b']}, tls: {caSources: ['data:x,%%']}}\ntenancy: default\nhostID: h-1\nhostAffinity: host\nelasticIpPool: {publicIpv4PoolFallbackOrder: x}\nmarketType: CapacityBlock\nspotMarketOptions: {}")))
	f.Add([]byte(capaDoc("ROSAMachinePool", "nodePoolName: Workers-of-the-shop\ninstanceType: m5.xlarge\nversion: v4\nnodeDrainGracePeriod: 200h\nvolumeSize: 5\nupdateConfig: {rollingUpdate: {maxSurge: '150%'}}")))
	f.Add([]byte(eksctlDoc("1.33", "nodeGroups", "amiFamily: AmazonLinux2\ninstanceType: mixed\ninstancesDistribution:\n  instanceTypes: [g5g.xlarge]\n  spotInstancePools: 30\nvolumeType: io1\nvolumeIOPS: 5\ntaints: {a: \"b:NO_SCHEDULE\"}\nkubeletExtraConfig: {kind: x}\nasgSuspendProcesses: [Sleep]")))
	f.Add([]byte(eksctlDoc("1.29", "managedNodeGroups", "ami: ami-1\namiFamily: AmazonLinux2\nlaunchTemplate: {version: \"0\"}\niam: {instanceRoleARN: r, instanceRoleName: n}")))
	f.Add([]byte(nodePoolDoc("replicas: -1\nweight: 3\nlimits: {cpu: x}\ndisruption:\n  budgets:\n    - {nodes: '1', schedule: x}", "startupTaints:\n  - {key: '', effect: Never}\nterminationGracePeriod: Never", "- {key: karpenter.sh/x, operator: Gt, values: [a, b], minValues: 60}")))
	f.Add([]byte(capaDoc("AWSMachinePool", "defaultCoolDown: -1s\nawsLaunchTemplate:\n  rootVolume: {type: io1, throughput: 1}\n  nonRootVolumes: [{type: io2}]\n  marketType: CapacityBlock\nlifecycleHooks: [{heartbeatTimeout: 1s}]\nadditionalTags: {'aws:x': '!'}")))
	f.Add([]byte(ec2ClassDoc("role: r\ninstanceProfile: ''\namiSelectorTerms: [{alias: x@}, {id: ami-1, name: n}]\nkubelet: {evictionSoft: {a: b}, imageGCHighThresholdPercent: 1, imageGCLowThresholdPercent: 2}\nblockDeviceMappings: [{rootVolume: true, ebs: {}}, {rootVolume: true}]\ntags: {'': x}")))
	f.Add([]byte(ec2ClassDoc("networkInterfaces: [{networkCardIndex: 1, deviceIndex: 0, interfaceType: efa-only}, {networkCardIndex: 1, deviceIndex: 0, interfaceType: efa}]\nconnectionTracking: {udpTimeout: 1}\nplacementGroupSelector: {}\nblockDeviceMappings: [{ebs: {volumeSize: 9T, volumeInitializationRate: 1}}]")))
	f.Add([]byte(userDataClass("bottlerocket@latest", "", "[settings.kubernetes]\nmax-pods = [[1]]\nnode-taints = { a = [1] }")))
	f.Add([]byte(userDataClass("al2023@latest", "", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n\nx\n--B--")))
	// Cluster API's own checks (MachineDeployment, topology, ClusterClass).
	f.Add([]byte(capiObj{kind: "MachineDeployment", version: "v1beta2", name: "-x", spec: "selector: {matchLabels: {a: b}, matchExpressions: [{key: c, operator: In}]}\nrollout: {strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: '0'}}}\nmachineNaming: {template: '{{ .random }}{{'}",
		tmplMeta: "labels: {a: c}", tmplSp: "version: v1.2\ntaints: [{key: node.kubernetes.io/x}]"}.doc()))
	f.Add([]byte(classDoc("v1beta2", "- {class: default, naming: {template: '{{ .cluster.name | x }}'}, healthCheck: {checks: {nodeStartupTimeoutSeconds: 1}}}\n- {class: default}", "- {class: pool, infrastructure: {templateRef: {kind: T}}}")))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := parse("fuzz.yaml", data)
		for _, d := range res.Diags {
			if d.Level == parsers.LevelError && d.Pos.Line < 1 {
				t.Fatalf("error without a line: %+v", d)
			}
		}
		for _, c := range res.Clusters {
			for _, p := range c.Pools {
				if len(p.Rejections) > maxRejections {
					t.Fatalf("%d rejections", len(p.Rejections))
				}
				for _, r := range p.Rejections {
					if !r.Pos.IsValid() || r.Message == "" || r.Field == "" {
						t.Fatalf("rejection without a position, message or field: %+v", r)
					}
				}
			}
		}
	})
}
