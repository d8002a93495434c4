package mastoapi

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"agora"
	"agora/internal/country"
)

var noticeTmpl = template.Must(template.ParseFS(templateFS, "templates/notice.html"))

// reasonText says in words why content is withheld.
var reasonText = map[agora.WithholdReason]string{
	agora.ReasonLegalDemand: "in response to a legal demand",
	agora.ReasonLocalLaw:    "based on local law(s)",
	agora.ReasonCopyright:   "in response to a report from the copyright holder",
}

// notice serves /notices/{id}: the public page a withheld item's "Learn more"
// (Link rel="blocked-by") points to. Until orders have published notices, each rule
// has this page of its own.
func (a appHandlers) notice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := a.posts.RuleNotice(r.Context(), id)
	if err != nil {
		return err
	}
	rule := n.Rule
	kind := map[agora.SubjectKind]string{agora.SubjectAccount: "The account", agora.SubjectStatus: "The post", agora.SubjectHashtag: "The hashtag"}[rule.Kind]
	v := map[string]string{
		"ID": rule.ID.String(), "Title": a.info.Title, "Kind": kind, "Subject": n.Subject,
		"Countries": country.Names(rule.Countries),
		"Reason":    reasonText[rule.Reason],
		"Since":     rule.Since.UTC().Format("2 January 2006, 15:04 UTC"),
		"Summary":   kind + " " + n.Subject + " is withheld in " + country.Names(rule.Countries) + " " + reasonText[rule.Reason] + ".",
	}
	if n.Sealed {
		// The order is confidential: say that content is withheld, where and why,
		// but not what, and when that will be said.
		when := "when the order may be disclosed"
		if rule.SealedUntil.Before(agora.Forever) {
			when = "on " + rule.SealedUntil.UTC().Format("2 January 2006, 15:04 UTC")
		}
		v["Kind"], v["Subject"] = "Content", "(not disclosed while the order is confidential)"
		v["Summary"] = "Content is withheld in " + country.Names(rule.Countries) + " " + reasonText[rule.Reason] +
			". The order is confidential; what is withheld will be named here " + when + "."
	}
	if !rule.LiftedAt.IsZero() {
		v["Lifted"] = rule.LiftedAt.UTC().Format("2 January 2006, 15:04 UTC")
		v["Summary"] = strings.Replace(v["Summary"], " is withheld ", " was withheld ", 1)
	}
	var buf bytes.Buffer
	if err := noticeTmpl.Execute(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(buf.Bytes())
	return nil
}
