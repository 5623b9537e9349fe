package main

import (
	"net/http"
	"net/http/pprof"
)

// profiles serves Go's profiles (-pprof-addr), as net/http/pprof does on
// http.DefaultServeMux, but on a mux of its own, so that they are served
// only on the listener given for them. (Importing net/http/pprof registers
// them on http.DefaultServeMux too; nothing here serves that mux.)
func profiles() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}
