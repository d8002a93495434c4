package console

import (
	"fmt"
	"net/url"
	"strconv"

	"agora"
)

// After a change the console redirects to a page with a code in its query
// ("done"), and the page shows the code's message. The message is the
// server's fixed text: what the query may add is only numbers and enum values,
// each checked, so no text from an address reaches the page.

// doneMessages are the fixed messages of the codes that take nothing more.
var doneMessages = map[string]string{
	"acknowledged":    "The order is acknowledged: its receipt is recorded as sent.",
	"state":           "The order's state is changed.",
	"assigned":        "The order is assigned.",
	"target-assigned": "The target is assigned.",
	"notice":          "The notice is recorded.",
	"notice-answered": "The notice is marked answered.",
	"correspondence":  "The message is recorded.",
	"appeal-granted":  "The appeal is granted: what was in force on its target is lifted, and the owner is told.",
	"appeal-refused":  "The appeal is refused, and the owner is told.",
}

// decidedActions are the actions a "decided" code may name.
var decidedActions = map[string]bool{
	string(agora.ActionWithhold): true, string(agora.ActionDecline): true, string(agora.ActionEscalate): true,
	string(agora.ActionComment): true, string(agora.ActionRemove): true, string(agora.ActionLift): true,
}

// decidedQuery is the query that says a decision was made.
func decidedQuery(action agora.DecisionAction, applied, skipped int) url.Values {
	return url.Values{"done": {"decided"}, "action": {string(action)}, "applied": {strconv.Itoa(applied)}, "skipped": {strconv.Itoa(skipped)}}
}

// doneMessage is the message of the code in q; "" for none or an unknown one.
func doneMessage(q url.Values) string {
	count := func(k string) (int, bool) {
		n, err := strconv.Atoi(q.Get(k))
		return n, err == nil && n >= 0
	}
	switch code := q.Get("done"); code {
	case "decided":
		applied, ok1 := count("applied")
		skipped, ok2 := count("skipped")
		if action := q.Get("action"); decidedActions[action] && ok1 && ok2 {
			return fmt.Sprintf("%s: %d applied, %d skipped.", action, applied, skipped)
		}
	case "handover":
		orders, ok1 := count("orders")
		targets, ok2 := count("targets")
		if ok1 && ok2 {
			return fmt.Sprintf("Handed over: %d open orders and %d targets.", orders, targets)
		}
	default:
		return doneMessages[code]
	}
	return ""
}
