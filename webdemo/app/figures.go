package app

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/eops/eops/standards"
)

func (s *server) registerFigureRoutes(r *mux.Router) {
	r.HandleFunc("/trusts/{trust}/{year:[0-9]{4}-[0-9]{2}}", s.trustPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/trusts/{trust}/{year:[0-9]{4}-[0-9]{2}}/dashboard.csv", s.trustCSV).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/national", func(w http.ResponseWriter, r *http.Request) {
		s.seeOther(w, r, "/national/"+yearPath(standards.YearOf(s.now())))
	}).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/national/{year:[0-9]{4}-[0-9]{2}}", s.nationalPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/national/{year:[0-9]{4}-[0-9]{2}}/figures.csv", s.nationalCSV).Methods(http.MethodGet, http.MethodHead)
}

// chart is a small bar chart the server draws as SVG: figures as a picture
// as well as a table.
type chart struct {
	Title  string
	Width  int
	Height int
	Bars   []bar
}

// bar is one bar of a chart, placed.
type bar struct {
	Label         string
	Value         int
	X, Y, W, H    int
	LabelX, TextY int
}

// barChart lays out values as bars under title, one per label.
func barChart(title string, labels []string, values []int) chart {
	const height, top, bottom, gap, width = 160, 20, 40, 6, 36
	c := chart{Title: title, Height: height, Width: len(values)*(width+gap) + gap}
	most := 1
	for _, v := range values {
		most = max(most, v)
	}
	plot := height - top - bottom
	for i, v := range values {
		h := v * plot / most
		x := gap + i*(width+gap)
		c.Bars = append(c.Bars, bar{
			Label: labels[i], Value: v, X: x, W: width, H: h, Y: top + plot - h,
			LabelX: x + width/2, TextY: top + plot - h - 4,
		})
	}
	return c
}

// maxTrustChartBars is the most centres the trust's chart draws: fifty
// bars in the page's column were a band of unreadable labels, and the
// table below says the same in words.
const maxTrustChartBars = 12

// trustData is a trust's dashboard page.
type trustData struct {
	Board standards.TrustDashboard
	// Centres are the page of the board's centres shown, and the chart's.
	Centres []standards.TrustCentre
	Pager   pager
	// Chart is the page's centres' certificates, when few enough to read.
	Chart chart
	// ThisYear is the current academic year: the figures link no further.
	ThisYear standards.AcademicYear
}

func (s *server) trustBoard(r *http.Request) (standards.TrustDashboard, error) {
	a, _ := s.actor(r)
	year, err := standards.ParseAcademicYear(mux.Vars(r)["year"])
	if err != nil {
		return standards.TrustDashboard{}, err
	}
	return s.svc.TrustDashboard(r.Context(), a, mux.Vars(r)["trust"], year)
}

// trustPage shows a trust lead every centre of the trust: registered or
// not, completion per key area, certified and at risk.
func (s *server) trustPage(w http.ResponseWriter, r *http.Request) {
	board, err := s.trustBoard(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	centres, p, err := paginate(r, "page", "Pages of centres", board.Centres)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := trustData{Board: board, Centres: centres, Pager: p, ThisYear: standards.YearOf(s.now())}
	if len(centres) <= maxTrustChartBars {
		var labels []string
		var values []int
		for _, c := range centres {
			labels = append(labels, string(c.Centre.Number))
			values = append(values, c.Certified)
		}
		d.Chart = barChart("Certified exams officers by centre", labels, values)
	}
	s.render(w, r, http.StatusOK, "trust.html", "", view{Title: board.Trust.Name + " " + board.Year.String(), Data: d})
}

func (s *server) trustCSV(w http.ResponseWriter, r *http.Request) {
	board, err := s.trustBoard(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := [][]string{{"centre number", "centre", "registered", "exams officers", "knowledge and understanding complete", "key skills complete", "values and attributes complete", "certified", "at risk"}}
	for _, c := range board.Centres {
		row := []string{string(c.Centre.Number), c.Centre.Name, strconv.FormatBool(c.Registered), strconv.Itoa(c.ExamsOfficers)}
		for _, a := range c.Areas {
			row = append(row, strconv.Itoa(a.Complete))
		}
		rows = append(rows, append(row, strconv.Itoa(c.Certified), strconv.Itoa(c.AtRisk)))
	}
	s.writeCSV(w, r, board.Trust.Name+"-"+yearPath(board.Year), rows)
}

// nationalData is the operator's page of national figures.
type nationalData struct {
	Figures standards.NationalFigures
	Chart   chart
	// ThisYear is the current academic year: the figures link no further.
	ThisYear standards.AcademicYear
}

func (s *server) national(r *http.Request) (standards.NationalFigures, error) {
	a, _ := s.actor(r)
	year, err := standards.ParseAcademicYear(mux.Vars(r)["year"])
	if err != nil {
		return standards.NationalFigures{}, err
	}
	return s.svc.NationalFigures(r.Context(), a, year)
}

// nationalPage shows the operator the year's figures, month by month.
func (s *server) nationalPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.national(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var labels []string
	var values []int
	for _, m := range f.Months {
		labels = append(labels, m.Month.Format("Jan"))
		values = append(values, m.CertificatesIssued)
	}
	d := nationalData{Figures: f, Chart: barChart("Certificates issued each month", labels, values), ThisYear: standards.YearOf(s.now())}
	s.render(w, r, http.StatusOK, "national.html", "", view{Title: "National figures " + f.Year.String(), Data: d})
}

func (s *server) nationalCSV(w http.ResponseWriter, r *http.Request) {
	f, err := s.national(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := [][]string{{"month", "centre registrations", "exams officers approved", "certificates issued"}}
	for _, m := range f.Months {
		rows = append(rows, []string{m.Month.Format("2006-01"), strconv.Itoa(m.CentreRegistrations), strconv.Itoa(m.ExamsOfficersApproved), strconv.Itoa(m.CertificatesIssued)})
	}
	rows = append(rows, []string{"total", strconv.Itoa(f.CentresRegistered), strconv.Itoa(f.ExamsOfficers), strconv.Itoa(f.Certified)})
	s.writeCSV(w, r, "national-"+yearPath(f.Year), rows)
}

// writeCSV sends rows as a CSV download named name.csv, written by
// standards.CSVWriter, so that no cell reads as a formula in a spreadsheet.
func (s *server) writeCSV(w http.ResponseWriter, r *http.Request, name string, rows [][]string) {
	var buf bytes.Buffer
	if err := standards.NewCSVWriter(&buf).WriteAll(rows); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(name)+`.csv"`)
	_, _ = buf.WriteTo(w)
}

// safeFileName keeps letters, digits and dashes, for a download's name.
func safeFileName(s string) string {
	b := []rune{}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b = append(b, r)
		case r == ' ' || r == '/':
			b = append(b, '-')
		}
	}
	return string(b)
}
