package mastoapi

// Poll is a poll attached to a status.
type Poll struct {
	ID          string       `json:"id"`
	ExpiresAt   *string      `json:"expires_at"`
	Expired     bool         `json:"expired"`
	Multiple    bool         `json:"multiple"`
	VotesCount  int          `json:"votes_count"`
	VotersCount *int         `json:"voters_count"`
	Options     []PollOption `json:"options"`
	Emojis      []Emoji      `json:"emojis"`
	// Voted and OwnVotes are the viewer's; absent for anonymous viewers.
	Voted    *bool  `json:"voted,omitempty"`
	OwnVotes *[]int `json:"own_votes,omitempty"`
}

// PollOption is one answer of a poll; VotesCount is null while the poll hides
// its totals.
type PollOption struct {
	Title      string `json:"title"`
	VotesCount *int   `json:"votes_count"`
}

// StatusEdit is one revision of a status.
type StatusEdit struct {
	Content          string            `json:"content"`
	SpoilerText      string            `json:"spoiler_text"`
	Sensitive        bool              `json:"sensitive"`
	CreatedAt        string            `json:"created_at"`
	Account          *Account          `json:"account"`
	Poll             *StatusEditPoll   `json:"poll"`
	MediaAttachments []MediaAttachment `json:"media_attachments"`
	Emojis           []Emoji           `json:"emojis"`
}

// StatusEditPoll is the options of a poll at a revision.
type StatusEditPoll struct {
	Options []StatusEditOption `json:"options"`
}

// StatusEditOption is an option of a poll at a revision.
type StatusEditOption struct {
	Title string `json:"title"`
}

// StatusSource is a status's text and content warning as typed, to be edited.
type StatusSource struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	SpoilerText string `json:"spoiler_text"`
}
