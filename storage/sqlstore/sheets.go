package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/eops/eops/standards"
)

// The Service's views, each read in one statement (views.go): a record's
// sheet, a centre's year, how far a centre's records have come, and a
// trust's year. Each puts its lists in the order the Store's methods for
// them promise, since the union's rows come in none.

func (t *tx) RecordSheet(ctx context.Context, recordID string) (standards.RecordSheet, error) {
	var (
		records    []recordRow
		targets    []targetRow
		changes    []targetChangeRow
		cpd        []cpdEntryRow
		meetings   []meetingRow
		actions    []supportActionRow
		notes      []privateNoteRow
		signatures []signatureRow
		certs      []certificateRow
		statements []statementRow
		cy         centreYearRows
	)
	id := []any{recordID}
	err := t.readView(ctx, "record sheet",
		part{recordByID, id, &records},
		part{targetsOfRecord, id, &targets},
		part{targetChangesOfRecord, id, &changes},
		part{cpdEntriesOfRecord, id, &cpd},
		part{meetingsOfRecord, id, &meetings},
		part{supportActionsOfRecord, id, &actions},
		part{privateNotesOfRecord, id, &notes},
		part{signaturesOfRecord, id, &signatures},
		part{certificateOfRecord, id, &certs},
		part{statementsOfRecordYear, id, &statements},
		part{centreOfRecord, id, &cy.centres},
		part{registrationsOfRecordsYear, id, &cy.regs},
		part{peopleOfRecordsYear, id, &cy.people},
		part{oversightsOfRecordsYear, id, &cy.oversights},
		part{recordsOfRecordsYear, id, &cy.records},
		part{leadsOfRecordsTrust, id, &cy.leads},
	)
	if err != nil {
		return standards.RecordSheet{}, err
	}
	if len(records) == 0 {
		return standards.RecordSheet{}, fmt.Errorf("record %s: %w", recordID, standards.ErrNotFound)
	}
	s := standards.RecordSheet{
		Record:     records[0].record(),
		CentreYear: cy.sheet(standards.AcademicYear(records[0].Year)),
		Targets:    sortedBy(convert(targets, (*targetRow).target), byCreated),
		History:    sortedBy(convert(changes, (*targetChangeRow).targetChange), func(a, b standards.TargetChange) int { return cmp.Compare(a.Seq, b.Seq) }),
		CPD:        sortedBy(convert(cpd, (*cpdEntryRow).cpdEntry), func(a, b standards.CPDEntry) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) }),
		Meetings:   sortedBy(convert(meetings, (*meetingRow).meeting), func(a, b standards.Meeting) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID)) }),
		Actions:    sortedBy(convert(actions, (*supportActionRow).supportAction), byDue),
		Notes:      sortedBy(convert(notes, (*privateNoteRow).privateNote), func(a, b standards.PrivateNote) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) }),
		Signatures: sortedBy(convert(signatures, (*signatureRow).signature), bySigned),
	}
	if len(certs) > 0 {
		s.Certificate = certs[0].certificate()
	}
	for _, st := range statements {
		if st.Version > s.Statement.Version {
			s.Statement = st.statement()
		}
	}
	return s, nil
}

func (t *tx) CentreSheet(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, error) {
	var cy centreYearRows
	if err := t.readView(ctx, "centre sheet", cy.parts(centreID, year)...); err != nil {
		return standards.CentreSheet{}, err
	}
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}, fmt.Errorf("centre %s: %w", centreID, standards.ErrNotFound)
	}
	return cy.sheet(year), nil
}

func (t *tx) CentreProgress(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, standards.Progress, error) {
	var (
		cy centreYearRows
		p  progressRows
	)
	v := []any{centreID, int(year)}
	err := t.readView(ctx, "centre progress", append(cy.parts(centreID, year),
		part{targetsOfCentreYear, v, &p.targets},
		part{lastMeetingsOfCentreYear, v, &p.lastMeetings},
		part{supportActionsOfCentreYear, v, &p.actions},
		part{signaturesOfCentreYear, v, &p.signatures},
		part{cpdHoursOfCentreYear, v, &p.hours},
	)...)
	if err != nil {
		return standards.CentreSheet{}, standards.Progress{}, err
	}
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}, standards.Progress{}, fmt.Errorf("centre %s: %w", centreID, standards.ErrNotFound)
	}
	return cy.sheet(year), p.progress(), nil
}

// centreYearRows are the rows of a CentreSheet as read.
type centreYearRows struct {
	centres    []centreRow
	regs       []registrationRow
	people     []personRow
	oversights []oversightRow
	records    []recordRow
	leads      []trustLeadRow
}

