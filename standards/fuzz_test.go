package standards_test

// Fuzz targets for every parser and validator of outside input in the
// domain: academic years, centre numbers, e-mail addresses, roles,
// verification codes, the choices of a form, the two CSV imports and the
// catalogue's JSON. Each checks what the parser promises, not only that it
// does not panic. Their seed corpora (f.Add below and testdata/fuzz/FuzzX)
// run as ordinary tests in `go test ./...`; `go test -fuzz` explores further
// (see .ci/run and docs/security.md).

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
)

// requireFields checks the contract every parser keeps when it refuses
// input: a *standards.ValidationError that names only fields from want,
// each with a message a person can read.
func requireFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve, "want a *standards.ValidationError, got %T: %v", err, err)
	require.NotEmpty(t, ve.Fields, "a ValidationError names at least one field")
	for _, f := range ve.Fields {
		assert.Contains(t, want, f.Field, "unexpected field in %v", err)
		assert.NotEmpty(t, f.Message, "field %s has no message", f.Field)
		assert.Contains(t, standards.FieldCodes(), f.Code, "field %s has no documented code", f.Field)
	}
}

// cleanText reports whether s is text a page, a PDF and every database can
// hold: valid UTF-8 without control characters.
func cleanText(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0
}

// asciiUpper upper-cases the ASCII letters of s and leaves every other byte
// alone, so that lower-casing it again gives s back when s was lower case.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// yearPattern is R-YEAR-1's written form: 2025/26 or 2025-26.
var yearPattern = regexp.MustCompile(`^([0-9]{4})[/-]([0-9]{2})$`)

// FuzzParseAcademicYear checks ParseAcademicYear against R-YEAR-1 written
// out independently: it accepts exactly four digits, a slash or a dash, and
// the next year's two digits, within the years Validate serves; what it
// accepts validates and its String parses back to it, in both spellings.
func FuzzParseAcademicYear(f *testing.F) {
	for _, s := range []string{"2025/26", "2025-26", " 2099/00 ", "2098/99", "2000/01", "1999/00",
		"2025/27", "", "2025", "2025/2026", "２０２５/26", "2025/26/27", "2025–26", "+025/26", "2025/ 26"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := standards.ParseAcademicYear(s)

		want := false
		if m := yearPattern.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			start, _ := strconv.Atoi(m[1])
			end, _ := strconv.Atoi(m[2])
			want = (start+1)%100 == end && standards.AcademicYear(start).Validate() == nil
		}
		if err != nil {
			require.False(t, want, "%q is an academic year, refused: %v", s, err)
			requireFields(t, err, "year")
			return
		}
		require.True(t, want, "%q is not an academic year, accepted as %v", s, y)
		require.NoError(t, y.Validate())
		for _, written := range []string{y.String(), strings.Replace(y.String(), "/", "-", 1)} {
			again, err := standards.ParseAcademicYear(written)
			require.NoError(t, err, "%q", written)
			require.Equal(t, y, again, "%q", written)
		}
	})
}

// FuzzAcademicYear checks AcademicYear's Validate and the dates of a valid
// year: it is written as 2025/26 and parses back, it runs from 1 September
// to 31 August (R-YEAR-1), and its registration window ends inside it
// (R-YEAR-3). An invalid year is a *ValidationError on "year".
func FuzzAcademicYear(f *testing.F) {
	for _, n := range []int{2025, 2000, 2098, 1999, 2099, 0, -1, 1 << 40} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int) {
		y := standards.AcademicYear(n)
		if err := y.Validate(); err != nil {
			requireFields(t, err, "year")
			return
		}
		require.Regexp(t, `^[0-9]{4}/[0-9]{2}$`, y.String())
		again, err := standards.ParseAcademicYear(y.String())
		require.NoError(t, err)
		require.Equal(t, y, again)

		start, end := y.Start(), y.End()
		require.True(t, start.Before(end))
		require.Equal(t, y, standards.YearOf(start))
		require.Equal(t, y, standards.YearOf(end.Add(-1)), "31 August is still in the year")
		require.Equal(t, y+1, standards.YearOf(end))
		require.True(t, y.Contains(start))
		require.False(t, y.Contains(end))
		require.True(t, y.Contains(y.RegistrationWindowEnd()))
	})
}

