package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/eops/eops/standards"
)

// Store is a standards.Store in memory. The zero value is not ready: use New.
type Store struct {
	mu sync.RWMutex
	d  data
	// changes is the count of committed commands (standards.ChangeCounter).
	changes atomic.Int64
}

var (
	_ standards.Store         = (*Store)(nil)
	_ standards.ChangeCounter = (*Store)(nil)
)

// CountChange adds one to the count of committed commands.
func (s *Store) CountChange(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.changes.Add(1)
	return nil
}

// ChangeCount reads the count of committed commands.
func (s *Store) ChangeCount(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.changes.Load(), nil
}

// New returns an empty Store.
func New() *Store {
	return &Store{d: data{
		centres:        map[string]standards.Centre{},
		centreNumbers:  map[standards.CentreNumber]string{},
		centreYears:    map[centreYearKey]standards.CentreYear{},
		people:         map[string]standards.Person{},
		peopleByEmail:  map[string]string{},
		peopleByExtID:  map[string]string{},
		regs:           map[string]standards.Registration{},
		regKeys:        map[regKey]string{},
		oversights:     map[oversightKey]standards.Oversight{},
		trusts:         map[string]standards.Trust{},
		leads:          map[leadKey]standards.TrustLead{},
		trustRequests:  map[string]standards.TrustRequest{},
		trustReqKeys:   map[leadKey]string{},
		records:        map[string]standards.Record{},
		recordsByReg:   map[string]string{},
		cpd:            map[string]standards.CPDEntry{},
		targets:        map[string]standards.Target{},
		meetings:       map[string]standards.Meeting{},
		actions:        map[string]standards.SupportAction{},
		notes:          map[string]standards.PrivateNote{},
		signatures:     map[signatureKey]standards.Signature{},
		statements:     map[statementKey]standards.Statement{},
		certificates:   map[string]standards.Certificate{},
		certBySerial:   map[string]string{},
		certByCode:     map[string]string{},
		certByRecordID: map[string]string{},
		eventIDs:       map[string]int64{},
		leases:         map[int64]lease{},
		reminders:      map[reminderKey]standards.Reminder{},
		hostKeys:       map[string]standards.HostKey{},
		tallies:        map[tallyKey]standards.Tally{},
		endpoints:      map[string]endpoint{},
		deliveries:     map[int64]delivery{},
	}}
}

// data is everything the store holds, with the indexes its unique keys need.
type data struct {
	centres        map[string]standards.Centre
	centreNumbers  map[standards.CentreNumber]string
	centreYears    map[centreYearKey]standards.CentreYear
	people         map[string]standards.Person
	peopleByEmail  map[string]string
	peopleByExtID  map[string]string
	regs           map[string]standards.Registration
	regKeys        map[regKey]string
	oversights     map[oversightKey]standards.Oversight
	trusts         map[string]standards.Trust
	leads          map[leadKey]standards.TrustLead
	trustRequests  map[string]standards.TrustRequest
	trustReqKeys   map[leadKey]string
	records        map[string]standards.Record
	recordsByReg   map[string]string // registration id to record id
	cpd            map[string]standards.CPDEntry
	targets        map[string]standards.Target
	targetChanges  []standards.TargetChange // targetChanges[i].Seq == i+1
	meetings       map[string]standards.Meeting
	actions        map[string]standards.SupportAction
	notes          map[string]standards.PrivateNote
	signatures     map[signatureKey]standards.Signature
	statements     map[statementKey]standards.Statement
	certificates   map[string]standards.Certificate
	certBySerial   map[string]string      // serial to certificate id
	certByCode     map[string]string      // verification code to certificate id
	certByRecordID map[string]string      // non-empty record id to certificate id
	audit          []standards.AuditEntry // audit[i].Seq == i+1
	events         []standards.Event      // events[i].Seq == i+1
	eventIDs       map[string]int64       // event id to seq
	leases         map[int64]lease        // claimed events by seq
	reminders      map[reminderKey]standards.Reminder
	tallies        map[tallyKey]standards.Tally
	hostKeys       map[string]standards.HostKey
	endpoints      map[string]endpoint // webhook endpoints by id
	deliveries     map[int64]delivery  // webhook deliveries by id
	lastDelivery   int64               // the last delivery's id
}

var errReadOnly = errors.New("memory: write in a View transaction")

// Update runs fn in a transaction that holds the store's write lock. Unless
// fn returns nil and ctx is still live, the undo log restores what it
// changed: after an error, a panic (which goes on up unchanged) or a
// runtime.Goexit, such as t.FailNow in a test.
func (s *Store) Update(ctx context.Context, fn func(tx standards.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{d: &s.d}
	committed := false
	defer func() {
		if !committed {
			t.rollback()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	committed = true
	return nil
}

// View runs fn in a transaction that holds the store's read lock.
func (s *Store) View(ctx context.Context, fn func(tx standards.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(&tx{d: &s.d, readOnly: true})
}

// tx is one transaction. Writes go straight into the maps, each first
// recording in undo how to take it back.
type tx struct {
	d        *data
	readOnly bool
	undo     []func()
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

func (t *tx) writable() error {
	if t.readOnly {
		return errReadOnly
	}
	return nil
}

// put sets m[k] = v and records how to undo it.
func put[K comparable, V any](t *tx, m map[K]V, k K, v V) {
	old, had := m[k]
	t.undo = append(t.undo, func() {
		if had {
			m[k] = old
		} else {
			delete(m, k)
		}
	})
	m[k] = v
}

// del deletes m[k] and records how to undo it.
func del[K comparable, V any](t *tx, m map[K]V, k K) {
	old, had := m[k]
	if !had {
		return
	}
	t.undo = append(t.undo, func() { m[k] = old })
	delete(m, k)
}

func get[K comparable, V any](m map[K]V, k K, what string) (V, error) {
	v, ok := m[k]
	if !ok {
		return v, fmt.Errorf("%s %v: %w", what, k, standards.ErrNotFound)
	}
	return v, nil
}

func taken(what string, key any) error {
	return &standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonDuplicate,
		Message: fmt.Sprintf("%s %v is taken", what, key)}
}

// sorted returns the values of m that keep accepts, ordered by cmp.
func sorted[K comparable, V any](m map[K]V, keep func(V) bool, order func(a, b V) int) []V {
	out := []V{}
	for _, v := range m {
		if keep(v) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, order)
	return out
}
