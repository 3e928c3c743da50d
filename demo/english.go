package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"newsroom/content"
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
	theme    []string // the scenes of its photos
}{
	{"aviation", content.MOU, "International College of Aviation signs an MOU with a Lao flight school",
		"The International College of Aviation and a flight school in Vientiane signed a memorandum of understanding on pilot training and student exchange, on the Mekong's Thai bank.", []string{"signing", "group", "campus"}},
	{"science", content.Achievement, "Science students win first prize at the regional innovation contest",
		"A team of Faculty of Science students won first prize in the north-eastern universities' innovation contest with a low-cost water-quality sensor for Mekong fish farmers.", []string{"group", "lab", "ceremony"}},
	{"education", content.Activity, "Faculty of Education volunteers teach English at border-town schools",
		"Forty student teachers from the Faculty of Education spent a week teaching English and science in six schools along the Mekong in Nakhon Phanom.", []string{"classroom", "group", "mekong"}},
	{"agriculture", content.Research, "Researchers turn Nakhon Phanom's sweet tamarind into an online export",
		"Researchers from the Faculty of Agriculture and Technology helped farmers' groups process and sell sweet tamarind online, raising their incomes by a third.", []string{"planting", "lab", "meeting"}},
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

var englishVideos = []struct {
	prog        content.Programme
	title, desc string
	id, scene   string
}{
	{content.NPUNews, "NPU NEWS: Open house for secondary-school students",
		"Two thousand secondary-school students from Nakhon Phanom and Sakon Nakhon tried classes and met the faculties.", "En8oPh0uSe1", "campus"},
	{content.ThreeMinutes, "3 MINUTES@NPU: the International College of Aviation",
		"Three minutes in the flight simulators and on the training airfield, with the careers they lead to.", "Av3mIn-CoLg", "classroom"},
}

var englishBanners = []struct {
	title  string
	design bannerDesign
}{
	{"Study at Nakhon Phanom University", bannerDesign{"campus", hex(0x1f3f7a), hex(0xe9b824), "STUDY AT NPU", "Bachelor's, master's and doctoral programmes"}},
	{"International programmes on the Mekong", bannerDesign{"mekong", hex(0x3c2f6a), hex(0xf6a24a), "ON THE MEKONG", "International programmes · Nakhon Phanom"}},
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
		for p, photo := range d.gallery.photos(st.theme, 100+i, 3) {
			name := fmt.Sprintf("photo %d.jpg", p+1)
			if _, err := d.Content.AddPhoto(ctx, content.Gallery{NewsID: item.ID}, unit, bytes.NewReader(photo), name, start); err != nil {
				return fmt.Errorf("demo: English photo: %w", err)
			}
		}
	}
	for i, v := range englishVideos {
		poster, err := storePoster(ctx, d, central.ID, v.scene, uint64(600+i), v.prog)
		if err != nil {
			return err
		}
		in := content.VideoInput{MetaInput: meta(central.UnitID, d.Now.Add(-time.Duration(i+1)*time.Hour), content.VideoDays+2),
			Programme: v.prog, Title: v.title, Link: "https://www.youtube.com/watch?v=" + v.id, Description: v.desc, PosterKey: poster}
		if _, err := d.Content.SaveVideo(ctx, content.Video{}, in, by, d.Now); err != nil {
			return fmt.Errorf("demo: English video: %w", err)
		}
	}
	for i, b := range englishBanners {
		key, err := storeBanner(ctx, d, central.ID, b.design, uint64(800+i))
		if err != nil {
			return err
		}
		in := content.BannerInput{MetaInput: meta(central.UnitID, d.Now, 10+i), Placement: "main",
			Title: b.title, LinkURL: "https://www.npu.ac.th/", ImageKey: key}
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
	fmt.Fprintf(d.Out, "demo: %d English news, %d videos, %d banners and %d notices\n", len(englishStories), len(englishVideos), len(englishBanners), len(englishNotices))
	return nil
}
