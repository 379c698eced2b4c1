package rules

import "github.com/poollint/poollint/nodepool"

// PL102 reports NodePools Karpenter's CRD or its runtime validation rejects.
var PL102 = register(&Rule{
	ID:        "PL102",
	Name:      "karpenter-rejects",
	Summary:   "Karpenter NodePool that Karpenter's CRD or runtime validation rejects",
	Severity:  Error,
	Platforms: []string{"Karpenter"},
	Doc: `The API server validates a karpenter.sh/v1 NodePool against Karpenter's CRD (its
OpenAPI schema and CEL rules), and Karpenter's controller runs RuntimeValidate
before it uses the NodePool (sigs.k8s.io/karpenter v1.14.1: pkg/apis/crds
karpenter.sh_nodepools.yaml, pkg/apis/v1 nodepool_validation.go and
nodeclaim_validation.go). poollint runs those checks offline, ported from that
source, with Karpenter's CEL test tables (nodepool_validation_cel_test.go, the
NodePool-template cases of nodeclaim_validation_cel_test.go, and the AWS
provider's nodepool_validation_cel_test.go) as its own: every rejected case
that can be judged from the file alone gets an error from PL102 or from one of
the rules named at the end (only updates, which need the previous object, do
not):

- requirements: a key and an operator (In, NotIn, Exists, DoesNotExist, Gt,
  Lt, Gte, Lte); the key a qualified name outside the restricted karpenter.sh
  domain (karpenter.sh/capacity-type excepted) and not karpenter.sh/nodepool
  or kubernetes.io/hostname; In with at least one value; Gt, Lt, Gte and Lte
  with a single non-negative integer; minValues within 1–50 and not above the
  number of In values; values that are label values; capacity types among
  on-demand, spot and reserved; at most 100 requirements;
- spec.template.spec.requirements is required, nodeClassRef has a non-empty
  group (without a version), kind and name;
- terminationGracePeriod a duration like 30s or 1h30m (not Never);
- disruption: consolidateAfter is required when disruption is set (v1), a
  budget schedule is a five-field cron or a macro like @daily, at most 50
  budgets;
- template labels: at most 100, none in a domain ending in karpenter.sh
  (foo.karpenter.sh/x, xkarpenter.sh/x; karpenter.sh/ itself is PL002's);
- on a NodePool of Karpenter's AWS provider (nodeClassRef to a karpenter.k8s.aws
  EC2NodeClass), requirement keys and template labels in its restricted
  karpenter.k8s.aws domain that it does not know (instance-familly), and
  instance-tenancy values other than default and dedicated;
- startupTaints with a qualified key and an effect NoSchedule, PreferNoSchedule
  or NoExecute, not repeating a taint's key and effect;
- limits that are resource quantities; static NodePools (replicas set, at
  least 0) without weight and with no limit but nodes;
- no field the CRD's schema lacks, such as karpenter.sh/v1beta1's
  spec.disruption.expireAfter or spec.template.spec.kubelet left in a v1
  NodePool: kubectl apply's default strict field validation refuses it, and
  a client that does not ask for it has the API server drop it silently.

The EC2NodeClass a NodePool uses, in the same file or in another YAML file of
the same directory (nodepool.yaml beside ec2nodeclass.yaml), is checked
against its CRD too (github.com/aws/karpenter-provider-aws v1.14.1,
karpenter.k8s.aws_ec2nodeclasses.yaml, with
ec2nodeclass_validation_cel_test.go as the test table, all of whose rejected
cases are caught): exactly one of role and
instanceProfile; amiSelectorTerms, subnetSelectorTerms and
securityGroupSelectorTerms present and not empty, each term with one of its
fields and id (and alias, name) alone as the CEL rules say; an alias
family@version of a known family (Windows only @latest) of at most 30
characters, alone, and an amiFamily that matches it (or Custom), or an
amiFamily when there is no alias; capacity reservation terms
(cr- ids, 12-digit owner ids, instanceMatchCriteria open or targeted); subnet-
and sg- ids; at most 20 tags in a selector term;
metadataOptions enums and a hop limit of 1–64; no tag Karpenter sets itself;
at most 50 block device mappings, one root volume at most and EBS volumes with a size or a snapshot, a
volumeSize in the CRD's range (1Gi–59000Gi, 1G–64000G, or Ti and T), a
volumeInitializationRate of 100–300 only with a snapshotID; network
interfaces with indexes of at least 0, a type interface or efa-only, a
primary interface (card 0, device 0, type interface), no repeated card and
device pair and at most one efa-only interface per card; connectionTracking
with at least one timeout, each in range (tcpEstablishedTimeout 60–432000,
udpStreamTimeout 60–180, udpTimeout 30–60); cpuOptions.nestedVirtualization
enabled or disabled; a placementGroupSelector with a name or a pg- id, not
both; instanceStorePolicy RAID0; ipPrefixCount of at least 0; kubelet
eviction and reserved keys, reserved values that are quantities, eviction thresholds that are percentages up to
100% or quantities, evictionSoft with its grace periods, maxPods and
podsPerCore of at least 0, image GC thresholds within 0–100 and in order; no
field the CRD's schema lacks.
Its userData must be what Karpenter can read for the class's AMI family
(amiFamily, else the alias's; pkg/providers/amifamily/bootstrap): TOML for
Bottlerocket, with [settings.kubernetes] values of the types Karpenter reads
(max-pods an integer, node-labels a table of strings…), and for AL2 and
AL2023 user data that starts with MIME-Version: or Content-Type: a MIME
multi-part archive with a boundary and parts that read; Windows and Custom
user data is passed on unread, and user data with a placeholder is not read.
Every family but Bottlerocket renders the user data whole into the launch
template, so user data over EC2's 16384-byte limit is refused
(UserDataSizeLimitExceeded). Its findings are reported at the EC2NodeClass's lines,
on the first NodePool of the file that uses it, or, for a class in another
file, on the first NodePool of the directory that uses it; a class name
declared in two files of the directory (variants) is not checked from another
file. A class with fewer than two of
its three selector lists may be a kustomize patch: what it leaves out is not
reported.

Labels, taints, consolidation settings, budget nodes, durations and reasons,
and weight are PL002, PL017, PL016 and PL031. karpenter.sh/v1beta1 NodePools
are not checked here. A value that cannot be resolved offline is not checked.
A NodePool without a nodeClassRef may be a kustomize patch of one declared
elsewhere: the fields it leaves out (nodeClassRef, requirements,
consolidateAfter) are not reported on it.`,
	Fix: `Change the NodePool (or the EC2NodeClass it uses) so Karpenter's CRD accepts it;
the message names the field. Common fixes: requirements with a key, an
operator and values that fit it (In with at least one value, Gt/Lt with one
integer); capacity types on-demand, spot or reserved; nodeClassRef with group,
kind and name; an EC2NodeClass with exactly one of role and instanceProfile and
non-empty amiSelectorTerms, subnetSelectorTerms and securityGroupSelectorTerms.
kubectl apply --dry-run=server against a cluster with Karpenter's CRDs shows
the same errors.`,
	Links: []Link{linkKarpenterNodePools, linkKarpenterNodeClasses, linkKarpenterDisruption},
	Check: func(p *Pass) { reportRejections(p, nodepool.ValidatorKarpenter) },
})
