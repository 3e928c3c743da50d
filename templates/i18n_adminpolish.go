package templates

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// adminPolishCatalog holds the strings of issue 14's admin polish: the
// featured desk's in-place messages, the dashboard's previous login and
// recent items, and the labels of codes that used to reach the page raw
// (the action log's actions).
var adminPolishCatalog = map[string][2]string{
	"dash.first_login":      {"เข้าสู่ระบบครั้งแรก", "First login"},
	"dash.recent":           {"รายการที่คุณแก้ไขล่าสุด", "Your recent items"},
	"dash.recent_none":      {"ยังไม่มีรายการที่คุณแก้ไข", "You have not edited anything yet."},
	"featured.picked_one":   {"เลือก “%s” เป็นข่าวเด่นแล้ว (%d/%d)", "Picked “%s” (%d/%d)"},
	"featured.unpicked_one": {"เอา “%s” ออกจากข่าวเด่นแล้ว (%d/%d)", "Removed “%s” (%d/%d)"},
	"featured.failed":       {"บันทึกไม่สำเร็จ ลองอีกครั้ง", "Could not save. Please try again."},
	"actions.all":           {"ทุกการกระทำ", "All actions"},

	// What an action is about: the filter's choices and the log's item column.
	"actarea.news":        {"ข่าวกิจกรรม", "News"},
	"actarea.video":       {"วิดีโอ", "Videos"},
	"actarea.banner":      {"แบนเนอร์", "Banners"},
	"actarea.notice":      {"ข่าวประชาสัมพันธ์", "Notices"},
	"actarea.page":        {"หน้าข้อมูล", "Pages"},
	"actarea.ita":         {"ITA/OIT", "ITA/OIT"},
	"actarea.procurement": {"จัดซื้อจัดจ้าง", "Procurement"},
	"actarea.qa":          {"ถาม-ตอบ", "Q&A"},
	"actarea.featured":    {"ข่าวเด่น", "Featured news"},
	"actarea.session":     {"การเข้าสู่ระบบ", "Logins"},
	"actarea.user":        {"ผู้ใช้", "Users"},
	"actarea.unit":        {"หน่วยงาน", "Units"},
	"actarea.tag":         {"แท็ก", "Tags"},

	// The things an action is done to (the action log names them in the
	// singular, unlike the kinds' list labels).
	"actkind.news":        {"ข่าว", "news"},
	"actkind.video":       {"วิดีโอ", "a video"},
	"actkind.banner":      {"แบนเนอร์", "a banner"},
	"actkind.notice":      {"ข่าวประชาสัมพันธ์", "a notice"},
	"actkind.page":        {"หน้าข้อมูล", "a page"},
	"actkind.ita":         {"รายการ ITA", "an ITA item"},
	"actkind.procurement": {"รายการจัดซื้อจัดจ้าง", "a procurement record"},
	"actkind.qa":          {"คำถาม", "a question"},

	// What is done to any content kind (%s: the thing, above).
	"actverb.create":           {"สร้าง%s", "Created %s"},
	"actverb.update":           {"แก้ไข%s", "Edited %s"},
	"actverb.trash":            {"ย้าย%sไปถังขยะ", "Moved %s to the trash"},
	"actverb.restore":          {"กู้คืน%sจากถังขยะ", "Restored %s from the trash"},
	"actverb.takedown":         {"นำ%sลง", "Took %s down"},
	"actverb.reinstate":        {"ยกเลิกการนำ%sลง", "Lifted the takedown of %s"},
	"actverb.submit":           {"ส่ง%sให้ตรวจ", "Submitted %s for review"},
	"actverb.submit_change":    {"ส่งการแก้ไข%sให้ตรวจ", "Submitted a change of %s for review"},
	"actverb.approved":         {"อนุมัติ%s", "Approved %s"},
	"actverb.change_approved":  {"อนุมัติการแก้ไข%s", "Approved a change of %s"},
	"actverb.returned":         {"ส่ง%sกลับให้แก้ไข", "Returned %s for correction"},
	"actverb.change_returned":  {"ส่งการแก้ไข%sกลับให้แก้ไข", "Returned a change of %s for correction"},
	"actverb.restore_revision": {"นำ%sฉบับก่อนกลับมาใช้", "Restored an earlier version of %s"},
	"actverb.preview_link":     {"สร้างลิงก์ดูตัวอย่าง%s", "Made a preview link of %s"},
	"actverb.preview_revoke":   {"ยกเลิกลิงก์ดูตัวอย่าง%s", "Revoked a preview link of %s"},

	// Actions of their own.
	"action.page.move":                  {"เลื่อนลำดับหน้าข้อมูล", "Moved a page in the footer menu"},
	"action.news.photos_upload":         {"อัปโหลดภาพข่าว", "Uploaded news photos"},
	"action.procurement.month_publish":  {"เผยแพร่สรุปผลการจัดซื้อจัดจ้างประจำเดือน", "Published a month's procurement summary"},
	"action.procurement.month_none":     {"ประกาศว่าเดือนนี้ไม่มีการจัดซื้อจัดจ้าง", "Declared a month without procurement"},
	"action.procurement.month_withdraw": {"ถอนสรุปผลการจัดซื้อจัดจ้างประจำเดือน", "Withdrew a month's procurement summary"},
	"action.ita.open_year":              {"เปิดปีงบประมาณ ITA", "Opened an ITA year"},
	"action.qa.retention":               {"ตั้งระยะเวลาเก็บข้อมูลผู้ถาม", "Set how long askers' details are kept"},
	"action.featured.pick":              {"เลือกข่าวเด่น", "Picked a featured story"},
	"action.featured.unpick":            {"เอาข่าวเด่นออก", "Removed a featured story"},
	"action.featured.order":             {"จัดลำดับข่าวเด่น", "Reordered the featured news"},
	"action.session.login":              {"เข้าสู่ระบบ", "Logged in"},
	"action.session.login_failed":       {"เข้าสู่ระบบไม่สำเร็จ", "Failed login"},
	"action.session.logout":             {"ออกจากระบบ", "Logged out"},
	"action.user.create":                {"เพิ่มผู้ใช้", "Added a user"},
	"action.user.update":                {"แก้ไขผู้ใช้", "Edited a user"},
	"action.user.enable":                {"เปิดใช้งานผู้ใช้", "Enabled a user"},
	"action.user.disable":               {"ระงับผู้ใช้", "Disabled a user"},
	"action.user.password_change":       {"เปลี่ยนรหัสผ่านของตนเอง", "Changed their password"},
	"action.user.password_reset":        {"ตั้งรหัสผ่านใหม่ให้ผู้ใช้", "Reset a user's password"},
	"action.unit.create":                {"เพิ่มหน่วยงาน", "Added a unit"},
	"action.unit.update":                {"แก้ไขหน่วยงาน", "Edited a unit"},
	"action.unit.retire":                {"ปิดหน่วยงาน", "Retired a unit"},
	"action.unit.restore":               {"เปิดหน่วยงานอีกครั้ง", "Brought a unit back"},
	"action.unit.review_on":             {"เปิดการตรวจก่อนเผยแพร่ของหน่วยงาน", "Turned review on for a unit"},
	"action.unit.review_off":            {"ปิดการตรวจก่อนเผยแพร่ของหน่วยงาน", "Turned review off for a unit"},
}

