"""Interview evidence behind the plant journey: twelve participants in their own words."""

PARTICIPANTS = [
    {"code": f"P{n:02d}", "segment": segment, "method": method, "interviewed_on": day}
    for n, (segment, method, day) in enumerate([
        ("Nybörjare, lägenhet", "interview", "2026-02-03"), ("Nybörjare, lägenhet", "interview", "2026-02-04"),
        ("Nybörjare, villa", "interview", "2026-02-05"), ("Van växtägare", "interview", "2026-02-06"),
        ("Nybörjare, lägenhet", "diary", "2026-02-10"), ("Van växtägare", "interview", "2026-02-11"),
        ("Nybörjare, studentrum", "interview", "2026-02-12"), ("Småbarnsförälder", "observation", "2026-02-13"),
        ("Nybörjare, lägenhet", "interview", "2026-02-17"), ("Van växtägare", "support_log", "2026-02-18"),
        ("Nybörjare, lägenhet", "interview", "2026-02-19"), ("Pensionär, radhus", "interview", "2026-02-20"),
    ], start=1)
]

# (participant, step title, sentiment, tags, text)
QUOTES = [
    ("P01", "Ser växter hos vänner", "positive", ["inspiration"], "När jag kom hem till Sara var det som att kliva in i en djungel. Jag ville bara ha samma känsla hemma."),
    ("P05", "Ser växter hos vänner", "positive", ["inspiration"], "Min kompis har en monstera som når taket. Jag frågade direkt var hon köpt den."),
    ("P07", "Scrollar växtinspiration", "positive", ["inspiration", "sociala medier"], "Jag har en hel mapp på Instagram som heter ”framtida hem”, typ bara växter."),
    ("P11", "Scrollar växtinspiration", "mixed", ["sociala medier"], "Bilderna är jättefina men alla bor i enorma ljusa lofts. Jag har ett fönster mot en bakgård."),
    ("P02", "Tvivlar på sin gröna tumme", "negative", ["självförtroende"], "Jag dödar allt. Till och med en kaktus har dött hos mig."),
    ("P09", "Tvivlar på sin gröna tumme", "negative", ["självförtroende"], "Det känns som att alla andra har en hemlighet som jag inte kan."),
    ("P03", "Tvivlar på sin gröna tumme", "negative", ["självförtroende", "pris"], "Det är dyrt att köpa växter som sen bara dör, så jag vågar inte riktigt."),
    ("P04", "Googlar ”lättskötta växter”", "neutral", ["information"], "Jag googlar och får tio listor med tio olika svar."),
    ("P12", "Googlar ”lättskötta växter”", "negative", ["information"], "Vad är lättskött för mig? Jag är bortrest varannan vecka."),
    ("P06", "Identifierar en växt från ett foto", "positive", ["app", "information"], "Att bara fota en växt och få veta vad den heter – det är magi."),
    ("P08", "Identifierar en växt från ett foto", "positive", ["app"], "Jag fotade växten på tandläkarens kontor och beställde samma på vägen hem."),
    ("P01", "Identifierar en växt från ett foto", "positive", ["app", "information"], "Appen sa att den tål halvskugga och då vågade jag köpa den."),
    ("P02", "Läser skötselråd på produktsidan", "negative", ["information"], "”Indirekt ljus” – vad betyder det ens? Är min hall indirekt?"),
    ("P09", "Läser skötselråd på produktsidan", "negative", ["information"], "Texten var skriven för någon som redan kan allt om växter."),
    ("P11", "Läser skötselråd på produktsidan", "mixed", ["information"], "Jag gillar att det står hur ofta man ska vattna, men inte hur mycket."),
    ("P05", "Frågar i chatten", "positive", ["kundservice"], "Jag skickade en bild på mitt fönster och fick tre förslag på fem minuter. Underbart."),
    ("P12", "Frågar i chatten", "negative", ["kundservice"], "Chatten var stängd på kvällen, och det är ju då jag har tid."),
    ("P07", "Väljer växter och kruka", "positive", ["kruka"], "Det var smidigt att krukan som passade föreslogs direkt."),
    ("P03", "Väljer växter och kruka", "mixed", ["kruka", "pris"], "Krukan kostade nästan lika mycket som växten. Lite snålt att den inte ingick."),
    ("P04", "Väntar på leveransen", "negative", ["leverans"], "Det var minus tio ute och jag satt och oroade mig för paketet hela dagen."),
    ("P10", "Väntar på leveransen", "negative", ["leverans"], "Spårningen stod still i två dagar. Ingen kunde säga var växterna var."),
    ("P01", "Packar upp växterna", "negative", ["leverans", "kvalitet"], "Halva jorden låg i kartongen och två blad var avbrutna. Jag blev ledsen."),
    ("P06", "Packar upp växterna", "negative", ["kvalitet"], "Den såg inte alls ut som på bilden. Mycket mindre och lite gul."),
    ("P08", "Packar upp växterna", "negative", ["kvalitet", "förpackning"], "Förpackningen var fin, men växten hade legat på sidan hela vägen."),
    ("P09", "Packar upp växterna", "positive", ["förpackning"], "Allt var så fint inslaget, det kändes som en present till mig själv."),
    ("P10", "Reklamerar en skadad växt", "negative", ["kundservice", "reklamation"], "Tre dagar för att få svar på en reklamation. Växten hann ju dö under tiden."),
    # Not her words but the support agent's summary: the team deletes it in the summer (plant_timeline.py),
    # so only the March snapshot holds it — search "In snapshots" still finds it.
    ("P10", "Väntar på leveransen", "negative", ["leverans", "reklamation"], "Kunden ringde upprörd: monsteran frös under transporten och hon vill ha pengarna tillbaka."),
    ("P04", "Reklamerar en skadad växt", "negative", ["reklamation"], "Jag var tvungen att fota från fyra håll och hitta ordernumret. Jag gav upp."),
    ("P02", "Hittar en plats för växten", "neutral", ["placering"], "Jag har flyttat den fem gånger. Den verkar inte gilla något ställe."),
    ("P05", "Vattnar enligt påminnelse", "positive", ["app", "skötsel"], "Påminnelsen i appen räddade mina växter när jag jobbade som mest."),
    ("P11", "Vattnar enligt påminnelse", "positive", ["app", "skötsel"], "Jag älskar att den säger till mig. Jag har aldrig kommit ihåg att vattna förut."),
    ("P03", "Ser nya blad komma", "positive", ["självförtroende"], "När det nya bladet vecklade ut sig skickade jag bild till hela familjen."),
    ("P07", "Ser nya blad komma", "positive", ["självförtroende"], "Jag kände mig som en riktig växtmänniska för första gången."),
    ("P12", "Växten tappar blad", "negative", ["skötsel"], "Gula blad överallt och ingen aning om varför. Är det för mycket vatten eller för lite?"),
    ("P06", "Växten tappar blad", "negative", ["skötsel", "kundservice"], "Jag hade velat kunna fota det gula bladet och få veta vad som är fel, precis som med växt-ID."),
]

