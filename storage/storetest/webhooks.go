package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// webhookTests prove that an event appended makes exactly the deliveries
// its matching endpoints should have, in its own transaction, and that the
// delivery queue is claimed, reported, released and redelivered as the
// Store port says.
var webhookTests = []test{
	{"EndpointRoundTrip", testEndpointRoundTrip},
	{"EndpointStaleVersionConflicts", testEndpointStaleVersion},
	{"DeleteTakesItsDeliveries", testDeleteEndpoint},
	{"EventsFanOutByScopeAndKind", testFanOut},
	{"RolledBackEventMakesNoDelivery", testFanOutRolledBack},
	{"ClaimDueOldestFirstWithLease", testClaimWebhooks},
	{"ClaimSkipsDisabledEndpoints", testClaimSkipsDisabled},
	{"FinishRecordsEachOutcome", testFinishWebhook},
	{"StaleReportChangesNothing", testFinishStale},
	{"RedeliverMakesDueAgain", testRedeliver},
	{"ReleaseGivesBackAtOnce", testReleaseWebhooks},
	{"ClaimsAtOnceDoNotOverlap", testWebhookClaimsDoNotOverlap},
}

func endpoint(n int, centres []string, kinds ...standards.EventKind) standards.WebhookEndpoint {
	return standards.WebhookEndpoint{
		ID: id("w", n), URL: fmt.Sprintf("https://receiver%02d.example/hooks?n=%d", n, n), Description: fmt.Sprintf("Endpoint %02d", n),
		CentreIDs: centres, Kinds: kinds, CreatedAt: at(n), Version: 1,
	}
}

func secret(n int) string { return fmt.Sprintf("whsec_secret%02d", n) }

func mustCreateEndpoint(t *testing.T, s standards.Store, w standards.WebhookEndpoint) {
	t.Helper()
	write(t, s, func(tx standards.Tx) {
		require.NoError(t, tx.CreateWebhookEndpoint(t.Context(), w, secret(endpointNumber(w))))
	})
}

func endpointNumber(w standards.WebhookEndpoint) int {
	var n int
	_, _ = fmt.Sscanf(w.ID[1:], "%d", &n)
	return n
}

func deliveries(t *testing.T, s standards.Store, q standards.WebhookDeliveryQuery) []standards.WebhookDelivery {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 1000
	}
	var out []standards.WebhookDelivery
	read(t, s, func(tx standards.Tx) {
		var err error
		out, err = tx.WebhookDeliveries(t.Context(), q)
		require.NoError(t, err)
	})
	return out
}

func deliveryEventIDs(ds []standards.WebhookDelivery) []string {
	return keys(ds, func(d standards.WebhookDelivery) string { return d.EventID })
}

func testEndpointRoundTrip(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	all := endpoint(1, nil)
	some := endpoint(2, []string{centre(1).ID, centre(2).ID}, standards.EventTrustRequested, standards.EventCertificateIssued)
	some.HostKeyID = id("k", 1) // registered through a host key
	mustCreateEndpoint(t, s, some)
	mustCreateEndpoint(t, s, all)
	read(t, s, func(tx standards.Tx) {
		got, err := tx.WebhookEndpoint(ctx, some.ID)
		assertFound(t, some, got, err)
		list, err := tx.WebhookEndpoints(ctx)
		assertFound(t, []standards.WebhookEndpoint{all, some}, list, err, "in id order")
		_, err = tx.WebhookEndpoint(ctx, id("w", 9))
		assert.ErrorIs(t, err, standards.ErrNotFound)
	})
	changed := some
	changed.URL, changed.CentreIDs, changed.Kinds, changed.Disabled, changed.DisabledReason, changed.Version =
		"https://elsewhere.example/", nil, nil, true, "why not", 2
	changed.HostKeyID = id("k", 2)
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.UpdateWebhookEndpoint(ctx, changed, "")) })
	changed.HostKeyID = some.HostKeyID // the key it was registered through stays its owner
	read(t, s, func(tx standards.Tx) {
		got, err := tx.WebhookEndpoint(ctx, some.ID)
		assertFound(t, changed, got, err)
	})
	// The secret travels only with a claim: an event for the endpoint shows
	// which secret it holds.
	changed.Version, changed.Disabled = 3, false
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.UpdateWebhookEndpoint(ctx, changed, "whsec_rotated")) })
	write(t, s, func(tx standards.Tx) { mustAppendEvent(t, tx, event(10, centre(3))) })
	sends, err := s.ClaimWebhooks(ctx, "d", at(20), at(30), 10)
	require.NoError(t, err)
	secrets := map[string]string{}
	for _, x := range sends {
		secrets[x.Endpoint.ID] = x.Secret
	}
	assert.Equal(t, map[string]string{all.ID: secret(1), some.ID: "whsec_rotated"}, secrets)
	assertNotFound(t, s, func(tx standards.Tx) error {
		return tx.UpdateWebhookEndpoint(ctx, endpoint(9, nil), "")
	})
}

