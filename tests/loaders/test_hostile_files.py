"""Hostile files (issue 11, findings 6 and 7): an .xlsx zip bomb, JSON nested 100,000 deep,
numbers no record can hold, files cut off in the middle, binary garbage, empty files. Each is
refused with a message naming the file (and the line and column where there is one), exit
code 1 from the command line and never a traceback; nothing is stored. Limits are
:class:`graph.config.FileLimits` (``QUARTIERNETZ_MAX_...``)."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.config import FileLimits
from loaders.excel import write_xlsx
from loaders.load import FileTooLargeError, LoadError, load_files
from tests.loaders.conftest import ACTORS, TIES, state
from tests.loaders.hostile import (
    GEXF,
    GRAPHML,
    cut,
    json_network,
    tie_json,
    write_bytes,
    write_xlsx_bomb,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A real .xlsx of about 1 MB whose sheet unpacks to 276 MB (made in about 2 s)."""
    path = write_xlsx_bomb(tmp_path_factory.mktemp("bomb") / "netz.xlsx")
    (member,) = [m for m in zipfile.ZipFile(path).infolist() if m.filename.endswith("sheet1.xml")]
    assert path.stat().st_size < 1.5 * 1024**2 and member.file_size > 270_000_000
    return path


@pytest.fixture(scope="module")
def small_bomb(tmp_path_factory) -> Path:
    """The same kind of bomb at 40 MB unpacked, for the limits counted while streaming."""
    return write_xlsx_bomb(tmp_path_factory.mktemp("small") / "netz.xlsx", unpacked=40_000_000)


@pytest.fixture
def network(sqlite_store, network_files) -> Callable[..., LoadError]:
    """A store holding the small network; ``refuse(path, limits=...)`` loads ``path``, expects
    the load to be refused within 5 s, checks that nothing changed and returns the error."""
    load_files(sqlite_store, network_files)
    before = state(sqlite_store)

    def refuse(path: Path, limits: FileLimits | None = None, fmt: str | None = None) -> LoadError:
        started = time.perf_counter()
        with pytest.raises(LoadError) as caught:
            load_files(sqlite_store, [path], limits=limits, fmt=fmt)
        assert time.perf_counter() - started < 5
        assert state(sqlite_store) == before
        return caught.value

    return refuse


def codes(error: LoadError) -> list[str]:
    return [p.code for p in error.problems]


# ---------------------------------------------------------------------------------------------
# finding 6: what a file may unpack to


def test_the_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_unpacked(network, bomb):
    error = network(bomb)
    assert isinstance(error, FileTooLargeError)
    assert codes(error) == ["zip_ratio"]
    text = str(error)
    assert "netz.xlsx: der Teil «xl/worksheets/sheet1.xml» der Excel-Datei ist 258-fach gepackt" in text
    assert "QUARTIERNETZ_MAX_ZIP_RATIO" in text and "als CSV speichern" in text


def test_rows_are_counted_while_the_sheet_streams(network, small_bomb):
    """With the ratio check lifted, the bomb still stops at the row limit, long before its
    400,000 rows are read (and without holding them)."""
    limits = FileLimits(max_zip_ratio=10_000, max_rows=5_000)
    error = network(small_bomb, limits)
    assert isinstance(error, FileTooLargeError)
    (problem,) = error.problems
    assert problem.code == "too_many_rows"
    assert (problem.file, problem.line) == ("netz.xlsx[Akteure]", 5_002)
    assert "mehr als 5000 Zeilen in einer Datei (QUARTIERNETZ_MAX_ROWS)" in problem.render()


def test_cells_are_counted_while_the_sheet_streams(network, tmp_path):
    wide = write_xlsx_bomb(tmp_path / "breit.xlsx", unpacked=20_000_000, wide=True)
    error = network(wide, FileLimits(max_zip_ratio=10_000, max_cells=20_000))
    assert codes(error) == ["too_many_cells_in_file"]
    assert error.problems[0].line == 11  # 2,000 cells a row: the header and ten rows
    assert "QUARTIERNETZ_MAX_CELLS" in str(error)


