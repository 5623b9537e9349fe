package standards

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
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

// statement is the statement in force for year: the operator's latest
// version, or the text shipped with the library.
func (c *call) statement(year AcademicYear) (Statement, error) {
	st, err := c.tx.LatestStatement(c.ctx, year)
	if errors.Is(err, ErrNotFound) {
		return defaultStatement(year), nil
	}
	return st, err
}

// CurrentStatement returns the Values and Attributes statement in force for
// a year (R-VA-1). The text is public: this is the host's call, with no
// actor.
func (s *Service) CurrentStatement(ctx context.Context, year AcademicYear) (_ Statement, err error) {
	defer s.observe(&ctx, "CurrentStatement").done(&err)
	if err := year.Validate(); err != nil {
		return Statement{}, err
	}
	var out Statement
	err = s.storeView(ctx, func(tx Tx) error {
		var err error
		out, err = (&call{svc: s, ctx: ctx, tx: tx}).statement(year)
		return err
	})
	return out, err
}

const maxStatementLength = 20000

// PublishStatement publishes a new version of the year's statement: only the
// operator may. Signatures already made keep the version they signed
// (R-VA-2). Under IfStatementVersion it publishes only over the version
// the operator read: otherwise ErrConflict with ReasonStale.
func (s *Service) PublishStatement(ctx context.Context, actor Actor, year AcademicYear, text string) (_ Statement, err error) {
	defer s.observe(&ctx, "PublishStatement").done(&err)
	var v validation
	v.add("year", year.Validate())
	text, err = cleanText(text, maxStatementLength)
	v.add("text", err)
	v.check(strings.TrimSpace(text) != "", "text", FieldRequired, nil, "the statement's text is empty: give the text people sign")
	if err := v.err(); err != nil {
		return Statement{}, err
	}
	var st Statement
	err = s.update(ctx, actor, actPublishStatement, func(c *call) error {
		if err := authorize(actPublishStatement, standing{operator: c.actor.Operator}, subject{}); err != nil {
			return err
		}
		current, err := c.statement(year)
		if err != nil {
			return err
		}
		if err := c.checkStatementVersion(current); err != nil {
			return err
		}
		st = Statement{Year: year, Version: current.Version + 1, Text: text, PublishedAt: c.now, PublishedBy: c.person.ID}
		if err := c.tx.CreateStatement(c.ctx, st); err != nil {
			return err
		}
		return c.audit("statement.publish", fmt.Sprintf("statement/%d/%d", int(year), st.Version), "",
			fmt.Sprintf("published version %d of the statement for %s", st.Version, year))
	})
	return st, err
}

// SignStatement signs the year's Values and Attributes statement as the
// record's exams officer (R-VA-2). The overseers are told it awaits their
// countersignature. Signing twice is ErrConflict.
func (s *Service) SignStatement(ctx context.Context, actor Actor, recordID string) (_ Signature, err error) {
	defer s.observe(&ctx, "SignStatement").done(&err)
	return s.sign(ctx, actor, recordID, actSignStatement, SideEO)
}

// CountersignStatement countersigns the statement as an overseer, after the
// exams officer has signed (R-VA-2).
func (s *Service) CountersignStatement(ctx context.Context, actor Actor, recordID string) (_ Signature, err error) {
	defer s.observe(&ctx, "CountersignStatement").done(&err)
	return s.sign(ctx, actor, recordID, actCountersign, SideOverseer)
}

func (s *Service) sign(ctx context.Context, actor Actor, recordID string, act action, side Side) (Signature, error) {
	var sig Signature
	err := s.update(ctx, actor, act, func(c *call) error {
		r, err := c.changeRecord(act, recordID, subject{})
		if err != nil {
			return err
		}
		sigs, err := c.tx.Signatures(c.ctx, r.record.ID)
		if err != nil {
			return err
		}
		for _, existing := range sigs {
			if existing.Side == side {
				return conflict(ReasonAlreadySigned, params("side", string(side)), "the statement is already signed by the %s side", side)
			}
		}
		if side == SideOverseer && len(sigs) == 0 {
			return conflict(ReasonExamsOfficerSignsFirst, nil, "the exams officer signs the statement first")
		}
		st, err := c.statement(r.record.Year)
		if err != nil {
			return err
		}
		sig = Signature{RecordID: r.record.ID, Side: side, PersonID: c.person.ID, At: c.now,
			StatementVersion: st.Version, StatementHash: st.Hash()}
		if err := c.tx.CreateSignature(c.ctx, sig); err != nil {
			return err
		}
		if err := c.touch(&r); err != nil {
			return err
		}
		if err := c.audit("statement.sign", "record/"+r.record.ID, r.record.CentreID,
			fmt.Sprintf("signed version %d of the statement as %s (sha256 %s)", st.Version, side, st.Hash()[:12])); err != nil {
			return err
		}
		if side != SideEO {
			return nil
		}
		to, err := c.overseerEmails(r)
		if err != nil {
			return err
		}
		eo, err := c.eoPerson(r)
		if err != nil {
			return err
		}
		return c.event(EventAwaitingCountersign, to, r.record.CentreID, "record/"+r.record.ID,
			fmt.Sprintf("%s signed the Values and Attributes statement for %s: it awaits your countersignature", eo.Name, r.record.Year))
	})
	return sig, err
}

// StatementStore keeps the published versions of the Values and Attributes
// statement.
type StatementStore interface {
	// CreateStatement stores a version; (Year, Version) is unique.
	CreateStatement(ctx context.Context, s Statement) error
	// LatestStatement returns the year's highest version, or ErrNotFound
	// when the operator has published none.
	LatestStatement(ctx context.Context, year AcademicYear) (Statement, error)
	Statement(ctx context.Context, year AcademicYear, version int) (Statement, error)
}
