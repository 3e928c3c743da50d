package notify

// UnreadSQL is the header count's query, for the query-plan test.
const UnreadSQL = unreadSQL