def test_unpacked_size_per_member_and_in_total(network, small_bomb):
    limits = FileLimits(max_zip_ratio=10_000, max_member_bytes=30 * 1024**2, max_unpacked_bytes=20 * 1024**2)
    error = network(small_bomb, limits)
    assert codes(error) == ["member_too_large", "unpacked_too_large"]
    text = str(error)
    assert "«xl/worksheets/sheet1.xml» der Excel-Datei wäre entpackt 38 MB gross" in text
    assert "höchstens 30 MB (QUARTIERNETZ_MAX_MEMBER_BYTES)" in text
    assert "höchstens 20 MB (QUARTIERNETZ_MAX_UNPACKED_BYTES)" in text


def test_a_workbook_of_too_many_members(network, tmp_path):
    book = tmp_path / "netz.xlsx"
    write_xlsx(book, {"actor": (("id", "name", "kind", "areas"), [])})
    with zipfile.ZipFile(book, "a") as zf:
        for i in range(30):
            zf.writestr(f"customXml/item{i}.xml", "<x/>")
    error = network(book, FileLimits(max_zip_members=20))
    assert codes(error) == ["zip_members"]
    assert "aus 4" in str(error) or "QUARTIERNETZ_MAX_ZIP_MEMBERS" in str(error)


def test_the_file_size_limit_holds_for_every_format(network, tmp_path):
    for name in ("actors.csv", "netz.json", "netz.graphml", "netz.gexf", "netz.xlsx"):
        path = write_bytes(tmp_path, name, b"x" * 2000)
        error = network(path, FileLimits(max_file_bytes=1000))
        assert isinstance(error, FileTooLargeError)
        assert codes(error) == ["file_too_large"], name
        assert "höchstens 1000 Bytes (QUARTIERNETZ_MAX_FILE_BYTES)" in str(error)


def test_the_row_limit_holds_for_csv_json_and_xml(network, tmp_path):
    actors = "id,name,kind,areas\n" + "".join(f"a-{i},A {i},institution,wipkingen\n" for i in range(20))
    records = [f'{{"id": "a-{i}", "name": "A {i}", "kind": "institution"}}' for i in range(20)]
    nodes = "".join(f'<node id="a-{i}"/>' for i in range(20))
    graphml = f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph>{nodes}</graph></graphml>'
    files = {
        "actors.csv": (actors.encode(), 12),
        "netz.json": (json_network(records), 13),
        "netz.graphml": (graphml.encode(), 1),
    }
    for name, (data, line) in files.items():
        error = network(write_bytes(tmp_path, name, data), FileLimits(max_rows=10))
        assert codes(error) == ["too_many_rows"], name
        assert error.problems[0].line == line, name


def test_default_limits_let_a_100000_actor_network_through():
    """What the 100,000-actor benchmark network (bench/load.py: 500,000 ties) needs, measured
    on its .xlsx export (30 MB; sheets 279 MB and 45 MB unpacked at a ratio of 11) and its
    JSON (132 MB): the defaults leave room for richer real files."""
    limits = FileLimits.from_settings()
    assert limits.max_rows >= 600_000 * 2
    assert limits.max_cells >= 5_800_000 * 3
    assert limits.max_member_bytes >= 279_324_271 * 1.8
    assert limits.max_unpacked_bytes >= 325_000_000 * 3
    assert limits.max_zip_ratio >= 11 * 5
    assert limits.max_file_bytes >= 132 * 1024**2 * 3


def test_limits_are_settings(monkeypatch):
    monkeypatch.setenv("QUARTIERNETZ_MAX_ROWS", "7")
    monkeypatch.setenv("QUARTIERNETZ_MAX_ZIP_RATIO", "42")
    limits = FileLimits.from_settings()
    assert (limits.max_rows, limits.max_zip_ratio) == (7, 42)


# ---------------------------------------------------------------------------------------------
# finding 7: every exception a file causes, in our words


def _xlsx_bytes(tmp_path: Path) -> bytes:
    book = tmp_path / "gut.xlsx"
    rows = [line.split(",") for line in ACTORS.splitlines()[1:]]
    write_xlsx(book, {"actor": (tuple(ACTORS.splitlines()[0].split(",")), rows * 50)})
    return book.read_bytes()


def _sheet_cut_inside_a_valid_zip(tmp_path: Path) -> bytes:
    good = zipfile.ZipFile(tmp_path / "gut.xlsx")
    out = tmp_path / "innen.xlsx"
    with zipfile.ZipFile(out, "w") as zf:
        for m in good.infolist():
            data = good.read(m)
            zf.writestr(m.filename, cut(data) if m.filename.startswith("xl/worksheets/") else data)
    return out.read_bytes()


DEEP = b"[" * 100_000 + b"]" * 100_000


