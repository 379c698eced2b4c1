package yaml

import (
	"strings"
	"testing"
)

// capaTemplateDoc is a MachineDeployment with the AWSMachineTemplate whose
// spec.template.spec is machine.
func capaTemplateDoc(machine string) string {
	return machineTemplateDoc("infrastructure.cluster.x-k8s.io/v1beta2", "AWSMachineTemplate", machine)
}

// TestCAPAMachineTemplateValidation is Cluster API Provider AWS's
// AWSMachineTemplate create table (webhooks/awsmachinetemplate_webhook_test.go)
// and the AWSMachine create table (awsmachine_webhook_test.go) every
// machine of a template goes through, as manifests (main at 2cf09d785).
func TestCAPAMachineTemplateValidation(t *testing.T) {
	m := func(s string) string { return capaTemplateDoc("instanceType: m5.large\n" + s) }
	const p = "spec.template.spec."
	runValidCases(t, []validCase{
		// awsmachinetemplate_webhook_test.go
		{"providerID", m("providerID: something"), p + "providerID", 0},
		{"secret prefix", m("cloudInit: {secretPrefix: something}"), p + "cloudInit.secretPrefix", 0},
		{"root volume device name", m("rootVolume: {deviceName: name, type: gp2, size: 8}"), "", 0},
		{"hostID and dynamic host allocation", m("tenancy: host\nhostID: h-1234567890abcdef0\ndynamicHostAllocation: {tags: {Environment: test}}"), p + "hostID", 0},
		{"hostAffinity host without a host", m("tenancy: host\nhostAffinity: host"), p + "hostID", 0},
		{"hostAffinity host with hostID", m("tenancy: host\nhostAffinity: host\nhostID: h-09dcf61cb388b0149"), "", 0},
		{"hostAffinity host with dynamic allocation", m("tenancy: host\nhostAffinity: host\ndynamicHostAllocation: {tags: {env: test}}"), "", 0},
		{"hostAffinity default", m("hostAffinity: default"), "", 0},
		{"hostID without tenancy host", m("tenancy: default\nhostID: h-09dcf61cb388b0149"), p + "hostID", 0},
		{"hostAffinity host without tenancy host", m("tenancy: default\nhostAffinity: host\nhostID: h-09dcf61cb388b0149"), p + "hostAffinity", 0},
		{"dynamic allocation without tenancy host", m("tenancy: dedicated\ndynamicHostAllocation: {tags: {env: test}}"), p + "dynamicHostAllocation", 0},

		// awsmachine_webhook_test.go TestAWSMachineCreate
		{"root io1 without iops", m("rootVolume: {type: io1, size: 8}"), p + "rootVolume.iops", 0},
		{"root io2 without iops", m("rootVolume: {type: io2, size: 8}"), p + "rootVolume.iops", 0},
		{"root throughput out of range", m("rootVolume: {throughput: -125, size: 8}"), p + "rootVolume.throughput", 0},
		{"non-root without device name", m("nonRootVolumes:\n  - {size: 8}"), p + "nonRootVolumes[0].deviceName", 0},
		{"non-root io1 without iops", m("nonRootVolumes:\n  - {deviceName: name, type: io1, size: 8}"), p + "nonRootVolumes[0].iops", 0},
		{"non-root io2 without iops", m("nonRootVolumes:\n  - {deviceName: name, type: io2, size: 8}"), p + "nonRootVolumes[0].iops", 0},
		{"non-root negative throughput", m("nonRootVolumes:\n  - {deviceName: name, type: gp3, size: 8, throughput: -125}"), p + "nonRootVolumes[0].throughput", 0},
		{"security group id", m("additionalSecurityGroups:\n  - id: id"), "", 0},
		{"security group filters", m("additionalSecurityGroups:\n  - filters: [{name: example-name, values: [example-value]}]"), "", 0},
		{"security group id and filters", m("additionalSecurityGroups:\n  - id: id\n    filters: [{name: example-name, values: [example-value]}]"), p + "additionalSecurityGroups[0]", 0},
		{"valid tags", m("additionalTags: {key-1: value-1, key-2: value-2}"), "", 0},
		{"capacity block with spot", m("marketType: CapacityBlock\ncapacityReservationId: cr-12345678901234567\nspotMarketOptions: {}"), p + "marketType", 0},
		{"on-demand with spot", m("marketType: OnDemand\nspotMarketOptions: {}"), p + "marketType", 0},
		{"capacity block without reservation", m("marketType: CapacityBlock"), p + "capacityReservationId", 0},
		{"capacity block with reservation", m("marketType: CapacityBlock\ncapacityReservationId: cr-12345678901234567"), "", 0},
		{"reservation with preference None", m("capacityReservationId: cr-12345678901234567\ncapacityReservationPreference: None"), p + "capacityReservationPreference", 0},
		{"reservation without preference", m("capacityReservationId: cr-12345678901234567"), "", 0},
		{"reservation only", m("capacityReservationId: cr-12345678901234567\ncapacityReservationPreference: CapacityReservationsOnly"), "", 0},
		{"reservation only with Spot", m("capacityReservationId: cr-12345678901234567\ncapacityReservationPreference: CapacityReservationsOnly\nmarketType: Spot"), p + "capacityReservationPreference", 0},
		{"reservation only with spot options", m("capacityReservationId: cr-12345678901234567\ncapacityReservationPreference: CapacityReservationsOnly\nspotMarketOptions: {}"), p + "capacityReservationPreference", 0},
		{"empty instance type", capaTemplateDoc("instanceType: ''"), p + "instanceType", 0},
		{"instance type of 1 character", capaTemplateDoc("instanceType: t"), p + "instanceType", 0},
		{"invalid tags", m("additionalTags:\n  key-1: value-1\n  '': value-2\n  " + strings.Repeat("CAPI", 33) + ": value-3\n  key-4: " + strings.Repeat("CAPI", 65)), p + "additionalTags", 0},
		{"ignition 3.1 proxy and TLS", m("ignition:\n  version: '3.1'\n  proxy: {httpProxy: 'http://proxy.example.com:3128'}\n  tls: {caSources: ['s3://example.com/ca.pem']}"), "", 0},
		{"ignition CA source", m("ignition:\n  version: '3.1'\n  tls: {caSources: ['data;;']}"), p + "ignition.tls.caSources[0]", 0},
		{"ignition proxy and no-proxy", m("ignition:\n  version: '3.1'\n  proxy:\n    httpProxy: 'http://proxy.example.com:3128'\n    httpsProxy: 'https://proxy.example.com:3128'\n    noProxy: [10.0.0.1, example.com, .example.com, 'example.com:3128', '10.0.0.1:3128', 10.0.0.0/8, '*']"), "", 0},
		{"ignition http proxy", m("ignition:\n  version: '3.1'\n  proxy: {httpProxy: '*:80'}"), p + "ignition.proxy.httpProxy", 0},
		{"ignition https proxy", m("ignition:\n  version: '3.1'\n  proxy: {httpsProxy: '*:80'}"), p + "ignition.proxy.httpsProxy", 0},
		{"ignition no-proxy", m("ignition:\n  version: '3.1'\n  proxy: {noProxy: ['&']}"), p + "ignition.proxy.noProxy[0]", 0},
		{"ignition 2.3.0 with proxy", m("ignition:\n  version: 2.3.0\n  proxy: {httpProxy: 'http://proxy.example.com:3128'}"), p + "ignition.version", 0},
		{"ignition 2.3 with proxy", m("ignition:\n  version: '2.3'\n  proxy: {httpProxy: 'http://proxy.example.com:3128'}"), p + "ignition.proxy", 0},
		{"hostAffinity enum", m("hostAffinity: invalid"), p + "hostAffinity", 0},
		{"hostAffinity default with hostID", m("tenancy: host\nhostAffinity: default\nhostID: h-09dcf61cb388b0149"), "", 0},
		{"hostAffinity default with dynamic allocation", m("tenancy: host\nhostAffinity: default\ndynamicHostAllocation: {tags: {env: test}}"), p + "dynamicHostAllocation", 0},
		{"hostAffinity omitted with hostID", m("tenancy: host\nhostID: h-09dcf61cb388b0149"), "", 0},
		{"hostAffinity omitted with dynamic allocation", m("tenancy: host\ndynamicHostAllocation: {tags: {env: test}}"), p + "dynamicHostAllocation", 0},
		{"hostAffinity host with both", m("tenancy: host\nhostAffinity: host\nhostID: h-09dcf61cb388b0149\ndynamicHostAllocation: {tags: {env: test}}"), p + "hostID", 0},
		{"hostAffinity default with both", m("tenancy: host\nhostAffinity: default\nhostID: h-09dcf61cb388b0149\ndynamicHostAllocation: {tags: {env: test}}"), p + "dynamicHostAllocation", 0},
		{"BYOIPv4", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0, publicIpv4PoolFallbackOrder: amazon-pool}"), "", 0},
		{"BYOIPv4 without fallback", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0}"), p + "elasticIpPool.publicIpv4PoolFallbackOrder", 0},
		{"BYOIPv4 without pool", m("publicIP: true\nelasticIpPool: {publicIpv4PoolFallbackOrder: amazon-pool}"), p + "elasticIpPool.publicIpv4Pool", 0},
		{"BYOIPv4 without public IP", m("publicIP: false\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0, publicIpv4PoolFallbackOrder: amazon-pool}"), p + "elasticIpPool", 0},
		{"BYOIPv4 pool name", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4poolx-ec2-0123456789abcdef, publicIpv4PoolFallbackOrder: amazon-pool}"), p + "elasticIpPool.publicIpv4Pool", 0},

		// more of the same webhooks and the CRD
		{"secret count", m("cloudInit: {secretCount: 3}"), p + "cloudInit.secretCount", 0},
		{"insecure skip with backend", m("cloudInit: {insecureSkipSecretsManager: true, secureSecretsBackend: secrets-manager}"), p + "cloudInit.secureSecretsBackend", 0},
		{"insecure skip", m("cloudInit: {insecureSkipSecretsManager: true}"), "", 0},
		{"backend enum", m("cloudInit: {secureSecretsBackend: vault}"), p + "cloudInit.secureSecretsBackend", 0},
		{"ignition with cloudInit", m("ignition: {version: '3.4'}\ncloudInit: {secureSecretsBackend: ssm-parameter-store}"), p + "cloudInit", 0},
		{"ssh key name", m("sshKeyName: ' default'"), p + "sshKeyName", 0},
		{"ssh key name ok", m("sshKeyName: default"), "", 0},
		{"empty ssh key name", m("sshKeyName: ''"), "", 0},
		{"gp3 root throughput", m("rootVolume: {type: gp3, size: 8, throughput: 250}"), "", 0},
		{"small root volume", m("rootVolume: {type: gp3, size: 4}"), p + "rootVolume.size", 0},
		{"tenancy enum", m("tenancy: shared"), p + "tenancy", 0},
		{"hostID pattern", m("tenancy: host\nhostID: h-123"), p + "hostID", 0},
		{"market type enum", m("marketType: Reserved"), p + "marketType", 0},
		{"placement partition", m("placementGroupName: pg\nplacementGroupPartition: 8"), p + "placementGroupPartition", 0},
		{"three network interfaces", m("networkInterfaces: [eni-1, eni-2, eni-3]"), p + "networkInterfaces", 0},
		{"no instance type", capaTemplateDoc("ami: {id: ami-1}\niamInstanceProfile: nodes.cluster-api-provider-aws.sigs.k8s.io\nsshKeyName: default"), p + "instanceType", 0},
		// A kustomize patch of a template leaves the rest out.
		{"patch of a template", capaTemplateDoc("sshKeyName: default"), "", 0},
		// unknown values
		{"unknown instance type", capaTemplateDoc("instanceType: ${AWS_NODE_MACHINE_TYPE}\nsshKeyName: ${AWS_SSH_KEY_NAME}\niamInstanceProfile: nodes"), "", 0},
		{"unknown host", m("hostID: ${HOST_ID}\nhostAffinity: ${HOST_AFFINITY}"), "", 0},
		{"unknown host with affinity host", m("tenancy: host\nhostID: ${HOST_ID}\nhostAffinity: host"), "", 0},
		{"unknown tenancy", m("tenancy: ${TENANCY}\nhostID: h-09dcf61cb388b0149"), "", 0},
		{"unknown market type", m("marketType: ${MARKET}\nspotMarketOptions: {}"), "", 0},
		{"unknown public IP", m("publicIP: ${PUBLIC_IP}\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0, publicIpv4PoolFallbackOrder: amazon-pool}"), "", 0},
	})
}

