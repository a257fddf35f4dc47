"""Word banks for the benchmark corpus.

Every bank entry is an ``(en, id)`` pair, so one random draw gives the same
meaning in both languages: the Indonesian text is a rough translation of the
English one, as in a real bilingual briefing.
"""

TOPICS = [
    ("energy-transition", "Energy transition", "Transisi energi"),
    ("coal-phase-out", "Coal phase-out", "Penghentian batu bara"),
    ("nickel-downstreaming", "Nickel downstreaming", "Hilirisasi nikel"),
    ("palm-oil", "Palm oil", "Kelapa sawit"),
    ("deforestation", "Deforestation", "Deforestasi"),
    ("maritime-security", "Maritime security", "Keamanan maritim"),
    ("south-china-sea", "South China Sea", "Laut Cina Selatan"),
    ("fisheries", "Fisheries", "Perikanan"),
    ("capital-relocation", "Capital relocation", "Pemindahan ibu kota"),
    ("elections", "Elections", "Pemilihan umum"),
    ("decentralisation", "Decentralisation", "Desentralisasi"),
    ("anti-corruption", "Anti-corruption", "Pemberantasan korupsi"),
    ("press-freedom", "Press freedom", "Kebebasan pers"),
    ("digital-economy", "Digital economy", "Ekonomi digital"),
    ("data-protection", "Data protection", "Pelindungan data"),
    ("public-health", "Public health", "Kesehatan masyarakat"),
    ("food-security", "Food security", "Ketahanan pangan"),
    ("rice-prices", "Rice prices", "Harga beras"),
    ("infrastructure", "Infrastructure", "Infrastruktur"),
    ("high-speed-rail", "High-speed rail", "Kereta cepat"),
    ("trade-policy", "Trade policy", "Kebijakan perdagangan"),
    ("foreign-investment", "Foreign investment", "Investasi asing"),
    ("labour-law", "Labour law", "Hukum ketenagakerjaan"),
    ("migrant-workers", "Migrant workers", "Pekerja migran"),
    ("education-reform", "Education reform", "Reformasi pendidikan"),
    ("climate-finance", "Climate finance", "Pendanaan iklim"),
    ("disaster-response", "Disaster response", "Penanggulangan bencana"),
    ("volcanic-risk", "Volcanic risk", "Risiko gunung api"),
    ("urban-flooding", "Urban flooding", "Banjir perkotaan"),
    ("water-supply", "Water supply", "Penyediaan air"),
    ("indigenous-rights", "Indigenous rights", "Hak masyarakat adat"),
    ("land-reform", "Land reform", "Reforma agraria"),
    ("human-rights", "Human rights", "Hak asasi manusia"),
    ("defence-procurement", "Defence procurement", "Pengadaan pertahanan"),
    ("asean-diplomacy", "ASEAN diplomacy", "Diplomasi ASEAN"),
    ("tourism", "Tourism", "Pariwisata"),
    ("fiscal-policy", "Fiscal policy", "Kebijakan fiskal"),
    ("monetary-policy", "Monetary policy", "Kebijakan moneter"),
    ("mining-permits", "Mining permits", "Izin pertambangan"),
    ("renewable-energy", "Renewable energy", "Energi terbarukan"),
]

