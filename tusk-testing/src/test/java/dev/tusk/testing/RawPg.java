package dev.tusk.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Just enough of the wire protocol to prove a real server with the expected authentication
 * setup is listening, until the core module provides a client. SCRAM is only detected, not run.
 */
final class RawPg {

    /** Authentication request codes seen, and how the exchange ended. */
    record Login(List<Integer> authCodes, boolean ready, String error) {
    }

    private RawPg() {
    }

    /** Sends an SSLRequest and returns the single response byte ('N' without SSL). */
    static int sslResponse(String host, int port) throws IOException {
        try (Socket s = connect(host, port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            int b = s.getInputStream().read();
            return b;
        }
    }

    static Login login(String host, int port, String user, String password, String database) throws IOException {
        try (Socket s = connect(host, port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.writeInt(196608);
            cstring(b, "user");
            cstring(b, user);
            cstring(b, "database");
            cstring(b, database);
            b.writeByte(0);
            out.writeInt(body.size() + 4);
            body.writeTo(out);
            out.flush();
            List<Integer> codes = new ArrayList<>();
            while (true) {
                int type = in.readUnsignedByte();
                byte[] msg = new byte[in.readInt() - 4];
                in.readFully(msg);
                if (type == 'R') {
                    int code = ((msg[0] & 0xff) << 24) | ((msg[1] & 0xff) << 16) | ((msg[2] & 0xff) << 8) | (msg[3] & 0xff);
                    codes.add(code);
                    if (code == 3) {
                        sendPassword(out, password);
                    } else if (code == 5) {
                        String inner = md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
                        byte[] salted = new byte[32 + 4];
                        System.arraycopy(inner.getBytes(StandardCharsets.US_ASCII), 0, salted, 0, 32);
                        System.arraycopy(msg, 4, salted, 32, 4);
                        sendPassword(out, "md5" + md5Hex(salted));
                    } else if (code == 10) {
                        return new Login(codes, false, null);
                    }
                } else if (type == 'E') {
                    return new Login(codes, false, errorMessage(msg));
                } else if (type == 'Z') {
                    out.write(new byte[] {'X', 0, 0, 0, 4});
                    out.flush();
                    return new Login(codes, true, null);
                }
            }
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(10000);
        return s;
    }

    private static void sendPassword(DataOutputStream out, String password) throws IOException {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        out.writeByte('p');
        out.writeInt(4 + pw.length + 1);
        out.write(pw);
        out.writeByte(0);
        out.flush();
    }

    private static String errorMessage(byte[] msg) {
        int i = 0;
        while (i < msg.length && msg[i] != 0) {
            byte field = msg[i++];
            int end = i;
            while (msg[end] != 0) {
                end++;
            }
            String value = new String(msg, i, end - i, StandardCharsets.UTF_8);
            if (field == 'M') {
                return value;
            }
            i = end + 1;
        }
        return "?";
    }

    private static void cstring(DataOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
