package blobtest

import (
	"errors"
	"syscall"
)

// dieWithParent has the kernel kill the server when the test process dies, however it dies.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// processAlive reports whether pid runs; EPERM means it does, under another user.
func processAlive(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// userXattrs reports whether dir's filesystem stores user.* extended attributes, as versitygw's
// POSIX backend checks at start.
func userXattrs(dir string) bool {
	return syscall.Setxattr(dir, "user.loupe.probe", []byte("1"), 0) == nil
}
