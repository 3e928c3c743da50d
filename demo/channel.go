package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"newsroom/content"
	"newsroom/media"
	"newsroom/roles"
)

// Demo NPU Channel episodes, two of each programme, each with its own
// poster. The IDs have YouTube's form (11 characters) but are made up; the
// player loads nothing until a visitor clicks.
var demoVideos = []struct {
	prog        content.Programme
	title, desc string
	id, scene   string
}{
	{content.NPUNews, "NPU NEWS ประจำสัปดาห์: มหาวิทยาลัยนครพนมเปิดบ้านต้อนรับนักเรียนมัธยม",
		"สรุปข่าวประจำสัปดาห์ กิจกรรม NPU Open House นักเรียนกว่า 2,000 คนเยี่ยมชมคณะและวิทยาลัย ทดลองเรียนและพูดคุยกับรุ่นพี่", "Np7uNw2kQ4c", "campus"},
	{content.ThreeMinutes, "3 MINUTES@NPU: รู้จักวิทยาลัยการบินนานาชาติใน 3 นาที",
		"พาชมห้องเรียนเครื่องฝึกบินจำลองและสนามบินฝึกของวิทยาลัยการบินนานาชาติ พร้อมเส้นทางอาชีพนักบินและช่างอากาศยาน", "t3Mn_AvX81s", "classroom"},
	{content.NPUTalks, "NPU TALKS: อธิการบดีพูดคุยทิศทางมหาวิทยาลัยปีการศึกษาใหม่",
		"อธิการบดีเล่าแผนพัฒนามหาวิทยาลัย การเรียนรู้ตลอดชีวิต และความร่วมมือกับชุมชนลุ่มน้ำโขง", "Tk9pRz0LbWe", "meeting"},
	{content.NPUNews, "NPU NEWS: นักศึกษาคว้ารางวัลระดับประเทศ",
		"ทีมนักศึกษาคณะวิทยาศาสตร์คว้ารางวัลชนะเลิศการประกวดนวัตกรรมระดับประเทศ จากเครื่องวัดคุณภาพน้ำราคาประหยัด", "Qw2Ev-H5yUo", "group"},
	{content.ThreeMinutes, "3 MINUTES@NPU: ห้องปฏิบัติการเคมีแห่งใหม่ คณะวิทยาศาสตร์",
		"สามนาทีกับห้องปฏิบัติการใหม่ อุปกรณ์ความปลอดภัย และงานวิจัยที่นักศึกษาปริญญาตรีได้ลงมือทำเอง", "L4bS_9cXmPq", "lab"},
	{content.NPUTalks, "NPU TALKS: เสียงจากริมโขง ท่องเที่ยวชุมชนอย่างยั่งยืน",
		"วงคุยนักวิจัยและผู้นำชุมชนเรื่องการท่องเที่ยวริมแม่น้ำโขงที่สร้างรายได้โดยไม่ทำลายวิถีชีวิต", "Mk3hG7vRt0Y", "mekong"},
}

// The three campaign banners of the homepage carousel.
var demoBanners = []struct {
	title  string // the alt text
	design bannerDesign
}{
	{"รับสมัครนักศึกษาใหม่ ปีการศึกษา 2570 (TCAS70)", bannerDesign{"campus", hex(0x5b1a6b), hex(0xe9b824), "ADMISSIONS 2570", "TCAS70 · apply online at NPU"}},
	{"ครบรอบ 21 ปี มหาวิทยาลัยนครพนม", bannerDesign{"ceremony", hex(0x7a1f2f), hex(0xd9b24a), "NPU 21st ANNIVERSARY", "2 September · Nakhon Phanom University"}},
	{"มหกรรมงานวิจัยและนวัตกรรม ประจำปี 2569", bannerDesign{"lab", hex(0x1f3f7a), hex(0x5fd3c4), "RESEARCH FAIR 2026", "Innovation for Mekong communities"}},
}

// storePoster draws and stores a video's poster as the video form's upload
// would (through the photo pipeline), returning its pending key.
func storePoster(ctx context.Context, d Deps, userID int64, scene string, seed uint64, prog content.Programme) (string, error) {
	ph, err := media.ProcessPhoto(bytes.NewReader(posterJPEG(scene, seed, prog)), media.DefaultPhotoLimits)
	if err != nil {
		return "", fmt.Errorf("demo: poster: %w", err)
	}
	f, err := d.Content.StorePending(ctx, "poster", userID, ph.Full, ".jpg", content.PendingFile{Width: ph.Width, Height: ph.Height}, d.Now)
	return f.Key, err
}

// storeBanner draws and stores a banner as the banner form's upload would.
func storeBanner(ctx context.Context, d Deps, userID int64, design bannerDesign, seed uint64) (string, error) {
	img, w, h, err := media.ProcessBanner(bytes.NewReader(bannerImage(design, seed)), media.DefaultPhotoLimits, content.BannerWidth, content.BannerHeight)
	if err != nil {
		return "", fmt.Errorf("demo: banner image: %w", err)
	}
	f, err := d.Content.StorePending(ctx, "banner", userID, img, ".jpg", content.PendingFile{Width: w, Height: h}, d.Now)
	return f.Key, err
}