STATES = [
    ("indonesia", "Indonesia", "Indonesia"), ("malaysia", "Malaysia", "Malaysia"),
    ("singapore", "Singapore", "Singapura"), ("thailand", "Thailand", "Thailand"),
    ("philippines", "the Philippines", "Filipina"), ("vietnam", "Vietnam", "Vietnam"),
    ("cambodia", "Cambodia", "Kamboja"), ("laos", "Laos", "Laos"),
    ("myanmar", "Myanmar", "Myanmar"), ("brunei", "Brunei", "Brunei"),
    ("timor-leste", "Timor-Leste", "Timor Leste"),
    ("papua-new-guinea", "Papua New Guinea", "Papua Nugini"),
    ("australia", "Australia", "Australia"), ("new-zealand", "New Zealand", "Selandia Baru"),
    ("japan", "Japan", "Jepang"), ("south-korea", "South Korea", "Korea Selatan"),
    ("china", "China", "Tiongkok"), ("india", "India", "India"),
    ("united-states", "the United States", "Amerika Serikat"),
    ("united-kingdom", "the United Kingdom", "Britania Raya"),
    ("france", "France", "Prancis"), ("germany", "Germany", "Jerman"),
    ("netherlands", "the Netherlands", "Belanda"), ("norway", "Norway", "Norwegia"),
    ("russia", "Russia", "Rusia"), ("saudi-arabia", "Saudi Arabia", "Arab Saudi"),
    ("united-arab-emirates", "the United Arab Emirates", "Uni Emirat Arab"),
    ("turkiye", "Türkiye", "Turki"), ("brazil", "Brazil", "Brasil"),
    ("canada", "Canada", "Kanada"), ("south-africa", "South Africa", "Afrika Selatan"),
    ("egypt", "Egypt", "Mesir"), ("pakistan", "Pakistan", "Pakistan"),
    ("bangladesh", "Bangladesh", "Bangladesh"), ("qatar", "Qatar", "Qatar"),
    ("italy", "Italy", "Italia"), ("spain", "Spain", "Spanyol"),
    ("mexico", "Mexico", "Meksiko"), ("fiji", "Fiji", "Fiji"),
    ("sri-lanka", "Sri Lanka", "Sri Lanka"),
]

STATE_ROLES = [
    ("ASEAN member state", "Negara anggota ASEAN"),
    ("ASEAN dialogue partner", "Mitra wicara ASEAN"),
    ("G20 member", "Anggota G20"),
    ("Pacific Islands Forum member", "Anggota Forum Kepulauan Pasifik"),
    ("Major trading partner", "Mitra dagang utama"),
]

ORG_PREFIXES = [
    "Nusantara", "Archipelago", "Coral", "Equator", "Java", "Borneo", "Sulawesi",
    "Pacific", "Straits", "Monsoon", "Maluku", "Sunda", "Mekong", "Andaman",
]

ORG_KINDS = [
    ("Energy Council", "Dewan Energi"), ("Fisheries Alliance", "Aliansi Perikanan"),
    ("Workers' Union", "Serikat Pekerja"),
    ("Institute for Policy Studies", "Institut Kajian Kebijakan"),
    ("Development Bank", "Bank Pembangunan"), ("Environmental Forum", "Forum Lingkungan"),
    ("Press Council", "Dewan Pers"), ("Chamber of Commerce", "Kamar Dagang"),
    ("Mining Association", "Asosiasi Pertambangan"),
    ("Farmers' Cooperative", "Koperasi Petani"), ("Audit Agency", "Badan Audit"),
    ("Rights Monitor", "Pemantau Hak Asasi"), ("Port Authority", "Otoritas Pelabuhan"),
    ("Disaster Agency", "Badan Bencana"),
]

ORG_ROLES = [
    ("Industry association", "Asosiasi industri"),
    ("Civil-society organisation", "Organisasi masyarakat sipil"),
    ("Government agency", "Lembaga pemerintah"), ("Research institute", "Lembaga riset"),
    ("Regional body", "Badan regional"), ("Trade union", "Serikat buruh"),
]

GIVEN_NAMES = [
    "Adi", "Bayu", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko",
    "Kartika", "Lestari", "Made", "Nur", "Putri", "Rizky", "Sari", "Taufik", "Wulan",
    "Yusuf", "Agus", "Budi", "Rina", "Siti", "Teguh", "Ayu", "Dimas", "Hana", "Irfan",
    "Laila", "Maria", "James", "Kenji", "Mei", "Arjun", "Sofia", "Lucas", "Amira",
]

FAMILY_NAMES = [
    "Santoso", "Wijaya", "Hidayat", "Pratama", "Saputra", "Nugroho", "Kusuma",
    "Siregar", "Simanjuntak", "Nasution", "Harahap", "Wibowo", "Setiawan", "Gunawan",
    "Halim", "Lubis", "Sitompul", "Rahman", "Tanaka", "Reyes", "Tan", "Okafor",
]

PORTFOLIOS = [
    ("Finance", "Keuangan"), ("Energy", "Energi"), ("Foreign Affairs", "Luar Negeri"),
    ("Trade", "Perdagangan"), ("Health", "Kesehatan"), ("Maritime Affairs", "Kelautan"),
    ("Environment", "Lingkungan Hidup"), ("Education", "Pendidikan"),
    ("Home Affairs", "Dalam Negeri"), ("Agriculture", "Pertanian"),
]

