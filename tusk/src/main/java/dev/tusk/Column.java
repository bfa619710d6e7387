package dev.tusk;

import dev.tusk.protocol.BackendMessage.Field;
import dev.tusk.types.Oids;

/**
 * One column of a result (DB-API {@code cursor.description} entries, psycopg's
 * {@code Column}). Size facts PostgreSQL does not report are {@code null}.
 *
 * <pre>{@code
 * cur.execute("SELECT NULL::point");
 * int pointOid = cur.description().get(0).typeCode();   // 600
 * }</pre>
 *
 * @param name         the column name
 * @param typeCode     the type OID
 * @param displaySize  characters needed to show it, for {@code varchar(n)}, {@code char(n)} and {@code numeric(p,s)}
 * @param internalSize the type's storage size in bytes, {@code null} for variable-size types
 * @param precision    precision of {@code numeric}, time and bit types with a modifier
 * @param scale        scale of {@code numeric} with a modifier
 * @param nullOk       whether NULLs may appear; always {@code null}: the protocol does not say
 */
public record Column(String name, int typeCode, Integer displaySize, Integer internalSize,
                     Integer precision, Integer scale, Boolean nullOk) {

    static Column of(Field f) {
        int oid = f.typeOid();
        int mod = f.typeModifier();
        Integer internal = f.typeSize() > 0 ? f.typeSize() : null;
        Integer display = null;
        Integer precision = null;
        Integer scale = null;
        switch (oid) {
            case Oids.BPCHAR, Oids.VARCHAR -> display = mod >= 4 ? mod - 4 : null;
            case Oids.NUMERIC -> {
                if (mod >= 4) {
                    precision = ((mod - 4) >> 16) & 0xffff;
                    scale = (mod - 4) & 0xffff;
                    display = precision + (scale > 0 ? 2 : 1);
                }
            }
            case Oids.TIME, Oids.TIMETZ, Oids.TIMESTAMP, Oids.TIMESTAMPTZ, Oids.INTERVAL, 1560, 1562 ->
                    precision = mod >= 0 ? mod & 0xffff : null;
            default -> { }
        }
        return new Column(f.name(), oid, display, internal, precision, scale, null);
    }
}
