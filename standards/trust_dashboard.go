package standards

import (
	"context"
	"errors"
	"slices"
	"time"
)

// The actions of the trust dashboard and the national figures.
const (
	actViewTrustDashboard  action = "see a trust's dashboard"
	actViewNationalFigures action = "see the national figures"
)

// TrustDashboard is every centre of a trust for a year in counts: how far
// its exams officers have come and what needs attention. It holds no names
// and nothing of meeting notes (R-TRU-2).
type TrustDashboard struct {
	Trust Trust
	Year  AcademicYear
	// Centres are every centre of the trust now, registered for the year or
	// not, by centre number.
	Centres []TrustCentre
}

// TrustCentre is one centre's line on a trust dashboard.
type TrustCentre struct {
	Centre Centre
	// Registered says the centre is registered for the year; when it is
	// not, every count is zero.
	Registered bool
	// ExamsOfficers counts the approved exams officers with a standards
	// record.
	ExamsOfficers int
	// Areas are the three key areas in order, as in Tracker, each with how
	// many of those exams officers have completed it.
	Areas []AreaCount
	// Certified counts the records closed by a claim.
	Certified int
	// AtRisk counts the exams officers not certified whose record carries
	// an attention flag that asks for something to be done: any flag but
	// FlagLateRegistration (a fact, not a task) and FlagTargetsAchieved (the
	// targets are done; the claim's checklist says what else it needs).
	AtRisk int
	// Flags counts the records carrying each attention flag; a code no
	// record carries is absent.
	Flags map[FlagCode]int
}

// AreaCount is how many exams officers have completed one key area.
type AreaCount struct {
	Area     KeyArea
	Complete int
}

// TrustDashboard returns a trust's centres for a year in counts. Only the
// leads of the trust and the operator see it: to anyone else, the admins
// of its centres included, the trust is not found. It reads the same number
// of times however many centres and exams officers the trust has.
func (s *Service) TrustDashboard(ctx context.Context, actor Actor, trustID string, year AcademicYear) (_ TrustDashboard, err error) {
	defer s.observe(&ctx, "TrustDashboard").done(&err)
	var out TrustDashboard
	err = s.view(ctx, actor, func(c *call) error {
		if err := year.Validate(); err != nil {
			return err
		}
		ty, err := c.tx.TrustYear(c.ctx, trustID, year)
		if err != nil {
			return err
		}
		if err := authorize(actViewTrustDashboard, c.standingInTrustOf(ty.Leads), subject{}); err != nil {
			return err
		}
		out = TrustDashboard{Trust: ty.Trust, Year: year, Centres: trustCentres(ty, year, c.now, s.meetingGap)}
		return nil
	})
	return out, err
}

// trustCentres are the lines of a trust's year, one a centre of the trust,
// as TrustDashboard shows them at now.
func trustCentres(ty TrustYear, year AcademicYear, now time.Time, gap time.Duration) []TrustCentre {
	centres, registered := ty.Centres, ty.CentreYears
	years := trustCentreYears(ty, year)
	isRegistered := make(map[string]bool, len(registered))
	for _, cy := range registered {
		isRegistered[cy.CentreID] = true
	}
	out := make([]TrustCentre, 0, len(centres))
	for _, centre := range centres {
		line := TrustCentre{Centre: centre, Registered: isRegistered[centre.ID], Flags: map[FlagCode]int{}}
		for _, area := range []KeyArea{AreaKnowledge, AreaSkills, AreaValues} {
			line.Areas = append(line.Areas, AreaCount{Area: area})
		}
		cy := years[centre.ID]
		for _, m := range cy.examsOfficers() {
			rec := cy.records[m.RecordID]
			line.ExamsOfficers++
			if rec.Closed() {
				line.Certified++
			}
			for i, p := range areaProgress(cy.targets[rec.ID], cy.signatures[rec.ID]) {
				if p.Complete {
					line.Areas[i].Complete++
				}
			}
			risk := false
			for _, f := range Flags(cy.facts(m, now, gap)) {
				line.Flags[f.Code]++
				risk = risk || (f.Code != FlagLateRegistration && f.Code != FlagTargetsAchieved)
			}
			if risk && !rec.Closed() {
				line.AtRisk++
			}
		}
		out = append(out, line)
	}
	return out
}

