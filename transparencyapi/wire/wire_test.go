package wire

import (
	"encoding/json"
	"testing"
)

func TestCount_JSON(t *testing.T) {
	for _, tt := range []struct {
		c    Count
		json string
	}{{Count{}, `0`}, {Count{N: 12}, `12`}, {Count{Small: true}, `"< 10"`}} {
		b, err := tt.c.MarshalJSON()
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tt.c, b, err, tt.json)
		}
		var back Count
		if err := json.Unmarshal(b, &back); err != nil || back != tt.c {
			t.Errorf("Unmarshal(%s) = %+v, %v", b, back, err)
		}
	}
	var c Count
	if err := json.Unmarshal([]byte(`"\u003c 10"`), &c); err != nil || !c.Small {
		t.Errorf("Unmarshal of the escaped band = %+v, %v", c, err)
	}
	for _, bad := range []string{`"<10"`, `"9"`, `1.5`, `null`} {
		if err := json.Unmarshal([]byte(bad), &c); err == nil && bad != `null` {
			t.Errorf("Unmarshal(%s) = %+v, want an error", bad, c)
		}
	}
}
