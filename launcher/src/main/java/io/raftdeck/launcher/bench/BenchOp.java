package io.raftdeck.launcher.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What each request of the load is: a put, a linearizable get, or either at even odds. */
enum BenchOp {
    PUT, GET, MIXED;

    /** The name on the command line: put, get, mixed. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --op put|get|mixed}, case-insensitively, with a one-line complaint. */
    static final class Converter implements ITypeConverter<BenchOp> {
        @Override
        public BenchOp convert(String text) {
            for (BenchOp op : values()) {
                if (op.label().equalsIgnoreCase(text.strip())) {
                    return op;
                }
            }
            throw new TypeConversionException("expected put, get or mixed, was '" + text + "'");
        }
    }
}