func init() { addCatalog(adminPolishCatalog) }

// contentActions are the action-log names of the content kinds (kind.Kind's
// Action), and contentVerbs what the admin does to any of them.
var (
	contentActions = []string{"news", "video", "banner", "notice", "page", "ita", "procurement", "qa"}
	contentVerbs   = []string{"create", "update", "trash", "restore", "takedown", "reinstate", "submit", "submit_change",
		"approved", "change_approved", "returned", "change_returned", "restore_revision", "preview_link", "preview_revoke"}
)

// ActionCodes lists every action code the action log can hold and
// ActionLabel names: each content kind with each verb, and the actions of
// their own.
func ActionCodes() []string {
	var out []string
	for _, k := range contentActions {
		for _, v := range contentVerbs {
			out = append(out, k+"."+v)
		}
	}
	for key := range catalog {
		if code, ok := strings.CutPrefix(key, "action."); ok {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// ActionAreas are the prefixes the action log's filter offers, in order.
func ActionAreas() []string {
	return append(slices.Clone(contentActions), "featured", "session", "user", "unit", "tag")
}

// ActionLabel is an action code as a person reads it in lang: "news.takedown"
// is "นำข่าวลง" / "Took news down". An unknown code (an older release's) is
// shown as it is.
func ActionLabel(lang, code string) string {
	if _, ok := catalog["action."+code]; ok {
		return T(lang, "action."+code)
	}
	k, v, ok := strings.Cut(code, ".")
	if ok && slices.Contains(contentActions, k) && slices.Contains(contentVerbs, v) {
		return Tf(lang, "actverb."+v, T(lang, "actkind."+k))
	}
	return code
}

// ActionAreaLabel names what an action is about (its code's first part,
// the log's kind column): "news" is "ข่าวกิจกรรม" / "News".
func ActionAreaLabel(lang, area string) string {
	if _, ok := catalog["actarea."+area]; ok {
		return T(lang, "actarea."+area)
	}
	return area
}

// englishSingular maps the plural words that follow a number in the
// English catalog to their singular: "%d results" reads "1 result" when
// the number is 1. Thai has no plural, and no Thai message has these words.
var englishSingular = map[string]string{
	"news items": "news item", "items": "item", "banners": "banner", "notices": "notice", "stories": "story",
	"units": "unit", "results": "result", "photos": "photo", "times": "time", "users": "user", "days": "day",
	"questions": "question", "files and folders": "file or folder",
}

var pluralAfterVerb = regexp.MustCompile(`^ (news items|files and folders|[a-z]+s)\b`)

// singular rewrites an English msg before it is formatted with args: each
// whole-number verb (%d, %[n]d) whose argument is 1 is followed by the
// singular of a plural word of englishSingular, and a B.E. fiscal year after
// "FY" or "fiscal year" shows the Gregorian year first. Only the message
// changes, never an argument.
func singular(msg string, args []any) string {
	if !strings.Contains(msg, "%") {
		return msg
	}
	var b strings.Builder
	arg := 0
	for i := 0; i < len(msg); i++ {
		if msg[i] != '%' || i+1 >= len(msg) {
			b.WriteByte(msg[i])
			continue
		}
		j := i + 1
		if msg[j] == '%' {
			b.WriteString("%%")
			i = j
			continue
		}
		for j < len(msg) && strings.IndexByte("+-# 0123456789.*", msg[j]) >= 0 {
			j++
		}
		if j < len(msg) && msg[j] == '[' {
			if k := strings.IndexByte(msg[j:], ']'); k > 0 {
				if n, err := strconv.Atoi(msg[j+1 : j+k]); err == nil {
					arg = n - 1
				}
				j += k + 1
			}
		}
		if j >= len(msg) {
			break
		}
		verb := msg[j]
		if n, ok := beYear(msg[:i], verb, arg, args); ok {
			// An English fiscal year: the Gregorian year, then the B.E.
			// year that names it ("FY 2027 (B.E. 2570)").
			b.WriteString(strconv.Itoa(n-543) + " (B.E. %[" + strconv.Itoa(arg+1) + "]d)")
			i = j + len(" B.E.")*boolInt(strings.HasPrefix(msg[j+1:], " B.E."))
			arg++
			continue
		}
		b.WriteString(msg[i : j+1])
		i = j
		one := arg >= 0 && arg < len(args) && isOne(args[arg])
		arg++
		if verb != 'd' || !one {
			continue
		}
		if m := pluralAfterVerb.FindStringSubmatch(msg[i+1:]); m != nil {
			if s, ok := englishSingular[m[1]]; ok {
				b.WriteString(" " + s)
				i += len(m[0])
			}
		}
	}
	return b.String()
}

// beYear reports whether the verb at the end of before formats a B.E.
// fiscal year of an English message ("FY %d", "fiscal year %d"), and the
// year. Thai messages say ปีงบประมาณ and keep the B.E. year alone.
func beYear(before string, verb byte, arg int, args []any) (int, bool) {
	if verb != 'd' || arg < 0 || arg >= len(args) {
		return 0, false
	}
	l := strings.ToLower(before)
	if !strings.HasSuffix(l, "fy ") && !strings.HasSuffix(l, "fiscal year ") {
		return 0, false
	}
	var n int
	switch v := args[arg].(type) {
	case int:
		n = v
	case int64:
		n = int(v)
	default:
		return 0, false
	}
	return n, n >= 2400 && n <= 2800
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isOne reports whether a message argument is the number 1.
func isOne(a any) bool {
	switch v := a.(type) {
	case int:
		return v == 1
	case int64:
		return v == 1
	case int32:
		return v == 1
	case uint:
		return v == 1
	case uint64:
		return v == 1
	case float64:
		return v == 1
	}
	return false
}
