package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"newsroom"
)

func askInput(token string) AskInput {
	return AskInput{Lang: Thai, Question: "หอพักนักศึกษาจองได้เมื่อใด", Name: "สมชาย ถามมา", Email: "somchai.asker@example.org",
		Consent: true, Token: token}
}

// answerQuestion publishes id with an answer, as staff do.
func answerQuestion(t *testing.T, f *fixture, id int64, answer string, publish bool, now time.Time) Question {
	t.Helper()
	ctx := context.Background()
	q, err := f.store.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	in := QuestionInput{MetaInput: MetaInput{Lang: q.Lang, Sort: 1, Start: q.Window.Start, End: q.Window.End, UnitID: q.UnitID, Publish: publish},
		Question: q.Question, Answer: answer}
	if _, err := f.store.SaveQuestion(ctx, q, in, Author{UserID: 0, Name: "เจ้าหน้าที่"}, now); err != nil {
		t.Fatal(err)
	}
	q, err = f.store.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestAskInputValidate(t *testing.T) {
	long := strings.Repeat("ก", MaxQuestion+1)
	cases := []struct {
		name   string
		mutate func(*AskInput)
		field  string // "" valid
	}{
		{"valid", func(*AskInput) {}, ""},
		{"no name or e-mail", func(in *AskInput) { in.Name, in.Email = "", "" }, ""},
		{"longest question", func(in *AskInput) { in.Question = long[:len(long)-len("ก")] }, ""},
		{"empty question", func(in *AskInput) { in.Question = "  \n " }, "question"},
		{"question too long", func(in *AskInput) { in.Question = long }, "question"},
		{"invalid UTF-8", func(in *AskInput) { in.Question = "\xff\xfe" }, "question"},
		{"name too long", func(in *AskInput) { in.Name = strings.Repeat("ข", MaxAskerName+1) }, "name"},
		{"bad e-mail", func(in *AskInput) { in.Email = "not-an-address" }, "email"},
		{"e-mail with a name", func(in *AskInput) { in.Email = "Som <som@example.org>" }, "email"},
		{"e-mail without a dot", func(in *AskInput) { in.Email = "som@localhost" }, "email"},
		{"e-mail too long", func(in *AskInput) { in.Email = strings.Repeat("a", 250) + "@example.org" }, "email"},
		{"no consent", func(in *AskInput) { in.Consent = false }, "consent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := askInput("x")
			c.mutate(&in)
			err := in.Validate()
			var fe newsroom.FieldErrors
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.field != "" && (!errors.As(err, &fe) || fe[c.field] == ""):
				t.Fatalf("want an error on %s, got %v", c.field, err)
			}
		})
	}
}

// A visitor's question is stored unpublished with its personal data; the
// public reads, the search and revisions never hold the name or e-mail;
// publishing needs an answer; once published it is found by the site
// search and the Q&A search.
func TestQuestionLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	id, err := f.store.AskQuestion(ctx, askInput("tok-1"), now)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.store.AskQuestion(ctx, askInput("tok-1"), now)
	if err != nil || again != id {
		t.Fatalf("the same form sent twice: %d %v, want %d", again, err, id)
	}
	q, err := f.store.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != Draft || q.AskerEmail != "somchai.asker@example.org" || q.AskerName != "สมชาย ถามมา" || q.ConsentAt.IsZero() {
		t.Fatalf("stored question: %+v", q)
	}
	if _, err := f.store.PublicQuestion(ctx, id, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an unanswered question is public: %v", err)
	}
	if n, _ := f.store.NewQuestions(ctx); n != 1 {
		t.Fatalf("new questions %d, want 1", n)
	}
	// Publishing without an answer is refused.
	in := QuestionInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: q.Window.Start, End: q.Window.End, UnitID: q.UnitID, Publish: true},
		Question: q.Question, Answer: "<p> </p>"}
	var fe newsroom.FieldErrors
	if _, err := f.store.SaveQuestion(ctx, q, in, Author{Name: "x"}, now); !errors.As(err, &fe) || fe["body"] == "" {
		t.Fatalf("published without an answer: %v", err)
	}
	later := now.Add(2 * time.Hour)
	q = answerQuestion(t, f, id, `<p>จองผ่านระบบหอพักออนไลน์<script>alert(1)</script></p>`, true, later)
	if q.Status != Published || !q.AnsweredAt.Equal(later) || strings.Contains(q.Answer, "script") {
		t.Fatalf("answered question: %+v", q)
	}
	pub, err := f.store.PublicQuestion(ctx, id, later)
	if err != nil || pub.AskerEmail != "" || pub.AskerName != "" {
		t.Fatalf("public question %+v %v", pub, err)
	}
	live, total, err := f.store.LiveQuestions(ctx, Thai, "หอพัก ออนไลน์", later, 10, 0)
	if err != nil || total != 1 || len(live) != 1 || live[0].AskerEmail != "" {
		t.Fatalf("Q&A search: %v %d %v", live, total, err)
	}
	if _, total, _ := f.store.LiveQuestions(ctx, English, "", later, 10, 0); total != 0 {
		t.Fatalf("a Thai question in the English list")
	}
	hits, _, err := f.store.Search(ctx, "หอพักออนไลน์", Thai, later, 10, 0)
	if err != nil || len(hits) != 1 || hits[0].Kind != QuestionKind.Name || hits[0].ID != id {
		t.Fatalf("site search: %+v %v", hits, err)
	}
	// Discarding (the trash) takes it out of the search.
	if err := f.store.Trash(ctx, QuestionKind, id, later); err != nil {
		t.Fatal(err)
	}
	if hits, _, _ := f.store.Search(ctx, "หอพักออนไลน์", Thai, later, 10, 0); len(hits) != 0 {
		t.Fatalf("a trashed question is found: %+v", hits)
	}
	// No revision holds the asker's data.
	var leaks int
	if err := f.db.R.QueryRow(`SELECT count(*) FROM revisions WHERE kind = ? AND (data LIKE '%somchai.asker%' OR data LIKE '%สมชาย ถามมา%')`,
		QuestionKind.Name).Scan(&leaks); err != nil {
		t.Fatal(err)
	}
	var revs int
	f.db.R.QueryRow(`SELECT count(*) FROM revisions WHERE kind = ?`, QuestionKind.Name).Scan(&revs)
	if leaks != 0 || revs < 2 {
		t.Fatalf("%d of %d revisions hold the asker's data", leaks, revs)
	}
}

