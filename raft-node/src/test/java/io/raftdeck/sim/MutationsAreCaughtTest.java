package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The simulator catches a broken node (issue 13, item 7): each test builds every node with one
 * deliberate defect ({@link SimMutation}, through the node's collaborators, never a switch in
 * the shipped code) and expects a safety check to fail within a bounded number of seeds. It
 * prints the seed that caught it; {@code -Dseed=N} starts the search at seed N, so a catch
 * replays alone.
 */
class MutationsAreCaughtTest {

    /** Seeds a mutation gets to be caught in; each is caught well within (see the report). */
    private static final int MAX_SEEDS = 200;

    @Test
    void applyingBeforeCommitIsCaught() {
        // Proves a node that applies entries it only stored breaks a checked invariant.
        assertCaught("apply before commit", seed -> RandomizedWorkload.runSeed(seed,
                new ApplyBeforeCommitMutation(), new RandomizedWorkload.Totals()));
    }

    @Test
    void answeringBeforeApplyIsCaught() {
        // Proves a leader that answers at its own write, before commit, breaks an invariant.
        assertCaught("answer before apply", seed -> RandomizedWorkload.runSeed(seed,
                new AnswerBeforeApplyMutation(), new RandomizedWorkload.Totals()));
    }

    @Test
    void forgettingAppliedRequestsOnRetryIsCaught() {
        // Proves a leader that does not look retries up in the state machine appends twice.
        assertCaught("retry answers bypassed", seed -> new ExactlyOnceSimulationTest.Run(seed,
                new ExactlyOnceSimulationTest.Tally(), new ForgottenRetryAnswersMutation())
                .execute());
    }

    @Test
    void bypassingTheRetryCacheIsCaught() {
        // Proves a leader without its retry cache appends a retry of an unapplied request twice.
        assertCaught("retry cache removed", seed -> new ExactlyOnceSimulationTest.Run(seed,
                new ExactlyOnceSimulationTest.Tally(), new RetryCacheRemovedMutation())
                .execute());
    }

    @Test
    void acknowledgingBeforeTheWriteIsDurableIsCaught() {
        // Proves votes and acknowledgements sent before the write is durable lose a promise.
        assertCaught("acknowledge before fsync", seed -> RandomizedWorkload.runSeed(seed,
                new AcknowledgeBeforeSyncMutation(), new RandomizedWorkload.Totals()));
    }

    @Test
    void savesThatAreNotDurableAreCaught() {
        // Proves storage that acknowledges a save without making it durable breaks safety.
        assertCaught("save without fsync", seed -> RandomizedWorkload.runSeed(seed,
                new WalWithoutFsyncMutation(), new RandomizedWorkload.Totals()));
    }

    @Test
    void aLogThatIsNeverCompactedIsCaught() {
        // Proves the bounded-memory check fails on a node that holds every applied entry.
        SafetyViolation caught = assertCaught("no compaction", seed -> RandomizedWorkload
                .runSeed(seed, new NoCompactionMutation(), new RandomizedWorkload.Totals()));
        assertTrue(caught.getMessage().startsWith("Bounded memory"), caught.getMessage());
    }

    @Test
    void aRestoreThatBuildsAnotherStateIsCaught() {
        // Proves the state digest check is wired in: the entries are right, the state is not.
        SafetyViolation caught = assertCaught("corrupt restore", seed -> RandomizedWorkload
                .runSeed(seed, new CorruptRestoreMutation(), new RandomizedWorkload.Totals()));
        assertTrue(caught.getMessage().startsWith("State digest"), caught.getMessage());
    }

    /**
     * Runs seeds until one fails a safety check ({@link SafetyViolation}) and prints it; fails
     * when none did within {@link #MAX_SEEDS}. A failure of any other kind is not a catch: it
     * is reported as it is, for the simulator should name the property the mutation broke.
     */
    private static SafetyViolation assertCaught(String mutation, LongConsumer runSeed) {
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        for (long seed = first; seed < first + MAX_SEEDS; seed++) {
            try {
                runSeed.accept(seed);
            } catch (AssertionError failure) {
                SafetyViolation violation = violationIn(failure);
                if (violation == null) {
                    throw failure;
                }
                System.out.println("mutation '" + mutation + "' caught by seed " + seed + " ("
                        + (seed - first + 1) + " seeds run): " + violation.getMessage());
                return violation;
            }
        }
        return fail("mutation '" + mutation + "' was not caught in " + MAX_SEEDS
                + " seeds from " + first);
    }

    private static SafetyViolation violationIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SafetyViolation violation) {
                return violation;
            }
        }
        return null;
    }
}
