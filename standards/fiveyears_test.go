package standards_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// The people of the five years. Olive left Riverside before the platform
// came; her certificate arrives only by import and she never registers.
var (
	adaHead  = standards.Actor{Email: "ada@riverside.sch.uk", Name: "Ada Head"}
	eveEO    = standards.Actor{Email: "eve@riverside.sch.uk", Name: "Eve Officer"}
	tomEO    = standards.Actor{Email: "tom@riverside.sch.uk", Name: "Tom Mover"}
	niaEO    = standards.Actor{Email: "nia@riverside.sch.uk", Name: "Nia Newcomer"}
	oliveEO  = standards.Actor{Email: "olive@retired.example", Name: "Olive Hand"}
	hanaHead = standards.Actor{Email: "hana@hillside.sch.uk", Name: "Hana Head"}
	louLead  = standards.Actor{Email: "lou@valley.org.uk", Name: "Lou Lead"}
	opsActor = standards.Actor{Email: "ops@naeo.org.uk", Name: "Ops", Operator: true}
)

// legacyFile is the earlier platform's history of Riverside's first two
// years, 2021/22 and 2022/23.
const legacyFile = `email,full name,centre number,academic year,date certified,certificate number
eve@riverside.sch.uk,Eve Officer,12345,2021/22,2022-07-12,NAEO-2122-0101
olive@retired.example,Olive Hand,12345,2021/22,2022-07-12,NAEO-2122-0102
eve@riverside.sch.uk,Eve Officer,12345,2022/23,2023-07-05,NAEO-2223-0201
tom@riverside.sch.uk,Tom Mover,12345,2022/23,2023-07-05,NAEO-2223-0202
`

// fiveYears walks the years of one centre and its sister centre, remembering
// what a check needs.
type fiveYears struct {
	t   *testing.T
	svc *standards.Service
	clk *clock
	// riverside and hillside are the centres' ids.
	riverside, hillside string
}

// september moves the clock to the start of the academic year y.
func (w *fiveYears) september(y standards.AcademicYear) {
	w.clk.t = time.Date(int(y), time.September, 10, 9, 0, 0, 0, time.UTC)
}

// march moves the clock into the spring of y, when meetings and claims are.
func (w *fiveYears) march(y standards.AcademicYear) {
	w.clk.t = time.Date(int(y)+1, time.March, 12, 9, 0, 0, 0, time.UTC)
}

// registerCentre registers a centre for year y as its head, admin and SL.
func (w *fiveYears) registerCentre(head standards.Actor, y standards.AcademicYear, number standards.CentreNumber, name string) standards.Registration {
	w.t.Helper()
	reg, err := w.svc.RegisterCentre(w.t.Context(), head, standards.CentreRegistration{
		Year: y, CentreNumber: number, CentreName: name, FullName: head.Name, Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(w.t, err)
	return reg
}

// joinAsEO has eo ask to join the centre for y, the head approve them and
// take them on; it returns the registration and its record.
func (w *fiveYears) joinAsEO(eo, head standards.Actor, headReg standards.Registration, y standards.AcademicYear, number standards.CentreNumber) (standards.Registration, string) {
	w.t.Helper()
	ctx := w.t.Context()
	reg, err := w.svc.RequestToJoin(ctx, eo, standards.JoinRequest{Year: y, CentreNumber: number, FullName: eo.Name, Roles: standards.Roles{standards.RoleEO}})
	require.NoError(w.t, err)
	reg, err = w.svc.ApproveRegistration(ctx, head, reg.ID)
	require.NoError(w.t, err)
	_, err = w.svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: reg.ID, Overseer: headReg.ID})
	require.NoError(w.t, err)
	return reg, w.recordFor(eo, reg.ID)
}

func (w *fiveYears) recordFor(eo standards.Actor, registrationID string) string {
	w.t.Helper()
	mine, err := w.svc.MyRegistrations(w.t.Context(), eo)
	require.NoError(w.t, err)
	for _, m := range mine {
		if m.Registration.ID == registrationID {
			require.NotEmpty(w.t, m.RecordID)
			return m.RecordID
		}
	}
	w.t.Fatalf("%s has no registration %s", eo.Email, registrationID)
	return ""
}

