package standards

// This file is the whole of "who may do what": every Service method names
// its action, and the table below decides it from the actor's standing. Read
// it beside the table of that name in the domain rules.

// action names something an actor asks the Service to do or to show.
type action string

// The actions of registration, oversight and trusts.
const (
	actRegisterCentre      action = "register a centre"
	actRenameCentre        action = "rename a centre"
	actRequestToJoin       action = "ask to join a centre"
	actFindCentre          action = "find a centre by number"
	actDecideRegistration  action = "approve or reject a registration"
	actGrantAdmin          action = "grant or revoke the admin right"
	actLeave               action = "leave a centre"
	actRemoveMember        action = "remove a member from a centre"
	actAppointAdmin        action = "appoint an admin to a centre without one"
	actAssignOverseer      action = "assign an overseer"
	actRemoveOverseer      action = "remove an overseer"
	actRegisterColleague   action = "register a colleague"
	actViewMembers         action = "see a centre's members"
	actViewRegistration    action = "see a registration"
	actViewAudit           action = "see a centre's audit trail"
	actViewPlatformTrail   action = "see the platform's audit trail"
	actViewTrustRequests   action = "see a centre's requests to join trusts"
	actViewOwn             action = "see one's own registrations"
	actCreateTrust         action = "create a trust"
	actAppointTrustLead    action = "appoint or remove a trust lead"
	actViewTrust           action = "see a trust"
	actInviteCentre        action = "invite a centre into a trust"
	actAskToJoinTrust      action = "ask for a centre to join a trust"
	actAnswerTrustRequest  action = "accept a request to join a trust"
	actDeclineTrustRequest action = "decline or withdraw a request to join a trust"
	actLeaveTrust          action = "take a centre out of its trust"
)

// The actions of the standards cycle, on one exams officer's record.
const (
	actViewRecord        action = "see a standards record in full"
	actProposeTarget     action = "propose a target"
	actApplyTemplate     action = "apply a starter template"
	actAgreeTarget       action = "agree a target"
	actUpdateTarget      action = "update a target's progress"
	actAchieveTarget     action = "mark a target achieved or reopen it"
	actWithdrawTarget    action = "withdraw a target"
	actLogCPD            action = "log CPD"
	actRecordMeeting     action = "record a meeting"
	actCompleteAction    action = "mark a support action done"
	actPrivateNote       action = "keep a private note on a record"
	actSignStatement     action = "sign the Values and Attributes statement"
	actCountersign       action = "countersign the Values and Attributes statement"
	actClaim             action = "claim the certificate"
	actViewCertificate   action = "see a certificate"
	actRevokeCertificate action = "revoke a certificate"
	actPublishStatement  action = "publish the Values and Attributes statement"
)

// The actions of personal data.
const (
	actFindPerson   action = "find a person by e-mail"
	actCorrectName  action = "correct one's own name"
	actExportPerson action = "export a person's data"
	actErasePerson  action = "erase a person"
	actChangeEmail  action = "change a person's e-mail address"
	actMe           action = "see oneself"
)

// The actions of history across years and centres.
const (
	actViewHistory   action = "see a person's certification history"
	actCarryForward  action = "carry last year's targets forward"
	actImportHistory action = "import certification history from an earlier platform"
)

// The actions of the host's plumbing.
const (
	actManageWebhooks action = "manage webhook endpoints"
)

// The actions of attention flags and dashboards.
const (
	actViewFlags     action = "see a record's summary and flags"
	actViewDashboard action = "see a centre's dashboard"
)

// The actions of host keys, which let a host's program call the JSON API.
const (
	actIssueHostKey action = "issue or revoke a host key"
	actViewHostKeys action = "see the host keys"
)

// standing is what the actor is where the action applies: at one centre in
// one year, in one trust, or on the platform. Every permission is decided
// from it and nothing else.
type standing struct {
	operator bool
	// own is the actor's registration at the centre for the year, in any
	// status; its ID is "" if they have none.
	own Registration
	// trustLead says the actor leads the trust in question: the trust the
	// centre belongs to, or the trust being acted on.
	trustLead bool
	// On a standards record: owner says the actor is its exams officer,
	// overseer that they are an approved overseer of that exams officer.
	owner    bool
	overseer bool
	// Towards a person's certification history: the actor is an approved
	// admin or overseer of a centre where the person is registered this year.
	watchesPerson bool
}

// subject carries the facts about the thing acted on that some rules need.
type subject struct {
	// self: the registration acted on is the actor's own (leaving, taking
	// on an exams officer as their overseer, reading one's registration).
	self bool
	// from: which side made the trust request being answered.
	from TrustSide
	// proposedBy: which side proposed the target being agreed.
	proposedBy Side
	// undecided: the registration read is pending or rejected, which only
	// its registrant, the centre's admins and the operator see (R-REG-3).
	undecided bool
}