def hostile_files(tmp_path: Path) -> dict[str, tuple[str, bytes, str, str]]:
    """name -> (file name, content, problem code, text the message must contain)."""
    xlsx = _xlsx_bytes(tmp_path)
    graphml = GRAPHML.format(wtype="int", weight="4").encode()
    gexf = GEXF.format(weight="4").encode()
    json_ok = json_network()
    return {
        "json nested 100,000 deep": (
            "netz.json",
            json_network([DEEP.decode()]),
            "json_too_deep",
            "netz.json:3: zu tief verschachtelt",
        ),
        "json nested in a field": (
            "netz.json",
            json_network(['{"id": "a", "name": "A", "tags": ' + "[" * 50 + "]" * 50 + "}"]),
            "json_too_deep",
            "netz.json:3: tags: zu tief verschachtelt",
        ),
        "json nested in an unknown key": (
            "netz.json",
            b'{"extra": ' + DEEP + b', "actors": []}',
            "json_too_deep",
            "netz.json:1:",
        ),
        "json weight 1e400": (
            "netz.json",
            json_network(ties=[tie_json("1e400")]),
            "bad_number",
            "netz.json:6: weight: «1e400» ist keine verwendbare Zahl",
        ),
        "json weight NaN": (
            "netz.json",
            json_network(ties=[tie_json("NaN")]),
            "bad_number",
            "netz.json:6: weight: «NaN»",
        ),
        "json weight -Infinity": (
            "netz.json",
            json_network(ties=[tie_json("-Infinity")]),
            "bad_number",
            "weight: «-Infinity»",
        ),
        "json 5,000 digits": (
            "netz.json",
            json_network(ties=[tie_json("9" * 5000)]),
            "bad_number",
            "netz.json:6: weight: «99999999999999999999... (5000)»",
        ),
        "json 5,000 digits in a name": (
            "netz.json",
            json_network(['{"id": "a", "name": ' + "1" * 5000 + "}"]),
            "bad_number",
            "netz.json:3: name:",
        ),
        "json cut off": ("netz.json", cut(json_ok), "bad_json", "netz.json:"),
        "json cut off in a string": ("netz.json", json_ok[:40], "bad_json", "kein gültiges JSON"),
        "json key not in quotes": ("netz.json", b"{actors: []}", "bad_json", "expected a name in quotes"),
        "json in UTF-16": ("netz.json", json_ok.decode().encode("utf-16"), "bad_json", "netz.json:"),
        "csv weight 1e400": (
            "ties.csv",
            TIES.replace(",4,", ",1e400,").encode(),
            "bad_number",
            "ties.csv:2: weight: «1e400» ist keine verwendbare Zahl",
        ),
        "csv weight nan": (
            "ties.csv",
            TIES.replace(",4,", ",nan,").encode(),
            "bad_number",
            "ties.csv:2: weight",
        ),
        "csv weight of 5,000 digits": (
            "ties.csv",
            TIES.replace(",4,", "," + "4" * 5000 + ",").encode(),
            "bad_number",
            "ties.csv:2: weight",
        ),
        "csv binary garbage": (
            "actors.csv",
            os.urandom(4096) + b"\x00",
            "file_binary",
            "actors.csv: das ist keine Textdatei",
        ),
        "csv zip under a .csv name": ("actors.csv", xlsx, "file_binary", "vermutlich eine Excel-Datei"),
        "csv empty": ("actors.csv", b"", "file_empty", "actors.csv: die Datei ist leer"),
        "csv NUL byte": (
            "actors.csv",
            ACTORS.replace("GZ Wipkingen", "GZ\x00Wipkingen").encode(),
            "file_binary",
            "actors.csv: das ist keine Textdatei",
        ),
        "xlsx cut off": ("netz.xlsx", cut(xlsx), "not_xlsx", "netz.xlsx: keine gültige Excel-Datei"),
        "xlsx sheet cut inside a valid zip": (
            "netz.xlsx",
            _sheet_cut_inside_a_valid_zip(tmp_path),
            "not_xlsx",
            "netz.xlsx[Akteure]: keine gültige",
        ),
        "xlsx empty": ("netz.xlsx", b"", "file_empty", "netz.xlsx: die Datei ist leer"),
        "xlsx garbage": ("netz.xlsx", os.urandom(5000), "not_xlsx", "netz.xlsx: keine gültige Excel-Datei"),
        "graphml weight 1e400": (
            "netz.graphml",
            GRAPHML.format(wtype="double", weight="1e400").encode(),
            "bad_number",
            "netz.graphml:11: weight: «1e400»",
        ),
        "graphml weight of 5,000 digits": (
            "netz.graphml",
            GRAPHML.format(wtype="long", weight="7" * 5000).encode(),
            "bad_xml",
            "netz.graphml:11: kein gültiges GraphML",
        ),
        "graphml cut off": ("netz.graphml", cut(graphml), "bad_xml", "kein gültiges GraphML"),
        "graphml nested 100,000 deep": (
            "netz.graphml",
            b"<graphml>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</graphml>",
            "bad_xml",
            "netz.graphml:1: kein gültiges GraphML",
        ),
        "graphml empty": ("netz.graphml", b"", "file_empty", "netz.graphml: die Datei ist leer"),
        "gexf weight 1e400": (
            "netz.gexf",
            GEXF.format(weight="1e400").encode(),
            "bad_number",
            "netz.gexf:13: weight",
        ),
        "gexf weight NaN": (
            "netz.gexf",
            GEXF.format(weight="NaN").encode(),
            "bad_number",
            "netz.gexf:13: weight",
        ),
        "gexf cut off": ("netz.gexf", cut(gexf), "bad_xml", "netz.gexf:"),
    }


