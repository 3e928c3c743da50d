package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Word lists for generated text. Headlines are built like real PR headlines
// (who + what + about what + when), bodies from lead-style sentences, so the
// pages carry Thai text of realistic length and shape.

var thActions = []string{
	"จัดโครงการ", "จัดพิธี", "จัดกิจกรรม", "ร่วมประชุม", "เปิดอบรม", "ลงนามความร่วมมือ", "ต้อนรับคณะศึกษาดูงาน",
	"มอบทุนการศึกษา", "จัดสัมมนาวิชาการ", "ร่วมแสดงความยินดี", "จัดการแข่งขัน", "เปิดบ้านวิชาการ", "จัดนิทรรศการ",
	"ลงพื้นที่บริการวิชาการ", "จัดค่ายอาสาพัฒนา", "ประชุมเชิงปฏิบัติการ",
}

var thTopics = []string{
	"การพัฒนาทักษะดิจิทัลสำหรับนักศึกษา", "การอนุรักษ์ศิลปวัฒนธรรมลุ่มน้ำโขง", "เกษตรอินทรีย์เพื่อชุมชน",
	"การท่องเที่ยวเชิงสร้างสรรค์จังหวัดนครพนม", "ความปลอดภัยทางการบิน", "การพยาบาลผู้สูงอายุในชุมชน",
	"นวัตกรรมการเรียนการสอน", "การประกันคุณภาพการศึกษา", "ภาษาอังกฤษเพื่อการสื่อสาร", "ผลิตภัณฑ์ชุมชนสู่ตลาดออนไลน์",
	"พลังงานทดแทนในครัวเรือน", "การป้องกันยาเสพติดในสถานศึกษา", "สุขภาวะนักศึกษา", "วิทยาศาสตร์เพื่อเยาวชน",
	"การจัดการขยะและสิ่งแวดล้อม", "ความร่วมมือกับมหาวิทยาลัยใน สปป.ลาว", "การวิจัยเพื่อพัฒนาท้องถิ่น", "ครูพันธุ์ใหม่",
}

var thOccasions = []string{
	"ประจำปีการศึกษา 2568", "ประจำปีการศึกษา 2569", "เนื่องในวันสถาปนามหาวิทยาลัย", "เนื่องในวันแม่แห่งชาติ",
	"เฉลิมพระเกียรติ", "ครั้งที่ 1", "ครั้งที่ 2", "ครั้งที่ 5", "ภาคเรียนที่ 1", "ภาคเรียนที่ 2", "ณ จังหวัดนครพนม",
	"ร่วมกับองค์การบริหารส่วนจังหวัดนครพนม",
}

var thPlaces = []string{
	"ห้องประชุมจำปาลาว ชั้น 5 อาคารสำนักงานอธิการบดี", "หอประชุมมหาวิทยาลัยนครพนม", "ลานกิจกรรมริมฝั่งแม่น้ำโขง",
	"อาคารเรียนรวม", "ห้องประชุมศรีโคตรบูร", "โรงเรียนในเขตอำเภอเมืองนครพนม", "ศูนย์การเรียนรู้ชุมชนบ้านนาราชควาย",
}

var thPeople = []string{
	"อธิการบดีมหาวิทยาลัยนครพนม", "รองอธิการบดีฝ่ายวิชาการ", "คณบดี", "ผู้อำนวยการวิทยาลัย", "ผู้ว่าราชการจังหวัดนครพนม",
	"คณาจารย์และบุคลากร", "ผู้แทนภาคเอกชน", "ผู้นำชุมชน",
}

var thSentences = []string{
	"เมื่อวันที่ผ่านมา %[1]s %[2]s%[3]s ณ %[4]s โดยมี%[5]sเป็นประธานในพิธี",
	"กิจกรรมดังกล่าวมีวัตถุประสงค์เพื่อส่งเสริม%[3]sให้แก่นักศึกษา บุคลากร และประชาชนในพื้นที่",
	"ภายในงานมีการบรรยายพิเศษ การแลกเปลี่ยนเรียนรู้ และการสาธิตจากผู้ทรงคุณวุฒิ ซึ่งได้รับความสนใจจากผู้เข้าร่วมกว่า %[6]d คน",
	"%[5]sกล่าวว่า มหาวิทยาลัยนครพนมพร้อมเป็นที่พึ่งทางวิชาการของชุมชนริมโขง และจะสนับสนุนการดำเนินงานอย่างต่อเนื่อง",
	"ทั้งนี้ %[1]s มีแผนจะขยายผลโครงการไปยังโรงเรียนและชุมชนเครือข่ายในจังหวัดใกล้เคียงในปีต่อไป",
	"ผู้เข้าร่วมโครงการได้รับความรู้และทักษะที่สามารถนำไปประยุกต์ใช้ในการเรียน การทำงาน และการดำเนินชีวิตประจำวันได้จริง",
	"โครงการนี้สอดคล้องกับยุทธศาสตร์ของมหาวิทยาลัยด้านการบริการวิชาการแก่สังคมและการทำนุบำรุงศิลปวัฒนธรรม",
	"ผู้สนใจสามารถติดตามรายละเอียดเพิ่มเติมได้ทางเว็บไซต์และเพจเฟซบุ๊กของ%[1]s",
}

