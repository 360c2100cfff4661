"""A throwaway Virtuoso 7 server for the remote-backend tests.

Started on free loopback ports with its own temporary database, granted SPARQL Update
for the anonymous SPARQL user (the test store is private to the test session), and
stopped afterwards. Needs Debian's ``virtuoso-opensource`` (``virtuoso-t``, ``isql-vt``).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .waiting import stop_process, wait_until_answers

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@dataclass
class Virtuoso:
    process: subprocess.Popen[bytes]
    folder: Path
    sql_port: int
    http_port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def gsp_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def isql(self, sql: str) -> str:
        out = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                             capture_output=True, text=True, timeout=60, check=True)
        return out.stdout

    def stop(self) -> None:
        stop_process(self.process, timeout=20)


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def start(folder: Path, sql_port: int, http_port: int, timeout: float = 90) -> Virtuoso:
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(d=folder, sql_port=sql_port, http_port=http_port))
    log = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    v = Virtuoso(proc, folder, sql_port, http_port)
    virtuoso_log = folder / "virtuoso.log"
    wait_until_answers(v.endpoint + "?query=ASK%7B%7D", proc, timeout,
                       lambda: virtuoso_log.read_text(errors="replace") if virtuoso_log.exists() else "")
    v.isql("GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
    return v
