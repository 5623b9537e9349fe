package standards_test

import (
	"context"
	"encoding/base64"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// hookSpec is an endpoint every centre's events go to.
var hookSpec = standards.WebhookEndpointSpec{URL: "https://mis.example.org/eops/webhooks", Description: "The MIS"}

// hook registers an endpoint as the operator and returns it.
func (f *fixture) hook(t testing.TB) standards.WebhookEndpoint {
	t.Helper()
	w, _, err := f.svc.RegisterWebhookEndpoint(t.Context(), operatorActor, hookSpec)
	require.NoError(t, err)
	return w
}

// firstHook is the first endpoint registered, read as the operator.
func (f *fixture) firstHook(ctx context.Context) string {
	ws, err := f.svc.WebhookEndpoints(ctx, operatorActor)
	if err != nil || len(ws) == 0 {
		return "missing"
	}
	return ws[0].ID
}

// appendEvent appends an event to the outbox as a command would.
func (f *fixture) appendEvent(t testing.TB, id string, centreID string, kind standards.EventKind) {
	t.Helper()
	require.NoError(t, f.store.Update(t.Context(), func(tx standards.Tx) error {
		_, err := tx.AppendEvent(t.Context(), standards.Event{ID: id, At: f.clock.t, Kind: kind, To: []string{"eo@riverside.sch.uk"}, CentreID: centreID, Subject: "record/x", Summary: "s"})
		return err
	}))
}

// webhookRows are the webhook commands and queries in the authorisation
// matrix: the operator's, and a system job's (SystemActor), and nobody
// else's.
var webhookRows = []authzRow{
	{method: "RegisterWebhookEndpoint", want: "F  F  F  F  F  F  A  F  U  A", write: true,
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			_, _, err := f.svc.RegisterWebhookEndpoint(ctx, a, hookSpec)
			return err
		}},
	{method: "WebhookEndpoints", want: "F  F  F  F  F  F  A  F  U  A", prepare: func(t *testing.T, f *fixture) { f.hook(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.WebhookEndpoints(ctx, a))
		}},
	{method: "UpdateWebhookEndpoint", want: "F  F  F  F  F  F  A  F  U  A", write: true, prepare: func(t *testing.T, f *fixture) { f.hook(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.UpdateWebhookEndpoint(ctx, a, f.firstHook(ctx), 1, standards.WebhookEndpointSpec{URL: "https://other.example/"}))
		}},
	{method: "DisableWebhookEndpoint", want: "F  F  F  F  F  F  A  F  U  A", write: true, prepare: func(t *testing.T, f *fixture) { f.hook(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.DisableWebhookEndpoint(ctx, a, f.firstHook(ctx), true))
		}},
	{method: "RotateWebhookSecret", want: "F  F  F  F  F  F  A  F  U  A", write: true, prepare: func(t *testing.T, f *fixture) { f.hook(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RotateWebhookSecret(ctx, a, f.firstHook(ctx)))
		}},
	{method: "DeleteWebhookEndpoint", want: "F  F  F  F  F  F  A  F  U  A", write: true, prepare: func(t *testing.T, f *fixture) { f.hook(t) },
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return f.svc.DeleteWebhookEndpoint(ctx, a, f.firstHook(ctx))
		}},
	{method: "WebhookDeliveries", want: "F  F  F  F  F  F  A  F  U  A",
		prepare: func(t *testing.T, f *fixture) {
			f.hook(t)
			f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.WebhookDeliveries(ctx, a, standards.WebhookDeliveryQuery{State: standards.WebhookDue}))
		}},
	{method: "RedeliverWebhook", want: "F  F  F  F  F  F  A  F  U  A", write: true,
		prepare: func(t *testing.T, f *fixture) {
			f.hook(t)
			f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
		},
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			ds, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{})
			if err != nil || len(ds) != 1 {
				return err
			}
			return ignore(f.svc.RedeliverWebhook(ctx, a, ds[0].ID))
		}},
}

