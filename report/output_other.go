//go:build !unix

package report

const oNoFollow = 0

func isLoop(error) bool { return false }
