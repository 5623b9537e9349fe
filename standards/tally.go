package standards

import (
	"math/rand/v2"
	"time"
)

// The operator's national figures count a whole year of the platform. To
// stay as quick at 7,000 centres as at 70, they are kept as tallies: one
// count per measure and month of the year, which every command that changes
// a counted thing adjusts in its own transaction. The first time a year's
// figures are asked for, the tallies are counted afresh from the rows and
// marked kept; from then on they are read as they are.

// Tally is one count of a year's national figures.
type Tally struct {
	Year    AcademicYear
	Measure TallyMeasure
	// Month is the month of the year, 1 for September to 12 for August, or
	// 0 for what belongs to the year but happened outside it.
	Month int
	// Shard spreads the additions of commands running at once over
	// TallyShards rows, so that two approvals at different centres in the
	// same month seldom write the same row (on PostgreSQL, one of two
	// serialisable transactions writing one row fails). A figure is the
	// sum of its shards.
	Shard int
	Count int
}

// TallyShards is how many rows one figure of a month is spread over.
const TallyShards = 32

// TallyMeasure names what a tally counts.
type TallyMeasure string

// The measures of the national figures, and the mark of a kept year.
const (
	// TallyCentres counts centres registered for the year.
	TallyCentres TallyMeasure = "centres"
	// TallyExamsOfficers counts registrations approved now with the exams
	// officer role, in the month of their approval.
	TallyExamsOfficers TallyMeasure = "exams_officers"
	// TallyCertificates counts certificates claimed on the platform and not
	// revoked, in the month of issue.
	TallyCertificates TallyMeasure = "certificates"
	// TallyKept marks a year whose tallies are counted and kept up to date.
	TallyKept TallyMeasure = "kept"
)

// tallyMonth places t in year: 1 to 12 from September, or 0 outside it.
func tallyMonth(year AcademicYear, t time.Time) int {
	t = t.In(ukTime)
	if t.Before(year.Start()) || !t.Before(year.End()) {
		return 0
	}
	return (int(t.Month())-int(time.September)+12)%12 + 1
}

// countsAsExamsOfficer says a registration counts in the national figures.
func countsAsExamsOfficer(r Registration) bool { return r.Approved() && r.Roles.Has(RoleEO) }

// countsAsCertified says a certificate counts in the national figures:
// claimed on the platform (not imported) and not revoked.
func countsAsCertified(c Certificate) bool { return c.RecordID != "" && !c.Revoked() }

// tally adds delta to one measure of year at the month of at, in a shard
// chosen at random.
func (c *call) tally(year AcademicYear, m TallyMeasure, at time.Time, delta int) error {
	return c.tx.AddTally(c.ctx, Tally{Year: year, Measure: m, Month: tallyMonth(year, at), Shard: rand.IntN(TallyShards), Count: delta})
}

// tallyRegistration keeps the exams officers' tally in step with a
// registration changed from old (the zero Registration when new) to reg.
func (c *call) tallyRegistration(old, reg Registration) error {
	if countsAsExamsOfficer(old) {
		if err := c.tally(old.Year, TallyExamsOfficers, old.DecidedAt, -1); err != nil {
			return err
		}
	}
	if countsAsExamsOfficer(reg) {
		return c.tally(reg.Year, TallyExamsOfficers, reg.DecidedAt, 1)
	}
	return nil
}

// tallyCertificate keeps the certificates' tally in step with a
// certificate changed from old (the zero Certificate when new) to cert.
func (c *call) tallyCertificate(old, cert Certificate) error {
	if countsAsCertified(old) {
		if err := c.tally(old.Year, TallyCertificates, old.IssuedAt, -1); err != nil {
			return err
		}
	}
	if countsAsCertified(cert) {
		return c.tally(cert.Year, TallyCertificates, cert.IssuedAt, 1)
	}
	return nil
}

// countTallies counts a year's tallies afresh from its rows, marked kept.
func countTallies(year AcademicYear, centres []CentreYear, regs []Registration, certs []Certificate) []Tally {
	counts := map[[2]int]int{} // measure index, month
	measures := []TallyMeasure{TallyCentres, TallyExamsOfficers, TallyCertificates}
	for _, cy := range centres {
		counts[[2]int{0, tallyMonth(year, cy.RegisteredAt)}]++
	}
	for _, r := range regs {
		if countsAsExamsOfficer(r) {
			counts[[2]int{1, tallyMonth(year, r.DecidedAt)}]++
		}
	}
	for _, ct := range certs {
		if countsAsCertified(ct) {
			counts[[2]int{2, tallyMonth(year, ct.IssuedAt)}]++
		}
	}
	out := []Tally{{Year: year, Measure: TallyKept, Count: 1}}
	for m, measure := range measures {
		for month := 0; month <= 12; month++ {
			if n := counts[[2]int{m, month}]; n != 0 {
				out = append(out, Tally{Year: year, Measure: measure, Month: month, Count: n})
			}
		}
	}
	return out
}

// figuresOf turns a year's tallies into its national figures.
func figuresOf(year AcademicYear, ts []Tally) NationalFigures {
	out := NationalFigures{Year: year, Months: make([]MonthFigures, 12)}
	start := year.Start()
	for i := range out.Months {
		out.Months[i].Month = start.AddDate(0, i, 0)
	}
	for _, t := range ts { // shards of one figure add up
		if t.Month < 0 || t.Month > 12 {
			continue
		}
		m := &out.OutsideYear
		if t.Month > 0 {
			m = &out.Months[t.Month-1]
		}
		switch t.Measure {
		case TallyCentres:
			out.CentresRegistered += t.Count
			m.CentreRegistrations += t.Count
		case TallyExamsOfficers:
			out.ExamsOfficers += t.Count
			m.ExamsOfficersApproved += t.Count
		case TallyCertificates:
			out.Certified += t.Count
			m.CertificatesIssued += t.Count
		}
	}
	return out
}
