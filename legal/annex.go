package legal

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"agora"
)

// Annex is the list of items an order names, as the authority sent it: the
// targets, and for an annex that is a table, the other cells of each target's
// row (Remarks[i] belongs to Targets[i]; nil when there are none).
type Annex struct {
	Targets []string
	Remarks [][]agora.Remark
}

// Limits on an annex as received.
const (
	MaxAnnexBytes   = 32 << 20 // the whole file
	MaxAnnexRows    = 100_000  // rows (or lines) holding something
	MaxAnnexColumns = 100      // columns of a CSV annex
	MaxAnnexField   = 2048     // bytes of one cell or line
)

var utf8BOM = []byte("\ufeff")

// checkAnnex applies the limits common to every kind of annex, that it is UTF-8
// text without NUL characters (as every text input is: internal/httpx.ValidText),
// and strips a UTF-8 byte order mark.
func checkAnnex(data []byte) ([]byte, error) {
	if len(data) > MaxAnnexBytes {
		return nil, agora.Errorf(agora.ETOOLARGE, "The annex is larger than %d MiB.", MaxAnnexBytes>>20)
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, agora.Errorf(agora.EINVALID, "The annex is in UTF-16; save it as UTF-8 (in a spreadsheet: CSV UTF-8).")
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) {
		return nil, agora.Errorf(agora.EINVALID, "The annex is not UTF-8 text at line %d; save it as UTF-8 (in a spreadsheet: CSV UTF-8).", badUTF8Line(data))
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, agora.Errorf(agora.EINVALID, "The annex has a NUL character at line %d: it must be UTF-8 text without NUL characters.", 1+bytes.Count(data[:i], []byte("\n")))
	}
	return data, nil
}

// badUTF8Line is the 1-based line of the first invalid UTF-8 byte of data.
func badUTF8Line(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
	}
	return line
}

// ParseAnnexList reads an annex given as plain text: one target per line, each
// trimmed; blank lines are skipped. Errors: EINVALID (naming the line) for a line
// longer than MaxAnnexField, too many lines or text that is not UTF-8;
// ETOOLARGE beyond MaxAnnexBytes.
func ParseAnnexList(data []byte) (*Annex, error) {
	data, err := checkAnnex(data)
	if err != nil {
		return nil, err
	}
	a := &Annex{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), MaxAnnexBytes)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if len(text) > MaxAnnexField {
			return nil, agora.Errorf(agora.EINVALID, "The annex's line %d is longer than %d bytes.", line, MaxAnnexField)
		}
		if len(a.Targets) == MaxAnnexRows {
			return nil, agora.Errorf(agora.EINVALID, "The annex has more than %d targets (at line %d).", MaxAnnexRows, line)
		}
		a.Targets = append(a.Targets, text)
	}
	if err := sc.Err(); err != nil {
		return nil, agora.Errorf(agora.EINVALID, "The annex could not be read: %v.", err)
	}
	return a, nil
}

// ParseAnnexCSV reads an annex given as CSV, as authorities and spreadsheets
// write it: a UTF-8 byte order mark, `,`, `;` or tab as separator, quoted fields,
// CRLF line ends. The column of the targets is the one whose header names a URL,
// link, handle, account or target ("Account URL", "Handle", "Target"); without
// such a header, the one whose values look like URLs or handles (the first row is
// then a header only if its cell in that column does not). The other cells of a
// row are kept as its remarks, named by their headers. Rows with nothing in them
// are skipped; a row whose target cell is empty gives an empty target, which the
// desk records as unresolved. Errors: EINVALID naming the line for malformed CSV,
// a row longer than the header, a cell longer than MaxAnnexField, too many rows
// or columns, and when no column of targets can be found; ETOOLARGE beyond
// MaxAnnexBytes.
func ParseAnnexCSV(data []byte) (*Annex, error) {
	data, err := checkAnnex(data)
	if err != nil {
		return nil, err
	}
	rows, lines, err := readCSVRows(data)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, agora.Errorf(agora.EINVALID, "The annex is empty: it has no row naming a target.")
	}
	col, header := -1, true
	if !anyTarget(rows[0]) {
		col = headerColumn(rows[0])
	}
	if col < 0 {
		if col = valueColumn(rows); col < 0 {
			return nil, agora.Errorf(agora.EINVALID, "No column of targets found in the CSV annex: the header at line %d names none of URL, link, handle, account or target, and no column holds URLs or handles.", lines[0])
		}
		header = !looksLikeTarget(cell(rows[0], col))
	}
	var names []string
	lines0 := lines[0]
	if header {
		names = rows[0]
		rows, lines = rows[1:], lines[1:]
	}
	width := len(names)
	for _, r := range rows {
		width = max(width, len(r))
	}
	if len(rows) == 0 {
		return nil, agora.Errorf(agora.EINVALID, "The annex has a header (line %d) but no rows naming targets.", lines0)
	}
	a := &Annex{Targets: make([]string, 0, len(rows)), Remarks: make([][]agora.Remark, 0, len(rows))}
	hasRemarks := false
	for i, r := range rows {
		if header && len(r) > len(names) {
			for _, extra := range r[len(names):] {
				if strings.TrimSpace(extra) != "" {
					return nil, agora.Errorf(agora.EINVALID, "The CSV annex's line %d has %d fields, the header %d (wrong number of fields).", lines[i], len(r), len(names))
				}
			}
		}
		var remarks []agora.Remark
		for j := 0; j < width; j++ {
			if v := strings.TrimSpace(cell(r, j)); j != col && v != "" {
				remarks = append(remarks, agora.Remark{Column: columnName(names, j), Value: v})
			}
		}
		hasRemarks = hasRemarks || remarks != nil
		a.Targets = append(a.Targets, strings.TrimSpace(cell(r, col)))
		a.Remarks = append(a.Remarks, remarks)
	}
	if !hasRemarks {
		a.Remarks = nil
	}
	return a, nil
}

