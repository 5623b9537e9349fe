package standards

// This file is the whole of "who may do what": every Service method names
// its action, and the table below decides it from the actor's standing. Read
// it beside the table of that name in the domain rules.

// action names something an actor asks the Service to do or to show.
type action string

// The actions of registration, oversight and trusts.
const (
	actRegisterCentre      action = "register a centre"
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
}

// subject carries the facts about the thing acted on that some rules need.
type subject struct {
	// self: the registration acted on is the actor's own (leaving, taking
	// on an exams officer as their overseer, reading one's registration).
	self bool
	// from: which side made the trust request being answered.
	from TrustSide
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
	actViewTrustRequests:  {atCentre, adminOrOperator, "the centre administrator right"},

	actCreateTrust:         {platform, operator, "the platform operator"},
	actAppointTrustLead:    {platform, operator, "the platform operator"},
	actViewTrust:           {inTrust, anyPerson, ""},
	actInviteCentre:        {inTrust, trustLead, "to lead the trust"},
	actAskToJoinTrust:      {atCentre, admin, "the centre administrator right"},
	actAnswerTrustRequest:  {atCentreOrTrust, otherSide, "to be on the side that did not ask"},
	actDeclineTrustRequest: {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},
	actLeaveTrust:          {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},
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
		return forbidden("to %s needs %s", act, r.needs)
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
	return subj.self && (st.own.Status == StatusApproved || st.own.Status == StatusPending)
}

// approvedMemberOrWatcher: approved members see their centre; trust leads
// and the operator see it to follow progress. Pending and rejected people see
// only their own registration (R-REG-3).
func approvedMemberOrWatcher(st standing, _ subject) bool {
	return st.own.Approved() || st.trustLead || st.operator
}

func ownOrApprovedMemberOrWatcher(st standing, subj subject) bool {
	return subj.self || approvedMemberOrWatcher(st, subj)
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
