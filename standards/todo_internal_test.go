package standards

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The to-dos are pure functions of a centre-year's roster and a record's
// facts: these tables prove each rule that puts something on a person's
// list, and that it goes once done.

var (
	todoCentre = Centre{ID: "c1", Number: "12345", Name: "Riverside Academy"}
	todoNow    = time.Date(2025, time.September, 20, 10, 0, 0, 0, time.UTC)
)

func todoEO(status RegistrationStatus) Member {
	return Member{
		Registration: Registration{ID: "eo", CentreID: "c1", Year: 2025, Roles: Roles{RoleEO}, Status: status},
		Person:       Person{ID: "p-eo", Name: "Eve Officer"}, Overseers: []string{"lm"}, RecordID: "r1",
	}
}

func todoFacts(targets []Target, sigs []Signature, hours float64) recordToDoFacts {
	return recordToDoFacts{FlagFacts: FlagFacts{
		Registration: todoEO(RegistrationApproved).Registration, HasOverseer: true, OpenedAt: todoNow,
		Targets: targets, Signatures: sigs, Now: todoNow,
	}, CPDHours: hours}
}

func codes(items []ToDoItem) map[ToDoCode]int {
	out := map[ToDoCode]int{}
	for _, it := range items {
		out[it.Code] = it.Count
	}
	return out
}

func TestR_REG_2_RegistrationsWaitingAreTheAdministratorsToDo(t *testing.T) {
	roster := Roster{Centre: todoCentre, Year: 2025, Members: []Member{
		{Registration: Registration{ID: "a", Roles: Roles{RoleSL}, Status: RegistrationApproved, Admin: true}},
		{Registration: Registration{ID: "b", Roles: Roles{RoleLM}, Status: RegistrationPending}},
		{Registration: Registration{ID: "c", Roles: Roles{RoleLM}, Status: RegistrationPending}},
		{Registration: Registration{ID: "d", Roles: Roles{RoleLM}, Status: RegistrationRejected}},
	}}
	items := adminToDo(roster, nextYearDue{})
	assert.Equal(t, map[ToDoCode]int{ToDoRegistrationsWaiting: 2}, codes(items))
	assert.Equal(t, "2 registrations wait for your approval", items[0].Message)
	assert.Equal(t, ToDoAdministrator, items[0].Role)
	assert.Equal(t, todoCentre, items[0].Centre)
	assert.Equal(t, AcademicYear(2025), items[0].Year)

	roster.Members = roster.Members[:1]
	assert.Empty(t, adminToDo(roster, nextYearDue{}), "nothing waits once decided")
}

func TestR_REG_6_AnExamsOfficerWithoutAnOverseerIsTheAdministratorsToDo(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	lm := Member{Registration: Registration{ID: "lm", Roles: Roles{RoleLM}, Status: RegistrationApproved}, Oversees: []string{"eo"}}
	alone := Member{Registration: Registration{ID: "eo2", Roles: Roles{RoleEO}, Status: RegistrationApproved}}
	roster := Roster{Centre: todoCentre, Year: 2025, Members: []Member{eo, lm, alone}}
	items := adminToDo(roster, nextYearDue{})
	assert.Equal(t, map[ToDoCode]int{ToDoNoOverseer: 1}, codes(items))
	assert.Equal(t, "1 exams officer has no overseer: assign a senior leader or line manager", items[0].Message)

	// An overseer who left does not count (R-REG-5).
	lm.Registration.Status = RegistrationLeft
	roster.Members = []Member{eo, lm}
	assert.Equal(t, map[ToDoCode]int{ToDoNoOverseer: 1}, codes(adminToDo(roster, nextYearDue{})))
}

func TestR_REG_12_TheNextYearIsTheAdministratorsToDoFromJune(t *testing.T) {
	assert.Equal(t, time.Date(2026, time.June, 1, 0, 0, 0, 0, ukTime), nextYearFrom(2025))
	roster := Roster{Centre: todoCentre, Year: 2025}
	assert.Empty(t, adminToDo(roster, nextYearDue{asked: false}), "not before June")
	items := adminToDo(roster, nextYearDue{asked: true})
	assert.Equal(t, map[ToDoCode]int{ToDoNextYearNotRegistered: 1}, codes(items))
	assert.Contains(t, items[0].Message, "2026/27")
	assert.Empty(t, adminToDo(roster, nextYearDue{asked: true, registered: true}), "gone once registered")
}

