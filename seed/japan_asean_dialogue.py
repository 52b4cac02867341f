"""Every fact of the Ministry of the Environment's page on the Japan-ASEAN Dialogue.

The record this site replaces, loaded by ``load_seed`` (source kept outside the repository
at ``shared/seed/japan-asean-dialogue-page.txt``). The page's wording is kept, bar its
obvious typos ("Forth", "apan", "counties"); dates keep the page's precision ("(2008.3)"
is March 2008). Nothing is invented: what the page does not say stays empty.
Japanese (the ``*_JA`` tables, ``name_ja`` keys) only where a name is established (the
ministry's own Japanese pages, official titles); numbered dialogues' Japanese titles are
derived from the series' short name, as the English ones are.
"""

ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]

COUNTRIES = [
    # code, name as the page writes it, slug, ASEAN member
    ("BN", "Brunei Darussalam", "brunei-darussalam", True),
    ("KH", "Cambodia", "cambodia", True),
    ("ID", "Indonesia", "indonesia", True),
    ("LA", "Lao PDR", "lao-pdr", True),
    ("MY", "Malaysia", "malaysia", True),
    ("MM", "Myanmar", "myanmar", True),
    ("PH", "Philippines", "philippines", True),
    ("SG", "Singapore", "singapore", True),
    ("TH", "Thailand", "thailand", True),
    ("VN", "Viet Nam", "viet-nam", True),
    ("JP", "Japan", "japan", False),
    # The ASEAN Plus Three forum (Fourth Dialogue) brings in China and Korea.
    ("CN", "China", "china", False),
    ("KR", "Republic of Korea", "republic-of-korea", False),
]

# The countries' names in Japanese, as the Ministry of Foreign Affairs writes them.
COUNTRY_NAMES_JA = {
    "BN": "ブルネイ",
    "KH": "カンボジア",
    "ID": "インドネシア",
    "LA": "ラオス",
    "MY": "マレーシア",
    "MM": "ミャンマー",
    "PH": "フィリピン",
    "SG": "シンガポール",
    "TH": "タイ",
    "VN": "ベトナム",
    "JP": "日本",
    "CN": "中国",
    "KR": "韓国",
}

ORGANISATIONS = [
    # slug, name, acronym, kind, country code
    ("ministry-of-the-environment-japan", "Ministry of the Environment, Japan", "MOEJ", "ministry", "JP"),
    ("asean", "Association of Southeast Asian Nations", "ASEAN", "intergovernmental", None),
    ("east-asia-summit", "East Asia Summit", "EAS", "intergovernmental", None),
    ("city-of-surabaya", "City of Surabaya", "", "city", "ID"),
    ("city-of-kitakyushu", "City of Kitakyushu", "", "city", "JP"),
]  # fmt: skip

ORGANISATION_NAMES_JA = {
    "ministry-of-the-environment-japan": "環境省",
    "asean": "東南アジア諸国連合",
    "east-asia-summit": "東アジア首脳会議",
    "city-of-surabaya": "スラバヤ市",
    "city-of-kitakyushu": "北九州市",
}

PEOPLE = [
    # slug, name, honorific
    ("kozo-akino", "Kozo Akino", "Mr."),
    ("tri-rismaharini", "Tri Rismaharini", "Ms."),
]

# People's names in Japanese, as the ministry writes them.
PERSON_NAMES_JA = {
    "kozo-akino": "秋野公造",
}

THEMES = [
    ("sustainable-cities", "Sustainable cities"),
    ("biodiversity", "Biodiversity"),
    ("waste-and-3r", "Waste and 3R"),
    ("water", "Water"),
    ("chemicals-and-mercury", "Chemicals and mercury"),
    ("climate-change", "Climate change"),
    ("transport", "Transport"),
    ("environmental-education", "Environmental education"),
    ("sustainable-development", "Sustainable development"),
]

