// Package webhooks delivers the outbox as signed webhooks that follow the
// Standard Webhooks specification (https://www.standardwebhooks.com): each
// event an endpoint takes is POSTed to it as JSON with the headers
// webhook-id (the event's ID, the same on every attempt), webhook-timestamp
// (the attempt's time, in Unix seconds) and webhook-signature ("v1," and
// the base64 of an HMAC-SHA256, keyed with the endpoint's secret, of the
// id, the timestamp and the body joined by full stops).
//
// A Deliverer claims due deliveries from the Service (ClaimWebhooks) with a
// lease, so that deliverers in any number of processes share the work,
// sends each, and reports the outcome (FinishWebhook): delivered on a 2xx,
// retried with exponential backoff and jitter on anything else, dead after
// its last attempt, and, on 410 Gone, dead with the endpoint disabled.
// Delivery is at least once: a receiver keeps the webhook-ids it has seen
// and drops a second copy. docs/webhooks.md is the receiver's guide.
//
// It needs nothing but the standard library and the standards package, so
// that any host embedding the library can run it beside its Service, as
// the reference web app does.
package webhooks
