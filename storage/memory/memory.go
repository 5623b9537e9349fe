package memory

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/eops/eops/standards"
)

// Store is a standards.Store in memory. The zero value is not ready: use New.
type Store struct {
	mu sync.RWMutex
	d  data
}

var _ standards.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{d: data{
		centres:       map[string]standards.Centre{},
		centreNumbers: map[standards.CentreNumber]string{},
		centreYears:   map[centreYearKey]standards.CentreYear{},
		people:        map[string]standards.Person{},
		peopleByEmail: map[string]string{},
		peopleByExtID: map[string]string{},
		regs:          map[string]standards.Registration{},
		regKeys:       map[regKey]string{},
		oversights:    map[oversightKey]standards.Oversight{},
		trusts:        map[string]standards.Trust{},
		leads:         map[leadKey]standards.TrustLead{},
		trustRequests: map[string]standards.TrustRequest{},
		trustReqKeys:  map[leadKey]string{},
	}}
}

type centreYearKey struct {
	centreID string
	year     standards.AcademicYear
}

type regKey struct {
	centreID, personID string
	year               standards.AcademicYear
}

type oversightKey struct{ eo, overseer string }

// leadKey pairs a trust with a person (a lead) or a centre (a request).
type leadKey struct{ trustID, otherID string }

// data is everything the store holds, with the indexes its unique keys need.
type data struct {
	centres       map[string]standards.Centre
	centreNumbers map[standards.CentreNumber]string
	centreYears   map[centreYearKey]standards.CentreYear
	people        map[string]standards.Person
	peopleByEmail map[string]string
	peopleByExtID map[string]string
	regs          map[string]standards.Registration
	regKeys       map[regKey]string
	oversights    map[oversightKey]standards.Oversight
	trusts        map[string]standards.Trust
	leads         map[leadKey]standards.TrustLead
	trustRequests map[string]standards.TrustRequest
	trustReqKeys  map[leadKey]string
	audit         []standards.AuditEntry // audit[i].Seq == i+1
	events        []standards.Event      // events[i].Seq == i+1
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
	return fmt.Errorf("%s %v is taken: %w", what, key, standards.ErrConflict)
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

// Centres.

func (t *tx) CreateCentre(_ context.Context, c standards.Centre) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.centres[c.ID]; ok {
		return taken("centre id", c.ID)
	}
	if _, ok := t.d.centreNumbers[c.Number]; ok {
		return taken("centre number", c.Number)
	}
	put(t, t.d.centres, c.ID, c)
	put(t, t.d.centreNumbers, c.Number, c.ID)
	return nil
}

func (t *tx) UpdateCentre(_ context.Context, c standards.Centre) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.centres, c.ID, "centre")
	if err != nil {
		return err
	}
	if old.Number != c.Number {
		if _, ok := t.d.centreNumbers[c.Number]; ok {
			return taken("centre number", c.Number)
		}
		del(t, t.d.centreNumbers, old.Number)
		put(t, t.d.centreNumbers, c.Number, c.ID)
	}
	put(t, t.d.centres, c.ID, c)
	return nil
}

func (t *tx) Centre(_ context.Context, id string) (standards.Centre, error) {
	return get(t.d.centres, id, "centre")
}

func (t *tx) CentreByNumber(_ context.Context, n standards.CentreNumber) (standards.Centre, error) {
	id, err := get(t.d.centreNumbers, n, "centre number")
	if err != nil {
		return standards.Centre{}, err
	}
	return t.d.centres[id], nil
}

func (t *tx) CentresByTrust(_ context.Context, trustID string) ([]standards.Centre, error) {
	return sorted(t.d.centres,
		func(c standards.Centre) bool { return c.TrustID == trustID },
		func(a, b standards.Centre) int { return cmp.Compare(a.Number, b.Number) }), nil
}

func (t *tx) CreateCentreYear(_ context.Context, cy standards.CentreYear) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := centreYearKey{cy.CentreID, cy.Year}
	if _, ok := t.d.centreYears[k]; ok {
		return taken("centre year", k)
	}
	put(t, t.d.centreYears, k, cy)
	return nil
}

