package app

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/eops/eops/standards"
)

// The audit trail as the page shows it: one sentence an exams officer can
// read for each entry, naming people by name. The library's entries carry
// a kind (Action: "target.update"), the actor's person id, the thing
// changed ("registration/01J…") and a summary written for a log, which
// may hold e-mail addresses, ids and a statement's hash. The page writes
// its own sentence for each kind, finding names in the centre's rosters
// of the years the entries fall in; what it cannot name it calls
// "someone", never by an address.

// auditRow is one entry of the trail as the page shows it.
type auditRow struct {
	When string
	What string
}

// auditNames are the names the page can give the people an entry
// mentions, by person id, registration id, record id and e-mail address.
type auditNames struct {
	person       map[string]string
	registration map[string]standards.Member
	record       map[string]string
	email        map[string]string
}

func newAuditNames() auditNames {
	return auditNames{person: map[string]string{}, registration: map[string]standards.Member{}, record: map[string]string{}, email: map[string]string{}}
}

// addRoster learns the names of a roster's members.
func (n auditNames) addRoster(r standards.Roster) {
	for _, m := range r.Members {
		n.person[m.Person.ID] = m.Person.Name
		n.registration[m.Registration.ID] = m
		if m.RecordID != "" {
			n.record[m.RecordID] = m.Person.Name
		}
		if m.Person.Email != "" {
			n.email[strings.ToLower(m.Person.Email)] = m.Person.Name
		}
	}
}

// centreAuditNames reads the centre's rosters of every year the entries
// fall in, for the names of the people they mention. A year the viewer may
// not read, or the centre did not register, names nobody.
func (s *server) centreAuditNames(ctx context.Context, a standards.Actor, centreID string, entries []standards.AuditEntry) (auditNames, error) {
	n := newAuditNames()
	seen := map[standards.AcademicYear]bool{}
	for _, e := range entries {
		y := standards.YearOf(e.At)
		for _, year := range []standards.AcademicYear{y, y + 1} { // a registration for next year is made in this one
			if seen[year] || year.Validate() != nil {
				continue
			}
			seen[year] = true
			roster, err := s.svc.Roster(ctx, a, centreID, year)
			switch {
			case err == nil:
				n.addRoster(roster)
			case errors.Is(err, standards.ErrNotFound), errors.Is(err, standards.ErrForbidden):
			default:
				return n, err
			}
		}
	}
	return n, nil
}

// platformAuditNames learns names from the platform's own entries: a
// person recorded ("recorded Ada Lovelace") and the names people gave for
// themselves, oldest first so that the latest name wins; and, for the
// addresses the library's summaries name (a trust's lead appointed), the
// person the operator, who alone reads this trail, finds by each.
func (s *server) platformAuditNames(ctx context.Context, a standards.Actor, entries []standards.AuditEntry) (auditNames, error) {
	n := platformAuditNamesIn(entries)
	for _, e := range entries {
		for _, addr := range auditEmail.FindAllString(e.Summary, -1) {
			key := strings.ToLower(addr)
			if _, done := n.email[key]; done {
				continue
			}
			p, err := s.svc.FindPerson(ctx, a, addr)
			switch {
			case err == nil:
				n.email[key] = p.Name
			case errors.Is(err, standards.ErrNotFound), errors.Is(err, standards.ErrForbidden), standards.ErrorCode(err) == standards.CodeInvalid:
				n.email[key] = "" // nobody to name: "someone"
			default:
				return n, err
			}
		}
	}
	return n, nil
}

// platformAuditNamesIn learns the names the platform's entries give.
func platformAuditNamesIn(entries []standards.AuditEntry) auditNames {
	n := newAuditNames()
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		switch e.Action {
		case "person.create":
			if name, ok := strings.CutPrefix(e.Summary, "recorded "); ok {
				n.person[strings.TrimPrefix(e.Subject, "person/")] = name
			}
		case "person.name":
			if name, ok := strings.CutPrefix(e.Summary, "gave their name as "); ok && e.ActorID != "" {
				n.person[e.ActorID] = name
			}
		}
	}
	return n
}

