package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// auditSamples are an entry of every kind the library writes, with its
// summary as the library words it (standards: each c.audit call), and
// the sentence the trail shows for it.
var auditSamples = []struct {
	action, subject, summary string
	actor                    string // the actor's person id; "" for someone unknown
	operator                 bool
	want                     string
}{
	{"centre.register", "registration/r-sam", "registered centre 12345 Riverside Academy for 2025/26 as administrator (SL)", "p-sam", false,
		"Sam Senior registered the centre and became its administrator."},
	{"centre.rename", "centre/c1", "renamed centre 12345 from Riverside to Riverside Academy", "p-sam", false,
		"Sam Senior renamed centre 12345 from Riverside to Riverside Academy."},
	{"registration.request", "registration/r-eve", "Eve Officer asked to join 12345 for 2025/26 as EO", "p-eve", false,
		"Eve Officer asked to join 12345 for 2025/26 as exams officer."},
	{"registration.approve", "registration/r-eve", "registration.approve: exams@riverside.sch.uk (EO)", "p-sam", false,
		"Sam Senior approved Eve Officer's request to join the centre as exams officer."},
	{"registration.reject", "registration/r-lee", "registration.reject: lm@riverside.sch.uk (LM)", "p-sam", false,
		"Sam Senior rejected Lee Manager's request to join the centre."},
	{"registration.register_colleague", "registration/r-lee", "registered lm@riverside.sch.uk at 12345 for 2025/26 as LM,SL", "p-sam", false,
		"Sam Senior registered Lee Manager at the centre as line manager and senior leader."},
	{"registration.accept", "registration/r-lee", "took up the registration for 2025/26 that a colleague made", "p-lee", false,
		"Lee Manager took up the registration a colleague made for them."},
	{"registration.leave", "registration/r-lee", "left the centre", "p-lee", false,
		"Lee Manager left the centre."},
	{"registration.remove", "registration/r-lee", "removed by the operator: left the school", "", true,
		"The platform's operator removed Lee Manager from the centre, giving the reason: left the school."},
	{"admin.grant", "registration/r-lee", "admin.grant: [lm@riverside.sch.uk]", "p-sam", false,
		"Sam Senior made Lee Manager an administrator of the centre."},
	{"admin.appoint", "registration/r-lee", "admin.appoint: [lm@riverside.sch.uk]", "", true,
		"The platform's operator made Lee Manager an administrator of the centre."},
	{"admin.revoke", "registration/r-lee", "revoked the admin right", "p-sam", false,
		"Sam Senior took the administrator right from Lee Manager."},
	{"overseer.assign", "registration/r-eve", "Lee Manager oversees Eve Officer at 12345 for 2025/26", "p-sam", false,
		"Sam Senior assigned an overseer: Lee Manager oversees Eve Officer at 12345 for 2025/26."},
	{"overseer.remove", "registration/r-eve", "removed overseer registration/r-lee", "p-sam", false,
		"Sam Senior removed Lee Manager as an overseer of Eve Officer."},
	{"record.open", "record/rec-eve", "opened the standards record for 2025/26", "p-sam", false,
		"Sam Senior opened the standards record of Eve Officer for 2025/26."},
	{"target.propose", "target/t1", `proposed Key Skills target "Time management"`, "p-lee", false,
		`Lee Manager proposed Key Skills target "Time management".`},
	{"target.update", "target/t1", `target "Time management": agreed → achieved, rated green: well done`, "p-lee", false,
		`Lee Manager updated the target "Time management": agreed → achieved, rated green: well done.`},
	{"target.carry_forward", "record/rec-eve", "carried 2 targets forward from 2024/25", "p-eve", false,
		"Eve Officer carried 2 targets forward from 2024/25."},
	{"cpd.log", "cpd/e1", `logged training event "Induction", 6 hours`, "p-eve", false,
		`Eve Officer logged training event "Induction", 6 hours.`},
	{"cpd.delete", "cpd/e1", `deleted training event "Induction"`, "p-eve", false,
		`Eve Officer deleted training event "Induction".`},
	{"meeting.record", "meeting/m1", "recorded a progress review on 2 January 2026: 3 target updates, 1 support actions", "p-lee", false,
		"Lee Manager recorded a progress review on 2 January 2026: 3 target updates, 1 support actions."},
	{"support.done", "support/s1", "support done: Shadow the data manager", "p-lee", false,
		"Lee Manager marked support done: Shadow the data manager."},
	{"note.add", "record/rec-eve", "added a private note", "p-lee", false,
		"Lee Manager added a private note."},
	{"statement.sign", "record/rec-eve", "signed version 0 of the statement as eo (sha256 acb49376653d)", "p-eve", false,
		"Eve Officer signed the Values and Attributes statement, as the exams officer."},
	{"statement.sign", "record/rec-eve", "signed version 2 of the statement as overseer (sha256 acb49376653d)", "p-lee", false,
		"Lee Manager countersigned the Values and Attributes statement (version 2) of Eve Officer, as an overseer."},
	{"statement.publish", "statement/2025/1", "published version 1 of the statement for 2025/26", "", true,
		"The platform's operator published version 1 of the statement for 2025/26."},
	{"certificate.issue", "certificate/x1", "claimed certificate EOPS-2526-AAAA-BBBB for Eve Officer, 2025/26", "p-lee", false,
		"Lee Manager claimed certificate EOPS-2526-AAAA-BBBB for Eve Officer, 2025/26."},
	{"certificate.revoke", "certificate/x1", "revoked certificate EOPS-2526-AAAA-BBBB: issued in error", "", true,
		"The platform's operator revoked certificate EOPS-2526-AAAA-BBBB: issued in error."},
	{"certificate.import", "certificate/x2", "imported certificate EOPS-2425-CCCC-DDDD of exams@riverside.sch.uk for 2024/25", "", false,
		"Someone outside the centre imported certificate EOPS-2425-CCCC-DDDD of Eve Officer for 2024/25."},
	{"reminders.due", "centre/c1", "3 reminders due on 1 November 2025", "", false,
		"The platform sent the reminders due: 3 reminders due on 1 November 2025."},
	{"person.create", "person/p-eve", "recorded Eve Officer", "p-eve", false,
		"Eve Officer was added to the platform."},
	{"person.name", "person/p-eve", "gave their name as Eve Officer", "p-eve", false,
		"Eve Officer gave their name as Eve Officer."},
	{"person.email", "person/p-eve", "the e-mail address of Eve Officer changed from exams@riverside.sch.uk to eve@riverside.sch.uk", "p-eve", false,
		"Eve Officer changed their e-mail address."},
	{"person.export", "person/p-eve", "exported the personal data of person/p-eve", "", true,
		"The platform's operator downloaded the personal data of Eve Officer."},
	{"person.erase", "person/p-gone", "erased person/p-gone; 2 certificates revoked", "", true,
		"The platform's operator erased a person's name and e-mail address, and revoked their 2 certificates."},
	{"trust.create", "trust/t1", "created trust Valley Learning Trust", "", true,
		"The platform's operator created trust Valley Learning Trust."},
	{"trust.appoint_lead", "trust/t1", "appointed head@riverside.sch.uk to lead Valley Learning Trust", "", true,
		"The platform's operator appointed Sam Senior to lead Valley Learning Trust."},
	{"trust.remove_lead", "trust/t1", "removed lead person/p-sam", "", true,
		"The platform's operator removed Sam Senior as a lead of the trust."},
	{"trust.request", "trust_request/q1", "the centre side asked for 12345 to join Valley Learning Trust", "p-sam", false,
		"The centre side asked for 12345 to join Valley Learning Trust."},
	{"trust.join", "trust/t1", "12345 Riverside Academy joined the trust Valley Learning Trust", "p-sam", false,
		"12345 Riverside Academy joined the trust Valley Learning Trust."},
	{"hostkey.issue", "hostkey/k1", `issued the host key "Riverside MIS" for all centres, until 7 December 2027`, "p-sam", true,
		`Sam Senior, as the platform's operator, issued the host key "Riverside MIS" for all centres, until 7 December 2027.`},
	{"hostkey.revoke", "hostkey/k1", `revoked the host key "Riverside MIS"`, "p-sam", true,
		`Sam Senior, as the platform's operator, revoked the host key "Riverside MIS".`},
	{"webhook.register", "webhook/w1", "registered a webhook endpoint at https://mis.example.org/hooks", "p-sam", true,
		"Sam Senior, as the platform's operator, registered a webhook endpoint at https://mis.example.org/hooks."},
	{"webhook.disable", "webhook/w1", "disabled the webhook endpoint at https://mis.example.org/hooks: its host key expired", "", true,
		"The platform's operator disabled the webhook endpoint at https://mis.example.org/hooks: its host key expired."},
	{"webhook.delete", "webhook/w1", "deleted the webhook endpoint at https://mis.example.org/hooks", "p-sam", true,
		"Sam Senior, as the platform's operator, deleted the webhook endpoint at https://mis.example.org/hooks."},
	{"webhook.redeliver", "webhook/w1/delivery/7", "asked for event ev01 to be delivered again", "p-sam", true,
		"Sam Senior, as the platform's operator, asked for event ev01 to be delivered again."},
	{"trust.decline", "trust/t1", "closed the request for 12345 to join Valley Learning Trust", "p-sam", false,
		"Sam Senior closed the request for 12345 to join Valley Learning Trust."},
	{"trust.leave", "trust/t1", "12345 Riverside Academy left the trust Valley Learning Trust", "p-sam", false,
		"12345 Riverside Academy left the trust Valley Learning Trust."},
}