func TestR_TGT_2_TheOtherSideAgreesAProposedTarget(t *testing.T) {
	targets := []Target{
		{ID: "t1", Area: AreaKnowledge, State: TargetProposed, ProposedBy: SideEO},
		{ID: "t2", Area: AreaSkills, State: TargetProposed, ProposedBy: SideEO},
		{ID: "t3", Area: AreaSkills, State: TargetProposed, ProposedBy: SideOverseer},
	}
	f := todoFacts(targets, nil, 1)
	over := overseerToDo(todoCentre, todoEO(RegistrationApproved), "r1", f)
	assert.Equal(t, map[ToDoCode]int{ToDoTargetsToAgree: 2}, codes(over))
	assert.Equal(t, "2 targets to agree", over[0].Message)
	assert.Equal(t, "r1", over[0].RecordID)
	assert.Equal(t, "Eve Officer", over[0].ExamsOfficer)
	own := examsOfficerToDo(todoCentre, todoEO(RegistrationApproved), "r1", f)
	assert.Equal(t, 1, codes(own)[ToDoTargetsToAgree], "the exams officer agrees what an overseer proposed")
	assert.NotContains(t, codes(own), ToDoTargetsToPropose, "there are targets")

	// Agreed, nothing waits on either side.
	for i := range targets {
		targets[i].State = TargetAgreed
	}
	f = todoFacts(targets, nil, 1)
	assert.Empty(t, overseerToDo(todoCentre, todoEO(RegistrationApproved), "r1", f))
	assert.NotContains(t, codes(examsOfficerToDo(todoCentre, todoEO(RegistrationApproved), "r1", f)), ToDoTargetsToAgree)
}

func TestR_TGT_2_AnExamsOfficerWithoutTargetsProposesThem(t *testing.T) {
	own := examsOfficerToDo(todoCentre, todoEO(RegistrationApproved), "r1", todoFacts(nil, nil, 0))
	assert.Equal(t, map[ToDoCode]int{ToDoTargetsToPropose: 1, ToDoStatementToSign: 1, ToDoCPDToLog: 1}, codes(own))
	for _, it := range own {
		assert.Equal(t, ToDoExamsOfficer, it.Role)
		assert.Equal(t, "r1", it.RecordID)
	}
	// A withdrawn target does not count.
	withdrawn := []Target{{ID: "t1", Area: AreaKnowledge, State: TargetWithdrawn}}
	assert.Contains(t, codes(examsOfficerToDo(todoCentre, todoEO(RegistrationApproved), "r1", todoFacts(withdrawn, nil, 0))), ToDoTargetsToPropose)
}

func TestR_TGT_3_ATargetReadyForReviewIsTheOverseersToDo(t *testing.T) {
	targets := []Target{
		{ID: "t1", Area: AreaKnowledge, State: TargetReadyForReview, ProposedBy: SideEO},
		{ID: "t2", Area: AreaSkills, State: TargetInProgress, ProposedBy: SideEO},
	}
	over := overseerToDo(todoCentre, todoEO(RegistrationApproved), "r1", todoFacts(targets, nil, 1))
	assert.Equal(t, map[ToDoCode]int{ToDoTargetsToReview: 1}, codes(over))
	assert.Equal(t, "1 target ready for review", over[0].Message)
	targets[0].State = TargetAchieved
	assert.Empty(t, overseerToDo(todoCentre, todoEO(RegistrationApproved), "r1", todoFacts(targets, nil, 1)))
}

func TestR_VA_2_TheExamsOfficerSignsThenAnOverseerCountersigns(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	targets := []Target{{ID: "t1", Area: AreaKnowledge, State: TargetAgreed}}
	f := todoFacts(targets, nil, 1)
	assert.Contains(t, codes(examsOfficerToDo(todoCentre, eo, "r1", f)), ToDoStatementToSign)
	assert.NotContains(t, codes(overseerToDo(todoCentre, eo, "r1", f)), ToDoStatementToCountersign, "nothing to countersign before the exams officer signs")

	f = todoFacts(targets, []Signature{{RecordID: "r1", Side: SideEO}}, 1)
	assert.NotContains(t, codes(examsOfficerToDo(todoCentre, eo, "r1", f)), ToDoStatementToSign)
	assert.Equal(t, map[ToDoCode]int{ToDoStatementToCountersign: 1}, codes(overseerToDo(todoCentre, eo, "r1", f)))

	f = todoFacts(targets, []Signature{{RecordID: "r1", Side: SideEO}, {RecordID: "r1", Side: SideOverseer}}, 1)
	assert.Empty(t, overseerToDo(todoCentre, eo, "r1", f))
}

