package standards

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Webhooks (issue 22): the outbox delivered as signed HTTP requests that
// follow the Standard Webhooks specification (docs/webhooks.md). The
// operator, a host's system job, or a host's program through its host key
// (Actor.HostKeyID: that key's own endpoints only, within the centres it
// reaches) registers endpoints; every event the
// outbox receives afterwards becomes a delivery for each enabled endpoint
// whose scope and kinds it matches, made in the transaction that appends
// the event (so no event is missed and none is seen by a delivery before
// its command commits). Deliveries are a queue of their own, apart from
// the outbox's acknowledgements, so that webhooks and the e-mail notifier
// never take events from each other. A deliverer (standards/webhooks)
// claims due deliveries with a lease, sends them, and reports each
// attempt; a delivery that keeps failing is dead, and waits in the
// dead-letter list until someone asks for it again.

// WebhookEndpoint is a receiver of signed webhooks. Its signing secret is
// not part of it: it is shown once, at registration (and at rotation), and
// only the deliverer reads it again (WebhookSend).
type WebhookEndpoint struct {
	ID string
	// URL is where deliveries are POSTed: http or https.
	URL         string
	Description string
	// CentreIDs limits the endpoint to the events of these centres; empty
	// means every event, the platform's own (Event.CentreID "") included.
	CentreIDs []string
	// CentreNumbers are the numbers of CentreIDs' centres, in the same
	// order, as a host names them: filled in by the Service's methods that
	// return an endpoint (RegisterWebhookEndpoint, WebhookEndpoints,
	// UpdateWebhookEndpoint, DisableWebhookEndpoint). A store neither keeps
	// nor fills it, and a WebhookSend's endpoint does not carry it.
	CentreNumbers []CentreNumber
	// Kinds limits the endpoint to these kinds of event; empty means all.
	Kinds []EventKind
	// Disabled endpoints get no new deliveries and their due ones wait.
	// DisabledReason says why: "" for the operator's choice, or the
	// deliverer's (a receiver that answered 410 Gone).
	Disabled       bool
	DisabledReason string
	CreatedAt      time.Time
	// Version counts the endpoint's changes, from 1.
	Version int
	// HostKeyID is the host key the endpoint was registered through, ""
	// for the operator's and a system job's. Only calls through that key
	// see and change it (besides the operator and a system job, who see
	// and change every endpoint), and revoking the key disables it.
	HostKeyID string
}

// Matches reports whether the endpoint takes event e: the store's fan-out
// rule, written once here for stores that make deliveries in Go.
func (w WebhookEndpoint) Matches(e Event) bool {
	if w.Disabled {
		return false
	}
	if len(w.CentreIDs) > 0 && !slices.Contains(w.CentreIDs, e.CentreID) {
		return false
	}
	return len(w.Kinds) == 0 || slices.Contains(w.Kinds, e.Kind)
}

// WebhookEndpointSpec is what registering an endpoint takes. Its centres
// are named by id (CentreIDs) or by number (CentreNumbers, as a host and
// its host key name them: the Service finds their ids), not both.
type WebhookEndpointSpec struct {
	URL           string
	Description   string
	CentreIDs     []string
	CentreNumbers []CentreNumber
	Kinds         []EventKind
}

// WebhookDeliveryState is where a delivery stands.
type WebhookDeliveryState string

// The states of a delivery.
const (
	// WebhookDue: waiting for its next attempt (or being attempted).
	WebhookDue WebhookDeliveryState = "due"
	// WebhookDelivered: the receiver answered 2xx.
	WebhookDelivered WebhookDeliveryState = "delivered"
	// WebhookDead: given up on; it is in the dead-letter list until
	// RedeliverWebhook makes it due again.
	WebhookDead WebhookDeliveryState = "dead"
)

// WebhookDelivery is one event's delivery to one endpoint.
type WebhookDelivery struct {
	// ID orders deliveries; the store assigns it.
	ID         int64
	EndpointID string
	EventSeq   int64
	// EventID is the event's ID, sent as webhook-id on every attempt.
	EventID string
	Kind    EventKind
	State   WebhookDeliveryState
	// Attempts counts the attempts made, the one under way included.
	Attempts int
	// DueAt is when the next attempt is due, or, while one is under way,
	// when its lease ends.
	DueAt         time.Time
	LastAttemptAt time.Time
	// LastStatus is the HTTP status of the last attempt, 0 for none (a
	// connection refused, a timeout).
	LastStatus int
	LastError  string
	// FinishedAt is when it was delivered or declared dead.
	FinishedAt time.Time
}

// WebhookSend is a claimed delivery with what a deliverer needs to send
// it: the endpoint, its secret, and the event.
type WebhookSend struct {
	DeliveryID int64
	// Attempt is this attempt's number, from 1; the deliverer reports it
	// back so that a report from a deliverer that outlived its lease
	// changes nothing.
	Attempt  int
	Endpoint WebhookEndpoint
	Secret   string
	Event    Event
}