PERSON_ROLES = [
    ("Minister of {p}", "Menteri {p}"), ("Deputy Minister of {p}", "Wakil Menteri {p}"),
    ("Member of parliament", "Anggota parlemen"), ("Provincial governor", "Gubernur provinsi"),
    ("Spokesperson", "Juru bicara"), ("Chief economist", "Kepala ekonom"),
    ("Ambassador", "Duta besar"), ("Researcher", "Peneliti"), ("Activist", "Aktivis"),
    ("Central bank governor", "Gubernur bank sentral"), ("Mayor", "Wali kota"),
]

OUTLETS = [
    "The Jakarta Ledger", "Harian Nusantara", "Kabar Timur", "Straits Review",
    "Warta Ekonomi Kita", "Pacific Wire", "Suara Daerah", "Equator Times",
    "Majalah Pekan Ini", "Monsoon Post", "Berita Pesisir", "The Archipelago Monitor",
]

MONTHS = [
    ("January", "Januari"), ("February", "Februari"), ("March", "Maret"),
    ("April", "April"), ("May", "Mei"), ("June", "Juni"), ("July", "Juli"),
    ("August", "Agustus"), ("September", "September"), ("October", "Oktober"),
    ("November", "November"), ("December", "Desember"),
]

NOUNS = [
    ("policy", "kebijakan"), ("agreement", "kesepakatan"), ("proposal", "usulan"),
    ("budget", "anggaran"), ("report", "laporan"), ("regulation", "peraturan"),
    ("framework", "kerangka kerja"), ("roadmap", "peta jalan"),
    ("investigation", "penyelidikan"), ("programme", "program"),
    ("partnership", "kemitraan"), ("reform", "reformasi"), ("plan", "rencana"),
    ("review", "tinjauan"), ("moratorium", "moratorium"), ("subsidy scheme", "skema subsidi"),
    ("tax incentive", "insentif pajak"), ("export ban", "larangan ekspor"),
    ("licensing rule", "aturan perizinan"), ("audit", "audit"),
]

ADJECTIVES = [
    ("new", "baru"), ("controversial", "kontroversial"),
    ("long-awaited", "yang lama dinantikan"), ("regional", "regional"),
    ("ambitious", "ambisius"), ("revised", "yang direvisi"), ("joint", "bersama"),
    ("preliminary", "awal"), ("comprehensive", "komprehensif"), ("national", "nasional"),
    ("temporary", "sementara"), ("binding", "yang mengikat"), ("costly", "mahal"),
]

VERBS = [
    ("announced", "mengumumkan"), ("rejected", "menolak"), ("endorsed", "mendukung"),
    ("criticised", "mengkritik"), ("published", "menerbitkan"), ("delayed", "menunda"),
    ("proposed", "mengusulkan"), ("signed", "menandatangani"), ("reviewed", "meninjau"),
    ("questioned", "mempertanyakan"), ("defended", "membela"),
    ("welcomed", "menyambut baik"), ("unveiled", "meluncurkan"),
    ("approved", "menyetujui"), ("suspended", "menangguhkan"),
]

HEADLINE_VERBS = [
    ("announces", "umumkan"), ("rejects", "tolak"), ("backs", "dukung"),
    ("criticises", "kritik"), ("delays", "tunda"), ("proposes", "usulkan"),
    ("signs", "teken"), ("reviews", "tinjau"), ("questions", "pertanyakan"),
    ("defends", "bela"), ("unveils", "luncurkan"), ("approves", "setujui"),
]

TIMES = [
    ("on Tuesday", "pada hari Selasa"), ("last week", "pekan lalu"),
    ("earlier this month", "awal bulan ini"), ("on Friday", "pada hari Jumat"),
    ("after months of talks", "setelah berbulan-bulan perundingan"),
    ("late on Monday", "Senin malam"), ("this morning", "pagi ini"),
    ("at a closed-door meeting", "dalam rapat tertutup"),
]

UNITS = [
    ("households", "rumah tangga"), ("workers", "pekerja"), ("companies", "perusahaan"),
    ("villages", "desa"), ("schools", "sekolah"), ("hectares of forest", "hektare hutan"),
    ("fishing vessels", "kapal nelayan"), ("students", "pelajar"), ("clinics", "klinik"),
]