CASES = [
    "json nested 100,000 deep",
    "json nested in a field",
    "json nested in an unknown key",
    "json weight 1e400",
    "json weight NaN",
    "json weight -Infinity",
    "json 5,000 digits",
    "json 5,000 digits in a name",
    "json cut off",
    "json cut off in a string",
    "json key not in quotes",
    "json in UTF-16",
    "csv weight 1e400",
    "csv weight nan",
    "csv weight of 5,000 digits",
    "csv binary garbage",
    "csv zip under a .csv name",
    "csv empty",
    "csv NUL byte",
    "xlsx cut off",
    "xlsx sheet cut inside a valid zip",
    "xlsx empty",
    "xlsx garbage",
    "graphml weight 1e400",
    "graphml weight of 5,000 digits",
    "graphml cut off",
    "graphml nested 100,000 deep",
    "graphml empty",
    "gexf weight 1e400",
    "gexf weight NaN",
    "gexf cut off",
]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_is_refused_in_our_words(network, tmp_path, case):
    name, data, code, text = hostile_files(tmp_path)[case]
    error = network(write_bytes(tmp_path, name, data))
    assert not isinstance(error, FileTooLargeError)
    assert code in codes(error), str(error)
    assert "file_unreadable" not in codes(error), str(error)  # each has its own message
    assert text in str(error), str(error)


def test_a_utf16_csv_with_bom_is_loaded(sqlite_store, network_files):
    actors = network_files[2]
    actors.write_bytes(codecs.BOM_UTF16_LE + ACTORS.encode("utf-16-le"))
    report = load_files(sqlite_store, network_files)
    assert report.result.counts["actor"].created == 4
    assert sqlite_store.get_actor("qv-hoengg").name == "Quartierverein Höngg"


def test_a_nul_byte_after_the_first_64_kib_of_a_csv_is_refused_with_its_line(network, tmp_path):
    rows = "".join(f"a-{i},Akteur {i},institution,wipkingen\n" for i in range(3000))
    text = "id,name,kind,areas\n" + rows + "a-x,Akteur\x00X,institution,wipkingen\n"
    error = network(write_bytes(tmp_path, "actors.csv", text.encode()))
    assert [(p.file, p.line) for p in error.problems] == [("actors.csv", 3002)], str(error)


# ---------------------------------------------------------------------------------------------
# the real command line, in its own process: exit code 1, no traceback, time and memory

_CHILD = (
    "import resource, sys\n"
    "from api.cli import main\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print(f'@@RUSAGE {r.ru_maxrss} {r.ru_utime + r.ru_stime:.2f}', file=sys.stderr)\n"
)