NARRATIVES = [
    {"title": "Monsteran som nästan inte kom hem", "participant": "P01", "told_on": "2026-02-03",
     "tags": ["leverans", "kvalitet"],
     "steps": ["Väntar på leveransen", "Packar upp växterna", "Reklamerar en skadad växt"],
     "body": (
         "Linnea hade sparat bilder på monsteror i ett halvår innan hon vågade beställa.\n\n"
         "> Jag tänkte: nu gör jag det, nu blir jag en sån som har växter.\n\n"
         "Leveransen kom en dag då det var **minus tolv**. Kartongen var kall, jorden hade rasat ut och två "
         "blad var avbrutna. Hon fotade, letade fram ordernumret och fyllde i reklamationen – och fick svar "
         "efter tre dagar. Då hade hon redan bestämt sig: *nästa gång köper jag i butik*.\n\n"
         "Det hon saknade var inte pengarna tillbaka utan **någon som sa att det inte var hennes fel**."),
     },
    {"title": "Appen som blev en växtkunnig vän", "participant": "P06", "told_on": "2026-02-11",
     "tags": ["app", "information"],
     "steps": ["Identifierar en växt från ett foto", "Vattnar enligt påminnelse", "Växten tappar blad"],
     "body": (
         "Amir använder växt-ID:t nästan varje vecka: på jobbet, hos svärföräldrarna, på caféer.\n\n"
         "- Han fotar, får namnet och skötselråden\n- sparar växten i en önskelista\n"
         "- och köper när han har hittat rätt plats hemma.\n\n"
         "När hans egen växt fick gula blad försökte han fota bladet i appen – men den kände bara igen "
         "hela växter. *”Där tappade ni mig”*, sa han."),
     },
]

JOBS = [
    {"situation": "jag flyttar in i en ny lägenhet", "motivation": "fylla hemmet med växter som trivs just där",
     "outcome": "känna mig hemma och stolt när vänner kommer på besök", "importance": 5, "satisfaction": 2,
     "tags": ["inspiration"], "steps": ["Ser växter hos vänner", "Identifierar en växt från ett foto"],
     "phases": ["Växtliga vardagen hemma och hos andra"]},
    {"situation": "en växt jag köpt ser dålig ut", "motivation": "snabbt förstå vad som är fel",
     "outcome": "rädda den innan det är för sent", "importance": 5, "satisfaction": 1,
     "tags": ["skötsel"], "steps": ["Växten tappar blad", "Reklamerar en skadad växt"],
     "phases": ["Få växterna att funka hemma"]},
    {"situation": "jag väljer mellan två växter", "motivation": "veta vilken som klarar mitt ljus och min vardag",
     "outcome": "slippa köpa en växt som dör", "importance": 4, "satisfaction": 3,
     "tags": ["information"], "steps": ["Läser skötselråd på produktsidan", "Frågar i chatten"],
     "phases": ["Söka information om växter"]},
]
