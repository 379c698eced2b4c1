// Package nodepool is poollint's common node-pool model. Every parser turns its
// input into []*Cluster; every rule reads only this model. A field carries its
// value, whether that value is known, where it is written and where it came
// from, so that rules never fire on a value poollint could not resolve and
// messages can point a reviewer at the right line.
package nodepool

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Pos is a source position: 1-based line and column in File.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.File != "" && p.Line > 0 }

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Origin says how a field's value was obtained.
type Origin string

const (
	OriginLiteral    Origin = "literal"           // written in place
	OriginParamDflt  Origin = "parameter-default" // a template parameter's default value
	OriginParamFile  Origin = "parameter-file"    // a parameter file or --param-file
	OriginVariable   Origin = "variable"          // a template variable
	OriginExpression Origin = "expression"        // computed by an expression
	OriginDefault    Origin = "default"           // the platform's default for an unset field
)

// Field is one setting of a cluster or pool.
//
// Three states matter to rules:
//   - unset:   Set is false; the source does not mention the field.
//   - unknown: Set is true, Known is false; the value could not be resolved
//     offline. No rule may fire on an unknown value.
//   - known:   Known is true and Value holds it.
//
// Platform defaults are filled in by ApplyDefaults with Origin "default".
type Field[T any] struct {
	Value  T      `json:"value"`
	Known  bool   `json:"known"`
	Set    bool   `json:"set"`
	Pos    Pos    `json:"pos"`
	Origin Origin `json:"origin,omitempty"`
	// From names the parameter or variable the value came from, and the file
	// that supplied it when it is not the template itself.
	From string `json:"from,omitempty"`
	// Why says, for an unknown value, what made it unknown (a function
	// evaluated only at deployment, a variable given no value…); WhyPos is
	// where that cause is written, when it is not on the field's own line
	// (a variable's declaration, another file). Rules never read them.
	Why    string `json:"why,omitempty"`
	WhyPos Pos    `json:"whyPos,omitzero"`
}

// SetWhy records why the field is unknown, and where the cause is written
// (kept only when it is not on the field's own line).
func (f *Field[T]) SetWhy(why string, at Pos) {
	f.Why, f.WhyPos = why, Pos{}
	if why != "" && at.IsValid() && (at.File != f.Pos.File || at.Line != f.Pos.Line) {
		f.WhyPos = at
	}
}

// Explain is Why with where its cause is written when that is not the
// field's line: "parameter size has no default… (line 4)", "var.x has no
// default… (variables.tf:3)". It is "" for a field that says no reason.
func (f Field[T]) Explain() string {
	p := f.WhyPos
	switch {
	case f.Why == "" || !p.IsValid() || (p.File == f.Pos.File && p.Line == f.Pos.Line):
		return f.Why
	case p.File == f.Pos.File:
		return fmt.Sprintf("%s (line %d)", f.Why, p.Line)
	}
	return fmt.Sprintf("%s (%s:%d)", f.Why, p.File, p.Line)
}

// IsZero reports a field the source does not mention and no default
// filled: `poollint model` and the Rego input leave it out (omitzero), which
// a policy reads exactly like an unknown value.
func (f Field[T]) IsZero() bool { return !f.Set && !f.Known }

// Known returns a known field holding v.
func Known[T any](v T, pos Pos, origin Origin) Field[T] {
	return Field[T]{Value: v, Known: true, Set: true, Pos: pos, Origin: origin}
}

// Unknown returns a set field whose value could not be resolved.
func Unknown[T any](pos Pos) Field[T] {
	return Field[T]{Set: true, Pos: pos, Origin: OriginExpression}
}

// UnknownBecause returns a set field whose value could not be resolved,
// and why (see Field.Why).
func UnknownBecause[T any](pos Pos, why string) Field[T] {
	return Field[T]{Set: true, Pos: pos, Origin: OriginExpression, Why: why}
}

// OneOf is a single value as a one-item list (an instance type given
// where a list of them is read), with its position, origin and reason.
func OneOf[T any](f Field[T]) Field[[]T] {
	l := Field[[]T]{Set: f.Set, Known: f.Known, Pos: f.Pos, Origin: f.Origin, From: f.From, Why: f.Why, WhyPos: f.WhyPos}
	if f.Known {
		l.Value = []T{f.Value}
	}
	return l
}

