package io.raftdeck.launcher.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a size in bytes: a whole number, optionally with a binary unit ({@code 512MiB},
 * {@code 2GiB}, {@code 64 KiB}; case does not matter). Decimal units (MB, GB) are refused
 * rather than guessed at.
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([A-Za-z]*)");

    @Override
    public Long convert(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size: give bytes, or a"
                    + " number with B, KiB, MiB, GiB or TiB (e.g. 512MiB)");
        }
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 0;
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> throw new TypeConversionException("unknown size unit '"
                    + matcher.group(2) + "' in '" + text + "': use B, KiB, MiB, GiB or TiB");
        };
        long number;
        try {
            number = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            number = Long.MAX_VALUE;
        }
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new TypeConversionException("'" + text + "' is too large a size");
        }
        return number << shift;
    }
}
