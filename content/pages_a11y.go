package content

import (
	"context"
	"errors"
	"fmt"
	"time"

	"newsroom/richtext"
)

// The accessibility statement (/pages/accessibility) says what is tested
// (issue 14): the WCAG 2.1 AA sweep with axe-core over every page template
// and admin form, the keyboard-only journeys, and how to report a problem.
// e2e/axe_test.go and e2e/keyboard_test.go are those tests; keep this text
// in step with them (the axe-core version is in e2e/testdata/axe/VERSION).

// accessibilityStatement is the default page's text (Thai, English).
var accessibilityStatement = [2]DefaultPageText{
	{Title: "การเข้าถึงเว็บไซต์", Body: `<p>มหาวิทยาลัยนครพนมมุ่งให้ทุกคนใช้เว็บไซต์นี้ได้ รวมถึงผู้ใช้โปรแกรมอ่านหน้าจอ ผู้ใช้แป้นพิมพ์แทนเมาส์ และผู้ใช้โทรศัพท์มือถือ เป้าหมายของเราคือมาตรฐาน WCAG 2.1 ระดับ AA (TWCAG 2022)</p>
<h2>สิ่งที่เราทดสอบ</h2>
<p>ทุกครั้งที่ปรับปรุงระบบ ชุดทดสอบอัตโนมัติตรวจเว็บไซต์ดังนี้ และการปรับปรุงจะไม่ถูกนำขึ้นใช้หากพบข้อผิดพลาด</p>
<ul><li>ตรวจด้วยเครื่องมือ axe-core 4.14.1 ตามกฎของ WCAG 2.0 และ 2.1 ระดับ A และ AA ทุกแบบของหน้าเว็บไซต์ (หน้าแรก รายการและหน้าข่าว คลังข่าวย้อนหลัง วิดีโอก่อนและหลังกดเล่น ประกาศ ผลการค้นหา หน่วยงาน หน้าข้อมูลหน่วยงานทุกหน้า แผนผังเว็บไซต์ ITA การจัดซื้อจัดจ้าง ถาม-ตอบ หน้าไม่พบ และหน้าตัวอย่างก่อนเผยแพร่) และทุกหน้าและแบบฟอร์มของระบบจัดการข่าว ทั้งภาษาไทยและภาษาอังกฤษ บนจอคอมพิวเตอร์ (1366×900) และโทรศัพท์ (390×844) ผลล่าสุด: ไม่พบข้อผิดพลาด</li>
<li>ทดสอบการใช้งานด้วยแป้นพิมพ์อย่างเดียว: ลิงก์ "ข้ามไปยังเนื้อหา" เมนู ปุ่มหยุดป้ายประกาศที่เลื่อนเอง แกลเลอรีภาพ (เปิดด้วย Enter เลื่อนด้วยลูกศร ปิดด้วย Esc) การเล่นวิดีโอ การค้นหา และการเขียนข่าวตั้งแต่เข้าสู่ระบบจนบันทึก โดยต้องเห็นตำแหน่งโฟกัสทุกขั้นและไม่มีจุดที่ออกจากส่วนใดด้วยแป้นพิมพ์ไม่ได้</li>
<li>ทุกหน้ามีทั้งภาษาไทยและภาษาอังกฤษ และระบุภาษาของหน้าให้โปรแกรมอ่านหน้าจอ</li>
<li>ภาพมีข้อความแทนภาพ: ระบบเตือนผู้เขียนข่าวเมื่อภาพใดยังไม่มีคำบรรยายภาพ ฟอร์มมีป้ายกำกับ และข้อผิดพลาดแสดงที่ช่องที่เกี่ยวข้อง</li>
<li>วิดีโอไม่เล่นและไม่โหลดจากเว็บไซต์อื่นจนกว่าจะกดเล่น</li></ul>
<h2>ข้อจำกัดที่ทราบ</h2><p>เครื่องมืออัตโนมัติตรวจได้เพียงบางส่วนของมาตรฐาน เรายังไม่ได้ทดสอบกับผู้ใช้โปรแกรมอ่านหน้าจอโดยตรง เอกสาร PDF บางฉบับที่สแกนจากกระดาษยังอ่านด้วยโปรแกรมอ่านหน้าจอไม่ได้ ขอฉบับที่อ่านได้จากหน่วยงานที่ออกประกาศ</p>
<h2>แจ้งปัญหา</h2><p>หากใช้งานส่วนใดไม่ได้ แจ้งงานประชาสัมพันธ์ผ่าน<a href="/pages/contact">หน้าติดต่อเรา</a> ทางอีเมล pr@npu.ac.th หรือโทร 0 4250 3777 ในวันและเวลาราชการ โปรดบอกหน้าที่ใช้ (ลิงก์) และสิ่งที่เกิดขึ้น เราจะตอบภายใน 5 วันทำการ</p>`},
	{Title: "Accessibility statement", Body: `<p>Nakhon Phanom University wants everyone to be able to use this site, including people who use screen readers, the keyboard instead of a mouse, or a phone. Our target is WCAG 2.1 level AA (TWCAG 2022).</p>
<h2>What we test</h2>
<p>Every change to the system runs these automated tests, and a change that fails them is not released.</p>
<ul><li>axe-core 4.14.1 checks the WCAG 2.0 and 2.1 level A and AA rules on every kind of public page (home, news lists and pages, the news archive, videos before and after play, notices, search results, units, every institutional page, the site map, ITA, procurement, Q&amp;A, the not-found page and preview pages) and on every page and form of the newsroom admin, in Thai and English, on a desktop screen (1366×900) and a phone (390×844). Latest result: no violations.</li>
<li>Keyboard-only journeys: the "skip to content" link, the menu, the pause button of the rotating banners, the photo gallery (Enter opens it, arrows move, Esc closes), starting a video, search, and writing a news item from login to saving it. The focus must be visible at every step and no part of a page may trap the keyboard.</li>
<li>Every page exists in Thai and English, and its language is declared for screen readers.</li>
<li>Images have text alternatives: the editor warns authors about every photo without a caption. Form fields have labels, and errors are shown at the field concerned.</li>
<li>Videos neither play nor load anything from another site until you start them.</li></ul>
<h2>Known limitations</h2><p>Automated tools check only part of the standard; we have not yet tested with screen-reader users. Some PDF documents scanned from paper cannot be read by screen readers yet; ask the unit that issued them for a readable copy.</p>
<h2>Report a problem</h2><p>If part of the site does not work for you, tell Public Relations through the <a href="/en/pages/contact">contact page</a>, by e-mail at pr@npu.ac.th or by phone on +66 42 503 777 on working days. Please say which page (its link) and what happened. We answer within 5 working days.</p>`},
}

