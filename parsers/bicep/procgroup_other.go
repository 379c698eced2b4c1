//go:build !unix

package bicep

import (
	"os/exec"
	"time"
)

// ownGroup bounds the wait for the compiler's output once it is ended;
// without process groups only the compiler itself is killed.
func ownGroup(cmd *exec.Cmd) { cmd.WaitDelay = time.Second }

func killGroup(*exec.Cmd) {}
