package app

import (
	"bytes"
	"crypto/ed25519"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/certpdf"
	"github.com/eops/eops/standards/credential"
)

// WithCredentials lets holders download their certificate as a signed
// credential (Open Badges 3.0, a VC-JWT) issued with iss, whose public key
// the app publishes at /.well-known/eops-credential-key.json; iss.KeyID
// should be that address. Without it the app offers only the PDF.
func WithCredentials(iss credential.Issuer) Option {
	return func(s *server) { s.issuer = &iss }
}

func (s *server) registerExportRoutes(r *mux.Router) {
	r.HandleFunc("/certificates/{id}/certificate.pdf", s.certificatePDF).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{record}/record.pdf", s.recordPDF).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/certificates/{id}/credential.jwt", s.certificateCredential).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc(credentialKeyPath, s.credentialKey).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/centres/{centre}/{year:[0-9]{4}-[0-9]{2}}/dashboard.csv", s.dashboardCSV).Methods(http.MethodGet, http.MethodHead)
}

// WithPublicURL gives the address people reach the app at (say
// "https://standards.example.org", or "https://school.example/standards"
// when a host mounts it under a path): the root of the app, what its
// paths follow. The documents that leave the app, a certificate's PDF and
// its signed credential, print their verification address on it. It comes
// from here only, never from the request: a request's Host header is the
// client's to write, and a holder could otherwise have the operator sign a
// credential pointing at a verification site of their own. Without it,
// those addresses are paths without a host ("/verify?code=…").
func WithPublicURL(u string) Option {
	return func(s *server) { s.publicURL = strings.TrimRight(u, "/") }
}

// absolute is the full address of a path in the app, for documents that
// leave it (a PDF, a credential): under the configured public address
// (WithPublicURL), whatever the request says its host is.
func (s *server) absolute(path string) string {
	if s.publicURL == "" {
		return s.base + path
	}
	return s.publicURL + path
}

func (s *server) verifyURL(code string) string {
	return s.absolute("/verify?code=" + url.QueryEscape(code))
}

// certificatePDF is the one-page certificate for the centre's exams manual
// (R-CRT-4), for those who may see the certificate.
func (s *server) certificatePDF(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	cert, err := s.svc.Certificate(r.Context(), a, mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := certpdf.Render(&buf, cert, s.verifyURL(cert.VerificationCode)); err != nil {
		s.serverError(w, r, err)
		return
	}
	writePDF(w, fileSafe(cert.Serial)+".pdf", &buf)
}

// recordPDF is the whole record, with its certificate when claimed, as one
// PDF for the centre's exams manual (R-CRT-4), for those who may see the
// record. Overseers' private notes stay out of it.
func (s *server) recordPDF(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	t, err := s.svc.Tracker(r.Context(), a, mux.Vars(r)["record"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := certpdf.RenderRecord(&buf, t, s.verifyURL(t.Certificate.VerificationCode)); err != nil {
		s.serverError(w, r, err)
		return
	}
	writePDF(w, "record-"+string(t.Centre.Number)+"-"+yearPath(t.Record.Year)+"-"+fileSafe(t.ExamsOfficer.Person.Name)+".pdf", &buf)
}

func writePDF(w http.ResponseWriter, filename string, buf *bytes.Buffer) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
}

// fileSafe keeps the letters and digits of a name for a file name, with
// hyphens between words.
func fileSafe(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// certificateCredential is the certificate as a signed credential a new
// employer can check without the platform (R-CRT-5).
func (s *server) certificateCredential(w http.ResponseWriter, r *http.Request) {
	if s.issuer == nil {
		s.notFound(w, r)
		return
	}
	a, _ := s.actor(r)
	cert, err := s.svc.Certificate(r.Context(), a, mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var opts []credential.Option
	if s.publicURL != "" {
		// Without a configured address, the credential's id is a urn:uuid:
		// never an address taken from the request.
		opts = append(opts, credential.WithVerificationURL(s.absolute("/verify?code=")))
	}
	token, err := credential.Issue(cert, *s.issuer, opts...)
	if err != nil {
		p := problem{Status: http.StatusConflict, Heading: "No credential for this certificate", Messages: []string{err.Error()}}
		s.render(w, r, p.Status, "problem.html", "", view{Title: p.Heading, Problem: &p})
		return
	}
	w.Header().Set("Content-Type", "application/vc+jwt")
	w.Header().Set("Content-Disposition", `attachment; filename="`+credentialFileName(cert)+`"`)
	_, _ = w.Write([]byte(token))
}

// credentialFileName names a downloaded credential for the person it is
// about and its year, so that it is found again among their downloads:
// eops-certificate-ada-lovelace-2025-26.jwt. A name with no letters a file
// name keeps falls back to the serial number.
func credentialFileName(cert standards.Certificate) string {
	who := fileSafe(cert.HolderName)
	if who == "" {
		who = fileSafe(cert.Serial)
	}
	return "eops-certificate-" + who + "-" + yearPath(cert.Year) + ".jwt"
}

// credentialKey publishes the operator's public key, so that anyone can
// check a credential.
func (s *server) credentialKey(w http.ResponseWriter, r *http.Request) {
	if s.issuer == nil {
		s.notFound(w, r)
		return
	}
	jwk, err := credential.PublicJWK(s.issuer.Key.Public().(ed25519.PublicKey), s.issuer.KeyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jwk+json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(jwk)
}

// dashboardCSV exports the centre's dashboard: each exams officer's
// progress and flags, for a spreadsheet.
func (s *server) dashboardCSV(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	centreID, year, err := centreYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	board, err := s.svc.CentreDashboard(r.Context(), a, centreID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := [][]string{{"exams officer", "email", "knowledge and understanding", "key skills", "values and attributes", "certified", "needs attention"}}
	for _, e := range board.ExamsOfficers {
		row := []string{e.ExamsOfficer.Person.Name, e.ExamsOfficer.Person.Email}
		for _, area := range e.Areas {
			row = append(row, strconv.Itoa(area.Achieved)+"/"+strconv.Itoa(area.Total))
		}
		var flags []string
		for _, f := range e.Flags {
			flags = append(flags, f.Message)
		}
		rows = append(rows, append(row, strconv.FormatBool(e.Certified), strings.Join(flags, "; ")))
	}
	s.writeCSV(w, r, string(board.Centre.Number)+"-"+yearPath(year), rows)
}

// credentialKeyPath is where the app publishes the credentials' public key.
const credentialKeyPath = "/.well-known/eops-credential-key.json"
