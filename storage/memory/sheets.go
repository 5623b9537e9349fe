package memory

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/eops/eops/standards"
)

// The views the Service reads at once, each made of the store's own lists.

func (t *tx) CentreSheet(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, error) {
	s := standards.CentreSheet{Year: year}
	var err error
	if s.Centre, err = t.Centre(ctx, centreID); err != nil {
		return s, err
	}
	if s.Registered, err = t.CentreYear(ctx, centreID, year); err != nil && !errors.Is(err, standards.ErrNotFound) {
		return s, err
	}
	if s.Registrations, err = t.RegistrationsByCentre(ctx, centreID, year); err != nil {
		return s, err
	}
	if s.Oversights, err = t.OversightsByCentre(ctx, centreID, year); err != nil {
		return s, err
	}
	if s.Records, err = t.RecordsByCentre(ctx, centreID, year); err != nil {
		return s, err
	}
	s.TrustLeads = []standards.TrustLead{}
	if s.Centre.TrustID != "" {
		if s.TrustLeads, err = t.TrustLeads(ctx, s.Centre.TrustID); err != nil {
			return s, err
		}
	}
	var ids []string
	for _, r := range s.Registrations {
		ids = append(ids, r.PersonID)
	}
	for _, l := range s.TrustLeads {
		ids = append(ids, l.PersonID)
	}
	slices.Sort(ids)
	s.People, err = t.People(ctx, slices.Compact(ids))
	return s, err
}