// who names an entry's actor.
func (n auditNames) who(e standards.AuditEntry) string {
	switch {
	case e.Actor == standards.AnErasedPerson:
		return "An erased person"
	case n.person[e.ActorID] != "":
		name := n.person[e.ActorID]
		if e.Operator {
			name += ", as the platform's operator,"
		}
		return name
	case strings.HasPrefix(e.Actor, "system: "):
		return "The platform"
	case e.Operator:
		return "The platform's operator"
	}
	return "Someone outside the centre"
}

// subject names the person an entry's subject is, or is the record of.
func (n auditNames) subject(e standards.AuditEntry) string {
	kind, id, _ := strings.Cut(e.Subject, "/")
	return n.named(kind, id)
}

// named names a registration's, person's or record's person.
func (n auditNames) named(kind, id string) string {
	switch kind {
	case "registration":
		if m, ok := n.registration[id]; ok {
			return m.Person.Name
		}
	case "person":
		if name := n.person[id]; name != "" {
			return name
		}
	case "record":
		if name := n.record[id]; name != "" {
			return name
		}
	}
	return "someone"
}

var (
	auditEmail   = regexp.MustCompile(`[^\s@(),;:"]+@[^\s@(),;:"]+\.[^\s@(),;:"]+`)
	auditID      = regexp.MustCompile(`\b(registration|person|record)/([0-9A-Za-z_-]+)`)
	auditHash    = regexp.MustCompile(`\s*\(?sha256 [0-9a-f]+\)?`)
	auditRoles   = regexp.MustCompile(` as ((?:EO|SL|LM)(?:,(?:EO|SL|LM))*)\b`)
	auditVersion = regexp.MustCompile(`version (\d+) of the statement as (\w+)`)
	auditAsRoles = regexp.MustCompile(` as ([A-Z,]+)$`)
	auditCount   = regexp.MustCompile(`(\d+) certificates revoked`)
	auditLead    = regexp.MustCompile(` to lead (.+)$`)
)

// scrub takes out of a library summary what is not for people: an e-mail
// address becomes the person's name, an id the name it stands for (or
// "someone"), a statement's hash goes, and role codes become words.
func (n auditNames) scrub(s string) string {
	s = auditHash.ReplaceAllString(s, "")
	s = auditEmail.ReplaceAllStringFunc(s, func(addr string) string {
		if name := n.email[strings.ToLower(addr)]; name != "" {
			return name
		}
		return "someone"
	})
	s = auditID.ReplaceAllStringFunc(s, func(ref string) string {
		kind, id, _ := strings.Cut(ref, "/")
		return n.named(kind, id)
	})
	return auditRoles.ReplaceAllStringFunc(s, func(as string) string {
		return " as " + roleWords(rolesOf(strings.TrimPrefix(as, " as ")))
	})
}

// rolesOf reads role codes written "EO,SL".
func rolesOf(codes string) standards.Roles {
	var rs standards.Roles
	for _, c := range strings.Split(codes, ",") {
		if c = strings.TrimSpace(c); c != "" {
			rs = append(rs, standards.Role(c))
		}
	}
	return rs
}

// roleWords writes roles as words: "exams officer and senior leader".
func roleWords(rs standards.Roles) string {
	words := make([]string, len(rs))
	for i, r := range rs {
		words[i] = r.String()
	}
	return joinNames(words)
}

