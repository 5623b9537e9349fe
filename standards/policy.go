package standards

// This file is the whole of "who may do what": every Service method names
// its Action, and the table below decides it from the actor's standing. Read
// it beside the table of that name in the domain rules.

// Action names something an actor asks the Service to do or to show.
type Action string

// The actions of registration, oversight and trusts.
const (
	ActionRegisterCentre      Action = "register a centre"
	ActionRequestToJoin       Action = "ask to join a centre"
	ActionFindCentre          Action = "find a centre by number"
	ActionDecideRegistration  Action = "approve or reject a registration"
	ActionGrantAdmin          Action = "grant or revoke the admin right"
	ActionLeave               Action = "leave a centre"
	ActionRemoveMember        Action = "remove a member from a centre"
	ActionAppointAdmin        Action = "appoint an admin to a centre without one"
	ActionAssignOverseer      Action = "assign an overseer"
	ActionRemoveOverseer      Action = "remove an overseer"
	ActionRegisterColleague   Action = "register a colleague"
	ActionViewMembers         Action = "see a centre's members"
	ActionViewRegistration    Action = "see a registration"
	ActionViewAudit           Action = "see a centre's audit trail"
	ActionViewTrustRequests   Action = "see a centre's requests to join trusts"
	ActionViewOwn             Action = "see one's own registrations"
	ActionCreateTrust         Action = "create a trust"
	ActionAppointTrustLead    Action = "appoint or remove a trust lead"
	ActionViewTrust           Action = "see a trust"
	ActionInviteCentre        Action = "invite a centre into a trust"
	ActionAskToJoinTrust      Action = "ask for a centre to join a trust"
	ActionAnswerTrustRequest  Action = "accept a request to join a trust"
	ActionDeclineTrustRequest Action = "decline or withdraw a request to join a trust"
	ActionLeaveTrust          Action = "take a centre out of its trust"
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

var policy = map[Action]rule{
	ActionRegisterCentre: {platform, anyPerson, ""},
	ActionRequestToJoin:  {platform, anyPerson, ""},
	ActionFindCentre:     {platform, anyPerson, ""},
	ActionViewOwn:        {platform, anyPerson, ""},

	ActionDecideRegistration: {atCentre, admin, "the centre administrator right"},
	ActionGrantAdmin:         {atCentre, admin, "the centre administrator right"},
	ActionLeave:              {atCentre, ownActiveRegistration, "one's own registration"},
	ActionRemoveMember:       {atCentre, operator, "the platform operator"},
	ActionAppointAdmin:       {atCentre, operator, "the platform operator"},
	ActionAssignOverseer:     {atCentre, adminOrSelfOverseer, "the admin right, or to be an approved senior leader or line manager taking on the exams officer"},
	ActionRemoveOverseer:     {atCentre, adminOrSelfOverseer, "the admin right, or to be the overseer stepping back"},
	ActionRegisterColleague:  {atCentre, adminOrOverseerRole, "the admin right, or to be an approved senior leader or line manager"},
	ActionViewMembers:        {atCentre, approvedMemberOrWatcher, "an approved registration at the centre"},
	ActionViewRegistration:   {atCentre, ownOrApprovedMemberOrWatcher, "an approved registration at the centre"},
	ActionViewAudit:          {atCentre, adminOrOperator, "the centre administrator right"},
	ActionViewTrustRequests:  {atCentre, adminOrOperator, "the centre administrator right"},

	ActionCreateTrust:         {platform, operator, "the platform operator"},
	ActionAppointTrustLead:    {platform, operator, "the platform operator"},
	ActionViewTrust:           {inTrust, anyPerson, ""},
	ActionInviteCentre:        {inTrust, trustLead, "to lead the trust"},
	ActionAskToJoinTrust:      {atCentre, admin, "the centre administrator right"},
	ActionAnswerTrustRequest:  {atCentreOrTrust, otherSide, "to be on the side that did not ask"},
	ActionDeclineTrustRequest: {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},
	ActionLeaveTrust:          {atCentreOrTrust, eitherSide, "the centre administrator right, or to lead the trust"},
}

// authorize decides act for an actor of standing st: nil, or an error
// wrapping ErrNotFound (outside scope) or ErrForbidden (no right).
func authorize(act Action, st standing, subj subject) error {
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