func TestRegisterWebhookEndpointShowsTheSecretOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	w, secret, err := f.svc.RegisterWebhookEndpoint(ctx, operatorActor, standards.WebhookEndpointSpec{
		URL: " https://mis.example.org/hooks ", Description: "MIS", CentreIDs: []string{f.centre.ID}, Kinds: []standards.EventKind{standards.EventCertificateIssued},
	})
	require.NoError(t, err)
	assert.Equal(t, "https://mis.example.org/hooks", w.URL)
	assert.Equal(t, 1, w.Version)
	require.True(t, strings.HasPrefix(secret, "whsec_"), secret)
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	require.NoError(t, err)
	assert.Len(t, key, 32, "the specification asks for 24 to 64 random bytes")

	list, err := f.svc.WebhookEndpoints(ctx, operatorActor)
	require.NoError(t, err)
	assert.Equal(t, []standards.WebhookEndpoint{w}, list)

	rotated, err := f.svc.RotateWebhookSecret(ctx, operatorActor, w.ID)
	require.NoError(t, err)
	assert.NotEqual(t, secret, rotated)
	f.appendEvent(t, "ev-1", f.centre.ID, standards.EventCertificateIssued)
	sends, err := f.svc.ClaimWebhooks(ctx, "d", time.Minute, 0)
	require.NoError(t, err)
	require.Len(t, sends, 1)
	assert.Equal(t, rotated, sends[0].Secret, "the deliverer signs with the new secret")
	assert.Equal(t, 2, sends[0].Endpoint.Version)
}

func TestWebhookEndpointBadInputNamesTheField(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, c := range []struct {
		spec  standards.WebhookEndpointSpec
		field string
		code  standards.FieldCode
	}{
		{standards.WebhookEndpointSpec{URL: ""}, "url", standards.FieldRequired},
		{standards.WebhookEndpointSpec{URL: "ftp://mis.example.org/"}, "url", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: "mis.example.org/hooks"}, "url", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: "https://user:pass@mis.example.org/"}, "url", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: "https://mis.example.org/#x"}, "url", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: "https://" + strings.Repeat("a", 2000) + ".org/"}, "url", standards.FieldTooLong},
		{standards.WebhookEndpointSpec{URL: "http://localhost:8080/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://127.0.0.1/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://[::1]/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://10.1.2.3/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://169.254.169.254/latest/meta-data/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://[::ffff:127.0.0.1]/"}, "url", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: "http://2130706433/"}, "url", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, Description: strings.Repeat("d", 201)}, "description", standards.FieldTooLong},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreIDs: []string{"nosuchcentre"}}, "centre_ids", standards.FieldNotInList},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreIDs: []string{f.centre.ID, f.centre.ID}}, "centre_ids", standards.FieldDuplicate},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreNumbers: []standards.CentreNumber{"99999"}}, "centre_numbers", standards.FieldNotInList},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreNumbers: []standards.CentreNumber{"1234"}}, "centre_numbers", standards.FieldInvalidFormat},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreNumbers: []standards.CentreNumber{"gb123", " GB123"}}, "centre_numbers", standards.FieldDuplicate},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, CentreIDs: []string{f.centre.ID}, CentreNumbers: []standards.CentreNumber{"12345"}}, "centre_numbers", standards.FieldNotAllowed},
		{standards.WebhookEndpointSpec{URL: hookSpec.URL, Kinds: []standards.EventKind{"Certificate Issued"}}, "kinds", standards.FieldInvalidFormat},
	} {
		before := f.snapshot(t)
		_, _, err := f.svc.RegisterWebhookEndpoint(t.Context(), operatorActor, c.spec)
		var ve *standards.ValidationError
		if assert.ErrorAs(t, err, &ve, "%+v", c.spec) {
			assert.Equal(t, c.field, ve.Fields[0].Field, "%+v", c.spec)
			assert.Equal(t, c.code, ve.Fields[0].Code, "%+v", c.spec)
		}
		assert.Equal(t, before, f.snapshot(t))
	}
}

