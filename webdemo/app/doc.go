// Package app is the HTTP handler of the eops reference web app.
//
// The web app shows how the eops library runs the NAEO Exams Officer
// Professional Standards: the yearly CPD framework for exams officers.
// This is a first skeleton: it serves a home page, a health check and its
// own static assets. Pages backed by a store come later.
package app
