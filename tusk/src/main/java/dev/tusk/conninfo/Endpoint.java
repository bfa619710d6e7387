package dev.tusk.conninfo;

/**
 * One place to connect to: a TCP host and port, or a Unix-socket directory (a host starting
 * with {@code /}) and the port that names the socket file.
 *
 * @param host     host name, IP address or socket directory
 * @param hostaddr numeric address to connect to instead of resolving {@code host}, or {@code null}
 * @param port     the port
 */
public record Endpoint(String host, String hostaddr, int port) {

    /**
     * Whether this is a Unix-domain socket.
     *
     * @return true when {@code host} is a directory path and no {@code hostaddr} is given
     */
    public boolean isUnixSocket() {
        return hostaddr == null && host.startsWith("/");
    }

    /**
     * The socket file, {@code <dir>/.s.PGSQL.<port>}.
     *
     * @return the path
     */
    public String socketPath() {
        return (host.endsWith("/") ? host : host + "/") + ".s.PGSQL." + port;
    }
}
