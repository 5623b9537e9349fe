package app

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/webdemo/app/internal/govuk"
)

// templPages are the pages, templ components (pages*.templ), by the name
// handlers render them under (their html/template predecessor's). Each
// takes its data from the view's Data, of the type its handler puts there,
// and shows its empty state for anything else.
var templPages = map[string]func(v view) templ.Component{
	"notfound.html": notFoundPage,
	"problem.html": func(v view) templ.Component {
		back, _ := v.Data.(string)
		return problemPage(v, back)
	},
	"landing": landingPage,
	"guidance": func(v view) templ.Component {
		g, _ := v.Data.(guide)
		return guidancePageOf(v, g)
	},
	"signin.html": func(v view) templ.Component {
		d, _ := v.Data.(signInData)
		return signInPage(v, d)
	},
	"signin-code.html":    signInCodePage,
	"signup.html":         signUpPage,
	"signup-sent.html":    signUpSentPage,
	"signup-confirm.html": signUpConfirmPage,
	"signup-resend.html": func(v view) templ.Component {
		linkUsed, _ := v.Data.(bool)
		return signUpResendPage(v, linkUsed)
	},
	"forgotten.html": func(v view) templ.Component {
		linkProblem, _ := v.Data.(bool)
		return forgottenPage(v, linkProblem)
	},
	"forgotten-sent.html": forgottenSentPage,
	"email.html": func(v view) templ.Component {
		current, _ := v.Data.(string)
		return emailPage(v, current)
	},
	"email-sent.html": emailSentPage,
	"email-confirm.html": func(v view) templ.Component {
		d, _ := v.Data.(emailConfirmData)
		return emailConfirmPage(v, d)
	},
	"email-changed.html": emailChangedPage,
	"email-link.html":    emailLinkPage,
	"reset.html":         resetPage,
	"verify.html": func(v view) templ.Component {
		d, _ := v.Data.(verifyData)
		return verifyPage(v, d)
	},
	"recovery-codes.html": func(v view) templ.Component {
		d, _ := v.Data.(recoveryData)
		return recoveryCodesPage(v, d)
	},
	"events.html": func(v view) templ.Component {
		d, _ := v.Data.(eventsData)
		return eventsPage(v, d)
	},
	"audit.html": func(v view) templ.Component {
		d, _ := v.Data.(auditData)
		return auditPage(v, d)
	},
	"certificate.html": func(v view) templ.Component {
		c, _ := v.Data.(standards.Certificate)
		return certificatePage(v, c)
	},
	"find.html": func(v view) templ.Component {
		d, _ := v.Data.(findData)
		return findPage(v, d)
	},
	"people.html": func(v view) templ.Component {
		d, _ := v.Data.(peopleData)
		return peoplePage(v, d)
	},
	"national.html": func(v view) templ.Component {
		d, _ := v.Data.(nationalData)
		return nationalPage(v, d)
	},
	"trust.html": func(v view) templ.Component {
		d, _ := v.Data.(trustData)
		return trustPage(v, d)
	},
	"security.html": func(v view) templ.Component {
		d, _ := v.Data.(securityData)
		return securityPage(v, d)
	},
	"home.html": func(v view) templ.Component {
		d, _ := v.Data.(homeData)
		return homePage(v, d)
	},
	"register.html": func(v view) templ.Component {
		d, _ := v.Data.(registerData)
		return registerPage(v, d)
	},
	"centre.html": func(v view) templ.Component {
		d, _ := v.Data.(centreData)
		return centrePage(v, d)
	},
	"confirm.html": func(v view) templ.Component {
		d, _ := v.Data.(confirmData)
		return confirmPage(v, d)
	},
	"tracker.html":            func(v view) templ.Component { return trackerPage(v, trackerOf(v)) },
	"tracker-withdraw.html":   func(v view) templ.Component { return withdrawPage(v, trackerOf(v)) },
	"tracker-remove-cpd.html": func(v view) templ.Component { return removeCPDPage(v, trackerOf(v)) },
	"tracker-sign.html":       func(v view) templ.Component { return signPage(v, trackerOf(v)) },
	"tracker-claim.html":      func(v view) templ.Component { return claimPage(v, trackerOf(v)) },
	"tracker-add-target.html": func(v view) templ.Component { return addTargetPage(v, trackerOf(v)) },
	"tracker-meeting.html":    func(v view) templ.Component { return meetingPage(v, trackerOf(v)) },
	"statement.html": func(v view) templ.Component {
		d, _ := v.Data.(statementData)
		return statementPage(v, d)
	},
	"demo-mail.html": func(v view) templ.Component {
		mails, _ := v.Data.([]sentMail)
		return demoMailPage(v, mails)
	},
}

// templFragments are the parts of pages that htmx asks for by name
// (render's fragment), as html/template's blocks were.
var templFragments = map[string]map[string]func(v view) templ.Component{
	"centre.html": {
		"roster": func(v view) templ.Component {
			d, _ := v.Data.(centreData)
			return roster(v, d)
		},
	},
	// The tracker's forms are answered with a redirect to the whole page
	// (record.go's afterRecordChange); only the claim's live checklist is
	// asked for on its own.
	"tracker.html": {
		"checklist": func(v view) templ.Component { return trackerChecklist(trackerOf(v)) },
	},
}