// auditSampleNames is a centre's roster as the trail names it.
func auditSampleNames() auditNames {
	n := newAuditNames()
	member := func(person, name, email, reg, record string, roles ...standards.Role) standards.Member {
		return standards.Member{Person: standards.Person{ID: person, Name: name, Email: email},
			Registration: standards.Registration{ID: reg, Roles: roles}, RecordID: record}
	}
	n.addRoster(standards.Roster{Members: []standards.Member{
		member("p-sam", "Sam Senior", "head@riverside.sch.uk", "r-sam", "", standards.RoleSL),
		member("p-eve", "Eve Officer", "exams@riverside.sch.uk", "r-eve", "rec-eve", standards.RoleEO),
		member("p-lee", "Lee Manager", "lm@riverside.sch.uk", "r-lee", "", standards.RoleLM),
	}})
	return n
}

// TestTheAuditTrailReadsAsSentences: every kind of entry the library
// writes is a sentence naming people by name, with no e-mail address, id,
// hash or code of the library's in it.
func TestTheAuditTrailReadsAsSentences(t *testing.T) {
	n := auditSampleNames()
	for _, s := range auditSamples {
		e := standards.AuditEntry{At: time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC), Action: s.action, Subject: s.subject,
			Summary: s.summary, ActorID: s.actor, Operator: s.operator, Actor: "someone@example.org"}
		got := n.auditSentence(e)
		assert.Equal(t, s.want, got, s.action)
		for _, leak := range []string{"@", "sha256", "registration/", "person/", "record/", s.action + ":"} {
			assert.NotContains(t, got, leak, "%s: %q", s.action, got)
		}
	}
}

// auditWrites finds, in the library's source, every kind of audit entry
// it writes: c.audit("kind", …), and the kinds passed to it by name.
var auditWrites = regexp.MustCompile(`(?:c\.audit\(|tellAboutAdmin\([A-Za-z]+, |action, kind, summary :?= )"([a-z_]+\.[a-z_]+)"`)

// TestEveryKindOfAuditEntryHasASentence fails when the library writes a
// kind of audit entry the trail has no sentence for (a sample above): the
// page would fall back to the library's summary, which may hold addresses.
func TestEveryKindOfAuditEntryHasASentence(t *testing.T) {
	files, err := filepath.Glob("../../standards/*.go")
	require.NoError(t, err)
	sampled := map[string]bool{}
	for _, s := range auditSamples {
		sampled[s.action] = true
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range auditWrites.FindAllStringSubmatch(string(src), -1) {
			found++
			assert.True(t, sampled[m[1]], "the library writes audit entries of kind %q (%s), which the trail has no sentence for: add a sample", m[1], f)
		}
	}
	require.Greater(t, found, 30, "the reader of the library's source finds its audit calls")
}
