package dev.tusk.types;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code money}: loaders for both formats (to {@link BigDecimal}) and the {@link Money}
 * dumper. The binary form is an int8 count of the locale's smallest unit; the text form is
 * {@code lc_monetary}'s ({@code -$1,234.56} in {@code C} and {@code en_US}). Both are read
 * assuming two fraction digits and a {@code .} decimal point, as {@link Money} documents.
 */
final class MoneyCodec {
    private MoneyCodec() {
    }

    /** Scale of the binary form: the fraction digits of the {@code C} and {@code en_US} locales. */
    private static final int SCALE = 2;

    static final Loader<BigDecimal> BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "money");
        return BigDecimal.valueOf(Bytes.getLong(b, off), SCALE);
    };

    /**
     * Keeps the digits and the decimal point; a {@code -} or an opening parenthesis anywhere
     * makes the amount negative. Currency symbols, group separators and spaces are skipped.
     */
    static final Loader<BigDecimal> TEXT = (b, off, len, ctx) -> {
        StringBuilder digits = new StringBuilder(len);
        boolean negative = false;
        int scale = -1;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (Bytes.digit(c) >= 0) {
                digits.append((char) c);
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else if (c == '-' || c == '(') {
                negative = true;
            } else if (c == '.') {
                throw Bytes.bad("money", b, off, len);
            }
        }
        if (digits.length() == 0) {
            throw Bytes.bad("money", b, off, len);
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        return new BigDecimal(negative ? unscaled.negate() : unscaled, Math.max(scale, 0));
    };

    static final Dumper<Money> DUMPER = new SimpleDumper<>(Oids.MONEY, Format.TEXT,
            (v, out) -> out.writeUtf8(v.toString()), v -> "'" + v + "'::numeric::money");
}
