package agora

// Limited reports whether moderators limited (silenced) the account, for the
// for_limited_accounts rule of notification policies. agora's accounts have no
// silenced state yet, so no account is limited; when moderators can silence
// one, this reads that state and the rule applies with no other change.
func (a *Account) Limited() bool { return false }
