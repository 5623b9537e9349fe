package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Targets and their history.

type targetRow struct {
	bun.BaseModel   `bun:"alias:target"`
	ID              string    `bun:"id,pk"`
	RecordID        string    `bun:"record_id"`
	Area            string    `bun:"area"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	SuccessMeasure  string    `bun:"success_measure"`
	Due             time.Time `bun:"due,nullzero"`
	CatalogueItemID string    `bun:"catalogue_item_id"`
	State           string    `bun:"state"`
	ProposedBy      string    `bun:"proposed_by"`
	Rating          string    `bun:"rating"`
	WithdrawnReason string    `bun:"withdrawn_reason"`
	CreatedAt       time.Time `bun:"created_at"`
	UpdatedAt       time.Time `bun:"updated_at"`
}

// fixedColumns are the target's key, record and creation (see fixed).
func (*targetRow) fixedColumns() []string { return []string{"id", "record_id", "created_at"} }

func toTargetRow(g standards.Target) *targetRow {
	return &targetRow{
		ID: g.ID, RecordID: g.RecordID, Area: string(g.Area), Title: g.Title, Description: g.Description,
		SuccessMeasure: g.SuccessMeasure, Due: g.Due, CatalogueItemID: g.CatalogueItemID, State: string(g.State),
		ProposedBy: string(g.ProposedBy), Rating: string(g.Rating), WithdrawnReason: g.WithdrawnReason,
		CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt,
	}
}

func (r *targetRow) target() standards.Target {
	return standards.Target{
		ID: r.ID, RecordID: r.RecordID, Area: standards.KeyArea(r.Area), Title: r.Title, Description: r.Description,
		SuccessMeasure: r.SuccessMeasure, Due: utc(r.Due), CatalogueItemID: r.CatalogueItemID,
		State: standards.TargetState(r.State), ProposedBy: standards.Side(r.ProposedBy), Rating: standards.Rating(r.Rating),
		WithdrawnReason: r.WithdrawnReason, CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
}

func (t *tx) CreateTarget(ctx context.Context, g standards.Target) error {
	return t.insert(ctx, "targets", toTargetRow(g))
}

func (t *tx) UpdateTarget(ctx context.Context, g standards.Target) error {
	return t.update(ctx, "targets", toTargetRow(g), "target "+g.ID, "id = ?", g.ID)
}

func (t *tx) Target(ctx context.Context, id string) (standards.Target, error) {
	var r targetRow
	err := t.readOne(ctx, targetByID, &r, "target "+id, id)
	return r.target(), err
}

func (t *tx) Targets(ctx context.Context, recordID string) ([]standards.Target, error) {
	var rows []targetRow
	if err := t.readAll(ctx, targetsOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*targetRow).target), nil
}

// targetChangeRow is a row of the target history, whose seq the database
// assigns on insert (bun leaves a zero autoincrement key out, and reads the
// new one back).
type targetChangeRow struct {
	bun.BaseModel `bun:"alias:target_change"`
	Seq           int64     `bun:"seq,pk,autoincrement"`
	TargetID      string    `bun:"target_id"`
	RecordID      string    `bun:"record_id"`
	At            time.Time `bun:"at"`
	By            string    `bun:"changed_by,nullzero"`
	From          string    `bun:"from_state"`
	To            string    `bun:"to_state"`
	Rating        string    `bun:"rating"`
	Comment       string    `bun:"comment"`
	MeetingID     string    `bun:"meeting_id,nullzero"`
}

func (r *targetChangeRow) targetChange() standards.TargetChange {
	return standards.TargetChange{
		Seq: r.Seq, TargetID: r.TargetID, RecordID: r.RecordID, At: utc(r.At), By: r.By,
		From: standards.TargetState(r.From), To: standards.TargetState(r.To), Rating: standards.Rating(r.Rating),
		Comment: r.Comment, MeetingID: r.MeetingID,
	}
}

func (t *tx) AppendTargetChange(ctx context.Context, changes ...standards.TargetChange) (int64, error) {
	if len(changes) == 0 {
		return 0, nil
	}
	rows := make([]targetChangeRow, len(changes))
	for i, c := range changes {
		rows[i] = targetChangeRow{
			TargetID: c.TargetID, RecordID: c.RecordID, At: c.At, By: c.By, From: string(c.From), To: string(c.To),
			Rating: string(c.Rating), Comment: c.Comment, MeetingID: c.MeetingID,
		}
	}
	if err := insertRows(ctx, t, "target_changes", rows); err != nil {
		return 0, err
	}
	return assigned(rows[len(rows)-1].Seq, "target change")
}

func (t *tx) TargetChanges(ctx context.Context, recordID string) ([]standards.TargetChange, error) {
	var rows []targetChangeRow
	if err := t.readAll(ctx, targetChangesOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*targetChangeRow).targetChange), nil
}

// The reads of this file (see reads.go).
var (
	targetByID            = &read{table: "targets", alias: "target", where: "id = ?"}
	targetsOfRecord       = &read{table: "targets", alias: "target", where: "record_id = ?", order: []string{"created_at", "id"}}
	targetChangesOfRecord = &read{table: "target_changes", alias: "target_change", where: "record_id = ?", order: []string{"seq"}}
)
