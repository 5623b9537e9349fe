// Package api is the library's JSON API (issue 22): an http.Handler over
// the same standards.Service as the web app, for hosts written in any
// language, described by one OpenAPI 3.1 document (openapi.json, embedded
// and served at openapi.json under the API's base path).
//
// A host's program calls it with a host key the operator issued
// (standards.Service.IssueHostKey), as "Authorization: Bearer eops_hk_…",
// and names in every call the person it acts for, by the host's own id
// (header Eops-Person-External-Id) or verified e-mail address
// (Eops-Person-Email). The library's rules and authorisation then apply to
// that person exactly as in the web app; the key only narrows which
// centres are reached, and the audit trail records the key beside the
// person (standards.Actor.Via). An operator key (standards.HostKey.Operator)
// is the exception: its calls act as the operator, for the operator's own
// tools; keys themselves are issued and revoked only at the console.
// Errors are RFC 9457 problem details carrying the library's stable codes
// (problems.go). A POST sent with an Idempotency-Key acts once however
// often it is retried (idempotency.go). A record's tracker is kept to send
// again while nothing in it has changed (WithKeptAnswers, kept.go).
//
// The code that reads requests and writes responses is generated from the
// document by oapi-codegen's strict server (internal/oapi); this package
// implements its interface. docs/api.md says how to call it, and which of
// the Service's methods are not over HTTP and why.
package api
