package mastoapi

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"agora"
	"agora/service"
	"agora/visibility"
)

// maxKept bounds each generation of each keptMap of jsonCache.
const maxKept = 50_000

// jsonCache keeps the JSON encoding of the part of each status that every viewer
// sees alike (statusCore) and of each account, so that a page of statuses shown
// before is written by copying bytes rather than by converting and encoding every
// entity again: converting and encoding were most of a timeline request's cost.
//
// What makes an encoding stale is checked on every use rather than announced: an
// encoding is used only for the very record it was made from (the caches hand out
// a new record whenever a status or an account changes, and records are never
// modified), made from marks read under the same rules generation as the
// request's, and, for a status, with the same author's username, mentioned
// usernames and boost form. The viewer's flags and the boosted status are added
// per request. A status that refers to something withheld from the viewer (a
// reply to a withheld status, a mention of a withheld account), and anything
// whose marks met a rule of a confidential order (visibility.Marks.Personal),
// renders differently for that viewer and is neither kept nor served from what
// is kept.
type jsonCache struct {
	mu       sync.Mutex
	statuses keptMap[keptStatus]
	accounts keptMap[keptAccount]
	now      func() time.Time
}

type keptAccount struct {
	a    *agora.Account
	gen  uint64
	json []byte // the Account object
}

type keptStatus struct {
	st       *agora.Status
	gen      uint64
	username string   // the author's
	mentions []string // the mentioned accounts' usernames, "" for one not in the bundle
	boost    bool     // encoded as a boost whose original is shown: own text blanked
	// sensitized is whether the author's media were marked sensitive by a
	// moderator (agora.Account.Sensitized), which makes the status sensitive.
	sensitized bool
	json       []byte // the statusCore object without its closing brace
}

func newJSONCache() *jsonCache {
	return &jsonCache{now: time.Now}
}

// reset drops everything kept.
func (k *jsonCache) reset() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.statuses, k.accounts = keptMap[keptStatus]{}, keptMap[keptAccount]{}
}

// appendStatuses appends the JSON array of the bundle's statuses, as
// converter.statuses and encoding/json would write it, to dst.
func (k *jsonCache) appendStatuses(dst []byte, c converter, b *service.Bundle) []byte {
	dst = append(dst, '[')
	for i, st := range b.Statuses {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = k.appendStatus(dst, c, b, st)
	}
	return append(dst, ']')
}

// appendStatus appends the JSON object of st, as converter.status and
// encoding/json would write it, to dst.
func (k *jsonCache) appendStatus(dst []byte, c converter, b *service.Bundle, st *agora.Status) []byte {
	if _, ok := b.Marks.Shell(st.ID); ok { // a withheld shell is rendered per viewer, never kept
		return append(dst, encode(c.status(b, st))...)
	}
	dst = append(dst, k.statusCore(c, b, st)...)
	dst = append(dst, `,"account":`...)
	dst = append(dst, k.account(c, b.Account(st.AccountID), b.Marks)...)
	dst = append(dst, `,"reblog":`...)
	if o := b.Original(st); o != nil {
		dst = k.appendStatus(dst, c, b, o)
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `,"poll":`...)
	if p := c.poll(b, st); p != nil {
		dst = append(dst, encode(p)...)
	} else {
		dst = append(dst, "null"...)
	}
	dst = appendFlags(dst, b, st)
	return append(dst, '}')
}

// statusCore returns the encoded core of st without its closing brace, kept or
// made now.
func (k *jsonCache) statusCore(c converter, b *service.Bundle, st *agora.Status) []byte {
	if b.Marks.Redacts(st) || b.Marks.Personal() {
		enc := encode(c.statusCore(b, st))
		return enc[:len(enc)-1]
	}
	gen := b.Marks.Gen
	author := b.Account(st.AccountID)
	boost := st.ReblogOfID != 0 && b.Original(st) != nil
	k.mu.Lock()
	e, ok := k.statuses.get(st.ID, k.now())
	k.mu.Unlock()
	if ok && e.st == st && e.gen == gen && e.username == author.Username && e.boost == boost &&
		e.sensitized == author.Sensitized() && sameMentions(e.mentions, b, st) {
		return e.json
	}
	enc := encode(c.statusCore(b, st))
	enc = enc[:len(enc)-1] // the closing brace: the rest is appended per viewer
	mentions := make([]string, len(st.Mentions))
	for i, id := range st.Mentions {
		if a := b.Account(id); a != nil {
			mentions[i] = a.Username
		}
	}
	k.mu.Lock()
	k.statuses.put(st.ID, keptStatus{st: st, gen: gen, username: author.Username, mentions: mentions, boost: boost,
		sensitized: author.Sensitized(), json: enc}, k.now())
	k.mu.Unlock()
	return enc
}

func sameMentions(kept []string, b *service.Bundle, st *agora.Status) bool {
	if len(kept) != len(st.Mentions) {
		return false
	}
	for i, id := range st.Mentions {
		name := ""
		if a := b.Account(id); a != nil {
			name = a.Username
		}
		if kept[i] != name {
			return false
		}
	}
	return true
}

// account returns the encoded Account of a, marked as m says, kept or made now.
func (k *jsonCache) account(c converter, a *agora.Account, m visibility.Marks) []byte {
	if m.Personal() {
		return encode(c.account(a, m))
	}
	gen := m.Gen
	k.mu.Lock()
	e, ok := k.accounts.get(a.ID, k.now())
	k.mu.Unlock()
	if ok && e.a == a && e.gen == gen {
		return e.json
	}
	enc := encode(c.account(a, m))
	k.mu.Lock()
	k.accounts.put(a.ID, keptAccount{a: a, gen: gen, json: enc}, k.now())
	k.mu.Unlock()
	return enc
}

// appendFlags appends the viewer's flags on st as members of its object (with
// a leading comma): what statusFlags encodes to.
func appendFlags(dst []byte, b *service.Bundle, st *agora.Status) []byte {
	if b.Viewer == nil {
		return dst
	}
	fl := b.ViewerFlags(st)
	dst = append(dst, `,"favourited":`...)
	dst = strconv.AppendBool(dst, fl.Favourited)
	dst = append(dst, `,"reblogged":`...)
	dst = strconv.AppendBool(dst, fl.Reblogged)
	dst = append(dst, `,"muted":`...)
	dst = strconv.AppendBool(dst, fl.Muted)
	dst = append(dst, `,"bookmarked":`...)
	dst = strconv.AppendBool(dst, fl.Bookmarked)
	if st.AccountID == b.Viewer.ID {
		dst = append(dst, `,"pinned":`...)
		dst = strconv.AppendBool(dst, fl.Pinned)
	}
	// The viewer's filters' results: per viewer, never in what is kept.
	if rs := b.Filtered[st.ID]; len(rs) > 0 {
		dst = append(dst, `,"filtered":`...)
		dst = append(dst, encode(toFilterResults(rs))...)
	}
	return dst
}

// encode is encoding/json as httpx.WriteJSON uses it (no HTML escaping), without
// the trailing newline. The entities here always encode.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("mastoapi: encode entity: " + err.Error())
	}
	// A copy of exactly the encoding's size: the buffer has grown by doubling,
	// and what jsonCache keeps would otherwise hold up to twice its size.
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
