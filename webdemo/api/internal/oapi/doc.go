// Package oapi is the JSON API's server code as oapi-codegen generates it
// from ../../openapi.json (the strict server over net/http): the request
// and response types and the routing. Nothing here is written by hand but
// this file and generate.go; package api implements the interface.
package oapi
