package legal

import (
	"context"
	"errors"
	"slices"
	"strings"

	"agora"
)

// maxTargetLen bounds one target as given.
const maxTargetLen = 2048

// subjectKey identifies what a target resolved to, for finding duplicates.
type subjectKey struct {
	kind agora.SubjectKind
	id   agora.ID
	tag  string
}

func keyOf(t *agora.Target) subjectKey { return subjectKey{t.Kind, t.SubjectID, t.Hashtag} }

// resolveTargets turns the inputs into targets of the order, positions from
// start+1, resolving each to an account, status or hashtag of this instance.
// Targets naming the same item as an earlier one (in earlier, or in inputs) are
// duplicates; items already withheld in the whole territorial scope are marked so;
// the rest that cannot be resolved are unresolved with the cause. Nothing is
// dropped.
func (d *desk) resolveTargets(ctx context.Context, o *agora.Order, inputs []string, start int, earlier []*agora.Target) ([]*agora.Target, error) {
	seen := make(map[subjectKey]agora.ID, len(earlier)+len(inputs))
	for _, t := range earlier {
		if t.Resolution != agora.ResolutionUnresolved && t.Resolution != agora.ResolutionDuplicate {
			if _, ok := seen[keyOf(t)]; !ok {
				seen[keyOf(t)] = t.ID
			}
		}
	}
	now := d.clock()
	out := make([]*agora.Target, 0, len(inputs))
	for i, in := range inputs {
		t := &agora.Target{
			ID: d.ids.New(), OrderID: o.ID, Position: start + i + 1, Input: in,
			State: agora.TargetPending, CreatedAt: now, UpdatedAt: now,
		}
		out = append(out, t)
		text := strings.TrimSpace(in)
		if text == "" {
			t.Resolution, t.Cause = agora.ResolutionUnresolved, "empty: names no account, status or hashtag"
			continue
		}
		kind, id, tag, err := d.resolve.ResolveSubject(ctx, text)
		if err != nil {
			code := agora.ErrorCode(err)
			if code != agora.ENOTFOUND && code != agora.EINVALID {
				return nil, err
			}
			t.Resolution, t.Cause = agora.ResolutionUnresolved, causeOf(err)
			continue
		}
		t.Kind, t.SubjectID, t.Hashtag = kind, id, tag
		if first, dup := seen[keyOf(t)]; dup {
			t.Resolution, t.DuplicateOf = agora.ResolutionDuplicate, first
			continue
		}
		seen[keyOf(t)] = t.ID
		t.Resolution = agora.ResolutionResolved
		if d.withheldInScope(o, t) {
			t.Resolution = agora.ResolutionAlreadyWithheld
		}
	}
	return out, nil
}

// causeOf says in words why a target could not be resolved: the resolver's
// message, which names the problem (another server, no such account or status, a
// path or ID that cannot be read), or a plain fallback when it has none.
func causeOf(err error) string {
	var e *agora.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return "no such account or status on this instance"
	}
	return "names no account, status or hashtag of this instance"
}

// withheldInScope reports whether rules in force already withhold the target's item
// in every country of the order's scope.
func (d *desk) withheldInScope(o *agora.Order, t *agora.Target) bool {
	rules := d.rules.RulesOn(t.Kind, t.SubjectID, t.Hashtag)
	if len(rules) == 0 || len(o.TerritorialScope) == 0 {
		return false
	}
	for _, c := range o.TerritorialScope {
		covered := false
		for _, r := range rules {
			if slices.Contains(r.Countries, c) || slices.Contains(r.Countries, agora.AllCountries) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// countTargets counts targets by resolution.
func countTargets(ts []*agora.Target) agora.TargetCounts {
	var c agora.TargetCounts
	for _, t := range ts {
		c.Total++
		switch t.Resolution {
		case agora.ResolutionResolved:
			c.Resolved++
		case agora.ResolutionUnresolved:
			c.Unresolved++
		case agora.ResolutionDuplicate:
			c.Duplicate++
		case agora.ResolutionAlreadyWithheld:
			c.AlreadyWithheld++
		}
	}
	return c
}
