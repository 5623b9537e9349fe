package standards

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AcademicYear is a UK academic year, 1 September to 31 August, held as the
// calendar year in which it starts: AcademicYear(2025) is 2025/26 (R-YEAR-1).
type AcademicYear int

const (
	minAcademicYear AcademicYear = 2000
	maxAcademicYear AcademicYear = 2098
)

// ParseAcademicYear reads "2025/26" or "2025-26". The second part must be the
// year after the first; anything else is a *ValidationError on field "year".
func ParseAcademicYear(s string) (AcademicYear, error) {
	s = strings.TrimSpace(s)
	first, second, ok := strings.Cut(s, "/")
	if !ok {
		first, second, ok = strings.Cut(s, "-")
	}
	if !ok || len(first) != 4 || len(second) != 2 || !allDigits(first) || !allDigits(second) {
		return 0, invalid("year", FieldInvalidFormat, params("example", "2025/26"), "write the academic year as 2025/26")
	}
	start, _ := strconv.Atoi(first)
	end, _ := strconv.Atoi(second)
	if (start+1)%100 != end {
		return 0, invalid("year", FieldInvalidFormat, params("example", fmt.Sprintf("%s/%02d", first, (start+1)%100)), "%s is not an academic year: %s/%02d follows %s", s, first, (start+1)%100, first)
	}
	y := AcademicYear(start)
	if err := y.Validate(); err != nil {
		return 0, err
	}
	return y, nil
}

// Validate reports a year outside the range the platform serves.
func (y AcademicYear) Validate() error {
	if y < minAcademicYear || y > maxAcademicYear {
		return invalid("year", FieldOutOfRange, params("value", y.String(), "min", minAcademicYear.String(), "max", maxAcademicYear.String()), "academic year must be between %s and %s", minAcademicYear, maxAcademicYear)
	}
	return nil
}

// String writes the year as "2025/26".
func (y AcademicYear) String() string {
	return fmt.Sprintf("%d/%02d", int(y), (int(y)+1)%100)
}

// Start is 00:00 on 1 September, UK time.
func (y AcademicYear) Start() time.Time {
	return time.Date(int(y), time.September, 1, 0, 0, 0, 0, ukTime)
}

// End is the instant the year ends: 00:00 on 1 September of the next year,
// UK time. The last day of the year is 31 August.
func (y AcademicYear) End() time.Time {
	return time.Date(int(y)+1, time.September, 1, 0, 0, 0, 0, ukTime)
}

// Contains reports whether t falls within the year.
func (y AcademicYear) Contains(t time.Time) bool {
	return !t.Before(y.Start()) && t.Before(y.End())
}

// RegistrationWindowEnd is the end of the registration window: 00:00 on 1
// November, UK time. Registering after it is allowed but late (R-YEAR-3).
func (y AcademicYear) RegistrationWindowEnd() time.Time {
	return time.Date(int(y), time.November, 1, 0, 0, 0, 0, ukTime)
}

// YearOf returns the academic year that t falls in: the year of its UK
// calendar day (R-DAY-1), whatever zone t carries. YearOf(time.Now()) is
// the academic year it is now in the UK.
func YearOf(t time.Time) AcademicYear {
	uk := t.In(ukTime)
	if uk.Month() >= time.September {
		return AcademicYear(uk.Year())
	}
	return AcademicYear(uk.Year() - 1)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
