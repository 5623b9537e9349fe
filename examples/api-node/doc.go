// Package apinode is examples/api-node, a host of eops written in
// TypeScript, not Go: it acts for the demo centre's exams officer and line
// manager through the JSON API (docs/api.md), with a client generated from
// the API's OpenAPI document, and receives the API's webhooks, checking
// each signature. Its source is src/main.ts (with src/receiver.ts), compiled to dist/main.mjs
// (committed, so running it needs only node); README.md says how to run it
// against the demo. This package holds no Go code of its own: its test
// starts the demo and runs the compiled program with node.
package apinode
