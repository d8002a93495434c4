package demo

// This file is the demo's people and words: the featured accounts, and the
// names, bios and posts the generated ones are made of.

// demoPersona is one of the featured accounts.
type demoPersona struct {
	username, name, bio string
	// kind says who they are: journalist, news_media, politician, activist,
	// citizen or other; the order names some of them, and declines by kind.
	kind string
	// named: the order names the account.
	named bool
}

// demoPersonas are the featured accounts: they post, follow each other and are
// followed. About half are named in the order.
var demoPersonas = []demoPersona{
	{"meera_reports", "Meera Nair", "Reporter, The Deccan Ledger. Rivers, land and the people who live by them.", "journalist", true},
	{"arjun_on_record", "Arjun Bhatt", "Investigative journalist. Tips: DM for Signal.", "journalist", true},
	{"fatima_writes", "Fatima Sheikh", "Freelance journalist covering courts and civil liberties.", "journalist", true},
	{"deccan_ledger", "The Deccan Ledger", "Independent news from South India since 1952.", "news_media", true},
	{"valley_times", "Karun Valley Times", "Local news for the Karun Valley. Corrections: corrections@valleytimes.example", "news_media", true},
	{"news_hour_live", "News Hour Live", "Breaking news, live, around the clock.", "news_media", true},
	{"mla_rao", "K. Srinivasa Rao", "Member of the Legislative Assembly, Karun North. Official account.", "politician", true},
	{"priya_for_ward12", "Priya Menon", "City councillor, Ward 12. Potholes reported here get fixed.", "politician", true},
	{"opposition_leader", "Rahul Deshmukh", "Leader of the Opposition. Views are my own.", "politician", true},
	{"save_the_valley", "Save The Valley", "Farmers, fishers and families of the Karun Valley against the dam. #SaveTheValley", "activist", true},
	{"kavya_green", "Kavya Iyer", "Environmental lawyer and activist. The river has rights too.", "activist", true},
	{"river_keeper", "Joseph Thomas", "Fisherman. Third generation on the Karun.", "activist", true},
	{"valley_diaries", "Lakshmi Gowda", "Farmer, mother, reluctant tweeter. Posting from the valley.", "citizen", true},
	{"chai_and_dissent", "Nikhil Verma", "Satire. Nothing here is true, least of all the ministers' quotes.", "citizen", true},
	{"anon_valley_voice", "Valley Voice", "Anonymous. Photos from the protest camp.", "citizen", true},
	{"student_union_ku", "KU Students' Union", "Students' Union, Karun University.", "activist", true},
	{"dr_anand", "Dr. Anand Kulkarni", "Hydrologist. I model floods so you don't have to.", "citizen", true},
	{"sita_photos", "Sita Raman", "Photographer. Monsoon, markets, faces.", "citizen", true},
	{"bengaluru_biker", "Imran Khan", "Commuting on two wheels. #bengaluru", "citizen", true},
	{"the_karun_poet", "Ananya Das", "Poems about water. Sometimes about dams.", "citizen", true},
	{"rohan_codes", "Rohan Gupta", "Go, Postgres and too much coffee. #opensource", "other", false},
	{"aditi_bakes", "Aditi Kapoor", "Sourdough evangelist. Flour on everything.", "other", false},
	{"cricket_crazy", "Vikram Singh", "Test cricket is the only cricket. #cricket", "other", false},
	{"neha_travels", "Neha Joshi", "Slow travel, trains and tea estates.", "other", false},
	{"old_delhi_eats", "Farhan Qureshi", "Where to eat in Old Delhi, one paratha at a time. #delhi", "other", false},
	{"ishaan_music", "Ishaan Malhotra", "Sitar, synths and the space between.", "other", false},
	{"birdwatch_india", "Birdwatch India", "Citizen science: what did you see today? #birds", "other", false},
	{"maya_teaches", "Maya Pillai", "Maths teacher. Fractions are friends.", "other", false},
	{"sunil_farms", "Sunil Patil", "Organic farming, soil first.", "other", false},
	{"tanvi_reads", "Tanvi Shah", "Reading 52 books this year. Currently: too many.", "other", false},
	{"monsoon_watch", "Monsoon Watch", "Rainfall updates from volunteers across India. #monsoon", "other", false},
	{"kiran_runs", "Kiran Reddy", "Marathons, mostly slowly.", "other", false},
	{"zara_designs", "Zara Ali", "Type designer. Devanagari and Latin.", "other", false},
	{"pune_foodie", "Omkar Jadhav", "Misal pav rankings, fiercely contested. #pune", "other", false},
	{"ayesha_law", "Ayesha Siddiqui", "Law student. Constitutional law nerd.", "other", false},
	{"hari_astro", "Hari Prasad", "Amateur astronomer. Clear skies!", "other", false},
	{"gita_gardens", "Gita Bose", "Balcony gardens in small flats.", "other", false},
	{"dev_ops_dad", "Devendra Mishra", "On call, on coffee, on the school run.", "other", false},
	{"priyanka_paints", "Priyanka Chatterjee", "Watercolours of Kolkata trams.", "other", false},
	{"rail_fan_rahul", "Rahul Nair", "Locomotives, timetables, the 12951.", "other", false},
	{"swati_science", "Swati Agarwal", "Science communicator. Ask me about vaccines.", "other", false},
	{"mumbai_monsoon", "Aamir Sayed", "Rain, traffic and vada pav. #mumbai", "other", false},
	{"chess_with_anu", "Anu Krishnan", "Chess coach. 1.d4 forever.", "other", false},
	{"green_commute", "Pooja Yadav", "Buses, bikes and better cities.", "other", false},
	{"the_spice_trail", "Thomas Mathew", "Pepper, cardamom and the history of both.", "other", false},
	{"yoga_with_ravi", "Ravi Shankar Iyer", "Morning yoga, evening filter coffee.", "other", false},
	{"retro_games_in", "Siddharth Rao", "8-bit forever.", "other", false},
	{"kolkata_books", "Debjani Sen", "College Street finds.", "other", false},
	{"agora_news", "agora", "News about this server.", "other", false},
	{"weekend_hiker", "Sanjay Negi", "Western Ghats on weekends.", "other", false},
}

