package app_test

import (
	"context"
	"testing"
	"time"

	"newsroom/content"
)

// The Q&A retention job runs at start (and daily): askers' names and
// e-mails older than the retention period are blanked, younger ones kept.
func TestQAPurgeJob(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ask := func(token, email string, at time.Time) int64 {
		id, err := ta.content.AskQuestion(ctx, content.AskInput{Lang: content.Thai, Question: "คำถาม " + token, Email: email, Consent: true, Token: token}, at)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := ask("old", "old@example.org", time.Now().AddDate(0, 0, -content.DefaultRetentionDays-1))
	young := ask("young", "young@example.org", time.Now().AddDate(0, 0, -content.DefaultRetentionDays+1))
	var purge func(context.Context) error
	for _, j := range ta.jobs() {
		if j.name == "qa-purge" {
			purge = j.fn
		}
	}
	if purge == nil {
		t.Fatal("no qa-purge job")
	}
	// The job runs once at start, then waits a day: let it run, wait for
	// its first pass, stop it.
	jctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { purge(jctx); close(done) }()
	for i := 0; i < 500; i++ {
		if q, _ := ta.content.Question(ctx, old); !q.PurgedAt.IsZero() {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if q, _ := ta.content.Question(ctx, old); q.AskerEmail != "" || q.PurgedAt.IsZero() {
		t.Errorf("old question kept its e-mail: %+v", q)
	}
	if q, _ := ta.content.Question(ctx, young); q.AskerEmail != "young@example.org" {
		t.Errorf("young question lost its e-mail: %+v", q)
	}
}