// previousAccessibilityStatement is the default text that installs made
// before issue 14 got. An install whose page still has it word for word gets
// the new text once; an edited page is left alone.
var previousAccessibilityStatement = [2]DefaultPageText{
	{Title: "การเข้าถึงเว็บไซต์", Body: `<p>มหาวิทยาลัยนครพนมมุ่งให้ทุกคนใช้เว็บไซต์นี้ได้ รวมถึงผู้ใช้โปรแกรมอ่านหน้าจอ ผู้ใช้แป้นพิมพ์แทนเมาส์ และผู้ใช้โทรศัพท์มือถือ เป้าหมายของเราคือมาตรฐาน WCAG 2.1 ระดับ AA (TWCAG 2022)</p>
<h2>สิ่งที่เราทดสอบ</h2><ul><li>ใช้งานทุกหน้าได้ด้วยแป้นพิมพ์อย่างเดียว มีลิงก์ "ข้ามไปยังเนื้อหา" และเห็นตำแหน่งโฟกัสชัดเจน</li><li>ทุกหน้ามีทั้งภาษาไทยและภาษาอังกฤษ และระบุภาษาของหน้าให้โปรแกรมอ่านหน้าจอ</li><li>ภาพมีข้อความแทนภาพ ฟอร์มมีป้ายกำกับ และข้อผิดพลาดแสดงที่ช่องที่เกี่ยวข้อง</li><li>ตัวอักษรขยายได้ถึง 200% โดยเนื้อหาไม่หาย และสีตัวอักษรตัดกับพื้นตามเกณฑ์</li><li>แกลเลอรีภาพเปิดปิดและเลื่อนได้ด้วยแป้นพิมพ์ วิดีโอไม่เล่นเองจนกว่าจะคลิก</li></ul>
<h2>ข้อจำกัดที่ทราบ</h2><p>เอกสาร PDF บางฉบับที่สแกนจากกระดาษยังอ่านด้วยโปรแกรมอ่านหน้าจอไม่ได้ ขอฉบับที่อ่านได้จากหน่วยงานที่ออกประกาศ</p>
<h2>แจ้งปัญหา</h2><p>หากใช้งานส่วนใดไม่ได้ แจ้งงานประชาสัมพันธ์ทางอีเมล pr@npu.ac.th หรือโทร 0 4250 3777 ในวันและเวลาราชการ เราจะตอบภายใน 5 วันทำการ</p>`},
	{Title: "Accessibility statement", Body: `<p>Nakhon Phanom University wants everyone to be able to use this site, including people who use screen readers, the keyboard instead of a mouse, or a phone. Our target is WCAG 2.1 level AA (TWCAG 2022).</p>
<h2>What we test</h2><ul><li>Every page works with the keyboard alone, with a "skip to content" link and a visible focus.</li><li>Every page exists in Thai and English, and its language is declared for screen readers.</li><li>Images have text alternatives, form fields have labels, and errors are shown at the field concerned.</li><li>Text can be zoomed to 200% without losing content, and text colours meet the contrast criteria.</li><li>Photo galleries open, close and move with the keyboard; videos do not play until clicked.</li></ul>
<h2>Known limitations</h2><p>Some PDF documents scanned from paper cannot be read by screen readers yet; ask the unit that issued them for a readable copy.</p>
<h2>Report a problem</h2><p>If part of the site does not work for you, e-mail Public Relations at pr@npu.ac.th or call +66 42 503 777 on working days. We answer within 5 working days.</p>`},
}