func TestWebhookLoopbackOnlyWhenTheHostSaysSo(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	svc := standards.New(memory.New(), standards.WithWebhookLoopback())
	_, _, err := svc.RegisterWebhookEndpoint(ctx, operatorActor, standards.WebhookEndpointSpec{URL: "http://127.0.0.1:9/hooks"})
	assert.NoError(t, err)
}

func TestPublicAddress(t *testing.T) {
	t.Parallel()
	for addr, public := range map[string]bool{
		"93.184.216.34": true, "2606:4700::1111": true,
		"127.0.0.1": false, "::1": false, "10.0.0.1": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "::": false, "fc00::1": false, "fe80::1": false, "224.0.0.1": false,
		"::ffff:10.0.0.1": false, "64:ff9b::a00:1": false, "2002:a00:1::": false, "255.255.255.255": false,
	} {
		assert.Equal(t, public, standards.PublicAddress(netip.MustParseAddr(addr)), addr)
	}
}

func TestUpdateWebhookEndpointStaleVersionConflicts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	w := f.hook(t)
	changed, err := f.svc.UpdateWebhookEndpoint(t.Context(), operatorActor, w.ID, 1, standards.WebhookEndpointSpec{URL: "https://b.example/", Kinds: []standards.EventKind{"meeting.recorded"}})
	require.NoError(t, err)
	assert.Equal(t, 2, changed.Version)
	assert.Equal(t, "https://b.example/", changed.URL)
	_, err = f.svc.UpdateWebhookEndpoint(t.Context(), operatorActor, w.ID, 1, hookSpec)
	assert.ErrorIs(t, err, standards.ErrConflict)
	_, err = f.svc.UpdateWebhookEndpoint(t.Context(), operatorActor, "nosuchendpoint", 1, hookSpec)
	assert.ErrorIs(t, err, standards.ErrNotFound)
}

func TestWebhookHostCallsRefuseBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	var ve *standards.ValidationError
	_, err := f.svc.ClaimWebhooks(ctx, "", time.Minute, 1)
	assert.ErrorAs(t, err, &ve)
	_, err = f.svc.ClaimWebhooks(ctx, "d", 0, 1)
	assert.ErrorAs(t, err, &ve)
	_, err = f.svc.ClaimWebhooks(ctx, "d", time.Minute, standards.MaxPage+1)
	assert.ErrorAs(t, err, &ve)
	assert.ErrorAs(t, f.svc.FinishWebhook(ctx, "d", standards.WebhookAttempt{DeliveryID: 1, Attempt: 1, Outcome: "maybe"}), &ve)
	assert.ErrorAs(t, f.svc.FinishWebhook(ctx, "d", standards.WebhookAttempt{DeliveryID: 1, Attempt: 1, Outcome: standards.WebhookRetry}), &ve)
	assert.Equal(t, "retry_at", ve.Fields[0].Field)
	_, err = f.svc.ReleaseWebhooks(ctx, "")
	assert.ErrorAs(t, err, &ve)
	_, err = f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{State: "lost"})
	assert.ErrorAs(t, err, &ve)
}

