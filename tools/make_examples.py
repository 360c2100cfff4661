"""Generate data/examples/: example submissions built from the 2024 note's UNODC activities.

- ``unodc-2023-valid.xlsx`` / ``.csv``: activities UNODC reported for 2023, as the note
  describes them (paragraph in each description); reach only where the note states it
  (para 34: global programmes and the Standards count as global; named countries as country).
  Quantities only where the note gives an exact number ("over", "almost" left out).
- ``unodc-2023-invalid.xlsx``: the first activity repeated, each row with one error of one
  kind (titles carry "(example row N)" so they do not collide), plus spreadsheet faults:
  a renamed and an extra column, merged cells, formulas with and without a saved value,
  an Excel date serial and a date in the year column.

Run: ``uv run python tools/make_examples.py`` (rewrites the files; the tests read them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "examples"

HEADER = ["Title", "Description", "Chapters", "Lead entity", "Participating entities", "Other partners",
          "Partner note", "Reach", "Countries and regions", "Reporting year", "Programme", "Activity types",
          "Thematic focuses", "Quantities"]

# One dict per activity; every fact from the paragraph named in its description.
VALID: list[dict[str, object]] = [
    {"Title": "Container Control Programme (CCP)",
     "Description": "UNODC/WCO programme supporting and equipping port and air cargo control units; training "
                    "and seizure reporting (note para 51; global per para 34).",
     "Chapters": "III", "Lead entity": "UNODC", "Participating entities": "UNODC; WCO", "Reach": "Global",
     "Reporting year": 2023, "Programme": "CCP",
     "Activity types": "Capacity building; Operational support and equipment",
     "Thematic focuses": "Border, port, airport and postal control; Drug trafficking",
     "Quantities": "71 countries; 111 Port Control Units (PCU); 22 Air Cargo Control Units (ACCU); "
                   "309 training activities or sessions; 1426 seizures or seizure cases reported"},
    {"Title": "Implementation guide to the UNODC/WHO International Standards for the Treatment of Drug Use Disorders",
     "Description": "UNODC and WHO jointly develop an implementation guide to the Standards (note para 38; "
                    "the Standards count as global, para 34).",
     "Chapters": "I", "Lead entity": "UNODC", "Participating entities": "UNODC; WHO", "Reach": "Global",
     "Reporting year": 2023, "Programme": "", "Activity types": "Development of standards, guidelines and tools",
     "Thematic focuses": "Treatment and care of drug use disorders"},
    {"Title": "Technical support for opioid agonist therapy (OAT)",
     "Description": "With WHO and UNAIDS, technical support for establishing OAT; requests in Jordan, Libya and "
                    "Tunisia; training of service providers in Belarus, India, South Africa, Nigeria and Kenya "
                    "(note para 43).",
     "Chapters": "I", "Lead entity": "UNODC", "Participating entities": "UNODC; WHO; UNAIDS", "Reach": "Country",
     "Countries and regions": "Jordan; Libya; Tunisia; Belarus; India; South Africa; Nigeria; Kenya",
     "Reporting year": 2023, "Activity types": "Technical assistance; Training",
     "Thematic focuses": "Treatment and care of drug use disorders"},
    {"Title": "Gender-responsive HIV and hepatitis programmes for people who use stimulant drugs",
     "Description": "Capacity-building with WHO and UNAIDS for state service providers and community-led "
                    "organizations through eight trainings (note para 44).",
     "Chapters": "I", "Lead entity": "UNODC", "Participating entities": "UNODC; WHO; UNAIDS", "Reach": "Country",
     "Countries and regions": "Afghanistan; India; Malaysia; the Philippines; South Africa; Indonesia; "
                              "Bangladesh; East African region",
     "Reporting year": 2023, "Activity types": "Capacity building; Training",
     "Thematic focuses": "HIV/AIDS; Viral hepatitis; Gender", "Quantities": "8 training activities or sessions"},
    {"Title": "Preventing mother-to-child HIV transmission in prison settings",
     "Description": "Regional and national trainings for prison service providers and administrations on "
                    "gender-responsive, evidence-based interventions (note para 45).",
     "Chapters": "I", "Lead entity": "UNODC", "Participating entities": "UNODC; UNAIDS; UNFPA; UN-Women; WHO",
     "Partner note": "civil society and community-led partners", "Reach": "Regional",
     "Countries and regions": "Central Asia; Nepal; Mozambique; Kazakhstan; Egypt; Morocco",
     "Reporting year": 2023, "Activity types": "Training",
     "Thematic focuses": "HIV/AIDS; Prisons and other closed settings; Women"},
    {"Title": "Alternative livelihoods under the national illicit crop substitution programme (PNIS)",
     "Description": "UNODC and UNIDO joint initiative in North Santander: technical assistance to families, "
                    "producer organizations, business plans, branding and marketing (note para 65).",
     "Chapters": "VII", "Lead entity": "UNODC", "Participating entities": "UNODC; UNIDO", "Reach": "Country",
     "Countries and regions": "Colombia", "Reporting year": 2023, "Programme": "PNIS",
     "Activity types": "Technical assistance", "Thematic focuses": "Alternative development and livelihoods"},
    {"Title": "Pernambuco Cooperation",
     "Description": "Multi-agency alternative urban development project supporting public policies on crime "
                    "and violence prevention in the state of Pernambuco (note para 67).",
     "Chapters": "VII", "Lead entity": "UNODC", "Participating entities": "UNODC; UNDP; UN-Habitat",
     "Other partners": "Igarapé Institute", "Reach": "Country", "Countries and regions": "Brazil",
     "Reporting year": 2023, "Programme": "Pernambuco Cooperation", "Activity types": "Policy advice and support",
     "Thematic focuses": "Crime and violence prevention", "Quantities": "184 municipalities"},
    {"Title": "Alternative development cooperation in Afghanistan",
     "Description": "UNODC and UNDP collaborate in Afghanistan on alternative development (since 2017); MoU "
                    "agreements with IOM and UN-Women signed in October 2023 (note para 66).",
     "Chapters": "VII", "Lead entity": "UNODC", "Participating entities": "UNODC; UNDP; IOM; UN-Women",
     "Reach": "Country", "Countries and regions": "Afghanistan", "Reporting year": 2023,
     "Activity types": "Partnership agreement", "Thematic focuses": "Alternative development and livelihoods"},
]

# The invalid file: row number -> (column, broken value); each row is VALID[0] with one change.
# The expected (row, column, rule) set is in tests/test_examples_submissions.py.
INVALID_HEADER = [h if h != "Partner note" else "Partner notes" for h in HEADER] + ["Notes"]
BROKEN: dict[int, tuple[str, object]] = {
    2: ("Title", None),                                 # title-required
    3: ("Chapters", None),                              # chapter-required
    4: ("Chapters", "VIII"),                            # chapter-register
    5: ("Lead entity", "UNDOC"),                        # lead-register, suggests UNODC (the note's typo, para 49)
    6: ("Lead entity", "UNODC; WCO"),                   # lead-exactly-one
    7: ("Participating entities", "UNODC; UNHRC"),      # participant-register, suggests UNHCR (footnote 13)
    8: ("Reach", None),                                 # reach-exactly-one
    9: ("Reach", "Local"),                              # reach-register
    10: ("Reach", "Country"),                           # CountryReachShape (no country named)
    11: ("Reach", "Regional"),                          # RegionalReachShape (no region named)
    12: ("Countries and regions", "Atlantis"),          # area-register
    13: ("Reporting year", 2016),                       # year-range
    14: ("Reporting year", "last year"),                # year-integer
    15: ("Reporting year", dt.datetime(2023, 3, 1)),    # year-integer (a date; hint: type 2023)
    16: ("Reporting year", 45000),                      # year-range (an Excel date serial; hint)
    17: ("Programme", "Container Programme"),           # programme-register
    18: ("Quantities", "-5 people trained"),            # quantity-non-negative
    19: ("Quantities", "2.5 people trained"),           # quantity-value (not a whole number)
    20: ("Quantities", "120"),                          # quantity-kind (no kind)
    21: ("Activity types", "Dancing"),                  # activity-type-register
    22: ("Thematic focuses", "Cooking"),                # focus-register
    23: ("Other partners", "Unknown Foundation"),       # partner-register
    24: ("Description", None),                          # description-present (Warning)
    # 25 and 26: the same activity twice -> duplicate-in-submission on both rows
    # 27-28: merged cells in "Description"; 29: formula with saved value; 30: formula without
}
FORMULA_CACHED_ROW, FORMULA_EMPTY_ROW = 29, 30


def _row(activity: dict[str, object], header: list[str]) -> list[object]:
    src = {("Partner notes" if k == "Partner note" else k): v for k, v in activity.items()}
    return [None if src.get(h) == "" else src.get(h) for h in header]


def valid_rows() -> list[list[object]]:
    return [_row(a, HEADER) for a in VALID]


def write_valid() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    ws.append(HEADER)
    for r in valid_rows():
        ws.append(r)
    wb.save(OUT / "unodc-2023-valid.xlsx")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in valid_rows():
        w.writerow(["" if v is None else v for v in r])
    (OUT / "unodc-2023-valid.csv").write_bytes(buf.getvalue().encode("utf-8"))


def write_invalid() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    ws.append(INVALID_HEADER)
    base = dict(VALID[0])
    for n in range(2, FORMULA_EMPTY_ROW + 1):
        a = dict(base)
        a["Title"] = f"{base['Title']} (example row {n})"
        if n in (25, 26):
            a["Title"] = f"{base['Title']} (example rows 25 and 26)"
        if n in BROKEN:
            col, value = BROKEN[n]
            a[col] = value
        ws.append(_row(a, INVALID_HEADER))
    year_col = INVALID_HEADER.index("Reporting year") + 1
    ws.cell(15, year_col).number_format = "yyyy-mm-dd"
    desc_col = INVALID_HEADER.index("Description") + 1
    ws.cell(28, desc_col).value = None
    ws.merge_cells(start_row=27, start_column=desc_col, end_row=28, end_column=desc_col)
    ws.cell(FORMULA_CACHED_ROW, year_col).value = "=2020+3"
    ws.cell(FORMULA_EMPTY_ROW, year_col).value = "=2020+3"
    buf = io.BytesIO()
    wb.save(buf)
    (OUT / "unodc-2023-invalid.xlsx").write_bytes(_with_cached_value(buf.getvalue(), FORMULA_CACHED_ROW,
                                                                     year_col, "2023"))


def _with_cached_value(xlsx: bytes, row: int, col: int, value: str) -> bytes:
    """Add the value a spreadsheet program would have saved for one formula (openpyxl writes none)."""
    from openpyxl.utils import get_column_letter

    ref = f"{get_column_letter(col)}{row}"
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text, n = re.subn(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                                  rf"\1<f>\2</f><v>{value}</v>", text)
                if n != 1:
                    raise RuntimeError(f"formula cell {ref} not found")
                data = text.encode()
            dst.writestr(item, data)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_valid()
    write_invalid()
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(ROOT), p.stat().st_size)


if __name__ == "__main__":
    main()