THEME_NAMES_JA = {
    "sustainable-cities": "持続可能な都市",
    "biodiversity": "生物多様性",
    "waste-and-3r": "廃棄物・3R",
    "water": "水",
    "chemicals-and-mercury": "化学物質・水銀",
    "climate-change": "気候変動",
    "transport": "交通",
    "environmental-education": "環境教育",
    "sustainable-development": "持続可能な開発",
}

FUNDS = [
    {
        "slug": "jaif",
        "name": "Japan-ASEAN Integration Fund",
        "name_ja": "日・ASEAN統合基金",
        "acronym": "JAIF",
        "description": (
            "The fund through which most of the dialogue's cooperation projects are "
            "financed. The First Dialogue recommended taking note of the availability and "
            "possibility of utilization of JAIF for future projects; the Second agreed that "
            "the dialogue could facilitate the formulation of projects for consideration "
            "of JAIF."
        ),
    },
]

SERIES = {
    "slug": "japan-asean-dialogue",
    "name": "Japan-ASEAN Dialogue on Environmental Cooperation",
    "short_name": "Japan-ASEAN Dialogue",
    # The ministry's Japanese page names the meetings 第1回「日ASEAN環境協力対話」, ...
    "name_ja": "日ASEAN環境協力対話",
    "short_name_ja": "日ASEAN環境協力対話",
    "organisers": ["ministry-of-the-environment-japan", "asean"],
    "description": (
        "At the 11th Japan-ASEAN Summit Meeting held in November 2007, the Government of "
        "Japan proposed the launch of the Japan-ASEAN Dialogue on Environmental Cooperation "
        "to promote environmental cooperation between Japan and ASEAN, and was welcomed by "
        "ASEAN countries. The first Japan-ASEAN Dialogue on Environmental Cooperation was "
        "held in Hanoi, Viet Nam in March 2008, and since then a total of 8 meetings have "
        "been held to discuss Japan-ASEAN environmental cooperation with ASEAN countries. "
        "Through these dialogues, Japan and ASEAN discussed environmental cooperation and "
        "currently projects in each area have been implemented."
    ),
}


def _paragraphs(*texts):
    return "\n\n".join(texts)


