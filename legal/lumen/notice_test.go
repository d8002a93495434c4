package lumen_test

import (
	"strings"
	"testing"
	"time"

	"agora/legal/lumen"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func valid() *lumen.Notice {
	sent := "2026-03-01"
	return &lumen.Notice{
		Type: lumen.TypeGovernmentRequest, Title: "Order 2026-000001", DateSent: &sent, DateReceived: "2026-03-02",
		ActionTaken: lumen.ActionPartial, RequestType: lumen.RequestAgency,
		Roles: []*lumen.Role{
			{Name: lumen.RoleSender, Entity: &lumen.Entity{Name: "Ministry", Kind: lumen.KindOrganization, CountryCode: "IN"}},
			{Name: lumen.RoleRecipient, Entity: &lumen.Entity{Name: "agora", Kind: lumen.KindOrganization}},
		},
		Works: []*lumen.Work{{Description: "Accounts named in the order", Kind: "account",
			URLs: []*lumen.URL{{URL: "https://agora.example/@someone"}}}},
	}
}

func TestNotice_Check(t *testing.T) {
	if err := valid().Check(now); err != nil {
		t.Fatalf("valid notice: %v", err)
	}
	noSender := valid()
	noSender.Roles, noSender.DateSent = noSender.Roles[1:], nil
	if err := noSender.Check(now); err != nil {
		t.Errorf("a notice without sender or date sent: %v", err)
	}
	today := valid()
	today.DateReceived = "2026-03-10"
	if err := today.Check(now); err != nil {
		t.Errorf("received today: %v", err)
	}
	for _, tt := range []struct {
		name, want string
		edit       func(n *lumen.Notice)
	}{
		{"type", "type:", func(n *lumen.Notice) { n.Type = "DMCA" }},
		{"title", "title:", func(n *lumen.Notice) { n.Title = "" }},
		{"action", "action_taken:", func(n *lumen.Notice) { n.ActionTaken = "Some" }},
		{"request type", "request_type:", func(n *lumen.Notice) { n.RequestType = "Order" }},
		{"future", "date_received: 2026-03-11 is in the future", func(n *lumen.Notice) { n.DateReceived = "2026-03-11" }},
		{"too early", "date_sent: 1998-10-28 is not after 1998-10-28", func(n *lumen.Notice) { s := "1998-10-28"; n.DateSent = &s }},
		{"bad date", "date_received:", func(n *lumen.Notice) { n.DateReceived = "10/03/2026" }},
		{"no recipient", "no recipient", func(n *lumen.Notice) { n.Roles = n.Roles[:1] }},
		{"two senders", "a second sender", func(n *lumen.Notice) { n.Roles = append(n.Roles, n.Roles[0]) }},
		{"entity kind", "entity_attributes.kind", func(n *lumen.Notice) { n.Roles[0].Entity.Kind = "government" }},
		{"role", "is not sender or recipient", func(n *lumen.Notice) { n.Roles[0].Name = "principal" }},
		{"work", "works_attributes[0]", func(n *lumen.Notice) { n.Works[0].Kind = "" }},
	} {
		n := valid()
		tt.edit(n)
		if err := n.Check(now); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error naming %q", tt.name, err, tt.want)
		}
	}
}
