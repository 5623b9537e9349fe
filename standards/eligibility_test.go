package standards_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

// eligibleFacts are the facts of a claim that meets every condition.
func eligibleFacts() standards.ClaimFacts {
	return standards.ClaimFacts{
		Registration:     standards.Registration{PersonID: "eo", Year: year, Status: standards.RegistrationApproved, Roles: standards.Roles{standards.RoleEO}},
		ClaimantID:       "sl",
		ClaimantOverseer: true,
		Targets: []standards.Target{
			{Area: standards.AreaKnowledge, State: standards.TargetAchieved},
			{Area: standards.AreaKnowledge, State: standards.TargetWithdrawn},
			{Area: standards.AreaSkills, State: standards.TargetAchieved},
		},
		Signatures: []standards.Signature{{Side: standards.SideEO}, {Side: standards.SideOverseer}},
		Meetings:   []standards.Meeting{{Kind: standards.MeetingTargetSetting}, {Kind: standards.MeetingProgressReview}},
		Now:        day(time.June, 30),
		Grace:      30 * 24 * time.Hour,
		Confirmations: standards.Confirmations{
			Knowledge: true, Skills: true, Values: true,
		},
	}
}

func TestR_CLM_1_Eligibility(t *testing.T) {
	t.Parallel()
	assert.Empty(t, standards.Eligibility(eligibleFacts()))

	for _, tc := range []struct {
		name   string
		want   standards.UnmetCode
		change func(f *standards.ClaimFacts)
	}{
		{"1 RegistrationPending", standards.UnmetRegistration, func(f *standards.ClaimFacts) { f.Registration.Status = standards.RegistrationPending }},
		{"1 RegistrationLeft", standards.UnmetRegistration, func(f *standards.ClaimFacts) { f.Registration.Status = standards.RegistrationLeft }},
		{"2 NotOverseer", standards.UnmetOverseer, func(f *standards.ClaimFacts) { f.ClaimantOverseer = false }},
		{"3 SelfCertification", standards.UnmetSelfClaim, func(f *standards.ClaimFacts) { f.ClaimantID = "eo" }},
		{"4 NoKnowledgeTarget", standards.UnmetKnowledge, func(f *standards.ClaimFacts) { f.Targets = f.Targets[2:] }},
		{"4 KnowledgeInProgress", standards.UnmetKnowledge, func(f *standards.ClaimFacts) { f.Targets[0].State = standards.TargetInProgress }},
		{"4 KnowledgeReadyForReview", standards.UnmetKnowledge, func(f *standards.ClaimFacts) { f.Targets[0].State = standards.TargetReadyForReview }},
		{"4 OnlyWithdrawnKnowledge", standards.UnmetKnowledge, func(f *standards.ClaimFacts) { f.Targets[0].State = standards.TargetWithdrawn }},
		{"5 NoSkillsTarget", standards.UnmetSkills, func(f *standards.ClaimFacts) { f.Targets = f.Targets[:2] }},
		{"5 SkillsProposed", standards.UnmetSkills, func(f *standards.ClaimFacts) {
			f.Targets = append(f.Targets, standards.Target{Area: standards.AreaSkills, State: standards.TargetProposed})
		}},
		{"6 NotSigned", standards.UnmetStatement, func(f *standards.ClaimFacts) { f.Signatures = nil }},
		{"6 NotCountersigned", standards.UnmetStatement, func(f *standards.ClaimFacts) { f.Signatures = f.Signatures[:1] }},
		{"7 OnlyTargetSetting", standards.UnmetReview, func(f *standards.ClaimFacts) { f.Meetings = f.Meetings[:1] }},
		{"8 AlreadyCertified", standards.UnmetCertified, func(f *standards.ClaimFacts) { f.Certified = true }},
		{"9 BeforeTheYear", standards.UnmetClaimPeriod, func(f *standards.ClaimFacts) { f.Now = year.Start().Add(-time.Minute) }},
		{"9 AfterTheGrace", standards.UnmetClaimPeriod, func(f *standards.ClaimFacts) { f.Now = year.End().Add(f.Grace) }},
		{"10 NoValuesConfirmation", standards.UnmetConfirmations, func(f *standards.ClaimFacts) { f.Confirmations.Values = false }},
		{"10 NoConfirmations", standards.UnmetConfirmations, func(f *standards.ClaimFacts) { f.Confirmations = standards.Confirmations{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := eligibleFacts()
			tc.change(&f)
			unmet := standards.Eligibility(f)
			assert.Equal(t, []standards.UnmetCode{tc.want}, codes(unmet))
			for _, u := range unmet {
				assert.NotEmpty(t, u.Message)
			}
		})
	}

	t.Run("6 SaysWhatTheStatementStillNeeds", func(t *testing.T) {
		f := eligibleFacts()
		f.Signatures = nil
		unsigned := standards.Eligibility(f)
		f.Signatures = []standards.Signature{{Side: standards.SideEO}}
		signed := standards.Eligibility(f)
		assert.Equal(t, map[string]string{"needs": "signature"}, unsigned[0].Params)
		assert.Equal(t, "the Values and Attributes statement needs the exams officer's signature and an overseer's countersignature", unsigned[0].Message)
		assert.Equal(t, map[string]string{"needs": "countersignature"}, signed[0].Params)
		assert.Equal(t, "the Values and Attributes statement needs an overseer's countersignature", signed[0].Message,
			"once the exams officer has signed, only the countersignature is asked for")
		for _, u := range []standards.Unmet{unsigned[0], signed[0]} {
			assert.Equal(t, u.Message, u.Text(standards.English()), "the catalogue says what the message says")
		}
	})

	t.Run("InTheGracePeriod", func(t *testing.T) {
		f := eligibleFacts()
		f.Now = year.End().Add(f.Grace - time.Minute)
		assert.Empty(t, standards.Eligibility(f))
	})

	t.Run("EveryUnmetConditionAtOnce", func(t *testing.T) {
		f := standards.ClaimFacts{
			Registration: standards.Registration{PersonID: "eo", Year: year, Status: standards.RegistrationRejected},
			ClaimantID:   "eo",
			Meetings:     []standards.Meeting{{Kind: standards.MeetingTargetSetting}},
			Certified:    true,
			Now:          day(time.June, 1).AddDate(2, 0, 0),
		}
		got := codes(standards.Eligibility(f))
		want := []standards.UnmetCode{
			standards.UnmetRegistration, standards.UnmetOverseer, standards.UnmetSelfClaim, standards.UnmetKnowledge,
			standards.UnmetSkills, standards.UnmetStatement, standards.UnmetReview, standards.UnmetCertified,
			standards.UnmetClaimPeriod, standards.UnmetConfirmations,
		}
		assert.Equal(t, want, got, "every unmet condition, in the order of R-CLM-1")
	})
}
