package certpdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/eops/eops/standards"
)

// ukTime is the zone in which dates are printed: a certificate issued at
// 00:30 on 1 March in London is dated 1 March.
var ukTime = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London") // standards embeds time/tzdata
	if err != nil {
		panic("certpdf: no time zone data for Europe/London: " + err.Error())
	}
	return loc
}()

// Colours, as RGB.
var (
	navy  = [3]int{23, 43, 77}
	grey  = [3]int{90, 96, 108}
	light = [3]int{200, 205, 215}
	red   = [3]int{176, 0, 32}
)

// Page geometry, in millimetres: A4 landscape.
const (
	pageW  = 297.0
	pageH  = 210.0
	margin = 12.0
)

// Render writes c as a one-page PDF to w. verifyURL is the address at which
// anyone can check the certificate, printed as given and made a link; the
// host builds it, usually with the verification code in it.
func Render(w io.Writer, c standards.Certificate, verifyURL string) error {
	if err := checkCertificate(c, verifyURL); err != nil {
		return err
	}
	pdf := newDocument(c.IssuedAt)
	pdf.SetTitle("Certificate "+c.Serial+": "+c.HolderName, true)
	pdf.SetSubject("Exams Officer Professional Standards "+c.Year.String(), true)
	certificatePage(pdf, c, verifyURL)
	return output(w, pdf)
}

func checkCertificate(c standards.Certificate, verifyURL string) error {
	if c.HolderName == "" || c.Serial == "" || c.VerificationCode == "" {
		return errors.New("certpdf: the certificate needs a holder name, a serial number and a verification code")
	}
	if verifyURL == "" {
		return errors.New("certpdf: the verification address is missing")
	}
	return nil
}

// newDocument starts an uncompressed, deterministic PDF dated at.
func newDocument(at time.Time) *fpdf.Fpdf {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetCreator("github.com/eops/eops", true)
	pdf.SetLang("en-GB")
	return pdf
}

func output(w io.Writer, pdf *fpdf.Fpdf) error {
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("certpdf: %w", err)
	}
	return nil
}

// certificatePage adds c as an A4 landscape page.
func certificatePage(pdf *fpdf.Fpdf, c standards.Certificate, verifyURL string) {
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageH, Ht: pageW})
	issued := c.IssuedAt.In(ukTime)
	standard := "Exams Officer Professional Standards " + c.Year.String()

	// Frame: a heavy outer line and a thin inner one.
	setDraw(pdf, navy)
	pdf.SetLineWidth(1.2)
	pdf.Rect(margin, margin, pageW-2*margin, pageH-2*margin, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(margin+3, margin+3, pageW-2*margin-6, pageH-2*margin-6, "D")

	centred := func(y float64, style string, size float64, colour [3]int, text string) {
		pdf.SetFont("Helvetica", style, size)
		setText(pdf, colour)
		pdf.SetXY(margin, y)
		pdf.CellFormat(pageW-2*margin, size*0.45, winAnsi(text), "", 0, "C", false, 0, "")
	}

	centred(30, "B", 11, grey, spaced("EXAMS OFFICER PROFESSIONAL STANDARDS"))
	centred(42, "B", 34, navy, "Certificate")
	centred(62, "", 13, grey, "This is to certify that")
	centred(74, "B", fitSize(pdf, c.HolderName, 30, pageW-2*margin-30), navy, c.HolderName)

	setDraw(pdf, light)
	pdf.SetLineWidth(0.4)
	pdf.Line(pageW/2-70, 90, pageW/2+70, 90)

	centred(96, "", 13, grey, "has met the")
	centred(104, "B", 16, navy, standard)
	centre := c.CentreName
	if c.CentreNumber != "" {
		centre += " (centre " + string(c.CentreNumber) + ")"
	}
	if strings.TrimSpace(centre) != "" {
		centred(115, "", 13, grey, "as exams officer at "+centre+",")
	}
	centred(123, "", 13, grey, "for the academic year "+c.Year.String()+".")

	// Particulars, in two columns.
	claimedBy := c.ClaimedByName
	if claimedBy == "" {
		claimedBy = "-"
	}
	left := [][2]string{
		{"Date issued", issued.Format("2 January 2006")},
		{"Claimed by", claimedBy},
		{"Academic year", c.Year.String()},
	}
	right := [][2]string{
		{"Serial number", c.Serial},
		{"Verification code", c.VerificationCode},
		{"Centre number", string(c.CentreNumber)},
	}
	particulars(pdf, 40, 140, left)
	particulars(pdf, pageW/2+10, 140, right)

	setDraw(pdf, light)
	pdf.Line(margin+15, 170, pageW-margin-15, 170)
	pdf.SetFont("Helvetica", "", 10)
	setText(pdf, grey)
	pdf.SetXY(margin, 174)
	pdf.CellFormat(pageW-2*margin, 5, winAnsi("Anyone can check this certificate with its verification code at"), "", 0, "C", false, 0, "")
	pdf.SetFont("Helvetica", "B", fitSize(pdf, verifyURL, 11, pageW-2*margin-20))
	setText(pdf, navy)
	pdf.SetXY(margin, 180)
	pdf.CellFormat(pageW-2*margin, 6, winAnsi(verifyURL), "", 0, "C", false, 0, verifyURL)

	if c.Revoked() {
		revoked(pdf, c)
	}
}