type rule struct {
	// scope decides whether the actor may know the thing exists at all;
	// outside it the answer is ErrNotFound.
	scope func(standing) bool
	// may decides the right; without it the answer is ErrForbidden.
	may func(standing, subject) bool
	// needs says in words what may requires, for the error message.
	needs string
}

var policy = map[action]rule{
	actRegisterCentre: {platform, anyPerson, ""},
	actRequestToJoin:  {platform, anyPerson, ""},
	actFindCentre:     {platform, anyPerson, ""},
	actViewOwn:        {platform, anyPerson, ""},

	actRenameCentre:       {atCentre, adminOrOperator, "the centre administrator right for the current year"},
	actDecideRegistration: {atCentre, admin, "the centre administrator right"},
	actGrantAdmin:         {atCentre, admin, "the centre administrator right"},
	actLeave:              {atCentre, ownActiveRegistration, "one's own registration"},
	actRemoveMember:       {atCentre, operator, "the platform operator"},
	actAppointAdmin:       {atCentre, operator, "the platform operator"},
	actAssignOverseer:     {atCentre, adminOrSelfOverseer, "the admin right, or to be an approved senior leader or line manager taking on the exams officer"},
	actRemoveOverseer:     {atCentre, adminOrSelfOverseer, "the admin right, or to be the overseer stepping back"},
	actRegisterColleague:  {atCentre, adminOrOverseerRole, "the admin right, or to be an approved senior leader or line manager"},
	actViewMembers:        {atCentre, approvedMemberOrWatcher, "an approved registration at the centre"},
	actViewRegistration:   {atCentre, ownOrApprovedMemberOrWatcher, "an approved registration at the centre"},
	actViewAudit:          {atCentre, adminOrOperator, "the centre administrator right"},
	actViewPlatformTrail:  {platform, operator, "the platform operator"},
	actViewTrustRequests:  {atCentre, adminOrOperator, "the centre administrator right"},

	actCreateTrust:         {platform, operator, "the platform operator"},
	actIssueHostKey:        {platform, operator, "the platform operator"},
	actViewHostKeys:        {platform, operator, "the platform operator"},
	actAppointTrustLead:    {platform, operator, "the platform operator"},
	actViewTrust:           {inTrust, anyPerson, ""},
	actInviteCentre:        {inTrust, trustLead, "to lead the trust"},
	actAskToJoinTrust:      {atCentre, admin, "the centre administrator right"},
	actAnswerTrustRequest:  {atCentreOrTrust, otherSide, "to be on the side that did not ask"},
	actDeclineTrustRequest: {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},
	actLeaveTrust:          {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},

	actViewRecord:        {atCentre, ownerOverseerOrAdmin, "to be the exams officer, an overseer or a centre administrator"},
	actProposeTarget:     {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actApplyTemplate:     {atCentre, isOverseer, "to be an overseer of the exams officer"},
	actAgreeTarget:       {atCentre, otherSideOfTarget, "to be on the side that did not propose the target"},
	actUpdateTarget:      {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actAchieveTarget:     {atCentre, isOverseer, "to be an overseer of the exams officer"},
	actWithdrawTarget:    {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actLogCPD:            {atCentre, activeOwner, "to be the exams officer"},
	actRecordMeeting:     {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actCompleteAction:    {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actPrivateNote:       {atCentre, isOverseer, "to be an overseer of the exams officer"},
	actSignStatement:     {atCentre, activeOwner, "to be the exams officer"},
	actCountersign:       {atCentre, isOverseer, "to be an overseer of the exams officer"},
	actClaim:             {atCentre, isOverseer, "to be an overseer of the exams officer"},
	actViewCertificate:   {atCentreOrHolder, ownerOverseerAdminOrOperator, "to be the holder, an overseer or a centre administrator"},
	actRevokeCertificate: {atCentreOrHolder, operator, "the platform operator"},
	actPublishStatement:  {platform, operator, "the platform operator"},

	actViewHistory:   {watchesPerson, anyPerson, ""},
	actCarryForward:  {atCentre, activeOwnerOrOverseer, "to be the exams officer or an overseer"},
	actImportHistory: {platform, operator, "the platform operator"},

	actManageWebhooks: {platform, operator, "the platform operator"},

	actFindPerson:   {ownerOrOperator, anyPerson, ""},
	actCorrectName:  {platform, anyPerson, ""},
	actExportPerson: {ownerOrOperator, anyPerson, ""},
	actErasePerson:  {platform, operator, "the platform operator"},
	actChangeEmail:  {ownerOrOperator, anyPerson, ""},
	actMe:           {platform, anyPerson, ""},

	actViewFlags:     {atCentre, ownerOverseerAdminOrWatcher, "to be the exams officer, an overseer, a centre administrator or a lead of the centre's trust"},
	actViewDashboard: {atCentre, adminWatcherOrOverseerRole, "the admin right, to lead the centre's trust, or to be an approved senior leader or line manager"},

	actViewTrustDashboard:  {inTrust, anyPerson, ""},
	actViewNationalFigures: {platform, operator, "the platform operator"},
}

// authorize decides act for an actor of standing st: nil, or an error
// wrapping ErrNotFound (outside scope) or ErrForbidden (no right).
func authorize(act action, st standing, subj subject) error {
	r, ok := policy[act]
	if !ok {
		panic("standards: no policy for action " + string(act))
	}
	if !r.scope(st) {
		return ErrNotFound
	}
	if !r.may(st, subj) {
		return forbidden(ReasonNeedsRight, params("action", string(act), "needs", r.needs), "to %s needs %s", act, r.needs)
	}
	return nil
}

// Scopes.

func platform(standing) bool { return true }

// atCentre: people registered at the centre that year in any status, the
// leads of its trust, and the operator know the centre's things exist.
func atCentre(st standing) bool { return st.operator || st.own.ID != "" || st.trustLead }

func inTrust(st standing) bool { return st.operator || st.trustLead }

func atCentreOrTrust(st standing) bool { return atCentre(st) || inTrust(st) }

// watchesPerson: the person, the operator, and the admins and overseers of
// a centre where the person is registered this year know a person's
// certificates exist (R-REG-7).
func watchesPerson(st standing) bool { return st.owner || st.operator || st.watchesPerson }

// ownerOrOperator: a person's whole file is theirs and the operator's.
func ownerOrOperator(st standing) bool { return st.owner || st.operator }

// atCentreOrHolder adds a certificate's holder, who may no longer be at the
// centre, to those who know it exists.
func atCentreOrHolder(st standing) bool { return atCentre(st) || st.owner }

// Rights.

func anyPerson(standing, subject) bool { return true }

func operator(st standing, _ subject) bool { return st.operator }

func trustLead(st standing, _ subject) bool { return st.trustLead }

func admin(st standing, _ subject) bool { return st.own.IsAdmin() }

func adminOrOperator(st standing, _ subject) bool { return st.own.IsAdmin() || st.operator }

func overseerRole(st standing) bool { return st.own.Approved() && st.own.Roles.Overseer() }

func adminOrOverseerRole(st standing, _ subject) bool { return st.own.IsAdmin() || overseerRole(st) }

func adminOrSelfOverseer(st standing, subj subject) bool {
	return st.own.IsAdmin() || (subj.self && overseerRole(st))
}

func ownActiveRegistration(st standing, subj subject) bool {
	return subj.self && (st.own.Status == RegistrationApproved || st.own.Status == RegistrationPending)
}

// approvedMemberOrWatcher: approved members see their centre; trust leads
// and the operator see it to follow progress. Pending and rejected people see
// only their own registration (R-REG-3).
func approvedMemberOrWatcher(st standing, _ subject) bool {
	return st.own.Approved() || st.trustLead || st.operator
}

func ownOrApprovedMemberOrWatcher(st standing, subj subject) bool {
	if subj.self || st.own.IsAdmin() || st.operator {
		return true
	}
	return !subj.undecided && approvedMemberOrWatcher(st, subj)
}

func otherSide(st standing, subj subject) bool {
	switch subj.from {
	case SideTrust:
		return st.own.IsAdmin()
	case SideCentre:
		return st.trustLead
	}
	return false
}

func eitherSide(st standing, _ subject) bool { return st.own.IsAdmin() || st.trustLead }

// On a record, the exams officer acts while their registration is
// approved, and sees it always, even after leaving (R-REG-5).

func activeOwner(st standing, _ subject) bool { return st.owner && st.own.Approved() }

func isOverseer(st standing, _ subject) bool { return st.overseer }

func activeOwnerOrOverseer(st standing, subj subject) bool {
	return activeOwner(st, subj) || st.overseer
}

func ownerOverseerOrAdmin(st standing, _ subject) bool {
	return st.owner || st.overseer || st.own.IsAdmin()
}

func ownerOverseerAdminOrOperator(st standing, subj subject) bool {
	return ownerOverseerOrAdmin(st, subj) || st.operator
}

// otherSideOfTarget: the side that did not propose a target agrees it
// (R-TGT-2).
func otherSideOfTarget(st standing, subj subject) bool {
	switch subj.proposedBy {
	case SideEO:
		return st.overseer
	case SideOverseer:
		return activeOwner(st, subj)
	}
	return false
}

// ownerOverseerAdminOrWatcher: those who see a record in full, and the
// trust leads and operator who follow its summary and flags.
func ownerOverseerAdminOrWatcher(st standing, subj subject) bool {
	return ownerOverseerOrAdmin(st, subj) || st.trustLead || st.operator
}

// adminWatcherOrOverseerRole: a centre's dashboard is for its admins, the
// leads of its trust and the operator; an approved senior leader or line
// manager sees it narrowed to the exams officers they oversee.
func adminWatcherOrOverseerRole(st standing, _ subject) bool {
	return st.own.IsAdmin() || st.trustLead || st.operator || overseerRole(st)
}
