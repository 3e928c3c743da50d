package content

// The institutional pages every installation starts with (see
// ensureDefaultPages). Central PR edits them under /admin/pages; the slugs
// are the permalinks other pages link to and never change.

// DefaultAuthor is the author name of the default pages' first revision.
const DefaultAuthor = "ค่าเริ่มต้นของระบบ (default)"

// DefaultPage is one default page in both languages.
type DefaultPage struct {
	Slug    string
	Section string
	Phone   string
	Email   string
	MapURL  string
	Social  Social
	Text    [2]DefaultPageText // Thai, English
}

// DefaultPageText is a default page's text in one language.
type DefaultPageText struct {
	Title   string
	Body    string
	Address string
	People  []Person
	Links   []PageLink
}

// Default page slugs: the contract other areas link to (/pages/{slug}).
const (
	SlugAbout          = "about"
	SlugStructure      = "structure"
	SlugExecutives     = "executives"
	SlugContact        = "contact"
	SlugWebsitePolicy  = "website-policy"
	SlugPrivacy        = "privacy"
	SlugCookies        = "cookies"
	SlugSecurityPolicy = "security-policy"
	SlugAccessibility  = "accessibility"
	SlugEService       = "e-service"
)

const (
	prPhone = "0 4250 3777"
	prEmail = "pr@npu.ac.th"
)