func particulars(pdf *fpdf.Fpdf, x, y float64, rows [][2]string) {
	for i, row := range rows {
		yy := y + float64(i)*8
		pdf.SetFont("Helvetica", "", 10)
		setText(pdf, grey)
		pdf.SetXY(x, yy)
		pdf.CellFormat(38, 6, winAnsi(row[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "B", 11)
		setText(pdf, navy)
		pdf.CellFormat(70, 6, winAnsi(row[1]), "", 0, "L", false, 0, "")
	}
}

// revoked writes a red notice across the page.
func revoked(pdf *fpdf.Fpdf, c standards.Certificate) {
	text := "REVOKED on " + c.RevokedAt.In(ukTime).Format("2 January 2006")
	pdf.SetFont("Helvetica", "B", 16)
	w := pdf.GetStringWidth(winAnsi(text)) + 16
	setDraw(pdf, red)
	setText(pdf, red)
	pdf.SetFillColor(255, 255, 255)
	pdf.SetLineWidth(0.8)
	pdf.SetXY((pageW-w)/2, 18)
	pdf.CellFormat(w, 10, winAnsi(text), "1", 0, "C", true, 0, "")
}

// fitSize returns the largest font size up to max at which s fits in width.
func fitSize(pdf *fpdf.Fpdf, s string, max, width float64) float64 {
	pdf.SetFont("Helvetica", "B", max)
	if w := pdf.GetStringWidth(winAnsi(s)); w > width {
		return max * width / w
	}
	return max
}

// spaced letter-spaces a heading: "A B C".
func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}

func setDraw(pdf *fpdf.Fpdf, c [3]int) { pdf.SetDrawColor(c[0], c[1], c[2]) }
func setText(pdf *fpdf.Fpdf, c [3]int) { pdf.SetTextColor(c[0], c[1], c[2]) }

// noDecomposition spells letters that Windows-1252 lacks and that Unicode
// does not decompose into a base letter and an accent.
var noDecomposition = map[rune]string{
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ı': "i", 'ħ': "h", 'Ħ': "H",
	'‐': "-", '‑': "-", '−': "-",
}

// winAnsi encodes s in Windows-1252, the encoding of the PDF's built-in
// fonts. A rune outside it loses its accent if it has one; otherwise it
// becomes ?.
func winAnsi(s string) string {
	enc := charmap.Windows1252
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if c, ok := enc.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		if sub, ok := noDecomposition[r]; ok {
			b.WriteString(sub)
			continue
		}
		wrote := false
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if c, ok := enc.EncodeRune(d); ok {
				b.WriteByte(c)
				wrote = true
			}
		}
		if !wrote {
			b.WriteByte('?')
		}
	}
	return b.String()
}
