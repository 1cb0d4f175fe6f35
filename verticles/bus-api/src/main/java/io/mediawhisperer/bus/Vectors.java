package io.mediawhisperer.bus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Vectors on the bus: little-endian float32, base64 — exact, and a quarter the size of JSON numbers. */
public final class Vectors {

  private Vectors() {
  }

  public static String encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  public static float[] decode(String base64) {
    return decode(Base64.getDecoder().decode(base64));
  }

  /** The vector of {@code raw}, little-endian float32 (a vector's bytes as stored, e.g. in retrieval's embedding cache). */
  public static float[] decode(byte[] raw) {
    if (raw.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("a vector must be a whole number of float32 values");
    }
    float[] vector = new float[raw.length / Float.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
