package app

// Fuzz targets for the web app's reading of what a browser sends: every
// posted body, dates, the "next" address after signing in, the registration
// form, and the client's address for throttling sign-ins. They are in the
// package itself, unlike most tests, because these readers are unexported.
// Their seed corpora (f.Add below and testdata/fuzz/FuzzX) run as ordinary
// tests; `go test -fuzz` explores further (see .ci/run and docs/security.md).

import (
	"bytes"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// requireFormProblem checks that err is a *standards.ValidationError
// naming only fields from want, each with a message: what problemOf shows
// beside a form's inputs.
func requireFormProblem(t *testing.T, err error, want ...string) {
	t.Helper()
	p, ok := problemIn(err, nil)
	require.True(t, ok, "%T %v is no problem a page can show", err, err)
	require.Equal(t, http.StatusUnprocessableEntity, p.Status, "%v", err)
	require.NotEmpty(t, p.Fields)
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		assert.Contains(t, standards.FieldCodes(), f.Code, "field %s has no documented code", f.Field)
	}
	for field, message := range p.Fields {
		assert.Contains(t, want, field, "unexpected field in %v", err)
		assert.NotEmpty(t, message)
	}
}

// FuzzParseDate checks the reader of date inputs: "" is no date; a date it
// accepts is midnight UTC and is written back as it was typed; anything else
// is a *ValidationError on the input's own field.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-09-15", "", "2025-02-29", "2024-02-29", "2025-9-15", "15/09/2025", "2025-09-15T00:00:00Z",
		" 2025-09-15", "0000-01-01", "9999-12-31", "2025-13-01", "2025-00-10", "２０２５-09-15"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		day, err := parseDate("due", s)
		if s == "" {
			require.NoError(t, err)
			require.True(t, day.IsZero())
			return
		}
		if err != nil {
			requireFormProblem(t, err, "due")
			return
		}
		require.Equal(t, s, day.Format("2006-01-02"))
		require.Equal(t, time.UTC, day.Location())
		require.True(t, day.Equal(day.Truncate(24*time.Hour)), "%v is not midnight", day)
	})
}

// browserURL reads an address as a browser does (the WHATWG URL standard):
// surrounding spaces and control characters dropped, tabs and newlines
// removed anywhere, and a backslash taken for a slash.
func browserURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(s)
	return s
}

// FuzzLocalPath checks the guard on the "next" address after signing in:
// it gives back the address or "/", and the redirect the app then sends,
// read as a browser reads it, stays on the app's own host, mounted at the
// root or under a prefix.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/records/01H", "/centres/1?year=2025%2F26#people", "", "records", "//evil.example",
		"/\\evil.example", "\\\\evil.example", "/\t/evil.example", "https://evil.example/", "/%2F%2Fevil.example",
		"/.//evil.example", "/..//evil.example", "///evil.example", "/@evil.example", "javascript:alert(1)", "/\u3000/evil.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		next := localPath(p)
		if next != "/" {
			require.Equal(t, p, next, "localPath gives back the address or /")
		}
		for _, base := range []string{"", "/eops"} {
			rec := httptest.NewRecorder()
			http.Redirect(rec, httptest.NewRequest(http.MethodPost, "https://app.example/signin", nil), base+next, http.StatusSeeOther)
			loc := rec.Header().Get("Location")
			u, err := url.Parse(browserURL(loc))
			require.NoError(t, err, "Location %q", loc)
			at := (&url.URL{Scheme: "https", Host: "app.example", Path: "/signin"}).ResolveReference(u)
			require.Equal(t, "app.example", at.Host, "%q sends the browser to %q", p, loc)
			require.Equal(t, "https", at.Scheme, "%q sends the browser to %q", p, loc)
		}
	})
}

// FuzzRegistrationForm checks the reader of the forms for registering a
// centre and asking to join one: it never passes on a year the library
// would refuse, it reads the year as ParseAcademicYear does, and it passes
// the roles ticked on, upper-cased, for the library to check. A bad year is
// a *ValidationError on "year".
func FuzzRegistrationForm(f *testing.F) {
	for _, s := range [][3]string{{"2025/26", "EO", "SL"}, {" 2025-26 ", "eo", ""}, {"", "", ""}, {"2025/27", "XX", "sl"},
		{"1999/00", "EO", "EO"}, {"2025/26\x00", "ſl", "Eo"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, year, role1, role2 string) {
		body := url.Values{"year": {year}, "roles": {role1, role2}, "centre_number": {"12345"}}.Encode()
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")

		form, y, roles, err := registrationForm(r)
		want, wantErr := standards.ParseAcademicYear(strings.TrimSpace(year))
		if err != nil {
			require.Error(t, wantErr, "%q is a year, refused", year)
			requireFormProblem(t, err, "year")
		} else {
			require.NoError(t, wantErr, "%q is not a year, accepted as %v", year, y)
			require.Equal(t, want, y)
			require.NoError(t, y.Validate())
		}
		require.Equal(t, []standards.Role{standards.Role(strings.ToUpper(role1)), standards.Role(strings.ToUpper(role2))}, []standards.Role(roles))
		require.Equal(t, role1+","+role2, form["roles"])
	})
}

