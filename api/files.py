"""Imports (uploaded files, checked and loaded like ``quartiernetz load``) and exports.

Uploads are written to a private temporary folder under their base names and handed to
:func:`loaders.load.load_files`, which checks every row and writes all or nothing; problems come
back as ``file:line: column`` (422). The store is wrapped so that the load runs with the
account's area check and is logged as one audit entry. The memory records of a JSON or Excel
file (needs, meetings, contacts) are loaded in the same transaction with the checks of their
own routes (:func:`memory_check`). Exports use :func:`loaders.export.export_network` (CSV: the
four files in a zip).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from api.auth import Account, Scope, area_guard, read_scope, require
from api.compute import scoped
from api.errors import ForbiddenError
from graph.config import FileLimits
from graph.errors import Problem
from graph.i18n import word
from graph.model.meetings import ContactEntry, Meeting
from graph.model.needs import Need
from graph.store import Store
from graph.store.base import Audit
from loaders.export import export_network
from loaders.generic import parse_choices
from loaders.load import load_files
from loaders.memory import LoadChecks

MEDIA = {
    "csv": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "graphml": ("application/xml", "graphml"),
    "gexf": ("application/xml", "gexf"),
}


class _Checked:
    """The store as the loaders see it: every ``apply`` carries the guard and the audit, and
    a load with memory records the same and :func:`memory_check` (``load_checks``)."""

    def __init__(self, store: Store, account: Account, audit: Audit) -> None:
        self._store = store
        self._guard = area_guard(store, account)
        self._audit = audit
        self.load_checks = LoadChecks(self._guard, audit, memory_check(store, account))

    def apply(self, batch: Any, *, dry_run: bool = False, **kwargs: Any) -> Any:
        return self._store.apply(batch, dry_run=dry_run, guard=self._guard, audit=self._audit,
                                 **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def memory_check(store: Store, account: Account) -> Any:
    """The checks of the memory routes for records loaded from a file, inside the load's
    transaction (``ops``: the file's network already written): for an account that reads
    only its areas an actor it may not read is unknown (problems ``unknown_actor``, as
    ``/anliegen`` and ``/meetings`` answer); an editor limited to areas may load a need only
    when all its areas are among them and a meeting or contact only when one of the actors
    present is an actor of them (as each is recorded one by one), else ForbiddenError naming
    every record refused."""
    require(account, "editor")
    scope = Scope.of(store, account)
    reads_own = read_scope(store, account).areas is not None

    def check(ops: Any, needs: list[Need],
              encounters: list[tuple[int, Meeting | ContactEntry]]) -> list[Problem]:
        if scope.areas is None:
            return []
        unknown: list[Problem] = []
        if reads_own:  # it reads the actors of its areas (the file's own ones included)
            known = {i for i, a in ops.fetch("actor", _named(needs, encounters)).items()
                     if scope.holds(a.get("areas"))}
            for index, need in enumerate(needs):
                unknown += [Problem("unknown_actor", {"id": a}, record="need", index=index,
                                    id=need.id, field="raised_by" if a == need.raised_by else None)
                            for a in sorted(need.actors()) if a not in known]
            for index, item in encounters:
                unknown += [Problem("unknown_actor", {"id": a}, record=_record(item),
                                    index=index, id=item.id, field=item.actors_field)
                            for a in _present(item) if a not in known]
        if unknown:
            return unknown
        refused = [f"{word('need')} «{n.id}»" for n in needs
                   if not set(n.areas) <= scope.areas]
        areas = {i: a.get("areas") for i, a in
                 ops.fetch("actor", sorted({a for _, e in encounters for a in e.present()})).items()}
        refused += [f"{word(_record(e))} «{e.id}»" for _, e in encounters
                    if not any(scope.holds(areas.get(a)) for a in e.present())]
        if refused:
            raise ForbiddenError("memory_outside_areas", areas=", ".join(account.areas),
                                 records=", ".join(refused))
        return []

    return check


def _record(item: Meeting | ContactEntry) -> str:
    return "meeting" if isinstance(item, Meeting) else "contact_entry"


def _present(item: Meeting | ContactEntry) -> list[str]:
    return item.present() + ([item.forum] if isinstance(item, Meeting) and item.forum else [])


def _named(needs: list[Need], encounters: list[tuple[int, Meeting | ContactEntry]]) -> list[str]:
    return sorted({a for n in needs for a in n.actors()} | {a for _, e in encounters
                                                             for a in _present(e)})


#: The file endings each format is read from (openpyxl refuses a workbook by its ending).
ENDINGS = {"csv": (".csv", ".tsv", ".txt"), "xlsx": (".xlsx", ".xlsm"), "json": (".json",),
           "graphml": (".graphml", ".xml"), "gexf": (".gexf",)}


def _safe_name(name: str | None, index: int, used: set[str], fmt: str | None = None) -> str:
    """A plain file name for an upload (no folders); with a stated format, its ending."""
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")[:200] or f"upload-{index + 1}"
    if fmt is not None and not base.lower().endswith(ENDINGS[fmt]):
        base = f"{base}.{fmt}"
    if base in used:
        base = f"{index + 1}-{base}"
    used.add(base)
    return base


def import_files(store: Store, account: Account, uploads: list[tuple[str | None, bytes]], *,
                 fmt: str | None, dry_run: bool, skip_invalid: bool,
                 limits: FileLimits | None = None,
                 choices: dict[str, Any] | None = None) -> dict[str, Any]:
    """Load uploaded files; a LoadError (422) lists every problem and nothing is written. A file
    over a limit (``limits``; default :class:`graph.config.FileLimits` from the environment,
    ``QUARTIERNETZ_MAX_...``) is a FileTooLargeError (413), refused before it is unpacked or
    read whole."""
    require(account, "editor")
    chosen = parse_choices(**(choices or {}))  # a LoadError (422) names a bad option
    used: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="quartiernetz-upload-") as folder:
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = Path(folder) / _safe_name(name, i, used, fmt)
            path.write_bytes(data)
            paths.append(path)
        audit = Audit(account.name, "import", {"files": [p.name for p in paths], "format": fmt},
                      summary=True)
        report = load_files(_Checked(store, account, audit), paths, fmt=fmt,  # type: ignore[arg-type]
                            dry_run=dry_run, skip_invalid=skip_invalid, limits=limits,
                            choices=chosen, user=account.name)
    result = report.result
    return {
        "dry_run": result.dry_run,
        "version": result.version,
        "files": report.files,
        "rows": report.rows,
        "counts": {r: vars(c) for r, c in result.counts.items()}
        | {r: {"updated": 0} | c for r, c in report.memory.items()},
        "skipped": [p.to_dict() | {"text": p.render()} for p in report.skipped],
        "notes": [p.render() for p in report.notes],
    }


def export_file(store: Store, account: Account, fmt: str, *, area: str | None,
                include_personal: bool, with_areas_topics: bool = False,
                with_hierarchy: bool = False,
                with_measures: bool | None = None) -> tuple[bytes, str, str]:
    """The network (or the part in ``area``) as a file: (content, media type, file name).

    The measures in a GraphML or GEXF file are computed on the network the account reads: a
    read-scoped account's own areas (as its analyses are), else the whole city."""
    if include_personal:
        # The rule of api.auth.may_see_personal for a whole file: an export of an area within
        # the change scope holds only actors active in it, each one the account may change.
        require(account, "editor")
        if not Scope.of(store, account).covers_area(area):
            raise ForbiddenError("personal_own_areas")
    if not read_scope(store, account).covers_area(area):
        raise ForbiddenError("reads_own_areas", areas=", ".join(account.areas))
    media, ending = MEDIA[fmt]
    name = f"quartiernetz{'-' + area if area else ''}.{ending}"
    with tempfile.TemporaryDirectory(prefix="quartiernetz-export-") as folder:
        target = Path(folder) / ("csv" if fmt == "csv" else name)
        scope = read_scope(store, account)
        network = None
        if scope.areas is not None and fmt in ("graphml", "gexf") and with_measures is not False:
            network = scoped(store.snapshot(), scope.areas)
        report = export_network(store, fmt, target, area=area, include_personal=include_personal,
                                with_areas_topics=with_areas_topics, with_hierarchy=with_hierarchy,
                                with_measures=with_measures, network=network)
        if fmt == "csv":
            packed = Path(folder) / name
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
                for member in sorted(target.iterdir()):
                    zf.write(member, member.name)
            target = packed
        data = target.read_bytes()
    store.append_audit(Audit(account.name, "export", {
        "format": fmt, "area": area, "include_personal": include_personal,
        "counts": report.counts}))
    return data, media, name
