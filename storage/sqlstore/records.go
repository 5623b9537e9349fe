package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Standards records and the CPD log.

type recordRow struct {
	bun.BaseModel  `bun:"alias:record"`
	ID             string    `bun:"id,pk"`
	RegistrationID string    `bun:"registration_id"`
	CentreID       string    `bun:"centre_id"`
	PersonID       string    `bun:"person_id"`
	Year           int       `bun:"year"`
	CreatedAt      time.Time `bun:"created_at"`
	Version        int64     `bun:"version"`
	ClosedAt       time.Time `bun:"closed_at,nullzero"`
}

// fixedColumns are the record's key, parents, year and creation; an update
// writes only its version and closing (see fixed).
func (*recordRow) fixedColumns() []string {
	return []string{"id", "registration_id", "centre_id", "person_id", "year", "created_at"}
}

func toRecordRow(r standards.Record) *recordRow {
	return &recordRow{
		ID: r.ID, RegistrationID: r.RegistrationID, CentreID: r.CentreID, PersonID: r.PersonID, Year: int(r.Year),
		CreatedAt: r.CreatedAt, Version: r.Version, ClosedAt: r.ClosedAt,
	}
}

func (r *recordRow) record() standards.Record {
	return standards.Record{
		ID: r.ID, RegistrationID: r.RegistrationID, CentreID: r.CentreID, PersonID: r.PersonID,
		Year: standards.AcademicYear(r.Year), CreatedAt: utc(r.CreatedAt), Version: r.Version, ClosedAt: utc(r.ClosedAt),
	}
}

func (t *tx) CreateRecord(ctx context.Context, r standards.Record) error {
	return t.insert(ctx, "records", toRecordRow(r))
}

// Record reads a record. In a MySQL/MariaDB Update it reads it FOR UPDATE:
// a command that reads its record changes it (its version, at least), and
// at SERIALIZABLE InnoDB's plain read takes a shared lock, so two commands
// on one record each held one and then both waited to write it: a
// deadlock (1213) every time, one of them run again (docs/benchmarks.md,
// issue 19). Taken exclusive from the start, the second waits for the
// first and then goes on.
func (t *tx) Record(ctx context.Context, id string) (standards.Record, error) {
	var r recordRow
	if t.s.dialect == MySQL && t.writes {
		err := t.one(ctx, t.build(recordByID, &r, []any{id}).For("UPDATE"), "record "+id)
		return r.record(), err
	}
	err := t.readOne(ctx, recordByID, &r, "record "+id, id)
	return r.record(), err
}

func (t *tx) RecordByRegistration(ctx context.Context, registrationID string) (standards.Record, error) {
	var r recordRow
	err := t.readOne(ctx, recordOfRegistration, &r, "record of registration "+registrationID, registrationID)
	return r.record(), err
}

// UpdateRecord writes r as version r.Version+1 where the stored row is still
// at r.Version. The version always changes, so the rows affected are
// reliable on MySQL too: none means the record is missing or moved on.
func (t *tx) UpdateRecord(ctx context.Context, r standards.Record) error {
	row := toRecordRow(r)
	row.Version = r.Version + 1
	n, err := t.updateRow(ctx, "records", row, row.fixedColumns(), "id = ? AND version = ?", t.arg(r.ID), t.arg(r.Version))
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	found, err := t.tx.NewSelect().TableExpr("?", t.table("records")).Where("id = ?", t.arg(r.ID)).Count(ctx)
	if err != nil {
		return translate(err)
	}
	if found == 0 {
		return fmt.Errorf("record %s: %w", r.ID, standards.ErrNotFound)
	}
	return &standards.Error{Kind: standards.ErrConflict, Reason: standards.ReasonStale,
		Message: fmt.Sprintf("record %s is no longer at version %d: it changed since it was read", r.ID, r.Version)}
}

func (t *tx) RecordsByCentre(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Record, error) {
	var rows []recordRow
	if err := t.readAll(ctx, recordsOfCentreYear, &rows, centreID, int(year)); err != nil {
		return nil, err
	}
	return convert(rows, (*recordRow).record), nil
}

type cpdEntryRow struct {
	bun.BaseModel `bun:"alias:cpd_entry"`
	ID            string    `bun:"id,pk"`
	RecordID      string    `bun:"record_id"`
	Kind          string    `bun:"kind"`
	Title         string    `bun:"title"`
	Date          time.Time `bun:"day"`
	Hours         float64   `bun:"hours"`
	Provider      string    `bun:"provider"`
	Verified      bool      `bun:"verified"`
	Reflection    string    `bun:"reflection"`
	TargetIDs     string    `bun:"target_ids"` // JSON list
	CreatedAt     time.Time `bun:"created_at"`
}

func (r *cpdEntryRow) cpdEntry() standards.CPDEntry {
	return standards.CPDEntry{
		ID: r.ID, RecordID: r.RecordID, Kind: standards.CPDKind(r.Kind), Title: r.Title, Date: utc(r.Date),
		Hours: r.Hours, Provider: r.Provider, Verified: r.Verified, Reflection: r.Reflection,
		TargetIDs: fromJSON[[]string](r.TargetIDs), CreatedAt: utc(r.CreatedAt),
	}
}

func (t *tx) CreateCPDEntry(ctx context.Context, e standards.CPDEntry) error {
	return t.insert(ctx, "cpd_entries", &cpdEntryRow{
		ID: e.ID, RecordID: e.RecordID, Kind: string(e.Kind), Title: e.Title, Date: e.Date, Hours: e.Hours,
		Provider: e.Provider, Verified: e.Verified, Reflection: e.Reflection,
		TargetIDs: toJSON(nonNil(e.TargetIDs)), CreatedAt: e.CreatedAt,
	})
}

func (t *tx) CPDEntry(ctx context.Context, id string) (standards.CPDEntry, error) {
	var r cpdEntryRow
	err := t.readOne(ctx, cpdEntryByID, &r, "CPD entry "+id, id)
	return r.cpdEntry(), err
}

func (t *tx) DeleteCPDEntry(ctx context.Context, id string) error {
	return t.remove(ctx, "cpd_entries", "CPD entry "+id, "id = ?", id)
}

func (t *tx) CPDEntries(ctx context.Context, recordID string) ([]standards.CPDEntry, error) {
	var rows []cpdEntryRow
	if err := t.readAll(ctx, cpdEntriesOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*cpdEntryRow).cpdEntry), nil
}

// The reads of this file (see reads.go).
var (
	recordByID           = &read{table: "records", alias: "record", where: "id = ?"}
	recordOfRegistration = &read{table: "records", alias: "record", where: "registration_id = ?"}
	recordsOfCentreYear  = &read{table: "records", alias: "record", where: "centre_id = ? AND year = ?", order: []string{"created_at", "id"}}
	cpdEntryByID         = &read{table: "cpd_entries", alias: "cpd_entry", where: "id = ?"}
	cpdEntriesOfRecord   = &read{table: "cpd_entries", alias: "cpd_entry", where: "record_id = ?", order: []string{"day", "id"}}
)
