#!/usr/bin/python3
"""Checks a running cluster through the seed-compatible contract only, as an old client would.

    /usr/bin/python3 clients/python/check_cluster.py --nodes 127.0.0.1:5001,...,127.0.0.1:5005

It checks, waiting for each with a deadline:
  1. every node answers GetStatus; exactly one says state "Leader"; states are "Leader",
     "Follower" or "Candidate"; voted_for and leader_id are -1 (none) or a node id, never 0;
     every node agrees on the term and on the leader's id, and the leader voted for itself;
  2. a ClientRequest sent to a follower answers success=true (forwarded, committed);
  3. GetLog returns the same list (index, term, command) on every node, with indexes in
     increasing order, and that list contains the command of step 2.

Prints one "ok:" line per check and "check_cluster: all checks passed"; on a failed check it
prints "FAIL: ..." and exits 1 (2 for usage or set-up errors).
"""

import argparse
import sys
import time
import uuid

import raft_client

SEED_STATES = ("Leader", "Follower", "Candidate")
POLL_SECONDS = 0.1


class CheckFailed(Exception):
    pass


def wait_for(description, deadline, probe):
    """Polls probe() until it returns (True, value) or the deadline passes.

    probe returns (done, value_or_reason); the last reason is reported on timeout, so a
    failure says what the cluster looked like, not only that it took too long.
    """
    reason = "never probed"
    while True:
        done, value = probe()
        if done:
            return value
        reason = value
        if time.monotonic() >= deadline:
            raise CheckFailed("%s: not reached in time; last seen: %s" % (description, reason))
        time.sleep(POLL_SECONDS)


def check_id_field(node, name, value):
    """-1 means none in the seed contract; 0 would be a proto default leaking out."""
    if value != -1 and value < 1:
        raise CheckFailed("%s reports %s=%d; must be -1 (none) or a node id >= 1"
                          % (node, name, value))


def statuses(client):
    """GetStatus of every node, or (False, reason) if any does not answer."""
    result = {}
    for node in client.nodes:
        status, error = client.try_call(client.status, node)
        if status is None:
            return None, "%s unreachable: %s" % (node, error)
        if status.state not in SEED_STATES:
            raise CheckFailed("%s reports state %r; must be one of %s"
                              % (node, status.state, ", ".join(SEED_STATES)))
        check_id_field(node, "voted_for", status.voted_for)
        check_id_field(node, "leader_id", status.leader_id)
        result[node] = status
    return result, None


def one_agreed_leader(client):
    result, reason = statuses(client)
    if result is None:
        return False, reason
    summary = ", ".join("%s=%s/t%d/l%d" % (node, s.state, s.current_term, s.leader_id)
                        for node, s in result.items())
    leaders = [node for node, s in result.items() if s.state == "Leader"]
    if len(leaders) != 1:
        return False, "%d leaders (%s)" % (len(leaders), summary)
    leader = result[leaders[0]]
    if leader.leader_id < 1 or leader.voted_for != leader.leader_id:
        return False, "leader %s has leader_id %d, voted_for %d (%s)" % (
            leaders[0], leader.leader_id, leader.voted_for, summary)
    agreed = all(s.current_term == leader.current_term and s.leader_id == leader.leader_id
                 for s in result.values())
    if not agreed:
        return False, "nodes disagree on term or leader (%s)" % summary
    return True, (leaders[0], leader, result)


def identical_logs(client, command):
    logs = {}
    for node in client.nodes:
        entries, error = client.try_call(client.log, node)
        if entries is None:
            return False, "%s unreachable: %s" % (node, error)
        logs[node] = [(e.index, e.term, e.command) for e in entries]
    for node, entries in logs.items():
        indexes = [index for index, _, _ in entries]
        if any(later <= earlier for earlier, later in zip(indexes, indexes[1:])):
            raise CheckFailed("%s returned log indexes out of order: %s" % (node, indexes))
    reference = next(iter(logs.values()))
    sizes = ", ".join("%s=%d" % (node, len(entries)) for node, entries in logs.items())
    if any(entries != reference for entries in logs.values()):
        return False, "logs differ (entries per node: %s)" % sizes
    if not any(entry_command == command for _, _, entry_command in reference):
        return False, "the sent command is not in the logs (entries per node: %s)" % sizes
    return True, len(reference)


def run_checks(client, timeout_seconds, out):
    deadline = time.monotonic() + timeout_seconds
    leader_node, leader, result = wait_for("exactly one leader that all nodes agree on",
                                           deadline, lambda: one_agreed_leader(client))
    out.write("ok: one leader: %s (id %d, term %d); %d nodes agree\n"
              % (leader_node, leader.leader_id, leader.current_term, len(result)))

    followers = [node for node, s in result.items() if s.state == "Follower"]
    if not followers:
        raise CheckFailed("no follower to send the command through")
    command = "check-cluster " + uuid.uuid4().hex
    answer, error = client.try_call(lambda node: client.send(node, command), followers[0])
    if answer is None:
        raise CheckFailed("ClientRequest via follower %s failed: %s" % (followers[0], error))
    if not answer.success:
        raise CheckFailed("ClientRequest via follower %s answered success=false: %s"
                          % (followers[0], answer.message))
    out.write("ok: command committed via follower %s: %s\n" % (followers[0], answer.message))

    entries = wait_for("identical logs containing the command", deadline,
                       lambda: identical_logs(client, command))
    out.write("ok: GetLog identical on all %d nodes (%d entries)\n"
              % (len(client.nodes), entries))


def main(argv):
    parser = argparse.ArgumentParser(description="Check a cluster over the seed contract.")
    parser.add_argument("--nodes", required=True, help="comma-separated host:port list")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds for all checks together (default: %(default)s)")
    arguments = parser.parse_args(argv)
    try:
        client = raft_client.SeedClient(raft_client.parse_nodes(arguments.nodes),
                                        timeout_seconds=2.0)
    except (ValueError, raft_client.SetupError) as error:
        sys.stderr.write("error: %s\n" % error)
        return 2
    try:
        run_checks(client, arguments.timeout, sys.stdout)
    except CheckFailed as failure:
        sys.stdout.write("FAIL: %s\n" % failure)
        return 1
    finally:
        client.close()
    sys.stdout.write("check_cluster: all checks passed\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
