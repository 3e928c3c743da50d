package demo

import (
	"context"
	"fmt"
	"time"

	"newsroom/content"
	"newsroom/roles"
)

// taggedStories are demo news the ITA hub counts as evidence: the No Gift
// Policy announcement, a public hearing and an ethics activity of the
// current fiscal year.
var taggedStories = []struct {
	headline, body string
	tags           []string
	daysAgo        int
}{
	{"มหาวิทยาลัยนครพนมประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2570",
		"<p>อธิการบดีพร้อมผู้บริหารและบุคลากรร่วมประกาศเจตนารมณ์ไม่รับของขวัญและของกำนัลจากการปฏิบัติหน้าที่ ณ หอประชุมมหาวิทยาลัย เพื่อสร้างวัฒนธรรมองค์กรที่โปร่งใสและซื่อสัตย์</p>",
		[]string{"no-gift", "ethics"}, 20},
	{"เวทีรับฟังความคิดเห็นของประชาชนต่อแผนพัฒนามหาวิทยาลัยนครพนม ระยะ 5 ปี",
		"<p>มหาวิทยาลัยเปิดเวทีรับฟังความคิดเห็นจากผู้นำชุมชน ศิษย์เก่า ผู้ปกครอง และนักศึกษา ต่อร่างแผนพัฒนามหาวิทยาลัย ข้อเสนอทั้งหมดจะนำไปปรับแผนก่อนเสนอสภามหาวิทยาลัย</p>",
		[]string{"participation"}, 12},
	{"อบรมเสริมสร้างจริยธรรมและความโปร่งใสสำหรับบุคลากรสายสนับสนุน",
		"<p>งานการเจ้าหน้าที่จัดอบรมประมวลจริยธรรมของผู้ปฏิบัติงานในมหาวิทยาลัย พร้อมกรณีศึกษาการป้องกันผลประโยชน์ทับซ้อน</p>",
		[]string{"ethics"}, 6},
}

var _ = addSeeder(func(ctx context.Context, d Deps, made map[roles.Role]roles.User) error {
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	var pr int64
	for _, u := range units {
		if u.Code == "pr" {
			pr = u.ID
		}
	}
	if pr == 0 && len(units) > 0 {
		pr = units[0].ID
	}
	author := made[roles.Central]
	for _, st := range taggedStories {
		// Inside the current fiscal year, so the ITA hub of the year counts
		// it: early in October they are dated from the year's first day.
		fyStart, _ := content.FiscalYearRange(content.FiscalYear(d.Now))
		start := d.Now.Add(-time.Duration(st.daysAgo) * 24 * time.Hour)
		if start.Before(fyStart) {
			start = fyStart
		}
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: content.DefaultEnd(d.Now, 30),
			UnitID: pr, Publish: true}, Type: content.Activity, Headline: st.headline, Body: st.body, PhotosPerRow: 4, Tags: st.tags}
		if _, err := d.Content.CreateNews(ctx, in, content.Author{UserID: author.ID, Name: author.Name}, start); err != nil {
			return fmt.Errorf("demo: tagged news: %w", err)
		}
	}
	return nil
})