// auditSentence is what happened, as a sentence naming the people.
func (n auditNames) auditSentence(e standards.AuditEntry) string {
	who := n.who(e)
	subject := n.subject(e)
	summary := e.Summary
	s := ""
	switch e.Action {
	case "registration.approve":
		s = who + " approved " + subject + "'s request to join the centre"
		if m, ok := n.registration[strings.TrimPrefix(e.Subject, "registration/")]; ok {
			s += " as " + roleWords(m.Registration.Roles)
		}
	case "registration.reject":
		s = who + " rejected " + subject + "'s request to join the centre"
	case "registration.remove":
		s = who + " removed " + subject + " from the centre"
		if _, reason, ok := strings.Cut(summary, ": "); ok && reason != "" {
			s += ", giving the reason: " + reason
		}
	case "registration.register_colleague":
		s = who + " registered " + subject + " at the centre"
		if m := auditAsRoles.FindStringSubmatch(summary); m != nil {
			s += " as " + roleWords(rolesOf(m[1]))
		}
	case "registration.leave":
		s = who + " left the centre"
	case "registration.accept":
		s = who + " took up the registration a colleague made for them"
	case "registration.request":
		s = n.scrub(summary) // "Ada asked to join 12345 for 2025/26 as exams officer"
	case "centre.register":
		s = who + " registered the centre and became its administrator"
	case "admin.grant", "admin.appoint":
		s = who + " made " + subject + " an administrator of the centre"
	case "admin.revoke":
		s = who + " took the administrator right from " + subject
	case "overseer.assign":
		s = who + " assigned an overseer: " + n.scrub(summary)
	case "overseer.remove":
		overseer := "someone"
		if m := auditID.FindStringSubmatch(summary); m != nil {
			overseer = n.named(m[1], m[2])
		}
		s = who + " removed " + overseer + " as an overseer of " + subject
	case "record.open":
		s = who + " opened the standards record of " + subject + strings.TrimPrefix(summary, "opened the standards record")
	case "statement.sign":
		s = who + " signed the Values and Attributes statement of " + subject
		if m := auditVersion.FindStringSubmatch(summary); m != nil {
			// Version 0 is the statement the library was built with,
			// before the operator published any: no version to speak of.
			version := ""
			if m[1] != "0" {
				version = " (version " + m[1] + ")"
			}
			if m[2] == string(standards.SideEO) {
				s = who + " signed the Values and Attributes statement" + version + ", as the exams officer"
			} else {
				s = who + " countersigned the Values and Attributes statement" + version + " of " + subject + ", as an overseer"
			}
		}
	case "target.update":
		s = who + " updated the " + n.scrub(summary)
	case "support.done":
		s = who + " marked support done: " + strings.TrimPrefix(summary, "support done: ")
	case "person.create":
		s = subject + " was added to the platform"
	case "person.name":
		s = who + " " + summary
	case "person.email":
		s = who + " changed the e-mail address of " + subject
		if subject == who {
			s = who + " changed their e-mail address"
		}
	case "person.export":
		s = who + " downloaded the personal data of " + subject
		if subject == who {
			s = who + " downloaded their own personal data"
		}
	case "person.erase":
		s = who + " erased a person's name and e-mail address"
		if m := auditCount.FindStringSubmatch(summary); m != nil && m[1] != "0" {
			s += ", and revoked their " + countNoun(atoiOr(m[1]), "certificate", "certificates")
		}
	case "trust.appoint_lead":
		s = who + " appointed a lead of a trust"
		if m := auditLead.FindStringSubmatch(summary); m != nil {
			s = who + " appointed " + n.scrub(strings.TrimSuffix(strings.TrimPrefix(summary, "appointed "), m[0])) + " to lead " + m[1]
		}
	case "trust.remove_lead":
		s = who + " removed " + n.scrub(strings.TrimPrefix(summary, "removed lead ")) + " as a lead of the trust"
	case "trust.join", "trust.leave", "trust.request":
		s = sentence(n.scrub(summary)) // "12345 Riverside joined the trust North"
	case "reminders.due":
		s = "The platform sent the reminders due: " + summary
	default:
		// cpd.log, cpd.delete, target.propose, target.carry_forward,
		// meeting.record, note.add, centre.rename, certificate.issue,
		// certificate.revoke, certificate.import, statement.publish,
		// trust.create, trust.decline, hostkey.issue, hostkey.revoke,
		// webhook.register, webhook.disable, webhook.delete,
		// webhook.redeliver: the summary
		// is what the actor did.
		s = who + " " + n.scrub(summary)
	}
	return sentence(s)
}

// atoiOr is the number s writes, or 0.
func atoiOr(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// auditRows are the entries as the page shows them.
func auditRows(entries []standards.AuditEntry, n auditNames) []auditRow {
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{When: moment(e.At), What: n.auditSentence(e)}
	}
	return rows
}
