//go:build !linux

package blobtest

import "syscall"

// dieWithParent is Linux-only (Pdeathsig); elsewhere a killed test process leaves its server
// running until someone ends it.
func dieWithParent() *syscall.SysProcAttr { return nil }

// processAlive assumes every pid is alive, so that no other platform deletes a directory in use.
func processAlive(int) bool { return true }

// userXattrs is false so that versitygw keeps its metadata in a sidecar directory, which works
// on every filesystem.
func userXattrs(string) bool { return false }