// The retention job blanks the name and e-mail of questions asked longer
// ago than the period central set, and only those; the period is bounded.
func TestPurgeAskers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	if d, err := f.store.RetentionDays(ctx); err != nil || d != DefaultRetentionDays {
		t.Fatalf("default retention %d %v", d, err)
	}
	for _, bad := range []int{0, MinRetentionDays - 1, MaxRetentionDays + 1, -5} {
		var fe newsroom.FieldErrors
		if err := f.store.SetRetentionDays(ctx, bad); !errors.As(err, &fe) || fe["days"] == "" {
			t.Errorf("retention %d accepted: %v", bad, err)
		}
	}
	if err := f.store.SetRetentionDays(ctx, 30); err != nil {
		t.Fatal(err)
	}
	old, err := f.store.AskQuestion(ctx, askInput("old"), now.AddDate(0, 0, -31))
	if err != nil {
		t.Fatal(err)
	}
	answerQuestion(t, f, old, "<p>คำตอบ</p>", true, now.AddDate(0, 0, -30))
	young, err := f.store.AskQuestion(ctx, askInput("young"), now.AddDate(0, 0, -29))
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.store.PurgeAskers(ctx, now)
	if err != nil || n != 1 {
		t.Fatalf("purged %d %v, want 1", n, err)
	}
	q, _ := f.store.Question(ctx, old)
	if q.AskerName != "" || q.AskerEmail != "" || !q.PurgedAt.Equal(now) || q.Question == "" || q.Status != Published {
		t.Fatalf("old question after the purge: %+v", q)
	}
	y, _ := f.store.Question(ctx, young)
	if y.AskerEmail == "" || !y.PurgedAt.IsZero() {
		t.Fatalf("a question inside the period was purged: %+v", y)
	}
	if n, err := f.store.PurgeAskers(ctx, now); err != nil || n != 0 {
		t.Fatalf("second purge %d %v, want 0", n, err)
	}
	var left int
	f.db.R.QueryRow(`SELECT count(*) FROM questions WHERE asker_email = 'somchai.asker@example.org' AND asked_at < ?`, ms(now.AddDate(0, 0, -30))).Scan(&left)
	if left != 0 {
		t.Fatal("an e-mail older than the period is still stored")
	}
	// Restoring an old revision does not bring the asker's data back.
	revs, err := f.store.Revisions(ctx, QuestionKind, ref(old))
	if err != nil || len(revs) == 0 {
		t.Fatalf("revisions %v %v", revs, err)
	}
	first := revs[len(revs)-1]
	if _, err := f.store.RestoreRevision(ctx, QuestionKind, old, first.ID, MetaInput{By: Author{Name: "x"}}, now); err != nil {
		t.Fatal(err)
	}
	if q, _ := f.store.Question(ctx, old); q.AskerEmail != "" || q.AskerName != "" || q.PurgedAt.IsZero() {
		t.Fatalf("a restored revision brought the asker's data back: %+v", q)
	}
}