// WebhookOutcome is what became of an attempt.
type WebhookOutcome string

// The outcomes of an attempt.
const (
	// WebhookOK: the receiver answered 2xx; the delivery is delivered.
	WebhookOK WebhookOutcome = "ok"
	// WebhookRetry: it failed; the next attempt is due at RetryAt.
	WebhookRetry WebhookOutcome = "retry"
	// WebhookGiveUp: it failed and no attempt is left; the delivery is dead.
	WebhookGiveUp WebhookOutcome = "give_up"
	// WebhookGone: the receiver answered 410 Gone; the delivery is dead
	// and the endpoint disabled, as the specification asks.
	WebhookGone WebhookOutcome = "gone"
)

// WebhookAttempt is a deliverer's report of one attempt.
type WebhookAttempt struct {
	DeliveryID int64
	Attempt    int
	Outcome    WebhookOutcome
	At         time.Time
	// RetryAt is when the next attempt is due (WebhookRetry only).
	RetryAt time.Time
	Status  int
	// Error says why it failed, in a line ("" when it worked).
	Error string
}

// WebhookDeliveryQuery selects deliveries to list: of one endpoint or all
// (""), in one state or all (""), with ID above After, at most Limit (0
// for MaxPage), in ID order.
type WebhookDeliveryQuery struct {
	EndpointID string
	State      WebhookDeliveryState
	After      int64
	Limit      int
}

// WebhookStore keeps endpoints and their deliveries. A store makes the
// deliveries itself, in AppendEvent's transaction: one due delivery (DueAt
// the event's At, no attempts) for each endpoint that Matches the event.
type WebhookStore interface {
	// CreateWebhookEndpoint stores w (Version 1) with its secret.
	CreateWebhookEndpoint(ctx context.Context, w WebhookEndpoint, secret string) error
	WebhookEndpoint(ctx context.Context, id string) (WebhookEndpoint, error)
	// WebhookEndpoints lists every endpoint in ID order.
	WebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error)
	// UpdateWebhookEndpoint writes w where its Version is w.Version-1, and
	// its secret too unless secret is "", but its HostKeyID, which stays as
	// created. A stale version is ErrConflict.
	UpdateWebhookEndpoint(ctx context.Context, w WebhookEndpoint, secret string) error
	// DeleteWebhookEndpoint removes the endpoint and all its deliveries.
	DeleteWebhookEndpoint(ctx context.Context, id string) error
	WebhookDelivery(ctx context.Context, id int64) (WebhookDelivery, error)
	WebhookDeliveries(ctx context.Context, q WebhookDeliveryQuery) ([]WebhookDelivery, error)
	// RedeliverWebhook makes a delivery due at at, with no attempts and no
	// lease, whatever its state.
	RedeliverWebhook(ctx context.Context, id int64, at time.Time) error
}

// Limits of an endpoint.
const (
	maxWebhookURL         = 2000
	maxWebhookDescription = 200
	maxWebhookScope       = 50
	// webhookSecretBytes is the secret's random bytes: the specification
	// asks for 24 to 64.
	webhookSecretBytes = 32
	// WebhookSecretPrefix begins every endpoint's secret (the
	// specification's serialisation: whsec_ and base64 of the key).
	WebhookSecretPrefix = "whsec_"
	// WebhookGoneReason is an endpoint's DisabledReason once its receiver
	// answered 410 Gone.
	WebhookGoneReason = "the receiver answered 410 Gone"
	// WebhookKeyRevokedReason is the DisabledReason of an endpoint whose
	// host key was revoked (RevokeHostKey).
	WebhookKeyRevokedReason = "its host key was revoked"
	// WebhookKeyExpiredReason is the DisabledReason of an endpoint whose
	// host key expired (ClaimWebhooks disables it).
	WebhookKeyExpiredReason = "its host key expired"
	// maxWebhookError is the longest reason for a failed attempt kept.
	maxWebhookError = 500
)

// WithWebhookLoopback lets endpoints be registered at loopback and private
// addresses (127.0.0.1, localhost, 10.0.0.0/8, …): for tests and a host's
// own network. Without it such a URL is refused, as one step against
// server-side request forgery; the deliverer's own check at connection
// time is the other (docs/security.md).
func WithWebhookLoopback() Option {
	return func(s *Service) { s.webhookLoopback = true }
}

// NewWebhookSecret makes a signing secret: WebhookSecretPrefix and the
// base64 of 32 random bytes.
func NewWebhookSecret() string {
	key := make([]byte, webhookSecretBytes)
	_, _ = rand.Read(key) // never fails (crypto/rand)
	return WebhookSecretPrefix + base64.StdEncoding.EncodeToString(key)
}

