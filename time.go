package newsroom

import (
	"time"
	_ "time/tzdata" // embed the zone database so Asia/Bangkok works on any machine
)

// Bangkok is Asia/Bangkok, the zone of every calendar rule in the system.
// Loading cannot fail because the zone database is embedded.
var Bangkok = mustLoad("Asia/Bangkok")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