// TestWebhookDeliveryLifecycle goes through the Service: an event makes a
// delivery, a failure schedules a retry, giving up puts it in the
// dead-letter list, redelivery takes it out, and a success delivers it.
func TestWebhookDeliveryLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	w := f.hook(t)
	f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
	sends, err := f.svc.ClaimWebhooks(ctx, "d", time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, sends, 1)
	s := sends[0]
	assert.Equal(t, w.ID, s.Endpoint.ID)
	assert.Equal(t, "ev-1", s.Event.ID)
	require.NoError(t, f.svc.FinishWebhook(ctx, "d", standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: 1, Outcome: standards.WebhookRetry,
		RetryAt: f.clock.t.Add(time.Hour), Status: 500, Error: strings.Repeat("é", 400)}))
	due, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{State: standards.WebhookDue})
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.LessOrEqual(t, len(due[0].LastError), 500, "a long reason is cut, and stays UTF-8")
	assert.True(t, strings.HasPrefix(due[0].LastError, "éé"))

	f.clock.t = f.clock.t.Add(time.Hour)
	sends, err = f.svc.ClaimWebhooks(ctx, "d", time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, sends, 1)
	require.NoError(t, f.svc.FinishWebhook(ctx, "d", standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: 2, Outcome: standards.WebhookGiveUp, Status: 500}))
	dead, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{State: standards.WebhookDead})
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Equal(t, 2, dead[0].Attempts)

	again, err := f.svc.RedeliverWebhook(ctx, operatorActor, dead[0].ID)
	require.NoError(t, err)
	assert.Equal(t, standards.WebhookDue, again.State)
	assert.Equal(t, "ev-1", again.EventID)
	sends, err = f.svc.ClaimWebhooks(ctx, "d", time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, sends, 1)
	require.NoError(t, f.svc.FinishWebhook(ctx, "d", standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: 1, Outcome: standards.WebhookOK, Status: 200}))
	done, err := f.svc.WebhookDeliveries(ctx, standards.SystemActor("webhooks"), standards.WebhookDeliveryQuery{EndpointID: w.ID})
	require.NoError(t, err)
	assert.Equal(t, standards.WebhookDelivered, done[0].State)

	_, err = f.svc.RedeliverWebhook(ctx, operatorActor, 424242)
	assert.ErrorIs(t, err, standards.ErrNotFound)
	require.NoError(t, f.svc.DeleteWebhookEndpoint(ctx, operatorActor, w.ID))
	left, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{})
	require.NoError(t, err)
	assert.Empty(t, left)
}

// keyed is actor calling through host key k, as the JSON API makes it.
func keyed(actor standards.Actor, k standards.HostKey) standards.Actor {
	actor.HostKeyID, actor.Via = k.ID, "host key "+k.Name
	return actor
}