// webhookKind is how an event kind is written: the specification's
// full-stop delimited identifiers.
var webhookKind = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// checkWebhookSpec checks what registering an endpoint takes, every field
// named in its error, and returns it cleaned.
func (s *Service) checkWebhookSpec(spec WebhookEndpointSpec) (WebhookEndpointSpec, error) {
	var v validation
	spec.URL = strings.TrimSpace(spec.URL)
	v.add("url", checkWebhookURL(spec.URL, s.webhookLoopback))
	desc, err := cleanText(spec.Description, maxWebhookDescription)
	v.add("description", err)
	spec.Description = desc
	v.check(len(spec.CentreIDs) <= maxWebhookScope, "centre_ids", FieldTooMany, params("max", strconv.Itoa(maxWebhookScope)),
		fmt.Sprintf("name at most %d centres, or none for every centre", maxWebhookScope))
	v.check(len(spec.Kinds) <= maxWebhookScope, "kinds", FieldTooMany, params("max", strconv.Itoa(maxWebhookScope)),
		fmt.Sprintf("name at most %d kinds, or none for every kind", maxWebhookScope))
	v.check(len(spec.CentreNumbers) <= maxWebhookScope, "centre_numbers", FieldTooMany, params("max", strconv.Itoa(maxWebhookScope)),
		fmt.Sprintf("name at most %d centres, or none for every centre", maxWebhookScope))
	v.check(len(spec.CentreIDs) == 0 || len(spec.CentreNumbers) == 0, "centre_numbers", FieldNotAllowed, nil,
		"name the centres by number or by id, not both")
	seen := map[string]bool{}
	for _, id := range spec.CentreIDs {
		v.check(!seen[id], "centre_ids", FieldDuplicate, params("value", id), "a centre named twice")
		v.check(id != "" && len(id) <= 26 && !strings.ContainsAny(id, ", "), "centre_ids", FieldInvalidFormat, params("value", id), "a centre's id")
		seen[id] = true
	}
	numbers := make([]CentreNumber, 0, len(spec.CentreNumbers))
	for _, raw := range spec.CentreNumbers {
		n, err := ParseCentreNumber(string(raw))
		if err != nil {
			v.check(false, "centre_numbers", FieldInvalidFormat, params("value", string(raw), "example", "12345"),
				"a centre number is five digits (12345) or two letters and three digits (GB123)")
			continue
		}
		v.check(!seen["number "+string(n)], "centre_numbers", FieldDuplicate, params("value", string(n)), "a centre named twice")
		seen["number "+string(n)] = true
		numbers = append(numbers, n)
	}
	for _, k := range spec.Kinds {
		v.check(!seen["kind "+string(k)], "kinds", FieldDuplicate, params("value", string(k)), "a kind named twice")
		v.check(len(k) <= 64 && webhookKind.MatchString(string(k)), "kinds", FieldInvalidFormat, params("value", string(k), "example", string(EventCertificateIssued)),
			"an event kind is written like certificate.issued")
		seen["kind "+string(k)] = true
	}
	spec.CentreIDs = slices.Clone(spec.CentreIDs)
	spec.CentreNumbers = numbers
	spec.Kinds = slices.Clone(spec.Kinds)
	return spec, v.err()
}

