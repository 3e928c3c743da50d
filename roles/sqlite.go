package roles

// SQLite's own SQL in package roles; everything else here is portable.

// grantList aggregates a user's grant categories (user_grants.category)
// into one comma-separated string; scanUser splits it again.
const grantList = `group_concat(category)`
