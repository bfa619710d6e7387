package dev.tusk.types;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HexFormat;

/** Test helpers: load fixtures and dump values through the global registry. */
final class Codec {
    private Codec() {
    }

    static final Adapters A = Adapters.global();

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Loads from a slice placed at an offset inside a larger buffer, as in a DataRow. */
    static Object load(int oid, Format format, byte[] value, LoadContext ctx) {
        byte[] row = new byte[value.length + 7];
        java.util.Arrays.fill(row, (byte) 0x55);
        System.arraycopy(value, 0, row, 3, value.length);
        return A.loader(oid, format).load(row, 3, value.length, ctx);
    }

    static Object binary(int oid, String hex) {
        return load(oid, Format.BINARY, hex(hex), LoadContext.UTC);
    }

    static Object binary(int oid, byte[] bytes) {
        return load(oid, Format.BINARY, bytes, LoadContext.UTC);
    }

    static Object text(int oid, String text) {
        return load(oid, Format.TEXT, text.getBytes(StandardCharsets.UTF_8), LoadContext.UTC);
    }

    static Object text(int oid, String text, ZoneId zone) {
        return load(oid, Format.TEXT, text.getBytes(StandardCharsets.UTF_8), () -> zone);
    }

    static byte[] dump(Object value) {
        ByteSink sink = new ByteSink(4);
        sink.writeByte(0x77); // something before, as in a Bind message
        A.dumperFor(value).dump(value, sink);
        byte[] all = sink.toByteArray();
        return java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    static String dumpHex(Object value) {
        return hexOf(dump(value));
    }

    static String quote(Object value) {
        return A.dumperFor(value).quote(value);
    }

    /** Dumps the value and loads it back with the loader for the dumper's OID and format. */
    static Object roundTrip(Object value) {
        Dumper<Object> d = A.dumperFor(value);
        return load(d.oid(), d.format(), dump(value), LoadContext.UTC);
    }
}