func (t *tx) CentreYear(_ context.Context, centreID string, year standards.AcademicYear) (standards.CentreYear, error) {
	return get(t.d.centreYears, centreYearKey{centreID, year}, "centre year")
}

// People.

func (t *tx) CreatePerson(_ context.Context, p standards.Person) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.people[p.ID]; ok {
		return taken("person id", p.ID)
	}
	if _, ok := t.d.peopleByEmail[p.Email]; ok {
		return taken("e-mail", p.Email)
	}
	if _, ok := t.d.peopleByExtID[p.ExternalID]; ok && p.ExternalID != "" {
		return taken("external id", p.ExternalID)
	}
	put(t, t.d.people, p.ID, p)
	put(t, t.d.peopleByEmail, p.Email, p.ID)
	if p.ExternalID != "" {
		put(t, t.d.peopleByExtID, p.ExternalID, p.ID)
	}
	return nil
}

func (t *tx) UpdatePerson(_ context.Context, p standards.Person) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.people, p.ID, "person")
	if err != nil {
		return err
	}
	if id, ok := t.d.peopleByEmail[p.Email]; ok && id != p.ID {
		return taken("e-mail", p.Email)
	}
	if id, ok := t.d.peopleByExtID[p.ExternalID]; ok && id != p.ID && p.ExternalID != "" {
		return taken("external id", p.ExternalID)
	}
	del(t, t.d.peopleByEmail, old.Email)
	put(t, t.d.peopleByEmail, p.Email, p.ID)
	if old.ExternalID != "" {
		del(t, t.d.peopleByExtID, old.ExternalID)
	}
	if p.ExternalID != "" {
		put(t, t.d.peopleByExtID, p.ExternalID, p.ID)
	}
	put(t, t.d.people, p.ID, p)
	return nil
}

func (t *tx) Person(_ context.Context, id string) (standards.Person, error) {
	return get(t.d.people, id, "person")
}

func (t *tx) PersonByEmail(_ context.Context, email string) (standards.Person, error) {
	id, err := get(t.d.peopleByEmail, email, "person with e-mail")
	if err != nil {
		return standards.Person{}, err
	}
	return t.d.people[id], nil
}

func (t *tx) PersonByExternalID(_ context.Context, externalID string) (standards.Person, error) {
	id, err := get(t.d.peopleByExtID, externalID, "person with external id")
	if err != nil || externalID == "" {
		return standards.Person{}, fmt.Errorf("person with external id %q: %w", externalID, standards.ErrNotFound)
	}
	return t.d.people[id], nil
}