// issueKey issues a key for the named centres, or all if none.
func (f *fixture) issueKey(t *testing.T, name string, centres ...string) standards.HostKey {
	t.Helper()
	k, _, err := f.svc.IssueHostKey(t.Context(), operatorActor, standards.HostKeyRequest{Name: name, AllCentres: len(centres) == 0,
		Centres: centres, ExpiresAt: f.clock.now().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	return k
}

// TestAHostKeyManagesOnlyItsOwnWebhookEndpoints: the rule of webhook
// endpoints over a host key (docs/webhooks.md). An endpoint registered
// through a key is the key's; through the key a person sees, changes,
// rotates, disables, deletes, lists the deliveries of and redelivers the
// key's endpoints only, and another key's, or the operator's, are not
// found. The operator still sees and changes them all; Operator set beside
// a key gives the key nothing of the operator's.
func TestAHostKeyManagesOnlyItsOwnWebhookEndpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	mis, other := f.issueKey(t, "Riverside MIS", "12345"), f.issueKey(t, "Riverside portal", "12345")
	theOperators := f.hook(t)
	mine, secret, err := f.svc.RegisterWebhookEndpoint(ctx, keyed(eoActor, mis), standards.WebhookEndpointSpec{
		URL: "https://mis.example.org/hooks", CentreIDs: []string{f.centre.ID}})
	require.NoError(t, err)
	assert.Equal(t, mis.ID, mine.HostKeyID, "the endpoint is the key's")
	assert.True(t, strings.HasPrefix(secret, standards.WebhookSecretPrefix), "the secret is shown once, to the key's host")
	assert.Empty(t, theOperators.HostKeyID)

	listed, err := f.svc.WebhookEndpoints(ctx, keyed(slActor, mis))
	require.NoError(t, err)
	assert.Equal(t, []string{mine.ID}, endpointIDs(listed), "any person through the key sees the key's endpoints, and only them")
	listed, err = f.svc.WebhookEndpoints(ctx, keyed(eoActor, other))
	require.NoError(t, err)
	assert.Empty(t, listed, "another key sees none of them")
	listed, err = f.svc.WebhookEndpoints(ctx, operatorActor)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{mine.ID, theOperators.ID}, endpointIDs(listed), "the operator sees every endpoint")

	f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
	all, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{})
	require.NoError(t, err)
	deliveryTo := map[string]int64{}
	for _, d := range all {
		deliveryTo[d.EndpointID] = d.ID
	}
	require.Len(t, deliveryTo, 2)

	// Through another key, or at the operator's endpoint, nothing is found,
	// and nothing changes.
	before := f.snapshot(t)
	for name, ep := range map[string]string{"another key's": mine.ID, "the operator's": theOperators.ID} {
		through := other
		if ep == theOperators.ID {
			through = mis
		}
		a := keyed(eoActor, through)
		_, err := f.svc.UpdateWebhookEndpoint(ctx, a, ep, 1, standards.WebhookEndpointSpec{URL: "https://evil.example/", CentreIDs: []string{f.centre.ID}})
		assert.ErrorIs(t, err, standards.ErrNotFound, "update %s", name)
		_, err = f.svc.DisableWebhookEndpoint(ctx, a, ep, true)
		assert.ErrorIs(t, err, standards.ErrNotFound, "disable %s", name)
		_, err = f.svc.RotateWebhookSecret(ctx, a, ep)
		assert.ErrorIs(t, err, standards.ErrNotFound, "rotate %s", name)
		assert.ErrorIs(t, f.svc.DeleteWebhookEndpoint(ctx, a, ep), standards.ErrNotFound, "delete %s", name)
		_, err = f.svc.WebhookDeliveries(ctx, a, standards.WebhookDeliveryQuery{EndpointID: ep})
		assert.ErrorIs(t, err, standards.ErrNotFound, "deliveries of %s", name)
		_, err = f.svc.RedeliverWebhook(ctx, a, deliveryTo[ep])
		assert.ErrorIs(t, err, standards.ErrNotFound, "redeliver to %s", name)
	}
	_, err = f.svc.WebhookDeliveries(ctx, keyed(eoActor, mis), standards.WebhookDeliveryQuery{})
	assert.Equal(t, standards.FieldRequired, fieldOf(t, err, "endpoint_id").Code, "a key lists the deliveries of one endpoint of its own")
	asOperator := keyed(operatorActor, mis)
	_, err = f.svc.WebhookEndpoints(ctx, asOperator)
	assert.ErrorIs(t, err, standards.ErrNotFound, "a key never manages webhooks as the operator, whoever it names (an operator key neither)")
	assert.Equal(t, before, f.snapshot(t), "a refused call writes nothing")

	// Through its own key, everything.
	a := keyed(eoActor, mis)
	changed, err := f.svc.UpdateWebhookEndpoint(ctx, a, mine.ID, 1, standards.WebhookEndpointSpec{URL: "https://mis.example.org/v2", CentreIDs: []string{f.centre.ID}})
	require.NoError(t, err)
	assert.Equal(t, mis.ID, changed.HostKeyID, "it stays the key's")
	_, err = f.svc.DisableWebhookEndpoint(ctx, a, mine.ID, true)
	require.NoError(t, err)
	rotated, err := f.svc.RotateWebhookSecret(ctx, a, mine.ID)
	require.NoError(t, err)
	assert.NotEqual(t, secret, rotated)
	ds, err := f.svc.WebhookDeliveries(ctx, a, standards.WebhookDeliveryQuery{EndpointID: mine.ID})
	require.NoError(t, err)
	require.Len(t, ds, 1)
	_, err = f.svc.RedeliverWebhook(ctx, a, ds[0].ID)
	require.NoError(t, err)
	var via []string
	for _, e := range f.snapshot(t).audit {
		if strings.HasPrefix(e.Subject, "webhook/"+mine.ID) {
			via = append(via, e.Actor+" | "+e.Via)
		}
	}
	assert.Contains(t, via, "eo@riverside.sch.uk | host key Riverside MIS", "the audit names the person and the key")
	require.NoError(t, f.svc.DeleteWebhookEndpoint(ctx, a, mine.ID))
	_, err = f.svc.DisableWebhookEndpoint(ctx, operatorActor, theOperators.ID, true)
	assert.NoError(t, err, "the operator's own endpoint is still the operator's")
}

