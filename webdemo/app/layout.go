package app

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/eops/eops/webdemo/app/internal/govuk"
)

// htmxConfig tells htmx not to add its indicator styles inline: the
// Content-Security-Policy allows no inline style.
const htmxConfig = `{"includeIndicatorCSS": false}`

// layoutView is what the layout shows around a page: the view's parts
// every page shares, and where the app is mounted.
type layoutView struct {
	Title, SiteName string
	// Base is the host's prefix (WithBasePath); Path the page's own path
	// under it, to mark the navigation's current item.
	Base, Path string
	Brand      Brand
	SignedIn   bool
	Outage     bool
	Accounts   bool
	Operator   bool
	ActorName  string
	// Done is the success banner's sentence (done.go).
	Done string
	// ToDoCount is how many things wait for the person, when the page
	// counted them (view.ToDoCount); nil when it did not.
	ToDoCount *int
}

func (s *server) layoutView(v view, path string) layoutView {
	return layoutView{
		Title: v.Title, SiteName: v.SiteName(), Base: s.base, Path: path, Brand: v.Brand,
		SignedIn: v.SignedIn, Outage: v.Outage, Accounts: v.Accounts,
		Operator: v.Actor.Operator, ActorName: v.Actor.Name,
		Done: v.Done, ToDoCount: v.ToDoCount,
	}
}

// toDoItem is the navigation's link home, to what needs doing, with how
// many things wait when the page counted them: "What needs doing (3)". Only
// the home page counts (it reads the list anyway); counting on every page
// would add the whole read to each (docs/app-contract.md says more).
func (lv layoutView) toDoItem() govuk.NavigationItem {
	text := "What needs doing"
	if lv.ToDoCount != nil {
		text += " (" + strconv.Itoa(*lv.ToDoCount) + ")"
	}
	return govuk.NavigationItem{Content: govuk.Content{Text: text}, Href: lv.Base + "/", Current: lv.Path == "/"}
}

// navigation is the main navigation: while the database is out, only the
// public verification page (who is signed in may not be known); signed in,
// the person's pages and signing out; signed out, signing in.
func (lv layoutView) navigation() govuk.ServiceNavigationOptions {
	var items []govuk.NavigationItem
	add := func(text, path string) {
		items = append(items, govuk.NavigationItem{
			Content: govuk.Content{Text: text},
			Href:    lv.Base + path,
			Current: lv.Path == path,
		})
	}
	var end templ.Component
	switch {
	case lv.Outage:
		add("Verify a certificate", "/verify")
		add("Guidance", guidancePath)
	case lv.SignedIn:
		items = append(items, lv.toDoItem())
		add("Notifications", "/notifications")
		add("Verify a certificate", "/verify")
		add("Guidance", guidancePath)
		if lv.Operator {
			add("National figures", "/national")
			add("Personal data", "/people")
			add("Statement", "/statement")
			add("Platform audit trail", "/audit")
		}
		if lv.Accounts {
			add("Account security", "/account/security")
			end = signOut(lv)
		}
	default:
		add("Verify a certificate", "/verify")
		add("Guidance", guidancePath)
		if lv.Accounts {
			add("Sign in", "/signin")
			add("Create an account", "/signup")
		}
	}
	// The links stay in view on a phone rather than behind a menu button:
	// there are few, and every page works without JavaScript.
	collapse := false
	return govuk.ServiceNavigationOptions{
		NavigationLabel:            "Main",
		Navigation:                 items,
		NavigationEnd:              end,
		CollapseNavigationOnMobile: &collapse,
	}
}
