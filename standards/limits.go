package standards

import "strconv"

// Limits on how much one record, centre or trust may hold. They are far
// above what a year needs (a record has about six targets, four meetings
// and ten CPD entries), and are there so that no page, export or
// transaction grows without bound, whether by mistake or on purpose. A
// command that would pass one fails with ErrConflict and a message saying
// the limit; nothing is written.
const (
	MaxTargetsPerRecord   = 40
	MaxMeetingsPerRecord  = 40
	MaxCPDPerRecord       = 300
	MaxNotesPerRecord     = 200
	MaxSupportPerMeeting  = 20
	MaxAttendeesOfMeeting = 20
	// MaxMembersPerCentreYear counts a centre's approved registrations in
	// a year, MaxPendingPerCentreYear its requests waiting for a decision.
	// They are apart so that strangers asking to join (anyone may) cannot
	// fill the room a centre's staff need: they fill the waiting list at
	// most, which an admin clears by rejecting them.
	MaxMembersPerCentreYear = 500
	MaxPendingPerCentreYear = 100
	MaxCentresPerTrust      = 500
)

// checkRoom returns ErrConflict, with reason and message (which has one
// %d, the limit), when have has reached max.
func checkRoom(have, max int, reason Reason, message string) error {
	if have >= max {
		return conflict(reason, params("max", strconv.Itoa(max)), message, max)
	}
	return nil
}

// Limits on free text, in characters (runes), after surrounding white
// space is trimmed. A longer text is refused with FieldTooLong and the
// limit as {max}. Forms show them (a character count) from here.
const (
	// MaxDescriptionLength is a target's description.
	MaxDescriptionLength = 2000
	// MaxMeasureLength is a target's success measure.
	MaxMeasureLength = 1000
	// MaxCommentLength is a comment on a target's progress, at a meeting
	// or on its own.
	MaxCommentLength = 2000
	// MaxReflectionLength is a CPD activity's reflection.
	MaxReflectionLength = 5000
	// MaxNotesLength is a meeting's notes, and an overseer's private note.
	MaxNotesLength = 10000
	// MaxReasonLength is the reason a registration is rejected or a
	// target withdrawn, and what a support action arranged at a meeting
	// is.
	MaxReasonLength = 500
	// MaxNameLength is a person's name, a centre's or a trust's, a
	// target's title, and a CPD activity's title and provider.
	MaxNameLength = 200
)
