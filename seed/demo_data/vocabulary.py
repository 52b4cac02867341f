"""The words the demo records are made of: places, ministries, names, titles, topics.

Plain data, no logic: the generator draws from these lists with its seeded random
source, so changing a list (or its order) changes what a given seed writes.
"""

from meetings.models import Organisation, Participation
from programmes.models import Discussion, Programme

HOSTS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "JP"]

CITIES = {
    "BN": ["Bandar Seri Begawan"],
    "KH": ["Phnom Penh", "Siem Reap"],
    "ID": ["Jakarta", "Surabaya", "Denpasar", "Yogyakarta"],
    "LA": ["Vientiane", "Luang Prabang"],
    "MY": ["Kuala Lumpur", "Putrajaya", "Penang"],
    "MM": ["Nay Pyi Taw", "Yangon"],
    "PH": ["Manila", "Cebu", "Davao"],
    "SG": ["Singapore"],
    "TH": ["Bangkok", "Chiang Mai", "Hua Hin"],
    "VN": ["Hanoi", "Ho Chi Minh City", "Đà Nẵng", "Huế"],
    "JP": ["Tokyo", "Kitakyushu", "Yokohama", "Kyoto", "Osaka"],
}

VENUES = [
    "{city} International Convention Centre",
    "Grand Hotel {city}",
    "{city} Marriott Hotel",
    "National Convention Center, {city}",
    "Sheraton {city}",
    "",
]

ENVIRONMENT_MINISTRY = {
    "BN": "Ministry of Development",
    "KH": "Ministry of Environment",
    "ID": "Ministry of Environment and Forestry",
    "LA": "Ministry of Natural Resources and Environment",
    "MY": "Ministry of Natural Resources and Environmental Sustainability",
    "MM": "Ministry of Natural Resources and Environmental Conservation",
    "PH": "Department of Environment and Natural Resources",
    "SG": "Ministry of Sustainability and the Environment",
    "TH": "Ministry of Natural Resources and Environment",
    "VN": "Ministry of Natural Resources and Environment",
    "JP": "Ministry of the Environment",
}

NATIONAL_BODIES = [
    ("Ministry of Foreign Affairs", Organisation.Kind.MINISTRY),
    ("Pollution Control Department", Organisation.Kind.MINISTRY),
    ("Department of Climate Change", Organisation.Kind.MINISTRY),
    ("National Environment Agency", Organisation.Kind.OTHER),
    ("Institute of Environmental Research", Organisation.Kind.OTHER),
]

INTERNATIONAL_BODIES = [
    ("ASEAN Secretariat", "ASEC", Organisation.Kind.SECRETARIAT, None),
    ("ASEAN Centre for Biodiversity", "ACB", Organisation.Kind.INTERGOVERNMENTAL, "PH"),
    ("United Nations Environment Programme, Asia and the Pacific Office", "UNEP",
     Organisation.Kind.INTERGOVERNMENTAL, "TH"),
    ("Asian Development Bank", "ADB", Organisation.Kind.INTERGOVERNMENTAL, "PH"),
    ("Institute for Global Environmental Strategies", "IGES", Organisation.Kind.OTHER, "JP"),
    ("Japan International Cooperation Agency", "JICA", Organisation.Kind.OTHER, "JP"),
    ("Economic Research Institute for ASEAN and East Asia", "ERIA",
     Organisation.Kind.INTERGOVERNMENTAL, "ID"),
    ("Japan-ASEAN Integration Fund Management Team", "JAIF MT", Organisation.Kind.FUND, "ID"),
]  # fmt: skip

