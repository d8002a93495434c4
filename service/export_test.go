package service

// SetMaxViewerMarks changes how many marks the viewer cache holds per viewer, for
// a test, and returns a function that restores it.
func SetMaxViewerMarks(n int) (restore func()) {
	old := maxViewerMarks
	maxViewerMarks = n
	return func() { maxViewerMarks = old }
}