MEETINGS = [
    {
        "slug": "first-dialogue-2008",
        "kind": "dialogue",
        "number": 1,
        "start_date": "2008-03-01",
        "date_precision": "month",
        "city": "Hanoi",
        "host_country": "VN",
        "outline": _paragraphs(
            "Participating countries agreed to exchange discussions on review and "
            "improvement of the existing project and to prepare new proposals to be put "
            "forward in the next dialogue. It was recommended to take note of the "
            "availability and possibility of utilization of JAIF for future projects.",
            "The Dialogue discussed the information provided by Japan on its environmental "
            "cooperation initiative entitled “Towards a Sustainable East Asia”, which was "
            "announced at the 3rd East Asia Summit (EAS) in Singapore in November 2007.",
        ),
    },
    {
        "slug": "second-dialogue-2008",
        "kind": "dialogue",
        "number": 2,
        "start_date": "2008-09-01",
        "date_precision": "month",
        "city": "Hanoi",
        "host_country": "VN",
        "outline": _paragraphs(
            "The dialogue agreed that the ASEAN-Japan Dialogue could be a useful forum to "
            "match the each interest of the ASEAN and Japan and thereby could facilitate the "
            "formulation of projects for consideration of JAIF.",
            "Japan gave a brief on Clean Asia Initiative (CAI) and proposed the List of the "
            "Potential Fields and Projects of Japan-ASEAN Cooperation based on this initiative.",
        ),
    },
    {
        "slug": "third-dialogue-2009",
        "kind": "dialogue",
        "number": 3,
        "start_date": "2009-08-01",
        "date_precision": "month",
        "city": "Hua Hin",
        "host_country": "TH",
        "outline": _paragraphs(
            "Views were exchanged on environmental cooperation projects utilizing JAIF "
            "including those relevant to water resources, the Basel convention, "
            "environmentally sustainable cities in line with the theme of the EAS Environment "
            "Ministers Meeting, and environmental education for which preparations are "
            "proceeding within ASEAN.",
            "The Dialogue discussed issues on promoting the exchange of opinions at the "
            "working level in order to utilize JAIF in a proactive and timely manner.",
        ),
    },
    {
        "slug": "fourth-dialogue-2010",
        "kind": "dialogue",
        "number": 4,
        "start_date": "2010-08-01",
        "date_precision": "month",
        "city": "Hanoi",
        "host_country": "VN",
        "outline": _paragraphs(
            "The Dialogue evaluated the projects such as the ASEAN Plus Three Youth "
            "Environment Forum held in April, 2010. The forum was supported by Japan and "
            "highly acknowledged by the dialogue as a project fully participated in by the "
            "ASEAN countries as well as Japan, China and Korea.",
            "The Dialogue also discussed on the draft proposal on East Asia Eco Model Cities "
            "Programme, which is expected to be a JAIF funded project.",
        ),
    },
    {
        "slug": "fifth-dialogue-2011",
        "kind": "dialogue",
        "number": 5,
        "start_date": "2011-09-01",
        "date_precision": "month",
        "city": "Bandar Seri Begawan",
        "host_country": "BN",
        "outline": _paragraphs(
            "Participants evaluated projects including the Workshop on Water Demand "
            "Management Learning Forum for Irrigation which was held in Bangkok, Thailand on "
            "July 26-28, 2011. Views were also exchanged on ongoing projects such as the "
            "ASEAN Eco Model Cities Programme.",
            "Discussions took place on enlarged and continued support Programmes through JAIF "
            "such as Taxonomic Capacity Building and Governance for Conservation and "
            "Sustainable Use of Biodiversity as well as the ASEAN Eco Model Cities Programme.",
        ),
    },
    {
        "slug": "sixth-dialogue-2012",
        "kind": "dialogue",
        "number": 6,
        "start_date": "2012-08-01",
        "date_precision": "month",
        "city": "Siem Reap",
        "host_country": "KH",
        "outline": _paragraphs(
            "Participants discussed on the outputs and the progress of the ASEAN Model City "
            "Program, which had been funded by JAIF, and on the ASEAN Eco-school awarding "
            "ceremony and the ASEAN's Biodiversity Capacity Building Program.",
            "As the new projects, scaling-up the ASEAN's Biodiversity Capacity Building "
            "Program and the plan for the second year of the ASEAN Model City Program were "
            "discussed upon.",
        ),
    },
    {
        "slug": "seventh-dialogue-2013",
        "kind": "dialogue",
        "number": 7,
        "start_date": "2013-08-01",
        "date_precision": "month",
        "city": "Jakarta",
        "host_country": "ID",
        "outline": _paragraphs(
            "Presented reports and exchanged ideas on the achievements and progress of the "
            "ASEAN Model Cities Programme and the ASEAN Biodiversity Capacity Building "
            "Programme, which utilize JAIF.",
            "Considered as new projects about the implementation of the ASEAN+3 Youth "
            "Environmental Forum and the ASEAN Heritage Park Development Programme.",
            "Representatives from Japan gave presentations and exchanged ideas on further "
            "support for environmentally sustainable cities in order to achieve leapfrogging "
            "growth in ASEAN countries.",
        ),
    },
    # Known to the day from the page's introduction, whose fuller account is the outline
    # (the table's shorter wording says nothing more); so is the Ninth Dialogue.
    {
        "slug": "ministerial-dialogue-2013",
        "kind": "ministerial",
        "number": None,
        "title": "Ministerial Dialogue",
        "start_date": "2013-09-26",
        "date_precision": "day",
        "city": "Surabaya",
        "host_country": "ID",
        "outline": _paragraphs(
            "The 40th anniversary of Japan-ASEAN friendship ties were commemorated in "
            "Surabaya, Indonesia on 26 September 2013, with the first ever Japan-ASEAN "
            "Ministerial Dialogue on Environmental Cooperation. Mr. Kozo Akino, "
            "Parliamentary Vice-Minister of the Environment, provided details about support "
            "policies that utilise the Joint Crediting Mechanism (JCM) to achieve "
            '"leapfrog" development in developing countries as a measure to create '
            '"environmentally sustainable cities (ESC)." In addition, Ms. Tri Rismaharini, '
            "Mayor of Surabaya, delivered a presentation on environmental cooperation between "
            "the cities of Kitakyushu and Surabaya, which focused on waste management, in "
            "particular. Representatives from each ASEAN country expressed their "
            "appreciation for Japan's cooperation and expectations for future cooperation.",
        ),
    },
    {
        "slug": "eighth-dialogue-2014",
        "kind": "dialogue",
        "number": 8,
        "start_date": "2014-08-01",
        "date_precision": "month",
        "city": "Viangchan",  # the page's spelling of Vientiane, kept
        "host_country": "LA",
        "outline": _paragraphs(
            "Presented reports and exchanged ideas on the achievements and progress of the "
            "ASEAN Model Cities Programme and the ASEAN Biodiversity Capacity Building "
            "Programme, which utilize JAIF.",
            "Representatives from ASEAN countries expressed appreciation for the approval to "
            "use JAIF for the ASEAN Heritage Parks Development Programme as a new project.",
            'Representatives from Japan introduced the "Regional EST (Environmentally '
            'Sustainable Transport) Forum in Asia," "Asia Pacific Adaptation Network '
            '(APAN)" and "Regional 3R Forum in Asia and the Pacific," and then encouraged '
            "each country to participate in these initiatives.",
        ),
    },
    {
        "slug": "ninth-dialogue-2015",
        "kind": "dialogue",
        "number": 9,
        "start_date": "2015-09-11",
        "date_precision": "day",
        "city": "Kuala Lumpur",
        "host_country": "MY",
        "outline": _paragraphs(
            "The 9th Dialogue was held in Kuala Lumpur, Malaysia on 11 September 2015. The "
            'Dialogue referred to 2015 as the year of the "2030 Agenda for Sustainable '
            'Development" and the United Nations Framework Convention on Climate Change '
            "(COP21), and participants discussed how each country could implement these "
            "international agreements from the following fiscal year.",
            "Japan reported the achievements of the first and the second year of the ASEAN "
            "Environmental Model Cities Programme, and suggested three targets as the "
            "direction of the third annual program: (1) environmental performance evaluation "
            "of cities based on common indicators; (2) editing and publication of teaching "
            "materials as reference for other cities; and (3) providing peer learning "
            "opportunities from cities with good environmental performance to other cities.",
            "Furthermore, Japan has been providing support for low-carbon and sustainable "
            "development of cities through the Joint Crediting Mechanism (JCM) model projects "
            "by utilising city-to-city collaboration, as well as organising the High Level "
            "Seminar on Environmentally Sustainable Cities (HLS-ESC).",
            "Japan announced that it plans to support the existing activities on cities from "
            "the perspective of implementing the 2030 Agenda from the following fiscal year. "
            "Also, Japan proposed to further discuss with ASEAN and relevant countries "
            "regarding the details of this plan based on the current ESC activities.",
        ),
    },
    {
        "slug": "tenth-dialogue-2016",
        "kind": "dialogue",
        "number": 10,
        "start_date": "2016-08-01",
        "date_precision": "month",
        "city": "Naypyidaw",
        "host_country": "MM",
        "outline": _paragraphs(
            "Presented reports and exchanged ideas on the achievements and progress of the "
            "ASEAN Model Cities Programme and the ASEAN Biodiversity Capacity Building "
            "Programme, which utilize JAIF.",
            "Japan reported the ongoing MINAS (MOYAI Initiative for Networking, Assessment "
            "and Strengthening) for the early conclusion and effective implementation of the "
            "Minamata Convention for developing countries in relation to the “Minamata "
            "Convention on Mercury.”",
        ),
    },
]

