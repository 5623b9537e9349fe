package standards

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// UnmetCode names one unmet condition of a claim (R-CLM-1), stable so a UI
// can show a checklist and a host can translate it.
type UnmetCode string

// The conditions of a claim, in the order of R-CLM-1.
const (
	UnmetRegistration  UnmetCode = "registration_not_approved"
	UnmetOverseer      UnmetCode = "claimant_not_overseer"
	UnmetSelfClaim     UnmetCode = "self_certification"
	UnmetKnowledge     UnmetCode = "knowledge_incomplete"
	UnmetSkills        UnmetCode = "skills_incomplete"
	UnmetStatement     UnmetCode = "statement_incomplete"
	UnmetReview        UnmetCode = "no_review_meeting"
	UnmetCertified     UnmetCode = "already_certified"
	UnmetClaimPeriod   UnmetCode = "outside_claim_period"
	UnmetConfirmations UnmetCode = "confirmations_missing"
)

// UnmetCodes lists every condition's code, in the order of R-CLM-1.
func UnmetCodes() []UnmetCode {
	return []UnmetCode{UnmetRegistration, UnmetOverseer, UnmetSelfClaim, UnmetKnowledge, UnmetSkills,
		UnmetStatement, UnmetReview, UnmetCertified, UnmetClaimPeriod, UnmetConfirmations}
}

// Unmet is one condition a claim does not yet meet, with a message for
// people.
type Unmet struct {
	Code UnmetCode
	// Params are the values a translation of Code needs: {year} for
	// UnmetRegistration and UnmetClaimPeriod, {area} for UnmetKnowledge
	// and UnmetSkills, {needs} for UnmetStatement ("signature" while the
	// exams officer has not signed, else "countersignature"); nil for the
	// rest.
	Params  map[string]string
	Message string
}

// Confirmations are the overseer's three explicit confirmations of
// completion, one per key area (R-CLM-1).
type Confirmations struct {
	Knowledge bool
	Skills    bool
	Values    bool
}

// ClaimFacts is everything claim eligibility depends on. Eligibility is a
// pure function of it.
type ClaimFacts struct {
	// Registration is the exams officer's registration for the year.
	Registration Registration
	// ClaimantID is the person claiming; ClaimantOverseer says they are an
	// approved overseer of this exams officer this year.
	ClaimantID       string
	ClaimantOverseer bool
	Targets          []Target
	Signatures       []Signature
	Meetings         []Meeting
	// Certified says a certificate was already issued for the record.
	Certified bool
	Now       time.Time
	// Grace is how long after the year's end a claim is still accepted.
	Grace         time.Duration
	Confirmations Confirmations
}

// NotEligibleError lists every unmet condition of a refused claim. It wraps
// ErrNotEligible.
type NotEligibleError struct {
	Unmet []Unmet
}

// Error lists the unmet conditions of the refused claim.
func (e *NotEligibleError) Error() string {
	msgs := make([]string, len(e.Unmet))
	for i, u := range e.Unmet {
		msgs[i] = u.Message
	}
	return "not eligible: " + strings.Join(msgs, "; ")
}

// Unwrap returns ErrNotEligible, so that errors.Is finds it.
func (e *NotEligibleError) Unwrap() error { return ErrNotEligible }

// Eligibility returns every unmet condition of a claim, in the order of
// R-CLM-1; none means the claim may be made.
func Eligibility(f ClaimFacts) []Unmet {
	var out []Unmet
	unmet := func(ok bool, code UnmetCode, p map[string]string, msg string) {
		if !ok {
			out = append(out, Unmet{Code: code, Params: p, Message: msg})
		}
	}
	y := f.Registration.Year
	unmet(f.Registration.Approved(), UnmetRegistration, params("year", y.String()),
		fmt.Sprintf("the exams officer's registration for %s is not approved", y))
	unmet(f.ClaimantOverseer, UnmetOverseer, nil,
		"only an approved overseer of this exams officer may claim")
	unmet(f.ClaimantID != f.Registration.PersonID, UnmetSelfClaim, nil,
		"nobody may claim their own certificate")
	for _, area := range []KeyArea{AreaKnowledge, AreaSkills} {
		code := UnmetKnowledge
		if area == AreaSkills {
			code = UnmetSkills
		}
		unmet(areaComplete(area, f.Targets), code, params("area", string(area)),
			fmt.Sprintf("%s needs at least one target, and every target not withdrawn achieved", area))
	}
	needs, statementNeeds := "signature", "the exams officer's signature and an overseer's countersignature"
	if slices.ContainsFunc(f.Signatures, func(s Signature) bool { return s.Side == SideEO }) {
		needs, statementNeeds = "countersignature", "an overseer's countersignature"
	}
	unmet(statementComplete(f.Signatures), UnmetStatement, params("needs", needs),
		"the Values and Attributes statement needs "+statementNeeds)
	unmet(hasReview(f.Meetings), UnmetReview, nil,
		"record at least one progress review or final review meeting")
	unmet(!f.Certified, UnmetCertified, nil, "a certificate was already issued for this record")
	unmet(!f.Now.Before(y.Start()) && f.Now.Before(y.End().Add(f.Grace)), UnmetClaimPeriod, params("year", y.String()),
		fmt.Sprintf("a claim for %s is made within the year or its grace period", y))
	c := f.Confirmations
	unmet(c.Knowledge && c.Skills && c.Values, UnmetConfirmations, nil,
		"confirm completion in each of the three key areas")
	return out
}

// areaComplete reports whether a target area is complete: at least one
// target, and every target not withdrawn achieved.
func areaComplete(area KeyArea, targets []Target) bool {
	n := 0
	for _, t := range targets {
		if t.Area != area || !t.Counts() {
			continue
		}
		if t.State != TargetAchieved {
			return false
		}
		n++
	}
	return n > 0
}

// statementComplete reports whether the statement is signed by the exams
// officer and countersigned by an overseer.
func statementComplete(sigs []Signature) bool {
	var eo, overseer bool
	for _, s := range sigs {
		eo = eo || s.Side == SideEO
		overseer = overseer || s.Side == SideOverseer
	}
	return eo && overseer
}

func hasReview(ms []Meeting) bool {
	for _, m := range ms {
		if m.Kind == MeetingProgressReview || m.Kind == MeetingFinalReview {
			return true
		}
	}
	return false
}
