#!/usr/bin/python3
"""A small client of the seed-compatible contract (package raft, service RaftService).

Every raftdeck node serves this contract next to its own raftdeck.v1 API, so clients written
for the seed project keep working. The stubs are generated at run time from the repository's
proto/src/main/proto/raft/raft.proto with Debian's protoc and gRPC plugin, into
clients/python/generated/ (not committed).

Run it with Debian's python3, which is the one that has Debian's python3-grpcio:

    /usr/bin/python3 clients/python/raft_client.py --nodes 127.0.0.1:5001,... status
    /usr/bin/python3 clients/python/raft_client.py log
    /usr/bin/python3 clients/python/raft_client.py send "set x 1"

Exit codes: 0 ok, 2 usage or set-up error, 3 no node answered / no leader took the command.
"""

import argparse
import hashlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTO_ROOT = HERE.parent.parent / "proto" / "src" / "main" / "proto"
PROTO_FILE = "raft/raft.proto"
GENERATED = HERE / "generated"
PROTOC = "/usr/bin/protoc"
GRPC_PLUGIN = "/usr/bin/grpc_python_plugin"
APT_PACKAGES = "python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc"
DEFAULT_NODES = ",".join("127.0.0.1:%d" % port for port in range(5001, 5006))

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3


class SetupError(Exception):
    """The machine lacks something the client needs; the message says what to install."""


def load_stubs():
    """Returns (raft_pb2, raft_pb2_grpc), generating them first if the proto changed."""
    try:
        import grpc  # noqa: F401  (checked here so the message names the apt packages)
    except ImportError:
        raise SetupError("python module grpc missing; install Debian's packages: "
                         "apt-get install " + APT_PACKAGES + " (and run /usr/bin/python3)")
    target = _generate()
    sys.path.insert(0, str(target))
    return (importlib.import_module("raft.raft_pb2"),
            importlib.import_module("raft.raft_pb2_grpc"))


def _generate():
    """Generates stubs into a directory named by the proto's hash.

    A directory per proto version makes concurrent runs safe: each generates into its own
    temporary directory and renames it into place; a loser of that race just uses the winner's.
    """
    proto = PROTO_ROOT / PROTO_FILE
    if not proto.is_file():
        raise SetupError("proto file not found: %s" % proto)
    for tool in (PROTOC, GRPC_PLUGIN):
        if not os.access(tool, os.X_OK):
            raise SetupError("%s missing; install Debian's packages: apt-get install %s"
                             % (tool, APT_PACKAGES))
    digest = hashlib.sha256(proto.read_bytes()).hexdigest()[:16]
    target = GENERATED / digest
    if (target / "raft" / "raft_pb2_grpc.py").is_file():
        return target
    GENERATED.mkdir(exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix="tmp-", dir=GENERATED))
    command = [PROTOC, "-I", str(PROTO_ROOT), "--python_out=" + str(temporary),
               "--grpc_out=" + str(temporary),
               "--plugin=protoc-gen-grpc=" + GRPC_PLUGIN, PROTO_FILE]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(temporary, ignore_errors=True)
        raise SetupError("protoc failed: " + result.stderr.strip().replace("\n", "; "))
    try:
        os.rename(temporary, target)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
    return target


def parse_nodes(text):
    """Splits 'host:port,host:port' and checks each entry; raises ValueError naming the bad one."""
    nodes = []
    for entry in text.split(","):
        entry = entry.strip()
        host, _, port = entry.rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ValueError("'%s' is not host:port" % entry)
        nodes.append(entry)
    return nodes