var enActions = []string{
	"holds", "hosts", "opens", "signs an agreement on", "welcomes visitors for", "awards scholarships for", "organises a seminar on",
}

var enTopics = []string{
	"digital skills for students", "Mekong river culture", "organic farming for communities", "aviation safety",
	"community nursing", "creative tourism in Nakhon Phanom", "renewable energy", "teacher development",
}

// thHeadline makes a Thai headline of about 60–120 runes.
func thHeadline(r *rand.Rand, unit string) string {
	h := fmt.Sprintf("%s %s%s %s", unit, pick(r, thActions), pick(r, thTopics), pick(r, thOccasions))
	return clip(h, 200)
}

// thBody makes a sanitiser-friendly HTML body of about `runes` Thai runes in
// three or four paragraphs.
func thBody(r *rand.Rand, unit string, runes int) string {
	var paras []string
	var cur []string
	n := 0
	for n < runes {
		s := fmt.Sprintf(pick(r, thSentences), unit, pick(r, thActions), pick(r, thTopics), pick(r, thPlaces), pick(r, thPeople),
			50+r.IntN(450))
		cur = append(cur, s)
		n += utf8.RuneCountInString(s) + 1
		if len(cur) == 2 {
			paras = append(paras, "<p>"+strings.Join(cur, " ")+"</p>")
			cur = nil
		}
	}
	if len(cur) > 0 {
		paras = append(paras, "<p>"+strings.Join(cur, " ")+"</p>")
	}
	return strings.Join(paras, "")
}

// enHeadline and enBody are the English counterparts.
func enHeadline(r *rand.Rand, unit string) string {
	return clip(fmt.Sprintf("%s %s %s", unit, pick(r, enActions), pick(r, enTopics)), 200)
}

func enBody(r *rand.Rand, unit string, runes int) string {
	var b strings.Builder
	for b.Len() < runes {
		fmt.Fprintf(&b, "<p>%s %s %s with %d participants at Nakhon Phanom University. The project supports the university's "+
			"strategy of academic service to the Mekong communities and will continue next year.</p>",
			unit, pick(r, enActions), pick(r, enTopics), 50+r.IntN(450))
	}
	return b.String()
}

var noticeHeads = map[string][]string{
	"announcement": {"ประกาศมหาวิทยาลัยนครพนม เรื่อง กำหนดการสอบปลายภาค", "ประกาศ เรื่อง วันหยุดราชการ", "ประกาศผลการคัดเลือกนักศึกษา",
		"ประกาศ เรื่อง ปฏิทินการศึกษา"},
	"jobs": {"ประกาศรับสมัครพนักงานมหาวิทยาลัย ตำแหน่งอาจารย์", "รับสมัครลูกจ้างชั่วคราว ตำแหน่งนักวิชาการศึกษา",
		"ประกาศรายชื่อผู้มีสิทธิ์สอบ ตำแหน่งเจ้าหน้าที่บริหารงานทั่วไป"},
	"procurement": {"ประกวดราคาจ้างก่อสร้างอาคารเรียนรวม ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
		"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน", "ประกาศผู้ชนะการเสนอราคา ซื้อครุภัณฑ์คอมพิวเตอร์", "เผยแพร่แผนการจัดซื้อจัดจ้าง"},
	"external": {"ขอเชิญร่วมงานมหกรรมวิชาการริมโขง", "ขอเชิญส่งผลงานเข้าประกวด", "ประชาสัมพันธ์โครงการของจังหวัดนครพนม"},
	"scholarship": {"ทุนการศึกษาสำหรับนักศึกษาที่มีผลการเรียนดี", "ทุนกองทุนเงินให้กู้ยืมเพื่อการศึกษา (กยศ.)",
		"ทุนแลกเปลี่ยนนักศึกษาต่างประเทศ"},
	"training": {"อบรมเชิงปฏิบัติการการเขียนข่าวประชาสัมพันธ์ออนไลน์", "สัมมนาวิชาการ การวิจัยเพื่อพัฒนาท้องถิ่น",
		"อบรมหลักสูตรภาษาอังกฤษสำหรับบุคลากร"},
}

var videoHeads = map[string][]string{
	"npu-news":  {"NPU NEWS ประจำสัปดาห์:", "NPU NEWS:", "ข่าวเด่นมหาวิทยาลัยนครพนม:"},
	"3-minutes": {"3 MINUTES@NPU: รู้จัก", "3 MINUTES@NPU:"},
	"npu-talks": {"NPU TALKS:", "NPU TALKS พูดคุยกับ"},
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
