package agora_test

import (
	"testing"
	"time"

	"agora"
)

func TestLogEntry_Canonical(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123_456_789, time.FixedZone("IST", 5*3600+1800))
	r := &agora.Rule{ID: 42, Kind: agora.SubjectStatus, SubjectID: 7, Countries: []string{"IN", "PK"},
		Reason: agora.ReasonLegalDemand}
	for _, tc := range []struct {
		name   string
		sealed time.Time
		order  string
		want   string
	}{
		{"open", time.Time{}, "2026-000042",
			`{"action":"withhold","countries":["IN","PK"],"index":3,"order":"2026-000042","reason":"legal_demand","rule":"42","subject":"https://agora.example/@a&b/7","time":"2026-03-01T06:30:00.123Z"}`},
		{"without order", time.Time{}, "",
			`{"action":"withhold","countries":["IN","PK"],"index":3,"reason":"legal_demand","rule":"42","subject":"https://agora.example/@a&b/7","time":"2026-03-01T06:30:00.123Z"}`},
		{"seal ended", at, "2026-000042",
			`{"action":"withhold","countries":["IN","PK"],"index":3,"order":"2026-000042","reason":"legal_demand","rule":"42","subject":"https://agora.example/@a&b/7","time":"2026-03-01T06:30:00.123Z"}`},
		{"sealed", agora.Forever, "2026-000042",
			`{"action":"withhold","commitment":"982e6df3a7db40e1e2789f208046940abe84599ace803259f97e6829e90a09cb","countries":["IN","PK"],"index":3,"reason":"legal_demand","rule":"42","time":"2026-03-01T06:30:00.123Z"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rule := *r
			rule.SealedUntil = tc.sealed
			salt := make([]byte, agora.LogSaltSize)
			e, o := agora.NewLogEntry(3, &rule, agora.LogWithhold, at, "https://agora.example/@a&b/7", tc.order, salt)
			if wantOpening := tc.sealed.After(at); (o != nil) != wantOpening {
				t.Errorf("opening %v for a rule sealed until %v", o, tc.sealed)
			}
			got := string(e.Canonical())
			if o != nil {
				if o.Commitment() != e.Commitment || o.Subject != "https://agora.example/@a&b/7" || o.Index != 3 {
					t.Errorf("opening %+v does not open %s", o, e.Commitment)
				}
			}
			if got != tc.want {
				t.Errorf("Canonical() =\n%s\nwant\n%s", got, tc.want)
			}
			back, err := agora.ParseLogEntry([]byte(got))
			if err != nil {
				t.Fatalf("ParseLogEntry: %v", err)
			}
			if string(back.Canonical()) != got {
				t.Errorf("round trip: %s", back.Canonical())
			}
		})
	}
}

func TestParseLogEntry_Refuses(t *testing.T) {
	for name, data := range map[string]string{
		"not JSON":       `{`,
		"spaces":         `{"action": "withhold","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00.123Z"}`,
		"keys reordered": `{"countries":["IN"],"action":"withhold","index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00.123Z"}`,
		"unknown key":    `{"action":"withhold","countries":["IN"],"extra":1,"index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00.123Z"}`,
		"bad action":     `{"action":"hide","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00.123Z"}`,
		"no subject":     `{"action":"withhold","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","time":"2026-03-01T06:30:00.123Z"}`,
		"both":           `{"action":"withhold","commitment":"ab","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00.123Z"}`,
		"local time":     `{"action":"withhold","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","subject":"x","time":"2026-03-01T06:30:00+05:30"}`,
		"escaped &":      `{"action":"withhold","countries":["IN"],"index":0,"reason":"legal_demand","rule":"1","subject":"a\u0026b","time":"2026-03-01T06:30:00.123Z"}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := agora.ParseLogEntry([]byte(data)); agora.ErrorCode(err) != agora.EINVALID {
				t.Errorf("ParseLogEntry: %v, want EINVALID", err)
			}
		})
	}
}

func TestLogOpening_Commitment(t *testing.T) {
	o := &agora.LogOpening{Salt: []byte("0123456789abcdef0123456789abcdef"), Subject: "https://a.example/@x", Order: "2026-000001"}
	// sha256sum of the salt followed by {"order":"2026-000001","subject":"https://a.example/@x"}
	const want = "0685977b84b0f5c7724c13ec36558ab26c77553631261fc9bf7072e786afa92f"
	got := o.Commitment()
	if got != want {
		t.Fatalf("Commitment() = %q, want %q", got, want)
	}
	other := *o
	other.Order = "2026-000002"
	if other.Commitment() == got {
		t.Error("another order gives the same commitment")
	}
}

func TestSubjectURL(t *testing.T) {
	for _, tc := range []struct {
		kind          agora.SubjectKind
		user, hashtag string
		id            agora.ID
		want          string
	}{
		{agora.SubjectAccount, "alice", "", 5, "https://a.example/@alice"},
		{agora.SubjectAccount, "", "", 5, "https://a.example/web/accounts/5"},
		{agora.SubjectStatus, "alice", "", 9, "https://a.example/@alice/9"},
		{agora.SubjectStatus, "", "", 9, "https://a.example/web/statuses/9"},
		{agora.SubjectHashtag, "", "tag", 0, "https://a.example/tags/tag"},
	} {
		if got := agora.SubjectURL("https://a.example", tc.kind, tc.user, tc.id, tc.hashtag); got != tc.want {
			t.Errorf("SubjectURL(%s, %q, %d, %q) = %q, want %q", tc.kind, tc.user, tc.id, tc.hashtag, got, tc.want)
		}
	}
}
