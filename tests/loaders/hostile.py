"""Hostile files for the tests, made on the spot: an .xlsx zip bomb, deep and huge JSON, cut
files. Nothing here is read by the product; the tests hand these files to the real loaders,
the real command line and the real API."""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Akteure" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cells(values: list[str]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)


def write_xlsx_bomb(path: Path, *, unpacked: int = 276_000_000, wide: bool = False) -> Path:
    """A real workbook (sheet «Akteure», no ``<dimension>``) whose sheet XML is ``unpacked``
    bytes of near-identical rows: about 1 MB zipped for the default 276 MB.

    ``wide``: rows of many empty-looking cells instead of many rows (a bomb in columns)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"<row>{_cells(['id', 'name', 'kind', 'areas'])}</row>"
    )
    if wide:
        row = "<row>" + _cells(["x"] * 2000) + "</row>"
    else:
        row = "<row>" + _cells(["gz-a", "GZ A", "institution", "kreis-1"]) + "</row>"
    tail = "</sheetData></worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            block = (row * max(1, 1_000_000 // len(row))).encode()
            written = len(head)
            while written + len(block) < unpacked:
                sheet.write(block)
                written += len(block)
            sheet.write(tail.encode())
    return path


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


_ACTOR = '{"id": "gz-a", "name": "GZ A", "kind": "institution", "areas": ["wipkingen"]}'


def json_network(actors: list[str] | None = None, ties: list[str] | None = None) -> bytes:
    """A JSON file in the export's shape, one record a line (line 3 is the first actor)."""
    actors = actors if actors is not None else [_ACTOR]
    ties = ties or []
    return (
        '{"format": "quartiernetz", "version": 1,\n"actors": [\n'
        + ",\n".join(actors)
        + '\n],\n"ties": [\n'
        + ",\n".join(ties)
        + "\n]}\n"
    ).encode()


def tie_json(weight: str) -> str:
    return f'{{"source": "gz-wipkingen", "target": "qv-wipkingen", "kind": "informs", "weight": {weight}}}'


_NODE = (
    '<node id="{id}"><data key="n_name">{name}</data><data key="n_kind">{kind}</data>'
    '<data key="n_areas">wipkingen</data></node>\n'
)
GRAPHML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    '<key id="n_name" for="node" attr.name="name" attr.type="string"/>\n'
    '<key id="n_kind" for="node" attr.name="kind" attr.type="string"/>\n'
    '<key id="n_areas" for="node" attr.name="areas" attr.type="string"/>\n'
    '<key id="e_kind" for="edge" attr.name="kind" attr.type="string"/>\n'
    '<key id="e_weight" for="edge" attr.name="weight" attr.type="{wtype}"/>\n'
    '<graph edgedefault="directed">\n'
    + _NODE.format(id="gz-x", name="GZ X", kind="institution")
    + _NODE.format(id="qv-x", name="QV X", kind="association")
    + '<edge id="e1" source="gz-x" target="qv-x"><data key="e_kind">informs</data>'
    '<data key="e_weight">{weight}</data></edge>\n'
    "</graph>\n</graphml>\n"
)
"""A GraphML file of two actors and a tie (line 11) whose weight is ``{weight}`` of type
``{wtype}``."""

_GEXF_NODE = (
    '<node id="{id}" label="{name}"><attvalues><attvalue for="kind" value="{kind}"/>'
    '<attvalue for="areas" value="wipkingen"/></attvalues></node>\n'
)
GEXF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
    '<graph defaultedgetype="directed" mode="static">\n'
    '<attributes class="node" mode="static">\n'
    '<attribute id="kind" title="kind" type="string"/><attribute id="areas" title="areas" type="string"/>\n'
    "</attributes>\n"
    '<attributes class="edge" mode="static"><attribute id="kind" title="kind" type="string"/></attributes>\n'
    "<nodes>\n"
    + _GEXF_NODE.format(id="gz-x", name="GZ X", kind="institution")
    + _GEXF_NODE.format(id="qv-x", name="QV X", kind="association")
    + "</nodes>\n<edges>\n"
    '<edge id="e1" source="gz-x" target="qv-x" weight="{weight}"><attvalues>'
    '<attvalue for="kind" value="informs"/></attvalues></edge>\n'
    "</edges>\n</graph>\n</gexf>\n"
)
"""A GEXF file of two actors and a tie (line 13) whose weight is ``{weight}``."""


def cut(data: bytes, fraction: float = 0.5) -> bytes:
    """``data`` cut off in the middle, as an interrupted download or upload leaves it."""
    return data[: int(len(data) * fraction)]