// checkWebhookURL checks an endpoint's URL: absolute http or https, a host,
// no user name or password (they would sit in logs), no fragment, and,
// unless loopback is allowed, a host that is neither "localhost" nor a
// literal address outside the public internet. A name that resolves to a
// private address is the deliverer's to refuse, when it connects: a name
// may resolve differently tomorrow.
func checkWebhookURL(raw string, loopback bool) error {
	bad := func(msg string) error {
		return invalid("url", FieldInvalidFormat, params("example", "https://mis.example.org/eops/webhooks"), "%s", msg)
	}
	if raw == "" {
		return invalid("url", FieldRequired, nil, "give the URL the webhooks go to")
	}
	if len(raw) > maxWebhookURL {
		return invalid("url", FieldTooLong, params("max", strconv.Itoa(maxWebhookURL)), "a URL has at most %d characters", maxWebhookURL)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return bad("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("a webhook URL begins https:// (or http://)")
	case u.Hostname() == "":
		return bad("a webhook URL names a host")
	case u.User != nil:
		return bad("a webhook URL carries no user name or password: the signature proves the sender")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return bad("a webhook URL has no #fragment")
	}
	if loopback {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return invalid("url", FieldNotAllowed, nil, "webhooks go to hosts on the internet, not this machine")
	}
	if addr, err := netip.ParseAddr(host); err == nil && !PublicAddress(addr) {
		return invalid("url", FieldNotAllowed, nil, "webhooks go to public addresses, not loopback, private or link-local ones")
	}
	if ip := net.ParseIP(host); ip == nil && strings.Trim(host, "0123456789.") == "" {
		// 127.1 or 2130706433: a number some resolvers take for an address.
		return bad("write an address in full, or a host name")
	}
	return nil
}

// PublicAddress reports whether a webhook may go to addr: not loopback,
// private (RFC 1918, unique local), link-local (cloud metadata services
// live there), carrier-grade NAT, multicast, unspecified, or another
// special-purpose range.
func PublicAddress(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range specialRanges {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// specialRanges are special-purpose ranges the netip predicates leave out.
var specialRanges = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64, which can reach IPv4 private ranges
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2002::/16"),       // 6to4, which embeds any IPv4 address
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// webhookScope returns the ids of the centres a spec (checked by
// checkWebhookSpec) names, by id or by number. It refuses a centre the
// store does not hold, or, for an endpoint of a host key (key not nil), a
// centre the key does not reach, in the same words, so that a key learns
// nothing of the centres beyond it; a number is checked against the key's
// scope, which names numbers, before any centre is read. A key for named
// centres names the endpoint's centres: an endpoint for every centre would
// take events the key does not reach.
func (c *call) webhookScope(spec WebhookEndpointSpec, key *HostKey) ([]string, error) {
	if key != nil && !key.AllCentres && len(spec.CentreIDs) == 0 && len(spec.CentreNumbers) == 0 {
		return nil, invalid("centre_numbers", FieldRequired, nil,
			"a host key for named centres registers endpoints for named centres: give their numbers")
	}
	if len(spec.CentreNumbers) == 0 {
		return spec.CentreIDs, c.checkWebhookCentres(spec.CentreIDs, key)
	}
	ids := make([]string, 0, len(spec.CentreNumbers))
	for _, n := range spec.CentreNumbers {
		if key != nil && !key.Reaches(n) {
			return nil, invalid("centre_numbers", FieldNotInList, params("value", string(n)), "no centre has the number %s", n)
		}
		ct, err := c.tx.CentreByNumber(c.ctx, n)
		if errors.Is(err, ErrNotFound) {
			return nil, invalid("centre_numbers", FieldNotInList, params("value", string(n)), "no centre has the number %s", n)
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, ct.ID)
	}
	return ids, nil
}

// checkWebhookCentres refuses a scope naming, by id, a centre the store
// does not hold, or a centre key (if not nil) does not reach, in the same
// words.
func (c *call) checkWebhookCentres(ids []string, key *HostKey) error {
	for _, id := range ids {
		ct, err := c.tx.Centre(c.ctx, id)
		if errors.Is(err, ErrNotFound) || (err == nil && key != nil && !key.Reaches(ct.Number)) {
			return invalid("centre_ids", FieldNotInList, params("value", id), "no centre has the id %s", id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// withCentreNumbers fills each endpoint's CentreNumbers from its
// CentreIDs, reading each centre once.
func withCentreNumbers(ctx context.Context, tx Tx, ws []*WebhookEndpoint) error {
	numbers := map[string]CentreNumber{}
	for _, w := range ws {
		w.CentreNumbers = nil
		for _, id := range w.CentreIDs {
			n, ok := numbers[id]
			if !ok {
				ct, err := tx.Centre(ctx, id)
				if err != nil {
					return err
				}
				n, numbers[id] = ct.Number, ct.Number
			}
			w.CentreNumbers = append(w.CentreNumbers, n)
		}
	}
	return nil
}

// webhookManager decides whether the actor may manage webhooks, and
// through which host key; the rule "a host key manages only its own
// webhook endpoints" (docs/webhooks.md). The operator may manage every
// endpoint, and so may a host's system job (SystemActor), which runs with
// the host's trust and no person behind it: for both it returns nil. An
// actor with a host key (Actor.HostKeyID) never manages as the operator,
// an operator key's included (its endpoints are its own, like any key's):
// the key must be in force (else ErrUnauthenticated), and the person the
// call names must hold an approved registration, in any role and year, at
// a centre the key reaches (else ErrNotFound, as for every person outside
// a key's reach). No role is asked of them: an endpoint delivers to the
// host, whose key reaches everything at those centres already, so the
// person's rights would not bound what it receives; the person is who
// asked, named in the audit trail beside the key. It returns the key,
// whose endpoints alone the actor then sees and changes (ownEndpoint).
func (c *call) webhookManager() (*HostKey, error) {
	if c.actor.System != "" {
		return nil, nil
	}
	if c.actor.HostKeyID == "" {
		return nil, authorize(actManageWebhooks, standing{operator: c.actor.Operator}, subject{})
	}
	key, err := c.tx.HostKey(c.ctx, c.actor.HostKeyID)
	if errors.Is(err, ErrNotFound) || (err == nil && !key.InForce(c.now)) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, err
	}
	if c.person.ID == "" {
		return nil, ErrNotFound
	}
	regs, err := c.tx.RegistrationsByPerson(c.ctx, c.person.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range regs {
		if !r.Approved() {
			continue
		}
		ct, err := c.tx.Centre(c.ctx, r.CentreID)
		if err != nil {
			return nil, err
		}
		if key.Reaches(ct.Number) {
			return &key, nil
		}
	}
	return nil, ErrNotFound
}

// ownEndpoint refuses, as not found, an endpoint that is not key's: one
// registered through another key, or by the operator or a system job. A
// nil key (the operator, a system job) owns every endpoint.
func ownEndpoint(key *HostKey, w WebhookEndpoint) error {
	if key != nil && w.HostKeyID != key.ID {
		return ErrNotFound
	}
	return nil
}

// webhookView runs a query on webhooks for actor, handing fn the key the
// actor manages through (nil for the operator or a system job): a system
// job may make it, as it may the commands (systemActions), where view
// refuses a system job every read.
func (s *Service) webhookView(ctx context.Context, actor Actor, fn func(tx Tx, key *HostKey) error) error {
	if actor.System != "" {
		actor, err := checkActor(actor)
		if err != nil {
			return err
		}
		if err := systemMay(actor, actManageWebhooks); err != nil {
			return err
		}
		return outward(s.storeView(ctx, func(tx Tx) error { return fn(tx, nil) }))
	}
	return s.view(ctx, actor, func(c *call) error {
		key, err := c.webhookManager()
		if err != nil {
			return err
		}
		return fn(c.tx, key)
	})
}

// RegisterWebhookEndpoint registers an endpoint and returns it with its
// signing secret, which is shown this once: the receiver keeps it to check
// signatures, and nobody can read it back (RotateWebhookSecret makes a new
// one). Every event appended from the commit on is delivered to it if it
// matches the scope and kinds. The operator or a host's system job may
// register endpoints, and so may an actor with a host key
// (Actor.HostKeyID), for centres the key reaches: the endpoint is then the
// key's (HostKeyID), and only that key's calls see and change it.
func (s *Service) RegisterWebhookEndpoint(ctx context.Context, actor Actor, spec WebhookEndpointSpec) (_ WebhookEndpoint, secret string, err error) {
	defer s.observe(&ctx, "RegisterWebhookEndpoint").done(&err)
	spec, err = s.checkWebhookSpec(spec)
	if err != nil {
		return WebhookEndpoint{}, "", err
	}
	var w WebhookEndpoint
	secret = NewWebhookSecret()
	err = s.update(ctx, actor, actManageWebhooks, func(c *call) error {
		key, err := c.webhookManager()
		if err != nil {
			return err
		}
		ids, err := c.webhookScope(spec, key)
		if err != nil {
			return err
		}
		w = WebhookEndpoint{
			ID: c.newID(), URL: spec.URL, Description: spec.Description, CentreIDs: ids, Kinds: spec.Kinds,
			CreatedAt: c.now, Version: 1,
		}
		if key != nil {
			w.HostKeyID = key.ID
		}
		if err := c.tx.CreateWebhookEndpoint(c.ctx, w, secret); err != nil {
			return err
		}
		if err := withCentreNumbers(c.ctx, c.tx, []*WebhookEndpoint{&w}); err != nil {
			return err
		}
		return c.audit("webhook.register", "webhook/"+w.ID, "", "registered a webhook endpoint at "+w.URL)
	})
	if err != nil {
		return WebhookEndpoint{}, "", err
	}
	return w, secret, nil
}

// WebhookEndpoints lists every endpoint, in ID order, for the operator or a
// system job; for an actor with a host key, the key's own endpoints. Secrets
// are not shown.
func (s *Service) WebhookEndpoints(ctx context.Context, actor Actor) (_ []WebhookEndpoint, err error) {
	defer s.observe(&ctx, "WebhookEndpoints").done(&err)
	var out []WebhookEndpoint
	err = s.webhookView(ctx, actor, func(tx Tx, key *HostKey) error {
		all, err := tx.WebhookEndpoints(ctx)
		if err != nil {
			return err
		}
		out = slices.DeleteFunc(all, func(w WebhookEndpoint) bool { return ownEndpoint(key, w) != nil })
		ws := make([]*WebhookEndpoint, len(out))
		for i := range out {
			ws[i] = &out[i]
		}
		return withCentreNumbers(ctx, tx, ws)
	})
	return out, err
}

// changeWebhook runs change on endpoint id in one transaction, writes it
// back one version on with secret (if not ""), and audits it. change gets
// the key the actor manages through (nil for the operator or a job).
func (s *Service) changeWebhook(ctx context.Context, actor Actor, id, action, summary, secret string, change func(c *call, key *HostKey, w *WebhookEndpoint) error) (WebhookEndpoint, error) {
	var w WebhookEndpoint
	err := s.update(ctx, actor, actManageWebhooks, func(c *call) error {
		key, err := c.webhookManager()
		if err != nil {
			return err
		}
		w, err = c.tx.WebhookEndpoint(c.ctx, id)
		if err != nil {
			return err
		}
		if err := ownEndpoint(key, w); err != nil {
			return err
		}
		if err := change(c, key, &w); err != nil {
			return err
		}
		w.Version++
		w.CentreNumbers = nil // the store's to ignore; filled below
		if err := c.tx.UpdateWebhookEndpoint(c.ctx, w, secret); err != nil {
			return err
		}
		if err := withCentreNumbers(c.ctx, c.tx, []*WebhookEndpoint{&w}); err != nil {
			return err
		}
		return c.audit(action, "webhook/"+w.ID, "", summary)
	})
	return w, err
}

// UpdateWebhookEndpoint replaces an endpoint's URL, description, scope and
// kinds, for deliveries made from then on (and due ones: they go to the
// new URL). version is the endpoint's Version as the caller read it; a
// stale one is ErrConflict. Through a host key, the new scope is checked
// as at registration.
func (s *Service) UpdateWebhookEndpoint(ctx context.Context, actor Actor, id string, version int, spec WebhookEndpointSpec) (_ WebhookEndpoint, err error) {
	defer s.observe(&ctx, "UpdateWebhookEndpoint").done(&err)
	spec, err = s.checkWebhookSpec(spec)
	if err != nil {
		return WebhookEndpoint{}, err
	}
	return s.changeWebhook(ctx, actor, id, "webhook.update", "changed the webhook endpoint at "+spec.URL, "", func(c *call, key *HostKey, w *WebhookEndpoint) error {
		if w.Version != version {
			return conflict(ReasonStale, nil, "the endpoint changed since it was read: read it again")
		}
		ids, err := c.webhookScope(spec, key)
		if err != nil {
			return err
		}
		w.URL, w.Description, w.CentreIDs, w.Kinds = spec.URL, spec.Description, ids, spec.Kinds
		return nil
	})
}

// DisableWebhookEndpoint stops (disabled true) or restarts deliveries to an
// endpoint. While it is disabled, events make no deliveries for it and its
// due deliveries wait; enabled again, they are sent.
func (s *Service) DisableWebhookEndpoint(ctx context.Context, actor Actor, id string, disabled bool) (_ WebhookEndpoint, err error) {
	defer s.observe(&ctx, "DisableWebhookEndpoint").done(&err)
	action, summary := "webhook.enable", "enabled a webhook endpoint"
	if disabled {
		action, summary = "webhook.disable", "disabled a webhook endpoint"
	}
	return s.changeWebhook(ctx, actor, id, action, summary, "", func(_ *call, _ *HostKey, w *WebhookEndpoint) error {
		w.Disabled, w.DisabledReason = disabled, ""
		return nil
	})
}

// RotateWebhookSecret gives an endpoint a new signing secret, returned this
// once, and forgets the old: every attempt from the commit on is signed
// with the new one.
func (s *Service) RotateWebhookSecret(ctx context.Context, actor Actor, id string) (secret string, err error) {
	defer s.observe(&ctx, "RotateWebhookSecret").done(&err)
	secret = NewWebhookSecret()
	if _, err := s.changeWebhook(ctx, actor, id, "webhook.rotate", "rotated a webhook endpoint's secret", secret,
		func(*call, *HostKey, *WebhookEndpoint) error { return nil }); err != nil {
		return "", err
	}
	return secret, nil
}

// DeleteWebhookEndpoint removes an endpoint and every delivery to it, due,
// delivered or dead.
func (s *Service) DeleteWebhookEndpoint(ctx context.Context, actor Actor, id string) (err error) {
	defer s.observe(&ctx, "DeleteWebhookEndpoint").done(&err)
	return s.update(ctx, actor, actManageWebhooks, func(c *call) error {
		key, err := c.webhookManager()
		if err != nil {
			return err
		}
		w, err := c.tx.WebhookEndpoint(c.ctx, id)
		if err != nil {
			return err
		}
		if err := ownEndpoint(key, w); err != nil {
			return err
		}
		if err := c.tx.DeleteWebhookEndpoint(c.ctx, id); err != nil {
			return err
		}
		return c.audit("webhook.delete", "webhook/"+id, "", "deleted the webhook endpoint at "+w.URL)
	})
}

// WebhookDeliveries lists deliveries as q selects, in ID order: with State
// WebhookDead, the dead-letter list. An actor with a host key lists those of
// one of the key's endpoints at a time (q.EndpointID, required).
func (s *Service) WebhookDeliveries(ctx context.Context, actor Actor, q WebhookDeliveryQuery) (_ []WebhookDelivery, err error) {
	defer s.observe(&ctx, "WebhookDeliveries").done(&err)
	var v validation
	v.check(q.State == "" || q.State == WebhookDue || q.State == WebhookDelivered || q.State == WebhookDead, "state", FieldNotInList,
		params("value", string(q.State)), "a state is due, delivered or dead")
	if err := v.err(); err != nil {
		return nil, err
	}
	size, err := pageSize(q.Limit)
	if err != nil {
		return nil, err
	}
	q.Limit = size
	var out []WebhookDelivery
	err = s.webhookView(ctx, actor, func(tx Tx, key *HostKey) error {
		if key != nil {
			if q.EndpointID == "" {
				return invalid("endpoint_id", FieldRequired, nil, "a host key lists the deliveries of one of its endpoints at a time: name it")
			}
			w, err := tx.WebhookEndpoint(ctx, q.EndpointID)
			if err != nil {
				return err
			}
			if err := ownEndpoint(key, w); err != nil {
				return err
			}
		}
		var err error
		out, err = tx.WebhookDeliveries(ctx, q)
		return err
	})
	return out, err
}

// RedeliverWebhook makes a delivery due now, with its attempts counted
// afresh, whatever its state: a dead one comes out of the dead-letter
// list, and a delivered one is sent again (with the same webhook-id, so a
// receiver that keeps ids drops it). Through a host key, only a delivery
// to one of the key's endpoints.
func (s *Service) RedeliverWebhook(ctx context.Context, actor Actor, deliveryID int64) (_ WebhookDelivery, err error) {
	defer s.observe(&ctx, "RedeliverWebhook").done(&err)
	var d WebhookDelivery
	err = s.update(ctx, actor, actManageWebhooks, func(c *call) error {
		key, err := c.webhookManager()
		if err != nil {
			return err
		}
		if key != nil {
			d, err := c.tx.WebhookDelivery(c.ctx, deliveryID)
			if err != nil {
				return err
			}
			w, err := c.tx.WebhookEndpoint(c.ctx, d.EndpointID)
			if err != nil {
				return err
			}
			if err := ownEndpoint(key, w); err != nil {
				return err
			}
		}
		if err := c.tx.RedeliverWebhook(c.ctx, deliveryID, c.now); err != nil {
			return err
		}
		d, err = c.tx.WebhookDelivery(c.ctx, deliveryID)
		if err != nil {
			return err
		}
		return c.audit("webhook.redeliver", fmt.Sprintf("webhook/%s/delivery/%d", d.EndpointID, d.ID), "",
			fmt.Sprintf("asked for event %s to be delivered again", d.EventID))
	})
	return d, err
}

// ClaimWebhooks claims for deliverer at most limit (0 for MaxPage) due
// deliveries to enabled endpoints, oldest due first, and leases them to it
// for lease from now, as ClaimEvents does the outbox: while the lease
// lasts no other claim returns them; a delivery not reported by then is
// claimed again, and counts the lost attempt. The deliverer sends each and
// reports it with FinishWebhook.
func (s *Service) ClaimWebhooks(ctx context.Context, deliverer string, lease time.Duration, limit int) (_ []WebhookSend, err error) {
	defer s.observe(&ctx, "ClaimWebhooks").done(&err)
	var v validation
	v.check(deliverer != "", "deliverer", FieldRequired, nil, "name the deliverer")
	v.check(len(deliverer) <= MaxDeliverer, "deliverer", FieldTooLong, params("max", strconv.Itoa(MaxDeliverer)), fmt.Sprintf("use at most %d bytes", MaxDeliverer))
	v.check(lease > 0, "lease", FieldTooSmall, params("min", "0"), "a lease must last longer than zero")
	if err := v.err(); err != nil {
		return nil, err
	}
	size, err := pageSize(limit)
	if err != nil {
		return nil, err
	}
	if err := s.disableEndpointsOfLapsedKeys(ctx); err != nil {
		return nil, err
	}
	var out []WebhookSend
	err = s.retrying(ctx, func() (err error) {
		now := s.clock()
		out, err = s.store.ClaimWebhooks(ctx, deliverer, now, now.Add(lease), size)
		return err
	})
	return out, err
}

// FinishWebhook records deliverer's attempt a. A report for an attempt that
// is no longer the delivery's current one under deliverer's claim (its
// lease ended and another claimed it, or it was redelivered) changes
// nothing, but WebhookOK, which marks any due delivery delivered: it was.
func (s *Service) FinishWebhook(ctx context.Context, deliverer string, a WebhookAttempt) (err error) {
	defer s.observe(&ctx, "FinishWebhook").done(&err)
	var v validation
	v.check(deliverer != "", "deliverer", FieldRequired, nil, "name the deliverer")
	v.check(a.Outcome == WebhookOK || a.Outcome == WebhookRetry || a.Outcome == WebhookGiveUp || a.Outcome == WebhookGone,
		"outcome", FieldNotInList, params("value", string(a.Outcome)), "ok, retry, give_up or gone")
	v.check(a.Outcome != WebhookRetry || !a.RetryAt.IsZero(), "retry_at", FieldRequired, nil, "say when to try again")
	v.check(a.Attempt > 0, "attempt", FieldTooSmall, params("min", "0"), "the attempt's number, from 1")
	if err := v.err(); err != nil {
		return err
	}
	if a.At.IsZero() {
		a.At = s.clock()
	}
	a.At = a.At.UTC().Truncate(time.Microsecond)
	a.RetryAt = a.RetryAt.UTC().Truncate(time.Microsecond)
	if len(a.Error) > maxWebhookError {
		a.Error = strings.ToValidUTF8(a.Error[:maxWebhookError], "")
	}
	return s.retrying(ctx, func() error { return s.store.FinishWebhook(ctx, deliverer, a) })
}

// ReleaseWebhooks gives back at once every delivery deliverer holds a
// lease on and has not reported, due now and with the claim's attempt not
// counted, and returns how many: what a stopping deliverer does, as
// ReleaseEvents.
func (s *Service) ReleaseWebhooks(ctx context.Context, deliverer string) (_ int, err error) {
	defer s.observe(&ctx, "ReleaseWebhooks").done(&err)
	if deliverer == "" {
		return 0, invalid("deliverer", FieldRequired, nil, "name the deliverer")
	}
	var n int
	err = s.retrying(ctx, func() (err error) {
		n, err = s.store.ReleaseWebhooks(ctx, deliverer, s.clock())
		return err
	})
	return n, err
}

// WebhookQueue is the Store's part of webhooks that runs outside Update, in
// transactions of its own, as the outbox's claims do (Store.ClaimEvents).
type WebhookQueue interface {
	// ClaimWebhooks claims at most limit due deliveries (DueAt at or before
	// now) of enabled endpoints, oldest DueAt first, for deliverer: each
	// gets DueAt until, one more attempt, and deliverer as its holder.
	// Two claims at once never return one delivery to both.
	ClaimWebhooks(ctx context.Context, deliverer string, now, until time.Time, limit int) ([]WebhookSend, error)
	// FinishWebhook records an attempt (Service.FinishWebhook): WebhookOK
	// makes a due delivery delivered at a.At; the others apply only where
	// deliverer holds the delivery at attempt a.Attempt: WebhookRetry
	// makes it due at a.RetryAt, WebhookGiveUp dead, WebhookGone dead and
	// its endpoint disabled (one version on). Each records the attempt's
	// time, status and error, and ends the hold.
	FinishWebhook(ctx context.Context, deliverer string, a WebhookAttempt) error
	// ReleaseWebhooks makes every due delivery deliverer holds due at now,
	// one attempt fewer, held by nobody, and returns how many.
	ReleaseWebhooks(ctx context.Context, deliverer string, now time.Time) (int, error)
}

// disableEndpointsOfLapsedKeys disables the endpoints whose host key is no
// longer in force, as RevokeHostKey does when the key is revoked: a key
// that merely expired would otherwise go on hearing its centres' events,
// though it may no longer call the API to stop them. Their deliveries wait,
// as a disabled endpoint's do, and the operator may enable the endpoint
// again. It runs before a claim, and first reads only: nothing is written
// while every key with an enabled endpoint is in force.
func (s *Service) disableEndpointsOfLapsedKeys(ctx context.Context) error {
	lapsed := func(tx Tx, now time.Time) ([]WebhookEndpoint, error) {
		endpoints, err := tx.WebhookEndpoints(ctx)
		if err != nil {
			return nil, err
		}
		keys := map[string]HostKey{}
		var out []WebhookEndpoint
		for _, w := range endpoints {
			if w.HostKeyID == "" || w.Disabled {
				continue
			}
			k, ok := keys[w.HostKeyID]
			if !ok {
				if k, err = tx.HostKey(ctx, w.HostKeyID); err != nil {
					return nil, err
				}
				keys[w.HostKeyID] = k
			}
			if !k.InForce(now) {
				out = append(out, w)
			}
		}
		return out, nil
	}
	var found []WebhookEndpoint
	if err := s.store.View(ctx, func(tx Tx) (err error) {
		found, err = lapsed(tx, s.clock())
		return err
	}); err != nil || len(found) == 0 {
		return err
	}
	return s.update(ctx, SystemActor("webhooks"), actManageWebhooks, func(c *call) error {
		found, err := lapsed(c.tx, c.now)
		if err != nil {
			return err
		}
		for _, w := range found {
			w.Disabled, w.DisabledReason, w.Version = true, WebhookKeyExpiredReason, w.Version+1
			if err := c.tx.UpdateWebhookEndpoint(c.ctx, w, ""); err != nil {
				return err
			}
			if err := c.audit("webhook.disable", "webhook/"+w.ID, "", "disabled the webhook endpoint at "+w.URL+": "+WebhookKeyExpiredReason); err != nil {
				return err
			}
		}
		return nil
	})
}
