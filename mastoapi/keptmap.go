package mastoapi

import (
	"time"

	"agora"
)

// keptMap holds what jsonCache keeps for one kind of entity, bounded both by
// count and by use: entries live in two generations, and every keptEvery the
// older one is dropped and the newer one takes its place. An entry read from the
// older generation moves to the newer, so what is read at least once per
// keptEvery stays, and what is no longer read is gone within two periods.
// Without the second bound the map only ever grew towards its count limit while
// new statuses were posted, holding encodings of statuses no page showed any
// more (issue 15: resident memory grew without levelling off under mixed load).
// The caller holds jsonCache's lock.
type keptMap[V any] struct {
	cur, old map[agora.ID]V
	rotated  time.Time // when old was last replaced by cur
}

// keptEvery is how long an entry that is not read stays kept, at least: it is
// dropped after one to two periods.
const keptEvery = 30 * time.Second

func (m *keptMap[V]) get(id agora.ID, now time.Time) (V, bool) {
	m.rotate(now)
	if v, ok := m.cur[id]; ok {
		return v, true
	}
	v, ok := m.old[id]
	if ok {
		delete(m.old, id)
		m.put(id, v, now)
	}
	return v, ok
}

func (m *keptMap[V]) put(id agora.ID, v V, now time.Time) {
	m.rotate(now)
	if m.cur == nil {
		m.cur = map[agora.ID]V{}
	}
	if len(m.cur) >= maxKept {
		// Too many read in one period: start the period afresh.
		m.old, m.cur, m.rotated = m.cur, map[agora.ID]V{}, now
	}
	m.cur[id] = v
}

// rotate drops the older generation once a period has passed since the last
// rotation; after two periods without any use both are dropped.
func (m *keptMap[V]) rotate(now time.Time) {
	switch d := now.Sub(m.rotated); {
	case d >= 2*keptEvery:
		m.cur, m.old, m.rotated = nil, nil, now
	case d >= keptEvery:
		m.old, m.cur, m.rotated = m.cur, nil, now
	}
}

// len returns how many entries are kept.
func (m *keptMap[V]) len() int { return len(m.cur) + len(m.old) }
