package store

// SetPhaseWalkRows sets phaseWalkRows for a test and returns the undo.
func SetPhaseWalkRows(n int) func() {
	old := phaseWalkRows
	phaseWalkRows = n
	return func() { phaseWalkRows = old }
}
