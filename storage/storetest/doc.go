// Package storetest is the conformance suite every standards.Store must
// pass: storage/memory, storage/sqlstore on each of its databases, and any
// Store a host brings of its own.
//
// A Store's test calls Run once per backend with a function that returns a
// new, empty store. Run calls it once in every subtest, from that subtest,
// so each behaviour is checked on a store of its own; register cleanup (a
// closed connection, a dropped schema) with t.Cleanup:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) standards.Store {
//			db := openEmptyDatabase(t) // e.g. SQLite in t.TempDir()
//			t.Cleanup(func() { db.Close() })
//			return mystore.New(db)
//		})
//	}
//
// Subtests are named Group/Behaviour, such as Centres/DuplicateNumber,
// Registrations/OrderByCentre or Rollback/PanicUndoesEverything, so one
// group or one behaviour can be run on its own:
//
//	go test -race -run 'TestConformance/Outbox/' ./mystore
//
// Every subtest calls t.Parallel, so the stores newStore returns must share
// nothing: give each its own database, schema or table prefix.
//
// The Views group checks the whole views the Service's queries read
// (RecordSheet, CentreSheet, PersonSheet, TrustSheet, CentreProgress,
// CentreAudit, TrustYear) against the store's own lists: a store may make
// each view from its lists and pass, and read it faster later. A record's
// sheet is read with each of its parts alone and with some together: each
// part asked for must be whole, and a store may bring the others too.
//
// The suite checks the contract written in the doc comments of
// standards.Store and standards.Tx, not the rules of the domain. It relies
// on nothing more, and in particular:
//
//   - Times are built in UTC at microsecond precision and compared as
//     instants; a Store may return them in any location.
//   - A nil slice and an empty one are the same (Registration.Roles,
//     Event.To, CPDEntry.TargetIDs, Meeting.Attendees and Updates, lists
//     that match nothing).
//   - Sequence numbers of the audit log, the outbox and target history must
//     be positive and increasing; gaps, such as those a rolled-back append
//     leaves in a SQL sequence, are allowed.
//   - Every id the suite stores in a field names a row it created first, so
//     a Store may enforce foreign keys. No test relies on one, though.
//   - A write that is expected to fail, such as a duplicate key, runs in an
//     Update of its own and is the last call in it, because some databases
//     (PostgreSQL among them) refuse every later statement of a transaction
//     once one has failed.
//   - Concurrent Updates may fail with an error wrapping
//     standards.ErrTransient, as the contract allows, and never with
//     ErrConflict, which is a rule's refusal; a lost update, or a View that
//     sees half of a transaction, fails the suite. ClashIsTransient forces
//     the clash (two Updates that both read, then both write, one row) on a
//     store whose Updates overlap.
//
// Run the suite with -race: the concurrency test is only as good as the
// race detector watching it.
//
// Passing is the certificate of a store: a Store that passes Run of a
// version works with the standards.Service of that version, and nothing
// else is promised to it. A new version may add behaviours to the Store
// port, and cases here that define them; before v1 a new minor version may
// do so, announced in the CHANGELOG (docs/compatibility.md). So run the
// suite again on every upgrade, with the version of this package that
// matches the library's.
package storetest
