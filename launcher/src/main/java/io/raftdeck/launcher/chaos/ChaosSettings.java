package io.raftdeck.launcher.chaos;

/**
 * What a chaos run does, as given on the command line.
 *
 * @param seconds          how long the workload and nemesis run
 * @param clients          concurrent key/value workload clients
 * @param appendClients    concurrent clients appending unique commands without a session
 * @param keys             size of the key set ("k1".."kN")
 * @param seed             seeds the nemesis schedule and the clients' choices
 * @param requestTimeoutMs deadline of one client request, failover included
 */
record ChaosSettings(int seconds, int clients, int appendClients, int keys, long seed,
        long requestTimeoutMs) {
}
