package standards

import (
	"context"
	"time"
)

// Store is the persistence port: everything the Service keeps goes through
// it. storage/memory and storage/sqlstore implement it, and a host may bring
// its own; storage/storetest is the conformance suite every Store must pass.
//
// Every command of the Service runs inside one Update, so it is all or
// nothing: the change, its audit entry and its outbox events commit
// together or not at all.
type Store interface {
	// Update runs fn in a read-write transaction and commits when fn
	// returns nil. If fn returns an error, Update returns it and nothing fn
	// wrote remains; if fn panics, nothing remains and the panic carries on.
	// A context cancelled before the commit is an error and commits nothing.
	// Concurrent Updates behave as if run one at a time: a Store that cannot
	// serialise them (a serialization failure, a deadlock, a lock timeout,
	// SQLite busy) returns an error wrapping ErrTransient, never a lost
	// update, and never ErrConflict, which says that the data refused the
	// change (a unique key taken, a stale version).
	//
	// fn may run more than once: the Service runs a command again, in a new
	// Update, when one fails with ErrTransient. So fn must have no effect
	// outside the transaction (no mail sent, no variable of the caller's
	// appended to) that a second run would double; what it returns is
	// whatever its last run, the one that committed, set.
	//
	// Once a Tx method has failed, the transaction may be unusable (as on
	// PostgreSQL): fn should return the error rather than carry on.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// View runs fn in a read-only transaction that sees one consistent
	// state. fn must not write. Like Update's, fn may run more than once, and
	// a store reports a snapshot it could not give as ErrTransient.
	View(ctx context.Context, fn func(tx Tx) error) error
	// ClaimEvents, in a transaction of its own, claims for deliverer at
	// most limit outbox events, oldest first: those not acknowledged whose
	// lease, if any, ended at or before now. It leases each to deliverer
	// until until, and returns them. A claim is the only way two
	// deliverers share the outbox: two claims at once, from any number of
	// processes, never return one event to both while its lease lasts.
	// A store with row locks claims with SELECT … FOR UPDATE SKIP LOCKED
	// at a level that does not fail one claim for another's (READ
	// COMMITTED), so that claimers skip each other's rows rather than
	// wait or conflict; a store with one writer (SQLite, memory) claims
	// under its write lock. A limit of zero or less claims nothing.
	ClaimEvents(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]Event, error)
	// AckEvents, in a transaction of its own, acknowledges at at every
	// event of seqs (as Tx.AckEvent does), whoever claimed it, so that no
	// claim returns it again. An event acknowledged before keeps its time;
	// a seq the outbox does not hold is skipped and returned in unknown, in
	// order. Like ClaimEvents it runs at a level where acknowledgements of
	// different events do not fail each other, and it locks rows in seq
	// order, so that two acknowledgements of overlapping events do not
	// deadlock. On an error nothing is acknowledged.
	AckEvents(ctx context.Context, at time.Time, seqs []int64) (unknown []int64, err error)
	// ReleaseEvents, in a transaction of its own, ends at once the lease of
	// every event not acknowledged that deliverer holds, so that the next
	// claim, by any deliverer, returns it; it returns how many it
	// released. It is what a deliverer that stops does with what it
	// claimed and did not send, so that another need not wait for the
	// lease to end. Acknowledged events and other deliverers' leases are
	// left as they are; releasing when nothing is held is not an error.
	ReleaseEvents(ctx context.Context, deliverer string) (int, error)
	// WebhookQueue is the webhook deliveries' queue, shared as the outbox
	// is (webhook.go).
	WebhookQueue
}

// OneReadViewer is a Store that can answer a query that reads once without
// a transaction around it: one statement sees one state on its own, and on
// a database where every statement is a round trip (PostgreSQL, MySQL),
// BEGIN and COMMIT are two more. The Service calls ViewOneRead for the
// queries that usually read once: the pages that read their view before
// they know the actor, and find the actor in it (Tracker, CentreDashboard
// and the like), and Verify. It is optional: on a store without it those
// queries run in View.
type OneReadViewer interface {
	// ViewOneRead runs fn as View does, but may let fn's first read run
	// alone, outside any transaction, so fn must not write (as in View; a
	// store may not be able to refuse a write there). Should fn read more
	// than once, the store runs fn again in View and returns what that run
	// returns, so that fn's answer always comes from one consistent state:
	// whatever the first run set, the run that answers sets again.
	ViewOneRead(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is one transaction's view of the store: each interface it embeds is
// written beside its aggregate (CentreStore in centre.go, RecordStore in
// record.go, and so on). Its contract, which storage/storetest checks:
//
//   - Getters return an error wrapping ErrNotFound when nothing matches, and
//     so do updates and deletes of a missing row.
//   - Creates and updates return an error wrapping ErrConflict when they
//     would take a unique key another row holds. Every ID is unique.
//   - Lists are in the order each method states, comparing strings byte by
//     byte, and are empty (with a nil error) when nothing matches. A limit
//     of zero or less returns nothing.
//   - Times round-trip to the microsecond, as the same instant.
//   - Slices passed in or returned (Roles, To, TargetIDs, Attendees,
//     Updates) are not shared with the store.
//   - Sequence numbers grow but may have gaps (a rolled-back append may use
//     one up).
//   - A store may enforce that every id a row refers to names a row.
type Tx interface {
	CentreStore
	PersonStore
	RegistrationStore
	TrustStore
	RecordStore
	TargetStore
	MeetingStore
	StatementStore
	CertificateStore
	AuditLog
	Outbox
	DashboardStore
	TrustDashboardStore
	NationalStore
	ReminderStore
	HostKeyStore
	WebhookStore
}
