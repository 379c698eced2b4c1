package finding

import (
	"fmt"

	"github.com/poollint/poollint/nodepool"
)

// Level is a diagnostic's seriousness.
type Level string

const (
	// LevelError means the file (or part of it) could not be read: the scan
	// is incomplete and exits 2.
	LevelError Level = "error"
	// LevelNote is information, such as a file skipped on purpose.
	LevelNote Level = "note"
)

// Diagnostic is a problem reading an input file; it is not a finding.
type Diagnostic struct {
	Pos     nodepool.Pos `json:"pos"`
	Level   Level        `json:"level"`
	Message string       `json:"message"`
	// Unread, on a diagnostic saying that a part of the input that may
	// declare node pools was not read (a module not installed, a chart not
	// rendered), names that kind of part: the summary counts them
	// ("2 Terraform module call(s) with node-pool inputs not installed").
	Unread string `json:"unread,omitempty"`
}

// Kinds of parts of the input not read (Diagnostic.Unread), as the
// summary names them.
const (
	UnreadModule        = "Terraform module call(s) with node-pool inputs not installed (terraform init, or --download-modules)"
	UnreadModuleVersion = "Terraform registry module call(s) of a version poollint does not know, not installed"
	UnreadChart         = "Helm chart(s) not rendered"
	UnreadBicepModule   = "Bicep module(s) not read"
	UnreadTerragrunt    = "Terragrunt configuration(s) with node-pool inputs not read (scan the plan's JSON)"
	// UnreadKustomizePatch: a file a kustomization lists as a patch.
	UnreadKustomizePatch = "kustomize patch(es) of node pools or clusters not applied (kustomize build … | poollint scan -)"
	// UnreadKarpenterProvisioner: karpenter.sh/v1alpha5, before NodePool.
	UnreadKarpenterProvisioner = "Karpenter Provisioner(s) (karpenter.sh/v1alpha5, before NodePool) not read"
)

// WithUnread returns d marked as saying that a part of kind what was not
// read.
func (d Diagnostic) WithUnread(what string) Diagnostic {
	d.Unread = what
	return d
}

// IsError reports an error diagnostic.
func (d Diagnostic) IsError() bool { return d.Level == LevelError }

// Errorf builds an error diagnostic.
func Errorf(pos nodepool.Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Level: LevelError, Message: sprintf(format, args...)}
}

// Notef builds a note diagnostic.
func Notef(pos nodepool.Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Level: LevelNote, Message: sprintf(format, args...)}
}

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