func testEndpointStaleVersion(t *testing.T, s standards.Store) {
	seed(t, s)
	w := endpoint(1, nil)
	mustCreateEndpoint(t, s, w)
	w.Version = 3 // the store holds 1, not 2
	assertConflict(t, s, func(tx standards.Tx) error { return tx.UpdateWebhookEndpoint(t.Context(), w, "") })
	read(t, s, func(tx standards.Tx) {
		got, err := tx.WebhookEndpoint(t.Context(), w.ID)
		assert.NoError(t, err)
		assert.Equal(t, 1, got.Version)
	})
}

func testDeleteEndpoint(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	gone, kept := endpoint(1, nil), endpoint(2, nil)
	mustCreateEndpoint(t, s, gone)
	mustCreateEndpoint(t, s, kept)
	appendEvents(t, s, 3)
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.DeleteWebhookEndpoint(ctx, gone.ID)) })
	assert.Empty(t, deliveries(t, s, standards.WebhookDeliveryQuery{EndpointID: gone.ID}))
	assert.Len(t, deliveries(t, s, standards.WebhookDeliveryQuery{}), 3, "the other endpoint's deliveries stay")
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.DeleteWebhookEndpoint(ctx, gone.ID) })
}

// testFanOut: each endpoint gets the events its scope and kinds take, and
// nothing from before it was registered or while it was disabled.
func testFanOut(t *testing.T, s standards.Store) {
	seed(t, s)
	before := event(1, centre(1), person(1))
	write(t, s, func(tx standards.Tx) { mustAppendEvent(t, tx, before) })
	all := endpoint(1, nil)
	centreOne := endpoint(2, []string{centre(1).ID})
	requests := endpoint(3, nil, standards.EventTrustRequested)
	disabled := endpoint(4, nil)
	disabled.Disabled = true
	both := endpoint(5, []string{centre(1).ID, centre(3).ID}, standards.EventRegistrationApproved, standards.EventTrustJoined)
	for _, w := range []standards.WebhookEndpoint{all, centreOne, requests, disabled, both} {
		mustCreateEndpoint(t, s, w)
	}
	approved := event(10, centre(1), person(1))
	request := event(11, centre(2), person(2))
	request.Kind = standards.EventTrustRequested
	platform := event(12, standards.Centre{})
	joinedThree := event(13, centre(3))
	joinedThree.Kind = standards.EventTrustJoined
	write(t, s, func(tx standards.Tx) {
		for _, e := range []standards.Event{approved, request, platform, joinedThree} {
			mustAppendEvent(t, tx, e)
		}
	})
	for _, c := range []struct {
		w    standards.WebhookEndpoint
		want []string
	}{
		{all, []string{approved.ID, request.ID, platform.ID, joinedThree.ID}},
		{centreOne, []string{approved.ID}},
		{requests, []string{request.ID}},
		{disabled, []string{}},
		{both, []string{approved.ID, joinedThree.ID}},
	} {
		got := deliveries(t, s, standards.WebhookDeliveryQuery{EndpointID: c.w.ID})
		assert.Equal(t, c.want, deliveryEventIDs(got), "endpoint %s", c.w.Description)
		for _, d := range got {
			assert.Equal(t, standards.WebhookDue, d.State)
			assert.Zero(t, d.Attempts)
			assert.Equal(t, c.w.ID, d.EndpointID)
			assert.Positive(t, d.EventSeq)
		}
	}
	got := deliveries(t, s, standards.WebhookDeliveryQuery{EndpointID: all.ID})
	assert.True(t, got[0].DueAt.Equal(approved.At), "due when the event happened")
	assert.Equal(t, approved.Kind, got[0].Kind)
	assert.IsIncreasing(t, keys(got, func(d standards.WebhookDelivery) int64 { return d.ID }))
	page := deliveries(t, s, standards.WebhookDeliveryQuery{After: got[0].ID, Limit: 2})
	assert.Len(t, page, 2, "after and limit")
	assert.Greater(t, page[0].ID, got[0].ID)
}

