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

// The English site (/en/) shows English items only, so the demo posts a few
// of each kind in English: what international offices and faculties with
// foreign partners publish.

var englishStories = []struct {
	unit     string // unit code
	typ      content.NewsType
	headline string
	body     string
}{
	{"aviation", content.MOU, "International College of Aviation signs an MOU with a Lao flight school",
		"The International College of Aviation and a flight school in Vientiane signed a memorandum of understanding on pilot training and student exchange, on the Mekong's Thai bank."},
	{"science", content.Achievement, "Science students win first prize at the regional innovation contest",
		"A team of Faculty of Science students won first prize in the north-eastern universities' innovation contest with a low-cost water-quality sensor for Mekong fish farmers."},
	{"education", content.Activity, "Faculty of Education volunteers teach English at border-town schools",
		"Forty student teachers from the Faculty of Education spent a week teaching English and science in six schools along the Mekong in Nakhon Phanom."},
	{"agriculture", content.Research, "Researchers turn Nakhon Phanom's sweet tamarind into an online export",
		"Researchers from the Faculty of Agriculture and Technology helped farmers' groups process and sell sweet tamarind online, raising their incomes by a third."},
}

var englishNotices = []struct {
	cat      roles.Category
	headline string
	file     string
}{
	{roles.Announcement, "Nakhon Phanom University announces the final examination timetable", ""},
	{roles.Jobs, "Nakhon Phanom University invites applications for an English lecturer", "English lecturer vacancy.pdf"},
	{roles.Scholarship, "Mekong scholarships for international students, academic year 2026", "Mekong scholarships 2026.pdf"},
	{roles.Training, "Workshop: writing press releases for international audiences", ""},
}

func seedEnglish(ctx context.Context, d Deps, users map[roles.Role]roles.User) error {
	central := users[roles.Central]
	by := content.Author{UserID: central.ID, Name: central.Name}
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	unitOf := map[string]int64{}
	for _, u := range units {
		unitOf[u.Code] = u.ID
	}
	meta := func(unit int64, start time.Time, days int) content.MetaInput {
		return content.MetaInput{Lang: content.English, Sort: 1, Start: start, End: content.DefaultEnd(d.Now, days), UnitID: unit, Publish: true}
	}
	for i, st := range englishStories {
		unit := unitOf[st.unit]
		if unit == 0 {
			unit = central.UnitID
		}
		start := d.Now.Add(-time.Duration(3+i*7) * time.Hour)
		in := content.NewsInput{MetaInput: meta(unit, start, 5+i), Type: st.typ, Headline: st.headline, PhotosPerRow: 3,
			Body: "<p>" + st.body + "</p><p>The university plans to continue the work every year.</p>"}
		item, err := d.Content.CreateNews(ctx, in, by, start)
		if err != nil {
			return fmt.Errorf("demo: English news: %w", err)
		}
		for p := 0; p < 3; p++ {
			name := fmt.Sprintf("photo %d.jpg", p+1)
			if _, err := d.Content.AddPhoto(ctx, content.Gallery{NewsID: item.ID}, unit, bytes.NewReader(demoPhoto(20+i*3+p)), name, start); err != nil {
				return fmt.Errorf("demo: English photo: %w", err)
			}
		}
	}
	for i, v := range demoVideos[:2] {
		in := content.VideoInput{MetaInput: meta(central.UnitID, d.Now.Add(-time.Duration(i+1)*time.Hour), content.VideoDays+2),
			Programme: v.prog, Title: []string{"NPU NEWS: Open house for secondary-school students", "3 MINUTES@NPU: the International College of Aviation"}[i],
			Link: "https://www.youtube.com/watch?v=" + v.id, Description: "From the Public Relations Office, Nakhon Phanom University"}
		if _, err := d.Content.SaveVideo(ctx, content.Video{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: English video: %w", err)
		}
	}
	for i := 0; i < 2; i++ {
		img, w, h, err := media.ProcessBanner(bytes.NewReader(demoBanner(10+i)), media.DefaultPhotoLimits, content.BannerWidth, content.BannerHeight)
		if err != nil {
			return fmt.Errorf("demo: English banner image: %w", err)
		}
		f, err := d.Content.StorePending(ctx, "banner", central.ID, img, ".jpg", content.PendingFile{Width: w, Height: h}, d.Now)
		if err != nil {
			return err
		}
		in := content.BannerInput{MetaInput: meta(central.UnitID, d.Now, 10+i), Placement: "main",
			Title: []string{"Study at Nakhon Phanom University", "International programmes on the Mekong"}[i], LinkURL: "https://www.npu.ac.th/", ImageKey: f.Key}
		in.Sort = i + 1
		if _, err := d.Content.SaveBanner(ctx, content.Banner{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: English banner: %w", err)
		}
	}
	for i, n := range englishNotices {
		in := content.NoticeInput{MetaInput: meta(central.UnitID, d.Now.AddDate(0, 0, -i), 14), Category: n.cat, Headline: n.headline,
			NewDays: 2, Reads: int64(3 + 11*i), Summary: "Details in the attachment."}
		if n.file == "" {
			in.LinkURL = "https://www.npu.ac.th/"
		} else {
			f, err := d.Content.StorePending(ctx, "notice", central.ID, PDF(n.headline), ".pdf", content.PendingFile{Name: n.file}, d.Now)
			if err != nil {
				return err
			}
			in.FileKey = f.Key
		}
		if _, err := d.Content.SaveNotice(ctx, content.Notice{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: English notice: %w", err)
		}
	}
	fmt.Fprintf(d.Out, "demo: %d English news, 2 videos, 2 banners and %d notices\n", len(englishStories), len(englishNotices))
	return nil
}