// Source describes where a known value came from, for messages; it is empty
// for literals written in place.
func (f Field[T]) Source() string {
	// Terraform names its inputs var.x; ARM's are plain parameter names.
	tfVar := strings.HasPrefix(f.From, "var.") || strings.HasPrefix(f.From, "-var ")
	switch {
	case f.Origin == OriginParamDflt && tfVar:
		return fmt.Sprintf("from the default of %s", f.From)
	case f.Origin == OriginParamFile && tfVar:
		return fmt.Sprintf("from %s", f.From)
	}
	switch f.Origin {
	case OriginParamDflt:
		return fmt.Sprintf("from the default of parameter %s", f.From)
	case OriginParamFile:
		return fmt.Sprintf("from parameter %s", f.From)
	case OriginVariable:
		return fmt.Sprintf("from variable %s", f.From)
	case OriginExpression:
		if f.From != "" {
			return fmt.Sprintf("computed from %s", f.From)
		}
		return "computed by an expression"
	case OriginDefault:
		return "the platform default"
	}
	return ""
}

// Provider is the cloud a cluster runs on.
type Provider string

const (
	Azure Provider = "azure"
	AWS   Provider = "aws"
)

// Priority values, provider-neutral.
const (
	PriorityRegular = "Regular"
	PrioritySpot    = "Spot"
	PriorityMixed   = "Mixed" // Karpenter pools that allow both
)

// Mode values.
const (
	ModeSystem  = "System"
	ModeUser    = "User"
	ModeGateway = "Gateway"
)

// Cluster is one Kubernetes cluster and its pools.
type Cluster struct {
	Provider Provider `json:"provider"`
	// Format is the parser that produced the cluster (arm, terraform, ...).
	// Rules must not read it; it is for reports and debugging.
	Format string `json:"format"`
	// ID identifies the cluster stably within its file (resource path, symbolic
	// name, or address); it feeds finding fingerprints.
	ID   string        `json:"id"`
	Name Field[string] `json:"name,omitzero"`
	Pos  Pos           `json:"pos"`
	// Partial is true when the file declares pools of a cluster that is defined
	// elsewhere (a standalone agent pool template): cluster-wide rules that
	// count or compare all pools must not fire on it.
	Partial bool `json:"partial"`
	// PoolsUnknown is true when some of the cluster's pools could not be
	// resolved (for example a pool list given as an unresolvable expression):
	// len(Pools) is then a lower bound.
	PoolsUnknown bool `json:"poolsUnknown"`
	// PoolsWhy says why some pools could not be resolved (the first
	// reason found), PoolsWhyPos where that cause is written.
	PoolsWhy    string `json:"poolsWhy,omitempty"`
	PoolsWhyPos Pos    `json:"poolsWhyPos,omitzero"`
	// Rejections are the validator checks the cluster's document fails
	// outside any one pool (a misspelt list of node groups, which leaves
	// no pool to hang them on); not part of the printed model.
	Rejections []Rejection `json:"-"`

	KubernetesVersion Field[string] `json:"kubernetesVersion,omitzero"`
	LoadBalancerSKU   Field[string] `json:"loadBalancerSku,omitzero"`
	NetworkPlugin     Field[string] `json:"networkPlugin,omitzero"`
	NetworkPluginMode Field[string] `json:"networkPluginMode,omitzero"`

	Pools []*Pool `json:"pools"`
	// CallSites are the module calls (outermost first) through which the
	// cluster was declared, for related locations in reports.
	CallSites []Pos `json:"callSites,omitempty"`
	// LinkKey names the cluster across files of one directory (a Cluster
	// API cluster, an ASO ManagedCluster): the scan merges clusters with the
	// same key, so pools declared in another file join their cluster.
	LinkKey string `json:"linkKey,omitempty"`
	// Suppressions silence rules for the whole cluster (an ARM resource's
	// metadata, for example).
	Suppressions []Suppression `json:"suppressions,omitempty"`
	// Ignores are the poollint:ignore comments of the files the cluster's
	// positions are in (recorded as the parsers read them); the scan
	// matches findings against them.
	Ignores []IgnoreComment `json:"-"`
}

// PoolsUnknownBecause sets PoolsUnknown, saying why and where the cause
// is written; the first reason given is kept.
func (c *Cluster) PoolsUnknownBecause(why string, at Pos) {
	c.PoolsUnknown = true
	if c.PoolsWhy == "" {
		c.PoolsWhy, c.PoolsWhyPos = why, at
	}
}

// IgnoreComment is one `poollint:ignore RULE[,RULE] reason` comment. It
// silences the rules it names on its own line and, when it is all its line
// holds, on the next one.
type IgnoreComment struct {
	Pos    Pos      // where poollint:ignore is written
	Rules  []string // rule IDs or names, or "all"
	Reason string
	// Alone is true when nothing but the comment is on its line.
	Alone bool
	// Problem says why a malformed comment cannot be read (Rules is then
	// empty).
	Problem string
}

