package dataset

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// The people of a centre, by their slot.
const (
	roleHead    = iota // senior leader and centre administrator
	roleLM             // line manager
	roleEO1            // exams officer, certified every past year
	roleEO2            // exams officer, certified some years
	rolePending        // asked to join this year, waiting
	rolesPerCentre
)

var roleNames = [rolesPerCentre]struct{ local, first, last string }{
	{"head", "Helen", "Head"},
	{"line.manager", "Liam", "Line"},
	{"exams", "Nadia", "Officer"},
	{"deputy.exams", "Emeka", "Deputy"},
	{"cover", "Pat", "Cover"},
}

// How much each record holds, after the "realistic" figures.
const (
	targetsPerRecord = 6
	cpdPerRecord     = 10
)

// id is a deterministic 26-character id: kind, then n zero-padded.
func (s Spec) id(kind string, n int) string {
	return fmt.Sprintf("%s%0*d", kind, standards.IDLength-len(kind), n)
}

func (s Spec) centreNumber(c int) standards.CentreNumber {
	return standards.CentreNumber(fmt.Sprintf("%05d", 10000+s.FirstCentre+c))
}

func (s Spec) email(c, role int) string {
	return fmt.Sprintf("%s@c%05d.sch.example", roleNames[role].local, 10000+s.FirstCentre+c)
}

func (s Spec) leadEmail(t int) string {
	return fmt.Sprintf("lead@trust%d.example", s.FirstCentre/TrustSize+t+1)
}

// personSlot numbers a person across the platform.
func (s Spec) personSlot(c, role int) int { return (s.FirstCentre+c)*rolesPerCentre + role }

// slot numbers a registration (and its record) across the platform.
func (s Spec) slot(c int, y standards.AcademicYear, role int) int {
	return ((s.FirstCentre+c)*3+int(y-s.Year+2))*rolesPerCentre + role
}

// codeAlphabet is the alphabet of serials and verification codes.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// verificationCode is 100 bits from a generator seeded by the
// certificate's place, in groups of four as the library writes them.
func (s Spec) verificationCode(c int, y standards.AcademicYear, role int) string {
	rng := rand.New(rand.NewPCG(uint64(s.slot(c, y, role)), 0xce27))
	b := make([]byte, 20)
	for i := range b {
		b[i] = codeAlphabet[rng.IntN(len(codeAlphabet))]
	}
	return groups(string(b))
}

// serial writes the slot in the alphabet, so that serials never collide.
func (s Spec) serial(c int, y standards.AcademicYear, role int) string {
	n := s.slot(c, y, role)
	b := make([]byte, 8)
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = codeAlphabet[n%32]
		n /= 32
	}
	return fmt.Sprintf("EOPS-%02d%02d-%s", int(y)%100, (int(y)+1)%100, groups(string(b)))
}

func groups(s string) string {
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), "-")
}

// centreGen makes one centre's three years.
type centreGen struct {
	ctx context.Context
	tx  standards.Tx
	s   Spec
	c   int
	rng *rand.Rand

	items map[standards.AcademicYear]map[standards.KeyArea][]standards.CatalogueItem

	centre standards.Centre
	people [rolesPerCentre]standards.Person
	events int // appended so far, for the next event's id
}

// catalogueItems are the suggested areas of each year of s, by area, from
// the catalogue the library ships.
func catalogueItems(s Spec) map[standards.AcademicYear]map[standards.KeyArea][]standards.CatalogueItem {
	cat := standards.DefaultCatalogue()
	out := map[standards.AcademicYear]map[standards.KeyArea][]standards.CatalogueItem{}
	for y := s.Year - 2; y <= s.Year; y++ {
		out[y] = map[standards.KeyArea][]standards.CatalogueItem{}
		for _, it := range cat.For(y).Items {
			out[y][it.Area] = append(out[y][it.Area], it)
		}
	}
	return out
}

// ukDay is a day of the academic year y: month and day, at hour UTC.
func ukDay(y standards.AcademicYear, month time.Month, day, hour int) time.Time {
	year := int(y)
	if month < time.September {
		year++
	}
	return time.Date(year, month, day, hour, 0, 0, 0, time.UTC)
}