var _ = addDefaults("pages.accessibility", updateAccessibilityStatement)

// updateAccessibilityStatement replaces the accessibility statement's
// previous default text, in each language, by the current one, when the page
// still has the previous default title and body exactly (as stored, that is
// sanitised). A page central PR edited or deleted is not touched; the change
// is saved as a revision by the system's default author.
func updateAccessibilityStatement(ctx context.Context, s *Store, now time.Time) error {
	for li, lang := range []Lang{Thai, English} {
		p, err := s.PageBySlug(ctx, SlugAccessibility, lang)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		old, cur := previousAccessibilityStatement[li], accessibilityStatement[li]
		if p.Title != old.Title || p.Body != richtext.Sanitize(old.Body) {
			continue
		}
		in := PageInput{MetaInput: MetaInput{Lang: p.Lang, Sort: p.Sort, Start: p.Window.Start, End: p.Window.End,
			UnitID: p.UnitID, Publish: p.Status == Published},
			Slug: p.Slug, Section: p.Section, Title: cur.Title, Body: cur.Body, MenuSort: p.MenuSort, InMenu: p.InMenu,
			Address: p.Address, Phone: p.Phone, Email: p.Email, MapURL: p.MapURL, Social: p.Social, People: p.People, Links: p.Links}
		if _, err := s.SavePage(ctx, p, in, Author{Name: DefaultAuthor}, now); err != nil {
			return fmt.Errorf("accessibility statement (%s): %w", lang, err)
		}
	}
	return nil
}
