package standards

import (
	"context"
	"time"
)

// ChangeCounter is what a Store implements to count the commands committed
// to it, so that a host can tell with one small read whether anything a
// view shows may have changed since it last read it (Service.Changes), and
// keep what it made of that view until then. storage/memory and
// storage/sqlstore implement it; a Store that does not simply leaves its
// hosts nothing to keep views by.
type ChangeCounter interface {
	// CountChange adds one to the count, once an Update has committed, in
	// a transaction of its own that never fails for another at the same
	// time (READ COMMITTED on a store with row locks), so that counting
	// adds no clash to the commands it counts. A store whose writes never
	// clash (one writer at a time, as SQLite's) may instead count inside
	// every Update that commits, with the change, and do nothing here.
	CountChange(ctx context.Context) error
	// ChangeCount reads the count as committed. It never goes back, and
	// it has grown by the time an Update that committed and the
	// CountChange after it have returned.
	ChangeCount(ctx context.Context) (int64, error)
}

// Changes is what every view depends on besides the actor and what it
// names: how many commands have committed, and the day the Service stands
// on, for the flags and dates that move with the day (a target falls due, a
// meeting becomes overdue). A view read after Changes returned a value is
// the same view as long as Changes returns that value again.
type Changes struct {
	// Count is the store's count of committed commands (ChangeCounter).
	Count int64
	// Today is the UK day of the Service's clock (Day).
	Today time.Time
	// At is the Service's clock when the count was read: what a host
	// that keeps something with an end in time (a host key's expiry,
	// HostKey.InForce) checks it against. It is not part of what a view
	// depends on; compare Count and Today.
	At time.Time
}

// Changes returns the store's count of committed commands and today, for a
// host that keeps views (the web app keeps pages): a view it read after a
// Changes equal to the one it has now may be shown again without reading
// it. counted is false when the store does not count its changes
// (ChangeCounter), and then nothing may be kept.
//
// Every command is counted once it has committed and before the method
// returns, so that whoever did something, on any instance, sees it at
// their next read. Where is the store's (ChangeCounter): on PostgreSQL and
// MySQL in a transaction of its own after the command's, since inside it
// every command would clash with every other over the one count; on
// SQLite, whose one writer clashes with nobody, inside the command's own.
// Should the count fail after the commit (the database gone at that
// instant), the command has happened and says so, and the failure is
// logged at error level: a host should keep views only for a short while
// (the web app keeps them a minute), which bounds how long such a change
// goes unseen. Writes that bypass the Service (a host's own SQL, a restore)
// are not counted.
func (s *Service) Changes(ctx context.Context) (_ Changes, counted bool, err error) {
	defer s.observe(&ctx, "Changes").done(&err)
	cc, ok := s.store.(ChangeCounter)
	if !ok {
		return Changes{}, false, nil
	}
	n, err := cc.ChangeCount(ctx)
	if err != nil {
		return Changes{}, false, outward(err)
	}
	now := s.clock()
	return Changes{Count: n, Today: Day(now), At: now}, true, nil
}

// countChange counts a committed command (ChangeCounter). The command's
// caller may have gone (a closed connection) the moment it committed: the
// count runs anyway, for the change happened.
func (s *Service) countChange(ctx context.Context) {
	cc, ok := s.store.(ChangeCounter)
	if !ok {
		return
	}
	ctx = context.WithoutCancel(ctx)
	if err := s.retrying(ctx, func() error { return cc.CountChange(ctx) }); err != nil {
		s.logger.ErrorContext(ctx, "standards: a committed command was not counted; kept views may show what it changed late", "err", err)
	}
}
