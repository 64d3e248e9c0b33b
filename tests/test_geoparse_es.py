"""Geoparsing Spanish news: sentence starts, people and organisations, geographic grammar,
exonyms, second-level divisions and the region's curated places, on short texts."""

from __future__ import annotations

import pytest

from vzmap.gazetteer.index import distance_km, load_gazetteer
from vzmap.geoparse.pipeline import geoparse


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def pinned(text, gaz):
    """Surface text -> entry of every pinned place (the last mention of a surface wins)."""
    return {m.text: m.entry for m in geoparse(text, gaz, lang="es") if m.role == "place"}


def near(entry, lat, lon, km):
    return distance_km(entry.lat, entry.lon, lat, lon) <= km


def test_a_place_after_a_sentence_initial_preposition_is_found(gaz):
    text = ("En Petare, la policía detuvo a doce personas. Mientras Caracas seguía a oscuras, "
            "los vecinos protestaban. Entre Maracaibo y Cabimas hay cortes de luz.")
    found = pinned(text, gaz)
    assert {"Petare", "Caracas", "Maracaibo", "Cabimas"} <= set(found)
    assert found["Petare"].country == "VE"


def test_sentence_initial_function_and_common_words_are_not_places(gaz):
    text = ("Sus vecinos llegaron temprano a Valencia. Para muchos, no hubo respuesta. Nada "
            "cambió en Barinas. Caen los precios del café en Mérida. Solo queda esperar.")
    found = pinned(text, gaz)
    assert not {"Sus", "Para", "Nada", "Caen", "Solo"} & set(found)
    assert {"Valencia", "Barinas", "Mérida"} <= set(found)


def test_people_are_not_places(gaz):
    text = ("Carmen Rodríguez esperó seis horas frente al tribunal de Valencia. La vecina Luisa "
            "Miranda dijo que su hijo sigue detenido. El coronel Ramón Falcón no respondió.")
    found = pinned(text, gaz)
    assert not {"Carmen", "Rodríguez", "Miranda", "Falcón"} & set(found)
    assert "Valencia" in found


def test_a_surname_does_not_hide_the_place_of_the_same_name(gaz):
    text = ("El dirigente Marcos Trujillo denunció cobros ilegales. En Trujillo, los comerciantes "
            "cerraron sus tiendas, y en Boconó también.")
    places = [m for m in geoparse(text, gaz, lang="es") if m.role == "place"]
    assert [m.start for m in places if m.text == "Trujillo"] == [text.index("En Trujillo") + 3]


def test_organisations_are_not_places(gaz):
    text = ("Las colas frente al Banco de Venezuela crecieron. La Guardia Nacional cerró la vía. "
            "Los estudiantes de la Universidad Central marcharon en Caracas.")
    found = pinned(text, gaz)
    assert set(found) == {"Caracas"}


def test_estado_names_the_state(gaz):
    found = pinned("La protesta se extendió a varios pueblos del estado Miranda.", gaz)
    assert found["Miranda"].kind == "admin1" and found["Miranda"].country == "VE"


def test_municipio_names_the_municipality_in_the_state_said(gaz):
    text = "Los detenidos viven en el municipio Sucre del estado Miranda, al este de Caracas."
    found = pinned(text, gaz)
    sucre = found["Sucre"]
    assert sucre.kind == "other" and sucre.admin1 == "Miranda"
    assert near(sucre, 10.48, -66.81, 20)  # its seat, Petare
    assert found["Miranda"].kind == "admin1"


def test_places_named_after_people_are_places(gaz):
    text = ("En el municipio José Félix Ribas, en Aragua, hubo allanamientos. La parroquia "
            "23 de Enero, en Caracas, amaneció militarizada.")
    found = pinned(text, gaz)
    assert near(found["José Félix Ribas"], 10.23, -67.33, 30)  # La Victoria
    assert near(found["23 de Enero"], 10.51, -66.93, 10)


def test_streets_squares_and_bridges_are_not_pinned_as_their_namesakes(gaz):
    text = ("La marcha salió de la avenida Bolívar hacia la plaza Altamira. En el puente "
            "internacional Simón Bolívar, entre Cúcuta y San Antonio del Táchira, hubo filas.")
    found = pinned(text, gaz)
    assert not {"Bolívar", "Altamira", "Simón Bolívar"} & set(found)
    assert "Cúcuta" in found


def test_spanish_exonyms_are_countries_and_regions(gaz):
    text = ("Los gobiernos de Estados Unidos, Inglaterra y Sierra Leona firmaron en Ginebra. "
            "Europa y América Latina guardaron silencio. Los EE. UU. respondieron.")
    found = pinned(text, gaz)
    assert found["Estados Unidos"].country == "US" and found["Estados Unidos"].kind == "country"
    assert found["EE. UU."].country == "US"
    assert found["Sierra Leona"].country == "SL"
    assert found["Inglaterra"].country == "GB"
    assert found["Europa"].kind == "region"


def test_the_city_said_beats_the_department(gaz):
    found = pinned("Los desplazados llegaron a la ciudad colombiana de Arauca.", gaz)
    assert found["Arauca"].kind == "city" and found["Arauca"].country == "CO"


def test_curated_districts_are_placed_by_their_city(gaz):
    text = ("La banda opera en Lima, en los distritos de Comas, Ate y San Juan de Lurigancho. "
            "En Caracas, la parroquia La Vega sigue sin agua.")
    found = pinned(text, gaz)
    for name in ("Comas", "Ate", "San Juan de Lurigancho"):
        assert near(found[name], -12.05, -77.04, 25), name
    assert near(found["La Vega"], 10.47, -66.95, 10)


def test_english_articles_keep_their_english_rules(gaz):
    text = "Protesters gathered in Caracas. Para state in Brazil also saw marches on Monday."
    places = {m.text for m in geoparse(text, gaz) if m.role == "place"}
    assert "Caracas" in places


def test_a_state_named_alone_is_not_a_country_by_an_alternate_name(gaz):
    found = pinned("Protestas de docentes en Lara y Portuguesa por los salarios.", gaz)
    assert found["Portuguesa"].kind == "admin1" and found["Portuguesa"].country == "VE"


def test_two_surnames_of_the_article_coordinated_are_people(gaz):
    text = ('Detuvieron a la maestra Carmen Mérida en Barquisimeto y al profesor Luis Trujillo '
            'en Guanare. Los docentes marcharon con las fotos de Mérida y Trujillo.')
    found = pinned(text, gaz)
    assert "Barquisimeto" in found and "Guanare" in found
    assert "Mérida" not in found and "Trujillo" not in found
