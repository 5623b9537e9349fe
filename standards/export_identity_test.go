package standards

import "context"

// The three ways a query finds who is asking, for the test that holds them
// to one answer (TestR_PER_1_APageFindsWhomEveryQueryFinds): each returns
// the person found (their ID, "" for nobody) and the actor's address after.
// They are functions, not methods, so that the tests that walk the
// Service's methods do not take them for its API.

// WhoByView finds them as every query does (identify).
func WhoByView(s *Service, ctx context.Context, actor Actor) (id, email string, err error) {
	err = s.view(ctx, actor, func(c *call) error { id, email = c.person.ID, c.actor.Email; return nil })
	return id, email, err
}

// WhoByRecordPage finds them as a record's pages do (recordView).
func WhoByRecordPage(s *Service, ctx context.Context, actor Actor, recordID string) (id, email string, err error) {
	err = s.recordView(ctx, actor, recordID, func(c *call, _ RecordSheet) error { id, email = c.person.ID, c.actor.Email; return nil })
	return id, email, err
}

// WhoByHistory finds them as a person's certification history does.
func WhoByHistory(s *Service, ctx context.Context, actor Actor, personID string) (id, email string, err error) {
	err = s.viewFirst(ctx, actor, func(c *call) ([]Person, error) {
		sheet, err := c.tx.PersonSheet(c.ctx, personID, PersonKey{Email: c.actor.Email, ExternalID: c.actor.ExternalID})
		return sheet.Readers, err
	}, func(c *call) error { id, email = c.person.ID, c.actor.Email; return nil })
	return id, email, err
}
