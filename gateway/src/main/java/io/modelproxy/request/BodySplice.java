package io.modelproxy.request;

import java.util.Comparator;
import java.util.List;

/** The bytes {@code [start, end)} of a body replaced by {@code bytes} (an insertion where start is end). */
record BodySplice(int start, int end, byte[] bytes) {

    /** {@code body} with every splice made, in one copy; the splices must not overlap. */
    static byte[] apply(byte[] body, List<BodySplice> splices) {
        splices.sort(Comparator.comparingInt(BodySplice::start));
        int size = body.length;
        for (BodySplice e : splices) {
            size += e.bytes().length - (e.end() - e.start());
        }
        byte[] out = new byte[size];
        int src = 0;
        int dst = 0;
        for (BodySplice e : splices) {
            System.arraycopy(body, src, out, dst, e.start() - src);
            dst += e.start() - src;
            System.arraycopy(e.bytes(), 0, out, dst, e.bytes().length);
            dst += e.bytes().length;
            src = e.end();
        }
        System.arraycopy(body, src, out, dst, body.length - src);
        return out;
    }
}
