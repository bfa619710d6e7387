package dev.tusk.types;

/**
 * OIDs of PostgreSQL's built-in types (from {@code pg_type.dat}); they are fixed across
 * server versions.
 */
public final class Oids {
    private Oids() {
    }

    /** Let the server infer the type. */
    public static final int UNSPECIFIED = 0;
    /** {@code bool}. */
    public static final int BOOL = 16;
    /** {@code bytea}. */
    public static final int BYTEA = 17;
    /** {@code "char"}. */
    public static final int CHAR = 18;
    /** {@code name}. */
    public static final int NAME = 19;
    /** {@code int8}. */
    public static final int INT8 = 20;
    /** {@code int2}. */
    public static final int INT2 = 21;
    /** {@code int4}. */
    public static final int INT4 = 23;
    /** {@code text}. */
    public static final int TEXT = 25;
    /** {@code oid}. */
    public static final int OID = 26;
    /** {@code json}. */
    public static final int JSON = 114;
    /** {@code float4}. */
    public static final int FLOAT4 = 700;
    /** {@code float8}. */
    public static final int FLOAT8 = 701;
    /** {@code unknown}. */
    public static final int UNKNOWN = 705;
    /** {@code bpchar}. */
    public static final int BPCHAR = 1042;
    /** {@code varchar}. */
    public static final int VARCHAR = 1043;
    /** {@code date}. */
    public static final int DATE = 1082;
    /** {@code time}. */
    public static final int TIME = 1083;
    /** {@code timestamp}. */
    public static final int TIMESTAMP = 1114;
    /** {@code timestamptz}. */
    public static final int TIMESTAMPTZ = 1184;
    /** {@code interval}. */
    public static final int INTERVAL = 1186;
    /** {@code timetz}. */
    public static final int TIMETZ = 1266;
    /** {@code numeric}. */
    public static final int NUMERIC = 1700;
    /** {@code uuid}. */
    public static final int UUID = 2950;
    /** {@code jsonb}. */
    public static final int JSONB = 3802;

    /** {@code int4range}. */
    public static final int INT4RANGE = 3904;
    /** {@code numrange}. */
    public static final int NUMRANGE = 3906;
    /** {@code tsrange}. */
    public static final int TSRANGE = 3908;
    /** {@code tstzrange}. */
    public static final int TSTZRANGE = 3910;
    /** {@code daterange}. */
    public static final int DATERANGE = 3912;
    /** {@code int8range}. */
    public static final int INT8RANGE = 3926;
    /** {@code int4multirange}. */
    public static final int INT4MULTIRANGE = 4451;
    /** {@code nummultirange}. */
    public static final int NUMMULTIRANGE = 4532;
    /** {@code tsmultirange}. */
    public static final int TSMULTIRANGE = 4533;
    /** {@code tstzmultirange}. */
    public static final int TSTZMULTIRANGE = 4534;
    /** {@code datemultirange}. */
    public static final int DATEMULTIRANGE = 4535;
    /** {@code int8multirange}. */
    public static final int INT8MULTIRANGE = 4536;

    /** {@code regproc}. */
    public static final int REGPROC = 24;
    /** {@code xid}. */
    public static final int XID = 28;
    /** {@code cid}. */
    public static final int CID = 29;
    /** {@code regprocedure}. */
    public static final int REGPROCEDURE = 2202;
    /** {@code regoper}. */
    public static final int REGOPER = 2203;
    /** {@code regoperator}. */
    public static final int REGOPERATOR = 2204;
    /** {@code regclass}. */
    public static final int REGCLASS = 2205;
    /** {@code regtype}. */
    public static final int REGTYPE = 2206;
    /** {@code void}. */
    public static final int VOID = 2278;
    /** {@code regconfig}. */
    public static final int REGCONFIG = 3734;
    /** {@code regdictionary}. */
    public static final int REGDICTIONARY = 3769;
    /** {@code regnamespace}. */
    public static final int REGNAMESPACE = 4089;
    /** {@code regrole}. */
    public static final int REGROLE = 4096;
    /** {@code regcollation}. */
    public static final int REGCOLLATION = 4191;
    /** {@code xid8}. */
    public static final int XID8 = 5069;

