"""What the plant shop's team tried between the March map and the September map — and after.

`insightrepo demo` runs DURING_SUMMER before the September snapshot, so comparing the March and
September snapshots shows these experiments beside the steps whose emotion changed; AFTERWARDS
comes after the last snapshot (the board's running and draft columns). Each experiment names its
steps by title; measurements, moves and learning carry their real dates."""

VIDEO = {
    "title": "Välj din egen växt via video",
    "solution": "kunden väljer sin egen växt i ett kort videosamtal med plantskolan innan den packas",
    "steps": ["Packar upp växterna", "Reklamerar en skadad växt"],
    "metric": {"name": "andelen leveranser med reklamation", "kind": "proportion", "direction": "decrease"},
    "minimum_effect": 0.03, "design": "before_after", "owner": "Lager & logistik",
    "quotes": ["Halva jorden låg i kartongen", "Den såg inte alls ut som på bilden"],
    "measurements": [
        {"group": "baseline", "measured_on": "2026-04-30", "successes": 58, "trials": 412,
         "source": "Zendesk och orderdata, mars–april"},
        {"group": "follow_up", "measured_on": "2026-08-28", "successes": 21, "trials": 398,
         "source": "Zendesk och orderdata, juni–augusti"},
    ],
    "moves": [("running", "2026-05-04", None, ""), ("concluded", "2026-08-31", None, "")],
    "learning": {
        "observed": "Andelen leveranser med reklamation föll från 14,1 % till 5,3 %. Vinterförpackningen och "
                    "kvalitetskontrollen infördes samma sommar, så siffrorna visar vad som hände, inte vad videon "
                    "ensam orsakade.",
        "learned": "Kunder som själva valt sin växt känner igen den när den kommer – och reklamerar mer sällan.",
        "next": "Behåll videovalet för stora växter och testa det randomiserat i vinter, så att vi kan skilja "
                "dess effekt från förpackningens."},
}

CARE_TEXTS = {
    "title": "Skötselråd på nybörjarsvenska",
    "solution": "skötselråden på produktsidan skrivs om för nybörjare: ljus som ”en meter från ett norrfönster” "
                "och vatten i deciliter",
    "steps": ["Läser skötselråd på produktsidan"],
    "metric": {"name": "nöjdhet med skötselråden", "kind": "mean", "unit": "poäng (1–5)",
               "direction": "increase"},
    "minimum_effect": 0.3, "design": "randomised", "owner": "Innehållsteamet",
    "quotes": ["”Indirekt ljus” – vad betyder det ens?", "Texten var skriven för någon som redan kan allt"],
    "measurements": [
        {"group": "control", "measured_on": "2026-08-14", "n": 140, "mean": 3.4, "sd": 1.1,
         "source": "Enkät på produktsidan, juni–augusti"},
        {"group": "variant", "measured_on": "2026-08-14", "n": 152, "mean": 3.6, "sd": 1.2,
         "source": "Enkät på produktsidan, juni–augusti"},
    ],
    "moves": [("running", "2026-06-01", None, ""), ("concluded", "2026-08-15", None, "")],
    "learning": {
        "observed": "De nya texterna fick 0,2 poäng mer i snitt, men intervallet går från strax under noll till "
                    "nästan en halv poäng.",
        "learned": "Vi vet inte än om texterna gör skillnad som spelar roll; knappt 300 svar räckte inte.",
        "next": "Kör testet vidare tills vi har drygt 230 svar per grupp, som resultatet säger att vi behöver."},
}