// centrePattern is R-CEN-1: five digits, or two letters and three digits,
// in either case before the number is stored upper-case.
var centrePattern = regexp.MustCompile(`^([0-9]{5}|[A-Za-z]{2}[0-9]{3})$`)

// FuzzParseCentreNumber checks ParseCentreNumber against R-CEN-1 written
// out independently: surrounding spaces trimmed, five digits or two letters
// and three digits, "anything else is invalid". What it accepts is stored
// upper-case and parses back to itself.
func FuzzParseCentreNumber(f *testing.F) {
	for _, s := range []string{"12345", "GB123", "gb123", " 12345\t", "1234", "123456", "GB1234",
		"G1234", "12AB3", "", "ＧＢ123", "gb 123", "\u00a0GB123\u3000", "ſſ123", "ıı123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := standards.ParseCentreNumber(s)
		trimmed := strings.TrimSpace(s)
		if err != nil {
			require.False(t, centrePattern.MatchString(trimmed), "%q is a centre number, refused: %v", s, err)
			requireFields(t, err, "centre_number")
			return
		}
		require.True(t, centrePattern.MatchString(trimmed), "%q is not a centre number, accepted as %q", s, n)
		require.Equal(t, standards.CentreNumber(strings.ToUpper(trimmed)), n)
		again, err := standards.ParseCentreNumber(string(n))
		require.NoError(t, err)
		require.Equal(t, n, again)
	})
}

// FuzzNormaliseEmail checks that an address NormaliseEmail accepts is
// one identity (R-PER-1): normalising it again changes nothing, the same
// address typed in capitals or with spaces around it is the same identity,
// and it is clean text of at most 254 bytes with something either side of
// an @. A refusal is a *ValidationError on "email".
func FuzzNormaliseEmail(f *testing.F) {
	for _, s := range []string{"name@school.org.uk", " Name@School.ORG.uk\t", "", " ", "a@b", "@school.org.uk",
		"name@", "name", "Ada <ada@school.org.uk>", `"a b"@school.org.uk`, "ada@school.org.uk, bob@school.org.uk",
		"a(comment)@school.org.uk", "ä@schüle.de", "ada@[192.0.2.1]", "a..b@school.org.uk", "ada\u0085lovelace@school.org.uk",
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 189) + ".uk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := standards.NormaliseEmail(s)
		if err != nil {
			requireFields(t, err, "email")
			return
		}
		again, err := standards.NormaliseEmail(e)
		require.NoError(t, err, "%q normalised to %q, which is refused", s, e)
		require.Equal(t, e, again, "normalising twice changes %q", s)
		typed, err := standards.NormaliseEmail(" " + asciiUpper(e) + "\t")
		require.NoError(t, err)
		require.Equal(t, e, typed, "capitals and spaces make another identity of %q", e)

		// Bytes that are not text are no identity: lower-casing turns each
		// into U+FFFD, so that different inputs would become one person.
		require.True(t, utf8.ValidString(s), "%q is not text, accepted as %q", s, e)
		require.LessOrEqual(t, len(e), 254)
		require.True(t, cleanText(e), "%q is accepted as %q, which is not clean text", s, e)
		require.False(t, strings.ContainsAny(e, " <>\""), "%q", e)
		local, domain, ok := strings.Cut(e, "@")
		require.True(t, ok && local != "" && domain != "", "%q", e)
	})
}

// FuzzParseRoles checks ParseRoles, which reads the roles column of a CSV
// upload: what it accepts is one to three roles in the order EO, SL, LM
// without repeats, each written in the input as a role code in any case,
// and it writes and parses back to itself. A refusal is a
// *ValidationError on "roles".
func FuzzParseRoles(f *testing.F) {
	for _, s := range []string{"EO", "eo", "SL;LM", "eo, sl", "LM/SL/EO", "EO|EO", " ", "", "XX", "EO;XX", "E O", "EO,,SL", "EO\tSL"} {
		f.Add(s)
	}
	order := []standards.Role{standards.RoleEO, standards.RoleSL, standards.RoleLM}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := standards.ParseRoles(s)
		if err != nil {
			requireFields(t, err, "roles")
			return
		}
		require.NotEmpty(t, rs)
		require.True(t, slices.IsSortedFunc(rs, func(a, b standards.Role) int {
			return slices.Index(order, a) - slices.Index(order, b)
		}), "%v is not in the order EO, SL, LM", rs)
		require.Len(t, slices.Compact(slices.Clone(rs)), len(rs), "%v repeats a role", rs)
		for _, r := range rs {
			require.Contains(t, order, r)
		}
		for _, field := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;/ |", r) }) {
			field = strings.TrimSpace(field)
			require.True(t, slices.ContainsFunc(order, func(r standards.Role) bool { return strings.EqualFold(field, string(r)) }),
				"%q in %q is not a role code, accepted as %v", field, s, rs)
		}
		again, err := standards.ParseRoles(rs.String())
		require.NoError(t, err)
		require.Equal(t, rs, again)
	})
}

