package rules

import "github.com/poollint/poollint/nodepool"

// PL104 reports Cluster API MachineDeployments, MachinePools and topology
// workers that Cluster API's own webhooks or CRDs reject.
var PL104 = register(&Rule{
	ID:        "PL104",
	Name:      "capi-rejects",
	Summary:   "Cluster API MachineDeployment or MachinePool that Cluster API's webhooks or CRD reject",
	Severity:  Error,
	Platforms: []string{"AKS", "EKS", "Kubernetes", "Cluster API"},
	Formats:   []string{"cluster-api"},
	Doc: `Cluster API validates MachineDeployment, MachinePool and Cluster objects
in admission webhooks and its CRDs (sigs.k8s.io/cluster-api v1.14.0:
core/webhooks/admission machinedeployment.go, machinepool.go, machine.go,
cluster.go, clusterclass.go; internal/topology/check compatibility.go; internal/util/taints
validation.go; the CRD markers of api/core/v1beta1 and v1beta2). poollint
runs the create checks offline, ported from that source, with the webhooks'
test tables as its own, on cluster.x-k8s.io/v1beta1 and v1beta2 objects and
after the defaulting webhook (a version without "v" gets one; the selector
and the template's labels get the cluster-name label):

- MachineDeployment and MachinePool: a clusterName of 1 to 63
  characters, a bootstrap configRef or
  dataSecretName, spec.clusterName equal to spec.template.spec.clusterName,
  the machine version a semantic version (v1.31.2, not v1.31), the
  autoscaler's min and max size annotations whole numbers when replicas is
  left to them, the template's labels and annotations valid;
- MachineDeployment: a name that is a valid label value, a valid selector
  that matches the template's labels, maxSurge, maxUnavailable and
  maxInFlight as integers or percentages and not both 0, the strategy type
  and deletion order from the CRD's enums, a machine naming template with
  {{ .random }} that gives DNS names, minReadySeconds not negative, machine
  taints without keys Cluster API, the kubelet, the cloud provider or the
  control plane own, and only known checks in the
  machineset.cluster.x-k8s.io/skip-preflight-checks annotation;
- MachinePool: no machine taints (not implemented for MachinePools);
- failure domains of 1 to 256 characters;
- spec.topology of a Cluster: its version a semantic version, and one of
  the ClusterClass's kubernetesVersions when the class is in reach and
  lists them (reported once, on the topology's first worker); its
  workers' names that are set, unique and at
  most 63 characters (lowercase DNS names in v1beta2), classes that are
  set and that the
  ClusterClass defines (when it is in reach), valid metadata, rollout and
  taints as above, no replicas beside autoscaler annotations (of the entry
  or of its class), and health checks as the webhook takes them when the
  ClusterClass is in reach (node startup timeout of at least 30 s or 0,
  thresholds as integers or percentages, enable only with a health check
  definition);
- worker classes of a ClusterClass (clusterclass.go), on the pools they
  describe: unique class names, bootstrap and infrastructure template
  references with a name, a kind ending in Template and an apiVersion,
  valid metadata, taints and rollout as above, health checks, and naming
  templates that parse and give DNS names.

An object without spec.clusterName (a kustomize patch) is not checked, nor
are v1alpha3 and v1alpha4 objects, which Cluster API no longer serves. The
update checks (immutable fields, version upgrades) need the previous object
and are not run. A check that depends on a feature gate is run only where
the object is rejected whatever the gate: with MachineTaintPropagation off
(its default) Cluster API refuses every machine taint on a MachineDeployment,
which poollint does not assume. A value that cannot be resolved offline is
not checked.`,
	Fix: `Change the field the message names to a value Cluster API accepts: a full
Kubernetes version (v1.31.2), spec.template.spec.clusterName equal to
spec.clusterName, a bootstrap configRef or dataSecretName, maxSurge and
maxUnavailable as integers or percentages ("25%") with at least one above 0,
template labels that match spec.selector, whole numbers in the autoscaler's
min and max size annotations (and no replicas beside them in a Cluster
topology), unique topology worker names and ClusterClass worker classes whose
template references name a ...Template kind. kubectl apply --dry-run=server
against a management cluster running Cluster API shows the same errors.`,
	Links: []Link{linkCAPIConcepts, linkCAPIMachinePools},
	Check: func(p *Pass) { reportRejections(p, nodepool.ValidatorCAPI) },
})
