package demo

import (
	"context"
	"fmt"
	"time"

	"newsroom/content"
	"newsroom/roles"
)

// The Q&A channel's demo: a few answered, published questions of the kind
// visitors ask (admissions, fees, contact) and one new question waiting in
// the inbox.
var _ = addSeeder(seedQA)

var demoQA = []struct {
	lang     content.Lang
	daysAgo  int
	question string
	answer   string
}{
	{content.Thai, 40, "รับสมัครนักศึกษาใหม่รอบ TCAS ปีการศึกษาหน้าเปิดรับเมื่อใด และสมัครได้ที่ไหน",
		"<p>มหาวิทยาลัยเปิดรับสมัครตามปฏิทิน TCAS ของที่ประชุมอธิการบดีแห่งประเทศไทย ผู้สมัครยื่นใบสมัครได้ทางเว็บไซต์ของสำนักทะเบียนและประมวลผล และติดตามประกาศรับสมัครได้ในหมวด <strong>ข่าวรับสมัคร</strong> ของเว็บไซต์นี้</p>"},
	{content.Thai, 25, "ค่าธรรมเนียมการศึกษาระดับปริญญาตรีต่อภาคเรียนเท่าไร ผ่อนชำระได้หรือไม่",
		"<p>ค่าธรรมเนียมการศึกษาแบบเหมาจ่ายแตกต่างกันตามคณะและหลักสูตร ดูอัตราได้ในประกาศมหาวิทยาลัยเรื่องค่าธรรมเนียมการศึกษา นักศึกษาที่มีปัญหาการชำระเงินติดต่อขอผ่อนผันได้ที่กองคลังก่อนวันครบกำหนดชำระ</p>"},
	{content.Thai, 10, "ติดต่องานประชาสัมพันธ์ของมหาวิทยาลัยได้ทางใดบ้าง",
		"<p>ติดต่อได้ที่งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี ในวันและเวลาราชการ ทางโทรศัพท์ อีเมล หรือเพจ Facebook ของมหาวิทยาลัย รายละเอียดอยู่ในหน้าติดต่อเรา</p>"},
	{content.English, 12, "Can international students apply for undergraduate programmes?",
		"<p>Yes. International applicants apply through the international admissions round; the requirements and dates are announced in the admissions notices on this site.</p>"},
}

func seedQA(ctx context.Context, d Deps, made map[roles.Role]roles.User) error {
	central := made[roles.Central]
	by := content.Author{UserID: central.ID, Name: central.Name}
	for i, q := range demoQA {
		asked := d.Now.AddDate(0, 0, -q.daysAgo)
		id, err := d.Content.AskQuestion(ctx, content.AskInput{Lang: q.lang, Question: q.question, Consent: true,
			Token: fmt.Sprintf("demo-qa-%d", i)}, asked)
		if err != nil {
			return fmt.Errorf("demo: question %d: %w", i, err)
		}
		cur, err := d.Content.Question(ctx, id)
		if err != nil {
			return err
		}
		in := content.QuestionInput{MetaInput: content.MetaInput{Lang: q.lang, Sort: 1, Start: cur.Window.Start, End: cur.Window.End,
			UnitID: cur.UnitID, Publish: true}, Question: q.question, Answer: q.answer}
		if _, err := d.Content.SaveQuestion(ctx, cur, in, by, asked.Add(26*time.Hour)); err != nil {
			return fmt.Errorf("demo: answer %d: %w", i, err)
		}
	}
	_, err := d.Content.AskQuestion(ctx, content.AskInput{Lang: content.Thai, Consent: true, Token: "demo-qa-new",
		Question: "หอพักในมหาวิทยาลัยสำหรับนักศึกษาชั้นปีที่ 1 ต้องจองล่วงหน้าหรือไม่ และจองได้ตั้งแต่เมื่อไร",
		Name:     "สมหญิง ใจดี", Email: "somying.demo@example.com"}, d.Now.Add(-5*time.Hour))
	if err != nil {
		return fmt.Errorf("demo: new question: %w", err)
	}
	return nil
}
