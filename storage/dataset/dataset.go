// Package dataset makes a realistic platform's worth of data for any
// standards.Store: centres in trusts, each with two exams officers, a senior
// leader (the centre's administrator) and a line manager, over three
// academic years, with the targets, target history, meetings, support, CPD,
// signatures, certificates, audit entries and outbox events that the years
// would have made. The benchmarks load it at two sizes (a national one of
// every JCQ centre, 7,000, and a small one of 1% of that).
//
// It writes through the Store port, not the Service, so a national load is a
// bulk load of a fixture: one transaction per centre, no authorisation, no
// checks. Everything is deterministic for a Spec: the same Spec makes the
// same ids, names, serials and verification codes, so a benchmark can find
// its subjects with Subjects without reading anything. That makes it fixture
// data only: its verification codes follow from its serials, which the
// library's own never do (R-CRT-1).
//
// The years are Spec.Year and the two before it. In the two past years every
// exams officer's record is complete, and most are certified; in the current
// year, as of Spec.Now, records are under way: targets agreed, a
// target-setting meeting, some CPD, and at every even-numbered centre the
// second exams officer's record is complete and ready to claim. Every
// centre also has one registration waiting for approval this year.
package dataset

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eops/eops/standards"
)

// The sizes the benchmarks use.
const (
	// NationalCentres is about every JCQ exam centre in the UK.
	NationalCentres = 7000
	// SmallCentres is 1% of the national size.
	SmallCentres = 70
	// TrustSize is how many centres a trust has; the last trust has the rest.
	TrustSize = 50
)

// Version names what Load makes: bump it whenever the data changes, so
// that cached copies (the benchmarks' fixtures) are made again.
const Version = 2

// Spec says what to make.
type Spec struct {
	// Centres is how many centres to make, in trusts of TrustSize.
	Centres int
	// Year is the current academic year; the two before it are history.
	Year standards.AcademicYear
	// Now is the moment the data stands at, inside Year: nothing in the
	// current year happens after it. The Service that reads the data should
	// use it as its clock.
	Now time.Time
	// FirstCentre numbers the centres from 10000+FirstCentre, so that two
	// specs' centres can sit in one store; ids, e-mail addresses and codes
	// take it in too. A multiple of TrustSize keeps trusts apart.
	FirstCentre int
}

// BenchmarkSpec returns the spec of n centres for the academic year 2025/26, standing
// on 20 November 2025: what the benchmarks load.
func BenchmarkSpec(n int) Spec {
	return Spec{Centres: n, Year: 2025, Now: time.Date(2025, time.November, 20, 12, 0, 0, 0, time.UTC)}
}

// Validate checks that the spec can be made.
func (s Spec) Validate() error {
	switch {
	case s.Centres < 1:
		return fmt.Errorf("dataset: %d centres: make at least one", s.Centres)
	case s.FirstCentre < 0 || 10000+s.FirstCentre+s.Centres > 99999:
		return fmt.Errorf("dataset: centres %d to %d do not fit in five-digit centre numbers", 10000+s.FirstCentre, 10000+s.FirstCentre+s.Centres-1)
	case standards.YearOf(s.Now) != s.Year:
		return fmt.Errorf("dataset: now (%s) is not in the academic year %s", s.Now.Format(time.DateOnly), s.Year)
	case s.Now.Before(ukDay(s.Year, time.November, 15, 0)):
		// The current year's records have an autumn behind them.
		return fmt.Errorf("dataset: now (%s) is before 15 November of %s", s.Now.Format(time.DateOnly), s.Year)
	}
	return nil
}