func (g *centreGen) load() error {
	s, c := g.s, g.c
	first := s.Year - 2
	g.centre = standards.Centre{
		ID: s.id("ce", s.FirstCentre+c), Number: s.centreNumber(c), Name: fmt.Sprintf("Centre %s Academy", s.centreNumber(c)),
		TrustID: s.id("tr", s.FirstCentre/TrustSize+c/TrustSize), CreatedAt: ukDay(first, time.September, 5, 9),
	}
	if err := g.tx.CreateCentre(g.ctx, g.centre); err != nil {
		return err
	}
	for role := range rolesPerCentre {
		n := roleNames[role]
		g.people[role] = standards.Person{
			ID: s.id("pe", s.personSlot(c, role)), Email: s.email(c, role),
			Name: fmt.Sprintf("%s %s %d", n.first, n.last, 10000+s.FirstCentre+c), OwnName: true, CreatedAt: g.centre.CreatedAt,
		}
		if err := g.tx.CreatePerson(g.ctx, g.people[role]); err != nil {
			return err
		}
	}
	for y := first; y <= s.Year; y++ {
		if err := g.year(y); err != nil {
			return err
		}
	}
	return nil
}

// year makes the centre's registration for y, its members, and their
// records.
func (g *centreGen) year(y standards.AcademicYear) error {
	s, c := g.s, g.c
	head := g.people[roleHead]
	registered := ukDay(y, time.September, 5, 9)
	if err := g.tx.CreateCentreYear(g.ctx, standards.CentreYear{CentreID: g.centre.ID, Year: y, RegisteredAt: registered, RegisteredBy: head.ID}); err != nil {
		return err
	}
	if err := g.audit(registered, roleHead, "centre.register", "centre/"+g.centre.ID, fmt.Sprintf("registered %s for %s", g.centre.Number, y)); err != nil {
		return err
	}
	regs := map[int]standards.Registration{}
	roles := []int{roleHead, roleLM, roleEO1, roleEO2}
	if y == s.Year {
		roles = append(roles, rolePending)
	}
	for _, role := range roles {
		at := registered.Add(time.Duration(role) * 24 * time.Hour)
		r := standards.Registration{
			ID: s.id("rg", s.slot(c, y, role)), CentreID: g.centre.ID, PersonID: g.people[role].ID, Year: y,
			Roles:  standards.Roles{[]standards.Role{standards.RoleSL, standards.RoleLM, standards.RoleEO, standards.RoleEO, standards.RoleEO}[role]},
			Status: standards.StatusApproved, Admin: role == roleHead, RequestedAt: at, RegisteredBy: head.ID, DecidedAt: at, DecidedBy: head.ID,
			// Everyone has acted at their centre in the generated years.
			AcceptedAt: at,
		}
		if role != roleHead {
			r.InvitedName, r.InvitedEmail = g.people[role].Name, g.people[role].Email
		}
		if role == rolePending {
			r.Status, r.RegisteredBy, r.DecidedAt, r.DecidedBy = standards.StatusPending, g.people[role].ID, time.Time{}, ""
			r.RequestedAt = ukDay(y, time.November, 1, 10)
			if r.RequestedAt.After(s.Now) {
				r.RequestedAt = s.Now.Add(-time.Hour)
			}
			r.InvitedName, r.InvitedEmail, r.AcceptedAt = "", "", r.RequestedAt
		}
		if err := g.tx.CreateRegistration(g.ctx, r); err != nil {
			return err
		}
		regs[role] = r
		if err := g.audit(r.RequestedAt, roleHead, "registration.create", "registration/"+r.ID, "registered "+g.people[role].Name); err != nil {
			return err
		}
		if r.Status == standards.StatusApproved && role != roleHead {
			if err := g.event(r.RequestedAt, standards.EventRegistrationApproved, []int{role}, "registration/"+r.ID, "registered you at "+string(g.centre.Number)); err != nil {
				return err
			}
		}
	}
	for _, eo := range []int{roleEO1, roleEO2} {
		overseer := roleHead
		if eo == roleEO2 {
			overseer = roleLM
		}
		at := regs[eo].DecidedAt.Add(time.Hour)
		if err := g.tx.CreateOversight(g.ctx, standards.Oversight{
			CentreID: g.centre.ID, Year: y, EORegistrationID: regs[eo].ID, OverseerRegistrationID: regs[overseer].ID,
			AssignedBy: g.people[roleHead].ID, AssignedAt: at,
		}); err != nil {
			return err
		}
		if err := g.audit(at, roleHead, "oversight.assign", "registration/"+regs[eo].ID, "assigned an overseer"); err != nil {
			return err
		}
		if err := g.record(y, regs[eo], eo, overseer); err != nil {
			return err
		}
	}
	return nil
}

