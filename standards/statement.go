package standards

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Statement is a version of the Values and Attributes statement for a year,
// published by the operator (R-VA-1).
type Statement struct {
	Year AcademicYear
	// Version counts the year's publications from 1; version 0 is the text
	// shipped with the library.
	Version     int
	Text        string
	PublishedAt time.Time
	// PublishedBy is the operator's person id, or "" when the operator has
	// never registered; the audit trail names them by e-mail.
	PublishedBy string
}

// Hash is the SHA-256 of the statement's text, in hex: what a signature
// records of the exact text signed.
func (s Statement) Hash() string { return hashStatement(s.Text) }

// hashStatement hashes a statement text.
func hashStatement(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// DefaultStatementText is the statement shipped with the library, used for
// a year until the operator publishes one.
const DefaultStatementText = `Values and Attributes statement

As the exams officer, I commit to maintaining the integrity and security of the examination system within this centre. I will:

- keep question papers, confidential materials and candidates' work secure at all times, following the JCQ's instructions;
- conduct examinations and assessments fairly and in line with JCQ and awarding body regulations;
- protect candidates' personal data and handle results, certificates and post-results services accurately and on time;
- report any suspected malpractice or maladministration promptly;
- act with honesty, impartiality and professionalism in all dealings with candidates, staff, awarding bodies and the JCQ;
- keep my knowledge and skills up to date through regular continuing professional development.

As the senior leader or line manager, I countersign to confirm that the centre supports the exams officer in meeting these commitments.`

// defaultStatement is version 0 of the statement for year.
func defaultStatement(year AcademicYear) Statement {
	return Statement{Year: year, Version: 0, Text: DefaultStatementText}
}

// Signature records who signed the statement on a record, when, and the
// exact text (R-VA-1). The exams officer signs first; an overseer
// countersigns (R-VA-2).
type Signature struct {
	RecordID string
	Side     Side
	PersonID string
	At       time.Time
	// StatementVersion and StatementHash name the text signed; a later
	// version of the statement does not undo the signature.
	StatementVersion int
	StatementHash    string
}
