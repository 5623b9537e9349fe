package standards

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// CPDKind is the kind of a CPD activity (R-CPD-1).
type CPDKind string

// The kinds of CPD activity an exams officer can log (R-CPD-1).
const (
	CPDTrainingEvent  CPDKind = "training_event"
	CPDNetworkMeeting CPDKind = "network_meeting"
	CPDWebinar        CPDKind = "webinar"
	CPDConference     CPDKind = "conference"
	CPDCourse         CPDKind = "course"
	CPDResearch       CPDKind = "personal_research"
	CPDPeerSupport    CPDKind = "peer_support"
	CPDShadowing      CPDKind = "shadowing"
	CPDOther          CPDKind = "other"
)

// CPDKinds lists the kinds in the order a form offers them; the slice is
// the caller's own.
func CPDKinds() []CPDKind {
	return []CPDKind{CPDTrainingEvent, CPDNetworkMeeting, CPDWebinar, CPDConference, CPDCourse, CPDResearch, CPDPeerSupport, CPDShadowing, CPDOther}
}

// String gives the kind in words.
func (k CPDKind) String() string {
	switch k {
	case CPDTrainingEvent:
		return "training event"
	case CPDNetworkMeeting:
		return "awarding body network meeting"
	case CPDResearch:
		return "personal research"
	case CPDPeerSupport:
		return "peer support"
	}
	return string(k)
}

// CPDEntry is one activity in an exams officer's CPD log (R-CPD-1).
type CPDEntry struct {
	ID       string
	RecordID string
	Kind     CPDKind
	Title    string
	// Date is the UK day of the activity, as Day keeps it: midnight UTC.
	Date time.Time
	// Hours is more than 0 and at most 100, to a quarter hour.
	Hours    float64
	Provider string
	// Verified says an awarding body, the JCQ or the NAEO verified the
	// content.
	Verified   bool
	Reflection string
	// TargetIDs are the record's targets the activity supports.
	TargetIDs []string
	CreatedAt time.Time
}

// CPDTotals are a record's CPD hours (R-CPD-2).
type CPDTotals struct {
	Hours  float64
	ByKind map[CPDKind]float64
	// ByArea counts an entry's hours once in each key area of the targets
	// it supports; entries that support no target count under "".
	ByArea map[KeyArea]float64
}

// TotalCPD adds up a record's CPD log, placing entries in key areas through
// the targets they support.
func TotalCPD(entries []CPDEntry, targets []Target) CPDTotals {
	areaOf := make(map[string]KeyArea, len(targets))
	for _, t := range targets {
		areaOf[t.ID] = t.Area
	}
	out := CPDTotals{ByKind: map[CPDKind]float64{}, ByArea: map[KeyArea]float64{}}
	for _, e := range entries {
		out.Hours += e.Hours
		out.ByKind[e.Kind] += e.Hours
		areas := map[KeyArea]bool{}
		for _, id := range e.TargetIDs {
			if a, ok := areaOf[id]; ok {
				areas[a] = true
			}
		}
		if len(areas) == 0 {
			areas[""] = true
		}
		for a := range areas {
			out.ByArea[a] += e.Hours
		}
	}
	return out
}

// validHours checks 0 < h ≤ 100 in quarter hours.
func validHours(h float64) bool {
	return h > 0 && h <= 100 && math.Mod(h*4, 1) == 0
}

// CPDInput is the form for logging a CPD activity (R-CPD-1).
type CPDInput struct {
	Kind  CPDKind
	Title string
	// Date is the day of the activity, inside the academic year: its UK
	// day counts (Day), whatever zone it carries (R-DAY-1).
	Date time.Time
	// Hours is more than 0 and at most 100, to a quarter hour.
	Hours      float64
	Provider   string
	Verified   bool
	Reflection string
	// TargetIDs are targets of the same record that the activity supports.
	TargetIDs []string
}

