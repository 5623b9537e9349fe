package certpdf

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/eops/eops/standards"
)

// Portrait pages of the record, in millimetres.
const (
	portraitW = 210.0
	portraitH = 297.0
	side      = 18.0
	textW     = portraitW - 2*side
)

// RenderRecord writes a standards record as one PDF for the centre's exams
// manual (R-CRT-4): its certificate first, when it has one, then the record
// itself on A4 portrait pages: the exams officer and their overseers, the
// three key areas, every target with its history, the meetings with their
// updates and the support they arranged, the CPD log with its totals, and the
// Values and Attributes statement with its signatures.
//
// Overseers' private notes are left out even when t carries them (R-MTG-5):
// the exams manual is read by the centre, and the notes are the overseers'
// own. verifyURL is as for Render; it is needed only when the record has a
// certificate.
func RenderRecord(w io.Writer, t standards.Tracker, verifyURL string) error {
	if t.Record.ID == "" || t.ExamsOfficer.Person.Name == "" {
		return errors.New("certpdf: the record needs its id and the exams officer's name")
	}
	cert := t.Certificate
	if cert.ID != "" {
		if err := checkCertificate(cert, verifyURL); err != nil {
			return err
		}
	}
	at := t.Record.CreatedAt
	if cert.ID != "" {
		at = cert.IssuedAt
	}
	pdf := newDocument(at)
	title := "Standards record " + t.Record.Year.String() + ": " + t.ExamsOfficer.Person.Name
	pdf.SetTitle(title, true)
	pdf.SetSubject("Exams Officer Professional Standards "+t.Record.Year.String(), true)
	if cert.ID != "" {
		certificatePage(pdf, cert, verifyURL)
	}

	r := recordWriter{pdf: pdf, t: t, names: names(t), footer: title}
	r.start()
	r.summary()
	r.targets()
	r.meetings()
	r.cpd()
	r.statement()
	return output(w, pdf)
}

// names maps registration and person ids to the people of the record.
func names(t standards.Tracker) map[string]string {
	m := map[string]string{}
	for _, mem := range append([]standards.Member{t.ExamsOfficer}, t.Overseers...) {
		m[mem.Registration.ID] = mem.Person.Name
		m[mem.Person.ID] = mem.Person.Name
	}
	return m
}

// recordWriter flows the record's sections down portrait pages.
type recordWriter struct {
	pdf    *fpdf.Fpdf
	t      standards.Tracker
	names  map[string]string
	footer string
}

func (r recordWriter) name(id string) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	return "a former member"
}