func (t *tx) People(_ context.Context, ids []string) ([]standards.Person, error) {
	out := make([]standards.Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := t.d.people[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Registrations.

func cloneReg(r standards.Registration) standards.Registration {
	r.Roles = slices.Clone(r.Roles)
	return r
}

func (t *tx) CreateRegistration(_ context.Context, r standards.Registration) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.regs[r.ID]; ok {
		return taken("registration id", r.ID)
	}
	k := regKey{r.CentreID, r.PersonID, r.Year}
	if _, ok := t.d.regKeys[k]; ok {
		return taken("registration of person at centre for year", k)
	}
	put(t, t.d.regs, r.ID, cloneReg(r))
	put(t, t.d.regKeys, k, r.ID)
	return nil
}

func (t *tx) UpdateRegistration(_ context.Context, r standards.Registration) error {
	if err := t.writable(); err != nil {
		return err
	}
	old, err := get(t.d.regs, r.ID, "registration")
	if err != nil {
		return err
	}
	if old.CentreID != r.CentreID || old.PersonID != r.PersonID || old.Year != r.Year {
		return fmt.Errorf("memory: a registration's centre, person and year never change")
	}
	put(t, t.d.regs, r.ID, cloneReg(r))
	return nil
}

func (t *tx) Registration(_ context.Context, id string) (standards.Registration, error) {
	r, err := get(t.d.regs, id, "registration")
	return cloneReg(r), err
}

func (t *tx) RegistrationOf(_ context.Context, centreID, personID string, year standards.AcademicYear) (standards.Registration, error) {
	id, err := get(t.d.regKeys, regKey{centreID, personID, year}, "registration")
	if err != nil {
		return standards.Registration{}, err
	}
	return cloneReg(t.d.regs[id]), nil
}

func byRequested(a, b standards.Registration) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func (t *tx) RegistrationsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	out := sorted(t.d.regs,
		func(r standards.Registration) bool { return r.CentreID == centreID && r.Year == year },
		byRequested)
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) RegistrationsByPerson(_ context.Context, personID string) ([]standards.Registration, error) {
	out := sorted(t.d.regs,
		func(r standards.Registration) bool { return r.PersonID == personID },
		func(a, b standards.Registration) int { return cmp.Or(cmp.Compare(b.Year, a.Year), byRequested(a, b)) })
	for i := range out {
		out[i] = cloneReg(out[i])
	}
	return out, nil
}

func (t *tx) CreateOversight(_ context.Context, o standards.Oversight) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := oversightKey{o.EORegistrationID, o.OverseerRegistrationID}
	if _, ok := t.d.oversights[k]; ok {
		return taken("oversight", k)
	}
	put(t, t.d.oversights, k, o)
	return nil
}

func (t *tx) DeleteOversight(_ context.Context, eoID, overseerID string) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := oversightKey{eoID, overseerID}
	if _, err := get(t.d.oversights, k, "oversight"); err != nil {
		return err
	}
	del(t, t.d.oversights, k)
	return nil
}

func (t *tx) OversightsByCentre(_ context.Context, centreID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	return sorted(t.d.oversights,
		func(o standards.Oversight) bool { return o.CentreID == centreID && o.Year == year },
		func(a, b standards.Oversight) int {
			return cmp.Or(a.AssignedAt.Compare(b.AssignedAt),
				cmp.Compare(a.EORegistrationID, b.EORegistrationID),
				cmp.Compare(a.OverseerRegistrationID, b.OverseerRegistrationID))
		}), nil
}

// Trusts.

func (t *tx) CreateTrust(_ context.Context, tr standards.Trust) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.trusts[tr.ID]; ok {
		return taken("trust id", tr.ID)
	}
	put(t, t.d.trusts, tr.ID, tr)
	return nil
}

func (t *tx) Trust(_ context.Context, id string) (standards.Trust, error) {
	return get(t.d.trusts, id, "trust")
}

func (t *tx) Trusts(_ context.Context) ([]standards.Trust, error) {
	return sorted(t.d.trusts,
		func(standards.Trust) bool { return true },
		func(a, b standards.Trust) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }), nil
}

func (t *tx) CreateTrustLead(_ context.Context, l standards.TrustLead) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := leadKey{l.TrustID, l.PersonID}
	if _, ok := t.d.leads[k]; ok {
		return taken("trust lead", k)
	}
	put(t, t.d.leads, k, l)
	return nil
}

func (t *tx) DeleteTrustLead(_ context.Context, trustID, personID string) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := leadKey{trustID, personID}
	if _, err := get(t.d.leads, k, "trust lead"); err != nil {
		return err
	}
	del(t, t.d.leads, k)
	return nil
}

func byAppointed(a, b standards.TrustLead) int {
	return cmp.Or(a.AppointedAt.Compare(b.AppointedAt), cmp.Compare(a.TrustID, b.TrustID), cmp.Compare(a.PersonID, b.PersonID))
}

func (t *tx) TrustLeads(_ context.Context, trustID string) ([]standards.TrustLead, error) {
	return sorted(t.d.leads, func(l standards.TrustLead) bool { return l.TrustID == trustID }, byAppointed), nil
}