// TestAWebhookEndpointOfAKeyTakesOnlyTheKeysCentres: through a key for
// named centres an endpoint names centres the key reaches (a centre beyond
// it reads as one that does not exist), never every centre; through a key
// for all centres it may take every event. The person named must hold an
// approved registration at a centre the key reaches, and the key must be
// in force.
func TestAWebhookEndpointOfAKeyTakesOnlyTheKeysCentres(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	mis, everywhere := f.issueKey(t, "Riverside MIS", "12345"), f.issueKey(t, "Trust portal")
	register := func(a standards.Actor, centres ...string) error {
		_, _, err := f.svc.RegisterWebhookEndpoint(ctx, a, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks", CentreIDs: centres})
		return err
	}
	registerNumbers := func(a standards.Actor, numbers ...standards.CentreNumber) error {
		_, _, err := f.svc.RegisterWebhookEndpoint(ctx, a, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks", CentreNumbers: numbers})
		return err
	}
	before := f.snapshot(t)
	err := register(keyed(eoActor, mis))
	assert.Equal(t, standards.FieldRequired, fieldOf(t, err, "centre_numbers").Code, "a key for named centres names them")
	beyond := register(keyed(eoActor, mis), f.other.ID)
	assert.Equal(t, standards.FieldNotInList, fieldOf(t, beyond, "centre_ids").Code)
	nobody := register(keyed(eoActor, mis), "01NOSUCHCENTRE00000000000")
	assert.Equal(t, strings.ReplaceAll(beyond.Error(), f.other.ID, "X"), strings.ReplaceAll(nobody.Error(), "01NOSUCHCENTRE00000000000", "X"),
		"a centre beyond the key reads as one nobody has")
	beyondNumber := registerNumbers(keyed(eoActor, mis), "54321")
	assert.Equal(t, standards.FieldNotInList, fieldOf(t, beyondNumber, "centre_numbers").Code, "by number as by id")
	nobodysNumber := registerNumbers(keyed(eoActor, mis), "99999")
	assert.Equal(t, strings.ReplaceAll(beyondNumber.Error(), "54321", "X"), strings.ReplaceAll(nobodysNumber.Error(), "99999", "X"),
		"a number beyond the key reads as one no centre has")
	assert.ErrorIs(t, register(keyed(otherActor, mis), f.centre.ID), standards.ErrNotFound, "a person at no centre the key reaches")
	assert.ErrorIs(t, register(keyed(pendingActor, mis), f.centre.ID), standards.ErrNotFound, "a registration not yet approved")
	assert.ErrorIs(t, register(keyed(standards.Actor{Email: "stranger@example.org"}, mis), f.centre.ID), standards.ErrNotFound)
	assert.Equal(t, before, f.snapshot(t), "a refused call writes nothing")

	require.NoError(t, register(keyed(eoActor, mis), f.centre.ID))
	require.NoError(t, register(keyed(otherActor, everywhere)), "a key for all centres may take every event")
	ws, err := f.svc.WebhookEndpoints(ctx, keyed(eoActor, mis))
	require.NoError(t, err)
	require.Len(t, ws, 1)
	_, err = f.svc.UpdateWebhookEndpoint(ctx, keyed(eoActor, mis), ws[0].ID, 1, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks",
		CentreIDs: []string{f.centre.ID, f.other.ID}})
	assert.Equal(t, standards.FieldNotInList, fieldOf(t, err, "centre_ids").Code, "nor can a change widen it")
	_, err = f.svc.UpdateWebhookEndpoint(ctx, keyed(eoActor, mis), ws[0].ID, 1, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks",
		CentreNumbers: []standards.CentreNumber{"12345", "54321"}})
	assert.Equal(t, standards.FieldNotInList, fieldOf(t, err, "centre_numbers").Code, "by number or by id")

	f.appendEvent(t, "ev-river", f.centre.ID, standards.EventMeetingRecorded)
	f.appendEvent(t, "ev-hill", f.other.ID, standards.EventMeetingRecorded)
	got, err := f.svc.WebhookDeliveries(ctx, keyed(eoActor, mis), standards.WebhookDeliveryQuery{EndpointID: ws[0].ID})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "ev-river", got[0].EventID, "only its centres' events")

	_, err = f.svc.RevokeHostKey(ctx, operatorActor, mis.ID)
	require.NoError(t, err)
	_, err = f.svc.WebhookEndpoints(ctx, keyed(eoActor, mis))
	assert.ErrorIs(t, err, standards.ErrUnauthenticated, "a revoked key manages nothing")
	f.clock.t = f.clock.t.Add(366 * 24 * time.Hour)
	_, err = f.svc.WebhookEndpoints(ctx, keyed(otherActor, everywhere))
	assert.ErrorIs(t, err, standards.ErrUnauthenticated, "nor an expired one")
}

