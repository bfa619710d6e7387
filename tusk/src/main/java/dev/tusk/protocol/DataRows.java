package dev.tusk.protocol;

/**
 * Reads columns out of a {@link BackendMessage.DataRow} body. The decoder has validated the
 * layout, so these reads need no further checks.
 */
public final class DataRows {
    private DataRows() {
    }

    /**
     * The number of columns in a row.
     *
     * @param body the row body
     * @return the column count
     */
    public static int columnCount(byte[] body) {
        return ((body[0] & 0xff) << 8) | (body[1] & 0xff);
    }

    /**
     * Computes where each column's value starts and how long it is.
     *
     * @param body    the row body
     * @param offsets receives each value's start position (length {@code >= columnCount})
     * @param lengths receives each value's length, -1 for NULL
     */
    public static void index(byte[] body, int[] offsets, int[] lengths) {
        int n = columnCount(body);
        int pos = 2;
        for (int i = 0; i < n; i++) {
            int len = readInt(body, pos);
            pos += 4;
            offsets[i] = pos;
            lengths[i] = len;
            if (len > 0) {
                pos += len;
            }
        }
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