// work sets targets from the experienced template, signs and reviews; with
// achieve, every target is achieved and the head claims the certificate.
func (w *fiveYears) work(eo, head standards.Actor, eoReg, headReg standards.Registration, record string, achieve bool) standards.Certificate {
	w.t.Helper()
	ctx := w.t.Context()
	targets, _, err := w.svc.ApplyTemplate(ctx, head, record, "experienced-eo")
	require.NoError(w.t, err)
	var updates []standards.TargetUpdate
	for _, tg := range targets {
		_, err = w.svc.AgreeTarget(ctx, eo, tg.ID)
		require.NoError(w.t, err)
		state := standards.TargetInProgress
		if achieve {
			state = standards.TargetAchieved
		}
		updates = append(updates, standards.TargetUpdate{TargetID: tg.ID, State: state, Rating: standards.RatingGreen})
	}
	_, err = w.svc.SignStatement(ctx, eo, record)
	require.NoError(w.t, err)
	_, err = w.svc.CountersignStatement(ctx, head, record)
	require.NoError(w.t, err)
	_, err = w.svc.RecordMeeting(ctx, head, record, standards.MeetingInput{
		Kind: standards.MeetingProgressReview, Date: w.clk.t, Attendees: []string{eoReg.ID, headReg.ID}, Updates: updates,
	})
	require.NoError(w.t, err)
	if !achieve {
		return standards.Certificate{}
	}
	cert, err := w.svc.Claim(ctx, head, record, allConfirmed())
	require.NoError(w.t, err)
	return cert
}

