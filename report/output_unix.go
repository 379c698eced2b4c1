//go:build unix

package report

import (
	"errors"
	"syscall"
)

const oNoFollow = syscall.O_NOFOLLOW

// isLoop reports the error O_NOFOLLOW gives on a symbolic link.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
