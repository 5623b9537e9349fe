package standards

import (
	"context"
	"fmt"
)

// IfRecordVersion returns a context under which a command acts on the
// record recordID only if the record is still at version, the Version a
// caller read (Tracker gives it as Record.Version): otherwise the command
// returns ErrConflict with ReasonStale and changes nothing. It is how the
// JSON API honours If-Match: a host that read a record and changes it on
// what it read learns that someone else changed it first, rather than
// acting on a record it has not seen. The version is compared inside the
// command's own transaction, when the command saves the record, so no
// change slips in between. Queries, and commands on other records, are
// not affected.
func IfRecordVersion(ctx context.Context, recordID string, version int64) context.Context {
	return context.WithValue(ctx, recordVersionKey{}, recordVersion{id: recordID, version: version})
}

type recordVersionKey struct{}

type recordVersion struct {
	id      string
	version int64
}

// checkVersion compares the record's version, as the command read it,
// with the one IfRecordVersion asked for: once a call, at its first save
// of the record, since each save moves the version on.
func (c *call) checkVersion(r *onRecord) error {
	want, ok := c.ctx.Value(recordVersionKey{}).(recordVersion)
	if !ok || want.id != r.record.ID || c.versionChecked {
		return nil
	}
	c.versionChecked = true
	if r.record.Version != want.version {
		return &Error{Kind: ErrConflict, Reason: ReasonStale,
			Message: fmt.Sprintf("the record changed since version %d was read: read it again", want.version)}
	}
	return nil
}

// IfStatementVersion returns a context under which PublishStatement
// publishes the statement for year only if version is still the one in
// force (Statement.Version, as CurrentStatement gave it; 0 for the text
// the library ships): otherwise it returns ErrConflict with ReasonStale
// and publishes nothing. It is how an operator who read a version, and
// wrote the next from it, learns that someone published another in
// between, rather than replacing a text they never saw. As with
// IfRecordVersion, the version is compared inside the command's own
// transaction, so two publications from the same version cannot both
// succeed.
func IfStatementVersion(ctx context.Context, year AcademicYear, version int) context.Context {
	return context.WithValue(ctx, statementVersionKey{}, statementVersion{year: year, version: version})
}

type statementVersionKey struct{}

type statementVersion struct {
	year    AcademicYear
	version int
}

// checkStatementVersion compares the version in force for year, as the
// command read it, with the one IfStatementVersion asked for.
func (c *call) checkStatementVersion(current Statement) error {
	want, ok := c.ctx.Value(statementVersionKey{}).(statementVersion)
	if !ok || want.year != current.Year || want.version == current.Version {
		return nil
	}
	return &Error{Kind: ErrConflict, Reason: ReasonStale,
		Message: fmt.Sprintf("version %d of the statement for %s was published after version %d was read: read it, then publish again", current.Version, current.Year, want.version)}
}
