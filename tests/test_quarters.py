"""Quarters the gazetteer lacks ("el barrio El Pozón", "the Atalaya district of Cúcuta"):
pinned at the centre of their town, said to be approximate, and kept when moved by hand."""

from __future__ import annotations

import json

import pytest
from conftest import ingest_articles

from vzmap.gazetteer.index import distance_km, load_gazetteer
from vzmap.geoparse.pipeline import geoparse
from vzmap.ingest import ingest

CARTAGENA = (10.39, -75.51)
CUCUTA = (7.89, -72.51)
PETARE = (10.48, -66.81)
ARTICLE = (
    "CARTAGENA, Colombia (EFE). Los barrios Olaya Herrera, El Pozón y Nelson Mandela pasaron "
    "la semana sin agua. Una vecina que vive hace veinte años en El Pozón dijo que nadie vino.\n"
)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def places(text, gaz, lang):
    return [m for m in geoparse(text, gaz, lang=lang) if m.role == "place"]


def quarters(text, gaz, lang="es"):
    found = places(text, gaz, lang)
    return {(m.text, m.start): m.entry for m in found if m.entry.kind == "quarter"}


def near(entry, point, km=5):
    return distance_km(entry.lat, entry.lon, *point) <= km


def test_listed_barrios_and_a_later_mention_are_pinned_at_their_town(gaz):
    found = quarters(ARTICLE, gaz)
    names = [name for name, _ in sorted(found, key=lambda k: k[1])]
    assert names == ["Olaya Herrera", "El Pozón", "Nelson Mandela", "El Pozón"]
    for entry in found.values():
        assert near(entry, CARTAGENA) and entry.within == "Cartagena" and entry.country == "CO"
    ids = {e.id for (name, _), e in found.items() if name == "El Pozón"}
    assert len(ids) == 1  # one place, mentioned twice


def test_the_town_the_text_ties_a_quarter_to_wins(gaz):
    text = ("VALENCIA, Venezuela. La policía llegó en la madrugada al barrio José Félix Ribas de "
            "Petare, donde detuvo a tres jóvenes. En Valencia no hubo detenidos.")
    (entry,) = quarters(text, gaz).values()
    assert entry.name == "José Félix Ribas" and entry.within == "Petare" and near(entry, PETARE)


def test_an_english_district_of_a_town_is_pinned_there(gaz):
    text = ("BOGOTA (Reuters) - Migrants living in the working-class Atalaya district of Cucuta "
            "said the raids began at dawn.")
    found = quarters(text, gaz, "en")
    assert [n for n, _ in found] == ["Atalaya"]  # not Atalaya, Peru
    assert near(next(iter(found.values())), CUCUTA)


def test_a_migrants_home_town_is_not_the_quarters_town(gaz):
    text = ("BARRANQUILLA, Colombia. Vendedores de Barranquilla protestaron el lunes. Luis, que "
            "llegó de Maracaibo hace dos años, vende café en el barrio El Bosque.")
    (entry,) = quarters(text, gaz).values()
    assert entry.within == "Barranquilla"


def test_no_town_no_pin(gaz):
    assert quarters("Los vecinos del barrio El Pozón pasaron la semana sin agua.", gaz) == {}


def test_what_is_not_a_quarter_stays_as_it_was(gaz):
    text = ("ORLANDO, Fla. - Raids are spreading across Central Florida's Venezuelan "
            "neighborhoods. The energy sector Chevron said it would keep pumping.")
    found = {m.text: m.entry for m in places(text, gaz, "en")}
    assert "Venezuelan" not in found and "Chevron" not in found
    text = ("PORTO ALEGRE, Brazil (AP) - Floods hit Canoas again. Some 2,000 Venezuelans live in "
            "Mathias Velho, the low-lying Canoas neighborhood that was under water for weeks.")
    found = {(m.text, m.start): m.entry for m in places(text, gaz, "en")}
    town = [e for (name, _), e in found.items() if name == "Canoas"]
    assert [(e.kind, e.country) for e in town] == [("city", "BR")] * 2  # the town itself


def test_a_quarter_in_the_places_file_and_a_hand_move_that_survives(tmp_path):
    out = ingest_articles(tmp_path, {"cartagena.txt": ARTICLE})
    data = json.loads(out.read_text("utf-8"))
    (pozon,) = [f for f in data["features"] if f["properties"]["name"] == "El Pozón"]
    props = pozon["properties"]
    assert (props["kind"], props["within"], props["gazetteer_id"]) == ("quarter", "Cartagena", None)
    assert len(props["mentions"]) == 2
    town = next(f for f in data["features"] if f["properties"]["name"] == "Cartagena")
    assert "within" not in town["properties"]

    pozon["geometry"]["coordinates"] = [-75.4702, 10.4011]  # moved by hand to the barrio
    del props["within"]
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    ingest([tmp_path / "in"], out)
    again = json.loads(out.read_text("utf-8"))
    (moved,) = [f for f in again["features"] if f["id"] == pozon["id"]]
    assert moved["geometry"]["coordinates"] == [-75.4702, 10.4011]
    assert "within" not in moved["properties"]


def test_the_main_town_is_the_most_named_then_the_biggest(gaz):
    text = ("Raids reach Murfreesboro and Nashville, Tenn.\n\nTroopers stopped cars in "
            "Murfreesboro on Friday. By Sunday the raids had reached Nashville. Witnesses said "
            "agents waited outside a tire shop in the Paragon Mills neighborhood.")
    (entry,) = quarters(text, gaz, "en").values()
    assert entry.within == "Nashville"  # each named twice: the bigger town


def test_a_common_word_before_or_after_a_quarter_word_is_no_quarter(gaz):
    text = ("CHICAGO (AP) - Raids hit a largely Latino neighborhood and Hispanic neighborhoods "
            "of Chicago, and the Austin neighborhood.")
    assert [n for n, _ in quarters(text, gaz, "en")] == ["Austin"]  # a town's name stays
    text = ("MARACAY (EFE). El sector Salud denunció fallas en el sector Brasil de Maracay. En "
            "la zona Norte y en el distrito Capital hubo apagones.")
    assert [n for n, _ in quarters(text, gaz)] == ["Brasil"]


def test_the_town_of_the_barrios_a_title_names_stays_a_town(gaz):
    text = "Cortes de agua en los barrios de Cartagena\n\n" + ARTICLE
    found = places(text, gaz, "es")
    towns = [m.text for m in found if m.entry.kind == "city"]
    assert towns == ["Cartagena", "CARTAGENA"]  # not a quarter called Cartagena
    assert len([m for m in found if m.entry.kind == "quarter"]) == 4
    assert "Cortes" not in {m.text for m in found}  # cuts, not the department of Cortés


def test_a_tie_for_the_main_town_goes_to_the_dateline(gaz):
    text = ("SANTO DOMINGO (AP) - Flights from Caracas stay grounded. Families who left Caracas "
            "wait in Santo Domingo. Many rent rooms in the Gazcue neighborhood.")
    (entry,) = quarters(text, gaz, "en").values()
    assert entry.within == "Santo Domingo" and entry.country == "DO"  # not the bigger Caracas


def test_a_mexican_colonia_is_a_quarter_of_its_town(gaz):
    text = "Cientos de venezolanos acampan en la colonia Juárez de la Ciudad de México."
    (entry,) = quarters(text, gaz).values()
    assert entry.name == "Juárez" and entry.within == "Mexico City"  # not Ciudad Juárez