// TestCAPAROSAValidation is ROSAMachinePool's create webhook
// (exp/webhooks/rosamachinepool_webhook.go, which has no test table
// upstream) and its CRD, as manifests.
func TestCAPAROSAValidation(t *testing.T) {
	r := func(s string) string {
		return capaDoc("ROSAMachinePool", "nodePoolName: workers\ninstanceType: m5.xlarge\n"+s)
	}
	const p = "spec."
	runValidCases(t, []validCase{
		{"valid", r("version: 4.17.3\nautoscaling: {minReplicas: 2, maxReplicas: 6}\nvolumeSize: 300\nnodeDrainGracePeriod: 30m\nupdateConfig:\n  rollingUpdate: {maxSurge: 1, maxUnavailable: '10%'}\nadditionalTags: {team: shop}"), "", 0},
		{"version", r("version: v4.17"), p + "version", 0},
		{"version with a prefix", r("version: openshift-v4.17.3"), p + "version", 0},
		{"drain grace period", r("nodeDrainGracePeriod: 169h"), p + "nodeDrainGracePeriod", 0},
		{"drain grace period of a week", r("nodeDrainGracePeriod: 10080m"), "", 0},
		{"tags", r("additionalTags: {'aws:owner': x}"), p + "additionalTags", 0},
		{"pool name too long", capaDoc("ROSAMachinePool", "nodePoolName: workers-of-the-shop\ninstanceType: m5.xlarge\nversion: 4.17.3"), p + "nodePoolName", 0},
		{"pool name pattern", capaDoc("ROSAMachinePool", "nodePoolName: Workers\ninstanceType: m5.xlarge\nversion: 4.17.3"), p + "nodePoolName", 0},
		{"no instance type", capaDoc("ROSAMachinePool", "nodePoolName: workers\nversion: 4.17.3\nautoscaling: {minReplicas: 1, maxReplicas: 3}"), p + "instanceType", 0},
		{"image type", r("imageType: Linux"), p + "imageType", 0},
		{"volume size", r("volumeSize: 50"), p + "volumeSize", 0},
		{"max replicas", r("autoscaling: {minReplicas: 0, maxReplicas: 0}"), p + "autoscaling.maxReplicas", 0},
		{"surge pattern", r("updateConfig:\n  rollingUpdate: {maxSurge: '150%'}"), p + "updateConfig.rollingUpdate.maxSurge", 0},
		// A kustomize patch of a pool leaves the rest out.
		{"patch of a pool", capaDoc("ROSAMachinePool", "version: 4.17.3"), "", 0},
		{"unknown version", r("version: ${OPENSHIFT_VERSION}\nvolumeSize: ${VOLUME}"), "", 0},
	})
}