// readCSVRows reads the records of data that hold something, with the line each
// starts on, in the separator the first line uses.
func readCSVRows(data []byte) (rows [][]string, lines []int, err error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, lines, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, agora.Errorf(agora.EINVALID, "The annex's CSV is malformed at line %d: %v.", pe.Line, pe.Err)
			}
			return nil, nil, agora.Errorf(agora.EINVALID, "The annex's CSV could not be read: %v.", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) > MaxAnnexColumns {
			return nil, nil, agora.Errorf(agora.EINVALID, "The CSV annex's line %d has %d columns; at most %d are read.", line, len(rec), MaxAnnexColumns)
		}
		for j, f := range rec {
			if len(f) > MaxAnnexField {
				return nil, nil, agora.Errorf(agora.EINVALID, "The CSV annex's line %d, column %d, is longer than %d bytes.", line, j+1, MaxAnnexField)
			}
		}
		if len(rows) > MaxAnnexRows { // the header and MaxAnnexRows rows
			return nil, nil, agora.Errorf(agora.EINVALID, "The annex has more than %d rows (at line %d).", MaxAnnexRows, line)
		}
		rows, lines = append(rows, rec), append(lines, line)
	}
}

// separator is the one of `,`, `;` and tab the first line holds most of outside
// quotes; `,` when it holds none.
func separator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		data = data[n:]
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted && (r == ',' || r == ';' || r == '\t') {
			counts[r]++
		}
	}
	sep := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[sep] {
			sep = r
		}
	}
	return sep
}

// anyTarget reports whether a cell of the row looks like a target: such a row is
// data, not a header.
func anyTarget(row []string) bool {
	for _, f := range row {
		if looksLikeTarget(f) {
			return true
		}
	}
	return false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func cell(r []string, j int) string {
	if j < len(r) {
		return r[j]
	}
	return ""
}

func columnName(names []string, j int) string {
	if n := strings.TrimSpace(cell(names, j)); n != "" {
		return n
	}
	return fmt.Sprintf("column %d", j+1)
}

// headerWords rank the words a header of the targets' column may use: a column
// named for a URL or link beats one named for a handle, which beats one named
// for a target, which beats one named only for an account ("Account URL" over
// "Account Name").
var headerWords = map[string]int{
	"url": 4, "urls": 4, "uri": 4, "link": 4, "links": 4, "hyperlink": 4,
	"handle": 3, "handles": 3, "username": 3, "usernames": 3,
	"target": 2, "targets": 2,
	"account": 1, "accounts": 1, "profile": 1, "profiles": 1,
}

// headerColumn is the column of the row (read as a header) whose name ranks
// highest in headerWords; the first of equals; -1 when none is named so.
func headerColumn(row []string) int {
	best, col := 0, -1
	for j, h := range row {
		words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for _, w := range words {
			if headerWords[w] > best {
				best, col = headerWords[w], j
			}
		}
	}
	return col
}

// valueColumn is the column in which most cells look like targets, when those
// are at least half of the column's non-empty cells (not counting the first
// row when it looks like no target: it may be a header); -1 when no column has
// any.
func valueColumn(rows [][]string) int {
	best, col := 0, -1
	for j := 0; ; j++ {
		present := false
		hits, filled := 0, 0
		for i, r := range rows {
			if j >= len(r) {
				continue
			}
			present = true
			v := strings.TrimSpace(r[j])
			if i == 0 && len(rows) > 1 && !looksLikeTarget(v) {
				continue
			}
			if v != "" {
				filled++
			}
			if looksLikeTarget(v) {
				hits++
			}
		}
		if !present {
			return col
		}
		if hits > best && 2*hits >= filled {
			best, col = hits, j
		}
	}
}

var (
	handleRE  = regexp.MustCompile(`^@?[A-Za-z0-9_.\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$|^@[A-Za-z0-9_.\-]+$`)
	hashtagRE = regexp.MustCompile(`^#[\p{L}_][\p{L}\p{N}_]*$`)
)

// looksLikeTarget reports whether a cell holds what an order names: a web
// address, an @handle or user@host, or a #hashtag.
func looksLikeTarget(v string) bool {
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "www.") {
		return true
	}
	return handleRE.MatchString(v) || hashtagRE.MatchString(v)
}

// ParseAnnex reads an annex sent as mediaType: text/csv (ParseAnnexCSV) or
// text/plain (ParseAnnexList), with or without parameters such as a charset.
// EINVALID for any other type, and the errors of the parser.
func ParseAnnex(mediaType string, data []byte) (*Annex, error) {
	ct, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		ct = mediaType
	}
	switch ct {
	case "text/csv":
		return ParseAnnexCSV(data)
	case "text/plain":
		return ParseAnnexList(data)
	}
	if len(ct) > 100 {
		ct = ct[:100] + "..."
	}
	return nil, agora.Errorf(agora.EINVALID, "The annex's content type %q is not supported; send text/csv or text/plain.", ct)
}