    /** {@code macaddr8}. */
    public static final int MACADDR8 = 774;
    /** {@code bit}. */
    public static final int BIT = 1560;
    /** {@code varbit} ({@code bit varying}). */
    public static final int VARBIT = 1562;
    /** {@code pg_lsn}. */
    public static final int PG_LSN = 3220;
    /** {@code tsvector}. */
    public static final int TSVECTOR = 3614;
    /** {@code tsquery}. */
    public static final int TSQUERY = 3615;

    /** {@code point}. */
    public static final int POINT = 600;
    /** {@code lseg}. */
    public static final int LSEG = 601;
    /** {@code path}. */
    public static final int PATH = 602;
    /** {@code box}. */
    public static final int BOX = 603;
    /** {@code polygon}. */
    public static final int POLYGON = 604;
    /** {@code line}. */
    public static final int LINE = 628;
    /** {@code circle}. */
    public static final int CIRCLE = 718;
    /** {@code cidr}. */
    public static final int CIDR = 650;
    /** {@code inet}. */
    public static final int INET = 869;
    /** {@code macaddr}. */
    public static final int MACADDR = 829;
    /** {@code money}. */
    public static final int MONEY = 790;
    /** {@code xml}. */
    public static final int XML = 142;

    /**
     * The SQL name of a built-in type, for casts in literals: {@code int4}, {@code int4[]}.
     *
     * @param oid the type OID
     * @return the name, or {@code null} if this class does not know the type
     */
    public static String name(int oid) {
        return switch (oid) {
            case BOOL -> "bool";
            case BYTEA -> "bytea";
            case CHAR -> "\"char\"";
            case NAME -> "name";
            case INT8 -> "int8";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case TEXT -> "text";
            case OID -> "oid";
            case JSON -> "json";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            case BPCHAR -> "bpchar";
            case VARCHAR -> "varchar";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case INTERVAL -> "interval";
            case TIMETZ -> "timetz";
            case NUMERIC -> "numeric";
            case UNKNOWN -> "unknown";
            case UUID -> "uuid";
            case JSONB -> "jsonb";
            case INT4RANGE -> "int4range";
            case NUMRANGE -> "numrange";
            case TSRANGE -> "tsrange";
            case TSTZRANGE -> "tstzrange";
            case DATERANGE -> "daterange";
            case INT8RANGE -> "int8range";
            case INT4MULTIRANGE -> "int4multirange";
            case NUMMULTIRANGE -> "nummultirange";
            case TSMULTIRANGE -> "tsmultirange";
            case TSTZMULTIRANGE -> "tstzmultirange";
            case DATEMULTIRANGE -> "datemultirange";
            case INT8MULTIRANGE -> "int8multirange";
            case REGPROC -> "regproc";
            case XID -> "xid";
            case CID -> "cid";
            case REGPROCEDURE -> "regprocedure";
            case REGOPER -> "regoper";
            case REGOPERATOR -> "regoperator";
            case REGCLASS -> "regclass";
            case REGTYPE -> "regtype";
            case VOID -> "void";
            case REGCONFIG -> "regconfig";
            case REGDICTIONARY -> "regdictionary";
            case REGNAMESPACE -> "regnamespace";
            case REGROLE -> "regrole";
            case REGCOLLATION -> "regcollation";
            case XID8 -> "xid8";
            case MACADDR8 -> "macaddr8";
            case BIT -> "bit";
            case VARBIT -> "varbit";
            case PG_LSN -> "pg_lsn";
            case TSVECTOR -> "tsvector";
            case TSQUERY -> "tsquery";
            case POINT -> "point";
            case LSEG -> "lseg";
            case PATH -> "path";
            case BOX -> "box";
            case POLYGON -> "polygon";
            case LINE -> "line";
            case CIRCLE -> "circle";
            case CIDR -> "cidr";
            case INET -> "inet";
            case MACADDR -> "macaddr";
            case MONEY -> "money";
            case XML -> "xml";
            default -> arrayName(oid);
        };
    }

    /** {@code int4[]} for a built-in array type whose element type this class names. */
    private static String arrayName(int oid) {
        ArrayTypes.ArrayType t = ArrayTypes.BUILTINS.ofArray(oid);
        String element = t == null ? null : name(t.elementOid());
        return element == null ? null : element + "[]";
    }
}
