//go:build unix

package bicep

import (
	"os/exec"
	"syscall"
	"time"
)

// ownGroup makes cmd the leader of a process group of its own, so that
// ending it (its context done) kills the processes it started too: a
// compiler's child left running would otherwise keep it alive past its
// timeout.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	// Children holding the output pipes open must not keep Wait waiting.
	cmd.WaitDelay = time.Second
}

// killGroup kills what is left of cmd's process group once cmd has
// returned. The group keeps its id while any member lives, so the id names
// no other process.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