// record makes an exams officer's record for y: complete in past years,
// under way this year, or complete and ready to claim this year for the
// second exams officer of an even-numbered centre.
func (g *centreGen) record(y standards.AcademicYear, reg standards.Registration, eo, overseer int) error {
	s, c := g.s, g.c
	slot := s.slot(c, y, eo)
	past := y < s.Year
	ready := !past && eo == roleEO2 && c%2 == 0
	certified := past && (eo == roleEO1 || (y == s.Year-2 && c%3 != 0) || (y == s.Year-1 && c%4 != 0))
	rec := standards.Record{ID: s.id("rc", slot), RegistrationID: reg.ID, CentreID: g.centre.ID, PersonID: reg.PersonID, Year: y, CreatedAt: reg.DecidedAt}
	if err := g.tx.CreateRecord(g.ctx, rec); err != nil {
		return err
	}
	if err := g.audit(rec.CreatedAt, roleHead, "record.open", "record/"+rec.ID, "opened the standards record for "+y.String()); err != nil {
		return err
	}

	// The plan of the year, as it went (past, ready) or as far as it has
	// got (under way).
	proposed, agreed := ukDay(y, time.September, 20, 10), ukDay(y, time.September, 25, 11)
	reviews := []time.Time{ukDay(y, time.December, 10, 14), ukDay(y, time.March, 10, 14), ukDay(y, time.June, 20, 14)}
	if ready {
		reviews = []time.Time{ukDay(y, time.October, 15, 14), ukDay(y, time.November, 10, 14)}
	}
	finalState := standards.TargetAchieved
	if !past && !ready {
		reviews, finalState = nil, standards.TargetAgreed
	}
	ku, ks := g.items[y][standards.AreaKnowledge], g.items[y][standards.AreaSkills]
	targets := make([]standards.Target, targetsPerRecord)
	for i := range targets {
		items := ku
		if i%2 == 1 {
			items = ks
		}
		it := items[g.rng.IntN(len(items))]
		t := standards.Target{
			ID: s.id("tg", slot*targetsPerRecord+i), RecordID: rec.ID, Area: it.Area, Title: it.Title, CatalogueItemID: it.ID,
			SuccessMeasure: "Evidence agreed at the target-setting meeting", Due: ukDay(y, time.June, 30, 0),
			State: finalState, ProposedBy: standards.SideOverseer, CreatedAt: proposed.Add(time.Duration(i) * time.Minute), UpdatedAt: agreed,
		}
		if finalState == standards.TargetAchieved {
			t.Rating, t.UpdatedAt = standards.RatingGreen, reviews[len(reviews)-1]
		}
		if err := g.tx.CreateTarget(g.ctx, t); err != nil {
			return err
		}
		targets[i] = t
		for _, ch := range []standards.TargetChange{
			{At: t.CreatedAt, By: g.people[overseer].ID, To: standards.TargetProposed},
			{At: agreed, By: g.people[eo].ID, From: standards.TargetProposed, To: standards.TargetAgreed},
		} {
			ch.TargetID, ch.RecordID = t.ID, rec.ID
			if _, err := g.tx.AppendTargetChange(g.ctx, ch); err != nil {
				return err
			}
		}
		if err := g.audit(t.CreatedAt, overseer, "target.propose", "target/"+t.ID, "proposed "+t.Title); err != nil {
			return err
		}
		if err := g.audit(agreed, eo, "target.agree", "target/"+t.ID, "agreed "+t.Title); err != nil {
			return err
		}
	}
	if err := g.event(proposed, standards.EventTargetsProposed, []int{eo}, "record/"+rec.ID, "proposed targets"); err != nil {
		return err
	}

	// Meetings: target setting, then the reviews with their updates.
	attendees := []string{reg.ID, s.id("rg", s.slot(c, y, overseer))}
	meetings := []struct {
		kind standards.MeetingKind
		day  time.Time
	}{{standards.MeetingTargetSetting, agreed}}
	for i, d := range reviews {
		kind := standards.MeetingProgressReview
		if i == len(reviews)-1 && past {
			kind = standards.MeetingFinalReview
		}
		meetings = append(meetings, struct {
			kind standards.MeetingKind
			day  time.Time
		}{kind, d})
	}
	for i, m := range meetings {
		mt := standards.Meeting{
			ID: s.id("mt", slot*8+i), RecordID: rec.ID, Kind: m.kind, Date: standards.Day(m.day), Attendees: attendees,
			Notes: "Reviewed each target and the support needed.", RecordedBy: g.people[overseer].ID, RecordedAt: m.day,
		}
		var changes []standards.TargetChange
		if i > 0 {
			last := i == len(meetings)-1
			for _, t := range targets {
				u := standards.TargetUpdate{TargetID: t.ID, State: standards.TargetInProgress, Rating: standards.RatingAmber, Comment: "on track"}
				if last {
					u.State, u.Rating = standards.TargetAchieved, standards.RatingGreen
				}
				mt.Updates = append(mt.Updates, u)
				from := standards.TargetAgreed
				if i > 1 {
					from = standards.TargetInProgress
				}
				changes = append(changes, standards.TargetChange{
					TargetID: t.ID, RecordID: rec.ID, At: m.day, By: g.people[overseer].ID, From: from, To: u.State, Rating: u.Rating, Comment: u.Comment, MeetingID: mt.ID,
				})
			}
		}
		if err := g.tx.CreateMeeting(g.ctx, mt); err != nil {
			return err
		}
		for _, ch := range changes {
			if _, err := g.tx.AppendTargetChange(g.ctx, ch); err != nil {
				return err
			}
		}
		if err := g.audit(m.day, overseer, "meeting.record", "meeting/"+mt.ID, "recorded a "+m.kind.String()); err != nil {
			return err
		}
		if err := g.event(m.day, standards.EventMeetingRecorded, []int{eo, overseer}, "record/"+rec.ID, "recorded a "+m.kind.String()); err != nil {
			return err
		}
		if i == 1 {
			a := standards.SupportAction{
				ID: s.id("sa", slot), RecordID: rec.ID, MeetingID: mt.ID, Description: "Shadow an experienced exams officer on results day",
				OwnerRegistrationID: attendees[1], Due: standards.Day(m.day.AddDate(0, 1, 0)), State: standards.ActionDone,
				DoneAt: m.day.AddDate(0, 0, 20), CreatedAt: m.day,
			}
			if err := g.tx.CreateSupportAction(g.ctx, a); err != nil {
				return err
			}
		}
	}

	// CPD through the year, up to now.
	kinds := standards.CPDKinds()
	for i := range cpdPerRecord {
		day := ukDay(y, time.October, 1, 0).AddDate(0, 0, i*30)
		if !past && day.After(s.Now) {
			break
		}
		e := standards.CPDEntry{
			ID: s.id("cp", slot*cpdPerRecord+i), RecordID: rec.ID, Kind: kinds[g.rng.IntN(len(kinds))],
			Title: fmt.Sprintf("CPD activity %d", i+1), Date: day, Hours: float64(2+g.rng.IntN(16)) / 4 * 2,
			Provider: "NAEO", Verified: i%2 == 0, Reflection: "What I learnt and how I will use it at the centre.",
			TargetIDs: []string{targets[i%targetsPerRecord].ID}, CreatedAt: day.Add(17 * time.Hour),
		}
		if err := g.tx.CreateCPDEntry(g.ctx, e); err != nil {
			return err
		}
		if err := g.audit(e.CreatedAt, eo, "cpd.log", "cpd/"+e.ID, "logged "+e.Title); err != nil {
			return err
		}
	}

	// The statement: signed by the exams officer, countersigned when the
	// year is complete.
	statement := standards.Statement{Year: y, Text: standards.DefaultStatementText}
	sides := []standards.Side{standards.SideEO}
	if past || ready {
		sides = append(sides, standards.SideOverseer)
	}
	for i, side := range sides {
		who := eo
		if side == standards.SideOverseer {
			who = overseer
		}
		at := ukDay(y, time.October, 1+2*i, 12)
		if err := g.tx.CreateSignature(g.ctx, standards.Signature{
			RecordID: rec.ID, Side: side, PersonID: g.people[who].ID, At: at, StatementVersion: 0, StatementHash: statement.Hash(),
		}); err != nil {
			return err
		}
		if err := g.audit(at, who, "statement.sign", "record/"+rec.ID, "signed the statement"); err != nil {
			return err
		}
	}
	if err := g.tx.CreatePrivateNote(g.ctx, standards.PrivateNote{
		ID: s.id("pn", slot), RecordID: rec.ID, AuthorID: g.people[overseer].ID, Text: "Keep an eye on the workload around results.", At: agreed,
	}); err != nil {
		return err
	}

	if !certified {
		return nil
	}
	issued := ukDay(y, time.July, 1, 10)
	cert := standards.Certificate{
		ID: s.id("ct", slot), Serial: s.serial(c, y, eo), VerificationCode: s.verificationCode(c, y, eo),
		RecordID: rec.ID, PersonID: reg.PersonID, HolderName: g.people[eo].Name,
		CentreID: g.centre.ID, CentreName: g.centre.Name, CentreNumber: g.centre.Number, Year: y,
		IssuedAt: issued, ClaimedBy: g.people[overseer].ID, ClaimedByName: g.people[overseer].Name,
	}
	if err := g.tx.CreateCertificate(g.ctx, cert); err != nil {
		return err
	}
	rec.ClosedAt = issued
	if err := g.tx.UpdateRecord(g.ctx, rec); err != nil {
		return err
	}
	if err := g.audit(issued, overseer, "certificate.issue", "certificate/"+cert.ID, "claimed certificate "+cert.Serial); err != nil {
		return err
	}
	return g.event(issued, standards.EventCertificateIssued, []int{eo, overseer}, "certificate/"+cert.ID, "claimed certificate "+cert.Serial)
}

// audit appends an entry as the person in role.
func (g *centreGen) audit(at time.Time, role int, action, subject, summary string) error {
	p := g.people[role]
	_, err := g.tx.AppendAudit(g.ctx, standards.AuditEntry{
		At: at, Actor: p.Email, ActorID: p.ID, Action: action, Subject: subject, CentreID: g.centre.ID, Summary: summary,
	})
	return err
}

// event appends an outbox event to the people in roles, acknowledged by
// the host unless it is of the last week.
func (g *centreGen) event(at time.Time, kind standards.EventKind, roles []int, subject, summary string) error {
	to := make([]string, len(roles))
	for i, r := range roles {
		to[i] = g.people[r].Email
	}
	g.events++
	eventID := g.s.id("ev", (g.s.FirstCentre+g.c)*1_000_000+g.events)
	seq, err := g.tx.AppendEvent(g.ctx, standards.Event{ID: eventID, At: at, Kind: kind, To: to, CentreID: g.centre.ID, Subject: subject, Summary: summary})
	if err != nil || at.After(g.s.Now.AddDate(0, 0, -7)) {
		return err
	}
	return g.tx.AckEvent(g.ctx, seq, at.Add(time.Minute))
}