// trustCentreYears is the centreYear of every centre of a trust's year.
// Its rosters carry no people: the trust dashboard counts, and names
// nobody.
func trustCentreYears(ty TrustYear, year AcademicYear) map[string]centreYear {
	centres, regs, oversights, recs := ty.Centres, ty.Registrations, ty.Oversights, ty.Records
	out := make(map[string]centreYear, len(centres))
	for _, centre := range centres {
		out[centre.ID] = centreYear{roster: Roster{Centre: centre, Year: year}, records: map[string]Record{}}
	}
	recordOf := make(map[string]string, len(recs))
	for _, r := range recs {
		recordOf[r.RegistrationID] = r.ID
		if cy, ok := out[r.CentreID]; ok {
			cy.records[r.ID] = r
		}
	}
	for _, r := range regs {
		cy, ok := out[r.CentreID]
		if !ok {
			continue
		}
		m := Member{Registration: r, RecordID: recordOf[r.ID]}
		for _, o := range oversights {
			if o.EORegistrationID == r.ID {
				m.Overseers = append(m.Overseers, o.OverseerRegistrationID)
			}
			if o.OverseerRegistrationID == r.ID {
				m.Oversees = append(m.Oversees, o.EORegistrationID)
			}
		}
		cy.roster.Members = append(cy.roster.Members, m)
		out[r.CentreID] = cy
	}
	p := progressByRecord(ty.Progress)
	for id, cy := range out {
		cy.targets, cy.lastMeeting, cy.actions, cy.signatures = p.targets, p.lastMeeting, p.actions, p.signatures
		out[id] = cy
	}
	return out
}

// NationalFigures are the platform's figures for one academic year.
type NationalFigures struct {
	Year AcademicYear
	// CentresRegistered counts the centres registered for the year.
	CentresRegistered int
	// ExamsOfficers counts the approved exams officer registrations.
	ExamsOfficers int
	// Certified counts the certificates of the year claimed on the
	// platform (imported ones are not) and not revoked.
	Certified int
	// Months are September to August in order: what happened in each
	// calendar month (UK time) of the year.
	Months []MonthFigures
	// OutsideYear counts what belongs to the year but happened outside it:
	// registrations made before 1 September for the coming year, and
	// certificates claimed in the grace period after 31 August.
	OutsideYear MonthFigures
}

// MonthFigures are what happened in one month. Month is the month's first
// day (UK time); it is zero for NationalFigures.OutsideYear.
type MonthFigures struct {
	Month time.Time
	// CentreRegistrations counts centres registered for the year in the
	// month.
	CentreRegistrations int
	// ExamsOfficersApproved counts exams officer registrations, approved
	// now, that were approved in the month (those registered by a
	// colleague are approved as they are made).
	ExamsOfficersApproved int
	// CertificatesIssued counts the certificates counted in Certified that
	// were issued in the month.
	CertificatesIssued int
}

// NationalFigures returns the platform's figures for a year: for the
// operator only. It reads the year's tallies (one short statement, however
// many centres there are); the first time a year is asked for, it counts
// them from the year's centre registrations, registrations and
// certificates and keeps them, in a transaction of its own.
func (s *Service) NationalFigures(ctx context.Context, actor Actor, year AcademicYear) (_ NationalFigures, err error) {
	defer s.observe(&ctx, "NationalFigures").done(&err)
	out, kept, err := s.keptFigures(ctx, actor, year)
	if err != nil || kept {
		return out, err
	}
	err = s.storeUpdate(ctx, func(tx Tx) error {
		centres, err := tx.CentreYearsByYear(ctx, year)
		if err != nil {
			return err
		}
		regs, err := tx.RegistrationsByYear(ctx, year)
		if err != nil {
			return err
		}
		certs, err := tx.CertificatesByYear(ctx, year)
		if err != nil {
			return err
		}
		ts := countTallies(year, centres, regs, certs)
		out = figuresOf(year, ts)
		return tx.ReplaceTallies(ctx, year, ts)
	})
	if errors.Is(err, ErrConflict) {
		// Someone else counted the year at the same moment: theirs will do.
		if again, kept, err := s.keptFigures(ctx, actor, year); err != nil || kept {
			return again, err
		}
	}
	return out, err
}