class SeedClient:
    """One channel per node; every call has a deadline so nothing waits forever."""

    def __init__(self, nodes, timeout_seconds):
        self.pb, pb_grpc = load_stubs()
        import grpc
        self._grpc = grpc
        self.timeout_seconds = timeout_seconds
        self._channels = {node: grpc.insecure_channel(node) for node in nodes}
        self._stubs = {node: pb_grpc.RaftServiceStub(channel)
                       for node, channel in self._channels.items()}
        self.nodes = list(nodes)

    def close(self):
        for channel in self._channels.values():
            channel.close()

    def status(self, node):
        return self._stubs[node].GetStatus(self.pb.GetStatusRequest(),
                                           timeout=self.timeout_seconds)

    def log(self, node):
        return list(self._stubs[node].GetLog(self.pb.GetLogRequest(),
                                             timeout=self.timeout_seconds).entries)

    def send(self, node, command):
        return self._stubs[node].ClientRequest(self.pb.ClientRequestMessage(command=command),
                                               timeout=self.timeout_seconds)

    def try_call(self, call, node):
        """Returns (answer, None) or (None, short error text) for one call to one node."""
        try:
            return call(node), None
        except self._grpc.RpcError as error:
            return None, "%s: %s" % (error.code().name, error.details())

    def send_anywhere(self, command, deadline):
        """Sends to the nodes in turn until one reports success or the deadline passes.

        A node without a leader answers success=false; an election may be under way, so
        the client moves on and retries rather than giving up at the first refusal.
        """
        last = "no node tried"
        while time.monotonic() < deadline:
            for node in self.nodes:
                answer, error = self.try_call(lambda n: self.send(n, command), node)
                if answer is not None and answer.success:
                    return True, "%s: %s" % (node, answer.message)
                last = "%s: %s" % (node, error if answer is None else answer.message)
            time.sleep(0.1)
        return False, last


def show_status(client, out):
    answered = 0
    out.write("%-21s %-10s %6s %9s %9s\n" % ("ADDRESS", "STATE", "TERM", "VOTED_FOR",
                                              "LEADER_ID"))
    for node in client.nodes:
        status, error = client.try_call(client.status, node)
        if status is None:
            out.write("%-21s unreachable: %s\n" % (node, error))
            continue
        answered += 1
        out.write("%-21s %-10s %6d %9d %9d\n" % (node, status.state, status.current_term,
                                                 status.voted_for, status.leader_id))
    return EXIT_OK if answered else EXIT_UNAVAILABLE


def show_log(client, out):
    answered = 0
    for node in client.nodes:
        entries, error = client.try_call(client.log, node)
        if entries is None:
            out.write("== %s: unreachable: %s\n" % (node, error))
            continue
        answered += 1
        out.write("== %s: %d entries\n" % (node, len(entries)))
        for entry in entries:
            out.write("%8d %6d  %s\n" % (entry.index, entry.term, entry.command))
    return EXIT_OK if answered else EXIT_UNAVAILABLE


def send(client, text, out):
    ok, message = client.send_anywhere(text, time.monotonic() + client.timeout_seconds)
    out.write(("success: " if ok else "failed: ") + message + "\n")
    return EXIT_OK if ok else EXIT_UNAVAILABLE


def main(argv):
    parser = argparse.ArgumentParser(description="Client of the seed-compatible raft contract.")
    parser.add_argument("--nodes", default=DEFAULT_NODES,
                        help="comma-separated host:port list (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="seconds per call, and for 'send' in all (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status", help="GetStatus of every node")
    commands.add_parser("log", help="GetLog of every node")
    send_parser = commands.add_parser("send", help="ClientRequest with TEXT as the command")
    send_parser.add_argument("text", nargs="+", help="the command; words are joined by spaces")
    arguments = parser.parse_args(argv)
    try:
        nodes = parse_nodes(arguments.nodes)
        client = SeedClient(nodes, arguments.timeout)
    except (ValueError, SetupError) as error:
        sys.stderr.write("error: %s\n" % error)
        return EXIT_USAGE
    try:
        if arguments.command == "status":
            return show_status(client, sys.stdout)
        if arguments.command == "log":
            return show_log(client, sys.stdout)
        return send(client, " ".join(arguments.text), sys.stdout)
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