_JAPAN_SPOKE = "speaker"
_ASEAN_APPRECIATION = (
    "Expressed appreciation for Japan's cooperation and expectations for future cooperation."
)

PARTICIPATIONS = [
    # meeting slug, order, country, person, organisation, role, title held then, note
    ("first-dialogue-2008", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Provided information on its initiative “Towards a Sustainable East Asia”."),
    ("second-dialogue-2008", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Gave a brief on the Clean Asia Initiative (CAI) and proposed the List of the Potential "
     "Fields and Projects of Japan-ASEAN Cooperation."),
    ("seventh-dialogue-2013", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Gave presentations on further support for environmentally sustainable cities."),
    ("ministerial-dialogue-2013", 1, "JP", "kozo-akino", "ministry-of-the-environment-japan",
     _JAPAN_SPOKE, "Parliamentary Vice-Minister of the Environment",
     "Provided details about support policies that utilise the Joint Crediting Mechanism "
     "(JCM) to achieve “leapfrog” development in developing countries."),
    ("ministerial-dialogue-2013", 2, "ID", "tri-rismaharini", "city-of-surabaya",
     _JAPAN_SPOKE, "Mayor of Surabaya",
     "Delivered a presentation on environmental cooperation between the cities of "
     "Kitakyushu and Surabaya, focused on waste management."),
    *[
        ("ministerial-dialogue-2013", 10 + index, code, None, None, "delegate", "",
         _ASEAN_APPRECIATION)
        for index, code in enumerate(ASEAN)
    ],
    ("eighth-dialogue-2014", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Introduced the Regional EST Forum in Asia, APAN and the Regional 3R Forum in Asia and "
     "the Pacific, and encouraged each country to participate."),
    ("ninth-dialogue-2015", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Reported the achievements of the ASEAN Environmental Model Cities Programme and "
     "announced support for activities on cities implementing the 2030 Agenda."),
    ("tenth-dialogue-2016", 1, "JP", None, None, _JAPAN_SPOKE, "",
     "Reported the ongoing MINAS in relation to the Minamata Convention on Mercury."),
]  # fmt: skip

PROGRAMMES = [
    {
        "slug": "asean-esc-model-cities-programme",
        "name": "ASEAN Environmentally Sustainable Cities Model Cities Programme",
        "name_ja": "ASEAN環境的に持続可能な都市（ESC）モデル都市プログラム",
        "acronym": "ESC Model Cities",
        "kind": "programme",
        "other_names": [
            "East Asia Eco Model Cities Programme",
            "ASEAN Eco Model Cities Programme",
            "ASEAN Model Cities Programme",
            "ASEAN Model City Program",
            "ASEAN Environmental Model Cities Programme",
        ],
        "fund": "jaif",
        "themes": ["sustainable-cities"],
        "countries": [*ASEAN, "JP"],
        "programme_status": "ongoing",
        "summary": (
            "Model cities in ASEAN countries working towards environmentally sustainable "
            "cities, funded through JAIF."
        ),
        "description": (
            "Proposed in draft as the East Asia Eco Model Cities Programme at the Fourth "
            "Dialogue, the programme was reported on at every dialogue since. At the Ninth "
            "Dialogue Japan reported the achievements of its first and second year and "
            "suggested three targets for the third annual programme: (1) environmental "
            "performance evaluation of cities based on common indicators; (2) editing and "
            "publication of teaching materials as reference for other cities; and (3) "
            "providing peer learning opportunities from cities with good environmental "
            "performance to other cities."
        ),
        "discussions": {
            "third-dialogue-2009": ("considered",
                "Environmental cooperation projects utilizing JAIF on environmentally "
                "sustainable cities, in line with the theme of the EAS Environment Ministers "
                "Meeting."),
            "fourth-dialogue-2010": ("proposed",
                "Draft proposal on the East Asia Eco Model Cities Programme, expected to be a "
                "JAIF funded project."),
            "fifth-dialogue-2011": ("progress_reported",
                "Views exchanged on the ongoing ASEAN Eco Model Cities Programme; enlarged and "
                "continued support through JAIF discussed."),
            "sixth-dialogue-2012": ("progress_reported",
                "Outputs and progress of the ASEAN Model City Program discussed, with the "
                "plan for its second year."),
            "seventh-dialogue-2013": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
            "eighth-dialogue-2014": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
            "ninth-dialogue-2015": ("evaluated",
                "Japan reported the achievements of the first and second year and suggested "
                "three targets for the third annual program."),
            "tenth-dialogue-2016": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
        },
    },
    {
        "slug": "asean-biodiversity-capacity-building-programme",
        "name": "ASEAN Biodiversity Capacity Building Programme",
        "acronym": "",
        "kind": "programme",
        "other_names": [
            "Taxonomic Capacity Building and Governance for Conservation and Sustainable Use "
            "of Biodiversity",
            "ASEAN's Biodiversity Capacity Building Program",
        ],
        "fund": "jaif",
        "themes": ["biodiversity"],
        "countries": [*ASEAN, "JP"],
        "programme_status": "ongoing",
        "summary": (
            "Taxonomic capacity building and governance for the conservation and sustainable "
            "use of biodiversity in ASEAN, funded through JAIF."
        ),
        "description": "",
        "discussions": {
            "fifth-dialogue-2011": ("considered",
                "Enlarged and continued support through JAIF discussed for Taxonomic Capacity "
                "Building and Governance for Conservation and Sustainable Use of "
                "Biodiversity."),
            "sixth-dialogue-2012": ("progress_reported",
                "Its progress discussed, and its scaling-up discussed as a new project."),
            "seventh-dialogue-2013": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
            "eighth-dialogue-2014": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
            "tenth-dialogue-2016": ("progress_reported",
                "Reports and ideas on its achievements and progress."),
        },
    },
    {
        "slug": "asean-heritage-parks-development-programme",
        "name": "ASEAN Heritage Parks Development Programme",
        "acronym": "",
        "kind": "programme",
        "other_names": ["ASEAN Heritage Park Development Programme"],
        "fund": "jaif",
        "themes": ["biodiversity"],
        "countries": ASEAN,
        "programme_status": "",
        "summary": "Development of the ASEAN Heritage Parks, approved for JAIF funding in 2014.",
        "description": "",
        "discussions": {
            "seventh-dialogue-2013": ("considered", "Considered as a new project."),
            "eighth-dialogue-2014": ("approved",
                "ASEAN countries expressed appreciation for the approval to use JAIF for it as "
                "a new project."),
        },
    },
    {
        "slug": "asean-plus-three-youth-environment-forum",
        "name": "ASEAN Plus Three Youth Environment Forum",
        "name_ja": "ASEAN+3青年環境フォーラム",
        "acronym": "",
        "kind": "forum",
        "other_names": ["ASEAN+3 Youth Environmental Forum"],
        "fund": None,
        "themes": ["environmental-education"],
        "countries": [*ASEAN, "JP", "CN", "KR"],
        "programme_status": "",
        "summary": "A youth environment forum of the ASEAN countries, Japan, China and Korea.",
        "description": "",
        "discussions": {
            "fourth-dialogue-2010": ("evaluated",
                "The forum held in April 2010, supported by Japan, was highly acknowledged as "
                "a project fully participated in by the ASEAN countries as well as Japan, "
                "China and Korea."),
            "seventh-dialogue-2013": ("considered",
                "Its implementation considered as a new project."),
        },
    },
    {
        "slug": "asean-eco-school-awarding-ceremony",
        "name": "ASEAN Eco-school Awarding Ceremony",
        "acronym": "",
        "kind": "project",
        "other_names": [],
        "fund": None,
        "themes": ["environmental-education"],
        "countries": ASEAN,
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "sixth-dialogue-2012": ("progress_reported", "Discussed at the Sixth Dialogue."),
        },
    },
    {
        "slug": "towards-a-sustainable-east-asia",
        "name": "Towards a Sustainable East Asia",
        "acronym": "",
        "kind": "initiative",
        "other_names": [],
        "fund": None,
        "themes": ["sustainable-development"],
        "countries": ["JP"],
        "programme_status": "",
        "summary": (
            "Japan's environmental cooperation initiative, announced at the 3rd East Asia "
            "Summit in Singapore in November 2007."
        ),
        "description": "",
        "discussions": {
            "first-dialogue-2008": ("considered",
                "The Dialogue discussed the information provided by Japan on the initiative."),
        },
    },
    {
        "slug": "clean-asia-initiative",
        "name": "Clean Asia Initiative",
        "name_ja": "クリーンアジア・イニシアティブ",
        "acronym": "CAI",
        "kind": "initiative",
        "other_names": [],
        "fund": None,
        "themes": [],
        "countries": ["JP"],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "second-dialogue-2008": ("proposed",
                "Japan gave a brief on the initiative and proposed the List of the Potential "
                "Fields and Projects of Japan-ASEAN Cooperation based on it."),
        },
    },
    {
        "slug": "eas-environment-ministers-meeting",
        "name": "EAS Environment Ministers Meeting",
        "name_ja": "東アジア首脳会議環境大臣会合",
        "acronym": "",
        "kind": "forum",
        "other_names": [],
        "fund": None,
        "themes": ["sustainable-cities"],
        "countries": [],
        "programme_status": "",
        "summary": "The East Asia Summit's meeting of environment ministers.",
        "description": "",
        "discussions": {
            "third-dialogue-2009": ("considered",
                "Environmentally sustainable cities projects discussed in line with the "
                "theme of the meeting."),
        },
    },
    {
        "slug": "basel-convention",
        "name": "Basel Convention",
        "name_ja": "バーゼル条約",
        "acronym": "",
        "kind": "agreement",
        "other_names": [],
        "fund": None,
        "themes": ["waste-and-3r", "chemicals-and-mercury"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "third-dialogue-2009": ("considered",
                "Environmental cooperation projects utilizing JAIF relevant to the Basel "
                "convention."),
        },
    },
    {
        "slug": "water-demand-management-learning-forum-for-irrigation",
        "name": "Workshop on Water Demand Management Learning Forum for Irrigation",
        "acronym": "",
        "kind": "project",
        "other_names": [],
        "fund": None,
        "themes": ["water"],
        "countries": ["TH"],
        "programme_status": "completed",
        "start_year": 2011,
        "end_year": 2011,
        "summary": "A workshop held in Bangkok, Thailand on 26-28 July 2011.",
        "description": "",
        "discussions": {
            "fifth-dialogue-2011": ("evaluated", "Evaluated by the participants."),
        },
    },
    {
        "slug": "joint-crediting-mechanism",
        "name": "Joint Crediting Mechanism",
        "name_ja": "二国間クレジット制度",
        "acronym": "JCM",
        "kind": "mechanism",
        "other_names": [],
        "fund": None,
        "themes": ["climate-change", "sustainable-cities"],
        "countries": ["JP"],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "ministerial-dialogue-2013": ("considered",
                "Japan provided details about support policies that utilise the JCM to "
                "achieve “leapfrog” development as a measure to create environmentally "
                "sustainable cities."),
            "ninth-dialogue-2015": ("progress_reported",
                "Japan has been providing support for low-carbon and sustainable development "
                "of cities through JCM model projects by utilising city-to-city "
                "collaboration."),
        },
    },
    {
        "slug": "kitakyushu-surabaya-environmental-cooperation",
        "name": "Kitakyushu-Surabaya Environmental Cooperation",
        "acronym": "",
        "kind": "programme",
        "other_names": [],
        "fund": None,
        "themes": ["waste-and-3r", "sustainable-cities"],
        "countries": ["JP", "ID"],
        "programme_status": "",
        "summary": "City-to-city environmental cooperation, focused on waste management.",
        "description": "",
        "discussions": {
            "ministerial-dialogue-2013": ("progress_reported",
                "Ms. Tri Rismaharini, Mayor of Surabaya, delivered a presentation on the "
                "cooperation, which focused on waste management, in particular."),
        },
    },
    {
        "slug": "high-level-seminar-on-environmentally-sustainable-cities",
        "name": "High Level Seminar on Environmentally Sustainable Cities",
        "name_ja": "環境的に持続可能な都市に関するハイレベルセミナー",
        "acronym": "HLS-ESC",
        "kind": "forum",
        "other_names": [],
        "fund": None,
        "themes": ["sustainable-cities"],
        "countries": ["JP"],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "ninth-dialogue-2015": ("progress_reported", "Organised by Japan."),
        },
    },
    {
        "slug": "regional-est-forum-in-asia",
        "name": "Regional EST (Environmentally Sustainable Transport) Forum in Asia",
        "name_ja": "アジアEST地域フォーラム",
        "acronym": "EST Forum",
        "kind": "forum",
        "other_names": [],
        "fund": None,
        "themes": ["transport"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "eighth-dialogue-2014": ("considered",
                "Introduced by Japan, which encouraged each country to participate."),
        },
    },
    {
        "slug": "asia-pacific-adaptation-network",
        "name": "Asia Pacific Adaptation Network",
        "acronym": "APAN",
        "kind": "network",
        "other_names": [],
        "fund": None,
        "themes": ["climate-change"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "eighth-dialogue-2014": ("considered",
                "Introduced by Japan, which encouraged each country to participate."),
        },
    },
    {
        "slug": "regional-3r-forum-in-asia-and-the-pacific",
        "name": "Regional 3R Forum in Asia and the Pacific",
        "name_ja": "アジア太平洋3R推進フォーラム",
        "acronym": "",
        "kind": "forum",
        "other_names": [],
        "fund": None,
        "themes": ["waste-and-3r"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "eighth-dialogue-2014": ("considered",
                "Introduced by Japan, which encouraged each country to participate."),
        },
    },
    {
        "slug": "minas",
        "name": "MOYAI Initiative for Networking, Assessment and Strengthening",
        "acronym": "MINAS",
        "kind": "initiative",
        "other_names": [],
        "fund": None,
        "themes": ["chemicals-and-mercury"],
        "countries": ["JP"],
        "programme_status": "ongoing",
        "summary": (
            "Support for developing countries towards the early conclusion and effective "
            "implementation of the Minamata Convention on Mercury."
        ),
        "description": "",
        "discussions": {
            "tenth-dialogue-2016": ("progress_reported", "Japan reported the ongoing MINAS."),
        },
    },
    {
        "slug": "minamata-convention-on-mercury",
        "name": "Minamata Convention on Mercury",
        "name_ja": "水銀に関する水俣条約",
        "acronym": "",
        "kind": "agreement",
        "other_names": [],
        "fund": None,
        "themes": ["chemicals-and-mercury"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "tenth-dialogue-2016": ("considered",
                "MINAS supports its early conclusion and effective implementation for "
                "developing countries."),
        },
    },
    {
        "slug": "2030-agenda-for-sustainable-development",
        "name": "2030 Agenda for Sustainable Development",
        "name_ja": "持続可能な開発のための2030アジェンダ",
        "acronym": "",
        "kind": "agreement",
        "other_names": [],
        "fund": None,
        "themes": ["sustainable-development"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "ninth-dialogue-2015": ("considered",
                "Participants discussed how each country could implement it from the following "
                "fiscal year; Japan plans to support activities on cities from the perspective "
                "of implementing it."),
        },
    },
    {
        "slug": "unfccc",
        "name": "United Nations Framework Convention on Climate Change",
        "name_ja": "気候変動に関する国際連合枠組条約",
        "acronym": "UNFCCC",
        "kind": "agreement",
        "other_names": ["COP21"],
        "fund": None,
        "themes": ["climate-change"],
        "countries": [],
        "programme_status": "",
        "summary": "",
        "description": "",
        "discussions": {
            "ninth-dialogue-2015": ("considered",
                "The Dialogue referred to 2015 as the year of COP21; participants discussed "
                "how each country could implement it from the following fiscal year."),
        },
    },
]  # fmt: skip
