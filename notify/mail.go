package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"time"

	"newsroom/jobs"
	"newsroom/kind"
	"newsroom/templates"
)

// mailJob is the payload of one e-mail: everything the message says, so a
// retry sends the same message (same Message-ID) whatever changed since.
type mailJob struct {
	Notification int64     `json:"notification"`
	To           string    `json:"to"`
	ToName       string    `json:"to_name"`
	Action       Action    `json:"action"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	Link         string    `json:"link"` // absolute
	ActorName    string    `json:"actor"`
	Comment      string    `json:"comment"`
	At           time.Time `json:"at"`
	MessageID    string    `json:"message_id"`
}

// mail is the e-mail job of notification id about ev to r.
func (n *Notifier) mail(ev Event, r recipient, id int64, now time.Time) mailJob {
	link := ""
	if ev.Link != "" {
		link = n.opt.BaseURL + ev.Link
	}
	domain := "newsroom.invalid"
	if n.opt.SMTP != nil {
		if _, d, ok := strings.Cut(n.opt.SMTP.From, "@"); ok {
			domain = d
		}
	}
	var b [12]byte
	rand.Read(b[:])
	return mailJob{Notification: id, To: r.Email, ToName: r.Name, Action: ev.Action, Kind: ev.Kind, Title: ev.Title,
		Link: link, ActorName: ev.ActorName, Comment: ev.Comment, At: now,
		MessageID: fmt.Sprintf("<notify.%d.%s@%s>", id, hex.EncodeToString(b[:]), domain)}
}

// RegisterJobs registers the e-mail job on q with its retry policy: a
// temporary failure waits its backoff, a permanent one stops and is logged.
func (n *Notifier) RegisterJobs(q *jobs.Queue) {
	q.Handle(MailJob, n.sendJob, n.mailFailed)
	q.Retry(MailJob, jobs.RetryPolicy{Attempts: n.opt.Attempts, Backoff: n.opt.Backoff})
}

func (n *Notifier) sendJob(ctx context.Context, j jobs.Job) error {
	var m mailJob
	if err := json.Unmarshal(j.Payload, &m); err != nil {
		return jobs.Permanent(fmt.Errorf("notify: mail job %d: %w", j.ID, err))
	}
	if n.opt.SMTP == nil {
		return jobs.Permanent(errors.New("notify: e-mail is off (NEWSROOM_SMTP_URL is empty)"))
	}
	msg, err := n.message(m)
	if err != nil {
		return jobs.Permanent(err)
	}
	if err := n.opt.SMTP.send(ctx, m.To, msg); err != nil {
		return err
	}
	n.opt.Log.Info("notification mailed", "job", j.ID, "notification", m.Notification, "action", m.Action, "attempt", j.Attempts)
	return nil
}

// mailFailed logs an e-mail given up on: refused for good, or still failing
// after every try.
func (n *Notifier) mailFailed(_ context.Context, j jobs.Job, err error) {
	var m mailJob
	json.Unmarshal(j.Payload, &m)
	n.opt.Log.Error("notification e-mail not delivered", "job", j.ID, "notification", m.Notification,
		"to", m.To, "attempts", j.Attempts, "err", err)
}

// subjectTitle bounds the item's title in a subject line.
const subjectTitle = 120

// Subject is the e-mail's subject, in Thai: "[ข่าวประชาสัมพันธ์] ส่งตรวจ: <title>".
func Subject(a Action, title string) string {
	return "[" + templates.T("th", "notify.mail.tag") + "] " + templates.T("th", "notify.action."+string(a)) + ": " +
		cut(oneLine(title), subjectTitle)
}

// message is the whole RFC 5322 message of m: Thai and English plain text
// in UTF-8 (base64), the subject and names RFC 2047 encoded.
func (n *Notifier) message(m mailJob) ([]byte, error) {
	to, ok := ParseAddress(m.To)
	if !ok {
		return nil, fmt.Errorf("notify: %q is not an e-mail address", m.To)
	}
	from := mail.Address{Name: templates.T("th", "notify.mail.from"), Address: n.opt.SMTP.From}
	rcpt := mail.Address{Name: oneLine(m.ToName), Address: to}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", rcpt.String())
	header("Subject", fold(mime.BEncoding.Encode("UTF-8", Subject(m.Action, m.Title))))
	header("Date", m.At.In(time.UTC).Format(time.RFC1123Z))
	header("Message-ID", m.MessageID)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no vacation replies
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(n.body(m)))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.Bytes(), nil
}

// body is the text: Thai, then English.
func (n *Notifier) body(m mailJob) string {
	var b strings.Builder
	for i, lang := range []string{"th", "en"} {
		if i > 0 {
			b.WriteString("\n----------------------------------------\n\n")
		}
		actor := m.ActorName
		if actor == "" {
			actor = templates.T(lang, "notify.someone")
		}
		fmt.Fprintf(&b, "%s\n\n", templates.Tf(lang, "notify.mail.greeting", m.ToName))
		fmt.Fprintf(&b, "%s\n", templates.Tf(lang, "notify.mail."+string(m.Action), actor, kindLabel(m.Kind, lang), oneLine(m.Title)))
		if m.Comment != "" {
			fmt.Fprintf(&b, "%s\n", templates.Tf(lang, "notify.mail.note", m.Comment))
		}
		fmt.Fprintf(&b, "%s\n", templates.Tf(lang, "notify.mail.when", templates.DateTime(lang, m.At)))
		if m.Link != "" {
			fmt.Fprintf(&b, "%s\n", templates.Tf(lang, "notify.mail.open", m.Link))
		}
		fmt.Fprintf(&b, "\n%s\n", templates.T(lang, "notify.mail.footer"))
	}
	return b.String()
}

// kindLabel is a kind's name in lang ("ข่าวกิจกรรม"), or its registry name.
func kindLabel(name, lang string) string {
	if k := kind.ByName(name); k != nil && k.Label != "" {
		return templates.T(lang, k.Label)
	}
	return name
}

// oneLine makes s safe for one header or sentence: no line breaks.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// fold breaks a header of several encoded words into lines of at most 78
// characters (RFC 5322): each encoded word mime makes fits on its own.
func fold(v string) string { return strings.ReplaceAll(v, "?= =?", "?=\r\n =?") }
