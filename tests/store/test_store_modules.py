"""The store's base split by purpose keeps every name it offered: code importing from
graph.store.base or graph.store keeps working, and each name is the one of its own module."""

from __future__ import annotations

import graph.store
import graph.store.base as base
from graph.store import accounts, audit, records


def test_old_names_are_the_ones_of_their_modules():
    assert (base.Audit, base.ERASED) == (audit.Audit, audit.ERASED)
    assert (base.Account, base.ROLES) == (accounts.Account, accounts.ROLES)
    for name in ("ApplyResult", "Change", "Counts", "Page", "WriteOps", "etag", "MAX_PAGE",
                 "WRITE_CHUNK"):
        assert getattr(base, name) is getattr(records, name), name
    for name in ("ApplyResult", "Counts", "Page", "Store", "open_store"):
        assert name in graph.store.__all__ and hasattr(graph.store, name), name
    assert graph.store.Store is base.Store


def test_the_store_is_one_interface_over_accounts_and_the_audit_log():
    assert issubclass(base.Store, accounts.Accounts) and issubclass(base.Store, audit.AuditLog)
    # what an implementation must provide, from every part
    assert {"_all", "_insert_account", "_append_audit", "_run_write", "version"} <= (
        base.Store.__abstractmethods__)


def test_the_reads_and_the_memory_primitives_keep_their_names():
    # issue 12: the record reads live in graph.store.reads, MemoryOps in graph.store.memory_ops
    from graph.store import meetings, memory_ops, reads

    assert issubclass(base.Store, reads.RecordReads)
    assert base.Store.list_actors is reads.RecordReads.list_actors
    assert {"_get", "_all", "_query_actors", "_query_ties", "version"} <= (
        base.Store.__abstractmethods__)
    assert meetings.MemoryOps is memory_ops.MemoryOps and "MemoryOps" in meetings.__all__
