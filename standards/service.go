package standards

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"time"
)

// Service runs the standards for a host. Every method that acts for someone
// takes the Actor first after the context, checks what that actor may do,
// and runs as one transaction of the Store. A Service is safe for concurrent
// use if its Store is.
type Service struct {
	store     Store
	now       func() time.Time
	logger    *slog.Logger
	ids       idSource
	catalogue *Catalogue
	grace     time.Duration
	// meetingGap is the gap of FlagNoRecentMeeting; zero means
	// DefaultMeetingGap.
	meetingGap time.Duration
	// observer hears of every call (WithObserver); nil when none does.
	observer Observer
	// webhookLoopback lets endpoints be registered at loopback and private
	// addresses (WithWebhookLoopback).
	webhookLoopback bool
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock the service reads the time from; tests and
// demos use it to stand on a given day of the academic year.
func WithClock(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithLogger sets the logger for committed commands (at debug level). A
// nil logger is ignored; the default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(s *Service) {
		if l != nil {
			s.logger = l
		}
	}
}

// WithCatalogue replaces the catalogue of suggested areas and starter
// templates shipped with the library (DefaultCatalogue). The Service keeps
// a copy: editions published to c afterwards do not reach it, so that no
// caller changes it under a running Service. A nil catalogue is ignored.
func WithCatalogue(c *Catalogue) Option {
	return func(s *Service) {
		if c != nil {
			s.catalogue = &Catalogue{editions: slices.Clone(c.editions)}
		}
	}
}

// DefaultClaimGrace is how long after the academic year ends a certificate
// may still be claimed, unless WithClaimGrace says otherwise.
const DefaultClaimGrace = 30 * 24 * time.Hour

// WithClaimGrace sets the operator's grace period after the academic year
// in which a claim is still accepted (R-CLM-1, condition 9); a negative
// period counts as none.
func WithClaimGrace(d time.Duration) Option {
	return func(s *Service) { s.grace = max(d, 0) }
}

// ClaimGrace is the grace period after an academic year in which this
// service still accepts a claim for it (WithClaimGrace): until then a
// year's records may still need someone to act.
func (s *Service) ClaimGrace() time.Duration { return s.grace }