// trackerOf is the tracker's data in a view, or an empty one.
func trackerOf(v view) *trackerData {
	if t, ok := v.Data.(*trackerData); ok && t != nil {
		return t
	}
	return &trackerData{}
}

// required marks a field the form cannot do without (the server checks it
// too: the forms say novalidate, so that its messages are GOV.UK's).
var required = templ.Attributes{"required": true}

// no is false, for the options that take a *bool.
var no = false

// A name (a person's, a centre's, a target's or a CPD activity's title or
// provider) is one line, and GOV.UK's character count is a textarea: GOV.UK
// offers no count for a text input. So a name stays a text input, with the
// library's limit as its maxlength and said in its hint, in the character
// count's words (docs/frontend.md). The server still refuses a longer name
// on its field, for a browser that ignores maxlength.

// nameHint says the limit on a name.
var nameHint = &govuk.HintOptions{Content: govuk.Content{Text: limitText(standards.MaxNameLength)}}

// nameLimit is a name field's maxlength; requiredName adds required.
var (
	nameLimit    = templ.Attributes{"maxlength": itoa(standards.MaxNameLength)}
	requiredName = templ.Attributes{"maxlength": itoa(standards.MaxNameLength), "required": true}
)

// limitText is what a field with a limit says before anything is typed:
// the words of GOV.UK's character count without JavaScript.
func limitText(max int) string {
	return "You can enter up to " + itoa(max) + " characters"
}

// fieldError is the message beside a field, when the last submission got
// one for it.
func fieldError(v view, name string) *govuk.ErrorMessageOptions {
	msg := v.Field(name)
	if msg == "" {
		return nil
	}
	return &govuk.ErrorMessageOptions{Content: govuk.Content{Text: msg}}
}

// problemLinks are a problem's messages for the error summary, each
// linking to the field it is about, when it is about one, and then what to
// do instead (problem.Next), linking to where it is done.
func problemLinks(v view, p *problem) []govuk.ErrorLink {
	links := make([]govuk.ErrorLink, 0, len(p.Messages))
	for _, m := range p.Messages {
		link := govuk.ErrorLink{Content: govuk.Content{Text: m}}
		// A field's message is in the list after the field's label
		// ("E-mail address: enter an e-mail address…"). Two fields may
		// have one message ("enter a name"), so the label decides first.
		fields := slices.Sorted(maps.Keys(p.Fields))
		match := slices.IndexFunc(fields, func(f string) bool { return p.Fields[f] != "" && m == label(f)+": "+p.Fields[f] })
		if match < 0 {
			match = slices.IndexFunc(fields, func(f string) bool { return p.Fields[f] != "" && strings.HasSuffix(m, p.Fields[f]) })
		}
		if match >= 0 {
			id := fields[match]
			if p.IDs[id] != "" {
				id = p.IDs[id]
			}
			link.Href = "#" + id
		}
		if link.Href == "" && p.Link != "" {
			link.Href = "#" + p.Link
		}
		links = append(links, link)
	}
	if p.Next != nil {
		links = append(links, govuk.ErrorLink{Content: govuk.Content{Text: p.Next.Text}, Href: v.path(p.Next.Path)})
	}
	return links
}

// plainLinks are messages for the error summary, linking nowhere.
func plainLinks(messages []string) []govuk.ErrorLink {
	links := make([]govuk.ErrorLink, 0, len(messages))
	for _, m := range messages {
		links = append(links, govuk.ErrorLink{Content: govuk.Content{Text: m}})
	}
	return links
}

// verificationRows are what a verification shows, as a summary list.
func verificationRows(ver standards.Verification) []govuk.SummaryListRow {
	row := func(key, value string) govuk.SummaryListRow {
		return govuk.SummaryListRow{Key: govuk.Cell{Content: govuk.Content{Text: key}}, Value: govuk.Cell{Content: govuk.Content{Text: value}}}
	}
	rows := []govuk.SummaryListRow{
		row("Holder", ver.HolderName),
		row("Centre", ver.CentreName+" ("+string(ver.CentreNumber)+")"),
		row("Academic year", ver.Year.String()),
		row("Issued", longDate(ver.IssuedAt)),
	}
	if ver.Status == standards.CertificateRevoked {
		rows = append(rows, row("Revoked", longDate(ver.RevokedAt)))
	}
	return rows
}

func itoa(i int) string { return strconv.Itoa(i) }

// textRow is a summary list's row of plain text.
func textRow(key, value string) govuk.SummaryListRow {
	return govuk.SummaryListRow{Key: govuk.Cell{Content: govuk.Content{Text: key}}, Value: govuk.Cell{Content: govuk.Content{Text: value}}}
}

// olderHref is the address of the trail's next page back.
func (d auditData) olderHref(v view) string {
	before := strconv.FormatInt(d.Older, 10)
	if d.CentreID != "" {
		return v.path("/centres/" + d.CentreID + "/audit?before=" + before)
	}
	return v.path("/audit?before=" + before)
}

// signInData is what the sign-in page shows beside its form.
type signInData struct {
	// Unconfirmed says the right password was given for an account whose
	// address is not confirmed yet: the page offers to send the link again.
	Unconfirmed bool
	// PasswordReset says the person has just set a new password.
	PasswordReset bool
}