// Covers reports whether the comment applies to a finding at p.
func (c IgnoreComment) Covers(p Pos) bool {
	return c.Pos.File == p.File && (c.Pos.Line == p.Line || (c.Alone && c.Pos.Line == p.Line-1))
}

// Suppression silences one rule, with the reason the author gave.
type Suppression struct {
	Rule   string `json:"rule"` // ID or name
	Reason string `json:"reason"`
	Pos    Pos    `json:"pos"`
}

// Label is one node label; Pos is where its key is written. ValueKnown is
// false when the key is known but its value could not be resolved.
type Label struct {
	Key        string `json:"key"`
	Value      string `json:"value"`
	ValueKnown bool   `json:"valueKnown"`
	Pos        Pos    `json:"pos"`
}

// Taint is one node taint. Raw holds the string form when the source used one.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Effect string `json:"effect"`
	Raw    string `json:"raw,omitempty"`
	Pos    Pos    `json:"pos"`
}

// Pool is one node pool (AKS agent pool, EKS node group, Karpenter NodePool…).
//
// For the list fields Labels, Taints and Zones, Value holds the entries whose
// keys are known, and Known says whether that list is complete: a rule about
// one entry may look at Value whenever it is set, a rule about the whole list
// (a count, a duplicate) only when Known is true.
type Pool struct {
	// ID identifies the pool stably within its file.
	ID   string        `json:"id"`
	Name Field[string] `json:"name,omitzero"`
	Pos  Pos           `json:"pos"`
	// Default is true for the cluster's first/default pool (AKS
	// agentPoolProfiles[0], Terraform default_node_pool).
	Default bool `json:"default"`

	Mode                Field[string]   `json:"mode,omitzero"`
	VMSize              Field[string]   `json:"vmSize,omitzero"`
	OSType              Field[string]   `json:"osType,omitzero"`
	OSSKU               Field[string]   `json:"osSku,omitzero"`
	Count               Field[int64]    `json:"count,omitzero"`
	MinCount            Field[int64]    `json:"minCount,omitzero"`
	MaxCount            Field[int64]    `json:"maxCount,omitzero"`
	AutoScaling         Field[bool]     `json:"autoScaling,omitzero"`
	Priority            Field[string]   `json:"priority,omitzero"`
	EvictionPolicy      Field[string]   `json:"evictionPolicy,omitzero"`
	SpotMaxPrice        Field[float64]  `json:"spotMaxPrice,omitzero"`
	OSDiskType          Field[string]   `json:"osDiskType,omitzero"`
	OSDiskSizeGB        Field[int64]    `json:"osDiskSizeGB,omitzero"`
	Labels              Field[[]Label]  `json:"labels"`
	Taints              Field[[]Taint]  `json:"taints"`
	MaxSurge            Field[string]   `json:"maxSurge,omitzero"`
	MaxUnavailable      Field[string]   `json:"maxUnavailable,omitzero"`
	Zones               Field[[]string] `json:"zones"`
	VnetSubnetID        Field[string]   `json:"vnetSubnetId,omitzero"`
	PodSubnetID         Field[string]   `json:"podSubnetId,omitzero"`
	MaxPods             Field[int64]    `json:"maxPods,omitzero"`
	OrchestratorVersion Field[string]   `json:"orchestratorVersion,omitzero"`
	VMSetType           Field[string]   `json:"vmSetType,omitzero"`
	// UnavailableBoth is set (known true) when an EKS update config gives
	// both maxUnavailable and maxUnavailablePercentage, which EKS rejects;
	// MaxUnavailable then holds the count.
	UnavailableBoth Field[bool] `json:"unavailableBoth,omitzero"`
	// SubnetPrefix is the address prefix (CIDR) of the pool's node subnet,
	// when the subnet is declared in the same configuration.
	SubnetPrefix Field[string] `json:"subnetPrefix,omitzero"`
	// InstanceTypes lists the instance types an EKS node group may use;
	// VMSize holds the single size of an AKS pool.
	InstanceTypes Field[[]string] `json:"instanceTypes"`
	// LaunchTemplateInstanceType is the instance type set by the launch
	// template an EKS managed node group names (unset when it sets none,
	// unknown when the template is not read). EKS refuses a node group
	// whose launch template and own instance types both name one.
	LaunchTemplateInstanceType Field[string] `json:"launchTemplateInstanceType,omitzero"`
	// RotationName is Terraform azurerm's temporary_name_for_rotation: the
	// temporary pool through which some changes cycle the pool.
	RotationName Field[string] `json:"temporaryNameForRotation,omitzero"`
	// Rejections are the checks of the platform's own validator the pool
	// fails (see Rejection); they are not part of the printed model.
	Rejections []Rejection `json:"-"`
	// CallSites are the module calls through which the pool was declared.
	CallSites []Pos `json:"callSites,omitempty"`
	// Karpenter holds what only Karpenter NodePools have.
	Karpenter *Karpenter `json:"karpenter,omitempty"`
	// Suppressions silence rules for this pool.
	Suppressions []Suppression `json:"suppressions,omitempty"`
	// Schema names the resource type Settings are spelled in (SchemaAKS,
	// SchemaAzurerm, …); "" when the parser keeps no settings.
	Schema   string   `json:"-"`
	Settings Settings `json:"-"`
}

