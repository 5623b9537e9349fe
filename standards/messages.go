package standards

import (
	"errors"
	"slices"
	"strings"
	"text/template"
)

// Messages is every text the library shows a person, in one language, by
// key: the catalogue a host replaces to translate the library (into Welsh,
// say). English gives the library's own; Translate and the Text methods
// read from whichever catalogue the host passes, per request, so one
// Service serves every language.
//
// A key is the kind of code, a dot and the code:
//
//	error.<Code>          error.conflict
//	reason.<Reason>       reason.last_admin
//	field.<FieldCode>     field.too_long
//	warning.<WarningCode> warning.due_date_passed
//	flag.<FlagCode>       flag.no_overseer
//	unmet.<UnmetCode>     unmet.no_review_meeting
//
// A text is a text/template over the code's Params, each a string:
// "at most {{.max}} characters". MessageKeys lists every key;
// Messages.Missing says which a catalogue lacks. A key a catalogue lacks,
// or a text that does not parse, falls back to the library's English
// Message of that error, so a partial catalogue still shows something.
//
// The Message fields keep the library's own English sentences, which may
// say more than the catalogue's text for the code (the value given, the
// list to choose from): a host that shows English can go on using them.
type Messages map[string]string

// English returns the library's catalogue in English, a new map each call,
// so a host may start from it and change what it likes.
func English() Messages {
	m := make(Messages, len(english))
	for k, v := range english {
		m[k] = v
	}
	return m
}

// MessageKeys lists every key a complete catalogue has, sorted.
func MessageKeys() []string {
	var keys []string
	for _, c := range Codes() {
		keys = append(keys, "error."+string(c))
	}
	for _, r := range Reasons() {
		keys = append(keys, "reason."+string(r))
	}
	for _, c := range FieldCodes() {
		keys = append(keys, "field."+string(c))
	}
	for _, c := range WarningCodes() {
		keys = append(keys, "warning."+string(c))
	}
	for _, c := range FlagCodes() {
		keys = append(keys, "flag."+string(c))
	}
	for _, c := range UnmetCodes() {
		keys = append(keys, "unmet."+string(c))
	}
	slices.Sort(keys)
	return keys
}

