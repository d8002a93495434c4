package bench

// UsageError is an error in what a run was asked to do (its settings, or the
// files and database they name) rather than in the run itself; agora's command
// reports it as a usage error. Its text is Err's.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }
