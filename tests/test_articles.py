"""The articles travel with the places file: ingest keeps their text beside it, so validate,
export and serve need no --docs and keep working when the originals are gone; `vzmap remove`
takes an article out; one article that fails never stops a run."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from test_placesfile import D0, D4, SEEDS
from test_server import ServeProcess, get

from vzmap.cli import main
from vzmap.places.articles import articles_dir
from vzmap.places.io import read_places


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def mentions_of(places, doc):
    return [m for f in read_places(places)["features"] for m in f["properties"]["mentions"]
            if m["doc"] == doc]


@pytest.fixture
def moved(tmp_path, monkeypatch):
    """Seed articles ingested from a folder outside the project into a places file elsewhere;
    the folder is then deleted and the working directory is another one."""
    outside = tmp_path / "outside"
    shutil.copytree(SEEDS, outside)
    places = tmp_path / "maps" / "places.geojson"
    result = run("ingest", outside, "--out", places)
    assert result.exit_code == 0, result.output
    shutil.rmtree(outside)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return places


def test_ingest_keeps_each_article_beside_the_places_file(moved):
    folder = articles_dir(moved)
    assert folder == moved.parent / "places.articles"
    original = (SEEDS / f"{D4}.txt").read_text("utf-8")
    assert (folder / f"{D4}.txt").read_text("utf-8") == original
    meta = json.loads((folder / f"{D4}.meta.json").read_text("utf-8"))
    assert meta["title"] == json.loads((SEEDS / f"{D4}.meta.json").read_text("utf-8"))["title"]
    for m in mentions_of(moved, D4):
        assert original[m["start"]:m["end"]] == m["text"]


def test_validate_checks_offsets_against_the_kept_text_without_docs(moved):
    result = run("validate", moved)
    assert result.exit_code == 0, result.output
    assert "Note:" not in result.output
    kept = articles_dir(moved) / f"{D4}.txt"
    kept.write_text("X" * 40 + kept.read_text("utf-8"), encoding="utf-8")
    broken = run("validate", moved)
    assert broken.exit_code == 1
    assert D4 in broken.output


def test_export_holds_the_articles_text_without_docs(moved, tmp_path):
    out = tmp_path / "map.html"
    result = run("export", "--out", out, "--places", moved)
    assert result.exit_code == 0, result.output
    assert "Left out" not in result.output
    html = out.read_text("utf-8")
    sentence = (SEEDS / f"{D0}.txt").read_text("utf-8").splitlines()[0][:60]
    assert json.dumps(sentence)[1:-1] in html  # inlined as JSON, non-ASCII escaped


def test_the_served_reader_returns_the_kept_text(moved, tmp_path):
    server = ServeProcess(tmp_path / "elsewhere", moved, None)
    try:
        server.wait_ready()
        status, _, body = get(server.port, f"/api/docs/{D4}")
        assert status == 200
        text = json.loads(body)["text"]
        assert text == (SEEDS / f"{D4}.txt").read_text("utf-8")
        assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions_of(moved, D4))
        status, _, page = get(server.port, f"/docs/{D4}")
        assert status == 200 and b"vz-mention" in page
    finally:
        server.stop()


def test_a_changed_article_is_geoparsed_again_and_keeps_its_hand_edit(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    places = tmp_path / "places.geojson"
    run("ingest", src, "--out", places)
    fc = read_places(places)
    edited = next(m for f in fc["features"] for m in f["properties"]["mentions"]
                  if m["doc"] == D4 and m["text"] == "Maracaibo")
    edited["event_type"] = "armed_clash"
    places.write_text(json.dumps(fc, ensure_ascii=False, indent=2), encoding="utf-8")
    article = src / f"{D4}.txt"
    article.write_text("A new first paragraph about Mérida.\n\n" + article.read_text("utf-8"),
                       encoding="utf-8")
    result = run("ingest", src, "--out", places)
    assert result.exit_code == 0, result.output
    kept = (articles_dir(places) / f"{D4}.txt").read_text("utf-8")
    assert kept.startswith("A new first paragraph")
    maracaibo = [m for m in mentions_of(places, D4) if m["text"] == "Maracaibo"]
    assert [m["event_type"] for m in maracaibo] == ["armed_clash"]
    assert kept[maracaibo[0]["start"]:maracaibo[0]["end"]] == "Maracaibo"
    assert any(m["text"] == "Mérida" for m in mentions_of(places, D4))
    assert run("validate", places).exit_code == 0


def test_remove_takes_an_article_out_and_keeps_places_drawn_by_hand(tmp_path):
    places = tmp_path / "places.geojson"
    run("ingest", SEEDS, "--out", places)
    fc = read_places(places)
    fc["features"].append({"type": "Feature", "id": "user:my-pin",
                           "geometry": {"type": "Point", "coordinates": [-66.9, 10.5]},
                           "properties": {"name": "My pin", "mentions": []}})
    places.write_text(json.dumps(fc, ensure_ascii=False, indent=2), encoding="utf-8")
    count = len(mentions_of(places, D0))
    result = run("remove", D0, "--places", places)
    assert result.exit_code == 0, result.output
    assert f"{count} mention(s)" in result.output
    assert mentions_of(places, D0) == []
    assert mentions_of(places, D4)
    ids = {f["id"] for f in read_places(places)["features"]}
    assert "user:my-pin" in ids
    assert "geonames:3895114" not in ids  # Chile: named only in the removed article
    assert not (articles_dir(places) / f"{D0}.txt").exists()
    assert run("validate", places).exit_code == 0
    unknown = run("remove", "no-such-article", "--places", places)
    assert unknown.exit_code == 1
    assert "no article 'no-such-article'" in unknown.output


def test_an_article_that_fails_to_geoparse_costs_only_itself(tmp_path, monkeypatch):
    import vzmap.parallel

    real = vzmap.parallel.geoparse
    failing = (SEEDS / f"{D0}.txt").read_text("utf-8")

    def flaky(text, *args, **kwargs):
        if text == failing:
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(vzmap.parallel, "geoparse", flaky)
    places = tmp_path / "places.geojson"
    result = run("ingest", SEEDS, "--out", places)
    assert result.exit_code == 0, result.output
    assert f"{D0}.txt: could not be geoparsed (RuntimeError: boom)" in result.output
    assert mentions_of(places, D4) and not mentions_of(places, D0)


def _newsroom_folder(folder):
    """One article in each format a newsroom has, each naming places and hiding others."""
    from test_formats import DATA, make_docx, make_pdf

    folder.mkdir()
    shutil.copy(DATA / "saved_page.html", folder / "saved_page.html")
    shutil.copy(DATA / "windows1252.txt", folder / "windows1252.txt")
    shutil.copy(DATA / "front_matter.md", folder / "front_matter.md")
    (folder / "bom.txt").write_bytes("\ufeffMaracay amaneció sin luz.\n".encode("utf-8-sig"))
    make_docx(folder / "informe.docx")
    (folder / "scan-free.pdf").write_bytes(make_pdf(
        ["Inmates were moved from Tocuyito prison to Caracas on Monday.",
         "Relatives waited outside in Valencia."]))
    return folder


EXPECTED = {  # article -> (a place it names, places that only menus, footers or front matter name)
    "saved_page": ("Maracay", {"Madrid", "Lima", "Bogotá", "Quito", "Santiago"}),
    "windows1252": ("Mérida", set()),
    "front_matter": ("Maracaibo", {"Valencia"}),
    "bom": ("Maracay", set()),
    "informe": ("Maturín", {"Madrid"}),
    "scan-free": ("Caracas", set()),
}


def test_every_newsroom_format_is_pinned_at_offsets_of_the_served_text(tmp_path):
    from vzmap.web.app import create_app

    folder = _newsroom_folder(tmp_path / "inbox")
    places = tmp_path / "places.geojson"
    result = run("ingest", folder, "--out", places)
    assert result.exit_code == 0, result.output
    assert "Skipped" not in result.output
    client = create_app({"TESTING": True, "PLACES_FILE": str(places)}).test_client()
    for doc, (named, hidden) in EXPECTED.items():
        answer = client.get(f"/api/docs/{doc}")
        assert answer.status_code == 200, doc
        text = answer.get_json()["text"]
        mentions = mentions_of(places, doc)
        assert all(text[m["start"]:m["end"]] == m["text"] for m in mentions), doc
        pinned = {m["text"] for m in mentions}
        assert named in pinned, (doc, pinned)
        assert not pinned & hidden, (doc, pinned & hidden)


def test_sentences_that_used_to_crash_and_a_good_article_in_one_folder(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "tampa.txt").write_text("It is part of the Tampa–St. Petersburg area.\n", "utf-8")
    (folder / "border.txt").write_text("It straddles the Canada–U.S. border.\n", "utf-8")
    (folder / "sault.txt").write_text(
        "The mill was in Sault Ste. Marie, Ontario. From 1900 it grew.\n", "utf-8")
    shutil.copy(SEEDS / f"{D4}.txt", folder / f"{D4}.txt")
    places = tmp_path / "places.geojson"
    result = run("ingest", folder, "--out", places)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert mentions_of(places, D4)
    assert {m["text"] for m in mentions_of(places, "sault")} >= {"Sault Ste. Marie", "Ontario"}
    assert {m["text"] for m in mentions_of(places, "border")} >= {"Canada"}
    assert run("validate", places).exit_code == 0


def test_articles_with_any_file_name_are_ingested_kept_and_served(tmp_path):
    from urllib.parse import quote

    from vzmap.web.app import create_app

    folder = tmp_path / "in"
    folder.mkdir()
    names = ["Café Mérida", "x#y & z's", "-dash", "q?x+1"]
    for name in names:
        (folder / f"{name}.txt").write_text(f"Protesters marched in Caracas ({name}).\n", "utf-8")
    places = tmp_path / "places.geojson"
    result = run("ingest", folder, "--out", places)
    assert result.exit_code == 0, result.output
    assert run("validate", places).exit_code == 0
    client = create_app({"TESTING": True, "PLACES_FILE": str(places)}).test_client()
    for name in names:
        assert (articles_dir(places) / f"{name}.txt").is_file()
        assert "Caracas" in [m["text"] for m in mentions_of(places, name)]
        answer = client.get(f"/api/docs/{quote(name)}")
        assert answer.status_code == 200 and name in answer.get_json()["text"]


def test_an_article_of_the_same_name_from_another_folder_does_not_replace_it(tmp_path):
    for site, place in (("a", "Maracaibo"), ("b", "Lima")):
        (tmp_path / site).mkdir()
        (tmp_path / site / "index.txt").write_text(f"Police raided homes in {place}.\n", "utf-8")
    places = tmp_path / "places.geojson"
    run("ingest", tmp_path / "a", "--out", places)
    result = run("ingest", tmp_path / "b", "--out", places)
    assert "an article 'index' from another file" in result.output
    assert [m["text"] for m in mentions_of(places, "index")] == ["Maracaibo"]
    assert "Maracaibo" in (articles_dir(places) / "index.txt").read_text("utf-8")


def test_remove_never_deletes_a_file_outside_the_articles_folder(tmp_path):
    src = tmp_path / "seeds"
    shutil.copytree(SEEDS, src)
    places = tmp_path / "places.geojson"
    run("ingest", src, "--out", places)
    result = run("remove", f"../seeds/{D4}", "--places", places)
    assert result.exit_code == 1
    assert "is not an article id" in result.output
    assert (src / f"{D4}.txt").is_file() and (src / f"{D4}.meta.json").is_file()


def test_a_places_file_that_cannot_be_written_leaves_the_kept_articles_as_they_were(
        tmp_path, monkeypatch):
    import vzmap.places.store as store
    from vzmap.errors import StoreError

    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    places = tmp_path / "places.geojson"
    run("ingest", src, "--out", places)
    kept = articles_dir(places) / f"{D4}.txt"
    before = kept.read_bytes()
    article = src / f"{D4}.txt"
    article.write_text("A new first line about Mérida.\n\n" + article.read_text("utf-8"), "utf-8")

    def refuse(*args, **kwargs):
        raise StoreError(f"{places}: cannot be written: disk full")

    monkeypatch.setattr(store, "replace_unless_changed", refuse)
    result = run("ingest", src, "--out", places)
    assert result.exit_code == 1
    assert "disk full" in result.output
    assert kept.read_bytes() == before
    assert run("validate", places).exit_code == 0


def test_remove_without_a_merge_base_leaves_no_empty_markers(tmp_path):
    from vzmap.places.io import base_path

    places = tmp_path / "places.geojson"
    run("ingest", SEEDS, "--out", places)
    base_path(places).unlink()
    result = run("remove", D4, "--places", places)
    assert result.exit_code == 0, result.output
    assert all(f["properties"]["mentions"] for f in read_places(places)["features"])
