// Package longtest chooses between the short and the long version of the
// tests that run for a set time or a set number of rounds (the concurrency
// soak, the crash test, the backup drill). `go test ./...` and CI run the
// short ones; EOPS_LONG=1 runs the long ones:
//
//	EOPS_LONG=1 go test ./storage/sqlstore -run 'Soak|Crash|Backup' -v -timeout 1h
package longtest

import "os"

// Env is the variable that asks for the long versions.
const Env = "EOPS_LONG"

// Enabled reports whether the long versions were asked for.
func Enabled() bool { return os.Getenv(Env) == "1" }

// Pick returns long when the long versions were asked for, else short.
func Pick[T any](short, long T) T {
	if Enabled() {
		return long
	}
	return short
}