// TestCAPAMachineTemplateCEL holds AWSMachineTemplate to the CRD's CEL
// rules and enum (config/crd/bases awsmachinetemplates, main at
// 2cf09d785): no capacityReservationId with marketType Spot or with
// spotMarketOptions, publicIpv4PoolFallbackOrder none or amazon-pool.
func TestCAPAMachineTemplateCEL(t *testing.T) {
	m := func(s string) string { return capaTemplateDoc("instanceType: m5.large\n" + s) }
	const p = "spec.template.spec."
	runValidCases(t, []validCase{
		{"reservation with Spot", m("marketType: Spot\ncapacityReservationId: cr-1"), p + "marketType", 0},
		{"reservation with spot options", m("capacityReservationId: cr-1\nspotMarketOptions: {}"), p + "spotMarketOptions", 0},
		{"reservation on demand", m("marketType: OnDemand\ncapacityReservationId: cr-1"), "", 0},
		{"reservation with unknown market", m("marketType: ${MARKET}\ncapacityReservationId: cr-1"), "", 0},
		{"fallback order", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0, publicIpv4PoolFallbackOrder: any}"), p + "elasticIpPool.publicIpv4PoolFallbackOrder", 0},
		{"fallback order none", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0, publicIpv4PoolFallbackOrder: none}"), "", 0},
	})
}

