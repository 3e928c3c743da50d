package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
	"newsroom/templates"
)

func askAsVisitor(t *testing.T, ta *testApp, question, name, email string, at time.Time) int64 {
	t.Helper()
	id, err := ta.content.AskQuestion(context.Background(), content.AskInput{Lang: content.Thai, Question: question, Name: name, Email: email,
		Consent: true, Token: "t-" + question}, at)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Central PR's Q&A: the inbox lists new questions oldest first with the
// asker's data (staff only) and the waiting time; publishing needs an
// answer; the question's wording may be edited; a published answer is on
// the public page; discarding trashes; revisions never show the asker's
// data. Other roles are refused.
func TestQAAdminAnswerAndPublish(t *testing.T) {
	ta := newTestApp(t)
	now := ta.clock.Now()
	older := askAsVisitor(t, ta, "ค่าเทอมชำระผ่านธนาคารใดได้บ้าง", "นายทดสอบ ถามเก่า", "old.asker@example.org", now.Add(-50*time.Hour))
	newer := askAsVisitor(t, ta, "มีรถรับส่งระหว่างวิทยาเขตหรือไม่", "", "new.asker@example.org", now.Add(-2*time.Hour))

	for _, r := range []roles.Role{roles.UnitPR, roles.HR, roles.Admissions} {
		b := ta.browser(t)
		b.mustLogin(demoID(r), demo.Password)
		for _, path := range []string{"/admin/qa", "/admin/qa/" + itoa(older) + "/edit", "/admin/qa/new"} {
			wantStatus(t, b.get(path), http.StatusForbidden, string(r)+" "+path)
		}
	}

	b := ta.browser(t)
	b.mustLogin(demoID(roles.Central), demo.Password)
	p := b.get("/admin/qa")
	wantStatus(t, p, 200, "inbox")
	i, j := strings.Index(p.body, "ค่าเทอมชำระ"), strings.Index(p.body, "มีรถรับส่ง")
	if i < 0 || j < 0 || i > j {
		t.Fatalf("the inbox does not list both questions oldest first")
	}
	for _, want := range []string{"old.asker@example.org", "นายทดสอบ ถามเก่า", templates.Tf("th", "waited.days", 2)} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
	edit := "/admin/qa/" + itoa(older) + "/edit"
	if p := b.get(edit); p.status != 200 || !strings.Contains(p.body, "old.asker@example.org") {
		t.Fatalf("editor: %d, or it lacks the asker's e-mail", p.status)
	}

	// Publishing without an answer: 422, the typed wording kept.
	p = b.post(edit, "/admin/qa/"+itoa(older), url.Values{"lang": {"th"}, "question": {"ถ้อยคำที่แก้แล้ว"}, "body": {""}, "action": {"publish"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, templates.T("th", "qa.err_answer")) || !strings.Contains(p.body, "ถ้อยคำที่แก้แล้ว") {
		t.Fatalf("publish without an answer: %d", p.status)
	}
	p = b.post(edit, "/admin/qa/"+itoa(older), url.Values{"lang": {"th"}, "question": {"ค่าธรรมเนียมการศึกษาชำระผ่านธนาคารใดได้บ้าง"},
		"body": {"<p>ชำระได้ที่ธนาคารกรุงไทยทุกสาขา</p>"}, "action": {"publish"}})
	wantRedirect(t, p, "/admin/qa", "answer and publish")
	q, err := ta.content.Question(context.Background(), older)
	if err != nil || q.Status != content.Published || q.Question != "ค่าธรรมเนียมการศึกษาชำระผ่านธนาคารใดได้บ้าง" || q.AnsweredAt.IsZero() {
		t.Fatalf("published question: %+v %v", q, err)
	}
	pub := ta.browser(t).get("/qa")
	if !strings.Contains(pub.body, "ชำระได้ที่ธนาคารกรุงไทยทุกสาขา") || strings.Contains(pub.body, "old.asker@example.org") {
		t.Fatal("the public Q&A page lacks the answer or shows the asker's e-mail")
	}
	if p := b.get("/admin/qa"); strings.Contains(p.body, "ค่าธรรมเนียมการศึกษาชำระ") {
		t.Fatal("a published question is still in the inbox")
	}
	if p := b.get("/admin/qa?tab=published"); !strings.Contains(p.body, "ค่าธรรมเนียมการศึกษาชำระ") {
		t.Fatal("the published list lacks the question")
	}
	if p := b.get("/admin/qa/" + itoa(older) + "/revisions"); p.status != 200 || strings.Contains(p.body, "old.asker@example.org") {
		t.Fatalf("revisions: %d, or they show the asker's e-mail", p.status)
	}

	// Discard: the trash.
	wantRedirect(t, b.post("/admin/qa", "/admin/qa/"+itoa(newer)+"/delete", url.Values{}), "/admin/qa", "discard")
	if q, _ := ta.content.Question(context.Background(), newer); q.Status != content.Trashed {
		t.Fatalf("discarded question is %s", q.Status)
	}
}

// The retention period: central sets it within 30–3650 days.
func TestQARetentionSetting(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Central), demo.Password)
	for _, bad := range []string{"29", "3651", "abc", "", "-1", "99999999999999999999"} {
		p := b.post("/admin/qa", "/admin/qa/retention", url.Values{"days": {bad}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, templates.T("th", "qa.err_days")) {
			t.Errorf("days %q: %d", bad, p.status)
		}
	}
	wantRedirect(t, b.post("/admin/qa", "/admin/qa/retention", url.Values{"days": {"90"}}), "/admin/qa", "set 90 days")
	if d, err := ta.content.RetentionDays(context.Background()); err != nil || d != 90 {
		t.Fatalf("retention %d %v, want 90", d, err)
	}
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.post("/admin/", "/admin/qa/retention", url.Values{"days": {"30"}}), http.StatusForbidden, "unit PR sets the retention")
}
