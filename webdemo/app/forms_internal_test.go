package app

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// posted is a parsed POST of form, as readForm leaves it for a handler.
func posted(t *testing.T, form url.Values) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	require.NoError(t, r.ParseForm())
	return r
}

// dayForm is the three fields of the date input "date".
func dayForm(day, month, year string) url.Values {
	return url.Values{"date-day": {day}, "date-month": {month}, "date-year": {year}}
}

// dayProblem reads the form's day and returns the field error it gives,
// failing unless it is one on the date field.
func dayProblem(t *testing.T, form url.Values) standards.FieldError {
	t.Helper()
	_, err := readDay(posted(t, form), "date")
	requireFormProblem(t, err, "date")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 1)
	return ve.Fields[0]
}

// TestADateInputIsReadAsOneDay: the three fields of a date input are one
// day, midnight UTC of the date typed, spaces and leading zeros allowed.
func TestADateInputIsReadAsOneDay(t *testing.T) {
	for _, c := range []struct{ day, month, year, want string }{
		{"14", "9", "2025", "2025-09-14"},
		{"07", "03", "2026", "2026-03-07"},
		{" 1 ", " 9 ", " 2025 ", "2025-09-01"},
		{"29", "2", "2024", "2024-02-29"},
		{"31", "12", "2025", "2025-12-31"},
	} {
		day, err := readDay(posted(t, dayForm(c.day, c.month, c.year)), "date")
		require.NoError(t, err, "%q %q %q", c.day, c.month, c.year)
		assert.Equal(t, c.want, day.Format("2006-01-02"))
		assert.Equal(t, time.UTC, day.Location())
		assert.True(t, day.Equal(day.Truncate(24*time.Hour)), "midnight")
	}
}

// TestAnImpossibleDayIsRefusedOnItsField: 31 February, 29 February of a
// year that is not a leap year and 31 April are no days: a field error
// on the date field saying how many days the month has.
func TestAnImpossibleDayIsRefusedOnItsField(t *testing.T) {
	for _, c := range []struct{ day, month, year, max, says string }{
		{"31", "2", "2026", "28", "February 2026 has 28 days"},
		{"29", "2", "2025", "28", "February 2025 has 28 days"},
		{"30", "02", "2024", "29", "February 2024 has 29 days"},
		{"31", "4", "2026", "30", "April 2026 has 30 days"},
		{"0", "4", "2026", "30", "April 2026 has 30 days"},
	} {
		f := dayProblem(t, dayForm(c.day, c.month, c.year))
		assert.Equal(t, standards.FieldOutOfRange, f.Code)
		assert.Equal(t, map[string]string{"value": c.day, "min": "1", "max": c.max}, f.Params)
		assert.Contains(t, f.Message, c.says)
	}
	f := dayProblem(t, dayForm("1", "13", "2026"))
	assert.Equal(t, standards.FieldOutOfRange, f.Code)
	assert.Equal(t, "the month must be a number from 1 to 12", f.Message)
	assert.Equal(t, standards.FieldOutOfRange, dayProblem(t, dayForm("1", "0", "2026")).Code)
}

// TestADateInputLeftBlank: all three blank is no day (the library says
// whether one is needed); one or two blank is a field error naming the
// parts missing.
func TestADateInputLeftBlank(t *testing.T) {
	day, err := readDay(posted(t, dayForm("", " ", "")), "date")
	require.NoError(t, err)
	assert.True(t, day.IsZero())

	f := dayProblem(t, dayForm("14", "", "2025"))
	assert.Equal(t, standards.FieldRequired, f.Code)
	assert.Equal(t, "the date must include a month", f.Message)
	assert.Equal(t, "month", f.Params["part"])
	f = dayProblem(t, dayForm("", "", "2025"))
	assert.Equal(t, "the date must include a day and a month", f.Message)
	f = dayProblem(t, url.Values{"date-day": {"14"}})
	assert.Equal(t, "the date must include a month and a year", f.Message, "a part not sent is a part left blank")
}

// TestADateInputTakesNumbersAndAFourDigitYear: words, signs, fractions
// and a two-digit year are refused on the date field, saying how to
// write it.
func TestADateInputTakesNumbersAndAFourDigitYear(t *testing.T) {
	for _, form := range []url.Values{
		dayForm("fourteen", "9", "2025"), dayForm("14", "Sept", "2025"), dayForm("+1", "9", "2025"),
		dayForm("-1", "9", "2025"), dayForm("1.5", "9", "2025"), dayForm("14", "9", "２０２５"), dayForm("14", "9", "20255"),
	} {
		f := dayProblem(t, form)
		assert.Equal(t, standards.FieldInvalidFormat, f.Code, "%v", form)
	}
	f := dayProblem(t, dayForm("14", "9", "25"))
	assert.Equal(t, "the year must have 4 digits, such as 2026", f.Message)
}

// TestADateInputIsAUKDay (R-DAY-1): the day typed is the UK day the
// library files it under, even where midnight UK time is still the day
// before in UTC: 1 September 2025, in British Summer Time, belongs to
// 2025/26.
func TestADateInputIsAUKDay(t *testing.T) {
	day, err := readDay(posted(t, dayForm("1", "9", "2025")), "date")
	require.NoError(t, err)
	assert.Equal(t, "2025-09-01", standards.Day(day).Format("2006-01-02"))
	assert.True(t, standards.AcademicYear(2025).Contains(standards.Day(day)), "1 September 2025 is in 2025/26")
	assert.False(t, standards.AcademicYear(2024).Contains(standards.Day(day)))
	day, err = readDay(posted(t, dayForm("31", "8", "2026")), "date")
	require.NoError(t, err)
	assert.True(t, standards.AcademicYear(2025).Contains(standards.Day(day)), "31 August 2026 is the last day of 2025/26")
}

// TestADateFieldWithoutItsPartsIsReadAsBefore: a form posting the date
// field itself (2006-01-02), as scripts written for the single field
// do, is read as it was.
func TestADateFieldWithoutItsPartsIsReadAsBefore(t *testing.T) {
	day, err := readDay(posted(t, url.Values{"date": {"2025-09-14"}}), "date")
	require.NoError(t, err)
	assert.Equal(t, "2025-09-14", day.Format("2006-01-02"))
	_, err = readDay(posted(t, url.Values{"date": {"2025-02-31"}}), "date")
	requireFormProblem(t, err, "date")
	day, err = readDay(posted(t, url.Values{}), "date")
	require.NoError(t, err)
	assert.True(t, day.IsZero())
}
