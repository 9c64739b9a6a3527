"""Reading a large sheet in a second process while this one checks its rows.

Reading an .xlsx (unzipping its XML and turning cells into values, `xlsx_stream`) is
about half of a re-import's work and a sixth of a first import's, and it is work the
checks never wait on: the rows only flow one way. On a machine with two cores, a forked
child reads and this process checks, at the same time. The rows travel through a pipe in
pickled batches (pickling costs the child ~15 % of its reading); the pipe and a queue of
QUEUED_BATCHES hold the child back when the checks are slower, so neither side's memory
grows with the file.

A child that cannot go on reports why: the reader's own refusals (FileProblem: a hostile
or broken file) arrive as they are and are raised here, as if read in this process. A
child that dies without a word (killed, out of memory) ends the import with an error, not
a hang, and this process lives on."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from .sheet_guard import FileProblem

# Rows per message: large enough that pickling and the pipe cost little per row, small
# enough that a batch in flight is a few hundred kilobytes.
BATCH_ROWS = 500
# Batches read ahead and waiting here: ~1.5 MB, ahead of the import by two chunks.
QUEUED_BATCHES = 16

Rows = Iterable[tuple[int, list[Any]]]


class ReaderStopped(Exception):
    """The reading process ended without saying why (killed, out of memory)."""


def available() -> bool:
    """Whether this platform can fork (Linux can; the reading then stays in-process)."""
    return "fork" in multiprocessing.get_all_start_methods()


def rows(produce: Callable[[], Rows]) -> Iterator[tuple[int, list[Any]]]:
    """The rows `produce()` gives, produced in a forked child process. Closing the
    iterator early (the import stopped at a problem) kills the child."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_produce, args=(produce, send, receive), daemon=True)
    child.start()
    send.close()  # the child's end: EOF here when the child is gone
    # A thread empties the pipe into a queue of QUEUED_BATCHES: the import takes its rows
    # a chunk (several batches) at a time, and with only the pipe between them the child
    # would wait for each chunk to be taken before reading on (measured: the two took
    # turns instead of working at once). The thread only moves bytes (the GIL is released
    # while it waits); unpickling stays here.
    messages: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_BATCHES)
    drain = threading.Thread(target=_drain, args=(receive, messages), daemon=True)
    drain.start()
    try:
        while True:
            message = messages.get()
            if message is None:
                child.join()
                raise ReaderStopped(
                    f"Proses pembaca berkas berhenti tanpa keterangan (kode {child.exitcode})."
                )
            what, payload = _loads(message)
            if what == "rows":
                yield from payload
            elif what == "end":
                return
            else:
                raise payload
    finally:
        if child.is_alive():
            # SIGKILL: a forked web or task worker may have its own SIGTERM handler.
            child.kill()
        child.join()
        # The child is gone, so the thread meets the end of the pipe: make room for its
        # last word and wait for it.
        while drain.is_alive():
            with contextlib.suppress(queue.Empty):
                messages.get(timeout=0.05)
        drain.join()
        receive.close()


def _drain(receive: Connection, messages: queue.Queue[bytes | None]) -> None:
    """The thread: the pipe's messages into the queue, then None (the pipe ended, or this
    thread failed: either way the import must not wait for more)."""
    try:
        while True:
            messages.put(receive.recv_bytes())
    except (EOFError, OSError):
        pass
    finally:
        messages.put(None)


def _loads(message: bytes) -> tuple[str, Any]:
    """A batch unpickled with the garbage collector paused: its thousands of new lists,
    texts and dates hold no cycles, yet their allocation would set off collections that
    walk the whole importer's heap (100,000 rows: 1.3 s with the collector on, 0.4 s
    paused)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(message)  # noqa: S301 - our own child's bytes
    finally:
        if paused:
            gc.enable()


class _ParentGone(Exception):
    """The import stopped reading (it closed the pipe): nothing more to do."""


def _send(send: Connection, message: tuple[str, Any]) -> None:
    try:
        send.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
    except (BrokenPipeError, ConnectionResetError) as exc:
        raise _ParentGone from exc


def _produce(produce: Callable[[], Rows], send: Connection, receive: Connection) -> None:
    """The child: read, send batches, then "end" or the reason it stopped."""
    # The fork copied the parent's end of the pipe too: closed here, so that when the
    # parent is gone (a worker killed mid-import) the next send fails and the child ends,
    # instead of waiting forever on a pipe nobody reads.
    receive.close()
    # What the fork copied from the parent is never collected here: moved out of the
    # collector's sight, it is not walked (and its pages not copied) at each collection.
    gc.freeze()
    try:
        try:
            batch: list[tuple[int, list[Any]]] = []
            for item in produce():
                batch.append(item)
                if len(batch) == BATCH_ROWS:
                    _send(send, ("rows", batch))
                    batch = []
            if batch:
                _send(send, ("rows", batch))
            _send(send, ("end", None))
        except FileProblem as problem:
            _send(send, ("problem", FileProblem(str(problem))))
        except _ParentGone:
            raise
        except Exception as exc:  # anything else: the reader's failure, raised in the parent
            _send(send, ("failed", RuntimeError(f"Pembaca berkas gagal: {exc!r}")))
    except _ParentGone:
        pass
    finally:
        send.close()
