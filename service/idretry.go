package service

import (
	"errors"

	"agora"
)

// idAttempts is how many times a write whose ID is taken (agora.ErrIDTaken) is
// tried in all, with new IDs each time.
const idAttempts = 3

// writeFresh runs write and, while it fails because an ID it inserts is taken by
// another process's record, makes new IDs with renew and runs it again, up to
// idAttempts times in all. It returns write's last error.
func writeFresh(write func() error, renew func()) error {
	err := write()
	for i := 1; i < idAttempts && errors.Is(err, agora.ErrIDTaken); i++ {
		renew()
		err = write()
	}
	return err
}

// exists reports whether err says the record to insert exists already: an
// ECONFLICT that is not about a taken ID. Writes that are not errors when
// repeated (a favourite, a follow) answer success for it.
func exists(err error) bool {
	return agora.ErrorCode(err) == agora.ECONFLICT && !errors.Is(err, agora.ErrIDTaken)
}

// renewIDs gives each notification a new ID.
func (c *core) renewIDs(notes []*agora.Notification) {
	for _, n := range notes {
		n.ID = c.ids.New()
	}
}