// Karpenter is the part of a Karpenter NodePool with no counterpart in other
// pools: requirements, limits, disruption, weight and node class.
type Karpenter struct {
	Requirements []Requirement  `json:"requirements"`
	Limits       Field[[]Label] `json:"limits"` // resource name -> quantity
	Weight       Field[int64]   `json:"weight,omitzero"`
	// Replicas is set on a static NodePool (Karpenter ≥ 1.7): a fixed
	// number of nodes instead of provisioning on demand.
	Replicas            Field[int64]    `json:"replicas,omitzero"`
	ConsolidationPolicy Field[string]   `json:"consolidationPolicy,omitzero"`
	ConsolidateAfter    Field[string]   `json:"consolidateAfter,omitzero"`
	ExpireAfter         Field[string]   `json:"expireAfter,omitzero"`
	Budgets             Field[[]Budget] `json:"budgets"`
	StartupTaints       Field[[]Taint]  `json:"startupTaints"`
	NodeClassRef        Field[string]   `json:"nodeClassRef,omitzero"`
	NodeClassKind       Field[string]   `json:"nodeClassKind,omitzero"`
}

// Requirement is one Karpenter scheduling requirement.
type Requirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values"`
	Pos      Pos      `json:"pos"`
}

// Budget is one Karpenter disruption budget.
type Budget struct {
	Nodes    string   `json:"nodes"`
	Schedule string   `json:"schedule,omitempty"`
	Duration string   `json:"duration,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
	Pos      Pos      `json:"pos"`
}

// DisplayName is the pool's name for messages: its name, else its ID
// when that reads as one (a Terraform address), else where it is declared
// ("main.bicep:120"), never a position in a template's JSON.
func (p *Pool) DisplayName() string {
	if p.Name.Known {
		return p.Name.Value
	}
	return readable(p.ID, p.Pos)
}

// DisplayName is the cluster's name for messages, as Pool.DisplayName.
func (c *Cluster) DisplayName() string {
	if c.Name.Known {
		return c.Name.Value
	}
	return readable(c.ID, c.Pos)
}

// readable is id, or file:line for an ID that only names a position in a
// template's JSON (resources[37], resources[2][0].template.resources[1]).
func readable(id string, pos Pos) string {
	if pos.IsValid() && strings.Contains(id, "resources[") {
		return fmt.Sprintf("%s:%d", path.Base(pos.File), pos.Line)
	}
	return id
}

// SortPools orders pools by position, so output never depends on map order.
func (c *Cluster) SortPools() {
	sort.SliceStable(c.Pools, func(i, j int) bool {
		return c.Pools[i].Pos.Compare(c.Pools[j].Pos) < 0
	})
}

// ParseTaint splits the string form key=value:Effect (or key:Effect) used by
// AKS, Terraform and kubectl.
func ParseTaint(s string, pos Pos) Taint {
	t := Taint{Raw: s, Pos: pos}
	kv := s
	if i := strings.LastIndex(s, ":"); i >= 0 {
		kv, t.Effect = s[:i], s[i+1:]
	}
	if i := strings.Index(kv, "="); i >= 0 {
		t.Key, t.Value = kv[:i], kv[i+1:]
	} else {
		t.Key = kv
	}
	return t
}

// Compare orders positions by file, line and column: -1, 0 or +1. It is
// the one position order of poollint (pools, findings).
func (p Pos) Compare(q Pos) int {
	switch {
	case p.File != q.File:
		return cmpLess(p.File < q.File)
	case p.Line != q.Line:
		return cmpLess(p.Line < q.Line)
	case p.Col != q.Col:
		return cmpLess(p.Col < q.Col)
	}
	return 0
}

func cmpLess(less bool) int {
	if less {
		return -1
	}
	return 1
}
