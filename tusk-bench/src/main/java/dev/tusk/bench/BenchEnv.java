package dev.tusk.bench;

import java.util.SplittableRandom;

/**
 * What every workload gets: the sizes, the server's logins, the account ids to look up, and
 * the pgbench to use as the ceiling.
 *
 * @param config  sizes and options
 * @param admin   the login that owns the data (the superuser of an embedded server)
 * @param trust   a login without password for scenario 7, or null
 * @param scram   a scram-sha-256 login for scenario 7, or null
 * @param aids    the account ids looked up, in order: one fixed sequence for every driver,
 *                so all of them read the same rows
 * @param pgbench the pgbench found, or null
 */
public record BenchEnv(BenchConfig config, Target admin, Target trust, Target scram, int[] aids, Pgbench pgbench) {

    /**
     * Draws the account ids: uniform over {@code pgbench_accounts}, as pgbench's {@code -S}.
     *
     * @param config the sizes
     * @return enough ids for the longest round
     */
    static int[] drawAids(BenchConfig config) {
        int n = Math.max(Math.max(config.sequentialQueries(), config.pipelinedQueries()),
                Math.max(config.pooledQueries(), config.batches() * config.perSync()));
        SplittableRandom random = new SplittableRandom(20240801L);
        int[] aids = new int[n];
        for (int i = 0; i < n; i++) {
            aids[i] = 1 + random.nextInt(config.accounts());
        }
        return aids;
    }

    /**
     * The i-th account id, wrapping around.
     *
     * @param i any index from 0
     * @return an id in {@code pgbench_accounts}
     */
    int aid(int i) {
        return aids[i % aids.length];
    }
}
