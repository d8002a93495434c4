package legal_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/legal"
)

// r is a row's remarks, column and value in turn.
func r(cv ...string) []agora.Remark {
	var out []agora.Remark
	for i := 0; i+1 < len(cv); i += 2 {
		out = append(out, agora.Remark{Column: cv[i], Value: cv[i+1]})
	}
	return out
}

func TestParseAnnexCSV(t *testing.T) {
	for _, tt := range []struct {
		name, csv string
		want      *legal.Annex
	}{
		{"a target column, as before", "id,Target\n1, @a \n2,\n",
			&legal.Annex{Targets: []string{"@a", ""}, Remarks: [][]agora.Remark{r("id", "1"), r("id", "2")}}},
		{"S.No., Account URL, Remarks", "S.No.,Account URL,Remarks\n1,https://agora.example/@a,hate speech\n2,https://agora.example/@b,\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a", "https://agora.example/@b"},
				Remarks: [][]agora.Remark{r("S.No.", "1", "Remarks", "hate speech"), r("S.No.", "2")}}},
		{"Sl No, URL, Reason", "Sl No,URL,Reason\n1,https://agora.example/@a/1,public order\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a/1"}, Remarks: [][]agora.Remark{r("Sl No", "1", "Reason", "public order")}}},
		{"#, Handle, Remarks", "#,Handle,Remarks\n1,@a,x\n2,@b@other.example,y\n",
			&legal.Annex{Targets: []string{"@a", "@b@other.example"}, Remarks: [][]agora.Remark{r("#", "1", "Remarks", "x"), r("#", "2", "Remarks", "y")}}},
		{"a BOM, semicolons, CRLF and quoted commas", "\ufeffS.No.;Account URL;Remarks\r\n1;https://agora.example/@a;\"posts 3, 7; and \"\"8\"\"\"\r\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a"}, Remarks: [][]agora.Remark{r("S.No.", "1", "Remarks", `posts 3, 7; and "8"`)}}},
		{"tabs", "No\tLink\n1\thttps://agora.example/@a\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a"}, Remarks: [][]agora.Remark{r("No", "1")}}},
		{"a URL header beats an account one", "Account Name,Account URL\nAlice,https://agora.example/@a\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a"}, Remarks: [][]agora.Remark{r("Account Name", "Alice")}}},
		{"an unknown header: the column of URLs", "No,Item,Why\n1,https://agora.example/@a,spam\n2,@b,\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a", "@b"}, Remarks: [][]agora.Remark{r("No", "1", "Why", "spam"), r("No", "2")}}},
		{"no header: every row is data", "1,https://agora.example/@a,see the link\n2,#tag,\n",
			&legal.Annex{Targets: []string{"https://agora.example/@a", "#tag"}, Remarks: [][]agora.Remark{r("column 1", "1", "column 3", "see the link"), r("column 1", "2")}}},
		{"one column, no header", "@a\n@b\n", &legal.Annex{Targets: []string{"@a", "@b"}}},
		{"blank rows and short rows", "URL,Remarks\n\n,\n@a\n@b,x\n",
			&legal.Annex{Targets: []string{"@a", "@b"}, Remarks: [][]agora.Remark{nil, r("Remarks", "x")}}},
		{"empty trailing cells beyond the header", "URL,Remarks\n@a,x,,\n",
			&legal.Annex{Targets: []string{"@a"}, Remarks: [][]agora.Remark{r("Remarks", "x")}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := legal.ParseAnnexCSV([]byte(tt.csv))
			if err != nil {
				t.Fatalf("ParseAnnexCSV: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("annex (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseAnnexCSV_Errors(t *testing.T) {
	long := strings.Repeat("x", legal.MaxAnnexField+1)
	for _, tt := range []struct {
		name, csv string
		code      string
		says      []string
	}{
		{"no column of targets", "Name,Reason\nAlice,spam\nBob,fraud\n", agora.EINVALID, []string{"No column of targets", "line 1"}},
		{"no column after blank lines", "\n\nName,Reason\nAlice,spam\n", agora.EINVALID, []string{"line 3"}},
		{"empty", "\ufeff\r\n", agora.EINVALID, []string{"empty"}},
		{"a header only", "URL,Remarks\n", agora.EINVALID, []string{"no rows"}},
		{"a row too long", "URL,Remarks\n@a,x\n@b,y,z\n", agora.EINVALID, []string{"line 3", "wrong number of fields"}},
		{"an unterminated quote", "URL,Remarks\n\"@a,x\n", agora.EINVALID, []string{"malformed", "line"}},
		{"a bare quote", "URL,Remarks\n@a,say \"x\"\n", agora.EINVALID, []string{"malformed", "line 2"}},
		{"a cell too long", "URL,Remarks\n@a,x\n@b," + long + "\n", agora.EINVALID, []string{"line 3", "column 2", "2048"}},
		{"too many columns", "URL" + strings.Repeat(",c", legal.MaxAnnexColumns) + "\n", agora.EINVALID, []string{"line 1", "columns"}},
		{"too many rows", "URL\n" + strings.Repeat("@a\n", legal.MaxAnnexRows+1), agora.EINVALID, []string{"more than 100000 rows", "line 100002"}},
		{"too large", strings.Repeat("@a\n", legal.MaxAnnexBytes/3+1), agora.ETOOLARGE, []string{"32 MiB"}},
		{"UTF-16", "\xff\xfeU\x00R\x00L\x00", agora.EINVALID, []string{"UTF-16"}},
		{"not UTF-8", "URL\n@a\n@\xe9t\xe9\n", agora.EINVALID, []string{"UTF-8", "line 3"}},
		{"a NUL", "URL,Remarks\n@a,x\n@b,y\x00z\n", agora.EINVALID, []string{"NUL", "line 3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := legal.ParseAnnexCSV([]byte(tt.csv))
			if agora.ErrorCode(err) != tt.code {
				t.Fatalf("ParseAnnexCSV = %v, %v; want %s", got, err, tt.code)
			}
			for _, s := range tt.says {
				if !strings.Contains(agora.ErrorMessage(err), s) {
					t.Errorf("message %q does not say %q", agora.ErrorMessage(err), s)
				}
			}
		})
	}
}

func TestParseAnnexList(t *testing.T) {
	got, err := legal.ParseAnnexList([]byte("\ufeff@a\r\n\n  #b  \nhttps://agora.example/@c\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&legal.Annex{Targets: []string{"@a", "#b", "https://agora.example/@c"}}, got); diff != "" {
		t.Errorf("annex (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name, text string
		says       string
	}{
		{"a line too long", "@a\n\n" + strings.Repeat("x", legal.MaxAnnexField+1) + "\n", "line 3"},
		{"too many lines", strings.Repeat("@a\n", legal.MaxAnnexRows+1), "more than 100000"},
		{"not UTF-8", "@a\n\xe9\n", "line 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := legal.ParseAnnexList([]byte(tt.text))
			if agora.ErrorCode(err) != agora.EINVALID || !strings.Contains(agora.ErrorMessage(err), tt.says) {
				t.Errorf("ParseAnnexList: %v; want 400 saying %q", err, tt.says)
			}
		})
	}
}