func (r recordWriter) start() {
	pdf := r.pdf
	pdf.SetMargins(side, side, side)
	pdf.SetAutoPageBreak(true, side)
	pdf.SetFooterFunc(func() {
		if pdf.PageNo() == 1 && r.t.Certificate.ID != "" {
			return // the certificate page carries no footer
		}
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		setText(pdf, grey)
		pdf.CellFormat(0, 4, winAnsi(r.footer+" - page "+strconv.Itoa(pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: portraitW, Ht: portraitH})

	t := r.t
	pdf.SetFont("Helvetica", "B", 9)
	setText(pdf, grey)
	pdf.CellFormat(textW, 5, winAnsi(spaced("EXAMS OFFICER PROFESSIONAL STANDARDS")), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 20)
	setText(pdf, navy)
	pdf.MultiCell(textW, 9, winAnsi("Standards record "+t.Record.Year.String()), "", "L", false)
	r.line("B", 13, navy, t.ExamsOfficer.Person.Name)
	r.line("", 11, grey, t.Centre.Name+" (centre "+string(t.Centre.Number)+")")
	var overseers []string
	for _, o := range t.Overseers {
		overseers = append(overseers, o.Person.Name)
	}
	r.line("", 10, grey, "Overseen by "+orNone(strings.Join(overseers, ", ")))
	if cert := t.Certificate; cert.ID != "" {
		status := "Certified on " + day(cert.IssuedAt) + ", serial " + cert.Serial
		if cert.Revoked() {
			status += " (revoked on " + day(cert.RevokedAt) + ")"
		}
		r.line("B", 10, navy, status)
	} else {
		r.line("", 10, grey, "Not yet certified")
	}
}

func (r recordWriter) summary() {
	r.heading("The three key areas")
	for _, a := range r.t.Areas {
		done := "not yet complete"
		if a.Complete {
			done = "complete"
		}
		r.item(a.Area.String(), fmt.Sprintf("%d of %d achieved, %s", a.Achieved, a.Total, done))
	}
}

func (r recordWriter) targets() {
	r.heading("Targets")
	if len(r.t.Targets) == 0 {
		r.line("", 10, grey, "No targets.")
	}
	for _, tg := range r.t.Targets {
		var facts []string
		facts = append(facts, tg.Area.String(), tg.State.String())
		if tg.Rating != standards.RatingNone {
			facts = append(facts, "rated "+string(tg.Rating))
		}
		if !tg.Due.IsZero() {
			facts = append(facts, "due "+day(tg.Due))
		}
		r.item(tg.Title, strings.Join(facts, " - "))
		r.detail("Description", tg.Description)
		r.detail("Success measure", tg.SuccessMeasure)
		r.detail("Withdrawn", tg.WithdrawnReason)
		for _, h := range r.t.History {
			if h.TargetID != tg.ID {
				continue
			}
			change := day(h.At) + ": " + h.To.String()
			if h.From != "" && h.From != h.To {
				change = day(h.At) + ": " + h.From.String() + " to " + h.To.String()
			}
			if h.Rating != standards.RatingNone {
				change += ", " + string(h.Rating)
			}
			change += ", by " + r.name(h.By)
			if h.Comment != "" {
				change += ": " + h.Comment
			}
			r.detail("", change)
		}
	}
}

func (r recordWriter) meetings() {
	r.heading("Meetings")
	if len(r.t.Meetings) == 0 {
		r.line("", 10, grey, "No meetings recorded.")
	}
	titles := map[string]string{}
	for _, tg := range r.t.Targets {
		titles[tg.ID] = tg.Title
	}
	for _, m := range r.t.Meetings {
		var present []string
		for _, id := range m.Attendees {
			present = append(present, r.name(id))
		}
		r.item(day(m.Date)+": "+m.Kind.String(), "Present: "+orNone(strings.Join(present, ", ")))
		r.detail("Notes", m.Notes)
		for _, u := range m.Updates {
			var what []string
			if u.State != "" {
				what = append(what, u.State.String())
			}
			if u.Rating != standards.RatingNone {
				what = append(what, string(u.Rating))
			}
			if u.Comment != "" {
				what = append(what, u.Comment)
			}
			r.detail(titles[u.TargetID], strings.Join(what, ", "))
		}
		for _, a := range r.t.Actions {
			if a.MeetingID == m.ID {
				r.detail("Support", a.Description+" ("+r.name(a.OwnerRegistrationID)+", due "+day(a.Due)+", "+string(a.State)+")")
			}
		}
	}
}

func (r recordWriter) cpd() {
	r.heading("CPD log")
	if len(r.t.CPD) == 0 {
		r.line("", 10, grey, "No CPD logged.")
		return
	}
	for _, e := range r.t.CPD {
		facts := []string{e.Kind.String(), hours(e.Hours)}
		if e.Provider != "" {
			facts = append(facts, e.Provider)
		}
		if e.Verified {
			facts = append(facts, "content verified")
		}
		r.item(day(e.Date)+": "+e.Title, strings.Join(facts, " - "))
		r.detail("Reflection", e.Reflection)
	}
	totals := r.t.CPDTotals
	var kinds []string
	for kind, h := range totals.ByKind {
		kinds = append(kinds, kind.String()+" "+hours(h))
	}
	slices.Sort(kinds)
	r.item("Total", hours(totals.Hours)+": "+strings.Join(kinds, ", "))
}

func (r recordWriter) statement() {
	r.heading("Values and Attributes")
	st := r.t.Statement
	if st.Text != "" {
		r.pdf.SetFont("Helvetica", "I", 9)
		setText(r.pdf, grey)
		r.pdf.MultiCell(textW, 4.5, winAnsi(st.Text), "", "L", false)
		r.pdf.Ln(2)
	}
	if len(r.t.Signatures) == 0 {
		r.line("", 10, grey, "Not signed.")
	}
	for _, sig := range r.t.Signatures {
		what := "Signed by the exams officer"
		if sig.Side == standards.SideOverseer {
			what = "Countersigned by an overseer"
		}
		r.item(what, r.name(sig.PersonID)+" on "+day(sig.At)+", statement version "+strconv.Itoa(sig.StatementVersion))
	}
}

// heading starts a section, on a new page if too little of this one is left.
func (r recordWriter) heading(text string) {
	pdf := r.pdf
	if pdf.GetY() > portraitH-side-30 {
		pdf.AddPageFormat("P", fpdf.SizeType{Wd: portraitW, Ht: portraitH})
	}
	pdf.Ln(5)
	pdf.SetFont("Helvetica", "B", 13)
	setText(pdf, navy)
	pdf.CellFormat(textW, 7, winAnsi(text), "", 1, "L", false, 0, "")
	setDraw(pdf, light)
	pdf.SetLineWidth(0.3)
	pdf.Line(side, pdf.GetY(), portraitW-side, pdf.GetY())
	pdf.Ln(2)
}

// item is one entry: a bold title and a grey line of facts under it.
func (r recordWriter) item(title, facts string) {
	r.pdf.Ln(1)
	r.line("B", 10, navy, title)
	if facts != "" {
		r.line("", 9, grey, facts)
	}
}

// detail is an indented line under an item; nothing when text is empty.
func (r recordWriter) detail(label, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if label != "" {
		text = label + ": " + text
	}
	pdf := r.pdf
	pdf.SetX(side + 5)
	pdf.SetFont("Helvetica", "", 9)
	setText(pdf, grey)
	pdf.MultiCell(textW-5, 4.5, winAnsi(text), "", "L", false)
}

func (r recordWriter) line(style string, size float64, colour [3]int, text string) {
	r.pdf.SetFont("Helvetica", style, size)
	setText(r.pdf, colour)
	r.pdf.MultiCell(textW, size*0.5, winAnsi(text), "", "L", false)
}

func day(t time.Time) string { return t.In(ukTime).Format("2 January 2006") }

func hours(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64) + " hours"
	if h == 1 {
		s = "1 hour"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
