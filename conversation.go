package agora

import "context"

// Conversation is one account's view of a direct conversation: the direct
// statuses of a thread among one set of participants, as Mastodon's
// AccountConversation. Each participant has their own, with its own ID and
// unread flag.
type Conversation struct {
	ID           ID
	AccountID    ID   // whose view it is
	ThreadID     ID   // the thread the statuses are in
	Participants []ID // the other participants, in ID order
	LastStatusID ID
	Unread       bool
}

// ConversationStore persists conversations and muted threads. Same error
// conventions as Store.
type ConversationStore interface {
	// SaveConversations inserts each conversation, or, when its account has one
	// of the same thread and participants, sets that one's LastStatusID and
	// Unread (keeping its ID, written back), in one transaction.
	SaveConversations(ctx context.Context, cs []*Conversation) error
	// Conversations lists the account's conversations, most recent last status
	// first, paged by LastStatusID.
	Conversations(ctx context.Context, accountID ID, p Page) ([]*Conversation, error)
	// Conversation returns the account's conversation. ENOTFOUND when it does
	// not exist or is someone else's.
	Conversation(ctx context.Context, accountID, id ID) (*Conversation, error)
	// ReadConversation marks the account's conversation read. ENOTFOUND as
	// Conversation.
	ReadConversation(ctx context.Context, accountID, id ID) error
	// DeleteConversation removes the account's conversation (not the statuses,
	// nor the others' views of it). ENOTFOUND as Conversation.
	DeleteConversation(ctx context.Context, accountID, id ID) error
	// StatusGone moves the conversations whose last status was the deleted
	// status to the newest direct status left in their thread, and deletes
	// those with none left, in one transaction, as Mastodon does.
	StatusGone(ctx context.Context, statusID ID) error
	// MuteThread mutes the thread for the account; muting twice is not an error.
	MuteThread(ctx context.Context, accountID, threadID ID) error
	// UnmuteThread ends the mute; unmuting a thread not muted is not an error.
	UnmuteThread(ctx context.Context, accountID, threadID ID) error
	// ThreadMutes returns every thread the account muted, with complete true,
	// when there are at most limit; otherwise nil and false. One round trip;
	// caches use it to answer MutedThreads from memory.
	ThreadMutes(ctx context.Context, accountID ID, limit int) (threads []ID, complete bool, err error)
	// MutedThreads reports which of the threads the account muted: the muted
	// ones have an entry. One round trip.
	MutedThreads(ctx context.Context, accountID ID, threadIDs []ID) (map[ID]bool, error)
}
