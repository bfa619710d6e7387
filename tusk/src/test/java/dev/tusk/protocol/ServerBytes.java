package dev.tusk.protocol;

import dev.tusk.types.ByteSink;

/** Builds backend message bytes for fixture tests, as a server would send them. */
final class ServerBytes {
    private final ByteSink out = new ByteSink();

    private ServerBytes msg(char type, ByteSink body) {
        out.writeByte(type).writeInt(body.size() + 4).write(body.array(), 0, body.size());
        return this;
    }

    ServerBytes authOk() {
        return msg('R', new ByteSink().writeInt(0));
    }

    ServerBytes authCleartext() {
        return msg('R', new ByteSink().writeInt(3));
    }

    ServerBytes parameterStatus(String name, String value) {
        return msg('S', new ByteSink().writeCString(name).writeCString(value));
    }

    ServerBytes backendKey(int pid, int key) {
        return msg('K', new ByteSink().writeInt(pid).writeInt(key));
    }

    ServerBytes ready(char status) {
        return msg('Z', new ByteSink().writeByte(status));
    }

    ServerBytes rowDescription(String... intColumns) {
        ByteSink b = new ByteSink().writeShort(intColumns.length);
        for (String name : intColumns) {
            b.writeCString(name).writeInt(0).writeShort(0).writeInt(23).writeShort(4).writeInt(-1).writeShort(0);
        }
        return msg('T', b);
    }

    ServerBytes dataRow(String... values) {
        ByteSink b = new ByteSink().writeShort(values.length);
        for (String v : values) {
            if (v == null) {
                b.writeInt(-1);
            } else {
                byte[] bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                b.writeInt(bytes.length).write(bytes);
            }
        }
        return msg('D', b);
    }

    ServerBytes commandComplete(String tag) {
        return msg('C', new ByteSink().writeCString(tag));
    }

    ServerBytes error(String severity, String code, String message) {
        ByteSink b = new ByteSink();
        b.writeByte('S').writeCString(severity).writeByte('V').writeCString(severity)
                .writeByte('C').writeCString(code).writeByte('M').writeCString(message).writeByte(0);
        return msg('E', b);
    }

    ServerBytes notice(String message) {
        ByteSink b = new ByteSink();
        b.writeByte('S').writeCString("WARNING").writeByte('C').writeCString("01000")
                .writeByte('M').writeCString(message).writeByte(0);
        return msg('N', b);
    }

    ServerBytes notification(int pid, String channel, String payload) {
        return msg('A', new ByteSink().writeInt(pid).writeCString(channel).writeCString(payload));
    }

    ServerBytes parseComplete() {
        return msg('1', new ByteSink());
    }

    ServerBytes bindComplete() {
        return msg('2', new ByteSink());
    }

    ServerBytes noData() {
        return msg('n', new ByteSink());
    }

    ServerBytes closeComplete() {
        return msg('3', new ByteSink());
    }

    ServerBytes parameterDescription(int... oids) {
        ByteSink b = new ByteSink().writeShort(oids.length);
        for (int oid : oids) {
            b.writeInt(oid);
        }
        return msg('t', b);
    }

    ServerBytes emptyQuery() {
        return msg('I', new ByteSink());
    }

    ServerBytes copyInResponse() {
        return msg('G', new ByteSink().writeByte(0).writeShort(0));
    }

    ServerBytes raw(byte[] bytes) {
        out.write(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
