// Package country knows the ISO 3166-1 alpha-2 country codes and their English
// names, from golang.org/x/text's CLDR data.
package country

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// All is the code that stands for every country in withholding rules.
const All = "XX"

// assigned are the 249 officially assigned ISO 3166-1 alpha-2 codes.
var assigned = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(assignedList) {
		m[c] = true
	}
	return m
}()

const assignedList = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE " +
	"BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD " +
	"CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
	"DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF " +
	"GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
	"KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
	"MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA " +
	"NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
	"PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI " +
	"SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK " +
	"TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
	"VN VU WF WS YE YT ZA ZM ZW"

// Valid reports whether code is an officially assigned ISO 3166-1 alpha-2 country
// code (upper case), or All.
func Valid(code string) bool { return code == All || assigned[code] }

// Name returns the English name of the country, "all countries" for All, and the
// code itself when it is unknown.
func Name(code string) string {
	if code == All {
		return "all countries"
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// Names returns the names of the codes joined with ", ", as notices show them.
func Names(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = Name(c)
	}
	return strings.Join(names, ", ")
}

// codes are the assigned codes in order; Index and Code map between a code and its
// place, for compact sets of countries.
var codes, index = func() ([]string, map[string]int) {
	list := strings.Fields(assignedList)
	idx := make(map[string]int, len(list))
	for i, c := range list {
		idx[c] = i
	}
	return list, idx
}()

// Count is how many assigned codes there are; Index returns values below it.
const Count = 249

// Index returns the place of an assigned code in [0, Count), or -1.
func Index(code string) int {
	if i, ok := index[code]; ok {
		return i
	}
	return -1
}

// Code returns the code at place i of Index.
func Code(i int) string { return codes[i] }
