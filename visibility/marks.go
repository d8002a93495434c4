package visibility

import "agora"

// Marks are what a snapshot knows of the withholding of the items it kept and of
// the items they refer to, read under one rules generation. Converters render
// entities from them and never ask the gate again. The zero value marks nothing.
type Marks struct {
	// Gen is the rules generation the marks were read under (the index generation);
	// an encoding made from them may be kept while the generation stays.
	Gen      uint64
	statuses map[agora.ID]*agora.Withholding // rules on a status and on its author
	accounts map[agora.ID]*agora.Withholding // rules on an account
	read     bool                            // made by a snapshot (Gen is meaningful)
	sealed   bool                            // a sealed rule was met: marks differ by viewer and time

	hiddenStatuses map[agora.ID]bool // referred to, and withheld from the viewer
	hiddenAccounts map[agora.ID]bool
	shells         map[agora.ID]string // kept though withheld from the viewer (Undoable): notice URL
}

// Status returns the rules in force on the status with the ID and on its author,
// for the Twitter-style marks; nil when none.
func (m Marks) Status(id agora.ID) *agora.Withholding { return m.statuses[id] }

// Account returns the rules in force on the account with the ID; nil when none.
func (m Marks) Account(id agora.ID) *agora.Withholding { return m.accounts[id] }

// HidesReplyTo reports whether the status st answers, or its author, is withheld
// from the viewer: then st must not reveal in_reply_to_id nor
// in_reply_to_account_id.
func (m Marks) HidesReplyTo(st *agora.Status) bool {
	return st.InReplyToID != 0 && (m.hiddenStatuses[st.InReplyToID] || m.hiddenAccounts[st.InReplyToAccountID])
}

// HidesAccount reports whether the account with the ID, which a kept item refers
// to (its author, an account it mentions), is withheld from the viewer: then a
// mention must not reveal its ID, handle or URL.
func (m Marks) HidesAccount(id agora.ID) bool { return m.hiddenAccounts[id] }

// Personal reports whether the marks differ by viewer or by time, beyond what
// Redacts says: a rule of a confidential order was met, whose marks only legal
// staff see until the order may be disclosed. An encoding made from personal
// marks must not be kept for others.
func (m Marks) Personal() bool { return m.sealed }

// Shell reports whether the status with the ID was kept only so that the viewer
// could undo an action on it (Snapshot.Undoable) while a rule withholds it from
// the viewer, with the URL of the notice explaining the newest such rule. Such a
// status must be shown as its withheld shell: no text, no media, no mentions or
// hashtags, no counts, and its author only when the author is not withheld from
// the viewer (HidesAccount).
func (m Marks) Shell(id agora.ID) (notice string, ok bool) {
	notice, ok = m.shells[id]
	return notice, ok
}

// Redacts reports whether st refers to anything withheld from the viewer, so that
// it renders differently for this viewer than for others.
func (m Marks) Redacts(st *agora.Status) bool {
	if len(m.hiddenStatuses)+len(m.hiddenAccounts)+len(m.shells) == 0 {
		return false
	}
	if _, ok := m.shells[st.ID]; ok {
		return true
	}
	if m.HidesReplyTo(st) {
		return true
	}
	for _, id := range st.Mentions {
		if m.hiddenAccounts[id] {
			return true
		}
	}
	return false
}

// Merge adds the marks of o to m. The result carries the older of the two
// generations, so an encoding kept under it is never kept longer than its marks
// hold.
func (m *Marks) Merge(o Marks) {
	switch {
	case !o.read:
	case !m.read:
		m.Gen, m.read = o.Gen, true
	default:
		m.Gen = min(m.Gen, o.Gen)
	}
	m.statuses = mergeMap(m.statuses, o.statuses)
	m.accounts = mergeMap(m.accounts, o.accounts)
	m.sealed = m.sealed || o.sealed
	m.hiddenStatuses = mergeMap(m.hiddenStatuses, o.hiddenStatuses)
	m.hiddenAccounts = mergeMap(m.hiddenAccounts, o.hiddenAccounts)
	m.shells = mergeMap(m.shells, o.shells)
}

func mergeMap[V any](dst, src map[agora.ID]V) map[agora.ID]V {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[agora.ID]V, len(src))
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

func put[V any](m *map[agora.ID]V, id agora.ID, v V) { putN(m, id, v, 0) }

// putN is put making the map, when it is the first, with room for n.
func putN[V any](m *map[agora.ID]V, id agora.ID, v V, n int) {
	if *m == nil {
		*m = make(map[agora.ID]V, n)
	}
	(*m)[id] = v
}
