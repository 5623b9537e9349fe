package app

import "github.com/a-h/templ"

// templPages are the pages written as templ components, by the name their
// html/template predecessor had (the name handlers render). A page not
// here is still a body in templates/, rendered inside the templ layout.
var templPages = map[string]func(v view) templ.Component{}