// FuzzReadForm checks the reading of every posted body before its handler:
// it answers 0, 400, 413 or 415, with a message exactly when it refuses; a
// form it lets through has one value of each field the pages send once, and
// a URL-encoded one holds just what its body says, so that a handler reads
// what was sent.
func FuzzReadForm(f *testing.F) {
	multipart := "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nkim@riverside.sch.uk\r\n" +
		"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"staff.csv\"\r\n\r\nkim@riverside.sch.uk,Kim,EO\r\n--b--\r\n"
	for _, s := range [][2]string{
		{"application/x-www-form-urlencoded", "email=kim%40riverside.sch.uk&roles=EO&roles=SL"},
		{"application/x-www-form-urlencoded; charset=utf-8", "title=a+b&title=c"},
		{"application/x-www-form-urlencoded", "%zz=1"},
		{"application/x-www-form-urlencoded", "a=1;b=2"},
		{"application/x-www-form-urlencoded", ""},
		{"multipart/form-data; boundary=b", multipart},
		{"multipart/form-data", multipart},
		{"application/json", `{"email":"kim@riverside.sch.uk"}`},
		{"", "email=kim"},
		{"text/plain", "email=kim"},
	} {
		f.Add(s[0], []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/centres/1/colleagues", bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		r.Body = http.MaxBytesReader(rec, r.Body, maxBody)

		status, message := readForm(r)
		require.Contains(t, []int{0, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}, status)
		require.Equal(t, status != 0, message != "", "status %d, message %q", status, message)
		if status != 0 {
			return
		}
		for name, values := range r.PostForm {
			require.True(t, len(values) == 1 || repeatable[name], "%q sent %d times", name, len(values))
		}
		if mediaType, _, _ := mime.ParseMediaType(contentType); mediaType == "application/x-www-form-urlencoded" {
			want, err := url.ParseQuery(string(body))
			require.NoError(t, err)
			require.Equal(t, len(want), len(r.PostForm), "fields of %q", body)
			for name, values := range want {
				require.Equal(t, values, r.PostForm[name], "field %q of %q", name, body)
			}
		}
	})
}

// FuzzClientAddress checks the client address sign-in throttling is keyed
// on: for a RemoteAddr of host and port it is the host alone, IPv6 included,
// so that the throttle can group an IPv6 /64; anything else is kept as it
// is rather than cut at a guess.
func FuzzClientAddress(f *testing.F) {
	for _, s := range []string{"192.0.2.1:1234", "[2001:db8::1]:443", "[fe80::1%eth0]:80", "2001:db8::1", "192.0.2.1", "",
		":80", "[::1]", "example.com:80", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remoteAddr string) {
		r := httptest.NewRequest(http.MethodPost, "/signin", nil)
		r.RemoteAddr = remoteAddr
		got := peerAddress(r)
		if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
			require.Equal(t, host, got, "the host of %q", remoteAddr)
		} else {
			require.Equal(t, remoteAddr, got, "%q is not host and port", remoteAddr)
		}
	})
}

// TestClientAddressOfAnIPv6Client is the regression test for what
// FuzzClientAddress found: cutting RemoteAddr at its last colon kept an
// IPv6 address's brackets, "[2001:db8::1]", which the sign-in throttle could
// not read as an address, so it could not group the client's /64.
func TestClientAddressOfAnIPv6Client(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/signin", nil)
	r.RemoteAddr = "[2001:db8::1]:443"
	assert.Equal(t, "2001:db8::1", peerAddress(r))
}

// FuzzReadDay checks the reader of the date inputs' three fields: a day
// it accepts is midnight UTC of the numbers typed; anything else is a
// *ValidationError on the date field itself.
func FuzzReadDay(f *testing.F) {
	for _, s := range [][3]string{{"14", "9", "2025"}, {"31", "2", "2026"}, {"", "", ""}, {"1", "", "2025"}, {"29", "2", "2024"},
		{"0", "0", "0000"}, {"99", "99", "9999"}, {"1e1", "9", "2025"}, {"１", "9", "2025"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, d, m, y string) {
		day, err := dayOf("date", strings.TrimSpace(d), strings.TrimSpace(m), strings.TrimSpace(y))
		if err != nil {
			requireFormProblem(t, err, "date")
			return
		}
		if day.IsZero() {
			require.Empty(t, strings.TrimSpace(d+m+y))
			return
		}
		require.Equal(t, time.UTC, day.Location())
		require.Equal(t, strings.TrimLeft(strings.TrimSpace(d), "0"), strconv.Itoa(day.Day()))
		require.Equal(t, strings.TrimLeft(strings.TrimSpace(m), "0"), strconv.Itoa(int(day.Month())))
		require.Equal(t, strings.TrimSpace(y), fmt.Sprintf("%04d", day.Year()))
	})
}
