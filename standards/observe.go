package standards

import (
	"context"
	"time"
)

// Observer hears of every command and query the Service runs: one report
// per call of a Service method that takes a context (issue 20, item 6). It
// is how a host feeds the Service into its tracing and metrics without this
// package importing any of them; the otelobserver package is one for
// OpenTelemetry.
//
// Start is called as the method begins, with the caller's context and the
// method's name ("ProposeTarget"). The context it returns is the one the
// method runs in, store and all: an Observer that starts a span puts it
// there, so that the spans a store makes for its SQL nest under the
// command's. The Service calls the returned function exactly once, when the
// method returns, with how it went. Start and the function it returns must
// be safe for concurrent use by many calls at once, and quick: they run
// inside every call.
//
// A bulk call reports itself and, under it, each row's own call:
// DecideRegistrations each ApproveRegistration or RejectRegistration,
// RegisterColleagues each RegisterColleague. Catalogue and ClaimGrace,
// which read no store and take no context, are not reported.
type Observer interface {
	Start(ctx context.Context, operation string) (context.Context, func(Outcome))
}

// Outcome is how one observed call went.
type Outcome struct {
	// Kind is "ok", or the kind code of the error the call returned
	// (ErrorCode): invalid, unauthenticated, not_found, forbidden,
	// conflict, not_eligible, transient, unavailable, canceled or
	// internal. It is for grouping and alerting: the kinds a person's
	// request causes (invalid, unauthenticated, not_found, forbidden,
	// conflict, not_eligible) say the system worked, as does canceled (the
	// caller's context ended: a person closed the page); the others
	// (transient, unavailable, internal) say it did not.
	Kind string
	// Err is the error the call returned, nil when Kind is "ok". Its
	// message may carry a store's own words: it is for an operator's log,
	// not for the person who asked.
	Err error
	// Duration is the call's time from Start to its return, pauses
	// between tries included.
	Duration time.Duration
	// Retries is how many times the call ran a transaction again after the
	// store refused it as ErrTransient (0 when the first try of each
	// transaction went through); a bulk call's count includes its rows'.
	Retries int
}

// Failed says whether the outcome is the system's fault rather than an
// answer to the person's request: the store was unreachable or stayed busy
// through every try (unavailable, transient), or something the Service does
// not recognise went wrong (internal). A tracer marks such a call's span as
// an error; a refusal the rules made (forbidden, conflict, invalid …) is a
// correct answer, not a failure of the system.
func (o Outcome) Failed() bool {
	switch Code(o.Kind) {
	case CodeUnavailable, CodeTransient, CodeInternal:
		return true
	}
	return false
}

// WithObserver reports every command and query to o. A nil observer is
// ignored; by default there is none, and the Service does no work for one.
func WithObserver(o Observer) Option {
	return func(s *Service) {
		if o != nil {
			s.observer = o
		}
	}
}

// observe begins the report of the Service method op. It replaces *ctx with
// the observer's context, so that everything the method does runs in it,
// and returns what the method defers to end the report with the error it
// returns:
//
//	defer s.observe(&ctx, "ProposeTarget").done(&err)
//
// With no observer it returns nil, whose done does nothing, and the call
// allocates nothing for it (TestObserveNoneAllocatesNothing): a method
// rather than a returned func, so that err stays on the stack.
func (s *Service) observe(ctx *context.Context, op string) *observation {
	if s.observer == nil {
		return nil
	}
	o := &observation{start: time.Now()}
	// A row's call within a bulk call counts its retries for the bulk
	// call too.
	o.tries.outer, _ = (*ctx).Value(retryCountKey{}).(*retryCount)
	c, end := s.observer.Start(context.WithValue(*ctx, retryCountKey{}, &o.tries), op)
	o.end = end
	*ctx = c
	return o
}

// observation is one observed call under way.
type observation struct {
	end   func(Outcome)
	start time.Time
	tries retryCount
}

// done ends the report with the error the method returns.
func (o *observation) done(errp *error) {
	if o == nil {
		return
	}
	err := *errp
	o.end(Outcome{Kind: outcomeKind(err), Err: err, Duration: time.Since(o.start), Retries: o.tries.n})
}

// retryCount counts the runs again of an observed call's transactions, and
// those of the call it is a row of (outer). One call runs on one
// goroutine, so a plain int does.
type retryCount struct {
	n     int
	outer *retryCount
}

type retryCountKey struct{}

// countRetry notes, for the observer, one run again of a transaction of the
// call ctx belongs to.
func countRetry(ctx context.Context) {
	c, _ := ctx.Value(retryCountKey{}).(*retryCount)
	for ; c != nil; c = c.outer {
		c.n++
	}
}

// outcomeKind names the kind of err for Outcome.Kind: "ok", or its kind
// code (ErrorCode).
func outcomeKind(err error) string {
	if err == nil {
		return "ok"
	}
	return string(ErrorCode(err))
}
