package standards

// Actor is who is acting in a call. The host authenticates people and passes
// an Actor into every call; the library never handles login.
//
// A person is known by e-mail address (R-PER-1): an Actor with an e-mail the
// library has not seen yet is a new person, who becomes known when they
// first register or are registered by a colleague (R-REG-10).
type Actor struct {
	// Email is the authenticated person's e-mail address. Required.
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
	// ExternalID is the host's own id for the person, attached to the person
	// by the first change they make with it (a read writes nothing), unless
	// another person holds it already.
	ExternalID string
	// Operator says the host trusts this actor to run the platform (R-TRU-3).
	// Only the host can set it; no call of the library grants it.
	Operator bool
}

// Anonymous reports whether the actor is nobody: an Actor without an e-mail
// address, whatever else it says.
func (a Actor) Anonymous() bool { return a.Email == "" }
