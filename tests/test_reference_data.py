"""The bundled registers and the note's activities are complete, sourced and consistent.

Checks the files themselves (data/reference, data/activities) with rdflib, the generated files
against their generators, and the bundled store built from them.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import ModuleType

import pycountry
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns  # (module, not its DefinedNamespaces: pytest probes module names)

from ungass_kg.store import EmbeddedStore
from ungass_kg.store.base import SelectResult

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
ACTIVITIES = ROOT / "data" / "activities"
UNG = Namespace("https://w3id.org/ungass-kg/ontology#")
ID = Namespace("https://w3id.org/ungass-kg/id/")
DOC = ID["document/inter-agency-note-2024"]
PARA = Namespace(str(DOC) + "/para/")
FOOTNOTE = Namespace(str(DOC) + "/footnote/")

FIGURE_1 = ["DPPA", "DPKO", "ICAO", "ILO", "IMO", "INCB", "INTERPOL", "IOM", "OHCHR", "UNAIDS", "UNDESA", "UNDP",
            "UNESCO", "UNFPA", "UN-Habitat", "UNHCR", "UNICEF", "UNIDO", "UNODC", "UN-Women", "UPU", "WCO", "WHO"]


def load(paths: Iterable[Path]) -> Graph:
    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return g


@cache
def reference() -> Graph:
    return load(sorted(REFERENCE.glob("*.ttl")))


@cache
def activities() -> Graph:
    return load(sorted(ACTIVITIES.glob("*.ttl")))


@cache
def note() -> Graph:
    return load([REFERENCE / "note-2024.ttl"])


def num(node: object) -> int:
    """The integer value of a literal (fails loudly on anything else)."""
    assert isinstance(node, Literal), node
    return int(node)


def activity_iris() -> list[URIRef]:
    return sorted(a for a in activities().subjects(ns.RDF.type, UNG.Activity) if isinstance(a, URIRef))


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- generated files are up to date


@pytest.mark.parametrize(("script", "target"), [("generate_areas", "areas.ttl"), ("generate_note", "note-2024.ttl")])
def test_generated_file_is_up_to_date(script: str, target: str, tmp_path: Path) -> None:
    out = tmp_path / target
    subprocess.run([sys.executable, str(ROOT / "tools" / f"{script}.py"), str(out)], check=True, cwd=tmp_path)
    committed = (REFERENCE / target).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, (
        f"data/reference/{target} is stale: run 'uv run python tools/{script}.py'")


# ---------------------------------------------------------------- areas


def test_areas_match_pycountry_exactly() -> None:
    g = load([REFERENCE / "areas.ttl"])
    expected = {
        ID[f"area/{c.numeric}"]: (c.name, c.numeric, c.alpha_2, c.alpha_3) for c in pycountry.countries
    }
    found = {}
    for area in g.subjects(ns.RDF.type, UNG.Country):
        found[area] = (
            next(str(x) for x in g.objects(area, ns.SKOS.prefLabel) if isinstance(x, Literal) and x.language == "en"),
            str(g.value(area, UNG.m49Code)),
            str(g.value(area, UNG.iso3166Alpha2)),
            str(g.value(area, UNG.iso3166Alpha3)),
        )
    assert found == expected
    assert found[ID["area/004"]] == ("Afghanistan", "004", "AF", "AFG")


def test_area_names_in_the_six_languages_come_from_pycountry() -> None:
    g = load([REFERENCE / "areas.ttl"])

    def names(code: str) -> dict[str, str]:
        return {x.language or "": str(x) for x in g.objects(ID[f"area/{code}"], ns.SKOS.prefLabel)
                if isinstance(x, Literal)}

    assert names("004") == {"en": "Afghanistan", "ar": "أفغانستان", "es": "Afganistán", "fr": "Afghanistan",
                            "ru": "Афганистан", "zh": "阿富汗"}
    assert names("156")["zh"] == "中国" and names("250")["fr"] == "France" and names("250")["ru"] == "Франция"
    # one name per language (pages pick one), Chinese tagged zh, never zh-cn
    for area in g.subjects(ns.RDF.type, UNG.Country):
        langs = [x.language for x in g.objects(area, ns.SKOS.prefLabel) if isinstance(x, Literal)]
        assert len(langs) == len(set(langs)) and "zh-cn" not in langs and langs[0] is not None, area
    assert sum(1 for s in g.subjects(ns.RDF.type, UNG.Country) if "ar" in names(str(s)[-3:])) > 200


def test_regions_are_m49_or_named_by_the_note() -> None:
    g = reference()
    m49 = {str(g.value(r, UNG.m49Code)): str(g.value(r, ns.SKOS.prefLabel)) for r in g.subjects(ns.RDF.type, UNG.Region)
           if g.value(r, UNG.m49Code) is not None}
    for code, label in {"143": "Central Asia", "419": "Latin America and the Caribbean", "035": "South-eastern Asia",
                        "034": "Southern Asia", "014": "Eastern Africa", "018": "Southern Africa", "029": "Caribbean",
                        "145": "Western Asia", "015": "Northern Africa", "054": "Melanesia"}.items():
        assert m49[code] == label
    for slug in ("asia-pacific", "middle-east-and-north-africa", "south-pacific", "east-african-region"):
        region = ID[f"area/{slug}"]
        assert (region, ns.RDF.type, UNG.Region) in g
        assert g.value(region, UNG.m49Code) is None
        assert g.value(region, ns.DCTERMS.source) is not None
    # Region keys never collide with country keys.
    assert not set(g.subjects(ns.RDF.type, UNG.Region)) & set(g.subjects(ns.RDF.type, UNG.Country))


# ---------------------------------------------------------------- chapters and entities


def test_seven_chapters_with_notation_and_titles() -> None:
    g = reference()
    chapters = sorted(g.subjects(ns.RDF.type, UNG.Chapter), key=lambda c: num(g.value(c, UNG.chapterNumber)))
    assert [str(g.value(c, ns.SKOS.notation)) for c in chapters] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert chapters == [ID[f"chapter/{n}"] for n in range(1, 8)]
    assert [str(g.value(c, ns.SKOS.prefLabel)) for c in chapters] == [
        "Demand reduction", "Availability and access", "Supply reduction", "Human rights",
        "Trends and challenges", "International cooperation", "Alternative development"]
    for c in chapters:
        assert str(g.value(c, ns.DCTERMS.title)).startswith("Operational recommendations on")
        assert g.value(c, ns.DCTERMS.source) == FOOTNOTE["1"]


def test_all_23_figure_1_organisations_are_matrix_entities() -> None:
    g = reference()
    matrix = set(g.subjects(ns.RDF.type, UNG.MatrixEntity))
    acronyms = {str(g.value(e, UNG.acronym)): e for e in matrix}
    assert sorted(acronyms) == sorted(FIGURE_1)
    for acronym, entity in acronyms.items():
        assert entity == ID[f"entity/{acronym.lower()}"]
        name = g.value(entity, ns.SKOS.prefLabel)
        assert isinstance(name, Literal) and name.language == "en" and len(name) > len(acronym), acronym
    assert str(g.value(ID["entity/unodc"], ns.SKOS.prefLabel)) == "United Nations Office on Drugs and Crime"


def test_partners_the_note_names_are_in_the_register() -> None:
    g = reference()
    entities = set(g.subjects(ns.RDF.type, UNG.Entity)) | set(g.subjects(ns.RDF.type, UNG.MatrixEntity))
    for key in ("uicc", "emcdda", "oas-cicad", "paho", "world-bank", "unctad", "wfp", "eosg", "cdc", "pepfar",
                "usaid", "together-for-girls", "end-violence-against-children", "igarape-institute",
                "asian-forensic-sciences-network", "enfsi", "cnd", "unga", "ecosoc", "ceb", "adb", "wto"):
        assert ID[f"entity/{key}"] in entities, key
    # Misspellings in the note are not entities (or labels) of their own.
    labels = {str(o) for p in (UNG.acronym, ns.SKOS.altLabel, ns.SKOS.prefLabel) for o in g.objects(None, p)}
    assert "UNDOC" not in labels and "UNHRC" not in labels


def test_renamings_are_change_events() -> None:
    g = reference()
    events = {
        (g.value(e, ns.ORG.originalOrganization), g.value(e, ns.ORG.resultingOrganization), g.value(e, ns.DCTERMS.date))
        for e in g.subjects(ns.RDF.type, ns.ORG.ChangeEvent)
    }
    jan_2019 = Literal("2019-01-01", datatype=ns.XSD.date)
    assert (ID["entity/dpko"], ID["entity/dpo"], jan_2019) in events
    dppa_origins = {o for e in g.subjects(ns.ORG.resultingOrganization, ID["entity/dppa"])
                    for o in g.objects(e, ns.ORG.originalOrganization)}
    assert dppa_origins == {ID["entity/dpa"], ID["entity/pbso"]}


# ---------------------------------------------------------------- mechanisms


def test_memberships_are_sourced_dated_and_point_to_the_register() -> None:
    g = reference()
    entities = set(g.subjects(ns.RDF.type, UNG.Entity)) | set(g.subjects(ns.RDF.type, UNG.MatrixEntity))
    mechanisms = set(g.subjects(ns.RDF.type, UNG.CoordinationMechanism))
    roles = {ID[f"role/{r}"] for r in ("lead", "chair", "co-chair", "member", "observer", "cosponsor")}
    memberships = list(g.subjects(ns.RDF.type, ns.ORG.Membership))
    assert len(memberships) >= 70
    for m in memberships:
        member, mech = g.value(m, ns.ORG.member), g.value(m, ns.ORG.organization)
        assert member in entities and mech in mechanisms, m
        assert m == ID[f"membership/{str(mech).rsplit('/', 1)[1]}/{str(member).rsplit('/', 1)[1]}"]
        assert set(g.objects(m, ns.ORG.role)) and set(g.objects(m, ns.ORG.role)) <= roles, m
        assert g.value(m, UNG.asOf) is not None and g.value(m, ns.DCTERMS.source) is not None, m


def test_task_team_as_of_june_2023_led_by_unodc() -> None:
    g = reference()
    lead = ID["membership/task-team/unodc"]
    assert g.value(lead, ns.ORG.role) == ID["role/lead"]
    assert g.value(lead, UNG.asOf) == Literal("2023-06", datatype=ns.XSD.gYearMonth)
    members = {g.value(m, ns.ORG.member) for m in g.subjects(ns.ORG.organization, ID["mechanism/task-team"])}
    assert {str(e).rsplit("/", 1)[1] for e in members} == {
        "unodc", "eosg", "imo", "ohchr", "unaids", "unesco", "undp", "un-women", "upu", "who"}
    # Footnote 13's "UNHRC" chairs as UNHCR; footnote 7's OHCHR is an observer.
    assert g.value(ID["membership/iasc-substance-use-group/unhcr"], ns.ORG.role) == ID["role/chair"]
    assert g.value(ID["membership/itwg-prevention-treatment/ohchr"], ns.ORG.role) == ID["role/observer"]
    assert len(set(g.subjects(ns.ORG.organization, ID["mechanism/unitaf"]))) == 33


# ---------------------------------------------------------------- the note


def test_note_has_every_paragraph_and_footnote() -> None:
    g = note()
    assert (DOC, ns.RDF.type, UNG.SourceDocument) in g
    assert g.value(DOC, ns.DCTERMS.date) == Literal("2024-02-27", datatype=ns.XSD.date)
    paras = {num(g.value(p, UNG.paragraphNumber)) for p in g.subjects(ns.RDF.type, UNG.Paragraph)}
    notes = {num(g.value(f, UNG.footnoteNumber)) for f in g.subjects(ns.RDF.type, UNG.Footnote)}
    assert paras == set(range(1, 69)) and notes == set(range(1, 17))
    for part in [*g.subjects(ns.RDF.type, UNG.Paragraph), *g.subjects(ns.RDF.type, UNG.Footnote)]:
        assert g.value(part, ns.DCTERMS.isPartOf) == DOC
        text = str(g.value(part, ns.RDF.value))
        assert "---" not in text and "<sup>" not in text and "**" not in text, part


def test_paragraphs_split_by_page_breaks_are_joined() -> None:
    g = note()
    para_12 = str(g.value(PARA["12"], ns.RDF.value))
    assert "Treatment and Care of Drug Use Disorders, and the Inter-Agency Task Force" in para_12
    assert str(g.value(PARA["43"], ns.RDF.value)).endswith("in Belarus, India, South Africa, Nigeria, and Kenya.")
    assert "organized the third Forensic Science Symposium" in str(g.value(PARA["61"], ns.RDF.value))
    fn1 = str(g.value(FOOTNOTE["1"], ns.RDF.value))
    assert "evolving reality, trends and existing circumstances" in fn1
    assert fn1.endswith("(Chapter VII: alternative development).")
    assert str(g.value(PARA["51"], ns.RDF.value)).startswith("Collaboration continued in the UNODC/WCO")
    assert (PARA["12"], ns.DCTERMS.references, FOOTNOTE["7"]) in g


@pytest.mark.parametrize(("old", "new", "error"), [
    ("\n51. Collaboration continued", "\nCollaboration continued", r"note\.md: text with no paragraph to continue"),
    ("\n51. Collaboration continued", "\n", r"note\.md: para numbers are not 1\.\.68"),
    ("\n<sup>16</sup> The centre", "\n<sup>17</sup> The centre", r"note\.md: footnote numbers are not 1\.\.16"),
])
def test_note_generator_rejects_a_damaged_source(old: str, new: str, error: str, tmp_path: Path) -> None:
    """A damaged conversion of the note stops the generator with a message naming the file."""
    gen = tool("generate_note")
    text = (ROOT / "data" / "source" / "inter-agency-note-2024.md").read_text(encoding="utf-8")
    assert old in text
    if new == "\n":  # drop the whole paragraph
        start = text.index(old)
        end = text.index("\n52. ", start)
        text = text[:start] + "\n" + text[end:]
    else:
        text = text.replace(old, new)
    broken = tmp_path / "note.md"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=error):
        gen.parse(broken)


# ---------------------------------------------------------------- activities


def test_at_least_40_activities() -> None:
    assert len(activity_iris()) >= 40


def test_every_activity_has_the_required_fields() -> None:
    g, ref, doc = activities(), reference(), note()
    parts = set(doc.subjects(ns.RDF.type, UNG.Paragraph)) | set(doc.subjects(ns.RDF.type, UNG.Footnote))
    chapters = set(ref.subjects(ns.RDF.type, UNG.Chapter))
    reaches = set(ref.subjects(ns.RDF.type, UNG.Reach))
    for a in activity_iris():
        assert str(a).startswith(str(ID["activity/"])), a
        titles = list(g.objects(a, ns.DCTERMS.title))
        assert len(titles) == 1 and len(str(titles[0])) >= 3, a
        assert set(g.objects(a, UNG.chapter)) and set(g.objects(a, UNG.chapter)) <= chapters, a
        leads = list(g.objects(a, UNG.leadEntity))
        assert len(leads) == 1, a
        assert (a, UNG.participant, leads[0]) in g, f"{a}: the lead is not also a participant"
        reach = list(g.objects(a, UNG.reach))
        assert len(reach) == 1 and reach[0] in reaches, a
        years = list(g.objects(a, UNG.reportingYear))
        if years:
            assert len(years) == 1 and isinstance(years[0], Literal) and years[0].datatype == ns.XSD.integer, a
            assert 2017 <= num(years[0]) <= 2024, a
        else:  # a year the note does not give is left out, and the activity says so
            assert any(str(c).startswith("Reporting year not stated") for c in g.objects(a, ns.RDFS.comment)), a
        sources = set(g.objects(a, ns.DCTERMS.source))
        assert sources and sources <= parts, f"{a}: dct:source must be paragraphs or footnotes of the note"
        assert any((s, ns.RDF.type, UNG.Paragraph) in doc for s in sources), a


def test_activities_only_use_things_of_the_registers() -> None:
    g, ref = activities(), reference()
    described = set(ref.subjects())
    for s, _, o in g:
        if isinstance(o, URIRef) and str(o).startswith(str(ID)):
            assert o in described, f"{s} points to {o}, which no register describes"


def test_reach_agrees_with_the_areas_named() -> None:
    g, ref = activities(), reference()
    for a in activity_iris():
        reach = g.value(a, UNG.reach)
        areas = set(g.objects(a, UNG.area))
        countries = {x for x in areas if (x, ns.RDF.type, UNG.Country) in ref}
        if reach == ID["reach/country"]:
            assert countries, a
        elif reach == ID["reach/regional"]:
            assert areas and not countries, a
        else:
            assert not areas, a


def test_section_viii_activities_are_reported_for_2023_in_their_chapter() -> None:
    """Paras 36-68 are 2023 activities (para 35), filed under the chapter of their section heading.

    The exceptions are items the text itself dates otherwise (launched in 2020 or in January 2024):
    they say so in a comment starting "Reporting year:".
    """
    g = activities()
    sections = [(range(36, 46), 1), (range(46, 51), 2), (range(51, 54), 3), (range(54, 59), 4),
                (range(59, 62), 5), (range(62, 65), 6), (range(65, 69), 7)]
    seen = set()
    for a in activity_iris():
        for s in g.objects(a, ns.DCTERMS.source):
            if not str(s).startswith(str(PARA)):
                continue
            n = int(str(s).rsplit("/", 1)[1])
            for paras, chapter in sections:
                if n in paras:
                    seen.add(n)
                    assert (a, UNG.chapter, ID[f"chapter/{chapter}"]) in g, (a, n)
                    dated = any(str(c).startswith("Reporting year:") for c in g.objects(a, ns.RDFS.comment))
                    assert num(g.value(a, UNG.reportingYear)) == 2023 or dated, a
    # Every paragraph of section VIII that describes an activity is covered (para 50 names no actor).
    assert set(range(36, 69)) - seen == {50}


def test_para_51_quantities() -> None:
    g = activities()
    ccp = ID["activity/ccp-2023"]
    stated = {}
    for q in g.objects(ccp, UNG.statedQuantity):
        kind = str(g.value(q, UNG.quantityKind)).rsplit("/", 1)[1]
        approximate = g.value(q, UNG.approximate)
        assert isinstance(approximate, Literal)
        stated[kind] = (num(g.value(q, ns.RDF.value)), approximate.toPython(), str(g.value(q, UNG.qualifier)))
    assert stated["countries"] == (71, False, "71 CCP beneficiary countries")
    assert stated["port-control-units"][:2] == (111, False)
    assert stated["people-trained"] == (4500, True, "just under 4,500 participants")
    assert stated["training-activities"][:2] == (309, False)
    assert stated["seizures"][:2] == (1426, False)
    assert g.value(ccp, UNG.leadEntity) == ID["entity/unodc"]
    assert (ccp, UNG.participant, ID["entity/wco"]) in g


def test_typos_of_the_note_map_to_the_right_entities() -> None:
    g = activities()
    webinars = ID["activity/morphine-access-webinars"]  # para 49 writes "UNDOC"
    assert (webinars, UNG.participant, ID["entity/unodc"]) in g
    assert "UNDOC" in " ".join(str(c) for c in g.objects(webinars, ns.RDFS.comment))
    group = ID["activity/iasc-substance-use-thematic-group"]  # footnote 13 writes "UNHRC"
    assert g.value(group, UNG.leadEntity) == ID["entity/unhcr"]


# ---------------------------------------------------------------- the bundled store


def test_bundled_store_holds_the_activities_and_registers(bundled_store: EmbeddedStore) -> None:
    result = bundled_store.query(
        "PREFIX ung: <https://w3id.org/ungass-kg/ontology#> "
        "SELECT (COUNT(DISTINCT ?a) AS ?acts) (COUNT(DISTINCT ?e) AS ?ents) WHERE { "
        "{ ?a a ung:Activity } UNION { ?e a ung:MatrixEntity } }")
    assert isinstance(result, SelectResult)
    row = result.rows[0]
    assert num(row["acts"]) == len(activity_iris())
    assert num(row["ents"]) == 23
