package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"newsroom/content"
	"newsroom/roles"
)

// demoStories are Thai activity-news headlines and leads in the style the
// legacy manual describes (positive, 5W1H lead).
var demoStories = []struct {
	typ      content.NewsType
	headline string
	lead     string
}{
	{content.MOU, "%s ลงนามบันทึกข้อตกลงความร่วมมือทางวิชาการกับเทศบาลเมืองนครพนม", "เมื่อวันที่ผ่านมา %s จัดพิธีลงนามบันทึกข้อตกลงความร่วมมือ (MOU) ด้านการพัฒนาท้องถิ่น ณ ห้องประชุมจำปาลาว ชั้น 5 เพื่อส่งเสริมการเรียนรู้ของนักศึกษาร่วมกับชุมชน"},
	{content.Achievement, "นักศึกษา%sคว้ารางวัลชนะเลิศการแข่งขันนวัตกรรมระดับภาคตะวันออกเฉียงเหนือ", "ทีมนักศึกษา%sได้รับรางวัลชนะเลิศจากผลงานนวัตกรรมเพื่อชุมชนริมโขง สร้างชื่อเสียงให้แก่มหาวิทยาลัยนครพนม"},
	{content.Activity, "%s จัดโครงการจิตอาสาพัฒนาริมฝั่งแม่น้ำโขง เนื่องในวันสำคัญของชาติ", "บุคลากรและนักศึกษา%sกว่า 200 คน ร่วมกิจกรรมจิตอาสาทำความสะอาดและปลูกต้นไม้บริเวณริมฝั่งแม่น้ำโขง"},
	{content.Research, "นักวิจัย%sเผยแพร่ผลงานวิจัยการแปรรูปผลผลิตทางการเกษตรสู่ตลาดออนไลน์", "คณะนักวิจัยจาก%sนำเสนอผลการวิจัยที่ช่วยเพิ่มรายได้ให้เกษตรกรในจังหวัดนครพนมผ่านการแปรรูปและการตลาดดิจิทัล"},
	{content.Campaign, "%s ขอเชิญชวนนักศึกษาและบุคลากรร่วมรณรงค์ลดการใช้พลาสติกในมหาวิทยาลัย", "%sเชิญชวนทุกคนพกแก้วน้ำและถุงผ้าส่วนตัว เพื่อร่วมเป็นมหาวิทยาลัยสีเขียวอย่างยั่งยืน"},
	{content.Policy, "ผู้บริหาร%sประชุมชี้แจงนโยบายการพัฒนาคุณภาพการศึกษา ประจำปีการศึกษาใหม่", "ผู้บริหาร%sประชุมร่วมกับบุคลากรเพื่อชี้แจงทิศทางและแผนพัฒนาการเรียนการสอนให้สอดคล้องกับยุทธศาสตร์มหาวิทยาลัย"},
}

// seedNews posts two stories for each faculty and college, with galleries.
func seedNews(ctx context.Context, d Deps, users map[roles.Role]roles.User) error {
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	author := users[roles.Central]
	n := 0
	for _, u := range units {
		if u.Kind != "faculty" && u.Kind != "college" {
			continue
		}
		for k := 0; k < 2; k++ {
			st := demoStories[(n+k)%len(demoStories)]
			start := d.Now.Add(-time.Duration(n*5+k*2) * time.Hour)
			in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: content.DefaultEnd(d.Now, 3+k),
				UnitID: u.ID, Publish: true}, Type: st.typ, Headline: fmt.Sprintf(st.headline, u.NameTH), PhotosPerRow: 4,
				Body: "<p>" + fmt.Sprintf(st.lead, u.NameTH) + "</p><p>กิจกรรมดังกล่าวได้รับความสนใจจากผู้เข้าร่วมเป็นจำนวนมาก และจะจัดต่อเนื่องเป็นประจำทุกปี</p>"}
			item, err := d.Content.CreateNews(ctx, in, content.Author{UserID: author.ID, Name: author.Name}, start)
			if err != nil {
				return fmt.Errorf("demo: news: %w", err)
			}
			for p, photo := range d.gallery.photos(themes[st.typ], n*2+k, 4+(n+k)%3) {
				name := fmt.Sprintf("ภาพกิจกรรม %d.jpg", p+1)
				if _, err := d.Content.AddPhoto(ctx, content.Gallery{NewsID: item.ID}, u.ID, bytes.NewReader(photo), name, start); err != nil {
					return fmt.Errorf("demo: photo: %w", err)
				}
			}
		}
		n++
	}
	fmt.Fprintf(d.Out, "demo: %d activity news items\n", n*2)
	return nil
}
