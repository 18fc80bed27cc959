"""The plant journey's year: the January hypothesis map, what twelve interviews in February
changed, and the map after the autumn's delivery improvements. `insightrepo demo` replays it,
taking a dated snapshot after each stage, so the timeline and compare pages have real history."""

from datetime import date

PHOTO_STEP = {
                    "title": "Identifierar en växt från ett foto",
                    "action": "Fotar vännens växt i appen och får namn och skötselråd",
                    "touchpoint": "Växt-ID i appen", "channels": ["App"],
                    "thoughts": "Wow, det var ju en monstera! Och den tål halvskugga.",
                    "need": "Veta vad det är jag har sett",
                    "emotion": 2, "marker": "heart",
                    "moment_of_truth": {
                        "title": "Identifiera växter!",
                        "description": "När hon kan fota en växt och direkt få veta vad det är och hur den sköts "
                                       "blir vi hennes växtkunniga vän – inte bara en butik.",
                    },
                    "owner": "Produktteam Digital",
                    "backstage": {"people": "Apputvecklare", "policies": "",
                                  "systems": "Bildigenkänning (extern tjänst), produktdatabas"},
                    "employee_emotion": 1,
                }

STAGES = [
    {
        "as_of": date(2026, 1, 20), "label": "Hypoteskarta efter workshopen",
        "note": "Teamets antaganden efter workshop med kundservice och lager. Inga intervjuer än.",
        "journey": {}, "add_steps": [], "steps": {}, "evidence": False,
    },
    {
        "as_of": date(2026, 3, 2), "label": "Efter 12 intervjuer",
        "note": "Tolv intervjuer (P01–P12) i februari. Uppackningen och produktsidorna var mycket sämre än vi trodde; "
                "växt-ID i appen var en glad överraskning.",
        "journey": {"kind": "researched"},
        "add_steps": [("Söka information om växter", 1, PHOTO_STEP)],
        "steps": {
            "Läser skötselråd på produktsidan": {
                "thoughts": "”Halvskugga”? Vad betyder det i min lägenhet?", "emotion": -1,
                "moment_of_truth": {
                    "title": "Växtlig information!",
                    "description": "Informationen måste vara begriplig för en nybörjare – annars köper hon "
                                   "fel växt, den dör, och hon ger upp."}},
            "Packar upp växterna": {
                "thoughts": "Är det jag som har gjort fel redan?", "emotion": -2, "marker": "thundercloud",
                "moment_of_truth": {
                    "title": "Halvbra kvalité!",
                    "description": "Första mötet med den riktiga växten avgör om hon litar på oss. En halvbra "
                                   "växt gör henne besviken – på oss och på sig själv."}},
        },
        "evidence": True,
    },
    {
        "as_of": date(2026, 9, 14), "label": "Efter leveransförbättringarna",
        "note": "Vinterförpackning, kvalitetskontroll före packning och reklamation med ett klick infördes i "
                "maj–augusti. Uppackningen är inte längre ett åskmoln.",
        "journey": {}, "add_steps": [],
        "steps": {
            "Väntar på leveransen": {
                "thoughts": "Skönt att de skickar ett sms om vinterförpackningen.", "emotion": 0,
                "channels": ["SMS", "E-post"]},
            "Packar upp växterna": {
                "thoughts": "Välpackad och frisk – precis som på bilden.", "emotion": 1, "marker": None,
                "backstage": {"people": "Packare på lagret (säsongsanställda)",
                              "policies": "Kvalitetskontroll av varje växt före packning; vinterförpackning under +5 °C",
                              "systems": "Lagersystem (WMS)"},
                "employee_emotion": 1},
            "Reklamerar en skadad växt": {
                "action": "Fotar växten i appen och får en ny skickad direkt",
                "thoughts": "Det gick ju på en minut.", "emotion": -1,
                "backstage": {"people": "Kundservice", "policies": "Reklamation med ett klick; ersättning samma dag",
                              "systems": "App, Zendesk, Shopify"},
                "employee_emotion": 1},
        },
        "evidence": False,
        "experiments": True,  # what the team tried in May–August (plant_experiments.py)
        # Checking the quotes against the recordings in June, the team found one that was a support agent's
        # summary, not the customer's words, and deleted it; the March snapshot keeps it as the map held it.
        "delete_quotes": [(date(2026, 6, 12), "Kunden ringde upprörd",
                           "Kundtjänstens sammanfattning, inte kundens egna ord: citat ska vara ordagranna.")],
    },
]