// Missing returns the keys of MessageKeys that m has no text for, sorted:
// a host's test of its own catalogue calls it.
func (m Messages) Missing() []string {
	var out []string
	for _, k := range MessageKeys() {
		if _, ok := m[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// render fills the text of key with params; ok is false when m has no
// text for key, or the text is not a template that runs on params.
func (m Messages) render(key string, params map[string]string) (string, bool) {
	text, ok := m[key]
	if !ok {
		return "", false
	}
	if !strings.Contains(text, "{{") {
		return text, true
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(text)
	if err != nil {
		return "", false
	}
	if params == nil {
		params = map[string]string{}
	}
	var b strings.Builder
	if err := t.Execute(&b, params); err != nil {
		return "", false
	}
	return b.String(), true
}

// Text is the field error in m's words, or its Message when m lacks the
// code's text.
func (f FieldError) Text(m Messages) string {
	if s, ok := m.render("field."+string(f.Code), f.Params); ok {
		return s
	}
	return f.Message
}

// Text is the warning in m's words, or its Message when m lacks the code's
// text.
func (w Warning) Text(m Messages) string {
	if s, ok := m.render("warning."+string(w.Code), w.Params); ok {
		return s
	}
	return w.Message
}

// Text is the flag in m's words, or its Message when m lacks the code's
// text.
func (f Flag) Text(m Messages) string {
	if s, ok := m.render("flag."+string(f.Code), f.Params); ok {
		return s
	}
	return f.Message
}

// Text is the unmet condition in m's words, or its Message when m lacks
// the code's text.
func (u Unmet) Text(m Messages) string {
	if s, ok := m.render("unmet."+string(u.Code), u.Params); ok {
		return s
	}
	return u.Message
}

// Translate says err in m's words: the text of its reason if it has one,
// else of its kind; for a *ValidationError, the kind's text then each
// field's ("field: text", joined by "; "); for a *NotEligibleError, the
// kind's text then each unmet condition's. A form shows FieldError.Text
// beside each field instead. When m lacks a text, err's own message
// stands in. Translate(nil, m) is "".
func Translate(err error, m Messages) string {
	if err == nil {
		return ""
	}
	code := ErrorCode(err)
	kind, ok := m.render("error."+string(code), nil)
	if !ok {
		kind = string(code)
	}
	var ve *ValidationError
	var ne *NotEligibleError
	var e *Error
	switch {
	case errors.As(err, &ve):
		parts := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			parts[i] = f.Field + ": " + f.Text(m)
		}
		return kind + ": " + strings.Join(parts, "; ")
	case errors.As(err, &ne):
		parts := make([]string, len(ne.Unmet))
		for i, u := range ne.Unmet {
			parts[i] = u.Text(m)
		}
		return kind + ": " + strings.Join(parts, "; ")
	case errors.As(err, &e) && e.Reason != "":
		if s, ok := m.render("reason."+string(e.Reason), e.Params); ok {
			return s
		}
		return err.Error()
	}
	if ok {
		return kind
	}
	return err.Error()
}

// english is the library's catalogue; English hands out copies.
var english = map[string]string{
	"error.invalid":         "some of what was given is not valid",
	"error.unauthenticated": "sign in to do this",
	"error.not_found":       "not found, or not yours to see",
	"error.forbidden":       "you do not have the right to do this",
	"error.conflict":        "this clashes with how things stand now: look again and try again",
	"error.not_eligible":    "the rules of the standards do not allow this yet",
	"error.transient":       "the service was busy with other changes: try again",
	"error.unavailable":     "the service cannot be reached just now: try again later",
	"error.canceled":        "the request was cancelled or took too long",
	"error.internal":        "something went wrong on our side",

	"reason.stale":                       "this changed since you read it: look again and try again",
	"reason.duplicate":                   "this already exists",
	"reason.centre_already_registered":   "centre {{.centre_number}} is already registered for {{.year}}: ask to join it instead",
	"reason.already_asked_to_join":       "{{.email}} already asked to join {{.centre_number}} for {{.year}}: an administrator can approve that registration",
	"reason.already_member":              "{{.email}} is already registered at {{.centre_number}} for {{.year}}",
	"reason.registration_closed":         "{{.email}}'s registration at {{.centre_number}} for {{.year}} is {{.status}}: an administrator decides whether to register them again",
	"reason.not_pending":                 "the registration is {{.status}}, not pending",
	"reason.already_status":              "the registration is already {{.status}}",
	"reason.not_approved_member":         "only an approved member can be an administrator; this registration is {{.status}}",
	"reason.already_admin":               "already an administrator",
	"reason.not_admin":                   "not an administrator",
	"reason.last_admin":                  "a centre must keep at least one administrator: grant the right to someone else first",
	"reason.centre_has_admin":            "centre {{.centre_number}} has an administrator for {{.year}}: they can grant the right",
	"reason.record_closed":               "the record is closed: the certificate for {{.year}} was claimed",
	"reason.record_read_only":            "the exams officer's registration is {{.status}}: the record is read-only",
	"reason.certificate_already_revoked": "the certificate was already revoked",
	"reason.person_already_erased":       "the person was already erased",
	"reason.support_already_done":        "the support action is already done",
	"reason.statement_already_signed":    "the statement is already signed by the {{.side}} side",
	"reason.exams_officer_signs_first":   "the exams officer signs the statement first",
	"reason.target_withdrawn":            "the target is withdrawn",
	"reason.target_already_in_state":     "the target is already {{.state}}",
	"reason.target_transition_refused":   "a target that is {{.from}} cannot become {{.to}}",
	"reason.already_in_trust":            "{{.centre_number}} is already in the trust {{.trust}}",
	"reason.in_another_trust":            "{{.centre_number}} is in another trust: it must leave that one first",
	"reason.not_in_trust":                "{{.centre_number}} is not in a trust",
	"reason.too_many_targets":            "a record holds at most {{.max}} targets, withdrawn ones included",
	"reason.too_many_meetings":           "a record holds at most {{.max}} meetings",
	"reason.too_many_cpd":                "a record holds at most {{.max}} CPD entries",
	"reason.too_many_notes":              "a record holds at most {{.max}} private notes",
	"reason.too_many_pending":            "a centre has at most {{.max}} requests to join waiting: an administrator decides on some first",
	"reason.too_many_members":            "a centre has at most {{.max}} approved members a year",
	"reason.too_many_trust_centres":      "a trust has at most {{.max}} centres",
	"reason.unmet_conditions":            "the claim does not yet meet every condition",
	"reason.needs_right":                 "this needs {{.needs}}",
	"reason.identity_mismatch":           "your account's id and e-mail address name different people here: the address must be changed first",
	"reason.email_taken":                 "another person has that e-mail address",

	"field.required":           "this is required",
	"field.too_long":           "use at most {{.max}} characters",
	"field.too_short":          "use at least {{.min}} characters",
	"field.too_many":           "give at most {{.max}}",
	"field.too_small":          "give more than {{.min}}",
	"field.control_characters": "this cannot contain control or invisible characters",
	"field.invalid_format":     "write this like {{.example}}",
	"field.not_in_list":        "{{printf \"%q\" .value}} is not one of the choices: choose one of the list",
	"field.out_of_range":       "give a value from {{.min}} to {{.max}}",
	"field.day_not_in_year":    "{{.value}} is not in {{.year}}: give a day from {{.from}} to {{.to}}",
	"field.day_in_future":      "{{.value}} is in the future: give a day up to today, {{.today}}",
	"field.year_ended":         "{{.year}} has ended: register for {{.current}}",
	"field.year_not_open":      "registration for {{.year}} is not open yet",
	"field.not_approved":       "choose an approved member of the centre this year",
	"field.same_person":        "an exams officer cannot oversee themselves",
	"field.duplicate":          "{{printf \"%q\" .value}} is given twice",
	"field.must_include":       "{{if eq .role \"overseer\"}}include at least one overseer of the exams officer{{else}}include the exams officer, {{.name}}{{end}}",
	"field.area_mismatch":      "the suggested area \"{{.item}}\" belongs to {{.item_area}}, not {{.area}}",
	"field.empty":              "the file has no rows",
	"field.unreadable":         "this could not be read{{if .line}} (line {{.line}}){{end}}",
	"field.wrong_columns":      "{{if .line}}line {{.line}} {{end}}has {{.got}} columns: want {{.want}}",
	"field.not_allowed":        "this is not allowed: choose another",
	"field.invalid":            "this is not valid",

	"warning.many_key_skills": "{{.count}} Key Skills targets: the NAEO recommends one or two Key Skills a year, and realistic targets",
	"warning.due_date_passed": "\"{{.title}}\" was due on {{.due}}",
	"warning.duplicate_title": "{{.count}} targets are called \"{{.title}}\": withdraw one if it was proposed twice by mistake",

	"flag.late_registration":            "registered late for {{.year}}, after 31 October",
	"flag.no_overseer":                  "no senior leader or line manager oversees the exams officer",
	"flag.no_targets_agreed":            "no target was agreed by 31 October",
	"flag.statement_not_signed":         "the exams officer has not signed the Values and Attributes statement",
	"flag.statement_not_countersigned":  "the Values and Attributes statement awaits an overseer's countersignature",
	"flag.no_recent_meeting":            "no meeting in the last {{.days}} days",
	"flag.target_overdue":               "{{if eq .count \"1\"}}\"{{.title}}\" was due on {{.due}}{{else}}{{.count}} targets are past their due date{{end}}",
	"flag.support_action_overdue":       "{{if eq .count \"1\"}}the support action \"{{.description}}\" was due on {{.due}}{{else}}{{.count}} support actions are past their due date{{end}}",
	"flag.targets_achieved_not_claimed": "every target is achieved and the certificate is not claimed yet: see the claim's checklist",
	"flag.year_ending_not_certified":    "{{if eq .ended \"true\"}}{{.year}} has ended{{else}}{{.year}} ends on 31 August{{end}} and the record is not certified",

	"unmet.registration_not_approved": "the exams officer's registration for {{.year}} is not approved",
	"unmet.claimant_not_overseer":     "only an approved overseer of this exams officer may claim",
	"unmet.self_certification":        "nobody may claim their own certificate",
	"unmet.knowledge_incomplete":      "Knowledge and Understanding needs at least one target, and every target not withdrawn achieved",
	"unmet.skills_incomplete":         "Key Skills needs at least one target, and every target not withdrawn achieved",
	"unmet.statement_incomplete":      "the Values and Attributes statement needs {{if eq .needs \"countersignature\"}}an overseer's countersignature{{else}}the exams officer's signature and an overseer's countersignature{{end}}",
	"unmet.no_review_meeting":         "record at least one progress review or final review meeting",
	"unmet.already_certified":         "a certificate was already issued for this record",
	"unmet.outside_claim_period":      "a claim for {{.year}} is made within the year or its grace period",
	"unmet.confirmations_missing":     "confirm completion in each of the three key areas",
}
