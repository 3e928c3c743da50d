package demo

import (
	"context"
	"fmt"

	"newsroom/roles"
)

// unitDescriptions are the demo faculty pages' short descriptions.
var unitDescriptions = map[string][2]string{
	"science":         {"ผลิตบัณฑิตด้านวิทยาศาสตร์ คณิตศาสตร์ และเทคโนโลยีสารสนเทศ พร้อมงานวิจัยเพื่อชุมชนลุ่มน้ำโขง", "Science, mathematics and IT graduates, and research for the Mekong communities."},
	"education":       {"ผลิตครูมืออาชีพและพัฒนาการศึกษาในจังหวัดนครพนมและภูมิภาค", "Training professional teachers and developing education in Nakhon Phanom and the region."},
	"liberal-arts":    {"ภาษา สังคมศาสตร์ และการท่องเที่ยว เชื่อมไทย ลาว เวียดนาม", "Languages, social sciences and tourism linking Thailand, Laos and Vietnam."},
	"management":      {"บริหารธุรกิจ การบัญชี และการจัดการภาครัฐ", "Business administration, accounting and public management."},
	"agriculture":     {"เกษตรและเทคโนโลยีเพื่อเกษตรกรในพื้นที่", "Agriculture and technology for local farmers."},
	"industrial-tech": {"วิศวกรรมและเทคโนโลยีอุตสาหกรรม", "Engineering and industrial technology."},
	"nursing":         {"ผลิตพยาบาลวิชาชีพเพื่อสุขภาพของชุมชน", "Professional nurses for community health."},
	"aviation":        {"นักบินและบุคลากรการบินระดับนานาชาติ", "Pilots and aviation professionals for international careers."},
}

var _ = addSeeder(func(ctx context.Context, d Deps, _ map[roles.Role]roles.User) error {
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	for _, u := range units {
		desc, ok := unitDescriptions[u.Code]
		if !ok {
			continue
		}
		u.DescTH, u.DescEN = desc[0], desc[1]
		if err := d.Users.UpdateUnit(ctx, u); err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.Code, err)
		}
	}
	return nil
})