# (given names, family names, family name first)
NAMES = {
    "BN": (["Haji Mohd", "Dayang", "Awang", "Siti Rafidah", "Hajah Norhayati", "Abdul Rahim",
            "Nur Amalina", "Pengiran Hashim", "Haji Zainal", "Norliza"],
           ["bin Haji Ismail", "binti Abdullah", "bin Osman", "binti Hamid", "bin Yakub",
            "bin Haji Tahir", "binti Jaafar", "bin Metussin"], False),
    "KH": (["Sophal", "Dara", "Sreymom", "Vuthy", "Chanthy", "Bopha", "Rithy", "Sokha", "Piseth",
            "Kanha", "Samnang", "Visal"],
           ["Sok", "Chan", "Keo", "Heng", "Meas", "Prak", "Chea", "Ly", "Kim", "Touch", "Srey",
            "Nhem"], True),
    "ID": (["Siti", "Budi", "Dewi", "Agus", "Rina", "Bambang", "Sri", "Hendra", "Wahyu", "Nurul",
            "Rizal", "Indah", "Tri", "Yuli"],
           ["Santoso", "Wijaya", "Gunawan", "Hidayat", "Saputra", "Kusuma", "Pratama",
            "Setiawan", "Rahman", "Susanto", "Lestari", "Handayani"], False),
    "LA": (["Bounmy", "Khamphone", "Somphone", "Vilayvanh", "Phonesavanh", "Souksavanh",
            "Chanthala", "Bounthavy", "Sisouk", "Khampheng"],
           ["Phommasack", "Vongsa", "Sayavong", "Keomany", "Inthavong", "Souvannavong",
            "Chanthavong", "Phommachanh", "Sengdara", "Luangrath"], False),
    "MY": (["Ahmad", "Azman", "Nor Aini", "Siti Hajar", "Zulkifli", "Hafiz", "Rosnah", "Kamal",
            "Wei Ming", "Mei Ling", "Kavitha", "Rajesh"],
           ["Ismail", "Hassan", "Abdullah", "Rahman", "Yusof", "Omar", "Lim", "Tan", "Wong",
            "Ibrahim", "Subramaniam"], False),
    "MM": (["Aung", "Khin", "Thida", "Kyaw", "Su", "Zaw", "Hla", "Tin", "Nyein", "Mya", "Win",
            "Thet"],
           ["Myint", "Win", "Htun", "Oo", "Thein", "Naing", "Lwin", "Soe", "Aye", "Thant",
            "Kyaw Zin", "Myat Mon"], False),
    "PH": (["Maria", "Jose", "Ana", "Ramon", "Teresa", "Antonio", "Cristina", "Roberto",
            "Elena", "Miguel", "Rosario", "Emmanuel"],
           ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Torres", "Villanueva",
            "Ramos", "Aquino", "Dela Cruz", "Fernandez"], False),
    "SG": (["Wei Ling", "Jun Jie", "Mei Hua", "Kelvin", "Rachel", "Siew Lan", "Marcus", "Priya",
            "Ravi", "Hui Min", "Benjamin", "Grace"],
           ["Tan", "Lim", "Lee", "Ng", "Ong", "Chua", "Goh", "Koh", "Teo", "Kumar", "Chong"],
           False),
    "TH": (["Somchai", "Suchart", "Pornthip", "Wanchai", "Kanokwan", "Nattapong", "Siriporn",
            "Prasert", "Arunee", "Chatchai", "Kittisak", "Malee"],
           ["Wongsawat", "Srisuk", "Chaiyaporn", "Boonmee", "Rattanakorn", "Thongchai",
            "Suwannarat", "Phromma", "Kaewkla", "Charoenphol", "Chaiwong"], False),
    "VN": (["Văn An", "Thị Lan", "Minh Tuấn", "Thanh Hải", "Quốc Hùng", "Thị Mai", "Đức Nam",
            "Thị Phương", "Văn Bình", "Thu Thảo", "Ngọc Linh", "Hoàng Yến"],
           ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Bùi", "Ngô", "Dương", "Võ", "Phan"],
           True),
    "JP": (["Hiroshi", "Takeshi", "Kenji", "Yuko", "Akiko", "Naoko", "Masaru", "Satoshi",
            "Keiko", "Tomoko", "Kazuhiro", "Yoshiko", "Daisuke", "Mariko", "Shinji"],
           ["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
            "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue"], False),
}  # fmt: skip