def quartiernetz(db: Path, *args: str, **env: str) -> tuple[int, str, float, float]:
    """Run ``quartiernetz --db DB ARGS`` from this tree: (exit code, stderr, peak MB, CPU s).

    CPU seconds, not wall time: two cores shared by several test runs stretch the wall clock,
    the work done stays the same. (The child calls ``api.cli.main``, as the installed
    ``quartiernetz`` script does, and reports its own peak memory and CPU time.)"""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QUARTIERNETZ_LANG": "de", **env},
        timeout=300,
    )
    lines = done.stderr.splitlines()
    usage = [ln for ln in lines if ln.startswith("@@RUSAGE")]
    assert usage, done.stderr
    _, peak_kb, cpu = usage[-1].split()
    stderr = "\n".join(ln for ln in lines if not ln.startswith("@@RUSAGE"))
    return done.returncode, stderr, int(peak_kb) / 1024, float(cpu)


@pytest.fixture(scope="module")
def startup(tmp_path_factory) -> tuple[float, float]:
    """Peak MB and CPU seconds of the command line doing nothing (imports and start-up)."""
    db = tmp_path_factory.mktemp("startup") / "leer.db"
    code, _, peak, cpu = quartiernetz(db, "init")
    assert code == 0
    return peak, cpu


@pytest.fixture
def refused_by_cli(sqlite_store, network_files, startup):
    """Runs ``quartiernetz load FILE`` on the small network and checks what every refusal
    must be: exit code 1, no traceback, one message line a file, done within 5 CPU seconds
    beyond start-up, under 250 MB beyond start-up, nothing stored."""
    load_files(sqlite_store, network_files)
    before = state(sqlite_store)

    def refused(path: Path, **env: str) -> str:
        code, stderr, peak, cpu = quartiernetz(sqlite_store.path, "load", str(path), **env)
        assert code == 1, stderr
        assert "Traceback" not in stderr
        head, *problems = stderr.splitlines()
        assert "nichts wurde gespeichert" in head
        assert len(problems) == 1 and problems[0].startswith(f"  {path.name}"), stderr
        assert cpu - startup[1] < 5, (cpu, startup)
        assert peak - startup[0] < 250, (peak, startup)
        assert state(sqlite_store) == before
        return problems[0]

    return refused


def test_the_command_line_refuses_the_zip_bomb_at_once(refused_by_cli, bomb):
    message = refused_by_cli(bomb)
    assert "258-fach gepackt" in message and "QUARTIERNETZ_MAX_ZIP_RATIO" in message


def test_the_command_line_counts_rows_while_streaming_with_limits_from_the_environment(
    refused_by_cli, small_bomb
):
    message = refused_by_cli(small_bomb, QUARTIERNETZ_MAX_ZIP_RATIO="10000", QUARTIERNETZ_MAX_ROWS="5000")
    assert message.startswith("  netz.xlsx[Akteure]:5002: mehr als 5000 Zeilen")


CLI_CASES = [
    "json nested 100,000 deep",
    "json weight 1e400",
    "json 5,000 digits",
    pytest.param("json cut off", marks=pytest.mark.slow),
    pytest.param("xlsx cut off", marks=pytest.mark.slow),
    pytest.param("graphml cut off", marks=pytest.mark.slow),
    pytest.param("gexf cut off", marks=pytest.mark.slow),
    pytest.param("csv weight of 5,000 digits", marks=pytest.mark.slow),
    pytest.param("csv binary garbage", marks=pytest.mark.slow),
    pytest.param("xlsx empty", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("case", CLI_CASES)
def test_the_command_line_refuses_a_hostile_file_in_one_line(refused_by_cli, tmp_path, case):
    name, data, _, text = hostile_files(tmp_path)[case]
    message = refused_by_cli(write_bytes(tmp_path, name, data))
    assert text.split(": ", 1)[-1] in message


@pytest.mark.parametrize(
    "weight",
    [float("inf"), float("nan"), "1e400", "-inf", 10**400],
    ids=["inf", "nan", "1e400 as text", "-inf as text", "400 digits"],
)
def test_the_record_check_refuses_such_numbers_too(sqlite_store, network_files, weight):
    """Behind the loaders' own check: a batch from code gets a weight_not_finite/not_a_number
    problem, not an OverflowError from int(inf)."""
    from graph.errors import InvalidInputError

    load_files(sqlite_store, network_files)
    before = state(sqlite_store)
    tie = {"source": "gz-wipkingen", "target": "qv-hoengg", "kind": "informs", "weight": weight}
    with pytest.raises(InvalidInputError) as caught:
        sqlite_store.apply({"ties": [tie]})
    assert [(p.code, p.field) for p in caught.value.problems] in (
        [("weight_not_finite", "weight")],
        [("not_a_number", "weight")],
    )
    assert state(sqlite_store) == before