// PDF writes a small valid one-page PDF whose text makes it unique (demo
// notices and the load benchmark's data set use it).
func PDF(title string) []byte {
	var b bytes.Buffer
	offs := []int{}
	obj := func(s string) { offs = append(offs, b.Len()); b.WriteString(s) }
	b.WriteString("%PDF-1.4\n")
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", title)
	obj("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	obj("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
	obj("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n")
	obj(fmt.Sprintf("4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", len(stream), stream))
	obj("5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// Demo notices, at least one per category, some back-dated.
var demoNotices = []struct {
	cat      roles.Category
	headline string
	file     string // PDF name, or "" for a link
	daysAgo  int
}{
	{roles.Jobs, "ประกาศรับสมัครพนักงานมหาวิทยาลัย ตำแหน่งนักวิชาการศึกษา", "ประกาศรับสมัครพนักงาน 2569.pdf", 0},
	{roles.Procure, "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม 2569", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 69.pdf", 2},
	{roles.Announcement, "ประกาศมหาวิทยาลัยนครพนม เรื่อง กำหนดการสอบปลายภาค", "", 1},
	{roles.ExternalPR, "ขอเชิญร่วมงานมหกรรมวิชาการริมโขง ประจำปี 2569", "", 3},
	{roles.Scholarship, "ทุนการศึกษาสำหรับนักศึกษาที่มีผลการเรียนดี ประจำปีการศึกษา 2569", "ทุนการศึกษา 2569.pdf", 0},
	{roles.Training, "อบรมเชิงปฏิบัติการการเขียนข่าวประชาสัมพันธ์ออนไลน์", "", 5},
}

// seedChannel adds demo videos, banners and notices, through the same checks
// as the admin forms (pending uploads included).
func seedChannel(ctx context.Context, d Deps, users map[roles.Role]roles.User) error {
	central := users[roles.Central]
	by := content.Author{UserID: central.ID, Name: central.Name}
	meta := func(start time.Time, days int) content.MetaInput {
		return content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: content.DefaultEnd(d.Now, days), UnitID: central.UnitID, Publish: true}
	}
	for i, v := range demoVideos {
		poster, err := storePoster(ctx, d, central.ID, v.scene, uint64(500+i), v.prog)
		if err != nil {
			return err
		}
		in := content.VideoInput{MetaInput: meta(d.Now.Add(-time.Duration(i)*time.Hour), content.VideoDays+i), Programme: v.prog,
			Title: v.title, Link: "https://youtu.be/" + v.id + "?si=demo", Description: v.desc, PosterKey: poster}
		if _, err := d.Content.SaveVideo(ctx, content.Video{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: video: %w", err)
		}
	}
	for i, b := range demoBanners {
		key, err := storeBanner(ctx, d, central.ID, b.design, uint64(700+i))
		if err != nil {
			return err
		}
		in := content.BannerInput{MetaInput: meta(d.Now, 7+i), Placement: "main", Title: b.title,
			LinkURL: "https://www.npu.ac.th/", ImageKey: key}
		in.Sort = i + 1
		if _, err := d.Content.SaveBanner(ctx, content.Banner{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: banner: %w", err)
		}
	}
	for i, n := range demoNotices {
		start := d.Now.AddDate(0, 0, -n.daysAgo)
		in := content.NoticeInput{MetaInput: meta(start, 14), Category: n.cat, Headline: n.headline, NewDays: 2, Reads: int64(1 + 37*i),
			Summary: "รายละเอียดตามไฟล์แนบ"}
		if n.file == "" {
			in.LinkURL = "https://www.npu.ac.th/"
		} else {
			f, err := d.Content.StorePending(ctx, "notice", central.ID, PDF(fmt.Sprintf("NPU notice %d", i+1)), ".pdf",
				content.PendingFile{Name: n.file}, d.Now)
			if err != nil {
				return err
			}
			in.FileKey = f.Key
		}
		if _, err := d.Content.SaveNotice(ctx, content.Notice{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: notice: %w", err)
		}
	}
	// A year of monthly procurement summaries, long expired: the archive
	// by fiscal year and month has something to show.
	for m := 1; m <= 12; m++ {
		start := time.Date(d.Now.Year(), d.Now.Month(), 5, 10, 0, 0, 0, d.Now.Location()).AddDate(0, -m, 0)
		covered := start.AddDate(0, -1, 0) // posted on the 5th for the month before
		title := fmt.Sprintf("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน %d/%d", int(covered.Month()), covered.Year()+543)
		f, err := d.Content.StorePending(ctx, "notice", central.ID, PDF(fmt.Sprintf("Procurement summary %d-%02d", start.Year(), start.Month())), ".pdf",
			content.PendingFile{Name: title + ".pdf"}, d.Now)
		if err != nil {
			return err
		}
		in := content.NoticeInput{MetaInput: meta(start, 0), Category: roles.Procure, Headline: title, FileKey: f.Key, NewDays: 1, Reads: int64(20 + m)}
		in.End = start.AddDate(0, 0, 20)
		if _, err := d.Content.SaveNotice(ctx, content.Notice{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: procurement archive: %w", err)
		}
	}
	fmt.Fprintf(d.Out, "demo: %d videos, %d banners, %d notices and a year of procurement summaries\n", len(demoVideos), len(demoBanners), len(demoNotices))
	return nil
}
