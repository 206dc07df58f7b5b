package io.raftdeck.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Histories of a correct store under concurrency, for tests at scale. Each operation gets an
 * interval and a moment inside it at which it takes effect; applying them in the order of those
 * moments to a real map gives every result, so the history is linearizable by construction.
 * Some writes time out (unknown): half of those take effect, possibly after the client gave up.
 */
final class GeneratedHistory {

    private static final int MAX_DURATION = 20;

    private static final class Planned {
        final long id;
        final int process;
        final OperationKind kind;
        final String key;
        final long invokeTime;
        final long completeTime;
        final long effectTime;
        final boolean unknown;
        final boolean takesEffect;

        Planned(long id, int process, OperationKind kind, String key, long invokeTime,
                long completeTime, long effectTime, boolean unknown, boolean takesEffect) {
            this.id = id;
            this.process = process;
            this.kind = kind;
            this.key = key;
            this.invokeTime = invokeTime;
            this.completeTime = completeTime;
            this.effectTime = effectTime;
            this.unknown = unknown;
            this.takesEffect = takesEffect;
        }
    }

    private GeneratedHistory() {
    }

    static History linearizable(long seed, int operations, int keys, int processes) {
        Random random = new Random(seed);
        List<Planned> plan = plan(random, operations, keys, processes);
        plan.sort(Comparator.comparingLong((Planned planned) -> planned.effectTime)
                .thenComparingLong(planned -> planned.id));
        Map<String, String> store = new HashMap<>();
        List<Operation> history = new ArrayList<>();
        for (Planned planned : plan) {
            history.add(apply(planned, store, random));
        }
        return new History(history);
    }

    private static List<Planned> plan(Random random, int operations, int keys, int processes) {
        List<Planned> plan = new ArrayList<>();
        long[] busyUntil = new long[processes];
        for (long time = 1; plan.size() < operations; time++) {
            for (int process = 0; process < processes && plan.size() < operations; process++) {
                if (busyUntil[process] >= time || random.nextBoolean()) {
                    continue;
                }
                int duration = 1 + random.nextInt(MAX_DURATION);
                int roll = random.nextInt(100);
                OperationKind kind = roll < 40 ? OperationKind.PUT : roll < 75 ? OperationKind.GET
                        : roll < 90 ? OperationKind.CAS : OperationKind.DELETE;
                boolean unknown = kind != OperationKind.GET && random.nextInt(100) < 3;
                // An unknown write may take effect well after its client gave up.
                long effectTime = time + random.nextInt((unknown ? 5 : 1) * duration + 1);
                plan.add(new Planned(plan.size(), process, kind, "k" + random.nextInt(keys),
                        time, time + duration, effectTime, unknown, !unknown
                        || random.nextBoolean()));
                busyUntil[process] = time + duration;
            }
        }
        return plan;
    }

    private static Operation apply(Planned planned, Map<String, String> store, Random random) {
        String current = store.get(planned.key);
        String value = planned.kind == OperationKind.PUT || planned.kind == OperationKind.CAS
                ? "v" + planned.id : null;
        String expected = null;
        String result = null;
        Outcome outcome = planned.unknown ? Outcome.UNKNOWN : Outcome.OK;
        boolean effect = planned.takesEffect;
        switch (planned.kind) {
            case GET -> result = current;
            case CAS -> {
                // Most compare-and-sets expect what is there; the others fail, definitely.
                boolean matches = random.nextInt(100) < 70;
                expected = matches ? current : "stale" + planned.id;
                if (!matches && !planned.unknown) {
                    outcome = Outcome.FAIL;
                }
                effect &= matches;
            }
            default -> {
            }
        }
        if (effect && planned.kind != OperationKind.GET) {
            if (planned.kind == OperationKind.DELETE) {
                store.remove(planned.key);
            } else {
                store.put(planned.key, value);
            }
        }
        return new Operation(planned.id, planned.process, planned.kind, planned.key, value,
                expected, result, outcome, planned.invokeTime, planned.completeTime);
    }
}
