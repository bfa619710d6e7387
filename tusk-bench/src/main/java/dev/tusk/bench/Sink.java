package dev.tusk.bench;

/**
 * Where decoded values go so that the JIT cannot drop the work that made them: every driver
 * folds what it read into one number, published through a volatile field.
 */
final class Sink {
    private static volatile long published;

    private Sink() {
    }

    /**
     * Publishes a checksum of what a round read.
     *
     * @param checksum any number derived from every value read
     */
    static void consume(long checksum) {
        published += checksum;
    }

    /**
     * Folds one decoded value into a checksum; cheap, but it touches the value.
     *
     * @param value a decoded value, or null
     * @return a number derived from it
     */
    static long of(Object value) {
        return value == null ? 0 : value.hashCode();
    }
}
