package standards

// Actor is who is acting in a call. The host authenticates people and passes
// an Actor into every call; the library never handles login.
//
// A person is known by e-mail address (R-PER-1), and, once the host has
// given them its own id (ExternalID), by that id first: an Actor with an
// e-mail the library has not seen yet is a new person, who becomes known
// when they first register or are registered by a colleague (R-REG-10).
//
// How an Actor finds its person, when it carries an ExternalID:
//
//   - a person holds the id: that person is the actor. The Actor's Email
//     may be left empty; if it is given it must be that person's address,
//     or the call is ErrConflict (the host's two ids for the actor name
//     different people, or the address changed on the host's side and
//     not here: the host changes it with Service.ChangeEmail, acting as
//     the person by ExternalID alone, and the person keeps their history);
//   - nobody holds the id yet: the person is found by Email as ever, and
//     gets the id at their first change (a read writes nothing). An Actor
//     with no Email then is ErrUnauthenticated: nobody is known by that id.
//     A person found by Email who holds another id of the host's is
//     ErrConflict: the address has passed to someone else on the host's
//     side (a school that reuses addresses), and the newcomer must not
//     take up the history of the person who had it.
type Actor struct {
	// Email is the authenticated person's e-mail address. Required, unless
	// ExternalID names a person the library knows, or the actor is a
	// system job (SystemActor).
	//
	// The library takes it on trust as the person's identity (R-PER-1): it
	// decides whose registrations, records and private notes the actor
	// reaches. So a host must pass only an address it has verified belongs
	// to the person acting (R-PER-4): one its sign-up proved, with a link
	// or code sent to it, before the account could act, or one a trusted
	// identity provider vouches for. An address a person merely typed lets
	// them act as whoever owns it: take a place a head of centre
	// pre-registered for a colleague, say, or the operator's.
	Email string
	// Name is the person's full name as the host knows it, used when the
	// library first records the person if the call carries no name of its own.
	Name string
	// ExternalID is the host's own id for the person (at most 200
	// characters), unique to them: the library finds the person by it
	// before their address (see above), so that a person whose address
	// changes stays one person. It is attached to the person by the first
	// change they make with it. The library trusts it as it trusts Email
	// (R-PER-4): a host must pass only the id of the account that
	// authenticated, and never give one id to two people.
	ExternalID string
	// Operator says the host trusts this actor to run the platform (R-TRU-3).
	// Only the host can set it; no call of the library grants it. The JSON
	// API sets it for a call through an operator key (HostKey.Operator),
	// and for no other.
	Operator bool
	// Via names the host's program acting for the person, when it is not
	// the person at a page of the host's: the JSON API sets it to "host
	// key " and the key's name. It changes nothing the person may do; the
	// audit trail records it beside the person (AuditEntry.Via), so that
	// an entry says both who acted and through what.
	Via string
	// HostKeyID is the ID of the host key the call came through, when it
	// did (the JSON API sets it beside Via). It adds nothing to what the
	// person may do, and takes nothing away, but for webhooks: an actor
	// with a host key manages that key's own webhook endpoints and no
	// others, within the centres the key reaches (webhook.go), and never
	// as the operator, even with Operator set: an operator key's calls act
	// as the operator (HostKey.Operator), but its webhook endpoints are
	// its own, like any key's. A revoked or expired key is
	// ErrUnauthenticated there.
	HostKeyID string
	// System names the host's background job acting, when the actor is one
	// and not a person: see SystemActor. A system actor carries nothing
	// else.
	System string
}

// SystemActor is the actor of a host's background job named job, such as
// "import": not a person, and with only the rights such a job needs. It may
// import certification history from an earlier platform
// (ImportCertificates); every other call that takes an Actor refuses it
// with ErrForbidden, the erasure of a person and every person's own
// command included. The audit entries it makes name it "system: " and the
// job. The Service's other calls for jobs (RemindersDue, ClaimEvents,
// AckEvents, PendingEvents) take no actor at all: they are the host's own,
// and no person reaches them through the library; RemindersDue's audit
// entries name "system: reminders".
func SystemActor(job string) Actor { return Actor{System: job} }

// Anonymous reports whether the actor is nobody: an Actor without an e-mail
// address, a host's id or a system job's name, whatever else it says.
func (a Actor) Anonymous() bool { return a.Email == "" && a.ExternalID == "" && a.System == "" }

// auditName is how the audit trail names the actor: their e-mail address,
// or "system: " and the job's name.
func (a Actor) auditName() string {
	if a.System != "" {
		return "system: " + a.System
	}
	return a.Email
}