// DefaultPages are the default pages, in menu order.
var DefaultPages = []DefaultPage{
	{Slug: SlugAbout, Section: SectionAbout, Text: [2]DefaultPageText{
		{Title: "เกี่ยวกับมหาวิทยาลัยนครพนม", Body: `<p>มหาวิทยาลัยนครพนมเป็นมหาวิทยาลัยของรัฐ จัดตั้งขึ้นตามพระราชบัญญัติมหาวิทยาลัยนครพนม พ.ศ. 2548 โดยรวมสถานศึกษาในจังหวัดนครพนมเข้าด้วยกัน มีภารกิจจัดการศึกษา วิจัย บริการวิชาการแก่สังคม และทำนุบำรุงศิลปวัฒนธรรม เพื่อพัฒนาท้องถิ่นลุ่มน้ำโขงและอนุภูมิภาค</p>
<h2>ปรัชญา</h2><p>การศึกษาเพื่อพัฒนาคนและท้องถิ่นอย่างยั่งยืน</p>
<h2>พันธกิจ</h2><ul><li>ผลิตบัณฑิตที่มีความรู้คู่คุณธรรม ตรงกับความต้องการของท้องถิ่นและประเทศ</li><li>วิจัยและสร้างนวัตกรรมเพื่อแก้ปัญหาและพัฒนาท้องถิ่น</li><li>บริการวิชาการแก่ชุมชนและสังคม</li><li>ทำนุบำรุงศิลปวัฒนธรรมลุ่มน้ำโขง</li></ul>
<p>หน้านี้ดูแลโดยงานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี</p>`},
		{Title: "About Nakhon Phanom University", Body: `<p>Nakhon Phanom University is a public university established by the Nakhon Phanom University Act B.E. 2548 (2005), bringing together the province's colleges and schools. Its missions are teaching, research, academic services to society and the preservation of arts and culture, for the development of the Mekong region.</p>
<h2>Philosophy</h2><p>Education for the sustainable development of people and their communities.</p>
<h2>Missions</h2><ul><li>Educate graduates with knowledge and integrity who meet the needs of the region and the country</li><li>Research and innovation that solve local problems</li><li>Academic services to communities and society</li><li>Preservation of the arts and culture of the Mekong basin</li></ul>
<p>This page is kept by Public Relations, Office of the President.</p>`},
	}},
	{Slug: SlugStructure, Section: SectionStructure, Text: [2]DefaultPageText{
		{Title: "โครงสร้างองค์กร", Body: `<p>มหาวิทยาลัยนครพนมมีสภามหาวิทยาลัยเป็นผู้กำกับดูแลนโยบาย โดยมีอธิการบดีเป็นผู้บริหารสูงสุด และมีรองอธิการบดีและผู้ช่วยอธิการบดีกำกับดูแลงานแต่ละด้าน</p>
<h2>ส่วนงาน</h2><ul><li>สำนักงานอธิการบดี (กองกลาง กองนโยบายและแผน กองคลัง กองบริหารงานบุคคล กองพัฒนานักศึกษา)</li><li>คณะครุศาสตร์ คณะวิทยาศาสตร์ คณะศิลปศาสตร์และวิทยาศาสตร์ คณะวิทยาการจัดการ คณะเกษตรและเทคโนโลยี คณะเทคโนโลยีอุตสาหกรรม คณะพยาบาลศาสตร์</li><li>วิทยาลัยการบินนานาชาติ วิทยาลัยธาตุพนม วิทยาลัยเทคโนโลยีอุตสาหกรรมศรีสงคราม วิทยาลัยนาหว้า</li><li>สำนักวิทยบริการและเทคโนโลยีสารสนเทศ สถาบันวิจัยและพัฒนา สำนักส่งเสริมวิชาการและงานทะเบียน</li></ul>
<p>แผนภูมิโครงสร้างฉบับล่าสุดเผยแพร่โดยกองนโยบายและแผน</p>`},
		{Title: "Organisation structure", Body: `<p>Nakhon Phanom University is governed by the University Council. The President leads the university, assisted by vice presidents and assistants to the president, each in charge of one area.</p>
<h2>Units</h2><ul><li>Office of the President (General Affairs, Policy and Planning, Finance, Human Resources, Student Development)</li><li>Faculties of Education, Science, Liberal Arts and Science, Management Science, Agriculture and Technology, Industrial Technology, and Nursing</li><li>International College of Aviation, That Phanom College, Sri Songkhram College of Industrial Technology, Na Wa College</li><li>Office of Academic Resources and IT, Research and Development Institute, Office of Academic Promotion and Registration</li></ul>
<p>The latest organisation chart is published by the Policy and Planning Division.</p>`},
	}},
	{Slug: SlugExecutives, Section: SectionExecutives, Text: [2]DefaultPageText{
		{Title: "ผู้บริหาร", Body: `<p>รายชื่อผู้บริหารมหาวิทยาลัยนครพนมพร้อมช่องทางติดต่อโดยตรง งานประชาสัมพันธ์ปรับปรุงรายชื่อทุกครั้งที่มีการแต่งตั้ง</p>`,
			People: []Person{
				{Name: "(ระบุชื่อ-สกุล)", Role: "อธิการบดีมหาวิทยาลัยนครพนม", Phone: prPhone, Email: "president@npu.ac.th"},
				{Name: "(ระบุชื่อ-สกุล)", Role: "รองอธิการบดีฝ่ายบริหาร", Phone: prPhone},
				{Name: "(ระบุชื่อ-สกุล)", Role: "รองอธิการบดีฝ่ายวิชาการ", Phone: prPhone},
				{Name: "(ระบุชื่อ-สกุล)", Role: "ผู้อำนวยการกองกลาง สำนักงานอธิการบดี", Phone: prPhone},
			}},
		{Title: "Executives", Body: `<p>The executives of Nakhon Phanom University and how to reach them directly. Public Relations updates the list at every appointment.</p>`,
			People: []Person{
				{Name: "(name to be entered)", Role: "President of Nakhon Phanom University", Phone: prPhone, Email: "president@npu.ac.th"},
				{Name: "(name to be entered)", Role: "Vice President for Administration", Phone: prPhone},
				{Name: "(name to be entered)", Role: "Vice President for Academic Affairs", Phone: prPhone},
				{Name: "(name to be entered)", Role: "Director of General Affairs, Office of the President", Phone: prPhone},
			}},
	}},
	{Slug: SlugContact, Section: SectionContact, Phone: prPhone, Email: prEmail,
		MapURL: "https://www.openstreetmap.org/search?query=Nakhon%20Phanom%20University",
		Social: Social{Facebook: "https://www.facebook.com/npu.official", YouTube: "https://www.youtube.com/@npuchannel"},
		Text: [2]DefaultPageText{
			{Title: "ติดต่อเรา", Address: "งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี มหาวิทยาลัยนครพนม\n167 หมู่ 4 ตำบลนาราชควาย อำเภอเมือง จังหวัดนครพนม 48000",
				Body: `<p>ติดต่องานประชาสัมพันธ์ในวันและเวลาราชการ (จันทร์–ศุกร์ 08.30–16.30 น.) เรื่องข่าวสาร การเผยแพร่ประชาสัมพันธ์ และข้อเสนอแนะเกี่ยวกับเว็บไซต์ ข้อร้องเรียนและคำถามทั่วไปส่งได้ทางอีเมลด้านล่าง</p>`},
			{Title: "Contact us", Address: "Public Relations, Office of the President, Nakhon Phanom University\n167 Moo 4, Na Ratchakhwai, Mueang, Nakhon Phanom 48000, Thailand",
				Body: `<p>Public Relations answers on working days (Monday to Friday, 08:30–16:30, Thai time) about news, publicity and the website. Send complaints and general questions to the e-mail address below.</p>`},
		}},
	{Slug: SlugWebsitePolicy, Section: SectionPolicy, Text: [2]DefaultPageText{
		{Title: "นโยบายเว็บไซต์", Body: `<h2>เงื่อนไขการใช้งาน</h2><p>เว็บไซต์นี้ให้บริการข้อมูลข่าวสารของมหาวิทยาลัยนครพนมแก่ประชาชนโดยไม่เสียค่าใช้จ่าย ผู้ใช้ต้องไม่ใช้เว็บไซต์ในทางที่ผิดกฎหมายหรือรบกวนการให้บริการ</p>
<h2>ลิขสิทธิ์</h2><p>ข้อความ ภาพ และเอกสารบนเว็บไซต์เป็นลิขสิทธิ์ของมหาวิทยาลัยนครพนม เว้นแต่ระบุไว้เป็นอย่างอื่น นำไปใช้เพื่อการศึกษาหรือเผยแพร่ข่าวได้โดยอ้างอิงแหล่งที่มา ห้ามนำไปใช้เชิงพาณิชย์โดยไม่ได้รับอนุญาต</p>
<h2>การเชื่อมโยง</h2><p>ผู้ใดจะเชื่อมโยงมายังหน้าใดของเว็บไซต์ก็ได้ ลิงก์ไปยังเว็บไซต์ภายนอกมีไว้เพื่อความสะดวก มหาวิทยาลัยไม่รับผิดชอบเนื้อหาของเว็บไซต์เหล่านั้น</p>
<h2>ข้อจำกัดความรับผิดชอบ</h2><p>มหาวิทยาลัยดูแลให้ข้อมูลถูกต้องและเป็นปัจจุบัน แต่ไม่รับประกันความสมบูรณ์ของข้อมูล ประกาศฉบับลงนามที่เผยแพร่เป็นเอกสาร PDF ถือเป็นฉบับอ้างอิง</p>`},
		{Title: "Website policy", Body: `<h2>Terms of use</h2><p>This site publishes the news and information of Nakhon Phanom University free of charge. Do not use it unlawfully or in a way that disrupts the service.</p>
<h2>Copyright</h2><p>Text, pictures and documents on this site are the copyright of Nakhon Phanom University unless stated otherwise. They may be reused for education or news with credit to the source; commercial use needs permission.</p>
<h2>Linking</h2><p>Anyone may link to any page of this site. Links to other sites are given for convenience; the university is not responsible for their content.</p>
<h2>Disclaimer</h2><p>The university takes care that information is correct and up to date but does not guarantee it is complete. Signed announcements published as PDF documents are the reference version.</p>`},
	}},
	{Slug: SlugPrivacy, Section: SectionPrivacy, Text: [2]DefaultPageText{
		{Title: "ประกาศความเป็นส่วนตัว", Body: `<p>มหาวิทยาลัยนครพนมเก็บข้อมูลการเข้าใช้เว็บไซต์ (วันเวลา หมายเลขไอพี และหน้าที่เปิด) ไว้ไม่น้อยกว่า 90 วันตามพระราชบัญญัติว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์ พ.ศ. 2550 เพื่อความปลอดภัยของระบบเท่านั้น</p><p>เว็บไซต์ไม่ใช้คุกกี้ติดตาม ไม่ส่งข้อมูลของท่านให้บุคคลภายนอก และไม่โหลดเนื้อหาจากเว็บไซต์อื่นจนกว่าท่านจะคลิก (เช่น วิดีโอ YouTube)</p><p>ติดต่อ: งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี มหาวิทยาลัยนครพนม</p>`},
		{Title: "Privacy notice", Body: `<p>Nakhon Phanom University keeps the web server's traffic records (time, IP address and page) for at least 90 days, as the Computer Crime Act B.E. 2550 requires, for the security of the service only.</p><p>The site uses no tracking cookies, shares nothing with third parties and loads nothing from other sites until you click (for example a YouTube video).</p><p>Contact: Public Relations, Office of the President, Nakhon Phanom University.</p>`},
	}},
	{Slug: SlugCookies, Section: SectionCookies, Text: [2]DefaultPageText{
		{Title: "นโยบายคุกกี้", Body: `<p>ผู้เยี่ยมชมเว็บไซต์ไม่ได้รับคุกกี้ใด ๆ</p><p>เฉพาะเจ้าหน้าที่ที่เข้าสู่ระบบจัดการข่าวจะได้รับคุกกี้ที่จำเป็นต่อการทำงาน ได้แก่ คุกกี้การเข้าสู่ระบบ คุกกี้ป้องกันการปลอมแปลงคำขอ และคุกกี้ภาษาที่เลือก</p>`},
		{Title: "Cookie policy", Body: `<p>Visitors to the site receive no cookies at all.</p><p>Only staff who log in to the newsroom admin receive the cookies it needs to work: the login session, the request-forgery protection and the chosen language.</p>`},
	}},
	{Slug: SlugSecurityPolicy, Section: SectionSecurity, Text: [2]DefaultPageText{
		{Title: "นโยบายการรักษาความมั่นคงปลอดภัยเว็บไซต์", Body: `<p>มหาวิทยาลัยนครพนมรักษาความมั่นคงปลอดภัยของเว็บไซต์และข้อมูลของผู้ใช้ดังนี้</p>
<ul><li>ทุกหน้าส่งผ่านการเชื่อมต่อที่เข้ารหัส (HTTPS)</li><li>เจ้าหน้าที่เข้าสู่ระบบจัดการด้วยบัญชีของตนเอง รหัสผ่านเก็บแบบแฮช มีการจำกัดการลองรหัสผ่าน และแต่ละคนได้สิทธิ์เท่าที่หน้าที่ต้องใช้</li><li>ทุกการแก้ไขและการเผยแพร่ถูกบันทึกในบันทึกการดำเนินงาน และเก็บประวัติการแก้ไขไว้</li><li>ข้อมูลจราจรทางคอมพิวเตอร์เก็บไว้ไม่น้อยกว่า 90 วันตามกฎหมาย</li><li>ไฟล์ที่อัปโหลดถูกตรวจสอบชนิดจากเนื้อไฟล์ และภาพถูกลบข้อมูลตำแหน่ง (GPS)</li><li>สำรองข้อมูลเป็นประจำ และปรับปรุงซอฟต์แวร์เมื่อมีการแก้ไขช่องโหว่</li></ul>
<p>หากพบช่องโหว่หรือเนื้อหาที่ไม่เหมาะสม แจ้งงานประชาสัมพันธ์ทางอีเมล pr@npu.ac.th มหาวิทยาลัยจะนำเนื้อหาที่ผิดกฎหมายออกโดยเร็วตามมาตรา 15 แห่งพระราชบัญญัติว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์</p>`},
		{Title: "Website security policy", Body: `<p>Nakhon Phanom University protects this site and its users' data as follows.</p>
<ul><li>Every page is served over an encrypted connection (HTTPS).</li><li>Staff log in to the admin with their own accounts; passwords are stored hashed, login attempts are throttled and each person gets only the rights their work needs.</li><li>Every edit and publication is recorded in the action log, with the history of every change.</li><li>Traffic records are kept for at least 90 days as the law requires.</li><li>Uploaded files are checked by their content, and location data (GPS) is removed from photos.</li><li>Data is backed up regularly and software is updated when vulnerabilities are fixed.</li></ul>
<p>To report a vulnerability or unlawful content, e-mail Public Relations at pr@npu.ac.th. Unlawful content is taken down promptly under section 15 of the Computer Crime Act.</p>`},
	}},
	{Slug: SlugAccessibility, Section: SectionAccessibility, Text: accessibilityStatement},
	{Slug: SlugEService, Section: SectionEService, Text: [2]DefaultPageText{
		{Title: "บริการอิเล็กทรอนิกส์ (e-Service)", Body: `<p>บริการออนไลน์ของมหาวิทยาลัยนครพนมสำหรับนักศึกษา บุคลากร และประชาชน</p>`,
			Links: []PageLink{
				{Title: "สมัครเรียน (รับเข้านักศึกษา)", URL: "https://admission.npu.ac.th/"},
				{Title: "ระบบทะเบียนนักศึกษา", URL: "https://reg.npu.ac.th/"},
				{Title: "ห้องสมุดและฐานข้อมูลออนไลน์", URL: "https://library.npu.ac.th/"},
				{Title: "ระบบจัดซื้อจัดจ้างภาครัฐ (e-GP)", URL: "https://www.gprocurement.go.th/"},
			}},
		{Title: "e-Services", Body: `<p>Online services of Nakhon Phanom University for students, staff and the public.</p>`,
			Links: []PageLink{
				{Title: "Apply to study (admissions)", URL: "https://admission.npu.ac.th/"},
				{Title: "Student registration system", URL: "https://reg.npu.ac.th/"},
				{Title: "Library and online databases", URL: "https://library.npu.ac.th/"},
				{Title: "Government e-procurement (e-GP)", URL: "https://www.gprocurement.go.th/"},
			}},
	}},
}
