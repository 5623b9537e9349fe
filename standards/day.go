package standards

import (
	"time"
	_ "time/tzdata" // days and the year's boundaries are UK dates; embed the zone so every host agrees on them
)

// ukTime is the zone in which days and the academic year's dates are read:
// a registration at 00:30 on 1 November in London is late, and a meeting at
// 00:30 BST on 1 September is on 1 September, whatever the server's own
// zone (R-DAY-1).
var ukTime = mustLoadLocation("Europe/London")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("standards: embedded time zone data lacks " + name + ": " + err.Error())
	}
	return loc
}

// Day returns the UK calendar day of t, the one form in which the library
// takes and keeps every day (R-DAY-1): t is read in Europe/London, whatever
// zone it carries, and the day is returned as midnight UTC of that date.
//
// So 23:30 UTC on 31 August 2025 (00:30 BST on 1 September) is 1 September
// 2025, in the academic year 2025/26. A day already in this form is its own
// day: Day(Day(t)) == Day(t), and so is a date parsed with
// time.Parse("2006-01-02", s), since midnight UTC is 00:00 or 01:00 in
// London on the same date. The zero time stays zero.
//
// Every day-valued input of the Service (a meeting's date, a CPD entry's
// date, a target's or a support action's due date) passes through Day
// before it is checked or stored, so a host may hand over time.Now() in
// any zone. A host that shows a day, or any instant as a date (a
// certificate's IssuedAt), should format Day(t).
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(ukTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
