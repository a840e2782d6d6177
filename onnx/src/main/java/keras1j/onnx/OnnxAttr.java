package keras1j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;

/** Typed factories for node attributes. Stateless. */
final class OnnxAttr {
    private OnnxAttr() {
    }

    static AttributeProto i(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    static AttributeProto f(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto s(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (int v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** The INTS attribute {@code name} of {@code attrs} as ints, or {@code null} if absent. */
    static int[] intsOf(java.util.List<AttributeProto> attrs, String name) {
        for (AttributeProto a : attrs) {
            if (a.getName().equals(name)) {
                int[] out = new int[a.getIntsCount()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = Math.toIntExact(a.getInts(k));
                }
                return out;
            }
        }
        return null;
    }

    /** The INT attribute {@code name} of {@code attrs}, or {@code fallback} if absent. */
    static long intOf(java.util.List<AttributeProto> attrs, String name, long fallback) {
        for (AttributeProto a : attrs) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return fallback;
    }
}