// TestAWebhookEndpointNamesItsCentresByNumberOrByID: a host names an
// endpoint's centres by number, as its host key's scope does (or by id,
// as a Go host may); the Service finds the centres, keeps their ids, and
// every endpoint it returns names them both ways, in the same order. A
// number is read in any case, as ParseCentreNumber reads it.
func TestAWebhookEndpointNamesItsCentresByNumberOrByID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	mis := f.issueKey(t, "Riverside MIS", "12345", "54321")
	a := keyed(eoActor, mis)
	w, _, err := f.svc.RegisterWebhookEndpoint(ctx, a, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks",
		CentreNumbers: []standards.CentreNumber{" 54321", "12345"}})
	require.NoError(t, err)
	assert.Equal(t, []string{f.other.ID, f.centre.ID}, w.CentreIDs)
	assert.Equal(t, []standards.CentreNumber{"54321", "12345"}, w.CentreNumbers)

	ws, err := f.svc.WebhookEndpoints(ctx, a)
	require.NoError(t, err)
	require.Len(t, ws, 1)
	assert.Equal(t, w, ws[0], "listed as registered")

	changed, err := f.svc.UpdateWebhookEndpoint(ctx, a, w.ID, 1, standards.WebhookEndpointSpec{URL: "https://mis.example.org/hooks",
		CentreNumbers: []standards.CentreNumber{"12345"}})
	require.NoError(t, err)
	assert.Equal(t, []string{f.centre.ID}, changed.CentreIDs)
	assert.Equal(t, []standards.CentreNumber{"12345"}, changed.CentreNumbers)
	disabled, err := f.svc.DisableWebhookEndpoint(ctx, a, w.ID, true)
	require.NoError(t, err)
	assert.Equal(t, []standards.CentreNumber{"12345"}, disabled.CentreNumbers)

	byID, _, err := f.svc.RegisterWebhookEndpoint(ctx, operatorActor, standards.WebhookEndpointSpec{URL: "https://mis.example.org/all",
		CentreIDs: []string{f.other.ID}})
	require.NoError(t, err)
	assert.Equal(t, []standards.CentreNumber{"54321"}, byID.CentreNumbers, "named by id, answered by number too")
	every := f.hook(t)
	assert.Empty(t, every.CentreIDs)
	assert.Empty(t, every.CentreNumbers, "no centres named: every centre's events")

	_, err = f.svc.DisableWebhookEndpoint(ctx, a, w.ID, false)
	require.NoError(t, err)
	f.appendEvent(t, "ev-hill", f.other.ID, standards.EventMeetingRecorded)
	f.appendEvent(t, "ev-river", f.centre.ID, standards.EventMeetingRecorded)
	ds, err := f.svc.WebhookDeliveries(ctx, a, standards.WebhookDeliveryQuery{EndpointID: w.ID})
	require.NoError(t, err)
	require.Len(t, ds, 1, "the events of the centre its number names, and no others")
	assert.Equal(t, "ev-river", ds[0].EventID)
}

