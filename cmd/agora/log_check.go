package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/translog"
	"agora/translogapi/client"
)

const logCheckUsage = "agora log check URL --country IN [--header CF-IPCountry] [--state FILE] [--key KEY]"

// logCheck runs `agora log check`: it fetches a URL as a viewer in a country
// (through the country header a trusted proxy sets) and, when the server
// refuses it (451), proves that the log entry the refusal names is in the log:
// included in the tree of a checkpoint signed with the log's key, and the
// withholding of the rule the refusal's notice names, in that country. It
// touches no database.
func logCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("log check", stderr)
	country := fs.String("country", "", "the `country` to fetch the URL from (ISO 3166-1 alpha-2), sent in --header")
	header := fs.String("header", "CF-IPCountry", "the request `header` carrying the country, as the server's country_header")
	statePath := fs.String("state", "", "`file` of `agora log verify`: the checkpoint must be signed with the key pinned there and consistent with the checkpoint saved there (read only)")
	key := fs.String("key", "", "the log's verifier `key` (default: the one pinned in --state, else the one the log publishes)")
	// The URL may come before the flags or after them.
	var target string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		target, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if target == "" && fs.NArg() > 0 {
		target = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	*country = strings.ToUpper(strings.TrimSpace(*country))
	if target == "" || fs.NArg() > 0 || !agora.IsCountryCode(*country) || *header == "" {
		return fmt.Errorf("%w: %s", errUsage, logCheckUsage)
	}
	var st translog.State
	if *statePath != "" {
		var err error
		if st, err = readLogState(*statePath); err != nil {
			return err
		}
	}
	hc := &http.Client{Timeout: time.Minute}
	refusal, err := fetchAs(ctx, hc, target, *header, *country)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "GET %s from %s: %s\n", target, *country, refusal.status)
	if refusal.code != http.StatusUnavailableForLegalReasons {
		fmt.Fprintf(stdout, "not refused in %s: no log entry to check\n", *country)
		return nil
	}
	if refusal.notice != "" {
		fmt.Fprintf(stdout, "notice: %s\n", refusal.notice)
	}
	if refusal.entry == "" {
		return errors.New("log check: the refusal names no log entry: it is not on the public record")
	}
	fmt.Fprintf(stdout, "log entry: %s\n", refusal.entry)
	base, index, err := splitEntryURL(refusal.entry)
	if err != nil {
		return err
	}
	c := client.New(base, hc)
	p, err := c.EntryProof(ctx, index)
	if err != nil {
		return fmt.Errorf("log check: fetch entry %d: %w", index, err)
	}
	check, err := translog.CheckEntry(ctx, c, p, st, translog.CheckOptions{Key: *key})
	if err != nil {
		return errors.New("log check: " + err.Error())
	}
	fmt.Fprintf(stdout, "checkpoint: %d entries, signed by %s\n", check.Checkpoint.Size, check.Key)
	if !check.Pinned {
		fmt.Fprintln(stdout, "(the key is the one the log publishes: pass --key or --state to check against a key you trust)")
	}
	if check.Consistent > 0 {
		fmt.Fprintf(stdout, "consistent with the checkpoint of %d entries verified before\n", check.Consistent)
	}
	fmt.Fprintf(stdout, "entry %d: included in the tree of %d entries\n", index, check.Checkpoint.Size)
	e := check.Entry
	fmt.Fprintf(stdout, "entry %d: %s in %s (%s) since %s, rule %s, %s\n", e.Index, e.Action,
		strings.Join(e.Countries, ","), e.Reason, e.Time.UTC().Format(time.RFC3339), e.RuleID, entrySubject(e))
	if err := translog.CheckRefusal(e, *country, noticeRule(refusal.notice)); err != nil {
		return errors.New("log check: " + err.Error())
	}
	fmt.Fprintln(stdout, "ok: the refusal is on the public record")
	return nil
}

// refusal is what a fetch answered: its status and, for a 451, the links.
type refusal struct {
	code          int
	status        string
	notice, entry string // the links rel="blocked-by" and rel="transparency-log-entry"
}

// fetchAs fetches target with the viewer's country in header, as a trusted
// proxy would send it.
func fetchAs(ctx context.Context, hc *http.Client, target, header, country string) (*refusal, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a URL: %v", errUsage, target, err)
	}
	req.Header.Set(header, country)
	req.Header.Set("Accept", "application/json, text/html;q=0.9, */*;q=0.8")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	r := &refusal{code: resp.StatusCode, status: resp.Status}
	for _, l := range parseLinks(resp.Header.Values("Link")) {
		switch l.rel {
		case httpx.BlockedByRel:
			r.notice = l.url
		case httpx.LogEntryRel:
			r.entry = l.url
		}
	}
	return r, nil
}

type link struct{ url, rel string }

// parseLinks reads the links of Link header values (RFC 8288) in the form
// `<url>; rel="name"`, one link for each name of a rel listing several.
func parseLinks(values []string) []link {
	var out []link
	for _, v := range values {
		for v = strings.TrimSpace(v); strings.HasPrefix(v, "<"); {
			end := strings.IndexByte(v, '>')
			if end < 0 {
				break
			}
			u, params := v[1:end], v[end+1:]
			next := ""
			if i := strings.IndexByte(params, ','); i >= 0 {
				params, next = params[:i], params[i+1:]
			}
			for _, p := range strings.Split(params, ";") {
				name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					out = append(out, link{u, strings.ToLower(rel)})
				}
			}
			v = strings.TrimSpace(next)
		}
	}
	return out
}

// splitEntryURL returns the base URL of the instance and the index of the entry
// of a log entry's address (agora.LogEntryURL).
func splitEntryURL(u string) (string, int64, error) {
	base, rest, ok := strings.Cut(u, agora.LogEntryPath)
	index, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil || index < 0 || base == "" {
		return "", 0, fmt.Errorf("log check: the log entry's address %q is not <instance>%s<index>", u, agora.LogEntryPath)
	}
	return base, index, nil
}

// noticeRule returns the ID of the rule whose notice is at u (/notices/<rule>),
// 0 when u names none.
func noticeRule(u string) agora.ID {
	i := strings.LastIndex(u, "/notices/")
	if i < 0 {
		return 0
	}
	id, err := agora.ParseID(u[i+len("/notices/"):])
	if err != nil {
		return 0
	}
	return id
}

// entrySubject describes what an entry names: its subject and order in the open,
// or that they are committed to until the order may be published.
func entrySubject(e *agora.LogEntry) string {
	switch {
	case e.Commitment != "":
		return "subject and order committed to (" + e.Commitment[:min(16, len(e.Commitment))] + "...) until the order may be published"
	case e.Order != "":
		return e.Subject + ", order " + e.Order
	}
	return e.Subject
}
