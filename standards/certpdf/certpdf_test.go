package certpdf_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/certpdf"
)

const verifyURL = "https://eops.example/verify?code=ABCD-EFGH-JKMN-PQRS-TVWX"

func testCertificate() standards.Certificate {
	return standards.Certificate{
		ID:               "cert-1",
		Serial:           "EOPS-2526-7K3M-Q9XB",
		VerificationCode: "ABCD-EFGH-JKMN-PQRS-TVWX",
		PersonID:         "person-1",
		HolderName:       "Siân O'Brien-Müller",
		CentreName:       "Riverside Academy (Sixth Form)",
		CentreNumber:     "12345",
		Year:             2025,
		IssuedAt:         time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC),
		ClaimedBy:        "person-2",
		ClaimedByName:    "Olu Overseer",
	}
}

func render(t *testing.T, c standards.Certificate) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, certpdf.Render(&buf, c, verifyURL))
	return buf.Bytes()
}

var (
	pageObject = regexp.MustCompile(`/Type\s*/Page\b`) // \b: not /Pages
	showText   = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)
	escape     = regexp.MustCompile(`\\(.)`)
)

// texts returns the strings the page shows, one per Tj operator, decoded
// from WinAnsi: enough of a PDF text extractor for an uncompressed page
// with the standard fonts, and no external tool needed.
func texts(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, m := range showText.FindAllSubmatch(pdf, -1) {
		raw := escape.ReplaceAll(m[1], []byte("$1"))
		s, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		require.NoError(t, err)
		out = append(out, string(s))
	}
	return out
}

func TestR_CRT_4_OnePagePDF(t *testing.T) {
	t.Parallel()
	pdf := render(t, testCertificate())
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a PDF starts with %%PDF-")
	assert.True(t, bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")), "a PDF ends with %%EOF")
	assert.Len(t, pageObject.FindAll(pdf, -1), 1, "exactly one /Type /Page object")
	assert.Contains(t, string(pdf), "/MediaBox [0 0 841.89 595.28]", "A4 landscape")
	assert.Contains(t, string(pdf), "/Encoding /WinAnsiEncoding")
}

func TestR_CRT_4_ShowsTheCertificate(t *testing.T) {
	t.Parallel()
	shown := texts(t, render(t, testCertificate()))
	require.NotEmpty(t, shown, "the page's text is not compressed, so it can be read")
	all := strings.Join(shown, "\n")
	for _, want := range []string{
		"Siân O'Brien-Müller",                           // holder, accents kept
		"Exams Officer Professional Standards 2025/26",  // the standard
		"Riverside Academy (Sixth Form) (centre 12345)", // centre name and number, parentheses escaped
		"2025/26",             // academic year
		"14 March 2026",       // date issued
		"Olu Overseer",        // who claimed it
		"EOPS-2526-7K3M-Q9XB", // serial
		"ABCD-EFGH-JKMN-PQRS-TVWX",
		verifyURL,
	} {
		assert.Contains(t, all, want)
	}
	assert.Contains(t, shown, "Siân O'Brien-Müller", "the name is shown whole")
	assert.NotContains(t, all, "REVOKED")
	for _, leak := range []string{"cert-1", "person-1", "person-2"} {
		assert.NotContains(t, all, leak, "no internal ids on the certificate")
	}
}

func TestR_CRT_4_VerificationAddressIsALink(t *testing.T) {
	t.Parallel()
	pdf := render(t, testCertificate())
	assert.Contains(t, string(pdf), "/URI ("+verifyURL+")")
}

func TestR_CRT_4_TextOutsideWinAnsi(t *testing.T) {
	t.Parallel()
	c := testCertificate()
	c.HolderName = "Łukasz Wójcik-Đorđević"
	c.CentreName = "St Mary’s £ Academy – Ősi"
	all := strings.Join(texts(t, render(t, c)), "\n")
	assert.Contains(t, all, "Lukasz Wójcik-Dordevic", "letters without a WinAnsi form lose their accent")
	assert.Contains(t, all, "St Mary’s £ Academy – Osi", "£, curly quotes and dashes are in WinAnsi")

	c.HolderName = "李小龍"
	all = strings.Join(texts(t, render(t, c)), "\n")
	assert.Contains(t, all, "???")
}

func TestR_CRT_4_LongNameStaysOnThePage(t *testing.T) {
	t.Parallel()
	c := testCertificate()
	c.HolderName = strings.Repeat("Bartholomew-Featherstonehaugh ", 5)
	pdf := render(t, c)
	assert.Len(t, pageObject.FindAll(pdf, -1), 1)
	// The name's font shrinks from 30 pt so that it fits inside the frame.
	m := regexp.MustCompile(`([\d.]+) Tf ET\s+q [^\n]*BT ([\d.]+) [\d.]+ Td \(Bartholomew`).FindSubmatch(pdf)
	require.NotNil(t, m, "the name is on the page")
	size, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	x, err := strconv.ParseFloat(string(m[2]), 64)
	require.NoError(t, err)
	assert.Less(t, size, 30.0)
	assert.Greater(t, x, 12/25.4*72, "the name starts inside the frame")

	short := regexp.MustCompile(`([\d.]+) Tf ET\s+q [^\n]*Td \(Si`).FindSubmatch(render(t, testCertificate()))
	require.NotNil(t, short)
	assert.Equal(t, "30.00", string(short[1]), "a usual name keeps the full size")
}

func TestR_CRT_4_Revoked(t *testing.T) {
	t.Parallel()
	c := testCertificate()
	c.RevokedAt = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	c.RevokeReason = "claimed in error"
	all := strings.Join(texts(t, render(t, c)), "\n")
	assert.Contains(t, all, "REVOKED on 1 April 2026")
	assert.NotContains(t, all, "claimed in error", "the reason stays in the history")
}

func TestR_CRT_4_DatesInUKTime(t *testing.T) {
	t.Parallel()
	c := testCertificate()
	c.IssuedAt = time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC) // 00:30 on 1 June in London
	all := strings.Join(texts(t, render(t, c)), "\n")
	assert.Contains(t, all, "1 June 2026")
}

func TestR_CRT_4_Deterministic(t *testing.T) {
	t.Parallel()
	assert.Equal(t, render(t, testCertificate()), render(t, testCertificate()))
}

func TestR_CRT_4_Refuses(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	for name, change := range map[string]func(*standards.Certificate){
		"NoHolder": func(c *standards.Certificate) { c.HolderName = "" },
		"NoSerial": func(c *standards.Certificate) { c.Serial = "" },
		"NoCode":   func(c *standards.Certificate) { c.VerificationCode = "" },
	} {
		c := testCertificate()
		change(&c)
		assert.Error(t, certpdf.Render(&buf, c, verifyURL), name)
	}
	assert.Error(t, certpdf.Render(&buf, testCertificate(), ""), "no verification address")
}
