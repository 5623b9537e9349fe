package standards

import (
	"fmt"
	"strconv"
	"time"
)

// FlagCode names one attention flag (domain rules, "Attention flags"),
// stable so a dashboard can show it and a host can translate it.
type FlagCode string

// The attention flags, in the order Flags returns them.
const (
	// FlagLateRegistration {year}: the exams officer registered after 31
	// October (R-YEAR-3).
	FlagLateRegistration FlagCode = "late_registration"
	// FlagNoOverseer: no approved senior leader or line manager oversees
	// the exams officer (R-REG-6).
	FlagNoOverseer FlagCode = "no_overseer"
	// FlagNoTargetsAgreed: 31 October has passed and no target is agreed.
	FlagNoTargetsAgreed FlagCode = "no_targets_agreed"
	// FlagStatementNotSigned: the exams officer has not signed the Values
	// and Attributes statement.
	FlagStatementNotSigned FlagCode = "statement_not_signed"
	// FlagStatementNotCountersigned: the exams officer signed, and no
	// overseer has countersigned yet.
	FlagStatementNotCountersigned FlagCode = "statement_not_countersigned"
	// FlagNoRecentMeeting {days}: no meeting for longer than the meeting gap (90
	// days unless the host says otherwise), counting from the record's
	// opening while there has been none.
	FlagNoRecentMeeting FlagCode = "no_recent_meeting"
	// FlagTargetOverdue {count; title and due when count is 1}: a target
	// neither achieved nor withdrawn is past its due date.
	FlagTargetOverdue FlagCode = "target_overdue"
	// FlagSupportActionOverdue {count; description and due when count is
	// 1}: an open support action is past its due date.
	FlagSupportActionOverdue FlagCode = "support_action_overdue"
	// FlagTargetsAchieved: every target is achieved, and the certificate is
	// not yet claimed.
	FlagTargetsAchieved FlagCode = "targets_achieved_not_claimed"
	// FlagYearEndingNotCertified {year, ended: "true" or "false"}: the
	// academic year ends within 30 days (or has ended) and the record is
	// not certified.
	FlagYearEndingNotCertified FlagCode = "year_ending_not_certified"
)

// FlagCodes lists every flag code, in the order Flags returns them.
func FlagCodes() []FlagCode {
	return []FlagCode{FlagLateRegistration, FlagNoOverseer, FlagNoTargetsAgreed, FlagStatementNotSigned,
		FlagStatementNotCountersigned, FlagNoRecentMeeting, FlagTargetOverdue, FlagSupportActionOverdue,
		FlagTargetsAchieved, FlagYearEndingNotCertified}
}

// Flag is one attention flag with a message for people.
type Flag struct {
	Code FlagCode
	// Params are the values a translation of Code needs, named as the
	// code's documentation lists them; nil when it needs none.
	Params  map[string]string
	Message string
	// Severity says how much the flag calls for action, so a page can
	// colour it: red for FlagUrgent, amber for FlagDueSoon, a quiet colour
	// for FlagInfo.
	Severity FlagSeverity
}

// FlagSeverity says how much a flag calls for action. Flags decides it from
// the same facts as the flag, so every page that shows a flag colours it
// alike, and none has to know which flag is how pressing.
type FlagSeverity string

// The severities, from the most pressing.
const (
	// FlagUrgent: something blocks the certificate or is overdue. Red.
	FlagUrgent FlagSeverity = "urgent"
	// FlagDueSoon: something falls due soon (the year ends within 30
	// days). Amber.
	FlagDueSoon FlagSeverity = "due_soon"
	// FlagInfo: a fact, or a step still to come, that nothing is waiting
	// on yet: a late registration, a statement not yet signed while
	// targets are still being worked on, targets achieved and the claim
	// left. Not a warning.
	FlagInfo FlagSeverity = "info"
)

// DefaultMeetingGap is how long without a meeting raises FlagNoRecentMeeting,
// unless the host sets WithMeetingGap.
const DefaultMeetingGap = 90 * 24 * time.Hour

// yearEndingDays is how many days before the year ends FlagYearEndingNotCertified
// starts.
const yearEndingDays = 30

// FlagFacts is everything the attention flags of one record depend on.
// Flags is a pure function of it.
type FlagFacts struct {
	// Registration is the exams officer's registration for the year.
	Registration Registration
	// HasOverseer says an approved senior leader or line manager oversees
	// them.
	HasOverseer bool
	// OpenedAt is when the record was opened: the meeting gap counts from
	// it while there has been no meeting.
	OpenedAt   time.Time
	Targets    []Target
	Signatures []Signature
	// LastMeeting is the date of the record's latest meeting, zero while
	// there has been none (see LastMeetingOf).
	LastMeeting time.Time
	Actions     []SupportAction
	// Certified says the record is closed by a claim.
	Certified bool
	Now       time.Time
	// MeetingGap is how long without a meeting raises FlagNoRecentMeeting;
	// zero or less means DefaultMeetingGap.
	MeetingGap time.Duration
}