HONORIFICS = ["Mr.", "Ms.", "Dr.", "H.E.", "Prof.", ""]
HONORIFIC_WEIGHTS = [40, 35, 12, 6, 3, 4]

TITLES = {
    "senior": [
        "Minister of Natural Resources and Environment",
        "Vice-Minister for Global Environmental Affairs",
        "Parliamentary Vice-Minister of the Environment",
        "Permanent Secretary",
        "Director-General, Environmental Management Bureau",
        "Deputy Director-General, Pollution Control Department",
        "Director-General, Global Environment Bureau",
    ],
    "officer": [
        "Director, International Cooperation Division",
        "Deputy Director, Climate Change Office",
        "Senior Officer, Environment Division",
        "Assistant Secretary, Policy and Planning",
        "Technical Officer, Waste Management Section",
        "Head, Biodiversity Conservation Unit",
        "Principal Assistant Secretary, Environmental Policy",
    ],
    "expert": [
        "Senior Researcher",
        "Professor of Environmental Engineering",
        "Programme Officer",
        "Senior Policy Researcher",
        "Team Leader, Sustainable Cities",
    ],
}
ROLE_TITLES = {
    Participation.Role.CHAIR: "senior",
    Participation.Role.CO_CHAIR: "senior",
    Participation.Role.HEAD_OF_DELEGATION: "senior",
    Participation.Role.DELEGATE: "officer",
    Participation.Role.SPEAKER: "expert",
    Participation.Role.OBSERVER: "expert",
}
OTHER_ROLES = [
    Participation.Role.HEAD_OF_DELEGATION,
    Participation.Role.DELEGATE,
    Participation.Role.SPEAKER,
    Participation.Role.OBSERVER,
]
OTHER_ROLE_WEIGHTS = [20, 55, 15, 10]

# Series names: "<partners> <format> <topic>"; short names "<partners> <topic> <format>".
PARTNERS = ["Japan-ASEAN", "ASEAN+3", "East Asia Summit", "Mekong-Japan", "ASEAN",
            "Asia-Pacific", "Southeast Asia", "ASEAN-Japan", "BIMP-EAGA",
            "Japan-Mekong"]  # fmt: skip
FORMATS = [
    ("Dialogue on", "Dialogue"),
    ("Policy Dialogue on", "Policy Dialogue"),
    ("Forum on", "Forum"),
    ("Ministerial Meeting on", "Ministerial Meeting"),
    ("Working Group on", "Working Group"),
    ("High-Level Seminar on", "Seminar"),
]
TOPICS = [
    ("Environmental Cooperation", "Environment"),
    ("Climate Change", "Climate"),
    ("Marine Plastic Litter", "Marine Litter"),
    ("Biodiversity", "Biodiversity"),
    ("Sustainable Cities", "Cities"),
    ("Water Resources Management", "Water"),
    ("Chemicals and Waste", "Chemicals"),
    ("Clean Air", "Clean Air"),
    ("Environmental Education", "Education"),
    ("the Circular Economy", "Circular Economy"),
    ("Low-Carbon Growth", "Low Carbon"),
    ("Disaster Waste Management", "Disaster Waste"),
]

# Programme names: "<region> <subject> <noun>"; each subject belongs to a seed theme.
REGIONS = ["Japan-ASEAN", "ASEAN", "ASEAN+3", "East Asia", "Mekong", "Southeast Asian",
           "Asia-Pacific", "Regional", "ASEAN-Japan", "Japan-Mekong"]  # fmt: skip
