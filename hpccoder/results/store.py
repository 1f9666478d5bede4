"""The results store: runs and their samples in SQLite (default) or any SQLAlchemy database.

Where: --db / --results-db URL, else $HPCCODER_RESULTS_DB (a URL or a file path), else
$XDG_DATA_HOME/hpccoder/results.db (~/.local/share/hpccoder/results.db).

A run is written in one transaction: its samples are replaced together with it, so
recording the same run again (a resumed run, a folder added twice) never duplicates.
SQLite: WAL journal, a long busy timeout and BEGIN IMMEDIATE, so that processes recording
at the same time queue for the write lock instead of failing or losing a run. A SQLite store
in a folder this user cannot write is opened read-only: it is read, writing it is refused.
"""

from __future__ import annotations

import math
import os
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, Integer, MetaData, String, Table, Text,
                        create_engine, delete, event, exc, insert, inspect, select, text)
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateTable

from hpccoder.errors import HpcError

if TYPE_CHECKING:
    from hpccoder.results.rundir import RunData

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 120

metadata = MetaData()

meta = Table("hpccoder_meta", metadata,
             Column("key", String(64), primary_key=True),
             Column("value", String(256)))

runs = Table(
    "runs", metadata,
    Column("id", String(32), primary_key=True),
    Column("model", Text, nullable=False),
    Column("backend", String(64)),
    Column("source", String(16)),
    Column("out_dir", Text),
    Column("started", String(40)),
    Column("finished", String(40)),
    Column("duration_s", Float),
    Column("recorded_at", String(40)),
    Column("suite_version", String(40)),
    Column("hpccoder_version", String(40)),
    Column("seed", BigInteger),
    Column("tasks", Integer),
    Column("samples", Integer),
    Column("settings", JSON),
    Column("generation", JSON),
    Column("hardware", JSON),
    Column("tools", JSON),
    Column("problem_versions", JSON),
    Column("summary", JSON),
)

samples = Table(
    "samples", metadata,
    Column("run_id", String(32), primary_key=True),
    Column("task_id", String(400), primary_key=True),
    Column("sample_index", Integer, primary_key=True),
    Column("execution_model", String(40)),
    Column("category", String(200)),
    Column("status", String(20), nullable=False),
    Column("message", Text),
    Column("build_s", Float),
    Column("build_log", Text),
    Column("code", Text),
    Column("baseline_s", Float),
    Column("speedup", JSON),
    Column("runs", JSON),
    Column("suspicious", Boolean),
    Column("duplicate_of", Integer),
    Column("problem_version", Integer),
    Column("extra", JSON),  # the result's other fields (seed, object hash, GPU or synthesis figures, ...)
)