// keptFigures reads a year's figures from its tallies, and whether they are
// kept (counted and kept up to date) at all.
func (s *Service) keptFigures(ctx context.Context, actor Actor, year AcademicYear) (NationalFigures, bool, error) {
	var out NationalFigures
	kept := false
	err := s.operatorView(ctx, actor, actViewNationalFigures, func(tx Tx) error {
		if err := year.Validate(); err != nil {
			return err
		}
		ts, err := tx.Tallies(ctx, year)
		if err != nil {
			return err
		}
		kept = slices.ContainsFunc(ts, func(t Tally) bool { return t.Measure == TallyKept })
		out = figuresOf(year, ts)
		return nil
	})
	return out, kept, err
}

// TrustDashboardStore reads a trust's year at once, every centre of the
// trust together, so that a trust dashboard costs the same one read however
// many centres and exams officers the trust has.
type TrustDashboardStore interface {
	// TrustYear reads a trust's year (see TrustYear), or returns
	// ErrNotFound when there is no such trust. A store that can should read
	// it in one statement.
	TrustYear(ctx context.Context, trustID string, year AcademicYear) (TrustYear, error)
}

// TrustYear is a trust's year read at once: its centres, what they
// registered, who oversees whom and how far every record has come. A
// centre belongs to the trust it is in now (Centre.TrustID).
type TrustYear struct {
	Trust Trust
	// Leads are the trust's leads, in order of AppointedAt, then PersonID.
	Leads []TrustLead
	// Centres are the trust's centres by number.
	Centres []Centre
	// CentreYears are the centres' registrations for the year, in order of
	// CentreID.
	CentreYears []CentreYear
	// Registrations are the year's at the trust's centres, in order of
	// CentreID, then RequestedAt, then ID.
	Registrations []Registration
	// Oversights are the year's at the trust's centres, in order of
	// CentreID, then AssignedAt, then EORegistrationID, then
	// OverseerRegistrationID.
	Oversights []Oversight
	// Records are the year's at the trust's centres, in order of CentreID,
	// then CreatedAt, then ID.
	Records []Record
	// Progress is how far those records have come; its CPDHours are not
	// read (the dashboard counts exams officers, not hours).
	Progress Progress
}

// NationalStore reads a year across the whole platform, for the operator's
// national figures: one statement each, however many centres there are.
type NationalStore interface {
	// CentreYearsByYear lists every centre's registration for year, in
	// order of CentreID.
	CentreYearsByYear(ctx context.Context, year AcademicYear) ([]CentreYear, error)
	// RegistrationsByYear lists every registration for year, at every
	// centre, in order of CentreID, then RequestedAt, then ID.
	RegistrationsByYear(ctx context.Context, year AcademicYear) ([]Registration, error)
	// CertificatesByYear lists every certificate of year, imported and
	// revoked ones included, in order of IssuedAt, then ID.
	CertificatesByYear(ctx context.Context, year AcademicYear) ([]Certificate, error)

	// Tallies lists the tallies of year, in order of Measure, then Month,
	// then Shard.
	Tallies(ctx context.Context, year AcademicYear) ([]Tally, error)
	// AddTally adds t.Count to the tally (Year, Measure, Month, Shard),
	// making it with t.Count if there is none.
	AddTally(ctx context.Context, t Tally) error
	// ReplaceTallies makes ts the only tallies of year.
	ReplaceTallies(ctx context.Context, year AcademicYear, ts []Tally) error
}
