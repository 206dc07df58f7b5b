package io.raftdeck.launcher.client;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Refuses a KEY argument that was not valid text. The JVM decodes the command line in the
 * terminal's encoding and puts U+FFFD in place of every byte that does not fit, so
 * {@code put $'\xff' a} and {@code put $'\xfe' b} would both write the key "\uFFFD", and under
 * a C locale every accented key would collide the same way. A key that really holds U+FFFD is
 * refused too: on the command line the two cannot be told apart.
 */
public final class KeyConverter implements ITypeConverter<String> {

    private static final char REPLACEMENT = '\uFFFD';

    @Override
    public String convert(String key) {
        if (key.indexOf(REPLACEMENT) >= 0) {
            throw new TypeConversionException("the key is not valid text in this terminal's"
                    + " encoding (" + System.getProperty("sun.jnu.encoding", "unknown") + "):"
                    + " bytes that do not decode became U+FFFD, and different keys would be"
                    + " one; keys are sent as UTF-8");
        }
        return key;
    }
}
