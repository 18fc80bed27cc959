"""Interview evidence behind the B2B invoice journey, in English."""

PARTICIPANTS = [
    {"code": f"AP{n:02d}", "segment": segment, "method": "interview", "interviewed_on": day}
    for n, (segment, day) in enumerate([
        ("AP specialist, 120 employees", "2026-04-02"), ("AP lead, 400 employees", "2026-04-03"),
        ("Controller, 60 employees", "2026-04-07"), ("AP specialist, 250 employees", "2026-04-08"),
        ("Finance manager, 90 employees", "2026-04-09"), ("AP specialist, 300 employees", "2026-04-10"),
        ("AP lead, 500 employees", "2026-04-14"), ("Bookkeeper, 55 employees", "2026-04-15"),
        ("AP specialist, 180 employees", "2026-04-16"), ("Controller, 220 employees", "2026-04-17"),
        ("AP specialist, 75 employees", "2026-04-21"), ("Finance manager, 350 employees", "2026-04-22"),
    ], start=1)
]

QUOTES = [
    ("AP01", "Receives the welcome email", "positive", ["onboarding"], "It was the first supplier that asked for our invoice address before sending anything."),
    ("AP04", "Registers PO rules in the portal", "negative", ["portal", "purchase orders"], "We have two cost centres on one contract and the portal simply would not take it."),
    ("AP02", "First invoice goes to the wrong address", "negative", ["invoice address"], "It went to the general inbox, sat there for three weeks and came back as a reminder with a fee."),
    ("AP07", "First invoice goes to the wrong address", "negative", ["invoice address"], "We typed the address into your portal. Why did the invoice not use it?"),
    ("AP03", "Opens the invoice PDF", "negative", ["invoice layout"], "NW-4471-B tells me nothing. I have to email sales to ask what we bought."),
    ("AP09", "Opens the invoice PDF", "mixed", ["invoice layout"], "The totals are clear, the lines are not."),
    ("AP06", "Matches the invoice to the purchase order", "negative", ["purchase orders"], "No PO number means the invoice lands in the exception queue. Every single month."),
    ("AP10", "Matches the invoice to the purchase order", "negative", ["purchase orders"], "If it matches, I never think about you. If it doesn't, you are my problem supplier."),
    ("AP05", "Calls billing support", "positive", ["support"], "She fixed the invoice while I was still on the phone. That never happens."),
    ("AP11", "Calls billing support", "positive", ["support"], "A real person who could issue a credit note right away — that is why we renewed."),
    ("AP08", "Gets the payment confirmation", "positive", ["payments"], "The confirmation email means I can close the item without checking the bank."),
    ("AP12", "Reconciles at month end", "negative", ["statements"], "Your statement is a month behind, so I reconcile against my own spreadsheet."),
    ("AP02", "Downloads the usage report", "positive", ["reporting"], "Usage per cost centre was exactly what our CFO asked for in the budget meeting."),
    ("AP04", "Renegotiates the contract", "neutral", ["renewal"], "We want fewer surprises on the invoices more than a lower price."),
]

NARRATIVES = [
    {"title": "The invoice that lived in the exception queue", "participant": "AP06", "told_on": "2026-04-10",
     "tags": ["purchase orders"], "steps": ["Matches the invoice to the purchase order", "Calls billing support"],
     "body": (
         "Every month the Northwind invoice arrives **without a PO number**, so the ERP cannot match it and "
         "it waits in the exception queue until Maria chases the budget owner by email.\n\n"
         "She has built a workaround: a spreadsheet of Northwind contracts with their PO numbers, which she "
         "types in by hand. *It works, but it is my time, every month.*"),
     },
]

JOBS = [
    {"situation": "an invoice arrives", "motivation": "have it match our purchase order automatically",
     "outcome": "pay on time without touching it", "importance": 5, "satisfaction": 2,
     "tags": ["purchase orders"], "steps": ["Matches the invoice to the purchase order"],
     "phases": ["Understand what we are being charged for"]},
    {"situation": "we plan next year's budget", "motivation": "see spend per cost centre",
     "outcome": "give budget owners numbers they trust", "importance": 4, "satisfaction": 4,
     "tags": ["reporting"], "steps": ["Downloads the usage report"], "phases": ["Plan next year's spend"]},
]
