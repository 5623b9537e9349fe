package standards_test

// historyRows are the authorisation rows of certification history, carrying
// targets forward and legacy import.
var historyRows = []authzRow{}
