package standards

import (
	"math"
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