// Names the generated accounts are made of.
var (
	demoFirst = []string{"aarav", "vivaan", "aditya", "vihaan", "arjun", "sai", "reyansh", "ayaan", "krishna", "ishaan",
		"ananya", "diya", "aadhya", "saanvi", "pari", "kavya", "myra", "anika", "navya", "riya",
		"rahul", "amit", "sneha", "pooja", "vikas", "neha", "suresh", "lakshmi", "ganesh", "meena",
		"farah", "imran", "joseph", "mary", "harpreet", "gurpreet", "tenzin", "bhavna", "karthik", "divya"}
	demoLast = []string{"sharma", "verma", "iyer", "nair", "reddy", "patel", "gowda", "rao", "das", "singh",
		"khan", "thomas", "menon", "pillai", "kulkarni", "joshi", "desai", "bose", "sen", "ghosh",
		"yadav", "mishra", "shetty", "hegde", "naidu", "bhat", "kamath", "dsouza", "fernandes", "gill"}
	demoBios = []string{"Farmer from the Karun Valley.", "Student. Opinions my own.", "Teacher, runner, chai enthusiast.",
		"Fisher. The river feeds us.", "Nurse at the district hospital.", "Retired bank clerk. Grandfather of three.",
		"Engineering student, Karun University.", "Small shop, big dreams.", "Bus driver on route 42.",
		"Weaver. Handloom saris to order.", ""}
	demoTopics = []string{
		"Morning fog over the paddy fields again. #monsoon",
		"Anyone else think the new metro line is actually on time? #bengaluru",
		"Best filter coffee in town, fight me. #chai",
		"Test match day five and it's raining. Of course. #cricket",
		"Released a small Go library for parsing CSVs with comments. #opensource",
		"Saw a Malabar pied hornbill this morning! #birds",
		"The library is open late this week for exams.",
		"Power cut for three hours. Reading by candlelight like it's 1995.",
		"Mango season is the only season. #summer",
		"Trains are the best way to see this country. #travel",
	}
	demoValley = []string{
		"The dam would flood 40 villages. Where do the families go? #SaveTheValley",
		"Day 30 at the protest camp. Still peaceful, still here. #SaveTheValley",
		"The environmental impact report skips the fish ladders entirely. #SaveTheValley #KarunDam",
		"Photos from today's march: thousands walked from the bridge to the collectorate. #SaveTheValley",
		"Our grandparents farmed this land. We will not sell it. #SaveTheValley",
		"Public hearing postponed for the third time. Why? #KarunDam",
	}
)
