package agora

import (
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// ID identifies every stored object. IDs are 64-bit and sort by creation time: the
// high 48 bits are milliseconds since the Unix epoch, the low 16 bits a sequence that
// starts at a random value each millisecond, so several processes rarely collide and
// one process never does. On the wire an ID is a decimal string.
type ID int64

// String returns the decimal form used on the wire.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// ParseID parses the decimal wire form. It fails with EINVALID for anything that is
// not a positive 64-bit integer.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, Errorf(EINVALID, "%q is not a valid ID.", truncate(s, 40))
	}
	return ID(n), nil
}

// IDAt returns the smallest ID that could have been made at t. Paging by time uses it.
func IDAt(t time.Time) ID { return ID(t.UnixMilli() << 16) }

// Time returns when the ID was made, to the millisecond.
func (id ID) Time() time.Time { return time.UnixMilli(int64(id) >> 16).UTC() }

// IDGenerator makes IDs. The zero value is ready to use with the wall clock.
type IDGenerator struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	last ID
}

// New returns an ID greater than every ID this generator returned before.
func (g *IDGenerator) New() ID {
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	var b [2]byte
	_, _ = rand.Read(b[:])
	// Keep the random start in the lower half so a millisecond has room for
	// at least 32,768 IDs before it borrows from the next one.
	id := IDAt(now()) | ID(binary.BigEndian.Uint16(b[:])&0x7fff)
	g.mu.Lock()
	defer g.mu.Unlock()
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return id
}

// truncate cuts s to at most n bytes, at the start of a character so that
// valid UTF-8 stays valid (an error message is stored and sent as text), and
// marks the cut with "...".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