SUBJECTS = [
    ("Mercury Monitoring", "chemicals-and-mercury"),
    ("Chemical Safety", "chemicals-and-mercury"),
    ("Hazardous Waste", "chemicals-and-mercury"),
    ("Marine Plastic Debris", "waste-and-3r"),
    ("3R Promotion", "waste-and-3r"),
    ("E-waste Management", "waste-and-3r"),
    ("Food Loss and Waste Reduction", "waste-and-3r"),
    ("Sound Material-Cycle Society", "waste-and-3r"),
    ("Low Carbon Cities", "sustainable-cities"),
    ("Environmentally Sustainable Cities", "sustainable-cities"),
    ("Urban Air Quality", "sustainable-cities"),
    ("Green Public Procurement", "sustainable-development"),
    ("Eco-labelling", "sustainable-development"),
    ("Environmental Impact Assessment", "sustainable-development"),
    ("Environmental Law Enforcement", "sustainable-development"),
    ("Wetland Conservation", "biodiversity"),
    ("Urban Biodiversity", "biodiversity"),
    ("Coral Reef Protection", "biodiversity"),
    ("Mangrove Rehabilitation", "biodiversity"),
    ("Heritage Parks", "biodiversity"),
    ("Invasive Species Control", "biodiversity"),
    ("Taxonomy Capacity Building", "biodiversity"),
    ("Water Quality Management", "water"),
    ("Wastewater Treatment", "water"),
    ("River Basin Management", "water"),
    ("Sanitation", "water"),
    ("Climate Change Adaptation", "climate-change"),
    ("Greenhouse Gas Inventory", "climate-change"),
    ("Joint Crediting", "climate-change"),
    ("Peatland Fire Prevention", "climate-change"),
    ("Transboundary Haze Monitoring", "climate-change"),
    ("Sustainable Transport", "transport"),
    ("Clean Vehicles", "transport"),
    ("Eco-School", "environmental-education"),
    ("Environmental Education", "environmental-education"),
    ("Youth Environmental Leadership", "environmental-education"),
]
NOUNS = {
    Programme.Kind.PROGRAMME: ["Programme", "Cooperation Programme", "Capacity Building Programme"],
    Programme.Kind.PROJECT: ["Project", "Pilot Project", "Workshop", "Training Course"],
    Programme.Kind.INITIATIVE: ["Initiative", "Partnership Initiative"],
    Programme.Kind.FORUM: ["Forum", "High-Level Forum", "Roundtable"],
    Programme.Kind.NETWORK: ["Network", "Knowledge Network", "Research Network"],
    Programme.Kind.MECHANISM: ["Mechanism", "Facility"],
    Programme.Kind.AGREEMENT: ["Framework", "Declaration", "Action Plan"],
}
KIND_WEIGHTS = [30, 30, 12, 8, 8, 6, 6]  # in NOUNS' order
PHASES = ["Phase II", "Phase III", "Phase IV", "Phase V"]

DEMO_FUNDS = [
    ("Japan Fund for Environmental Partnership", "JFEP"),
    ("ASEAN Environment Trust Fund", "AETF"),
    ("Mekong Green Growth Facility", "MGGF"),
    ("East Asia Low Carbon Fund", "EALCF"),
]

OUTLINE_SENTENCES = [
    "The meeting reviewed progress on {a} and {b}.",
    "Participants shared national experiences in {a}, and noted the need for better data.",
    "The meeting agreed to strengthen cooperation on {a} through joint activities.",
    "Japan introduced its support for {a} under the Japan-ASEAN Integration Fund.",
    "Delegates welcomed the report on {b} and asked the secretariat to circulate it.",
    "The chair summarised the discussion on {a} and proposed follow-up for the next meeting.",
    "Member States were invited to nominate focal points for {b}.",
]
DISCUSSION_NOTES = {
    Discussion.Stage.PROPOSED: ["Proposed by {who}.", "{who} introduced a concept note."],
    Discussion.Stage.CONSIDERED: ["Considered; members asked for a revised proposal.", ""],
    Discussion.Stage.APPROVED: ["Approved for funding.", "Endorsed by the meeting.", ""],
    Discussion.Stage.PROGRESS_REPORTED: [
        "{who} reported on activities in the past year.",
        "Progress reported; a workshop is planned.",
        "",
    ],
    Discussion.Stage.EVALUATED: ["An evaluation report was presented.", ""],
    Discussion.Stage.COMPLETED: ["Reported as completed; the final report was shared.", ""],
}
DISCUSSION_HOSTS = ["ASEAN Secretariat", "Japan", "Thailand", "Viet Nam", "Indonesia"]