func testFanOutRolledBack(t *testing.T, s standards.Store) {
	seed(t, s)
	mustCreateEndpoint(t, s, endpoint(1, nil))
	err := s.Update(t.Context(), func(tx standards.Tx) error {
		mustAppendEvent(t, tx, event(10, centre(1)))
		return errRolledBack
	})
	require.ErrorIs(t, err, errRolledBack)
	assert.Empty(t, deliveries(t, s, standards.WebhookDeliveryQuery{}))
}

func claimWebhooks(t *testing.T, s standards.Store, deliverer string, minute, lease, limit int) []standards.WebhookSend {
	t.Helper()
	got, err := s.ClaimWebhooks(t.Context(), deliverer, at(minute), at(minute+lease), limit)
	require.NoError(t, err)
	return got
}

func sendEventIDs(xs []standards.WebhookSend) []string {
	return keys(xs, func(x standards.WebhookSend) string { return x.Event.ID })
}

func testClaimWebhooks(t *testing.T, s standards.Store) {
	seed(t, s)
	w := endpoint(1, nil)
	mustCreateEndpoint(t, s, w)
	events := []standards.Event{event(12, centre(1), person(1)), event(10, centre(1), person(2)), event(11, centre(2))}
	write(t, s, func(tx standards.Tx) {
		for i := range events {
			events[i].Seq = mustAppendEvent(t, tx, events[i])
		}
	})
	assert.Empty(t, claimWebhooks(t, s, "a", 9, 5, 10), "none due before its event")
	first := claimWebhooks(t, s, "a", 20, 5, 2)
	assert.Equal(t, []string{events[1].ID, events[2].ID}, sendEventIDs(first), "oldest due first, at most the limit")
	got := first[0]
	assert.Equal(t, 1, got.Attempt)
	assert.Equal(t, secret(1), got.Secret)
	assertSame(t, w, got.Endpoint)
	assertSame(t, events[1], got.Event)
	assert.Equal(t, []string{events[0].ID}, sendEventIDs(claimWebhooks(t, s, "b", 21, 5, 10)), "leased ones are skipped")
	assert.Empty(t, claimWebhooks(t, s, "b", 24, 5, 10))
	again := claimWebhooks(t, s, "b", 25, 5, 10)
	assert.Equal(t, []string{events[1].ID, events[2].ID}, sendEventIDs(again), "claimed again once the lease ends")
	assert.Equal(t, 2, again[0].Attempt, "the lost attempt counts")
	assert.Empty(t, claimWebhooks(t, s, "b", 25, 5, 0), "a limit of zero claims nothing")
}

func testClaimSkipsDisabled(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	w := endpoint(1, nil)
	mustCreateEndpoint(t, s, w)
	appendEvents(t, s, 2)
	w.Disabled, w.Version = true, 2
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.UpdateWebhookEndpoint(ctx, w, "")) })
	assert.Empty(t, claimWebhooks(t, s, "a", 20, 5, 10), "a disabled endpoint's deliveries wait")
	w.Disabled, w.Version = false, 3
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.UpdateWebhookEndpoint(ctx, w, "")) })
	assert.Len(t, claimWebhooks(t, s, "a", 20, 5, 10), 2, "and go once it is enabled")
}

func finish(t *testing.T, s standards.Store, deliverer string, a standards.WebhookAttempt) {
	t.Helper()
	require.NoError(t, s.FinishWebhook(t.Context(), deliverer, a))
}

func delivery(t *testing.T, s standards.Store, id int64) standards.WebhookDelivery {
	t.Helper()
	var d standards.WebhookDelivery
	read(t, s, func(tx standards.Tx) {
		var err error
		d, err = tx.WebhookDelivery(t.Context(), id)
		require.NoError(t, err)
	})
	return d
}