func TestR_CLM_1_EveryKeyAreaCompleteIsAClaimToMake(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	targets := []Target{
		{ID: "t1", Area: AreaKnowledge, State: TargetAchieved},
		{ID: "t2", Area: AreaSkills, State: TargetAchieved},
	}
	both := []Signature{{RecordID: "r1", Side: SideEO}, {RecordID: "r1", Side: SideOverseer}}
	over := overseerToDo(todoCentre, eo, "r1", todoFacts(targets, both, 1))
	assert.Equal(t, map[ToDoCode]int{ToDoReadyToClaim: 1}, codes(over))
	assert.Equal(t, ToDoOverseer, over[0].Role)

	// Not while an area is open.
	targets[1].State = TargetInProgress
	assert.NotContains(t, codes(overseerToDo(todoCentre, eo, "r1", todoFacts(targets, both, 1))), ToDoReadyToClaim)
}

func TestR_TGT_4_ACertifiedRecordAsksNothing(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	f := todoFacts([]Target{{ID: "t1", Area: AreaKnowledge, State: TargetProposed, ProposedBy: SideEO}}, []Signature{{Side: SideEO}}, 0)
	f.Certified = true
	assert.Empty(t, overseerToDo(todoCentre, eo, "r1", f))
	assert.Empty(t, examsOfficerToDo(todoCentre, eo, "r1", f))
}

func TestR_REG_5_TheRecordOfSomeoneWhoLeftAsksNothing(t *testing.T) {
	eo := todoEO(RegistrationLeft)
	f := todoFacts(nil, []Signature{{Side: SideEO}}, 0)
	f.Registration = eo.Registration
	assert.Empty(t, overseerToDo(todoCentre, eo, "r1", f))
	assert.Empty(t, examsOfficerToDo(todoCentre, eo, "r1", f))
}

func TestR_MTG_4_AnOverdueMeetingIsTheOverseersToDo(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	targets := []Target{{ID: "t1", Area: AreaKnowledge, State: TargetAgreed}}
	f := todoFacts(targets, nil, 1)
	f.OpenedAt = todoNow.AddDate(0, 0, -120)
	f.LastMeeting = Day(todoNow.AddDate(0, 0, -91))
	over := overseerToDo(todoCentre, eo, "r1", f)
	assert.Equal(t, map[ToDoCode]int{ToDoMeetingOverdue: 1}, codes(over))
	assert.Equal(t, "a meeting is overdue: no meeting in the last 90 days", over[0].Message)

	f.LastMeeting = Day(todoNow.AddDate(0, 0, -10))
	assert.Empty(t, overseerToDo(todoCentre, eo, "r1", f))
}

func TestR_CPD_1_AnExamsOfficerWithNoCPDLogsSome(t *testing.T) {
	eo := todoEO(RegistrationApproved)
	targets := []Target{{ID: "t1", Area: AreaKnowledge, State: TargetAgreed}}
	sig := []Signature{{Side: SideEO}}
	assert.Equal(t, map[ToDoCode]int{ToDoCPDToLog: 1}, codes(examsOfficerToDo(todoCentre, eo, "r1", todoFacts(targets, sig, 0))))
	assert.Empty(t, examsOfficerToDo(todoCentre, eo, "r1", todoFacts(targets, sig, 1.5)))
}

func TestATrustLeadIsToldTheCentresNeedingAttention(t *testing.T) {
	trust := Trust{ID: "t", Name: "Valley Learning Trust"}
	centres := []TrustCentre{{Centre: todoCentre, AtRisk: 2}, {Centre: Centre{ID: "c2"}}, {Centre: Centre{ID: "c3"}, AtRisk: 1}}
	items := trustLeadToDo(trust, 2025, centres)
	assert.Equal(t, []ToDoItem{{Role: ToDoTrustLead, Code: ToDoCentresNeedingAttention, Count: 2, Year: 2025, Trust: trust,
		Message: "2 centres need attention"}}, items)
	assert.Empty(t, trustLeadToDo(trust, 2025, centres[1:2]))
}

func TestAToDoCountsEverythingThatWaits(t *testing.T) {
	td := ToDo{Items: []ToDoItem{{Role: ToDoAdministrator, Count: 2}, {Role: ToDoOverseer, Count: 3}, {Role: ToDoOverseer, Count: 1}}}
	assert.Equal(t, 6, td.Count())
	assert.Len(t, td.Of(ToDoOverseer), 2)
	assert.Empty(t, td.Of(ToDoTrustLead))
	assert.Zero(t, ToDo{}.Count())
}
