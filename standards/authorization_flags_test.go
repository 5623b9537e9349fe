package standards_test

// flagRows are the authorisation rows of attention flags, dashboards and
// reminders.
var flagRows = []authzRow{}
