package standards

import "time"

// TargetState is where a target stands (R-TGT-2).
type TargetState string

const (
	// TargetProposed waits for the other side to agree.
	TargetProposed TargetState = "proposed"
	// TargetAgreed is agreed by both sides.
	TargetAgreed TargetState = "agreed"
	// TargetInProgress is being worked on.
	TargetInProgress TargetState = "in_progress"
	// TargetReadyForReview is the exams officer saying it is done; only an
	// overseer marks it achieved (R-TGT-3).
	TargetReadyForReview TargetState = "ready_for_review"
	// TargetAchieved is achieved, as an overseer confirmed.
	TargetAchieved TargetState = "achieved"
	// TargetWithdrawn is set aside with a reason.
	TargetWithdrawn TargetState = "withdrawn"
)

// String gives the state in words.
func (s TargetState) String() string {
	switch s {
	case TargetInProgress:
		return "in progress"
	case TargetReadyForReview:
		return "ready for review"
	}
	return string(s)
}

// Side is which side of a record acted: the exams officer or an overseer.
type Side string

// The two sides of a record. Either proposes targets for the other to agree;
// the exams officer signs the statement and an overseer countersigns it.
const (
	SideEO       Side = "eo"
	SideOverseer Side = "overseer"
)

// Rating is a red, amber or green progress rating.
type Rating string

// The progress ratings; RatingNone is no rating at all.
const (
	RatingNone  Rating = ""
	RatingRed   Rating = "red"
	RatingAmber Rating = "amber"
	RatingGreen Rating = "green"
)

// ParseRating reads "red", "amber", "green" or "" (no rating).
func ParseRating(s string) (Rating, error) {
	switch r := Rating(s); r {
	case RatingNone, RatingRed, RatingAmber, RatingGreen:
		return r, nil
	}
	return "", invalid("rating", FieldNotInList, params("value", s), "%q is not a rating: choose red, amber or green", s)
}

// Target is one of a record's targets (R-TGT-1).
type Target struct {
	ID       string
	RecordID string
	Area     KeyArea
	Title    string
	// Description and SuccessMeasure are optional.
	Description    string
	SuccessMeasure string
	// Due is an optional UK due day inside the academic year, as Day keeps
	// it: midnight UTC of that day; zero when none.
	Due time.Time
	// CatalogueItemID names the suggested area it was drawn from, if any.
	CatalogueItemID string
	State           TargetState
	// ProposedBy is the side that proposed it; the other side agrees.
	ProposedBy Side
	Rating     Rating
	// WithdrawnReason is set when the target is withdrawn.
	WithdrawnReason string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Counts reports whether the target counts towards its key area: every
// target but a withdrawn one must be achieved.
func (t Target) Counts() bool { return t.State != TargetWithdrawn }

// TargetChange is one entry of a target's history (R-TGT-7): a state change,
// a rating or a comment, with who and when.
type TargetChange struct {
	// Seq orders a record's history; the store assigns it.
	Seq      int64
	TargetID string
	RecordID string
	At       time.Time
	// By is the person who made the change.
	By      string
	From    TargetState
	To      TargetState
	Rating  Rating
	Comment string
	// MeetingID is the meeting that made the change, if one did.
	MeetingID string
}

// Warning is advice the UI shows, never an error (R-TGT-5).
type Warning struct {
	Code WarningCode
	// Params are the values a translation of Code needs, named as the
	// code's documentation lists them.
	Params  map[string]string
	Message string
}

// WarningCode names one kind of advice on a record's targets, stably, as
// FlagCode and UnmetCode do.
type WarningCode string

// The warning codes, with their Params.
const (
	// WarnManyKeySkills {count}: more than three Key Skills targets.
	WarnManyKeySkills WarningCode = "many_key_skills"
	// WarnDuePassed {title, due}: a target not achieved is past its due
	// date.
	WarnDuePassed WarningCode = "due_date_passed"
)

// WarningCodes lists every warning code.
func WarningCodes() []WarningCode { return []WarningCode{WarnManyKeySkills, WarnDuePassed} }
