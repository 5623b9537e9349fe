package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// Meetings, support actions, private notes and signatures.

type meetingRow struct {
	bun.BaseModel `bun:"alias:meeting"`
	ID            string    `bun:"id,pk"`
	RecordID      string    `bun:"record_id"`
	Kind          string    `bun:"kind"`
	Date          time.Time `bun:"day"`
	Attendees     string    `bun:"attendees"` // JSON list of registration ids
	Notes         string    `bun:"notes"`
	Updates       string    `bun:"updates"` // JSON list of targetUpdateJSON
	RecordedBy    string    `bun:"recorded_by,nullzero"`
	RecordedAt    time.Time `bun:"recorded_at"`
}

// targetUpdateJSON is how a meeting's target update is kept in its JSON
// column: with names of its own, so that renaming a field of
// standards.TargetUpdate does not change what is stored.
type targetUpdateJSON struct {
	TargetID string `json:"target_id"`
	State    string `json:"state"`
	Rating   string `json:"rating"`
	Comment  string `json:"comment"`
}

func (r *meetingRow) meeting() standards.Meeting {
	stored := fromJSON[[]targetUpdateJSON](r.Updates)
	var updates []standards.TargetUpdate
	for _, u := range stored {
		updates = append(updates, standards.TargetUpdate{
			TargetID: u.TargetID, State: standards.TargetState(u.State), Rating: standards.Rating(u.Rating), Comment: u.Comment,
		})
	}
	return standards.Meeting{
		ID: r.ID, RecordID: r.RecordID, Kind: standards.MeetingKind(r.Kind), Date: utc(r.Date),
		Attendees: fromJSON[[]string](r.Attendees), Notes: r.Notes, Updates: updates,
		RecordedBy: r.RecordedBy, RecordedAt: utc(r.RecordedAt),
	}
}

func (t *tx) CreateMeeting(ctx context.Context, m standards.Meeting) error {
	updates := make([]targetUpdateJSON, len(m.Updates))
	for i, u := range m.Updates {
		updates[i] = targetUpdateJSON{TargetID: u.TargetID, State: string(u.State), Rating: string(u.Rating), Comment: u.Comment}
	}
	return t.insert(ctx, "meetings", &meetingRow{
		ID: m.ID, RecordID: m.RecordID, Kind: string(m.Kind), Date: m.Date, Attendees: toJSON(nonNil(m.Attendees)),
		Notes: m.Notes, Updates: toJSON(updates), RecordedBy: m.RecordedBy, RecordedAt: m.RecordedAt,
	})
}

func (t *tx) Meetings(ctx context.Context, recordID string) ([]standards.Meeting, error) {
	var rows []meetingRow
	if err := t.readAll(ctx, meetingsOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*meetingRow).meeting), nil
}

type supportActionRow struct {
	bun.BaseModel       `bun:"alias:support_action"`
	ID                  string    `bun:"id,pk"`
	RecordID            string    `bun:"record_id"`
	MeetingID           string    `bun:"meeting_id"`
	Description         string    `bun:"description"`
	OwnerRegistrationID string    `bun:"owner_registration_id"`
	Due                 time.Time `bun:"due"`
	State               string    `bun:"state"`
	DoneAt              time.Time `bun:"done_at,nullzero"`
	CreatedAt           time.Time `bun:"created_at"`
}

func toSupportActionRow(a standards.SupportAction) *supportActionRow {
	return &supportActionRow{
		ID: a.ID, RecordID: a.RecordID, MeetingID: a.MeetingID, Description: a.Description,
		OwnerRegistrationID: a.OwnerRegistrationID, Due: a.Due, State: string(a.State), DoneAt: a.DoneAt, CreatedAt: a.CreatedAt,
	}
}

func (r *supportActionRow) supportAction() standards.SupportAction {
	return standards.SupportAction{
		ID: r.ID, RecordID: r.RecordID, MeetingID: r.MeetingID, Description: r.Description,
		OwnerRegistrationID: r.OwnerRegistrationID, Due: utc(r.Due), State: standards.ActionState(r.State),
		DoneAt: utc(r.DoneAt), CreatedAt: utc(r.CreatedAt),
	}
}

