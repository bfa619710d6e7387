package dev.tusk;

/** Reads {@code server_version} ("17.6", "16beta1", "15.4 (Debian 15.4-1)") as libpq's number. */
final class ServerVersion {
    private ServerVersion() {
    }

    static int parse(String v) {
        if (v == null) {
            return 0;
        }
        int i = 0;
        int[] parts = new int[3];
        int n = 0;
        while (n < 3) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            parts[n++] = Integer.parseInt(v.substring(start, i));
            if (i >= v.length() || v.charAt(i) != '.') {
                break;
            }
            i++;
        }
        if (n == 0) {
            return 0;
        }
        // From version 10 the number is major * 10000 + minor; before, major.minor.patch.
        return parts[0] >= 10 ? parts[0] * 10000 + parts[1] : parts[0] * 10000 + parts[1] * 100 + parts[2];
    }
}