// New returns a Service over store. It works with no options: the real
// clock, a logger that discards, the shipped catalogue, and a claim grace
// period of DefaultClaimGrace.
func New(store Store, opts ...Option) *Service {
	s := &Service{
		store:     store,
		now:       time.Now,
		logger:    slog.New(slog.DiscardHandler),
		catalogue: DefaultCatalogue(),
		grace:     DefaultClaimGrace,
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// clock returns the time now in UTC, to the microsecond, which is what every
// store keeps.
func (s *Service) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// call is one service call in its transaction: who is acting, as whom they
// are known, and when.
type call struct {
	svc    *Service
	ctx    context.Context
	tx     Tx
	actor  Actor
	person Person // the actor as a person; zero ID if not yet known
	now    time.Time
	// seen keeps the year-wide reads of a query (view), which reads a
	// centre's registrations and oversights for the actor's standing and
	// again for the page; nil in a command, which may change them, but for
	// the reads it makes before its first write (sharingReads).
	seen *seenReads
	// writing says the call is a command, which may record that the actor
	// took up a registration a colleague made for them (R-REG-13).
	writing bool
	// taking lists the registrations of the actor's that this command finds
	// them acting on while not yet accepted; they are marked accepted when
	// the command's own work is done (acceptTaken).
	taking []string
	// recorded lists the people this call recorded: they have no
	// registration yet, so nothing need be read to know it (putRegistration).
	recorded []string
	// versionChecked says the record's version was compared with the one
	// IfRecordVersion asked for (checkVersion).
	versionChecked bool
	// committed is what the command does once its transaction has
	// committed, never before: a run that the store refuses and update
	// runs again must leave no trace outside the transaction (logs
	// included).
	committed []func()
	// batch, while a command makes many changes at once (a meeting's
	// target updates), holds their history and audit entries until
	// appendBatch appends them, in one call to the store each.
	batch *writeBatch
}

// writeBatch is what a call holds back while it batches (call.batch).
type writeBatch struct {
	changes []TargetChange
	audit   []AuditEntry
}

// batchWrites holds back the call's target changes and audit entries
// from here until appendBatch. Nothing in between may read either.
func (c *call) batchWrites() { c.batch = &writeBatch{} }

// appendBatch appends what the call held back since batchWrites, in the
// order it was made, and stops holding back.
func (c *call) appendBatch() error {
	b := c.batch
	c.batch = nil
	if _, err := c.tx.AppendTargetChange(c.ctx, b.changes...); err != nil {
		return err
	}
	_, err := c.tx.AppendAudit(c.ctx, b.audit...)
	return err
}

// update runs a command for actor in one read-write transaction, and runs
// it again, whole, when the store refuses the transaction for others at the
// same time (ErrTransient; see retrying). Every run starts afresh from a new
// call, so nothing one run gathered (c.taking, what it read) reaches the
// next; fn must keep anything it hands back to its caller by assigning it,
// never by appending to what an earlier run left.
func (s *Service) update(ctx context.Context, actor Actor, act action, fn func(c *call) error) error {
	actor, err := checkActor(actor)
	if err != nil {
		return err
	}
	if err := systemMay(actor, act); err != nil {
		return err
	}
	var last *call
	err = s.storeUpdate(ctx, func(tx Tx) error {
		c, err := s.begin(ctx, tx, actor)
		if err != nil {
			return err
		}
		last = c
		c.writing = true
		if err := c.attachExternalID(); err != nil {
			return err
		}
		if err := c.takeHostName(); err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		return c.acceptTaken()
	})
	if err == nil {
		for _, f := range last.committed {
			f()
		}
		s.logger.DebugContext(ctx, "standards: command committed", "action", string(act), "actor", last.actor.auditName())
	}
	return outward(err)
}

// view runs a query for actor in one read-only transaction, again when the
// store refuses it as ErrTransient, as update does.
func (s *Service) view(ctx context.Context, actor Actor, fn func(c *call) error) error {
	actor, err := checkActor(actor)
	if err != nil {
		return err
	}
	if err := systemMay(actor, ""); err != nil {
		return err
	}
	return outward(s.storeView(ctx, func(tx Tx) error {
		c, err := s.begin(ctx, tx, actor)
		if err != nil {
			return err
		}
		c.seen = &seenReads{}
		return fn(c)
	}))
}

// viewFirst runs a page's query, which reads its view before it knows who
// is asking: read reads the view (kept in c.seen, as a query keeps its
// reads) and returns the people the view holds; the actor is found among
// them, or else in the store, as view finds them; then fn answers from what
// read kept. On a store that answers one read alone (OneReadViewer), a page
// whose actor is in its view is one statement, with no transaction around
// it. read must not use c.person, which is not known yet.
func (s *Service) viewFirst(ctx context.Context, actor Actor, read func(c *call) ([]Person, error), fn func(c *call) error) error {
	actor, err := checkActor(actor)
	if err != nil {
		return err
	}
	if err := systemMay(actor, ""); err != nil {
		return err
	}
	return outward(s.storeViewOneRead(ctx, func(tx Tx) error {
		c := &call{svc: s, ctx: ctx, tx: tx, actor: actor, now: s.clock(), seen: &seenReads{}}
		people, err := read(c)
		if err != nil {
			// Who is asking is checked first, as in every other query.
			if unknown := c.identify(); unknown != nil {
				return unknown
			}
			return err
		}
		if !c.identifyAmong(people) {
			if err := c.identify(); err != nil {
				return err
			}
		}
		return fn(c)
	}))
}

// The Service's tries of a transaction the store refused as ErrTransient:
// at most transientTries runs, with a pause before each but the first that
// starts near transientPause and doubles up to transientPauseMax, each drawn
// at random between half and one and a half times its step so that the
// transactions that clashed do not meet again in step. All the pauses of a
// call come to about 2.2s, 3.4s at most: a person waits a moment rather than see
// a clash nobody made. Eight runs were too few for PostgreSQL's false
// clashes under load (a call in 160 spent them all in
// TestDistinctCentresAtOnceSeeNoConflict on a busy machine).
const (
	transientTries    = 12
	transientPause    = 5 * time.Millisecond
	transientPauseMax = 400 * time.Millisecond
)

// storeUpdate is the store's Update, run again on ErrTransient, and counted
// once it has committed (Changes).
func (s *Service) storeUpdate(ctx context.Context, fn func(tx Tx) error) error {
	err := s.retrying(ctx, func() error { return s.store.Update(ctx, fn) })
	if err == nil {
		s.countChange(ctx)
	}
	return err
}

// storeView is the store's View, run again on ErrTransient.
func (s *Service) storeView(ctx context.Context, fn func(tx Tx) error) error {
	return s.retrying(ctx, func() error { return s.store.View(ctx, fn) })
}

// operatorView runs a query that only the operator may make and that shows
// nothing of any person (the national figures). Nothing of the person
// asking is used, so an actor known by address alone is not looked up:
// identify would find them or nobody and refuse neither, and the query is
// then one read, one statement on a store that answers one read alone
// (OneReadViewer). An actor with the host's id is looked up as in every
// query, since the id may be one nobody holds, or another person's
// (ErrUnauthenticated, ReasonIdentityMismatch).
func (s *Service) operatorView(ctx context.Context, actor Actor, act action, fn func(tx Tx) error) error {
	if actor.ExternalID != "" {
		return s.view(ctx, actor, func(c *call) error {
			if err := authorize(act, standing{operator: c.actor.Operator}, subject{}); err != nil {
				return err
			}
			return fn(c.tx)
		})
	}
	actor, err := checkActor(actor)
	if err != nil {
		return err
	}
	if err := systemMay(actor, ""); err != nil {
		return err
	}
	if err := authorize(act, standing{operator: actor.Operator}, subject{}); err != nil {
		return err
	}
	return outward(s.storeViewOneRead(ctx, fn))
}

// storeViewOneRead is storeView for a query that usually reads once, alone
// on a store that can answer it so (OneReadViewer).
func (s *Service) storeViewOneRead(ctx context.Context, fn func(tx Tx) error) error {
	one, ok := s.store.(OneReadViewer)
	if !ok {
		return s.storeView(ctx, fn)
	}
	return s.retrying(ctx, func() error { return one.ViewOneRead(ctx, fn) })
}

// retrying runs run until it returns anything but ErrTransient, at most
// transientTries times. A context that ends while it waits ends the tries:
// the error returned then is the last ErrTransient joined with the
// context's, so that both errors.Is tests hold.
func (s *Service) retrying(ctx context.Context, run func() error) error {
	step := transientPause
	for try := 1; ; try++ {
		err := run()
		if !errors.Is(err, ErrTransient) {
			return err
		}
		if try == transientTries {
			s.logger.WarnContext(ctx, "standards: store still busy after every try; giving up", "tries", try, "err", err)
			return err
		}
		s.logger.DebugContext(ctx, "standards: store busy; trying again", "try", try, "err", err)
		wait := time.NewTimer(step/2 + rand.N(step))
		select {
		case <-ctx.Done():
			wait.Stop()
			return fmt.Errorf("%w (not tried again: %w)", err, ctx.Err())
		case <-wait.C:
		}
		step = min(2*step, transientPauseMax)
		countRetry(ctx)
	}
}

func checkActor(a Actor) (Actor, error) {
	if a.Anonymous() {
		return a, ErrUnauthenticated
	}
	if a.System != "" {
		return a, checkSystem(a)
	}
	var v validation
	if a.Email != "" {
		email, err := NormaliseEmail(a.Email)
		v.add("actor.email", err)
		a.Email = email
	}
	v.add("actor.external_id", checkExternalID(a.ExternalID))
	if a.Via != "" {
		_, err := cleanName(a.Via)
		v.add("actor.via", err)
	}
	return a, v.err()
}

func (s *Service) begin(ctx context.Context, tx Tx, actor Actor) (*call, error) {
	c := &call{svc: s, ctx: ctx, tx: tx, actor: actor, now: s.clock()}
	if err := c.identify(); err != nil {
		return nil, err
	}
	return c, nil
}

// newID makes an id for a new row.
func (c *call) newID() string { return c.svc.ids.next(c.now) }

// becomePerson makes sure the actor is a known person before they register,
// recording them under fullName (or the host's name for them) if new, and
// attaching the host's external id if they have none yet.
func (c *call) becomePerson(fullName string) error {
	if c.person.ID == "" {
		p, err := c.personByEmail(c.actor.Email, fullName)
		if err != nil {
			return err
		}
		c.person = p
	} else if !c.person.OwnName {
		// The name they give for themselves replaces one a colleague
		// typed (R-PER-3).
		if err := c.nameOwn(fullName); err != nil {
			return err
		}
	}
	return c.attachExternalID()
}

// attachExternalID gives a known person the host's id for them the first
// time the host sends one with a change: someone a colleague registered
// gets it at their own first change. A read never writes it. The call
// found nobody holding the id (identify); should another person hold it
// by now, the command goes ahead without it rather than failing on
// something the actor did not ask for.
func (c *call) attachExternalID() error {
	if c.person.ID == "" || c.actor.ExternalID == "" || c.person.ExternalID != "" {
		return nil
	}
	switch _, err := c.tx.PersonByExternalID(c.ctx, c.actor.ExternalID); {
	case err == nil:
		c.committed = append(c.committed, func() {
			c.svc.logger.WarnContext(c.ctx, "standards: the host's id is another person's; not attached", "person", c.person.ID)
		})
		return nil
	case !errors.Is(err, ErrNotFound):
		return err
	}
	c.person.ExternalID = c.actor.ExternalID
	return c.tx.UpdatePerson(c.ctx, c.person)
}

// personByEmail finds the person with email, or records them as new under
// name: a name of their own when they are the actor, and a provisional one
// when a colleague registers them (R-PER-3). A known person keeps their name.
func (c *call) personByEmail(email, name string) (Person, error) {
	p, err := c.tx.PersonByEmail(c.ctx, email)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Person{}, err
	}
	p = Person{ID: c.svc.ids.person(), Email: email, Name: name, OwnName: email == c.actor.Email, CreatedAt: c.now}
	if err := c.tx.CreatePerson(c.ctx, p); err != nil {
		return Person{}, err
	}
	c.recorded = append(c.recorded, p.ID)
	return p, c.audit("person.create", "person/"+p.ID, "", "recorded "+p.Name)
}

// takeHostName gives the actor the name the host passes for them in place of
// one a colleague typed (R-PER-3). A name of the person's own, given by
// them or by the host before, is left alone: the person corrects it
// themselves (CorrectMyName). A name the host passes that is not a valid
// name is ignored rather than failing a command that did not ask for it.
func (c *call) takeHostName() error {
	if c.person.ID == "" || c.person.OwnName || c.actor.Name == "" {
		return nil
	}
	name, err := cleanName(c.actor.Name)
	if err != nil {
		return nil
	}
	return c.nameOwn(name)
}

// nameOwn records name as the actor's own (R-PER-3), with an audit entry
// when it changes.
func (c *call) nameOwn(name string) error {
	if c.person.OwnName && c.person.Name == name {
		return nil
	}
	old := c.person.Name
	c.person.Name, c.person.OwnName = name, true
	if err := c.tx.UpdatePerson(c.ctx, c.person); err != nil {
		return err
	}
	if old == name {
		return nil
	}
	return c.audit("person.name", "person/"+c.person.ID, "", fmt.Sprintf("gave their name as %s", name))
}

// takeUp notes that the actor acts at a centre through their registration
// own: working on a standards record as its exams officer or an overseer,
// registering colleagues, assigning overseers or deciding registrations
// there. A command that does so takes up an invitation (R-REG-13); leaving,
// trust business and reads do not, so that declining or an unrelated
// action reveals nothing of the person to the centre.
func (c *call) takeUp(own Registration) {
	if c.writing && own.ID != "" && own.PersonID == c.person.ID && !own.Accepted() && !slices.Contains(c.taking, own.ID) {
		c.taking = append(c.taking, own.ID)
	}
}

// acceptTaken marks accepted the registrations the actor acted on this call
// that a colleague had made for them (R-REG-13). It runs after the
// command's own work, reading each afresh, so that no copy the command held
// writes over it.
func (c *call) acceptTaken() error {
	for _, id := range c.taking {
		r, err := c.tx.Registration(c.ctx, id)
		if err != nil {
			return err
		}
		if r.Accepted() || r.PersonID != c.person.ID {
			continue
		}
		r.AcceptedAt = c.now
		if err := c.tx.UpdateRegistration(c.ctx, r); err != nil {
			return err
		}
		if !c.person.OwnName && r.InvitedName != "" && c.person.Name != r.InvitedName {
			// With no name of their own yet, the person goes by the name
			// of the centre they took up, not one another centre typed
			// first (R-PER-3).
			c.person.Name = r.InvitedName
			if err := c.tx.UpdatePerson(c.ctx, c.person); err != nil {
				return err
			}
		}
		if err := c.audit("registration.accept", "registration/"+r.ID, r.CentreID,
			fmt.Sprintf("took up the registration for %s that a colleague made", r.Year)); err != nil {
			return err
		}
	}
	c.taking = nil
	return nil
}

// audit appends an audit entry for this call (R-AUD-1).
func (c *call) audit(action, subject, centreID, summary string) error {
	e := AuditEntry{
		At: c.now, Actor: c.actor.auditName(), ActorID: c.person.ID, Operator: c.actor.Operator, Via: c.actor.Via,
		Action: action, Subject: subject, CentreID: centreID, Summary: summary,
	}
	if c.batch != nil {
		c.batch.audit = append(c.batch.audit, e)
		return nil
	}
	_, err := c.tx.AppendAudit(c.ctx, e)
	return err
}

// event appends an outbox event for this call (R-EVT-1). An event with
// nobody to tell is not written.
func (c *call) event(kind EventKind, to []string, centreID, subject, summary string) error {
	if len(to) == 0 {
		return nil
	}
	_, err := c.tx.AppendEvent(c.ctx, Event{
		ID: c.newID(), At: c.now, Kind: kind, To: to, CentreID: centreID, Subject: subject, Summary: summary,
	})
	return err
}

// emails returns the e-mail addresses of the people with the given ids.
func (c *call) emails(personIDs ...string) ([]string, error) {
	people, err := c.tx.People(c.ctx, personIDs)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(people))
	for _, p := range people {
		out = append(out, p.Email)
	}
	return out, nil
}