func testFinishWebhook(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	w := endpoint(1, nil)
	mustCreateEndpoint(t, s, w)
	appendEvents(t, s, 4)
	sent := claimWebhooks(t, s, "a", 20, 5, 10)
	require.Len(t, sent, 4)
	ok, retry, giveUp, gone := sent[0], sent[1], sent[2], sent[3]

	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: ok.DeliveryID, Attempt: 1, Outcome: standards.WebhookOK, At: at(21), Status: 204})
	d := delivery(t, s, ok.DeliveryID)
	assert.Equal(t, standards.WebhookDelivered, d.State)
	assert.True(t, d.FinishedAt.Equal(at(21)) && d.LastAttemptAt.Equal(at(21)))
	assert.Equal(t, 204, d.LastStatus)

	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: retry.DeliveryID, Attempt: 1, Outcome: standards.WebhookRetry, At: at(21),
		RetryAt: at(40), Status: 503, Error: "503 Service Unavailable"})
	d = delivery(t, s, retry.DeliveryID)
	assert.Equal(t, standards.WebhookDue, d.State)
	assert.True(t, d.DueAt.Equal(at(40)))
	assert.Equal(t, "503 Service Unavailable", d.LastError)
	assert.Zero(t, d.FinishedAt)

	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: giveUp.DeliveryID, Attempt: 1, Outcome: standards.WebhookGiveUp, At: at(22), Error: "connection refused"})
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: gone.DeliveryID, Attempt: 1, Outcome: standards.WebhookGone, At: at(22), Status: 410})
	dead := deliveries(t, s, standards.WebhookDeliveryQuery{State: standards.WebhookDead})
	assert.Equal(t, []int64{giveUp.DeliveryID, gone.DeliveryID}, keys(dead, func(d standards.WebhookDelivery) int64 { return d.ID }), "the dead-letter list")
	assert.True(t, dead[0].FinishedAt.Equal(at(22)))
	read(t, s, func(tx standards.Tx) {
		got, err := tx.WebhookEndpoint(ctx, w.ID)
		require.NoError(t, err)
		assert.True(t, got.Disabled, "410 Gone disables the endpoint")
		assert.Equal(t, standards.WebhookGoneReason, got.DisabledReason)
		assert.Equal(t, 2, got.Version)
	})

	assert.Empty(t, claimWebhooks(t, s, "a", 45, 5, 10), "the endpoint is disabled now")
	w.Disabled, w.Version = false, 3
	write(t, s, func(tx standards.Tx) { require.NoError(t, tx.UpdateWebhookEndpoint(ctx, w, "")) })
	assert.Empty(t, claimWebhooks(t, s, "a", 39, 5, 10), "not due before the retry")
	back := claimWebhooks(t, s, "a", 40, 5, 10)
	assert.Equal(t, []int64{retry.DeliveryID}, keys(back, func(x standards.WebhookSend) int64 { return x.DeliveryID }))
	assert.Equal(t, 2, back[0].Attempt)
}

// testFinishStale: a failure reported by a deliverer that no longer holds
// the delivery at that attempt is ignored; a success is not.
func testFinishStale(t *testing.T, s standards.Store) {
	seed(t, s)
	mustCreateEndpoint(t, s, endpoint(1, nil))
	appendEvents(t, s, 1)
	first := claimWebhooks(t, s, "a", 20, 5, 10)[0]
	second := claimWebhooks(t, s, "b", 30, 5, 10)[0] // a's lease ended
	require.Equal(t, 2, second.Attempt)
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: first.DeliveryID, Attempt: 1, Outcome: standards.WebhookGiveUp, At: at(31)})
	finish(t, s, "b", standards.WebhookAttempt{DeliveryID: first.DeliveryID, Attempt: 1, Outcome: standards.WebhookGiveUp, At: at(31)})
	d := delivery(t, s, first.DeliveryID)
	assert.Equal(t, standards.WebhookDue, d.State, "neither a's report nor one for an old attempt counts")
	assert.True(t, d.DueAt.Equal(at(35)), "b's lease stands")
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: first.DeliveryID, Attempt: 1, Outcome: standards.WebhookOK, At: at(32), Status: 200})
	assert.Equal(t, standards.WebhookDelivered, delivery(t, s, first.DeliveryID).State, "a success is a success, whoever reports it")
	finish(t, s, "b", standards.WebhookAttempt{DeliveryID: first.DeliveryID, Attempt: 2, Outcome: standards.WebhookRetry, At: at(33), RetryAt: at(50)})
	assert.Equal(t, standards.WebhookDelivered, delivery(t, s, first.DeliveryID).State, "nothing undoes a delivery")
	require.NoError(t, s.FinishWebhook(t.Context(), "b", standards.WebhookAttempt{DeliveryID: 99999, Attempt: 1, Outcome: standards.WebhookOK, At: at(33)}),
		"an unknown delivery is no error")
}

