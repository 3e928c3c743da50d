package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/richtext"
)

// FooterPage is an editable page linked from every page's footer: the
// privacy notice and the cookie policy (PDPA).
type FooterPage struct {
	Slug      string
	Lang      Lang
	Title     string
	Body      string // sanitised HTML
	UpdatedAt time.Time
}

// FooterSlugs are the footer pages, in footer order.
var FooterSlugs = []string{"privacy", "cookies"}

// defaultPages are shown until central PR edits them.
var defaultPages = map[string]map[Lang][2]string{
	"privacy": {
		Thai:    {"ประกาศความเป็นส่วนตัว", `<p>มหาวิทยาลัยนครพนมเก็บข้อมูลการเข้าใช้เว็บไซต์ (วันเวลา หมายเลขไอพี และหน้าที่เปิด) ไว้ไม่น้อยกว่า 90 วันตามพระราชบัญญัติว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์ พ.ศ. 2550 เพื่อความปลอดภัยของระบบเท่านั้น</p><p>เว็บไซต์ไม่ใช้คุกกี้ติดตาม ไม่ส่งข้อมูลของท่านให้บุคคลภายนอก และไม่โหลดเนื้อหาจากเว็บไซต์อื่นจนกว่าท่านจะคลิก (เช่น วิดีโอ YouTube)</p><p>ติดต่อ: งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี มหาวิทยาลัยนครพนม</p>`},
		English: {"Privacy notice", `<p>Nakhon Phanom University keeps the web server's traffic records (time, IP address and page) for at least 90 days, as the Computer Crime Act B.E. 2550 requires, for the security of the service only.</p><p>The site uses no tracking cookies, shares nothing with third parties and loads nothing from other sites until you click (for example a YouTube video).</p><p>Contact: Public Relations, Office of the President, Nakhon Phanom University.</p>`},
	},
	"cookies": {
		Thai:    {"นโยบายคุกกี้", `<p>ผู้เยี่ยมชมเว็บไซต์ไม่ได้รับคุกกี้ใด ๆ</p><p>เฉพาะเจ้าหน้าที่ที่เข้าสู่ระบบจัดการข่าวจะได้รับคุกกี้ที่จำเป็นต่อการทำงาน ได้แก่ คุกกี้การเข้าสู่ระบบ คุกกี้ป้องกันการปลอมแปลงคำขอ และคุกกี้ภาษาที่เลือก</p>`},
		English: {"Cookie policy", `<p>Visitors to the site receive no cookies at all.</p><p>Only staff who log in to the newsroom admin receive the cookies it needs to work: the login session, the request-forgery protection and the chosen language.</p>`},
	},
}

func pageKey(slug string, lang Lang) string { return "page." + slug + "." + string(lang) }

// FooterPage returns a footer page in lang, its default text until edited.
func (s *Store) FooterPage(ctx context.Context, slug string, lang Lang) (FooterPage, error) {
	def, ok := defaultPages[slug]
	if !ok || !lang.Valid() {
		return FooterPage{}, fmt.Errorf("content: page %s/%s: %w", slug, lang, ErrNotFound)
	}
	p := FooterPage{Slug: slug, Lang: lang, Title: def[lang][0], Body: def[lang][1]}
	var raw string
	err := s.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, pageKey(slug, lang)).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	} else if err != nil {
		return p, fmt.Errorf("content: page %s: %w", slug, err)
	}
	var stored struct {
		Title, Body string
		Updated     int64
	}
	if err := json.Unmarshal([]byte(raw), &stored); err != nil {
		return p, fmt.Errorf("content: page %s: %w", slug, err)
	}
	p.Title, p.Body, p.UpdatedAt = stored.Title, stored.Body, fromMS(stored.Updated)
	return p, nil
}

// SaveFooterPage stores an edited footer page; the body is sanitised.
func (s *Store) SaveFooterPage(ctx context.Context, slug string, lang Lang, title, body string, by Author, now time.Time) error {
	if !slices.Contains(FooterSlugs, slug) || !lang.Valid() {
		return fmt.Errorf("content: page %s/%s: %w", slug, lang, ErrNotFound)
	}
	fe := newsroom.FieldErrors{}
	title = strings.TrimSpace(title)
	if n := utf8.RuneCountInString(title); n == 0 || n > MaxHeadline {
		fe.Add("title", "err.required")
	}
	if len(body) > richtext.MaxInput {
		fe.Add("body", "err.body_long")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	raw, _ := json.Marshal(struct {
		Title, Body string
		Updated     int64
	}{title, richtext.Sanitize(body), ms(now)})
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			pageKey(slug, lang), string(raw))
		if err != nil {
			return err
		}
		// Every save keeps a revision, as for every other kind.
		_, err = insertRevision(ctx, tx, PageKind, pageKey(slug, lang), RevSaved, "save",
			Snapshot{Fields: map[string]any{"value": string(raw)}}, MetaInput{By: by}, 0, now)
		return err
	})
}
