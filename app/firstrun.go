package app

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"newsroom/demo"
	"newsroom/roles"
)

// NPUUnits is the unit list a new installation starts with: the faculties,
// colleges, institutes and offices of Nakhon Phanom University. Central PR
// edits it under /admin/units.
var NPUUnits = []roles.Unit{
	{Code: "pr", NameTH: "งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี", NameEN: "Public Relations, Office of the President", Kind: "office"},
	{Code: "president", NameTH: "สำนักงานอธิการบดี", NameEN: "Office of the President", Kind: "office"},
	{Code: "hr", NameTH: "งานการเจ้าหน้าที่ กองกลาง", NameEN: "Human Resources Section", Kind: "office"},
	{Code: "procurement", NameTH: "งานพัสดุ กองกลาง", NameEN: "Procurement Section", Kind: "office"},
	{Code: "admissions", NameTH: "งานรับเข้านักศึกษา", NameEN: "Admissions Office", Kind: "office"},
	{Code: "education", NameTH: "คณะครุศาสตร์", NameEN: "Faculty of Education", Kind: "faculty"},
	{Code: "science", NameTH: "คณะวิทยาศาสตร์", NameEN: "Faculty of Science", Kind: "faculty"},
	{Code: "liberal-arts", NameTH: "คณะศิลปศาสตร์และวิทยาศาสตร์", NameEN: "Faculty of Liberal Arts and Science", Kind: "faculty"},
	{Code: "management", NameTH: "คณะวิทยาการจัดการ", NameEN: "Faculty of Management Science", Kind: "faculty"},
	{Code: "agriculture", NameTH: "คณะเกษตรและเทคโนโลยี", NameEN: "Faculty of Agriculture and Technology", Kind: "faculty"},
	{Code: "industrial-tech", NameTH: "คณะเทคโนโลยีอุตสาหกรรม", NameEN: "Faculty of Industrial Technology", Kind: "faculty"},
	{Code: "nursing", NameTH: "คณะพยาบาลศาสตร์", NameEN: "Faculty of Nursing", Kind: "faculty"},
	{Code: "aviation", NameTH: "วิทยาลัยการบินนานาชาติ", NameEN: "International College of Aviation", Kind: "college"},
	{Code: "that-phanom", NameTH: "วิทยาลัยธาตุพนม", NameEN: "That Phanom College", Kind: "college"},
	{Code: "sri-songkhram", NameTH: "วิทยาลัยเทคโนโลยีอุตสาหกรรมศรีสงคราม", NameEN: "Sri Songkhram College of Industrial Technology", Kind: "college"},
	{Code: "na-wa", NameTH: "วิทยาลัยนาหว้า", NameEN: "Na Wa College", Kind: "college"},
	{Code: "library", NameTH: "สำนักวิทยบริการและเทคโนโลยีสารสนเทศ", NameEN: "Office of Academic Resources and IT", Kind: "institute"},
	{Code: "research", NameTH: "สถาบันวิจัยและพัฒนา", NameEN: "Research and Development Institute", Kind: "institute"},
	{Code: "academic", NameTH: "สำนักส่งเสริมวิชาการและงานทะเบียน", NameEN: "Office of Academic Promotion and Registration", Kind: "institute"},
}

// firstRun sets up an empty database: the unit list and one central admin,
// whose login is printed once as a single "admin login:" line. With demo on,
// demo users and content follow.
func firstRun(ctx context.Context, a *App, out io.Writer, opt Options) error {
	now := opt.Now()
	n, err := a.Users.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	units, err := a.Users.Units(ctx, true)
	if err != nil {
		return err
	}
	byCode := map[string]roles.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	for i, u := range NPUUnits {
		if _, ok := byCode[u.Code]; ok {
			continue
		}
		u.Sort = (i + 1) * 10
		if byCode[u.Code], err = a.Users.CreateUnit(ctx, u, now); err != nil {
			return fmt.Errorf("first run: unit %s: %w", u.Code, err)
		}
	}
	cid := randomCitizenID()
	pw := roles.GeneratePassword(16)
	admin, err := a.Users.CreateUser(ctx, roles.UserInput{CitizenID: cid, Name: "ผู้ดูแลระบบ (Admin)",
		UnitID: byCode["pr"].ID, Role: roles.Central, Password: pw}, now)
	if err != nil {
		return fmt.Errorf("first run: admin: %w", err)
	}
	fmt.Fprintf(out, "admin login: %s %s\n", admin.CitizenID, pw)
	if !a.Cfg.Demo {
		return nil
	}
	// The demo builds on the content every installation has.
	if err := a.Content.EnsureDefaults(ctx, now); err != nil {
		return err
	}
	return demo.Seed(ctx, demo.Deps{Users: a.Users, Content: a.Content, Now: now, Out: out, UsersOnly: opt.DemoUsersOnly})
}

// randomCitizenID makes a valid-looking ID for a generated account.
// It starts with 0, which the civil registry never issues to people, so it
// cannot be a real person's number.
func randomCitizenID() string {
	b := make([]byte, 12)
	b[0] = '0'
	for i := 1; i < 12; i++ {
		b[i] = byte('0' + rand.IntN(10))
	}
	return string(b) + string(roles.CitizenIDCheckDigit(string(b)))
}
