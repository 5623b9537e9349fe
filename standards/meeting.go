package standards

import "time"

// MeetingKind is the kind of a meeting between an exams officer and their
// overseers (R-MTG-1, R-MTG-4).
type MeetingKind string

const (
	// MeetingTargetSetting agrees targets, as early in the year as possible.
	MeetingTargetSetting MeetingKind = "target_setting"
	// MeetingProgressReview is a checkpoint through the year.
	MeetingProgressReview MeetingKind = "progress_review"
	// MeetingFinalReview closes the year, or comes when the targets are met.
	MeetingFinalReview MeetingKind = "final_review"
)

// String gives the kind in words.
func (k MeetingKind) String() string {
	switch k {
	case MeetingTargetSetting:
		return "target-setting meeting"
	case MeetingProgressReview:
		return "progress review"
	case MeetingFinalReview:
		return "final review"
	}
	return string(k)
}

// Meeting is a meeting recorded on a record (R-MTG-1).
type Meeting struct {
	ID       string
	RecordID string
	Kind     MeetingKind
	// Date is the UK day of the meeting, inside the academic year, as Day
	// keeps it: midnight UTC.
	Date time.Time
	// Attendees are the registration ids of those present: the exams
	// officer and at least one overseer.
	Attendees []string
	Notes     string
	// Updates are the per-target updates the meeting made, applied all or
	// nothing (R-MTG-3).
	Updates    []TargetUpdate
	RecordedBy string
	RecordedAt time.Time
}

// TargetUpdate is a meeting's update to one target: an optional new state,
// an optional rating, and a comment.
type TargetUpdate struct {
	TargetID string
	// State is the new state, or "" to leave it.
	State   TargetState
	Rating  Rating
	Comment string
}

// ActionState is where a support action stands.
type ActionState string

// The states of a support action: open until someone marks it done.
const (
	ActionOpen ActionState = "open"
	ActionDone ActionState = "done"
)

// SupportAction is additional support arranged at a meeting (R-MTG-2).
type SupportAction struct {
	ID        string
	RecordID  string
	MeetingID string
	// Description says what support, for example a training event.
	Description string
	// OwnerRegistrationID is the member of the centre who will see to it.
	OwnerRegistrationID string
	// Due is the UK due day, as Day keeps it: midnight UTC.
	Due       time.Time
	State     ActionState
	DoneAt    time.Time
	CreatedAt time.Time
}

// PrivateNote is an overseer's note on a record that the exams officer does
// not see (R-MTG-5).
type PrivateNote struct {
	ID       string
	RecordID string
	AuthorID string
	Text     string
	At       time.Time
}