// parts are the parts of a view that read a centre's year.
func (cy *centreYearRows) parts(centreID string, year standards.AcademicYear) []part {
	ofYear := []any{centreID, int(year)}
	return []part{
		{centreByID, []any{centreID}, &cy.centres},
		{registrationsOfCentreYear, ofYear, &cy.regs},
		{peopleOfCentreYear, ofYear, &cy.people},
		{oversightsOfCentreYear, ofYear, &cy.oversights},
		{recordsOfCentreYear, ofYear, &cy.records},
		{leadsOfCentresTrust, []any{centreID}, &cy.leads},
	}
}

// sheet is the centre's year read, once its centre is known to be there.
func (cy *centreYearRows) sheet(year standards.AcademicYear) standards.CentreSheet {
	if len(cy.centres) == 0 {
		return standards.CentreSheet{}
	}
	return standards.CentreSheet{
		Centre:        cy.centres[0].centre(),
		Year:          year,
		Registrations: sortedBy(convert(cy.regs, (*registrationRow).registration), byRequested),
		People:        sortedBy(convert(cy.people, (*personRow).person), func(a, b standards.Person) int { return cmp.Compare(a.ID, b.ID) }),
		Oversights:    sortedBy(convert(cy.oversights, (*oversightRow).oversight), byAssigned),
		Records:       sortedBy(convert(cy.records, (*recordRow).record), byOpened),
		TrustLeads:    sortedBy(convert(cy.leads, (*trustLeadRow).trustLead), byAppointed),
	}
}

func (t *tx) TrustYear(ctx context.Context, trustID string, year standards.AcademicYear) (standards.TrustYear, error) {
	var (
		trusts     []trustRow
		leads      []trustLeadRow
		centres    []centreRow
		years      []centreYearRow
		regs       []registrationRow
		oversights []oversightRow
		records    []recordRow
		p          progressRows
	)
	id, ofYear := []any{trustID}, []any{trustID, int(year)}
	err := t.readView(ctx, "trust year",
		part{trustByID, id, &trusts},
		part{leadsOfTrust, id, &leads},
		part{centresOfTrust, id, &centres},
		part{centreYearsOfTrustYear, ofYear, &years},
		part{registrationsOfTrustYear, ofYear, &regs},
		part{oversightsOfTrustYear, ofYear, &oversights},
		part{recordsOfTrustYear, ofYear, &records},
		part{targetsOfTrustYear, ofYear, &p.targets},
		part{lastMeetingsOfTrustYear, ofYear, &p.lastMeetings},
		part{supportActionsOfTrustYear, ofYear, &p.actions},
		part{signaturesOfTrustYear, ofYear, &p.signatures},
		part{cpdHoursOfTrustYear, ofYear, &p.hours},
	)
	if err != nil {
		return standards.TrustYear{}, err
	}
	if len(trusts) == 0 {
		return standards.TrustYear{}, fmt.Errorf("trust %s: %w", trustID, standards.ErrNotFound)
	}
	return standards.TrustYear{
		Trust:   trusts[0].trust(),
		Leads:   sortedBy(convert(leads, (*trustLeadRow).trustLead), byAppointed),
		Centres: sortedBy(convert(centres, (*centreRow).centre), func(a, b standards.Centre) int { return cmp.Compare(a.Number, b.Number) }),
		CentreYears: sortedBy(convert(years, (*centreYearRow).centreYear), func(a, b standards.CentreYear) int {
			return cmp.Compare(a.CentreID, b.CentreID)
		}),
		Registrations: sortedBy(convert(regs, (*registrationRow).registration), func(a, b standards.Registration) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byRequested(a, b))
		}),
		Oversights: sortedBy(convert(oversights, (*oversightRow).oversight), func(a, b standards.Oversight) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byAssigned(a, b))
		}),
		Records: sortedBy(convert(records, (*recordRow).record), func(a, b standards.Record) int {
			return cmp.Or(cmp.Compare(a.CentreID, b.CentreID), byOpened(a, b))
		}),
		Progress: p.progress(),
	}, nil
}

// progressRows are the rows of a Progress as read.
type progressRows struct {
	targets      []targetRow
	lastMeetings []lastMeetingRow
	actions      []supportActionRow
	signatures   []signatureRow
	hours        []cpdHoursRow
}

func (p progressRows) progress() standards.Progress {
	return standards.Progress{
		Targets: sortedBy(convert(p.targets, (*targetRow).target), func(a, b standards.Target) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), byCreated(a, b))
		}),
		LastMeetings: sortedBy(convert(p.lastMeetings, (*lastMeetingRow).lastMeeting), func(a, b standards.LastMeeting) int {
			return cmp.Compare(a.RecordID, b.RecordID)
		}),
		Actions: sortedBy(convert(p.actions, (*supportActionRow).supportAction), func(a, b standards.SupportAction) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), byDue(a, b))
		}),
		Signatures: sortedBy(convert(p.signatures, (*signatureRow).signature), func(a, b standards.Signature) int {
			return cmp.Or(cmp.Compare(a.RecordID, b.RecordID), bySigned(a, b))
		}),
		CPDHours: sortedBy(convert(p.hours, (*cpdHoursRow).cpdHours), func(a, b standards.CPDHours) int {
			return cmp.Compare(a.RecordID, b.RecordID)
		}),
	}
}

