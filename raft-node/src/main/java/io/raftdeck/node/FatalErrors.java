package io.raftdeck.node;

/**
 * The errors after which a node stops for good, wherever they are thrown, and how to name
 * them when memory may have run out. After an OutOfMemoryError the JVM can promise nothing
 * (a message half built, a callback never run, a lock never released), so the node fail-stops
 * and leaves the restart to whoever supervises it, instead of serving on as a zombie.
 */
public final class FatalErrors {

    /** The reason for an OutOfMemoryError, built before memory runs out. */
    public static final String OUT_OF_MEMORY = "out of memory";
    /** Bounds the walk down a chain of causes, which may even be a cycle. */
    private static final int MAX_CAUSES = 8;

    private FatalErrors() {
    }

    /**
     * Whether {@code error}, or one of its causes, says the JVM cannot go on: an
     * OutOfMemoryError or another VirtualMachineError. A StackOverflowError is not one: it
     * unwinds its own thread and leaves the heap and every other thread as they were.
     */
    public static boolean isFatal(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (current instanceof VirtualMachineError
                    && !(current instanceof StackOverflowError)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    /**
     * A one-line reason, e.g. "out of memory (Java heap space) in thread grpc-1". Falls back to
     * a constant when even that string cannot be built.
     */
    public static String reason(Throwable error, String where) {
        boolean outOfMemory = error instanceof OutOfMemoryError;
        try {
            String what = outOfMemory ? OUT_OF_MEMORY
                    : "fatal error " + error.getClass().getName();
            String detail = error.getMessage();
            return what + (detail == null ? "" : " (" + detail + ")") + " " + where;
        } catch (OutOfMemoryError again) {
            return outOfMemory ? OUT_OF_MEMORY : "fatal error";
        }
    }
}