// Flags returns every attention flag that applies to a record, in the order
// of the FlagCode constants, at most one of each code. A certified record,
// and the record of an exams officer who is no longer approved (read-only,
// R-REG-5), have none: nothing on them can be done. Dates compare as UK
// calendar days: something due today is not yet overdue. Each flag carries
// its FlagSeverity: FlagUrgent for what blocks the certificate or is overdue,
// FlagDueSoon for the year ending within 30 days, FlagInfo for the rest.
func Flags(f FlagFacts) []Flag {
	if f.Certified || !f.Registration.Approved() {
		return nil
	}
	var out []Flag
	flag := func(ok bool, code FlagCode, sev FlagSeverity, p map[string]string, msg string) {
		if ok {
			out = append(out, Flag{Code: code, Params: p, Message: msg, Severity: sev})
		}
	}
	y := f.Registration.Year
	today := Day(f.Now)
	// claimWaits: every target is achieved, so the claim waits only on
	// what is still flagged; the statement then blocks the certificate.
	claimWaits := allAchieved(f.Targets)

	// A late registration is a fact about the year, not a task: nothing
	// can be done about it now.
	flag(f.Registration.Late(), FlagLateRegistration, FlagInfo, params("year", y.String()),
		fmt.Sprintf("registered late for %s, after 31 October", y))
	// Without an overseer no target can be agreed, nothing countersigned
	// and nothing claimed: it blocks the certificate.
	flag(!f.HasOverseer, FlagNoOverseer, FlagUrgent, nil,
		"no senior leader or line manager oversees the exams officer")
	// Overdue: 31 October has passed.
	flag(!f.Now.Before(y.RegistrationWindowEnd()) && !anyAgreed(f.Targets), FlagNoTargetsAgreed, FlagUrgent, nil,
		"no target was agreed by 31 October")

	var signed, countersigned bool
	for _, s := range f.Signatures {
		signed = signed || s.Side == SideEO
		countersigned = countersigned || s.Side == SideOverseer
	}
	// The statement is signed at any time in the year: a step to come
	// until every target is achieved, and then the claim waits on it.
	statement := FlagInfo
	if claimWaits {
		statement = FlagUrgent
	}
	flag(!signed, FlagStatementNotSigned, statement, nil,
		"the exams officer has not signed the Values and Attributes statement")
	flag(signed && !countersigned, FlagStatementNotCountersigned, statement, nil,
		"the Values and Attributes statement awaits an overseer's countersignature")

	gap := f.MeetingGap
	if gap <= 0 {
		gap = DefaultMeetingGap
	}
	last := Day(f.OpenedAt)
	if f.LastMeeting.After(last) {
		last = f.LastMeeting
	}
	days := int(gap / (24 * time.Hour))
	flag(!last.IsZero() && today.After(last.AddDate(0, 0, days)), FlagNoRecentMeeting, FlagUrgent, params("days", strconv.Itoa(days)),
		fmt.Sprintf("no meeting in the last %d days", days))

	var overdue []Target
	for _, t := range f.Targets {
		if t.Counts() && t.State != TargetAchieved && !t.Due.IsZero() && t.Due.Before(today) {
			overdue = append(overdue, t)
		}
	}
	switch len(overdue) {
	case 0:
	case 1:
		flag(true, FlagTargetOverdue, FlagUrgent, params("count", "1", "title", overdue[0].Title, "due", overdue[0].Due.Format(dayLayout)), fmt.Sprintf("%s was due on %s", quoted(overdue[0].Title), overdue[0].Due.Format("2 January 2006")))
	default:
		flag(true, FlagTargetOverdue, FlagUrgent, params("count", strconv.Itoa(len(overdue))), fmt.Sprintf("%d targets are past their due date", len(overdue)))
	}

	var late []SupportAction
	for _, a := range f.Actions {
		if a.State == ActionOpen && a.Due.Before(today) {
			late = append(late, a)
		}
	}
	switch len(late) {
	case 0:
	case 1:
		flag(true, FlagSupportActionOverdue, FlagUrgent, params("count", "1", "description", late[0].Description, "due", late[0].Due.Format(dayLayout)), fmt.Sprintf("the support action %s was due on %s", quoted(late[0].Description), late[0].Due.Format("2 January 2006")))
	default:
		flag(true, FlagSupportActionOverdue, FlagUrgent, params("count", strconv.Itoa(len(late))), fmt.Sprintf("%d support actions are past their due date", len(late)))
	}

	// Good news: only the claim is left.
	flag(claimWaits, FlagTargetsAchieved, FlagInfo, nil,
		"every target is achieved and the certificate is not claimed yet: see the claim's checklist")

	end := y.End()
	ending := !f.Now.Before(end.AddDate(0, 0, -yearEndingDays))
	msg, ended, sev := fmt.Sprintf("%s ends on 31 August and the record is not certified", y), "false", FlagDueSoon
	if !f.Now.Before(end) {
		msg, ended, sev = fmt.Sprintf("%s has ended and the record is not certified", y), "true", FlagUrgent
	}
	flag(ending, FlagYearEndingNotCertified, sev, params("year", y.String(), "ended", ended), msg)
	return out
}

// LastMeetingOf is the date of the latest of meetings, zero if there are
// none: FlagFacts.LastMeeting of a record with those meetings.
func LastMeetingOf(meetings []Meeting) time.Time {
	var last time.Time
	for _, m := range meetings {
		if m.Date.After(last) {
			last = m.Date
		}
	}
	return last
}

// anyAgreed reports whether any target is agreed: in any state past
// proposed, and not withdrawn.
func anyAgreed(targets []Target) bool {
	for _, t := range targets {
		if t.Counts() && t.State != TargetProposed {
			return true
		}
	}
	return false
}

// allAchieved reports whether there is a target that counts and every one
// is achieved.
func allAchieved(targets []Target) bool {
	n := 0
	for _, t := range targets {
		if !t.Counts() {
			continue
		}
		if t.State != TargetAchieved {
			return false
		}
		n++
	}
	return n > 0
}

// quoted puts text people typed (a target's title, a support action's
// description) in double quotes for a message people read: as typed, not
// Go-quoted (%q would show "\"Quoted\"" for "Quoted" in quotes, in pages, in
// CSV exports and in e-mails).
func quoted(s string) string { return `"` + s + `"` }
