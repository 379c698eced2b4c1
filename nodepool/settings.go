package nodepool

// Schemas a pool's Settings can be read against: the resource type whose
// field names they use.
const (
	// SchemaAKS is the AKS REST API's agent pool properties (ARM, Bicep,
	// ASO and CAPZ's AzureASOManagedMachinePool use its names).
	SchemaAKS = "aks"
	// SchemaAzurerm is azurerm's azurerm_kubernetes_cluster_node_pool or
	// default_node_pool block (Pool.Default tells them apart).
	SchemaAzurerm = "azurerm"
	// SchemaCAPZ is Cluster API Azure's AzureManagedMachinePool spec.
	SchemaCAPZ = "capz"
	// SchemaAWSNodeGroup is the aws provider's aws_eks_node_group.
	SchemaAWSNodeGroup = "aws_eks_node_group"
	// SchemaCFNNodegroup is CloudFormation's AWS::EKS::Nodegroup Properties.
	SchemaCFNNodegroup = "AWS::EKS::Nodegroup"
)

// Settings are a pool's settings as its schema spells them, flattened to
// dotted paths ("upgradeSettings.maxSurge", "linux_os_config.sysctl_config",
// "taint[1].effect"): ported validators check them field by field against
// tables of the schema's enums, ranges and patterns. A nested object or
// block has an entry of its own (Value a map[string]any) besides its
// members' entries; a list has one (Value a []any) besides its elements'
// ("subnet_ids[0]"). Values follow package conv: string, int64, float64,
// bool, []any, map[string]any; an unresolved value is set and not known.
//
// They are not part of the printed model or the Rego input.
type Settings map[string]Field[any]

// Get returns the setting at path, or an unset field.
func (s Settings) Get(path string) Field[any] { return s[path] }

// Has reports whether the source mentions the setting (known or not).
func (s Settings) Has(path string) bool { return s[path].Set }
