package country

import "testing"

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"IN", true}, {"DE", true}, {"PK", true}, {"US", true}, {"XX", true}, {"TW", true},
		{"in", false}, {"", false}, {"IND", false}, {"ZZ", false}, {"EU", false}, {"QO", false},
		{"UK", false}, // the code is GB
		{"001", false}, {"1A", false},
	} {
		if got := Valid(tc.code); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if Valid(string([]rune{a, b})) {
				n++
			}
		}
	}
	// ISO 3166-1 assigns 249 codes; XX is ours.
	if n != 250 {
		t.Errorf("%d valid codes, want 249 and XX", n)
	}
}

func TestNames(t *testing.T) {
	for code, want := range map[string]string{"IN": "India", "DE": "Germany", "XX": "all countries", "PK": "Pakistan"} {
		if got := Name(code); got != want {
			t.Errorf("Name(%q) = %q, want %q", code, got, want)
		}
	}
	if got := Names([]string{"IN", "PK"}); got != "India, Pakistan" {
		t.Errorf("Names = %q", got)
	}
}

// TestNamesKnown checks every assigned code has an English name in CLDR, which also
// catches typos in the list.
func TestNamesKnown(t *testing.T) {
	for c := range assigned {
		if Name(c) == c {
			t.Errorf("no name for %s", c)
		}
	}
}

func TestIndex(t *testing.T) {
	if len(codes) != Count {
		t.Fatalf("%d codes, Count is %d", len(codes), Count)
	}
	for i := range Count {
		if Index(Code(i)) != i {
			t.Errorf("Index(Code(%d)) = %d", i, Index(Code(i)))
		}
	}
	if Index("XX") != -1 || Index("in") != -1 {
		t.Error("Index of a code that is not assigned is not -1")
	}
}
