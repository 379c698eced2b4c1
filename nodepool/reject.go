package nodepool

// Rejection is a check of a platform's own validator that a pool fails:
// eksctl's node-group validation, Karpenter's NodePool CRD (its schema,
// CEL rules and runtime validation), Cluster API AWS's and Azure's webhooks. Parsers
// run these checks on the document as written, where the field paths are
// still at hand, and only on known values; rules report them.
type Rejection struct {
	// Validator names the check's source: ValidatorEksctl, …
	Validator string
	// Field is the path the validator names ("nodeGroups[0].volumeIOPS",
	// "spec.template.spec.requirements[1]").
	Field string
	// Message says what the validator rejects and how to fix it.
	Message string
	Pos     Pos
	// Dropped marks what the validator lets through but the tool then
	// ignores, so the setting written is silently lost (a key eksctl's
	// strict check matches ignoring case and its decoder drops): rules
	// report it as a warning, not a rejection.
	Dropped bool
}

// Validators whose checks parsers run.
const (
	ValidatorEksctl    = "eksctl"
	ValidatorKarpenter = "karpenter"
	ValidatorCAPA      = "capa"
	ValidatorCAPZ      = "capz"
	ValidatorCAPI      = "capi" // Cluster API's core webhooks
)
