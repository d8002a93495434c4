package authorityapi

import (
	"time"

	"agora"
	"agora/authorityapi/wire"
	"agora/legal"
)

// The one converter from the desk's records to the authority's wire shapes. It
// copies only what the authority is told: never the assignee, the creator, a
// decision's note or actor.

func receiptEntity(o *agora.Order) *wire.Receipt {
	return &wire.Receipt{ID: o.ID.String(), Number: o.Number, ReceivedAt: o.ReceivedAt.UTC(), Digest: o.Digest}
}

// orderEntity converts an order; with effects (GET /orders/{id}) it lists the
// targets and their effects.
func orderEntity(o *agora.Order, effects []legal.TargetEffect) *wire.Order {
	out := &wire.Order{
		ID: o.ID.String(), Number: o.Number, Reference: o.Reference, State: string(o.State),
		ReceivedAt: o.ReceivedAt.UTC(), Digest: o.Digest, AcknowledgedAt: optTime(o.AcknowledgedAt),
		Deadline: optTime(o.Deadline), FirstEffectAt: optTime(o.FirstEffectAt), AnsweredAt: optTime(o.AnsweredAt),
		ClosedAt: optTime(o.ClosedAt), RevokedAt: optTime(o.RevokedAt),
		TerritorialScope: nonNil(o.TerritorialScope), Emergency: o.Emergency, Confidential: o.Confidential,
		Deficiencies: nonNil(o.Deficiencies), TargetsCount: o.Counts.Total,
	}
	if effects != nil {
		out.Targets = make([]*wire.TargetItem, len(effects))
		for i, e := range effects {
			out.Targets[i] = targetEntity(e)
		}
	}
	return out
}

func targetEntity(e legal.TargetEffect) *wire.TargetItem {
	return &wire.TargetItem{
		ID: e.ID.String(), Position: e.Position, Input: e.Input, Effect: string(e.Effect),
		Measure: optString(e.Measure), Countries: nonNil(e.Countries), ReasonCode: optString(e.ReasonCode),
		Explanation: optString(e.Explanation), Cause: optString(e.Cause), EffectGivenAt: optTime(e.EffectGivenAt),
		DeclinedAt: optTime(e.DeclinedAt), LiftedAt: optTime(e.LiftedAt),
	}
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
