package dev.tusk.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/** Registers the built-in dumpers and loaders (see {@link Adapters} for the mappings). */
final class BuiltinTypes {
    private BuiltinTypes() {
    }

    /** The OID family: unsigned 32-bit numbers; the {@code reg*} types print names in text. */
    private static final int[] OID_TYPES = {Oids.OID, Oids.XID, Oids.CID};
    private static final int[] REG_TYPES = {
        Oids.REGPROC, Oids.REGPROCEDURE, Oids.REGOPER, Oids.REGOPERATOR, Oids.REGCLASS,
        Oids.REGTYPE, Oids.REGCONFIG, Oids.REGDICTIONARY, Oids.REGNAMESPACE, Oids.REGROLE,
        Oids.REGCOLLATION,
    };
    private static final int[] STRING_TYPES = {
        Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.UNKNOWN,
    };

    /** What dumps as a PostgreSQL array; {@code byte[]} is {@code bytea}, {@code char[]} an array of one-character strings. */
    private static final Class<?>[] ARRAY_CLASSES = {
        List.class, Object[].class, int[].class, long[].class, short[].class, double[].class, float[].class,
        boolean[].class, char[].class,
    };

    static Adapters.State registerAll(Adapters.State s) {
        s = both(s, Oids.BOOL, NumberCodecs.BOOL_TEXT, NumberCodecs.BOOL_BINARY);
        s = both(s, Oids.INT2, NumberCodecs.INT2_TEXT, NumberCodecs.INT2_BINARY);
        s = both(s, Oids.INT4, NumberCodecs.INT4_TEXT, NumberCodecs.INT4_BINARY);
        s = both(s, Oids.INT8, NumberCodecs.INT8_TEXT, NumberCodecs.INT8_BINARY);
        for (int oid : OID_TYPES) {
            s = both(s, oid, NumberCodecs.OID_TEXT, NumberCodecs.OID_BINARY);
        }
        for (int oid : REG_TYPES) {
            s = both(s, oid, NumberCodecs.REG_TEXT, NumberCodecs.OID_BINARY);
        }
        s = both(s, Oids.XID8, NumberCodecs.XID8_TEXT, NumberCodecs.XID8_BINARY);
        s = both(s, Oids.FLOAT4, NumberCodecs.FLOAT4_TEXT, NumberCodecs.FLOAT4_BINARY);
        s = both(s, Oids.FLOAT8, NumberCodecs.FLOAT8_TEXT, NumberCodecs.FLOAT8_BINARY);
        s = both(s, Oids.NUMERIC, NumericCodec.TEXT, NumericCodec.BINARY);
        for (int oid : STRING_TYPES) {
            s = both(s, oid, TextCodecs.STRING, TextCodecs.STRING);
        }
        s = both(s, Oids.CHAR, TextCodecs.STRING, TextCodecs.CHAR_BINARY);
        s = both(s, Oids.BYTEA, ByteaCodec.TEXT, ByteaCodec.BINARY);
        s = both(s, Oids.DATE, DateTimeCodecs.DATE_TEXT, DateTimeCodecs.DATE_BINARY);
        s = both(s, Oids.TIME, DateTimeCodecs.TIME_TEXT, DateTimeCodecs.TIME_BINARY);
        s = both(s, Oids.TIMETZ, DateTimeCodecs.TIMETZ_TEXT, DateTimeCodecs.TIMETZ_BINARY);
        s = both(s, Oids.TIMESTAMP, DateTimeCodecs.TIMESTAMP_TEXT, DateTimeCodecs.TIMESTAMP_BINARY);
        s = both(s, Oids.TIMESTAMPTZ, DateTimeCodecs.TIMESTAMPTZ_TEXT, DateTimeCodecs.TIMESTAMPTZ_BINARY);
        s = both(s, Oids.INTERVAL, IntervalCodec.TEXT, IntervalCodec.BINARY);
        s = both(s, Oids.UUID, TextCodecs.UUID_TEXT, TextCodecs.UUID_BINARY);
        s = both(s, Oids.JSON, TextCodecs.JSON, TextCodecs.JSON);
        s = both(s, Oids.JSONB, TextCodecs.JSON, TextCodecs.JSONB_BINARY);
        s = both(s, Oids.VOID, TextCodecs.VOID, TextCodecs.VOID);
        s = both(s, Oids.INET, NetworkCodecs.INET_TEXT, NetworkCodecs.INET_BINARY);
        s = both(s, Oids.CIDR, NetworkCodecs.CIDR_TEXT, NetworkCodecs.CIDR_BINARY);
        s = both(s, Oids.MACADDR, NetworkCodecs.MACADDR_TEXT, NetworkCodecs.MACADDR_BINARY);
        s = both(s, Oids.MACADDR8, NetworkCodecs.MACADDR8_TEXT, NetworkCodecs.MACADDR8_BINARY);
        s = both(s, Oids.BIT, BitStringCodec.TEXT, BitStringCodec.BINARY);
        s = both(s, Oids.VARBIT, BitStringCodec.TEXT, BitStringCodec.BINARY);
        s = both(s, Oids.MONEY, MoneyCodec.TEXT, MoneyCodec.BINARY);
        s = both(s, Oids.PG_LSN, NumberCodecs.LSN_TEXT, NumberCodecs.LSN_BINARY);
        s = both(s, Oids.XML, TextCodecs.STRING, TextCodecs.STRING);
        // The text search types' binary forms are structured, not text: text only, so that
        // their results are requested in text.
        s = s.withLoader(Oids.TSVECTOR, Format.TEXT, TextCodecs.STRING);
        s = s.withLoader(Oids.TSQUERY, Format.TEXT, TextCodecs.STRING);
        s = both(s, Oids.POINT, GeometricCodecs.POINT_TEXT, GeometricCodecs.POINT_BINARY);
        s = both(s, Oids.LINE, GeometricCodecs.LINE_TEXT, GeometricCodecs.LINE_BINARY);
        s = both(s, Oids.LSEG, GeometricCodecs.LSEG_TEXT, GeometricCodecs.LSEG_BINARY);
        s = both(s, Oids.BOX, GeometricCodecs.BOX_TEXT, GeometricCodecs.BOX_BINARY);
        s = both(s, Oids.PATH, GeometricCodecs.PATH_TEXT, GeometricCodecs.PATH_BINARY);
        s = both(s, Oids.POLYGON, GeometricCodecs.POLYGON_TEXT, GeometricCodecs.POLYGON_BINARY);
        s = both(s, Oids.CIRCLE, GeometricCodecs.CIRCLE_TEXT, GeometricCodecs.CIRCLE_BINARY);
        s = s.withDumper(Inet.class, NetworkCodecs.INET_DUMPER);
        s = s.withDumper(Cidr.class, NetworkCodecs.CIDR_DUMPER);
        s = s.withDumper(InetAddress.class, NetworkCodecs.INET_ADDRESS_DUMPER);
        s = s.withDumper(MacAddress.class, NetworkCodecs.MACADDR_DUMPER);
        s = s.withDumper(MacAddress8.class, NetworkCodecs.MACADDR8_DUMPER);
        s = s.withDumper(BitString.class, BitStringCodec.DUMPER);
        s = s.withDumper(Money.class, MoneyCodec.DUMPER);
        s = s.withDumper(Lsn.class, NumberCodecs.LSN_DUMPER);
        s = s.withDumper(PgPoint.class, GeometricCodecs.POINT_DUMPER);
        s = s.withDumper(PgLine.class, GeometricCodecs.LINE_DUMPER);
        s = s.withDumper(PgLseg.class, GeometricCodecs.LSEG_DUMPER);
        s = s.withDumper(PgBox.class, GeometricCodecs.BOX_DUMPER);
        s = s.withDumper(PgPath.class, GeometricCodecs.PATH_DUMPER);
        s = s.withDumper(PgPolygon.class, GeometricCodecs.POLYGON_DUMPER);
        s = s.withDumper(PgCircle.class, GeometricCodecs.CIRCLE_DUMPER);

        s = s.withDumper(Boolean.class, NumberCodecs.BOOL_DUMPER);
        s = s.withDumper(Short.class, NumberCodecs.INT2_DUMPER);
        s = s.withDumper(Integer.class, NumberCodecs.INT4_DUMPER);
        s = s.withDumper(Long.class, NumberCodecs.INT8_DUMPER);
        s = s.withDumper(Float.class, NumberCodecs.FLOAT4_DUMPER);
        s = s.withDumper(Double.class, NumberCodecs.FLOAT8_DUMPER);
        s = s.withDumper(BigDecimal.class, NumericCodec.DECIMAL_DUMPER);
        s = s.withDumper(BigInteger.class, NumericCodec.BIGINT_DUMPER);
        s = s.withDumper(String.class, TextCodecs.STRING_DUMPER);
        s = s.withDumper(Character.class, TextCodecs.CHARACTER_DUMPER);
        s = s.withDumper(Enum.class, TextCodecs.ENUM_DUMPER);
        s = s.withDumper(byte[].class, ByteaCodec.DUMPER);
        s = s.withDumper(LocalDate.class, DateTimeCodecs.DATE_DUMPER);
        s = s.withDumper(LocalTime.class, DateTimeCodecs.TIME_DUMPER);
        s = s.withDumper(OffsetTime.class, DateTimeCodecs.TIMETZ_DUMPER);
        s = s.withDumper(LocalDateTime.class, DateTimeCodecs.TIMESTAMP_DUMPER);
        s = s.withDumper(OffsetDateTime.class, DateTimeCodecs.OFFSET_DATE_TIME_DUMPER);
        s = s.withDumper(ZonedDateTime.class, DateTimeCodecs.ZONED_DATE_TIME_DUMPER);
        s = s.withDumper(Instant.class, DateTimeCodecs.INSTANT_DUMPER);
        s = s.withDumper(Interval.class, IntervalCodec.DUMPER);
        s = s.withDumper(Duration.class, IntervalCodec.DURATION_DUMPER);
        s = s.withDumper(Period.class, IntervalCodec.PERIOD_DUMPER);
        s = s.withDumper(UUID.class, TextCodecs.UUID_DUMPER);
        s = s.withDumper(Json.class, TextCodecs.JSON_DUMPER);
        s = s.withDumper(Jsonb.class, TextCodecs.JSONB_DUMPER);
        // Arrays: Object[] stands for every array of references (Adapters.State.resolve).
        for (Class<?> c : ARRAY_CLASSES) {
            s = s.withDumper(c, ArrayDumper.REGISTERED);
        }
        s = s.withDumper(Range.class, RangeDumper.RANGE);
        s = s.withDumper(Multirange.class, RangeDumper.MULTIRANGE);
        return s;
    }

    private static Adapters.State both(Adapters.State s, int oid, Loader<?> text, Loader<?> binary) {
        // text first: a text registration drops the binary loader
        return s.withLoader(oid, Format.TEXT, text).withLoader(oid, Format.BINARY, binary);
    }
}