def default_url() -> str:
    env = os.environ.get("HPCCODER_RESULTS_DB")
    if env:
        return as_url(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return as_url(os.path.join(base, "hpccoder", "results.db"))


def as_url(text: str) -> str:
    """A SQLAlchemy URL as given, or a file path made into a SQLite URL."""
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _finite(value):
    """JSON without NaN or infinity (PostgreSQL rejects them): None instead."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _sqlite_setup(engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see "begin" below)
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer; stays as is where unsupported
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # take the write lock at the start: two writers then queue, instead of one failing on lock upgrade
        conn.exec_driver_sql("BEGIN IMMEDIATE")


NO_STORE = ("no results store at {path}: give the --db that `hpccoder run`/`evaluate` recorded into, or record a "
            "run first")


class Store:
    """`create`: make the store where there is none (recording, `leaderboard add`). Commands that only read pass
    False: a SQLite store that is not there is then refused (a mistyped --db), nothing being made, except the
    default store ($HPCCODER_RESULTS_DB, else ~/.local/share/hpccoder/results.db), which reads as one with no runs
    yet (the first use); and a SQLite file that is not an hpccoder store is refused before anything is written
    to it. A server's database (PostgreSQL) is opened as with create."""

    def __init__(self, url: str | None = None, create: bool = True):
        self.url = as_url(url) if url else default_url()
        self.missing = False  # the default store, read before anything was recorded into it: no runs, no file
        try:
            parsed = make_url(self.url)
        except exc.ArgumentError:
            raise HpcError(f"'{self.url}' is not a database URL: give a file path or a URL like "
                           "sqlite:///results.db or postgresql+psycopg://user@host/db") from None
        self.display = parsed.render_as_string(hide_password=True)
        self.read_only = False
        kwargs = {}
        if parsed.get_backend_name() == "sqlite":
            path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
            if path is not None and not create and not _exists(path):
                if self.url != default_url():
                    raise HpcError(NO_STORE.format(path=path))
                self.missing = True
                self.engine = None
                return
            if path is not None and path.is_file() and not os.access(path.parent, os.W_OK):
                # a store published where it may only be read (a read-only share, another user's folder): SQLite
                # cannot make its lock files beside it, so it is opened read-only and everything that writes refuses
                self.read_only = True
                self.engine = create_engine("sqlite://", creator=lambda: _open_read_only(path))
                self._check_schema_read_only()
                return
            if path is not None and not create:
                self._check_is_a_store_read_only(path)
            if path is not None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise HpcError(f"cannot make the folder of the results store {self.display}: "
                                   f"{err.strerror}; give another store (--db, --results-db)") from None
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
        try:
            self.engine = create_engine(parsed, **kwargs)
        except (ImportError, exc.NoSuchModuleError) as err:
            raise HpcError(f"cannot open the results store {self.display}: {err} (for PostgreSQL: "
                           "pip install 'hpccoder[postgres]' and use postgresql+psycopg://...)") from None
        if parsed.get_backend_name() == "sqlite":
            _sqlite_setup(self.engine)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        # SQLite answers "database is locked" at once, without waiting out the busy timeout, to a connection that
        # opens a fresh file while another process turns it to WAL: such a start is tried again, not refused
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return self._create_schema()
            except exc.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise HpcError(f"cannot open the results store {self.display}: {_first_line(err)}") from None
                time.sleep(0.05 + 0.1 * random.random())

    def _check_schema_read_only(self) -> None:
        try:
            with self.engine.connect() as conn:
                self._check_is_a_store(conn)
                if not {"runs", "samples"} <= set(inspect(conn).get_table_names()):
                    raise HpcError(f"{self.display} is not an hpccoder results store (it has no runs table); it is "
                                   "read-only here, so none can be made in it: give another store (--db)")
                self._check_version(conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar())
        except exc.SQLAlchemyError as err:
            raise HpcError(f"cannot open the results store {self.display}: {_first_line(err)}") from None

    def _check_is_a_store(self, conn) -> None:
        """Refuses a database of another program that has a `runs` or `samples` table (MLflow's has `runs`):
        its tables would otherwise get hpccoder's columns added to them. Every hpccoder store has hpccoder_meta."""
        have = set(inspect(conn).get_table_names())
        ours = sorted(have & {"runs", "samples"})
        if ours and "hpccoder_meta" not in have:
            raise HpcError(f"{self.display} is not an hpccoder results store (its table {' and '.join(ours)} is "
                           "another program's): its tables were left as they were; give another store (--db, "
                           "--results-db)")

    def _check_is_a_store_read_only(self, path: Path) -> None:
        """For the commands that only read: refuses a SQLite file that is not an hpccoder store (an empty file, another
        program's database) before a connection that writes (WAL, the tables) is made to it."""
        import sqlite3

        conn = None
        try:
            conn = _open_read_only(path)
            have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as err:
            raise HpcError(f"cannot open the results store {self.display}: {_first_line(err)}") from None
        finally:
            if conn is not None:
                conn.close()
        if "hpccoder_meta" not in have:
            ours = sorted(have & {"runs", "samples"})
            why = f"its table {' and '.join(ours)} is another program's" if ours else "it has no runs table"
            raise HpcError(f"{self.display} is not an hpccoder results store ({why}): it was left as it was; give "
                           "the --db that `hpccoder run`/`evaluate` recorded into")

    def _check_version(self, found) -> None:
        try:
            version = int(found) if found is not None else None
        except ValueError:
            raise HpcError(f"the results store {self.display} says its schema is '{found}', which no hpccoder "
                           "writes: give another store (--db, --results-db)") from None
        if version is not None and version > SCHEMA_VERSION:
            raise HpcError(f"the results store {self.display} was written by a newer hpccoder "
                           f"(schema {version}, this one reads {SCHEMA_VERSION}): upgrade hpccoder")

    def check_writable(self) -> None:
        if self.missing:
            raise HpcError(NO_STORE.format(path=make_url(self.url).database))
        if self.read_only:
            raise HpcError(f"the results store {self.display} is read-only here (its folder cannot be written): "
                           "give a store you may write (--db, --results-db)")

    def _create_schema(self) -> None:
        try:
            with self.engine.begin() as conn:
                self._check_is_a_store(conn)
                for table in metadata.sorted_tables:
                    # IF NOT EXISTS: two processes creating a fresh store at once both succeed
                    conn.execute(CreateTable(table, if_not_exists=True))
                    _add_missing_columns(conn, table)
                found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
                if found is None:
                    conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                self._check_version(found)
        except exc.OperationalError:
            raise
        except exc.SQLAlchemyError as err:
            raise HpcError(f"cannot open the results store {self.display}: {_first_line(err)}") from None

    # -- writing ---------------------------------------------------------------------------------------------
    def record(self, run: "RunData") -> bool:
        """Adds or replaces a run with all its samples, atomically. True if it replaced one."""
        self.check_writable()
        row = {
            "id": run.id, "model": run.model, "backend": run.backend, "source": run.source, "out_dir": run.out_dir,
            "started": run.started, "finished": run.finished, "duration_s": run.duration_s,
            "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "suite_version": run.suite_version,
            "hpccoder_version": run.hpccoder_version, "seed": run.seed, "tasks": run.summary.get("tasks"),
            "samples": len(run.samples), "settings": _finite(run.settings), "generation": _finite(run.generation),
            "hardware": _finite(run.hardware), "tools": run.tools, "problem_versions": run.problem_versions,
            "summary": _finite(run.summary),
        }
        sample_rows = [{**_finite(s), "run_id": run.id} for s in run.samples]
        for attempt in range(3):
            try:
                with self.engine.begin() as conn:
                    existed = conn.execute(select(runs.c.id).where(runs.c.id == run.id)).first() is not None
                    conn.execute(delete(samples).where(samples.c.run_id == run.id))
                    conn.execute(delete(runs).where(runs.c.id == run.id))
                    conn.execute(insert(runs), [row])
                    if sample_rows:
                        conn.execute(insert(samples), sample_rows)
                return existed
            except exc.IntegrityError as err:
                # PostgreSQL: another process inserted the same run between our delete and insert; again
                if attempt == 2:
                    raise HpcError(f"cannot write to the results store {self.display}: "
                                   f"{_first_line(err)}") from None
            except exc.SQLAlchemyError as err:
                raise HpcError(f"cannot write to the results store {self.display}: {_first_line(err)}") from None
        return False

    def remove(self, ref: str) -> dict:
        """Removes a run (an id or a unique prefix of one) with its samples, atomically: the run's row as it was."""
        self.check_writable()
        run = self.get_run(ref)
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(samples).where(samples.c.run_id == run["id"]))
                conn.execute(delete(runs).where(runs.c.id == run["id"]))
        except exc.SQLAlchemyError as err:
            raise HpcError(f"cannot write to the results store {self.display}: {_first_line(err)}") from None
        return run

    # -- reading ---------------------------------------------------------------------------------------------
    def _read(self, query) -> list[dict]:
        if self.missing:  # the default store before its first run: no runs
            return []
        try:
            with self.engine.begin() as conn:
                return [dict(r) for r in conn.execute(query).mappings().all()]
        except exc.SQLAlchemyError as err:
            raise HpcError(f"cannot read the results store {self.display}: {_first_line(err)}") from None

    def list_runs(self) -> list[dict]:
        """Every run (no samples), newest first."""
        return self._read(select(runs).order_by(runs.c.started.desc(), runs.c.id))

    def resolve(self, ref: str) -> str:
        """The run id that `ref` (an id or a unique prefix of one) names."""
        ref = ref.strip()
        if not ref:
            raise HpcError("give a run id (`hpccoder leaderboard runs` lists them)")
        ids = [r["id"] for r in self._read(select(runs.c.id).where(runs.c.id.startswith(ref, autoescape=True)))]
        if ref in ids:
            return ref
        if not ids:
            if not self._read(select(runs.c.id).limit(1)):
                raise HpcError(f"no run '{ref}' in {self.display}: no runs recorded yet")
            raise HpcError(f"no run '{ref}' in {self.display} (`hpccoder leaderboard runs` lists them)")
        if len(ids) > 1:
            raise HpcError(f"'{ref}' names {len(ids)} runs ({', '.join(sorted(ids)[:5])}): give more of the id")
        return ids[0]

    def get_run(self, ref: str) -> dict:
        run_id = self.resolve(ref)
        return self._read(select(runs).where(runs.c.id == run_id))[0]

    def samples_of(self, run_id: str) -> list[dict]:
        return self._read(select(samples).where(samples.c.run_id == run_id)
                          .order_by(samples.c.task_id, samples.c.sample_index))


def _exists(path: Path) -> bool:
    """Whether there is something at `path`; True where that cannot be told (SQLite then says why it cannot open it)."""
    try:
        return path.exists()
    except OSError:
        return True


def _open_read_only(path: Path):
    import sqlite3

    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # where SQLite finds it cannot read it
        return conn
    except sqlite3.OperationalError:
        # a WAL store with no -wal file beside it (closed cleanly) needs one to be made, unless it is read as a file
        # that nothing changes: all its content is then in the file itself
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S)


def _add_missing_columns(conn, table: Table) -> None:
    """A store written by an older hpccoder lacks the columns added since: add them (all are nullable)."""
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    for column in table.columns:
        if column.name not in have:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


def _first_line(err: Exception) -> str:
    message = str(getattr(err, "orig", None) or err).strip()
    return message.splitlines()[0] if message else type(err).__name__