// TestRevokingAHostKeyDisablesItsWebhookEndpoints: its host hears of
// nothing more, and the operator's endpoints are untouched.
func TestRevokingAHostKeyDisablesItsWebhookEndpoints(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	mis := f.issueKey(t, "Riverside MIS", "12345")
	theOperators := f.hook(t)
	mine, _, err := f.svc.RegisterWebhookEndpoint(ctx, keyed(eoActor, mis), standards.WebhookEndpointSpec{
		URL: "https://mis.example.org/hooks", CentreIDs: []string{f.centre.ID}})
	require.NoError(t, err)
	_, err = f.svc.RevokeHostKey(ctx, operatorActor, mis.ID)
	require.NoError(t, err)
	ws, err := f.svc.WebhookEndpoints(ctx, operatorActor)
	require.NoError(t, err)
	byID := map[string]standards.WebhookEndpoint{}
	for _, w := range ws {
		byID[w.ID] = w
	}
	assert.True(t, byID[mine.ID].Disabled)
	assert.Equal(t, standards.WebhookKeyRevokedReason, byID[mine.ID].DisabledReason)
	assert.Equal(t, 2, byID[mine.ID].Version)
	assert.False(t, byID[theOperators.ID].Disabled)
	f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
	ds, err := f.svc.WebhookDeliveries(ctx, operatorActor, standards.WebhookDeliveryQuery{EndpointID: mine.ID})
	require.NoError(t, err)
	assert.Empty(t, ds, "no delivery for a revoked key's endpoint")
}

// TestAnExpiredHostKeysWebhookEndpointsAreDisabled: a key that merely
// expires hears of nothing more either, as a revoked one does, though it
// can no longer call the API to stop its endpoints: the next claim
// disables them, and their events wait. The operator's are untouched.
func TestAnExpiredHostKeysWebhookEndpointsAreDisabled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	mis := f.issueKey(t, "Riverside MIS", "12345")
	theOperators := f.hook(t)
	mine, _, err := f.svc.RegisterWebhookEndpoint(ctx, keyed(eoActor, mis), standards.WebhookEndpointSpec{
		URL: "https://mis.example.org/hooks", CentreIDs: []string{f.centre.ID}})
	require.NoError(t, err)

	f.appendEvent(t, "ev-1", f.centre.ID, standards.EventMeetingRecorded)
	sends, err := f.svc.ClaimWebhooks(ctx, "d1", time.Minute, 10)
	require.NoError(t, err)
	assert.Len(t, sends, 2, "while the key is in force, both endpoints take the event")
	for _, s := range sends {
		require.NoError(t, f.svc.FinishWebhook(ctx, "d1", standards.WebhookAttempt{DeliveryID: s.DeliveryID, Attempt: s.Attempt, Outcome: standards.WebhookOK}))
	}

	f.clock.t = mis.ExpiresAt.Add(time.Second)
	f.appendEvent(t, "ev-2", f.centre.ID, standards.EventMeetingRecorded)
	sends, err = f.svc.ClaimWebhooks(ctx, "d1", time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, sends, 1, "only the operator's endpoint takes the event")
	assert.Equal(t, theOperators.ID, sends[0].Endpoint.ID)

	ws, err := f.svc.WebhookEndpoints(ctx, operatorActor)
	require.NoError(t, err)
	byID := map[string]standards.WebhookEndpoint{}
	for _, w := range ws {
		byID[w.ID] = w
	}
	assert.True(t, byID[mine.ID].Disabled)
	assert.Equal(t, standards.WebhookKeyExpiredReason, byID[mine.ID].DisabledReason)
	assert.False(t, byID[theOperators.ID].Disabled)
	trail, err := f.svc.PlatformTrail(ctx, operatorActor, 0, 10)
	require.NoError(t, err)
	require.NotEmpty(t, trail)
	assert.Equal(t, "webhook.disable", trail[0].Action)
	assert.Equal(t, "system: webhooks", trail[0].Actor)
}

func endpointIDs(ws []standards.WebhookEndpoint) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}
