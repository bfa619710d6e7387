package dev.tusk.types;

/**
 * Which type is the array of which element type, and the delimiter between elements in the
 * array's text form ({@code pg_type.typarray} and {@code typdelim}). Immutable: a scope of
 * {@link Adapters} holds one and replaces it when an array type is registered.
 */
final class ArrayTypes {

    /**
     * One array type.
     *
     * @param arrayOid   the array type's OID, e.g. 1007 for {@code int4[]}
     * @param elementOid its element type's OID, e.g. 23 for {@code int4}
     * @param delimiter  between elements in the text form: {@code ,} except {@code ;} for {@code box}
     */
    record ArrayType(int arrayOid, int elementOid, char delimiter) {
    }

    /**
     * Element OID, array OID: every built-in type with an array type whose OID is fixed
     * ({@code SELECT oid, typarray FROM pg_type WHERE typarray BETWEEN 1 AND 9999}; the
     * arrays of a few catalogs' row types get OIDs from 10000 up that may change between
     * versions and are left out). Checked against the server by {@code ArraysTest}.
     */
    private static final int[] BUILTIN = {
        16, 1000, // bool
        17, 1001, // bytea
        18, 1002, // char
        19, 1003, // name
        20, 1016, // int8
        21, 1005, // int2
        22, 1006, // int2vector
        23, 1007, // int4
        24, 1008, // regproc
        25, 1009, // text
        26, 1028, // oid
        27, 1010, // tid
        28, 1011, // xid
        29, 1012, // cid
        30, 1013, // oidvector
        71, 210, // pg_type
        75, 270, // pg_attribute
        81, 272, // pg_proc
        83, 273, // pg_class
        114, 199, // json
        142, 143, // xml
        600, 1017, // point
        601, 1018, // lseg
        602, 1019, // path
        603, 1020, // box
        604, 1027, // polygon
        628, 629, // line
        650, 651, // cidr
        700, 1021, // float4
        701, 1022, // float8
        718, 719, // circle
        774, 775, // macaddr8
        790, 791, // money
        829, 1040, // macaddr
        869, 1041, // inet
        1033, 1034, // aclitem
        1042, 1014, // bpchar
        1043, 1015, // varchar
        1082, 1182, // date
        1083, 1183, // time
        1114, 1115, // timestamp
        1184, 1185, // timestamptz
        1186, 1187, // interval
        1266, 1270, // timetz
        1560, 1561, // bit
        1562, 1563, // varbit
        1700, 1231, // numeric
        1790, 2201, // refcursor
        2202, 2207, // regprocedure
        2203, 2208, // regoper
        2204, 2209, // regoperator
        2205, 2210, // regclass
        2206, 2211, // regtype
        2249, 2287, // record
        2275, 1263, // cstring
        2950, 2951, // uuid
        2970, 2949, // txid_snapshot
        3220, 3221, // pg_lsn
        3614, 3643, // tsvector
        3615, 3645, // tsquery
        3642, 3644, // gtsvector
        3734, 3735, // regconfig
        3769, 3770, // regdictionary
        3802, 3807, // jsonb
        3904, 3905, // int4range
        3906, 3907, // numrange
        3908, 3909, // tsrange
        3910, 3911, // tstzrange
        3912, 3913, // daterange
        3926, 3927, // int8range
        4072, 4073, // jsonpath
        4089, 4090, // regnamespace
        4096, 4097, // regrole
        4191, 4192, // regcollation
        4451, 6150, // int4multirange
        4532, 6151, // nummultirange
        4533, 6152, // tsmultirange
        4534, 6153, // tstzmultirange
        4535, 6155, // datemultirange
        4536, 6157, // int8multirange
        5038, 5039, // pg_snapshot
        5069, 271, // xid8
    };

    /** The built-in array types. */
    static final ArrayTypes BUILTINS = builtins();

    private final IntMap<ArrayType> byArray;
    private final IntMap<ArrayType> byElement;

    private ArrayTypes(IntMap<ArrayType> byArray, IntMap<ArrayType> byElement) {
        this.byArray = byArray;
        this.byElement = byElement;
    }

    private static ArrayTypes builtins() {
        ArrayTypes t = new ArrayTypes(IntMap.empty(), IntMap.empty());
        for (int i = 0; i < BUILTIN.length; i += 2) {
            char delimiter = BUILTIN[i] == Oids.BOX ? ';' : ',';
            t = t.with(new ArrayType(BUILTIN[i + 1], BUILTIN[i], delimiter));
        }
        return t;
    }

    /** The array type with this OID, or {@code null} if the OID is not an array type's. */
    ArrayType ofArray(int arrayOid) {
        return byArray.get(arrayOid);
    }

    /** The array type of this element type, or {@code null} if none is known. */
    ArrayType ofElement(int elementOid) {
        return byElement.get(elementOid);
    }

    /** A copy that knows {@code type}, forgetting what it replaces on either side. */
    ArrayTypes with(ArrayType type) {
        IntMap<ArrayType> arrays = byArray;
        IntMap<ArrayType> elements = byElement;
        ArrayType old = arrays.get(type.arrayOid());
        if (old != null) {
            elements = elements.without(old.elementOid());
        }
        old = elements.get(type.elementOid());
        if (old != null) {
            arrays = arrays.without(old.arrayOid());
        }
        return new ArrayTypes(arrays.with(type.arrayOid(), type), elements.with(type.elementOid(), type));
    }

    /** The built-in element/array OID pairs, for the test that checks them against the server. */
    static int[] builtinPairs() {
        return BUILTIN.clone();
    }
}