func (t *tx) TrustsLedBy(_ context.Context, personID string) ([]standards.TrustLead, error) {
	return sorted(t.d.leads, func(l standards.TrustLead) bool { return l.PersonID == personID }, byAppointed), nil
}

func (t *tx) CreateTrustRequest(_ context.Context, r standards.TrustRequest) error {
	if err := t.writable(); err != nil {
		return err
	}
	if _, ok := t.d.trustRequests[r.ID]; ok {
		return taken("trust request id", r.ID)
	}
	k := leadKey{r.TrustID, r.CentreID}
	if _, ok := t.d.trustReqKeys[k]; ok {
		return taken("request of centre to join trust", k)
	}
	put(t, t.d.trustRequests, r.ID, r)
	put(t, t.d.trustReqKeys, k, r.ID)
	return nil
}

func (t *tx) TrustRequest(_ context.Context, id string) (standards.TrustRequest, error) {
	return get(t.d.trustRequests, id, "trust request")
}

func (t *tx) DeleteTrustRequest(_ context.Context, id string) error {
	if err := t.writable(); err != nil {
		return err
	}
	r, err := get(t.d.trustRequests, id, "trust request")
	if err != nil {
		return err
	}
	del(t, t.d.trustRequests, id)
	del(t, t.d.trustReqKeys, leadKey{r.TrustID, r.CentreID})
	return nil
}

func byRequestedTrust(a, b standards.TrustRequest) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func (t *tx) TrustRequestsByTrust(_ context.Context, trustID string) ([]standards.TrustRequest, error) {
	return sorted(t.d.trustRequests, func(r standards.TrustRequest) bool { return r.TrustID == trustID }, byRequestedTrust), nil
}

func (t *tx) TrustRequestsByCentre(_ context.Context, centreID string) ([]standards.TrustRequest, error) {
	return sorted(t.d.trustRequests, func(r standards.TrustRequest) bool { return r.CentreID == centreID }, byRequestedTrust), nil
}

// The audit log and the outbox are append-only slices whose index is their
// sequence number less one.

func (t *tx) AppendAudit(_ context.Context, e standards.AuditEntry) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	n := len(t.d.audit)
	e.Seq = int64(n + 1)
	t.d.audit = append(t.d.audit, e)
	t.undo = append(t.undo, func() { t.d.audit = t.d.audit[:n] })
	return e.Seq, nil
}

func (t *tx) AuditByCentre(_ context.Context, centreID string, before int64, limit int) ([]standards.AuditEntry, error) {
	out := []standards.AuditEntry{}
	for i := len(t.d.audit) - 1; i >= 0 && len(out) < limit; i-- {
		e := t.d.audit[i]
		if e.CentreID == centreID && (before <= 0 || e.Seq < before) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (t *tx) AppendEvent(_ context.Context, e standards.Event) (int64, error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	n := len(t.d.events)
	e.Seq = int64(n + 1)
	e.To = slices.Clone(e.To)
	t.d.events = append(t.d.events, e)
	t.undo = append(t.undo, func() { t.d.events = t.d.events[:n] })
	return e.Seq, nil
}

func (t *tx) PendingEvents(_ context.Context, after int64, limit int) ([]standards.Event, error) {
	out := []standards.Event{}
	for i := max(after, 0); i < int64(len(t.d.events)) && len(out) < limit; i++ {
		if e := t.d.events[i]; e.AckedAt.IsZero() {
			e.To = slices.Clone(e.To)
			out = append(out, e)
		}
	}
	return out, nil
}

func (t *tx) AckEvent(_ context.Context, seq int64, at time.Time) error {
	if err := t.writable(); err != nil {
		return err
	}
	if seq < 1 || seq > int64(len(t.d.events)) {
		return fmt.Errorf("event %d: %w", seq, standards.ErrNotFound)
	}
	e := &t.d.events[seq-1]
	if !e.AckedAt.IsZero() {
		return nil
	}
	e.AckedAt = at
	t.undo = append(t.undo, func() { t.d.events[seq-1].AckedAt = time.Time{} })
	return nil
}