// TestCAPAInstanceOptions holds AWSMachineTemplate and the launch templates
// of AWSMachinePool and AWSManagedMachinePool to the CRDs' enums and bounds
// of their instance options (main at 2cf09d785: api/v1beta2
// awsmachine_types.go and types.go, exp/api/v1beta2 types.go).
func TestCAPAInstanceOptions(t *testing.T) {
	m := func(s string) string { return capaTemplateDoc("instanceType: m5.large\n" + s) }
	a := func(s string) string {
		return capaDoc("AWSMachinePool", "minSize: 1\nmaxSize: 3\nawsLaunchTemplate:\n  instanceType: m5.large\n"+s)
	}
	mm := func(s string) string { return capaDoc("AWSManagedMachinePool", "awsLaunchTemplate:\n  name: lt\n"+s) }
	const p = "spec.template.spec."
	runValidCases(t, []validCase{
		{"template http tokens", m("instanceMetadataOptions: {httpTokens: require}"), p + "instanceMetadataOptions.httpTokens", 0},
		{"template hop limit", m("instanceMetadataOptions: {httpPutResponseHopLimit: 65}"), p + "instanceMetadataOptions.httpPutResponseHopLimit", 0},
		{"template metadata options ok", m("instanceMetadataOptions: {httpEndpoint: enabled, httpTokens: required, httpPutResponseHopLimit: 2, instanceMetadataTags: disabled, httpProtocolIpv6: disabled}"), "", 0},
		{"template hostname type", m("privateDnsName: {hostnameType: ip}"), p + "privateDnsName.hostnameType", 0},
		{"template eks lookup", m("ami: {eksLookupType: Bottlerocket}"), p + "ami.eksLookupType", 0},
		{"template IPv6", m("assignPrimaryIPv6: true"), "", 0},        // not a string: the API server's type check
		{"template IPv6 spelling", m("assignPrimaryIPv6: on"), "", 0}, // a YAML 1.1 boolean to kubectl
		{"template IPv6 word", m("assignPrimaryIPv6: enable"), p + "assignPrimaryIPv6", 0},
		{"template confidential compute", m("cpuOptions: {confidentialCompute: Enabled}"), p + "cpuOptions.confidentialCompute", 0},
		{"template pool name long", m("publicIP: true\nelasticIpPool: {publicIpv4Pool: ipv4pool-ec2-0123456789abcdef0123, publicIpv4PoolFallbackOrder: none}"), p + "elasticIpPool.publicIpv4Pool", 0},
		{"pool http endpoint", a("  instanceMetadataOptions: {httpEndpoint: enable}"), "spec.awsLaunchTemplate.instanceMetadataOptions.httpEndpoint", 0},
		{"pool ignition version", a("ignition: {version: '3.5'}"), "spec.ignition.version", 0},
		{"pool hop limit unknown", a("  instanceMetadataOptions: {httpPutResponseHopLimit: '${HOPS}'}"), "", 0},
		{"managed market type", mm("  marketType: Reserved"), "spec.awsLaunchTemplate.marketType", 0},
		{"managed hostname type", mm("  privateDnsName: {hostnameType: resource-name}"), "", 0},
	})
}