WINTER_SMS = {
    "title": "Sms om vinterförpackning",
    "solution": "ett sms när paketet skickas som berättar att växterna är vinterpackade och tål kylan i ett dygn",
    "steps": ["Väntar på leveransen"],
    "metric": {"name": "känslan av trygghet medan kunden väntar", "kind": "qualitative", "direction": "increase"},
    "design": "before_after", "owner": "Kundservice",
    "quotes": ["Det var minus tio ute", "Skönt att få ett sms"],
    "measurements": [
        {"group": "baseline", "measured_on": "2026-02-20", "source": "Intervjuerna i februari",
         "note": "Två av tolv oroade sig för kylan och för paketet under väntan; spårningen gav inget besked.",
         "quotes": ["Det var minus tio ute", "Spårningen stod still"]},
        {"group": "follow_up", "measured_on": "2026-08-20", "source": "Fem uppföljningssamtal i augusti",
         "note": "Ingen nämnde oro för kylan; tre nämnde sms:et spontant och en kallade det ”lugnande”.",
         "quotes": ["Skönt att få ett sms", "Jag visste att de tänkt på kylan"]},
    ],
    "moves": [("running", "2026-05-15", None, ""),
              ("concluded", "2026-08-31", "supported",
               "Kunderna beskriver väntan som lugn i stället för orolig; uppföljningen var liten, så vi följer "
               "upp igen i vinter.")],
    "learning": {
        "observed": "Ingen av de fem uppföljda kunderna oroade sig för kylan; tre nämnde sms:et själva.",
        "learned": "Oron kom av ovisshet, inte av kylan i sig.",
        "next": "Skicka sms:et året runt när det är under +5 °C, och lägg till en bild på förpackningen."},
}

# New words from the follow-up calls in August (quotes that the winter-sms experiment rests on).
FOLLOW_UP_QUOTES = [
    ("P04", "Väntar på leveransen", "positive", ["leverans"], "2026-08-18",
     "Skönt att få ett sms om att de packat för kylan – då slutade jag oroa mig."),
    ("P10", "Väntar på leveransen", "positive", ["leverans"], "2026-08-19",
     "Jag visste att de tänkt på kylan, så jag behövde inte springa hem."),
]

EVENING_CHAT = {
    "title": "Kvällsöppen chatt",
    "solution": "chatten hålls öppen till 21 på vardagar",
    "steps": ["Frågar i chatten"],
    "metric": {"name": "andelen chattfrågor som besvaras inom tio minuter", "kind": "proportion",
               "direction": "increase"},
    "minimum_effect": 0.1, "design": "before_after", "owner": "Kundservice", "quotes": [],
    "measurements": [],
    "moves": [("running", "2026-06-10", None, ""),
              ("abandoned", "2026-07-01", None,
               "Vi kunde inte bemanna kvällarna under semestern. Vi tar upp det igen när teamet är fullt.")],
    "learning": {},
}

LEAF_PHOTO = {
    "title": "Fota bladet – få en diagnos",
    "solution": "växt-ID:t i appen känner igen sjuka blad och föreslår vad kunden ska göra",
    "steps": ["Växten tappar blad"],
    "metric": {"name": "andelen kunder som räddar sin växt inom en månad", "kind": "proportion",
               "direction": "increase"},
    "minimum_effect": 0.1, "design": "randomised", "owner": "Produktteam Digital",
    "quotes": ["Jag hade velat kunna fota det gula bladet"],
    "measurements": [
        {"group": "control", "measured_on": "2026-10-30", "successes": 31, "trials": 80,
         "source": "Uppföljning i appen, oktober"},
        {"group": "variant", "measured_on": "2026-10-30", "successes": 44, "trials": 82,
         "source": "Uppföljning i appen, oktober"},
    ],
    "moves": [("running", "2026-10-05", None, "")],
    "learning": {},
}

STARTER_KIT = {
    "title": "Nybörjarpaket med tre tåliga växter",
    "solution": "ett färdigt paket med tre tåliga växter, krukor och en skötselplan för första månaden",
    "steps": ["Väljer växter och kruka", "Tvivlar på sin gröna tumme"],
    "metric": {"name": "andelen nybörjare som köper igen inom tre månader", "kind": "proportion",
               "direction": "increase"},
    "minimum_effect": 0.05, "design": "randomised", "owner": "Sortiment", "quotes": [],
    "measurements": [], "moves": [], "learning": {},
}

DURING_SUMMER = [VIDEO, CARE_TEXTS, WINTER_SMS, EVENING_CHAT]
AFTERWARDS = [LEAF_PHOTO, STARTER_KIT]
