package io.raftdeck.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {

    private final ByteSizeConverter converter = new ByteSizeConverter();

    @Test
    void bytesAndBinaryUnitsParse() {
        // Proves plain bytes and each binary unit, in any case and with a space, parse exactly.
        assertEquals(1234L, converter.convert("1234"));
        assertEquals(512L << 20, converter.convert("512MiB"));
        assertEquals(2L << 30, converter.convert("2GiB"));
        assertEquals(64L << 10, converter.convert(" 64 kib "));
        assertEquals(3L << 40, converter.convert("3TiB"));
        assertEquals(7L, converter.convert("7B"));
    }

    @Test
    void badSizesFailWithASentence() {
        // Proves decimal units, negative numbers, garbage and overflow are refused with a
        // message saying what a size looks like, never parsed as something else.
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("2GB"))
                .getMessage().contains("unknown size unit 'GB'"));
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("-1"))
                .getMessage().contains("is not a size"));
        assertThrows(TypeConversionException.class, () -> converter.convert("lots"));
        assertTrue(assertThrows(TypeConversionException.class,
                () -> converter.convert("99999999999TiB")).getMessage().contains("too large"));
    }
}