func (t *tx) CreateSupportAction(ctx context.Context, a standards.SupportAction) error {
	return t.insert(ctx, "support_actions", toSupportActionRow(a))
}

func (t *tx) UpdateSupportAction(ctx context.Context, a standards.SupportAction) error {
	return t.update(ctx, "support_actions", toSupportActionRow(a), "support action "+a.ID, "id = ?", a.ID)
}

func (t *tx) SupportAction(ctx context.Context, id string) (standards.SupportAction, error) {
	var r supportActionRow
	err := t.readOne(ctx, supportActionByID, &r, "support action "+id, id)
	return r.supportAction(), err
}

func (t *tx) SupportActions(ctx context.Context, recordID string) ([]standards.SupportAction, error) {
	var rows []supportActionRow
	if err := t.readAll(ctx, supportActionsOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*supportActionRow).supportAction), nil
}

type privateNoteRow struct {
	bun.BaseModel `bun:"alias:private_note"`
	ID            string    `bun:"id,pk"`
	RecordID      string    `bun:"record_id"`
	AuthorID      string    `bun:"author_id,nullzero"`
	Text          string    `bun:"body"`
	At            time.Time `bun:"at"`
}

func (r *privateNoteRow) privateNote() standards.PrivateNote {
	return standards.PrivateNote{ID: r.ID, RecordID: r.RecordID, AuthorID: r.AuthorID, Text: r.Text, At: utc(r.At)}
}

func (t *tx) CreatePrivateNote(ctx context.Context, n standards.PrivateNote) error {
	return t.insert(ctx, "private_notes", &privateNoteRow{
		ID: n.ID, RecordID: n.RecordID, AuthorID: n.AuthorID, Text: n.Text, At: n.At,
	})
}

func (t *tx) PrivateNotes(ctx context.Context, recordID string) ([]standards.PrivateNote, error) {
	var rows []privateNoteRow
	if err := t.readAll(ctx, privateNotesOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*privateNoteRow).privateNote), nil
}

type signatureRow struct {
	bun.BaseModel    `bun:"alias:signature"`
	RecordID         string    `bun:"record_id,pk"`
	Side             string    `bun:"side,pk"`
	PersonID         string    `bun:"person_id,nullzero"`
	At               time.Time `bun:"at"`
	StatementVersion int       `bun:"statement_version"`
	StatementHash    string    `bun:"statement_hash"`
}

func (r *signatureRow) signature() standards.Signature {
	return standards.Signature{
		RecordID: r.RecordID, Side: standards.Side(r.Side), PersonID: r.PersonID, At: utc(r.At),
		StatementVersion: r.StatementVersion, StatementHash: r.StatementHash,
	}
}

func (t *tx) CreateSignature(ctx context.Context, s standards.Signature) error {
	return t.insert(ctx, "signatures", &signatureRow{
		RecordID: s.RecordID, Side: string(s.Side), PersonID: s.PersonID, At: s.At,
		StatementVersion: s.StatementVersion, StatementHash: s.StatementHash,
	})
}

func (t *tx) Signatures(ctx context.Context, recordID string) ([]standards.Signature, error) {
	var rows []signatureRow
	if err := t.readAll(ctx, signaturesOfRecord, &rows, recordID); err != nil {
		return nil, err
	}
	return convert(rows, (*signatureRow).signature), nil
}

// The reads of this file (see reads.go).
var (
	meetingsOfRecord       = &read{table: "meetings", alias: "meeting", where: "record_id = ?", order: []string{"day", "id"}}
	supportActionByID      = &read{table: "support_actions", alias: "support_action", where: "id = ?"}
	supportActionsOfRecord = &read{table: "support_actions", alias: "support_action", where: "record_id = ?", order: []string{"due", "id"}}
	privateNotesOfRecord   = &read{table: "private_notes", alias: "private_note", where: "record_id = ?", order: []string{"at", "id"}}
	signaturesOfRecord     = &read{table: "signatures", alias: "signature", where: "record_id = ?", order: []string{"at", "side"}}
)