func testRedeliver(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	mustCreateEndpoint(t, s, endpoint(1, nil))
	appendEvents(t, s, 2)
	sent := claimWebhooks(t, s, "a", 20, 5, 10)
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: sent[0].DeliveryID, Attempt: 1, Outcome: standards.WebhookGiveUp, At: at(21)})
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: sent[1].DeliveryID, Attempt: 1, Outcome: standards.WebhookOK, At: at(21)})
	write(t, s, func(tx standards.Tx) {
		require.NoError(t, tx.RedeliverWebhook(ctx, sent[0].DeliveryID, at(30)))
		require.NoError(t, tx.RedeliverWebhook(ctx, sent[1].DeliveryID, at(30)))
	})
	for _, x := range sent {
		d := delivery(t, s, x.DeliveryID)
		assert.Equal(t, standards.WebhookDue, d.State)
		assert.Zero(t, d.Attempts)
		assert.Zero(t, d.FinishedAt)
		assert.True(t, d.DueAt.Equal(at(30)))
	}
	again := claimWebhooks(t, s, "b", 30, 5, 10)
	assert.Equal(t, sendEventIDs(sent), sendEventIDs(again))
	assert.Equal(t, 1, again[0].Attempt)
	assertNotFound(t, s, func(tx standards.Tx) error { return tx.RedeliverWebhook(ctx, 99999, at(30)) })
}

func testReleaseWebhooks(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	mustCreateEndpoint(t, s, endpoint(1, nil))
	appendEvents(t, s, 4)
	a := claimWebhooks(t, s, "a", 20, 60, 3)
	b := claimWebhooks(t, s, "b", 20, 60, 3)
	require.Len(t, a, 3)
	require.Len(t, b, 1)
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: a[0].DeliveryID, Attempt: 1, Outcome: standards.WebhookOK, At: at(21)})
	finish(t, s, "a", standards.WebhookAttempt{DeliveryID: a[1].DeliveryID, Attempt: 1, Outcome: standards.WebhookRetry, At: at(21), RetryAt: at(50)})
	n, err := s.ReleaseWebhooks(ctx, "a", at(22))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only what a holds and has not reported")
	got := claimWebhooks(t, s, "c", 22, 5, 10)
	assert.Equal(t, []string{a[2].Event.ID}, sendEventIDs(got), "released at once; b's lease and a's retry stand")
	assert.Equal(t, 1, got[0].Attempt, "the released claim's attempt is not counted")
	n, err = s.ReleaseWebhooks(ctx, "nobody", at(22))
	require.NoError(t, err)
	assert.Zero(t, n)
}

func testWebhookClaimsDoNotOverlap(t *testing.T, s standards.Store) {
	const events, claimers, batch = 90, 4, 3
	seed(t, s)
	mustCreateEndpoint(t, s, endpoint(1, nil))
	mustCreateEndpoint(t, s, endpoint(2, []string{centre(1).ID}))
	write(t, s, func(tx standards.Tx) {
		for i := range events {
			mustAppendEvent(t, tx, event(i, centre(1), person(1)))
		}
	})
	var (
		mu      sync.Mutex
		claimed = map[int64][]string{}
		wg      sync.WaitGroup
		start   = make(chan struct{})
	)
	for c := range claimers {
		name := fmt.Sprintf("claimer %d", c)
		wg.Go(func() {
			<-start
			for {
				got, err := s.ClaimWebhooks(t.Context(), name, at(200), at(200).Add(time.Hour), batch)
				if !assert.NoError(t, err, name) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, x := range got {
					claimed[x.DeliveryID] = append(claimed[x.DeliveryID], name)
				}
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Len(t, claimed, 2*events, "every delivery claimed")
	for id, names := range claimed {
		assert.Len(t, names, 1, "delivery %d claimed by %v", id, names)
	}
}
