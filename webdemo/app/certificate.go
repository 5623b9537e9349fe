package app

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

func (s *server) registerCertificateRoutes(r *mux.Router) {
	r.HandleFunc("/certificates/{id}", s.certificatePage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/verify", s.verifyPage).Methods(http.MethodGet, http.MethodHead)
}

func (s *server) certificatePage(w http.ResponseWriter, r *http.Request) {
	a, _ := s.actor(r)
	cert, err := s.svc.Certificate(r.Context(), a, mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "certificate.html", "", view{Title: "Certificate " + cert.Serial, Data: cert})
}

// verifyData is the public verification page: the code asked about and
// what it proves, or that it proves nothing.
type verifyData struct {
	Code         string
	Verification standards.Verification
	Found        bool
	Unknown      bool
}

// verifyPage lets anyone, signed in or not, check a certificate by its
// verification code (R-CRT-2).
func (s *server) verifyPage(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	d := verifyData{Code: code}
	if code == "" {
		s.render(w, r, http.StatusOK, "verify.html", "", view{Title: "Verify a certificate", Data: d})
		return
	}
	v, err := s.svc.Verify(r.Context(), code)
	var invalid *standards.ValidationError
	switch {
	case err == nil:
		d.Verification, d.Found = v, true
	case errors.Is(err, standards.ErrNotFound):
		d.Unknown = true
	case errors.As(err, &invalid):
		p, _ := s.problemOf(err)
		s.render(w, r, http.StatusUnprocessableEntity, "verify.html", "", view{Title: "Verify a certificate", Problem: &p, Data: d})
		return
	default:
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if d.Unknown {
		status = http.StatusNotFound
	}
	s.render(w, r, status, "verify.html", "", view{Title: "Verify a certificate", Data: d})
}
