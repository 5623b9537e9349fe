// Package examples holds no code of its own: each folder below it is a
// program that shows a host embedding eops, run by its own test
// (internal/exampletest), and this package's test keeps every one of them
// under 150 lines of code, so that a vendor reads a whole host in one
// sitting (issue 20).
//
//   - quickstart: one exams officer's year through the library, on SQLite.
//   - trust-portal: a trust's portal with its own router and login, the web
//     app mounted under /standards/ and a page of its own from
//     TrustDashboard.
//   - mis-vendor: an MIS with its own users, login and database (SQLite or
//     PostgreSQL): the library's tables under a prefix, a staff list,
//     an e-mail change, the outbox delivered its own way, a CSV report.
//   - vendor-host: a vendor's product on PostgreSQL (or SQLite) with its own
//     login, the web app in its look, and a JSON dashboard from one call.
//   - api-node: a host in TypeScript, not Go: an exams officer's year over
//     the JSON API through a client typed from its OpenAPI document, and
//     the webhooks received and verified (its test runs it with node).
package examples