// RecordSheet reads every part of the record, whatever parts asks: the
// port allows it, and in memory nothing is saved by leaving one out. Its
// centre's year it narrows as asked, though, to the record's own people
// without RecordCentreYear, as the SQL stores do, so that the Service's
// tests, which run on this store, decide on no more than a SQL store reads.
func (t *tx) RecordSheet(ctx context.Context, recordID string, parts standards.RecordParts) (standards.RecordSheet, error) {
	var s standards.RecordSheet
	var err error
	if s.Record, err = t.Record(ctx, recordID); err != nil {
		return s, err
	}
	if s.Targets, err = t.Targets(ctx, recordID); err != nil {
		return s, err
	}
	if s.History, err = t.TargetChanges(ctx, recordID); err != nil {
		return s, err
	}
	if s.CPD, err = t.CPDEntries(ctx, recordID); err != nil {
		return s, err
	}
	if s.Meetings, err = t.Meetings(ctx, recordID); err != nil {
		return s, err
	}
	if s.Actions, err = t.SupportActions(ctx, recordID); err != nil {
		return s, err
	}
	if s.Notes, err = t.PrivateNotes(ctx, recordID); err != nil {
		return s, err
	}
	if s.Signatures, err = t.Signatures(ctx, recordID); err != nil {
		return s, err
	}
	if s.Certificate, err = t.CertificateByRecord(ctx, recordID); err != nil && !errors.Is(err, standards.ErrNotFound) {
		return s, err
	}
	if s.Statement, err = t.LatestStatement(ctx, s.Record.Year); err != nil && !errors.Is(err, standards.ErrNotFound) {
		return s, err
	}
	if s.CentreYear, err = t.CentreSheet(ctx, s.Record.CentreID, s.Record.Year); err != nil {
		return s, err
	}
	if !parts.Has(standards.RecordCentreYear) {
		s.CentreYear = peopleOf(s.CentreYear, s.Record.RegistrationID)
	}
	s.Earlier = []standards.Record{}
	regs, _ := t.RegistrationsByPerson(ctx, s.Record.PersonID) // newest year first
	for _, reg := range regs {
		if reg.Year >= s.Record.Year {
			continue
		}
		if rec, err := t.RecordByRegistration(ctx, reg.ID); err == nil {
			s.Earlier = append(s.Earlier, rec)
		}
	}
	slices.SortStableFunc(s.Earlier, func(a, b standards.Record) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return s, nil
}

// peopleOf narrows a centre's year to the people of the record of the
// exams officer's registration eoID (standards.RecordCentreYear): their
// registration and their overseers', their oversights, and the people those
// registrations name; no records, and no trust leads as people.
func peopleOf(s standards.CentreSheet, eoID string) standards.CentreSheet {
	ids := []string{eoID}
	s.Oversights = slices.DeleteFunc(s.Oversights, func(o standards.Oversight) bool { return o.EORegistrationID != eoID })
	for _, o := range s.Oversights {
		ids = append(ids, o.OverseerRegistrationID)
	}
	s.Registrations = slices.DeleteFunc(s.Registrations, func(r standards.Registration) bool { return !slices.Contains(ids, r.ID) })
	s.People = slices.DeleteFunc(s.People, func(p standards.Person) bool {
		return !slices.ContainsFunc(s.Registrations, func(r standards.Registration) bool { return r.PersonID == p.ID })
	})
	s.Records = []standards.Record{}
	return s
}

func (t *tx) CentreProgress(ctx context.Context, centreID string, year standards.AcademicYear) (standards.CentreSheet, standards.Progress, error) {
	var p standards.Progress
	sheet, err := t.CentreSheet(ctx, centreID, year)
	if err != nil {
		return sheet, p, err
	}
	p.Targets, _ = t.targetsByCentre(ctx, centreID, year)
	p.LastMeetings, _ = t.lastMeetingsByCentre(ctx, centreID, year)
	p.Actions, _ = t.supportActionsByCentre(ctx, centreID, year)
	p.Signatures, _ = t.signaturesByCentre(ctx, centreID, year)
	p.CPDHours, _ = t.cpdHoursByCentre(ctx, centreID, year)
	return sheet, p, nil
}

func (t *tx) TrustYear(ctx context.Context, trustID string, year standards.AcademicYear) (standards.TrustYear, error) {
	var y standards.TrustYear
	var err error
	if y.Trust, err = t.Trust(ctx, trustID); err != nil {
		return y, err
	}
	y.Leads, _ = t.TrustLeads(ctx, trustID)
	y.Centres, _ = t.CentresByTrust(ctx, trustID)
	y.CentreYears, _ = t.centreYearsByTrust(ctx, trustID, year)
	y.Registrations, _ = t.registrationsByTrust(ctx, trustID, year)
	y.Oversights, _ = t.oversightsByTrust(ctx, trustID, year)
	y.Records, _ = t.recordsByTrust(ctx, trustID, year)
	y.Progress.Targets, _ = t.targetsByTrust(ctx, trustID, year)
	y.Progress.LastMeetings, _ = t.lastMeetingsByTrust(ctx, trustID, year)
	y.Progress.Actions, _ = t.supportActionsByTrust(ctx, trustID, year)
	y.Progress.Signatures, _ = t.signaturesByTrust(ctx, trustID, year)
	return y, nil
}

// cpdHours is the CPD logged in all by every record keep takes, in order
// of record.
func (t *tx) cpdHours(keep func(recordID string) bool) []standards.CPDHours {
	hours := map[string]standards.CPDHours{}
	for _, e := range t.d.cpd {
		if keep(e.RecordID) {
			h := hours[e.RecordID]
			hours[e.RecordID] = standards.CPDHours{RecordID: e.RecordID, Hours: h.Hours + e.Hours}
		}
	}
	return sorted(hours, func(standards.CPDHours) bool { return true },
		func(a, b standards.CPDHours) int { return cmp.Compare(a.RecordID, b.RecordID) })
}

func (t *tx) CentreSheetOfRegistration(ctx context.Context, registrationID string) (standards.CentreSheet, error) {
	r, err := t.Registration(ctx, registrationID)
	if err != nil {
		return standards.CentreSheet{}, err
	}
	return t.CentreSheet(ctx, r.CentreID, r.Year)
}

func (t *tx) PersonSheet(ctx context.Context, personID string, reader standards.PersonKey) (standards.PersonSheet, error) {
	var s standards.PersonSheet
	var err error
	if s.Person, err = t.Person(ctx, personID); err != nil {
		return s, err
	}
	s.Registrations, _ = t.RegistrationsByPerson(ctx, personID)
	s.Certificates, _ = t.CertificatesByPerson(ctx, personID)
	s.Centres, s.Records, s.Readers, s.Viewer = []standards.Centre{}, []standards.Record{}, []standards.Person{}, []standards.Registration{}
	at := map[string]bool{}
	for _, r := range s.Registrations {
		if !at[r.CentreID] {
			at[r.CentreID] = true
			c, err := t.Centre(ctx, r.CentreID)
			if err != nil {
				return s, err
			}
			s.Centres = append(s.Centres, c)
		}
		if rec, err := t.RecordByRegistration(ctx, r.ID); err == nil {
			s.Records = append(s.Records, rec)
		}
	}
	slices.SortFunc(s.Centres, func(a, b standards.Centre) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Records, func(a, b standards.Record) int { return cmp.Compare(a.ID, b.ID) })
	if p, err := t.PersonByEmail(ctx, reader.Email); err == nil {
		s.Readers = append(s.Readers, p)
	}
	if p, err := t.PersonByExternalID(ctx, reader.ExternalID); err == nil && reader.ExternalID != "" {
		s.Readers = append(s.Readers, p)
	}
	slices.SortFunc(s.Readers, func(a, b standards.Person) int { return cmp.Compare(a.ID, b.ID) })
	s.Readers = slices.CompactFunc(s.Readers, func(a, b standards.Person) bool { return a.ID == b.ID })
	for _, p := range s.Readers {
		theirs, _ := t.RegistrationsByPerson(ctx, p.ID)
		for _, r := range theirs {
			if at[r.CentreID] {
				s.Viewer = append(s.Viewer, r)
			}
		}
	}
	return s, nil
}

func (t *tx) TrustSheet(ctx context.Context, trustID string) (standards.TrustSheet, error) {
	var s standards.TrustSheet
	var err error
	if s.Trust, err = t.Trust(ctx, trustID); err != nil {
		return s, err
	}
	s.Leads, _ = t.TrustLeads(ctx, trustID)
	ids := make([]string, 0, len(s.Leads))
	for _, l := range s.Leads {
		ids = append(ids, l.PersonID)
	}
	slices.Sort(ids)
	s.People, _ = t.People(ctx, slices.Compact(ids))
	s.Centres, _ = t.CentresByTrust(ctx, trustID)
	s.Requests, _ = t.TrustRequestsByTrust(ctx, trustID)
	return s, nil
}

func (t *tx) CentreAudit(ctx context.Context, centreID string, year standards.AcademicYear, before int64, limit int) (standards.CentreSheet, []standards.AuditEntry, error) {
	sheet, err := t.CentreSheet(ctx, centreID, year)
	if err != nil {
		return sheet, nil, err
	}
	page, err := t.AuditByCentre(ctx, centreID, before, limit)
	return sheet, page, err
}
