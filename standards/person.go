package standards

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Person is one human across all years and centres (R-PER-1). Their
// certification history belongs to them, not to a centre (R-PER-2).
type Person struct {
	// ID is the library's id for the person: it never changes, whatever
	// their address (Service.Me reads the actor's own).
	ID string
	// Email is the person's address, normalised by NormaliseEmail, unique:
	// it finds them when the host passes no id of its own, and it changes
	// only through Service.ChangeEmail.
	Email string
	Name  string
	// OwnName says the name is the person's own: one they gave, or the host
	// gave for them as they acted. A name a colleague typed when registering
	// them is provisional until then (R-PER-3).
	OwnName bool
	// ExternalID is the host's own id for the person, if it attached one,
	// unique: it finds them before their address (Actor).
	ExternalID string
	CreatedAt  time.Time
}

const maxEmailLength = 254 // RFC 5321's limit on a forward path

// NormaliseEmail trims and lower-cases an e-mail address and checks that it
// is a single bare address; anything else is a *ValidationError on "email".
func NormaliseEmail(s string) (string, error) {
	// Bytes that are not UTF-8 are refused before lower-casing, which would
	// turn each into U+FFFD and so make different inputs one identity.
	if !utf8.ValidString(s) {
		return "", invalid("email", FieldInvalidFormat, params("example", "name@school.org.uk"), "enter an e-mail address like name@school.org.uk")
	}
	e := strings.ToLower(strings.TrimSpace(s))
	if e == "" {
		return "", invalid("email", FieldRequired, nil, "enter an e-mail address")
	}
	if len(e) > maxEmailLength {
		return "", invalid("email", FieldTooLong, params("max", strconv.Itoa(maxEmailLength)), "an e-mail address has at most %d characters", maxEmailLength)
	}
	addr, err := mail.ParseAddress(e)
	local, domain, ok := strings.Cut(e, "@")
	if err != nil || addr.Address != e || !ok || local == "" || domain == "" || strings.ContainsAny(e, " <>\"") {
		return "", invalid("email", FieldInvalidFormat, params("example", "name@school.org.uk"), "enter an e-mail address like name@school.org.uk")
	}
	// net/mail lets through the C1 control characters of UTF-8 addresses
	// (RFC 6532), and the invisible format characters (zero-width spaces,
	// the bidi overrides): an identity shown on pages and in exports must
	// not hold them, or one address could read as another's.
	if strings.IndexFunc(e, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0 {
		return "", invalid("email", FieldControlCharacters, nil, "an e-mail address cannot contain control or invisible characters")
	}
	return e, nil
}

const maxNameLength = 200

// cleanName trims a name and checks it is 1 to 200 characters of printable
// text: the rule for people's, centres' and trusts' names (R-CEN-2).
func cleanName(s string) (string, error) {
	n := strings.TrimSpace(s)
	if n == "" {
		return "", invalid("name", FieldRequired, nil, "enter a name")
	}
	if utf8.RuneCountInString(n) > maxNameLength {
		return "", invalid("name", FieldTooLong, params("max", strconv.Itoa(maxNameLength)), "a name has at most %d characters", maxNameLength)
	}
	if !utf8.ValidString(n) || strings.IndexFunc(n, func(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) }) >= 0 {
		return "", invalid("name", FieldControlCharacters, nil, "a name cannot contain control characters")
	}
	return n, nil
}

// isBidiControl reports the invisible characters that reorder the text
// around them, the embeddings, overrides and isolates (U+202A to U+202E,
// U+2066 to U+2069): in a name or a target's title they could make it read
// on a page, a certificate or a CSV as something other than what is
// stored. The direction marks (U+200E, U+200F, U+061C) reorder nothing
// past themselves and may come with a name written right to left, so they
// stay.
func isBidiControl(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// cleanText trims free text and checks it is at most max characters with
// no control characters but line breaks and tabs.
func cleanText(s string, max int) (string, error) {
	t := strings.TrimSpace(s)
	if utf8.RuneCountInString(t) > max {
		return "", invalid("text", FieldTooLong, params("max", strconv.Itoa(max)), "at most %d characters", max)
	}
	if !utf8.ValidString(t) || strings.IndexFunc(t, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || isBidiControl(r)
	}) >= 0 {
		return "", invalid("text", FieldControlCharacters, nil, "cannot contain control characters")
	}
	return t, nil
}

// PersonSheet is a person with their history, read at once: every
// registration they hold, at every centre and year, with its centre and
// standards record, and every certificate of theirs; and the registrations
// a viewer holds at the same centres, which say whether the viewer may see
// that history.
type PersonSheet struct {
	Person Person
	// Registrations are in the order of RegistrationsByPerson.
	Registrations []Registration
	// Centres are those Registrations name, each once, by ID.
	Centres []Centre
	// Records are the person's standards records, by ID.
	Records []Record
	// Certificates are in the order of CertificatesByPerson.
	Certificates []Certificate
	// Viewer are the viewer's registrations at the centres of
	// Registrations, in the order of RegistrationsByPerson.
	Viewer []Registration
}