// TestR_REG_7_FiveYearsOfOneCentre runs five academic years of Riverside
// Academy and its sister centre Hillside College in the same trust. The
// first two years were on an earlier platform and arrive by legacy import
// (R-REG-8); the next three run here, with staff joining, leaving, moving to
// Hillside, certified some years and not others. After the fifth year's
// registration, every certificate of every year is in its holder's history
// (R-REG-7, R-PER-2), verifiable (R-CRT-2), and visible only to those the
// rulebook allows.
func TestR_REG_7_FiveYearsOfOneCentre(t *testing.T) {
	forEachStore(t, time.Date(2023, time.September, 10, 9, 0, 0, 0, time.UTC), func(t *testing.T, svc *standards.Service, clk *clock) {
		ctx := t.Context()
		w := &fiveYears{t: t, svc: svc, clk: clk}
		// want is each person's certificates, by serial, as the years add them.
		want := map[string][]string{}

		// 2023/24, the platform's first year. The operator imports the first
		// two years before anyone has registered.
		y3 := standards.AcademicYear(2023)
		w.september(y3)
		out, err := svc.ImportCertificates(ctx, opsActor, strings.NewReader(legacyFile), nil)
		require.NoError(t, err)
		for _, o := range out {
			require.Equal(t, standards.ImportImported, o.Status, "line %d: %v", o.Line, o.Err)
		}
		want[eveEO.Email] = []string{"NAEO-2122-0101", "NAEO-2223-0201"}
		want[oliveEO.Email] = []string{"NAEO-2122-0102"}
		want[tomEO.Email] = []string{"NAEO-2223-0202"}

		adaY3 := w.registerCentre(adaHead, y3, "12345", "Riverside Academy")
		w.riverside = adaY3.CentreID
		hanaY3 := w.registerCentre(hanaHead, y3, "54321", "Hillside College")
		w.hillside = hanaY3.CentreID
		trust, err := svc.CreateTrust(ctx, opsActor, "Valley Learning Trust")
		require.NoError(t, err)
		_, err = svc.AppointTrustLead(ctx, opsActor, trust.ID, louLead.Email, louLead.Name)
		require.NoError(t, err)
		for _, c := range []struct {
			head   standards.Actor
			number standards.CentreNumber
		}{{adaHead, "12345"}, {hanaHead, "54321"}} {
			invite, err := svc.InviteCentre(ctx, louLead, trust.ID, c.number)
			require.NoError(t, err)
			_, err = svc.AcceptTrustRequest(ctx, c.head, invite.ID)
			require.NoError(t, err)
		}

		// Eve and Tom join; their imported certificates were waiting for them.
		eveY3, eveRecY3 := w.joinAsEO(eveEO, adaHead, adaY3, y3, "12345")
		tomY3, tomRecY3 := w.joinAsEO(tomEO, adaHead, adaY3, y3, "12345")
		mine, err := svc.MyCertificates(ctx, tomEO)
		require.NoError(t, err)
		assert.Equal(t, []string{"NAEO-2223-0202"}, serials(mine), "attached when Tom first registered")
		w.march(y3)
		want[eveEO.Email] = append(want[eveEO.Email], w.work(eveEO, adaHead, eveY3, adaY3, eveRecY3, true).Serial)
		want[tomEO.Email] = append(want[tomEO.Email], w.work(tomEO, adaHead, tomY3, adaY3, tomRecY3, true).Serial)

		// 2024/25. Everyone re-registers; Nia joins, registered by Ada; Eve
		// is not certified this year; in January Tom leaves for Hillside,
		// where Hana certifies him.
		y4 := y3 + 1
		w.september(y4)
		adaY4 := w.registerCentre(adaHead, y4, "12345", "Riverside Academy")
		hanaY4 := w.registerCentre(hanaHead, y4, "54321", "Hillside College")
		eveY4, eveRecY4 := w.joinAsEO(eveEO, adaHead, adaY4, y4, "12345")
		tomAtRiverside, _ := w.joinAsEO(tomEO, adaHead, adaY4, y4, "12345")
		niaY4, err := svc.RegisterColleague(ctx, adaHead, standards.Colleague{CentreID: w.riverside, Year: y4, Email: niaEO.Email, FullName: niaEO.Name, Roles: standards.Roles{standards.RoleEO}})
		require.NoError(t, err)
		_, err = svc.AssignOverseer(ctx, adaHead, standards.Overseeing{ExamsOfficer: niaY4.ID, Overseer: adaY4.ID})
		require.NoError(t, err)

		// Nia's certificate from her previous school, a centre the platform
		// never had, arrives in a second import and is hers at once.
		late, err := svc.ImportCertificates(ctx, opsActor, strings.NewReader(
			"nia@riverside.sch.uk,Nia Newcomer,67890,2022/23,2023-07-01,NAEO-2223-0777\n"), nil)
		require.NoError(t, err)
		require.Equal(t, standards.ImportImported, late[0].Status, "%v", late[0].Err)
		want[niaEO.Email] = []string{"NAEO-2223-0777"}
		mine, err = svc.MyCertificates(ctx, niaEO)
		require.NoError(t, err)
		assert.Equal(t, []string{"NAEO-2223-0777"}, serials(mine))

		clk.t = time.Date(2025, time.January, 6, 9, 0, 0, 0, time.UTC)
		_, err = svc.Leave(ctx, tomEO, tomAtRiverside.ID)
		require.NoError(t, err)
		tomY4, tomRecY4 := w.joinAsEO(tomEO, hanaHead, hanaY4, y4, "54321")
		w.march(y4)
		w.work(eveEO, adaHead, eveY4, adaY4, eveRecY4, false)
		want[tomEO.Email] = append(want[tomEO.Email], w.work(tomEO, hanaHead, tomY4, hanaY4, tomRecY4, true).Serial)

		// 2025/26, the fifth year. Eve carries last year's targets forward
		// and is certified again; Nia is certified for the first time here;
		// Tom stays at Hillside and is not certified.
		y5 := y4 + 1
		w.september(y5)
		adaY5 := w.registerCentre(adaHead, y5, "12345", "Riverside Academy")
		hanaY5 := w.registerCentre(hanaHead, y5, "54321", "Hillside College")
		eveY5, eveRecY5 := w.joinAsEO(eveEO, adaHead, adaY5, y5, "12345")
		niaY5, niaRecY5 := w.joinAsEO(niaEO, adaHead, adaY5, y5, "12345")
		tomY5, tomRecY5 := w.joinAsEO(tomEO, hanaHead, hanaY5, y5, "54321")
		carried, err := svc.CarryForward(ctx, eveEO, eveRecY5)
		require.NoError(t, err)
		assert.NotEmpty(t, carried, "last year's unachieved targets come forward")
		for _, tg := range carried {
			_, err = svc.WithdrawTarget(ctx, adaHead, tg.ID, "covered by this year's targets")
			require.NoError(t, err)
		}
		w.march(y5)
		want[eveEO.Email] = append(want[eveEO.Email], w.work(eveEO, adaHead, eveY5, adaY5, eveRecY5, true).Serial)
		want[niaEO.Email] = append(want[niaEO.Email], w.work(niaEO, adaHead, niaY5, adaY5, niaRecY5, true).Serial)
		w.work(tomEO, hanaHead, tomY5, hanaY5, tomRecY5, false)

		// Importing the old file again changes nothing.
		again, err := svc.ImportCertificates(ctx, opsActor, strings.NewReader(legacyFile), nil)
		require.NoError(t, err)
		for _, o := range again {
			assert.Equal(t, standards.ImportPresent, o.Status, "line %d", o.Line)
		}

		// Every certificate of every year is in its holder's history, and
		// verifiable.
		people := map[string]standards.Actor{eveEO.Email: eveEO, tomEO.Email: tomEO, niaEO.Email: niaEO, oliveEO.Email: oliveEO}
		ids := map[string]string{}
		for email, serialsWanted := range want {
			a := people[email]
			mine, err := svc.MyCertificates(ctx, a)
			require.NoError(t, err)
			assert.ElementsMatch(t, serialsWanted, serials(mine), email)
			for _, c := range mine {
				v, err := svc.Verify(ctx, c.VerificationCode)
				require.NoError(t, err, c.Serial)
				assert.Equal(t, standards.CertificateValid, v.Status, c.Serial)
				assert.Equal(t, a.Name, v.HolderName, c.Serial)
				held, err := svc.Certificate(ctx, a, c.ID)
				require.NoError(t, err, "the holder sees %s", c.Serial)
				assert.Equal(t, c.Serial, held.Serial)
			}
			p, err := svc.FindPerson(ctx, opsActor, email)
			require.NoError(t, err)
			ids[email] = p.ID
			all, err := svc.CertificationHistory(ctx, opsActor, p.ID)
			require.NoError(t, err)
			assert.ElementsMatch(t, serialsWanted, serials(all), "the operator sees all of %s", email)
		}
		years := map[string][]standards.AcademicYear{}
		for email := range want {
			mine, err := svc.MyCertificates(ctx, people[email])
			require.NoError(t, err)
			for _, c := range mine {
				years[email] = append(years[email], c.Year)
			}
			slices.Sort(years[email])
		}
		assert.Equal(t, []standards.AcademicYear{2021, 2022, 2023, 2025}, years[eveEO.Email], "Eve: imported twice, certified here in 2023/24 and 2025/26, not in 2024/25")
		assert.Equal(t, []standards.AcademicYear{2022, 2023, 2024}, years[tomEO.Email], "Tom: imported, Riverside, then Hillside")
		assert.Equal(t, []standards.AcademicYear{2022, 2025}, years[niaEO.Email])
		assert.Equal(t, []standards.AcademicYear{2021}, years[oliveEO.Email])

		// Who may see whose history this year: the admins and overseers of
		// a centre where the person is registered now; not those of a centre
		// they left, not the trust's lead, not a colleague.
		sees := []struct {
			who    standards.Actor
			person string
			may    bool
		}{
			{adaHead, eveEO.Email, true},
			{adaHead, niaEO.Email, true},
			{adaHead, tomEO.Email, false}, // Tom left Riverside
			{adaHead, oliveEO.Email, false},
			{hanaHead, tomEO.Email, true}, // with his Riverside certificates too
			{hanaHead, eveEO.Email, false},
			{louLead, eveEO.Email, false},
			{louLead, tomEO.Email, false},
			{tomEO, eveEO.Email, false},
			{eveEO, niaEO.Email, false},
		}
		for _, s := range sees {
			got, err := svc.CertificationHistory(ctx, s.who, ids[s.person])
			if s.may {
				require.NoError(t, err, "%s sees %s", s.who.Email, s.person)
				assert.ElementsMatch(t, want[s.person], serials(got))
			} else {
				require.ErrorIs(t, err, standards.ErrNotFound, "%s does not see %s", s.who.Email, s.person)
			}
		}

		// Seeing a person's certificates opens nothing else of another
		// centre: Hana sees Tom's Riverside certificate in his history but
		// not his Riverside records.
		_, err = svc.Tracker(ctx, hanaHead, tomRecY3)
		require.ErrorIs(t, err, standards.ErrNotFound)
		_, err = svc.Tracker(ctx, hanaHead, tomRecY4)
		require.NoError(t, err, "his Hillside record is hers to read")
		_, err = svc.Tracker(ctx, adaHead, tomRecY4)
		require.ErrorIs(t, err, standards.ErrNotFound)

		// The earlier years stay as they were: closed when certified, open
		// and read as they were left when not.
		old, err := svc.Tracker(ctx, eveEO, eveRecY3)
		require.NoError(t, err)
		assert.True(t, old.Record.Closed())
		notCertified, err := svc.Tracker(ctx, eveEO, eveRecY4)
		require.NoError(t, err)
		assert.False(t, notCertified.Record.Closed())
		assert.Empty(t, notCertified.Certificate.ID)
	})
}

func serials(certs []standards.Certificate) []string {
	out := make([]string, 0, len(certs))
	for _, c := range certs {
		out = append(out, c.Serial)
	}
	return out
}
