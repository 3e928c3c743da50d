package templates

// publicCatalog holds the strings of the public site's homepage, archives,
// feeds and footer pages.
var publicCatalog = map[string][2]string{}