// sortedBy sorts xs by order and returns it.
func sortedBy[T any](xs []T, order func(a, b T) int) []T {
	slices.SortFunc(xs, order)
	return xs
}

// The orders the Store's methods promise, within one record, centre or
// trust.

func byCreated(a, b standards.Target) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

func byDue(a, b standards.SupportAction) int {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
}

func bySigned(a, b standards.Signature) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Side, b.Side))
}

func byRequested(a, b standards.Registration) int {
	return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), cmp.Compare(a.ID, b.ID))
}

func byAssigned(a, b standards.Oversight) int {
	return cmp.Or(a.AssignedAt.Compare(b.AssignedAt), cmp.Compare(a.EORegistrationID, b.EORegistrationID),
		cmp.Compare(a.OverseerRegistrationID, b.OverseerRegistrationID))
}

func byOpened(a, b standards.Record) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}

func byAppointed(a, b standards.TrustLead) int {
	return cmp.Or(a.AppointedAt.Compare(b.AppointedAt), cmp.Compare(a.PersonID, b.PersonID))
}

// The reads of the views that no method makes alone (see reads.go). A
// read's where names its tables before its values.
var (
	statementsOfRecordYear = &read{table: "statements", alias: "statement",
		where: "year IN (SELECT year FROM ? WHERE id = ?)", tables: []string{"records"}}
	peopleOfCentreYear = &read{table: "people", alias: "person",
		where: "id IN (SELECT person_id FROM ? WHERE centre_id = ? AND year = ?)", tables: []string{"registrations"}}
	leadsOfCentresTrust = &read{table: "trust_leads", alias: "trust_lead",
		where: "trust_id IN (SELECT trust_id FROM ? WHERE id = ?)", tables: []string{"centres"}}

	// A record's centre's year, found through the record.
	centreOfRecord = &read{table: "centres", alias: "centre",
		where: "id IN (SELECT centre_id FROM ? WHERE id = ?)", tables: []string{"records"}}
	registrationsOfRecordsYear = &read{table: "registrations", alias: "registration", where: inRecordsYear, tables: []string{"records"}}
	peopleOfRecordsYear        = &read{table: "people", alias: "person",
		where: "id IN (SELECT person_id FROM ? WHERE " + inRecordsYear + ")", tables: []string{"registrations", "records"}}
	oversightsOfRecordsYear = &read{table: "oversights", alias: "oversight", where: inRecordsYear, tables: []string{"records"}}
	recordsOfRecordsYear    = &read{table: "records", alias: "record", where: inRecordsYear, tables: []string{"records"}}
	leadsOfRecordsTrust     = &read{table: "trust_leads", alias: "trust_lead",
		where: "trust_id IN (SELECT trust_id FROM ? WHERE id IN (SELECT centre_id FROM ? WHERE id = ?))", tables: []string{"centres", "records"}}

	centreYearsOfTrustYear   = &read{table: "centre_years", alias: "centre_year", where: inCentresOfTrust, tables: []string{"centres"}}
	registrationsOfTrustYear = &read{table: "registrations", alias: "registration", where: inCentresOfTrust, tables: []string{"centres"}}
	oversightsOfTrustYear    = &read{table: "oversights", alias: "oversight", where: inCentresOfTrust, tables: []string{"centres"}}
	recordsOfTrustYear       = &read{table: "records", alias: "record", where: inCentresOfTrust, tables: []string{"centres"}}

	targetsOfTrustYear        = &read{table: "targets", alias: "target", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
	lastMeetingsOfTrustYear   = &read{table: "meetings", alias: "meeting", where: inRecordsOfTrust, tables: []string{"records", "centres"}, columns: lastMeetingColumns, group: []string{"record_id"}}
	supportActionsOfTrustYear = &read{table: "support_actions", alias: "support_action", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
	signaturesOfTrustYear     = &read{table: "signatures", alias: "signature", where: inRecordsOfTrust, tables: []string{"records", "centres"}}
	cpdHoursOfTrustYear       = &read{table: "cpd_entries", alias: "cpd_entry", where: inRecordsOfTrust, tables: []string{"records", "centres"}, columns: cpdHoursColumns, group: []string{"record_id"}}
)

// inRecordsYear finds the rows of a record's centre's year: the records
// table, then the record.
const inRecordsYear = "(centre_id, year) IN (SELECT centre_id, year FROM ? WHERE id = ?)"

// inCentresOfTrust and inRecordsOfTrust find the rows of a trust's year
// through its centres now: the centres table (and the records table), then
// the trust and the year.
const (
	inCentresOfTrust = "centre_id IN (SELECT id FROM ? WHERE trust_id = ?) AND year = ?"
	inRecordsOfTrust = "record_id IN (SELECT id FROM ? WHERE centre_id IN (SELECT id FROM ? WHERE trust_id = ?) AND year = ?)"
)
