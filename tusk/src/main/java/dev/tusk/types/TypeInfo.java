package dev.tusk.types;

import dev.tusk.errors.InterfaceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the catalog says about one type (psycopg 3's {@code TypeInfo}): its OIDs, its kind,
 * and what the kind adds — an enum's labels, a composite's fields, a domain's base type, a
 * range's subtype. Fetched with {@code Connection.typeInfo(name)} (one catalog query), then
 * handed to {@link Adapters}' {@code register...} methods, which need no more queries.
 *
 * <pre>{@code
 * TypeInfo mood = conn.typeInfo("mood");        // CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')
 * mood.kind();                                  // ENUM
 * mood.labels();                                // [sad, ok, happy]
 * conn.adapters().registerEnum(mood, Mood.class);
 * }</pre>
 *
 * <p>OIDs of user-defined and extension types differ between databases: fetch the info on a
 * connection to the database it is used with.
 *
 * @param name          {@code pg_type.typname}, e.g. {@code mood}, {@code int4}
 * @param sqlName       the name as a cast reads it ({@code ::regtype::text}): schema-qualified
 *                      when not on the search path, quoted when needed, e.g. {@code integer},
 *                      {@code shop."Mood"}; dumpers put it in literals
 * @param oid           the type's OID
 * @param arrayOid      its array type's OID ({@code typarray}); 0 when it has none
 * @param kind          what kind of type it is ({@code typtype})
 * @param delimiter     between elements in its arrays' text form ({@code typdelim}), usually {@code ,}
 * @param labels        an enum's labels in their sort order; empty for other kinds
 * @param fields        a composite's fields in order, dropped columns left out; empty for other kinds
 * @param baseOid       a domain's base type ({@code typbasetype}); 0 for other kinds
 * @param rangeSubtype  a range's subtype ({@code pg_range.rngsubtype}); 0 for other kinds
 * @param multirangeOid a range's multirange type (PostgreSQL 14+); 0 for other kinds or servers
 */
public record TypeInfo(String name, String sqlName, int oid, int arrayOid, Kind kind, char delimiter,
        List<String> labels, List<Field> fields, int baseOid, int rangeSubtype, int multirangeOid) {

    /** The columns {@link #fromCatalogRow} reads, for any filter on {@code pg_type t}. */
    private static final String SELECT = "SELECT t.typname, t.oid::pg_catalog.regtype::text, t.oid, t.typarray,"
            + " t.typtype, t.typdelim, t.typbasetype, r.rngsubtype, %s,"
            + " ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid"
            + " ORDER BY e.enumsortorder),"
            + " ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),"
            + " ARRAY(SELECT a.atttypid FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)"
            + " FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid WHERE ";
    private static final int COLUMNS = 12;
    private static final Loader<PgArray> TEXT_ARRAY = ArrayText.loader(Adapters.TEXT_STRING, ',');

    /**
     * The kind of a type, from {@code pg_type.typtype}.
     */
    public enum Kind {
        /** A base (scalar) type: {@code int4}, {@code hstore}, ... ({@code b}). */
        BASE,
        /** A composite (row) type, of a table or of {@code CREATE TYPE ... AS (...)} ({@code c}). */
        COMPOSITE,
        /** A domain over another type ({@code d}). */
        DOMAIN,
        /** An enum ({@code e}). */
        ENUM,
        /** A pseudo-type: {@code record}, {@code void}, {@code anyelement}, ... ({@code p}). */
        PSEUDO,
        /** A range type ({@code r}). */
        RANGE,
        /** A multirange type, PostgreSQL 14+ ({@code m}). */
        MULTIRANGE;

        /**
         * The kind of a {@code typtype} code.
         *
         * @param typtype {@code b}, {@code c}, {@code d}, {@code e}, {@code p}, {@code r} or {@code m}
         * @return the kind
         * @throws IllegalArgumentException for another code
         */
        public static Kind of(char typtype) {
            return switch (typtype) {
                case 'b' -> BASE;
                case 'c' -> COMPOSITE;
                case 'd' -> DOMAIN;
                case 'e' -> ENUM;
                case 'p' -> PSEUDO;
                case 'r' -> RANGE;
                case 'm' -> MULTIRANGE;
                default -> throw new IllegalArgumentException("unknown typtype '" + typtype + "'");
            };
        }
    }

    /**
     * One field of a composite type.
     *
     * @param name    the field's name ({@code attname})
     * @param typeOid its type's OID ({@code atttypid}); a domain's own OID for a domain field
     */
    public record Field(String name, int typeOid) {
        /**
         * Checks the name.
         *
         * @param name    the field's name
         * @param typeOid its type's OID
         */
        public Field {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Checks and copies the parts.
     *
     * @param name          {@code typname}
     * @param sqlName       the name a cast reads
     * @param oid           the type's OID
     * @param arrayOid      its array type's OID, or 0
     * @param kind          its kind
     * @param delimiter     its arrays' element delimiter
     * @param labels        an enum's labels
     * @param fields        a composite's fields
     * @param baseOid       a domain's base type, or 0
     * @param rangeSubtype  a range's subtype, or 0
     * @param multirangeOid a range's multirange type, or 0
     */
    public TypeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sqlName, "sqlName");
        Objects.requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
        fields = List.copyOf(fields);
    }

    /**
     * The query that finds one type by name, as {@code 'name'::regtype} resolves it (search
     * path, schema-qualified names, SQL spellings such as {@code integer}): one row, in the
     * columns {@link #fromCatalogRow} reads, or no row when there is no such type. For
     * connection implementations; applications call {@code Connection.typeInfo(name)}.
     *
     * @param name          the type's name, possibly schema-qualified
     * @param serverVersion the server version number (for the catalog's columns), e.g. 170000
     * @return the query, with the name inlined as a literal
     */
    public static String fetchQuery(String name, int serverVersion) {
        return select(serverVersion) + "t.oid = pg_catalog.to_regtype(" + Literals.quoteString(name) + ")";
    }

    /**
     * The query that finds the types that extensions named after them define in their schema
     * ({@code hstore} of the {@code hstore} extension, ...): a row per installed one, in the
     * columns {@link #fromCatalogRow} reads. For connection implementations.
     *
     * @param serverVersion the server version number
     * @param extensions    the extensions' names
     * @return the query
     */
    public static String extensionTypesQuery(int serverVersion, String... extensions) {
        StringBuilder names = new StringBuilder();
        for (String e : extensions) {
            names.append(names.length() == 0 ? "" : ", ").append(Literals.quoteString(e));
        }
        return select(serverVersion) + "t.oid IN (SELECT x.oid FROM pg_catalog.pg_extension e"
                + " JOIN pg_catalog.pg_type x ON x.typname = e.extname AND x.typnamespace = e.extnamespace"
                + " WHERE e.extname IN (" + names + "))";
    }

    private static String select(int serverVersion) {
        // pg_range.rngmultitypid came with multiranges in PostgreSQL 14
        return String.format(SELECT, serverVersion >= 140000 ? "r.rngmultitypid" : "NULL::pg_catalog.oid");
    }

    /**
     * Reads a row of {@link #fetchQuery} or {@link #extensionTypesQuery}, its values in text
     * format ({@code null} for NULL). For connection implementations.
     *
     * @param columns the row's values
     * @return the type's info
     * @throws InterfaceException if the row is not one of those queries'
     */
    public static TypeInfo fromCatalogRow(List<String> columns) {
        if (columns.size() != COLUMNS) {
            throw new InterfaceException("a pg_type row for TypeInfo has " + COLUMNS + " columns, not " + columns.size());
        }
        try {
            List<String> fieldNames = strings(columns.get(10));
            List<String> fieldTypes = strings(columns.get(11));
            List<Field> fields = new ArrayList<>(fieldNames.size());
            for (int i = 0; i < fieldNames.size(); i++) {
                fields.add(new Field(fieldNames.get(i), oid(fieldTypes.get(i))));
            }
            return new TypeInfo(columns.get(0), columns.get(1), oid(columns.get(2)), oid(columns.get(3)),
                    Kind.of(columns.get(4).charAt(0)), columns.get(5).charAt(0), strings(columns.get(9)), fields,
                    oid(columns.get(6)), oid(columns.get(7)), oid(columns.get(8)));
        } catch (RuntimeException e) {
            throw new InterfaceException("unexpected pg_type row for TypeInfo: " + columns, e);
        }
    }

    /** An OID in text, unsigned; NULL (no such row in an outer join) is 0. */
    private static int oid(String s) {
        return s == null ? 0 : (int) Long.parseLong(s);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(String textArray) {
        byte[] b = textArray.getBytes(StandardCharsets.UTF_8);
        return (List<String>) (List<?>) TEXT_ARRAY.load(b, 0, b.length, LoadContext.UTC);
    }

    /**
     * The field of a composite type with this name.
     *
     * @param field the name
     * @return its position, or -1 when there is no such field
     */
    public int fieldIndex(String field) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(field)) {
                return i;
            }
        }
        return -1;
    }
}
