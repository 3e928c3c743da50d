package templates

// searchCatalog holds the strings of site search.
var searchCatalog = map[string][2]string{}
