package api

import (
	"strconv"
	"strings"

	"github.com/eops/eops/standards"
)

// A record, a webhook endpoint and a year's statement each answer their GET
// with their version as ETag ("7"), which a host sends back as If-Match to
// change them only as read (docs/api.md, "Changing only what you read").

// etag is a version as an ETag: quoted.
func etag(version int64) *string {
	s := strconv.Quote(strconv.FormatInt(version, 10))
	return &s
}

// ifMatchVersion is the version If-Match names, and whether it names one:
// absent, empty or "*" is no condition. Anything but a quoted whole number
// is a *ValidationError on If-Match that says which GET gives the tag.
func ifMatchVersion(header *string, get string) (int64, bool, error) {
	if header == nil || *header == "" || *header == "*" {
		return 0, false, nil
	}
	v, err := strconv.Unquote(strings.TrimSpace(*header))
	version, perr := strconv.ParseInt(v, 10, 64)
	if err != nil || perr != nil || version < 0 {
		return 0, false, &standards.ValidationError{Fields: []standards.FieldError{{Field: "If-Match", Code: standards.FieldInvalidFormat,
			Params: map[string]string{"example": `"7"`}, Message: `send the ETag ` + get + ` gave, such as "7"`}}}
	}
	return version, true, nil
}