CLAUSES = [
    ("lacked a clear timetable", "tidak memiliki jadwal yang jelas"),
    ("would favour large companies", "akan menguntungkan perusahaan besar"),
    ("ignored local communities", "mengabaikan masyarakat setempat"),
    ("was drafted without consultation", "disusun tanpa konsultasi"),
    ("could strain public finances", "dapat membebani keuangan negara"),
    ("left key questions unanswered", "menyisakan pertanyaan penting"),
    ("relied on outdated data", "bergantung pada data yang usang"),
    ("moved too slowly", "berjalan terlalu lambat"),
]

PROGRESS = [
    ("were making steady progress", "menunjukkan kemajuan yang stabil"),
    ("had stalled", "menemui jalan buntu"),
    ("would resume next month", "akan dilanjutkan bulan depan"),
    ("remained at an early stage", "masih berada pada tahap awal"),
    ("were close to a conclusion", "hampir mencapai kesimpulan"),
]

CURRENCIES = [
    ("trillion rupiah", "triliun rupiah"), ("billion dollars", "miliar dolar"),
    ("million euros", "juta euro"),
]

DEMANDS = [
    ("greater transparency", "transparansi yang lebih besar"),
    ("an independent audit", "audit independen"),
    ("closer cooperation with neighbouring states",
     "kerja sama yang lebih erat dengan negara tetangga"),
    ("a moratorium on new permits", "moratorium izin baru"),
    ("more funding for local governments", "tambahan dana bagi pemerintah daerah"),
    ("a public hearing", "rapat dengar pendapat umum"),
    ("stronger protection for workers", "perlindungan yang lebih kuat bagi pekerja"),
]

CONNECTORS = [
    ("Meanwhile", "Sementara itu"), ("At the same time", "Pada saat yang sama"),
    ("Since then", "Sejak saat itu"), ("In recent years", "Dalam beberapa tahun terakhir"),
    ("Nevertheless", "Meskipun demikian"), ("By contrast", "Sebaliknya"),
]

SHIFTS = [
    ("intensified", "semakin memanas"),
    ("shifted towards enforcement", "bergeser ke arah penegakan hukum"),
    ("become more polarised", "menjadi semakin terpolarisasi"),
    ("drawn international attention", "menarik perhatian internasional"),
    ("moved to the courts", "beralih ke pengadilan"), ("quietened", "mereda"),
]

METRICS = [
    ("exports", "ekspor"), ("public spending", "belanja publik"),
    ("deforestation", "deforestasi"), ("coal output", "produksi batu bara"),
    ("tourist arrivals", "kedatangan wisatawan"), ("rice prices", "harga beras"),
    ("foreign investment", "investasi asing"), ("unemployment", "pengangguran"),
]

CHANGES = [("rose", "naik"), ("fell", "turun"), ("grew", "tumbuh"), ("declined", "menurun")]

QUOTES = [
    ("We will not accept a deal that harms our citizens",
     "Kami tidak akan menerima kesepakatan yang merugikan warga kami"),
    ("This is a turning point for the region", "Ini adalah titik balik bagi kawasan ini"),
    ("The numbers speak for themselves", "Angka-angka itu berbicara sendiri"),
    ("We need more time to study the proposal",
     "Kami membutuhkan lebih banyak waktu untuk mempelajari usulan ini"),
    ("Nobody should be left behind", "Tidak seorang pun boleh tertinggal"),
    ("The law must apply to everyone equally", "Hukum harus berlaku sama bagi semua orang"),
]

HEADINGS = [
    ("Background", "Latar belakang"), ("What happened", "Apa yang terjadi"),
    ("Reactions", "Tanggapan"), ("Key figures", "Angka kunci"),
    ("What comes next", "Langkah selanjutnya"), ("Context", "Konteks"),
    ("Analysis", "Analisis"), ("Regional implications", "Implikasi regional"),
    ("The numbers", "Angka-angkanya"), ("Open questions", "Pertanyaan terbuka"),
]

SEE_ALSO = ("See also", "Lihat juga")
TABLE_HEAD = (("Year", "Metric", "Change"), ("Tahun", "Indikator", "Perubahan"))
SITE_TITLE = ("Archipelago Briefing (benchmark)", "Briefing Nusantara (tolok ukur)")
SITE_DESCRIPTION = (
    "A generated corpus used to benchmark static site generators.",
    "Korpus buatan untuk mengukur kinerja generator situs statis.",
)
