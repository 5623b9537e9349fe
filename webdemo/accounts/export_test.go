package accounts

// The sweeps' statements, for TestSweepsUseTheirIndexes.
const (
	SweepSessions = sweepSessions
	SweepCounts   = sweepCounts
)