// Load writes the spec's data into store, one transaction per centre.
// progress, if not nil, is called after each centre with how many are done.
// The store should be empty of the spec's centres; loading twice is a
// conflict.
func Load(ctx context.Context, store standards.Store, s Spec, progress func(done int)) error {
	if err := s.Validate(); err != nil {
		return err
	}
	operator := standards.Actor{Email: "ops@naeo.example", Operator: true}
	if err := store.Update(ctx, func(tx standards.Tx) error {
		// Figures already kept for these years would miss what is loaded
		// here: forget them, so that the next read counts them afresh.
		for y := s.Year - 2; y <= s.Year; y++ {
			if err := tx.ReplaceTallies(ctx, y, nil); err != nil {
				return err
			}
		}
		for t := range s.trusts() {
			if err := loadTrust(ctx, tx, s, t, operator); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	items := catalogueItems(s)
	for c := range s.Centres {
		err := store.Update(ctx, func(tx standards.Tx) error {
			g := &centreGen{ctx: ctx, tx: tx, s: s, c: c, rng: rand.New(rand.NewPCG(uint64(s.FirstCentre+c), 7)), items: items}
			return g.load()
		})
		if err != nil {
			return fmt.Errorf("dataset: centre %s: %w", s.centreNumber(c), err)
		}
		if progress != nil {
			progress(c + 1)
		}
	}
	return nil
}

// trusts is how many trusts the spec's centres make.
func (s Spec) trusts() int { return (s.Centres + TrustSize - 1) / TrustSize }

func loadTrust(ctx context.Context, tx standards.Tx, s Spec, t int, operator standards.Actor) error {
	at := time.Date(int(s.Year)-2, time.August, 1, 9, 0, 0, 0, time.UTC)
	trust := standards.Trust{ID: s.id("tr", s.FirstCentre/TrustSize+t), Name: fmt.Sprintf("Learning Trust %d", s.FirstCentre/TrustSize+t+1), CreatedAt: at}
	if err := tx.CreateTrust(ctx, trust); err != nil {
		return err
	}
	lead := standards.Person{ID: s.id("tp", s.FirstCentre/TrustSize+t), Email: s.leadEmail(t), Name: fmt.Sprintf("Lead of Trust %d", s.FirstCentre/TrustSize+t+1), OwnName: true, CreatedAt: at}
	if err := tx.CreatePerson(ctx, lead); err != nil {
		return err
	}
	if err := tx.CreateTrustLead(ctx, standards.TrustLead{TrustID: trust.ID, PersonID: lead.ID, AppointedAt: at}); err != nil {
		return err
	}
	for _, e := range []standards.AuditEntry{
		{At: at, Actor: operator.Email, Operator: true, Action: "trust.create", Subject: "trust/" + trust.ID, Summary: "created " + trust.Name},
		{At: at, Actor: operator.Email, Operator: true, Action: "trust.lead.appoint", Subject: "trust/" + trust.ID, Summary: "appointed " + lead.Name},
	} {
		if _, err := tx.AppendAudit(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// Subjects are the things of a spec's data that a benchmark or a test asks
// about, all at the first centre of the first trust.
type Subjects struct {
	Operator standards.Actor
	// Lead leads the first trust, TrustID, of TrustSize centres (or all of
	// them, when there are fewer).
	Lead    standards.Actor
	TrustID string
	// Head is the first centre's senior leader and administrator.
	Head     standards.Actor
	CentreID string
	// RecordID is the first exams officer's record this year, under way,
	// overseen by Head.
	RecordID string
	// ExamsOfficer is that exams officer, with two years of certificates.
	ExamsOfficer standards.Actor
	PersonID     string
	// VerificationCode is the code of their certificate of last year.
	VerificationCode string
	// ExamsOfficerRegistrationID and HeadRegistrationID are this year's.
	ExamsOfficerRegistrationID, HeadRegistrationID string
}

// Subjects finds the spec's subjects without reading the data.
func (s Spec) Subjects() Subjects {
	const c = 0
	return Subjects{
		Operator:                   standards.Actor{Email: "ops@naeo.example", Operator: true},
		Lead:                       standards.Actor{Email: s.leadEmail(0)},
		TrustID:                    s.id("tr", s.FirstCentre/TrustSize),
		Head:                       standards.Actor{Email: s.email(c, roleHead)},
		CentreID:                   s.id("ce", s.FirstCentre+c),
		RecordID:                   s.id("rc", s.slot(c, s.Year, roleEO1)),
		ExamsOfficer:               standards.Actor{Email: s.email(c, roleEO1)},
		PersonID:                   s.id("pe", s.personSlot(c, roleEO1)),
		VerificationCode:           s.verificationCode(c, s.Year-1, roleEO1),
		ExamsOfficerRegistrationID: s.id("rg", s.slot(c, s.Year, roleEO1)),
		HeadRegistrationID:         s.id("rg", s.slot(c, s.Year, roleHead)),
	}
}

// ClaimableRecords lists the records ready to claim this year, with the
// actor who may claim each: the second exams officer's at every
// even-numbered centre, claimed by the line manager who oversees them.
func (s Spec) ClaimableRecords() []Claimable {
	var out []Claimable
	for c := 0; c < s.Centres; c += 2 {
		out = append(out, Claimable{RecordID: s.id("rc", s.slot(c, s.Year, roleEO2)), Overseer: standards.Actor{Email: s.email(c, roleLM)}})
	}
	return out
}

// Claimable is a record ready to claim and who may claim it.
type Claimable struct {
	RecordID string
	Overseer standards.Actor
}

// Pending is a registration waiting for approval this year, with the
// centre administrator who may approve it.
type Pending struct {
	RegistrationID string
	Admin          standards.Actor
}

// PendingRegistrations lists the registration waiting at every centre.
func (s Spec) PendingRegistrations() []Pending {
	out := make([]Pending, s.Centres)
	for c := range out {
		out[c] = Pending{RegistrationID: s.id("rg", s.slot(c, s.Year, rolePending)), Admin: standards.Actor{Email: s.email(c, roleHead)}}
	}
	return out
}

// MeetingSubject is a record under way this year, with its exams officer's
// and overseer's registrations and targets: what a meeting needs.
type MeetingSubject struct {
	RecordID, ExamsOfficerRegistrationID, OverseerRegistrationID string
	Overseer                                                     standards.Actor
	TargetIDs                                                    []string
}

// MeetingSubjects lists the first exams officer's record at every centre,
// under way this year.
func (s Spec) MeetingSubjects() []MeetingSubject {
	out := make([]MeetingSubject, s.Centres)
	for c := range out {
		st := s.Staff(c)
		out[c] = MeetingSubject{
			RecordID: st.RecordID, ExamsOfficerRegistrationID: st.ExamsOfficerRegistrationID,
			OverseerRegistrationID: st.HeadRegistrationID, Overseer: st.Head, TargetIDs: st.TargetIDs,
		}
	}
	return out
}

// Staff is one centre's people this year, with their registrations and the
// exams officers' records, for tests that act at many centres at once.
type Staff struct {
	CentreID     string
	CentreNumber standards.CentreNumber
	// Head is the senior leader and administrator; they oversee ExamsOfficer.
	Head                      standards.Actor
	HeadRegistrationID        string
	LineManager               standards.Actor
	LineManagerRegistrationID string
	// ExamsOfficer's record, RecordID, is under way, with TargetIDs agreed.
	ExamsOfficer               standards.Actor
	ExamsOfficerRegistrationID string
	RecordID                   string
	TargetIDs                  []string
	// SecondExamsOfficer is overseen by LineManager; at an even-numbered
	// centre their record, SecondRecordID, is ready to claim.
	SecondExamsOfficer               standards.Actor
	SecondExamsOfficerRegistrationID string
	SecondRecordID                   string
	// PendingRegistrationID waits for the head's approval.
	PendingRegistrationID string
}

// Staff finds the people of centre c (0 to Centres-1) without reading the
// data.
func (s Spec) Staff(c int) Staff {
	reg := func(role int) string { return s.id("rg", s.slot(c, s.Year, role)) }
	actor := func(role int) standards.Actor { return standards.Actor{Email: s.email(c, role)} }
	st := Staff{
		CentreID: s.id("ce", s.FirstCentre+c), CentreNumber: s.centreNumber(c),
		Head: actor(roleHead), HeadRegistrationID: reg(roleHead),
		LineManager: actor(roleLM), LineManagerRegistrationID: reg(roleLM),
		ExamsOfficer: actor(roleEO1), ExamsOfficerRegistrationID: reg(roleEO1), RecordID: s.id("rc", s.slot(c, s.Year, roleEO1)),
		SecondExamsOfficer: actor(roleEO2), SecondExamsOfficerRegistrationID: reg(roleEO2), SecondRecordID: s.id("rc", s.slot(c, s.Year, roleEO2)),
		PendingRegistrationID: reg(rolePending),
	}
	slot := s.slot(c, s.Year, roleEO1)
	for t := range targetsPerRecord {
		st.TargetIDs = append(st.TargetIDs, s.id("tg", slot*targetsPerRecord+t))
	}
	return st
}
