// Package memory is a standards.Store held in memory: for tests, examples and
// tiny deployments that can lose their data on restart.
//
// It is safe for concurrent use. Update transactions run one at a time under
// a lock, so they are serialisable; View transactions run alongside each
// other. A failed Update really rolls back: every write of the transaction
// records how to undo itself, and the undo log runs in reverse when the
// function returns an error or panics.
//
//	store := memory.New()
//	svc := standards.New(store)
package memory