// codePattern is a verification code as the library writes it: five groups
// of four characters of Crockford's base32.
var codePattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$`)

// FuzzParseVerificationCode checks ParseVerificationCode, which reads what
// anyone types on the verification page (R-CRT-2): what it accepts comes
// back in the one form the library writes, which parses to itself, in
// lower case and without its dashes too. A refusal is a *ValidationError
// on "code".
func FuzzParseVerificationCode(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH-JKMN-PQRS-TVWX", "abcd efgh jkmn pqrs tvwx", "ABCDEFGHJKMNPQRSTVWX",
		"0O1I-L000-0000-0000-0000", "ABCD-EFGH-JKMN-PQRS-TVW", "ABCD-EFGH-JKMN-PQRS-TVWXY", "UUUU-UUUU-UUUU-UUUU-UUUU",
		"", "----", "ABCD\tEFGH\tJKMN\tPQRS\tTVWX", "ＡBCD-EFGH-JKMN-PQRS-TVWX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := standards.ParseVerificationCode(s)
		if err != nil {
			requireFields(t, err, "code")
			return
		}
		require.Regexp(t, codePattern, code, "%q", s)
		for _, typed := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", "")} {
			again, err := standards.ParseVerificationCode(typed)
			require.NoError(t, err, "%q", typed)
			require.Equal(t, code, again, "%q", typed)
		}
	})
}

// FuzzParseChoices checks the parsers of a form's fixed choices: a rating
// is exactly red, amber, green or none, and a target's area exactly
// knowledge or skills (R-TGT-1); anything else is a *ValidationError on
// "rating" or "area".
func FuzzParseChoices(f *testing.F) {
	for _, s := range []string{"", "red", "amber", "green", "Red", "knowledge", "skills", "values", " red", "KNOWLEDGE"} {
		f.Add(s)
	}
	ratings := []standards.Rating{standards.RatingNone, standards.RatingRed, standards.RatingAmber, standards.RatingGreen}
	areas := []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := standards.ParseRating(s)
		if slices.Contains(ratings, standards.Rating(s)) {
			require.NoError(t, err)
			require.Equal(t, standards.Rating(s), r)
		} else {
			requireFields(t, err, "rating")
		}
		a, err := standards.ParseTargetArea(s)
		if slices.Contains(areas, standards.KeyArea(s)) {
			require.NoError(t, err)
			require.Equal(t, standards.KeyArea(s), a)
		} else {
			requireFields(t, err, "area")
		}
	})
}

// bom is the byte-order mark spreadsheets put before "CSV UTF-8".
var bom = []byte("\ufeff")

// csvRows reads data as the importers promise to: RFC 4180 records, any
// number of fields, leading spaces trimmed, a byte-order mark ignored. The
// records are keyed by the line each starts on, as outcomes report it.
func csvRows(data []byte) map[int][]string {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rows := map[int][]string{}
	for {
		rec, err := r.Read()
		if err != nil {
			return rows
		}
		line, _ := r.FieldPos(0)
		rows[line] = rec
	}
}

// csvSeeds are files for both importers: valid ones and the shapes
// spreadsheets and people produce.
var csvSeeds = []string{
	"",
	"\n\n",
	"email,full name,centre number,academic year,date certified,certificate number\n",
	"email,full name,centre number,academic year,date certified,certificate number\n" +
		"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\n" +
		"lou@hillside.sch.uk,Lou Lane,gb123,2023-24,2024-06-30,NAEO-2\n",
	"\ufeffemail,full name,roles\r\nkim@riverside.sch.uk,Kim Kaur,EO\r\nlee@riverside.sch.uk,\"Lee, Manager\",SL;LM\r\n",
	"\ufeff\"email\",\"full name\",\"roles\"\n\"kim@riverside.sch.uk\",\"Kim \"\"KK\"\" Kaur\",\"EO\"\n",
	"\"email\",\"full name\",\"roles\"\n\"kim@riverside.sch.uk\",\"Kim Kaur\",\"EO\"\n",
	"kim@riverside.sch.uk,Kim Kaur,EO\nno-at-sign,Nobody,EO\nlee@riverside.sch.uk,Lee,XX\n",
	"kim@riverside.sch.uk,  Kim Kaur  ,12345,2024/25,2025-07-01,NAEO-1,extra\n",
	"kim@riverside.sch.uk,\"Kim\nKaur\",12345,2024/25,2025-07-01,NAEO-1\n",
	"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\nkim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-1\n",
	"kim@riverside.sch.uk,\"unterminated,12345\n",
	"kim@riverside.sch.uk,Kim \"bare\" quote,EO\n",
	"zoë@école.fr,Zoë Ōkubo,EO\n",
	"kim@riverside.sch.uk," + strings.Repeat("K", 201) + ",12345,2024/25,2025-07-01," + strings.Repeat("9", 33) + "\n",
	"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-\x7f1\nlou@riverside.sch.uk,Lou Lane,12345,2024/25,2025-07-01,NAEO-\xff\n",
}

// outcome is what a test compares of one row's result.
type outcome struct {
	Line   int
	Serial string
	Status standards.ImportStatus
	Failed bool
}

func outcomesOf(out []standards.ImportOutcome) []outcome {
	o := make([]outcome, len(out))
	for i, r := range out {
		o[i] = outcome{Line: r.Line, Serial: r.Serial, Status: r.Status, Failed: r.Err != nil}
	}
	return o
}

// FuzzImportCertificates checks the legacy import (R-REG-8) on any file:
// the call fails only with a *ValidationError on "file"; every row reports
// its own line, in order; a refused row names its bad fields; an imported
// row's certificate is in the store within the limits (a clean name of at
// most 200 characters, a clean certificate number of at most 32, a valid
// centre number and year, the date as written); importing the file again
// changes nothing; and a byte-order mark before the file changes nothing.
func FuzzImportCertificates(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		svc, store, _ := newService(t, septemberDay)
		out, err := svc.ImportCertificates(ctx, operatorActor, bytes.NewReader(data), nil)
		if err != nil {
			requireFields(t, err, "file")
		}
		rows := csvRows(data)
		line := 0
		for _, o := range out {
			require.Greater(t, o.Line, line, "lines in order")
			line = o.Line
			switch o.Status {
			case standards.ImportInvalid:
				requireFields(t, o.Err, "file", "email", "full_name", "centre_number", "year", "date_certified", "certificate_number")
			case standards.ImportPresent:
				require.NoError(t, o.Err)
			case standards.ImportImported:
				require.NoError(t, o.Err)
				checkImported(t, store, rows[o.Line], o)
			default:
				t.Fatalf("line %d: status %q", o.Line, o.Status)
			}
		}

		again, err2 := svc.ImportCertificates(ctx, operatorActor, bytes.NewReader(data), nil)
		require.Equal(t, err != nil, err2 != nil)
		require.Len(t, again, len(out))
		for i, o := range again {
			want := out[i].Status
			if want == standards.ImportImported {
				want = standards.ImportPresent
			}
			require.Equal(t, out[i].Line, o.Line)
			require.Equal(t, want, o.Status, "line %d imported twice", o.Line)
		}

		if !bytes.HasPrefix(data, bom) {
			other, _, _ := newService(t, septemberDay)
			withBOM, errBOM := other.ImportCertificates(ctx, operatorActor, bytes.NewReader(append(slices.Clone(bom), data...)), nil)
			require.Equal(t, err != nil, errBOM != nil, "a byte-order mark changes the outcome: %v, then %v", err, errBOM)
			require.Equal(t, outcomesOf(out), outcomesOf(withBOM), "a byte-order mark changes the rows")
		}
	})
}

// checkImported finds the certificate an imported row made and checks it
// keeps the limits.
func checkImported(t *testing.T, store *memory.Store, rec []string, o standards.ImportOutcome) {
	t.Helper()
	require.Len(t, rec, 6, "line %d imported with %d columns", o.Line, len(rec))
	email, err := standards.NormaliseEmail(rec[0])
	require.NoError(t, err, "line %d", o.Line)
	var certs []standards.Certificate
	require.NoError(t, store.View(context.Background(), func(tx standards.Tx) error {
		p, err := tx.PersonByEmail(context.Background(), email)
		if err != nil {
			return err
		}
		certs, err = tx.CertificatesByPerson(context.Background(), p.ID)
		return err
	}))
	i := slices.IndexFunc(certs, func(c standards.Certificate) bool { return c.Serial == o.Serial })
	require.GreaterOrEqual(t, i, 0, "line %d: no certificate %q for %s", o.Line, o.Serial, email)
	c := certs[i]

	require.True(t, c.HolderName != "" && utf8.RuneCountInString(c.HolderName) <= 200 && cleanText(c.HolderName), "holder name %q", c.HolderName)
	require.True(t, c.Serial != "" && utf8.RuneCountInString(c.Serial) <= 32 && cleanText(c.Serial), "certificate number %q", c.Serial)
	n, err := standards.ParseCentreNumber(string(c.CentreNumber))
	require.NoError(t, err)
	require.Equal(t, c.CentreNumber, n)
	require.NoError(t, c.Year.Validate())
	require.Equal(t, strings.TrimSpace(rec[4]), c.IssuedAt.Format("2006-01-02"))
	code, err := standards.ParseVerificationCode(c.VerificationCode)
	require.NoError(t, err)
	require.Equal(t, c.VerificationCode, code)
}

// rowOutcome is what a test compares of one bulk registration's result.
type rowOutcome struct {
	Line   int
	Email  string
	Failed bool
}

func rowOutcomesOf(out []standards.RowOutcome) []rowOutcome {
	o := make([]rowOutcome, len(out))
	for i, r := range out {
		o[i] = rowOutcome{Line: r.Line, Email: r.Email, Failed: r.Err != nil}
	}
	return o
}

// FuzzRegisterColleagues checks the bulk registration of colleagues
// (R-REG-11) on any file: the call fails only with a *ValidationError on
// "file"; it reports at most MaxCSVRows rows, each with its own line, in
// order; a refused row names its bad fields or is a conflict; a registered
// row is approved at once (R-REG-10) at the centre, with roles, and its
// person's e-mail address is normalised and their name clean; and a
// byte-order mark before the file changes nothing.
func FuzzRegisterColleagues(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	register := func(t *testing.T, data []byte) (*memory.Store, standards.Registration, []standards.RowOutcome, error) {
		svc, store, _ := newService(t, septemberDay)
		admin, err := svc.RegisterCentre(context.Background(), adminActor, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: adminActor.Name, Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		out, err := svc.RegisterColleagues(context.Background(), adminActor, admin.CentreID, year, bytes.NewReader(data))
		return store, admin, out, err
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		store, admin, out, err := register(t, data)
		if err != nil {
			requireFields(t, err, "file")
			require.Empty(t, out)
		}
		require.LessOrEqual(t, len(out), standards.MaxCSVRows)
		line := 0
		for _, o := range out {
			require.Greater(t, o.Line, line, "lines in order")
			line = o.Line
			if o.Err != nil {
				if !errors.Is(o.Err, standards.ErrConflict) {
					requireFields(t, o.Err, "file", "email", "full_name", "roles")
				}
				continue
			}
			reg := o.Registration
			require.True(t, reg.Approved(), "line %d", o.Line)
			require.Equal(t, admin.CentreID, reg.CentreID)
			require.Equal(t, year, reg.Year)
			require.NotEmpty(t, reg.Roles)
			var p standards.Person
			require.NoError(t, store.View(context.Background(), func(tx standards.Tx) error {
				var err error
				p, err = tx.Person(context.Background(), reg.PersonID)
				return err
			}))
			email, err := standards.NormaliseEmail(o.Email)
			require.NoError(t, err, "line %d", o.Line)
			require.Equal(t, email, p.Email, "line %d", o.Line)
			require.True(t, p.Name != "" && utf8.RuneCountInString(p.Name) <= 200 && cleanText(p.Name), "name %q", p.Name)
		}

		if !bytes.HasPrefix(data, bom) {
			_, _, withBOM, errBOM := register(t, append(slices.Clone(bom), data...))
			require.Equal(t, err != nil, errBOM != nil, "a byte-order mark changes the outcome: %v, then %v", err, errBOM)
			require.Equal(t, rowOutcomesOf(out), rowOutcomesOf(withBOM), "a byte-order mark changes the rows")
		}
	})
}

// FuzzReadCatalogueEdition checks the reader of a host's own catalogue
// file: what it accepts validates, can be published, and is then the
// edition in force for its year, with unique item ids and templates naming
// only its items. A refusal is a *ValidationError on the catalogue's
// fields.
func FuzzReadCatalogueEdition(f *testing.F) {
	shipped, err := os.ReadFile("data/catalogue-2025.json")
	require.NoError(f, err)
	f.Add(shipped)
	for _, s := range []string{"", "null", "{}", "[]", `{"year":"2025/26"}`, `{"year":"2025-26","items":[{"id":"a","area":"skills","title":"T"}]}`,
		`{"year":"2025/26","items":[{"id":"a","area":"values","title":"T"}]}`,
		`{"year":"2025/26","items":[{"id":"a","area":"skills","title":"T"},{"id":"a","area":"skills","title":"U"}]}`,
		`{"year":"2025/26","templates":[{"id":"t","targets":[{"item":"missing"}]}]}`,
		`{"year":"2025/26","items":[{"id":"a","area":"skills","title":" "}]}`, `{"year":1}`, "{\"year\":\"2025/26\"", "\ufeff{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := standards.ReadCatalogueEdition(data)
		if err != nil {
			requireFields(t, err, "catalogue", "year", "catalogue.year", "catalogue.items", "catalogue.templates")
			return
		}
		require.NoError(t, e.Validate())
		var c standards.Catalogue
		require.NoError(t, c.Publish(e))
		inForce := c.For(e.Year)
		require.Equal(t, e.Year, inForce.Year)
		require.Len(t, inForce.Items, len(e.Items))
		seen := map[string]bool{}
		for _, it := range e.Items {
			require.False(t, seen[it.ID], "item %q repeated", it.ID)
			seen[it.ID] = true
			require.NotEmpty(t, it.ID)
			require.Contains(t, []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills}, it.Area)
			require.NotEmpty(t, strings.TrimSpace(it.Title))
		}
		for _, tpl := range e.Templates {
			for _, tt := range tpl.Targets {
				_, ok := e.Item(tt.ItemID)
				require.True(t, ok, "template %q names unknown item %q", tpl.ID, tt.ItemID)
			}
		}
	})
}

// The regression tests for what the fuzz targets found. Each input is also
// kept in testdata/fuzz of its target.

// TestNormaliseEmailRefusesBytesThatAreNotText: FuzzNormaliseEmail found
// "0@\xd3" accepted as "0@\ufffd", so that any byte that is not UTF-8 made
// the same identity (R-PER-1).
func TestNormaliseEmailRefusesBytesThatAreNotText(t *testing.T) {
	for _, s := range []string{"0@\xd3", "ada@school.org.uk\xff", "\xfe@school.org.uk"} {
		_, err := standards.NormaliseEmail(s)
		requireFields(t, err, "email")
	}
}

// TestNormaliseEmailRefusesControlCharacters: a C1 control character, which
// net/mail lets through in a UTF-8 address, was accepted inside an identity.
func TestNormaliseEmailRefusesControlCharacters(t *testing.T) {
	_, err := standards.NormaliseEmail("ada\u0085lovelace@school.org.uk")
	requireFields(t, err, "email")
}

// TestR_CEN_1_OnlyASCIILetters: "ſſ123" and "ıı123" were accepted as
// SS123 and II123, because upper-casing came before the check of the shape.
func TestR_CEN_1_OnlyASCIILetters(t *testing.T) {
	for _, s := range []string{"ſſ123", "ıı123", "ſ1234"} {
		_, err := standards.ParseCentreNumber(s)
		requireFields(t, err, "centre_number")
	}
	n, err := standards.ParseCentreNumber(" gb123 ")
	require.NoError(t, err)
	assert.Equal(t, standards.CentreNumber("GB123"), n)
}

// TestCSVByteOrderMark: the byte-order mark of "CSV UTF-8" was left in the
// first field, so that an empty file with one became a file of one bad row,
// and a quoted first field became a bare quote that refused the whole file.
func TestCSVByteOrderMark(t *testing.T) {
	ctx := context.Background()
	t.Run("EmptyFile", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.svc.RegisterColleagues(ctx, adminActor, f.centre.ID, year, strings.NewReader("\ufeff"))
		requireFields(t, err, "file")
		assert.Contains(t, err.Error(), "no rows")

		out, err := f.svc.ImportCertificates(ctx, operatorActor, strings.NewReader("\ufeff\n"), nil)
		require.NoError(t, err)
		assert.Empty(t, out)
	})
	t.Run("QuotedHeader", func(t *testing.T) {
		f := newFixture(t)
		out, err := f.svc.RegisterColleagues(ctx, adminActor, f.centre.ID, year, strings.NewReader(
			"\ufeff\"email\",\"full name\",\"roles\"\r\n\"kim@riverside.sch.uk\",\"Kim Kaur\",\"EO\"\r\n"))
		require.NoError(t, err)
		require.Len(t, out, 1)
		require.NoError(t, out[0].Err)
		assert.Equal(t, 2, out[0].Line)

		imported, err := f.svc.ImportCertificates(ctx, operatorActor, strings.NewReader(
			"\ufeff\"email\",\"full name\",\"centre number\",\"academic year\",\"date certified\",\"certificate number\"\n"+
				"\"kim@riverside.sch.uk\",\"Kim Kaur\",\"12345\",\"2024/25\",\"2025-07-01\",\"NAEO-1\"\n"), nil)
		require.NoError(t, err)
		require.Len(t, imported, 1)
		assert.Equal(t, standards.ImportImported, imported[0].Status, "%v", imported[0].Err)
	})
}

// TestR_REG_8_CertificateNumberIsCleanText: a certificate number with DEL,
// a C1 control or a byte that is not UTF-8 was imported, where only the
// controls below space were refused.
func TestR_REG_8_CertificateNumberIsCleanText(t *testing.T) {
	f := newFixture(t)
	out, err := f.svc.ImportCertificates(context.Background(), operatorActor, strings.NewReader(
		"kim@riverside.sch.uk,Kim Kaur,12345,2024/25,2025-07-01,NAEO-\x7f1\n"+
			"lou@riverside.sch.uk,Lou Lane,12345,2024/25,2025-07-01,NAEO-\xff\n"+
			"max@riverside.sch.uk,Max Moss,12345,2024/25,2025-07-01,NAEO-\u00851\n"), nil)
	require.NoError(t, err)
	require.Len(t, out, 3)
	for _, o := range out {
		assert.Equal(t, standards.ImportInvalid, o.Status, "line %d", o.Line)
		requireFields(t, o.Err, "certificate_number")
	}
}

// TestNamesAndTextRefuseBidiControls: the characters that reorder text
// around them (U+202E and the like) are refused in names and free text, as
// control characters are, so that a name or a title cannot read on a page,
// a certificate or a CSV as something other than what is stored. Found
// while writing the seed corpus of FuzzProposeTarget.
func TestNamesAndTextRefuseBidiControls(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := recordOf(t, f.svc, eoActor)
	for _, r := range []string{"\u202e", "\u202a", "\u2066", "\u2069"} {
		_, _, err := f.svc.ProposeTarget(t.Context(), eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Exams" + r + "officer"})
		requireFields(t, err, "title")
		_, _, err = f.svc.ProposeTarget(t.Context(), eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Fine", Description: "Read" + r + "this"})
		requireFields(t, err, "description")
	}
	// A right-to-left mark, as a name written in Arabic may carry, stays.
	_, _, err := f.svc.ProposeTarget(t.Context(), eoActor, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "\u0633\u0627\u0631\u0629\u200f"})
	require.NoError(t, err)
}

// TestNormaliseEmailRefusesInvisibleCharacters: an address with a zero-width
// space or a bidi override in it would read on a page as a colleague's
// (found in review).
func TestNormaliseEmailRefusesInvisibleCharacters(t *testing.T) {
	t.Parallel()
	for _, e := range []string{"ali\u202ece@school.org", "al\u200bice@school.org", "alice@school\u2066.org", "\ufeffalice@school.org"} {
		_, err := standards.NormaliseEmail(e)
		requireFields(t, err, "email")
	}
}