func checkCPD(in CPDInput, year AcademicYear) (CPDInput, error) {
	var v validation
	v.check(slices.Contains(CPDKinds(), in.Kind), "kind", FieldNotInList, params("value", string(in.Kind)), fmt.Sprintf("%q is not a kind of activity: choose one of the list", in.Kind))
	var err error
	in.Title, err = cleanTitle(in.Title)
	v.add("title", err)
	in.Date = Day(in.Date)
	dayWanted(&v, "date", "the day of the activity", in.Date, year, time.Time{})
	v.check(validHours(in.Hours), "hours", FieldOutOfRange, params("value", strconv.FormatFloat(in.Hours, 'f', -1, 64), "min", "0", "max", "100"), fmt.Sprintf("%v hours cannot be logged: give more than 0 and at most 100, in quarter hours (1.25)", in.Hours))
	in.Provider, err = cleanText(in.Provider, MaxNameLength)
	v.add("provider", err)
	in.Reflection, err = cleanText(in.Reflection, MaxReflectionLength)
	v.add("reflection", err)
	return in, v.err()
}

// LogCPD adds an activity to the CPD log of the actor's own record: only the
// exams officer logs CPD.
func (s *Service) LogCPD(ctx context.Context, actor Actor, recordID string, in CPDInput) (_ CPDEntry, err error) {
	defer s.observe(&ctx, "LogCPD").done(&err)
	var e CPDEntry
	err = s.update(ctx, actor, actLogCPD, func(c *call) error {
		r, err := c.changeRecord(actLogCPD, recordID, subject{})
		if err != nil {
			return err
		}
		if in, err = checkCPD(in, r.record.Year); err != nil {
			return err
		}
		logged, err := c.tx.CPDEntries(c.ctx, r.record.ID)
		if err != nil {
			return err
		}
		if err := checkRoom(len(logged), MaxCPDPerRecord, ReasonTooManyCPD, "a record holds at most %d CPD entries"); err != nil {
			return err
		}
		targets, err := c.tx.Targets(c.ctx, r.record.ID)
		if err != nil {
			return err
		}
		for _, id := range in.TargetIDs {
			if !slices.ContainsFunc(targets, func(t Target) bool { return t.ID == id }) {
				return invalid("targets", FieldNotInList, params("value", id), "%q is not a target of this record: an activity supports targets of the record it is logged on", id)
			}
		}
		e = CPDEntry{
			ID: c.newID(), RecordID: r.record.ID, Kind: in.Kind, Title: in.Title, Date: in.Date, Hours: in.Hours,
			Provider: in.Provider, Verified: in.Verified, Reflection: in.Reflection,
			TargetIDs: slices.Compact(slices.Sorted(slices.Values(in.TargetIDs))), CreatedAt: c.now,
		}
		if err := c.tx.CreateCPDEntry(c.ctx, e); err != nil {
			return err
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		return c.audit("cpd.log", "cpd/"+e.ID, r.record.CentreID, fmt.Sprintf("logged %s %s, %g hours", e.Kind, quoted(e.Title), e.Hours))
	})
	return e, err
}

// DeleteCPD removes an activity from the actor's own CPD log, until the
// record is closed.
func (s *Service) DeleteCPD(ctx context.Context, actor Actor, entryID string) (err error) {
	defer s.observe(&ctx, "DeleteCPD").done(&err)
	return s.update(ctx, actor, actLogCPD, func(c *call) error {
		e, err := c.tx.CPDEntry(c.ctx, entryID)
		if err != nil {
			return err
		}
		r, err := c.changeRecord(actLogCPD, e.RecordID, subject{})
		if err != nil {
			return err
		}
		if err := c.tx.DeleteCPDEntry(c.ctx, e.ID); err != nil {
			return err
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		return c.audit("cpd.delete", "cpd/"+e.ID, r.record.CentreID, fmt.Sprintf("deleted %s %s", e.Kind, quoted(e.Title)))
	})
}
