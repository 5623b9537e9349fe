package standards

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
	// MaxRegistrationsPerCentreYear counts pending and approved
	// registrations (not rejected ones, nor people who left), so that
	// requests to join cannot crowd out a centre's staff for good: an admin
	// rejects them to make room.
	MaxRegistrationsPerCentreYear = 500
	MaxCentresPerTrust            = 500
)

// checkRoom returns ErrConflict, with message (which has one %d, the
// limit), when have has reached max.
func checkRoom(have, max int, message string) error {
	if have >= max {
		return conflict(message, max)
	}
	return nil
}
